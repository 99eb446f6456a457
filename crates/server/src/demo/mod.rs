//! The demo county (DESIGN "Demo data"): a city with three sub-centres, a county with 16 towns
//! and their villages, a district, departments, schools and party schools; cadres with
//! realistic names, valid ID numbers, ranks and categories; one account per role. The same
//! generator with `--size` makes a province for benchmarks. Seeded, so every run makes the same
//! county — except the accounts' passwords, drawn from the operating system's generator so that
//! no two installs share them (issue 14 item 7).

use crate::app::App;
use crate::app::accounts::{AccountInput, GrantInput, create_unchecked};
use chrono::{Datelike, NaiveDate};
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::people::idcard::check_digit;
use ganxun_domain::{
    Category, Education, IdCardNumber, PersonName, Phone, Rank, UnitCode, UnitType,
};
use ganxun_storage::org::{NewUnit, create_unit};
use ganxun_storage::people::{NewPerson, bulk_load};
use ganxun_storage::{AccessScope, Actor};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

mod classes;
mod learning;
mod pool;
mod training;

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红文斌志辉鹏飞宇浩玲婷雪梅琳晨欣怡思雨佳博俊峰海波亮林凯坤瑞春燕秋菊德荣光宏永成立新";

/// A unit the generator made, with what its people look like.
#[derive(Debug, Clone)]
struct DemoUnit {
    id: UnitId,
    kind: UnitType,
    name: String,
}

/// What `demo` made, for the printed summary.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub units: usize,
    pub people: usize,
    /// (username, role label, first-login password)
    pub accounts: Vec<(String, String, String)>,
    /// Classes made for the demo year.
    pub classes: usize,
}

fn pick(rng: &mut StdRng, text: &str) -> char {
    let chars: Vec<char> = text.chars().collect();
    chars[rng.gen_range(0..chars.len())]
}

fn name(rng: &mut StdRng) -> String {
    let mut name = String::new();
    name.push(pick(rng, SURNAMES));
    name.push(pick(rng, GIVEN));
    if rng.gen_bool(0.6) {
        name.push(pick(rng, GIVEN));
    }
    name
}

/// A valid ID number for a birth date, sex and a serial that keeps numbers unique.
fn id_card(region: u32, birth: NaiveDate, male: bool, serial: u64) -> IdCardNumber {
    // Three order digits (sex in the last); the region varies with the serial for uniqueness.
    let region = region + u32::try_from(serial / 500).unwrap_or(0);
    let order = (serial % 500) * 2 + u64::from(male);
    let first17 = format!("{region:06}{}{order:03}", birth.format("%Y%m%d"));
    let check = check_digit(&first17).unwrap_or('0');
    IdCardNumber::parse(&format!("{first17}{check}")).expect("generated ID numbers are valid")
}

struct Tree {
    units: Vec<DemoUnit>,
}

async fn unit(
    app: &App,
    actor: &Actor,
    tree: &mut Tree,
    parent: Option<UnitId>,
    code: &str,
    name: &str,
    kind: UnitType,
) -> anyhow::Result<UnitId> {
    let created = create_unit(
        &app.db,
        actor,
        app.now(),
        &AccessScope::everything(),
        NewUnit {
            code: UnitCode::parse(code)?,
            name: name.to_owned(),
            unit_type: kind,
            parent_id: parent,
            sort_order: tree.units.len() as i32,
        },
    )
    .await?;
    tree.units.push(DemoUnit {
        id: created.id,
        kind,
        name: name.to_owned(),
    });
    Ok(created.id)
}

const TOWNS: [&str; 16] = [
    "沙湖镇",
    "杨林尾镇",
    "彭场镇",
    "张沟镇",
    "郭河镇",
    "沔城镇",
    "通海口镇",
    "陈场镇",
    "毛嘴镇",
    "剅河镇",
    "三伏潭镇",
    "胡场镇",
    "长埫口镇",
    "西流河镇",
    "龙华山街道",
    "干河街道",
];

/// Builds the organisation tree: 4 + 16 towns × 6 villages + departments + schools ≈ 140 units,
/// more counties when `counties > 1` (province-sized runs).
async fn build_tree(app: &App, actor: &Actor, counties: usize) -> anyhow::Result<Tree> {
    let mut tree = Tree { units: Vec::new() };
    let city = unit(app, actor, &mut tree, None, "SF", "示范市", UnitType::City).await?;
    for (code, name, kind) in [
        ("SF-ZZB", "市委组织部", UnitType::OrganisationDepartment),
        ("SF-JYJ", "市教育局", UnitType::Department),
        ("SF-FL", "市妇联", UnitType::Department),
        ("SF-CZJ", "市财政局", UnitType::Department),
    ] {
        unit(app, actor, &mut tree, Some(city), code, name, kind).await?;
    }
    unit(
        app,
        actor,
        &mut tree,
        Some(city),
        "SF-DX",
        "市委党校",
        UnitType::PartySchool,
    )
    .await?;
    for (code, name) in [
        ("SF-FZX-E", "东片区分中心"),
        ("SF-FZX-W", "西片区分中心"),
        ("SF-FZX-S", "南片区分中心"),
    ] {
        unit(
            app,
            actor,
            &mut tree,
            Some(city),
            code,
            name,
            UnitType::SubCentre,
        )
        .await?;
    }
    for c in 0..counties {
        let (prefix, county_name) = if c == 0 {
            ("SFX".to_owned(), "示范县".to_owned())
        } else {
            (format!("X{c:03}"), format!("第{c}县"))
        };
        let county = unit(
            app,
            actor,
            &mut tree,
            Some(city),
            &prefix,
            &county_name,
            UnitType::County,
        )
        .await?;
        for (suffix, name, kind) in [
            ("ZZB", "县委组织部", UnitType::OrganisationDepartment),
            ("JYJ", "县教育局", UnitType::Department),
            ("FL", "县妇联", UnitType::Department),
            ("RSJ", "县人社局", UnitType::Department),
            ("DX", "县委党校", UnitType::PartySchool),
        ] {
            let department = unit(
                app,
                actor,
                &mut tree,
                Some(county),
                &format!("{prefix}-{suffix}"),
                &format!("{county_name}{}", &name[3..]),
                kind,
            )
            .await?;
            // The bureau's personnel office decides leave for the bureau's classes.
            if suffix == "JYJ" {
                unit(
                    app,
                    actor,
                    &mut tree,
                    Some(department),
                    &format!("{prefix}-JYJ-RSK"),
                    &format!("{county_name}教育局人事科"),
                    UnitType::Department,
                )
                .await?;
            }
        }
        for s in 1..=4 {
            unit(
                app,
                actor,
                &mut tree,
                Some(county),
                &format!("{prefix}-XX{s}"),
                &format!("{county_name}第{s}中学"),
                UnitType::School,
            )
            .await?;
        }
        for (t, town_name) in TOWNS.iter().enumerate() {
            let town = unit(
                app,
                actor,
                &mut tree,
                Some(county),
                &format!("{prefix}-T{t:02}"),
                town_name,
                UnitType::Town,
            )
            .await?;
            for v in 1..=6 {
                let village = format!(
                    "{}{}村",
                    &town_name[..town_name.len() - 3],
                    ["东", "西", "南", "北", "新", "和"][v - 1]
                );
                unit(
                    app,
                    actor,
                    &mut tree,
                    Some(town),
                    &format!("{prefix}-T{t:02}-V{v}"),
                    &village,
                    UnitType::Village,
                )
                .await?;
            }
        }
    }
    Ok(tree)
}

/// The ages at which someone plausibly holds a rank or post.
fn plausible_ages(rank: Rank, position: &str) -> (i32, i32) {
    match (rank, position) {
        (Rank::CountyDeputy, _) => (40, 58),
        (Rank::Researcher4, _) => (45, 59),
        (Rank::SectionChief, _) | (_, "校长") | (_, "村党支部书记") => (35, 58),
        (Rank::SectionDeputy, _) | (Rank::PrincipalStaff1, _) => (30, 57),
        (Rank::PrincipalStaff2, _) | (Rank::PrincipalStaff3, _) => (28, 59),
        (Rank::Staff1, _) | (Rank::Staff2, _) => (23, 45),
        _ => (24, 58),
    }
}

/// One cadre in a unit, shaped by the unit's kind.
fn person(rng: &mut StdRng, unit: &DemoUnit, serial: u64, today: NaiveDate) -> NewPerson {
    let male = rng.gen_bool(0.62);
    let drawn_age: i32 = rng.gen_range(24..59);
    let (month, day) = (rng.gen_range(1..=12), rng.gen_range(1..=28));
    let town = unit.kind == UnitType::Town;
    let (rank, position, mut categories) = match unit.kind {
        UnitType::Village => (
            Rank::Unranked,
            if rng.gen_bool(0.3) {
                "村党支部书记"
            } else {
                "村委委员"
            },
            vec![Category::VillageCommittee],
        ),
        UnitType::School => {
            if rng.gen_bool(0.08) {
                (
                    Rank::Unranked,
                    "校长",
                    vec![Category::Principal, Category::Teacher],
                )
            } else {
                (
                    Rank::Unranked,
                    "教师",
                    vec![Category::Teacher, Category::Professional],
                )
            }
        }
        UnitType::PartySchool => (Rank::PrincipalStaff3, "教员", vec![Category::Professional]),
        _ => {
            let roll: f64 = rng.r#gen();
            // A deputy county head sits in the county's own offices, not in a township.
            if roll < 0.05 && unit.kind == UnitType::County {
                (
                    Rank::CountyDeputy,
                    "副县长",
                    vec![Category::CountyLeader, Category::CivilServant],
                )
            } else if roll < 0.2 {
                (
                    Rank::SectionChief,
                    if town { "镇长" } else { "科长" },
                    vec![Category::SectionLeader, Category::CivilServant],
                )
            } else if roll < 0.35 {
                (
                    Rank::SectionDeputy,
                    if town { "副镇长" } else { "副科长" },
                    vec![Category::SectionLeader, Category::CivilServant],
                )
            } else if roll < 0.45 {
                (
                    Rank::Researcher4,
                    "四级调研员",
                    vec![Category::CivilServant],
                )
            } else {
                let ranks = [
                    Rank::PrincipalStaff1,
                    Rank::PrincipalStaff2,
                    Rank::PrincipalStaff4,
                    Rank::Staff1,
                    Rank::Staff2,
                ];
                (
                    ranks[rng.gen_range(0..ranks.len())],
                    "科员",
                    vec![Category::CivilServant],
                )
            }
        }
    };
    // An age that fits the post (no 23-year-old deputy county head): the drawn age is folded
    // into the post's range rather than drawn again, so the rest of the demo stays as it was.
    let (youngest, oldest) = plausible_ages(rank, position);
    let age = youngest + (drawn_age - 24) % (oldest - youngest + 1);
    let birth = NaiveDate::from_ymd_opt(today.year() - age, month, day).unwrap_or(today);
    let id = id_card(421_004, birth, male, serial);
    if unit.name.contains("组织部") {
        categories.push(Category::OrgDeptCadre);
    }
    if unit.name.contains("妇联") {
        categories.push(Category::WomensFederation);
    }
    if drawn_age < 45 && rng.gen_bool(0.08) && age < 45 {
        categories.push(Category::ReserveCadre);
    }
    let educations = [
        Education::SeniorMiddle,
        Education::College,
        Education::Bachelor,
        Education::Bachelor,
        Education::Master,
    ];
    let post_start = NaiveDate::from_ymd_opt(
        today.year() - rng.gen_range(0..10),
        rng.gen_range(1..=12),
        1,
    );
    let phone = Phone::parse(&format!(
        "1{}{:09}",
        [3, 5, 8, 9][rng.gen_range(0..4)],
        serial % 1_000_000_000
    ))
    .ok();
    let (name, _) = PersonName::parse(&name(rng)).expect("generated names are valid");
    NewPerson {
        name,
        sex: id.sex(),
        birth_date: id.birth_date(),
        id_card: id,
        phone,
        unit_id: unit.id,
        position: position.to_owned(),
        rank,
        categories,
        education: Some(educations[rng.gen_range(0..educations.len())]),
        post_start_date: post_start,
        effective_date: post_start.unwrap_or(today),
    }
}

/// A first-login password from the OS generator: 10 characters of a 55-letter alphabet without
/// look-alikes (about 58 bits), wrapped so it meets any default policy.
fn demo_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    let body: String = (0..10)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("Gx{body}#7")
}

/// Fills an empty database with the demo county (`size` people, default a few thousand).
/// `progress` is told how many people are in so far.
pub async fn generate(
    app: &App,
    size: usize,
    mut progress: impl FnMut(usize),
) -> anyhow::Result<DemoSummary> {
    anyhow::ensure!(
        ganxun_storage::org::count_units(&app.db).await? == 0,
        "数据库中已有数据，演示数据只能生成到空数据库中。请换一个数据库文件，例如 --database demo.db"
    );
    let actor = Actor::system("demo");
    // Province-sized runs get more counties so units stay a realistic size.
    let counties = (size / 20_000).max(1);
    let tree = build_tree(app, &actor, counties).await?;
    let mut rng = StdRng::seed_from_u64(20_261_121);
    let today = app.today();
    let mut made = 0usize;
    let mut batch = Vec::with_capacity(10_000);
    while made < size {
        let unit = &tree.units[rng.gen_range(1..tree.units.len())];
        batch.push(person(&mut rng, unit, made as u64, today));
        made += 1;
        if batch.len() == 10_000 || made == size {
            bulk_load(&app.db, &app.key, &actor, app.now(), &batch).await?;
            batch.clear();
            progress(made);
        }
    }
    app.db.analyze().await?;
    let accounts = create_accounts(app, &actor, &tree).await?;
    let classes = classes::generate(app, &mut rng).await?;
    training::generate(app, &mut rng).await?;
    // A province-sized run (a benchmark's data) leaves the briefings to the schedule.
    learning::generate(app, size <= 50_000).await?;
    let named = |name: &str| tree.units.iter().find(|u| u.name == name).map(|u| u.id);
    if let Some(county) = named("示范县") {
        let towns: Vec<UnitId> = TOWNS.iter().filter_map(|t| named(t)).collect();
        let schools: Vec<UnitId> = (1..=4)
            .filter_map(|s| named(&format!("示范县第{s}中学")))
            .collect();
        pool::generate(app, county, &towns, &schools).await?;
    }
    Ok(DemoSummary {
        units: tree.units.len(),
        people: made,
        accounts,
        classes,
    })
}

async fn create_accounts(
    app: &App,
    actor: &Actor,
    tree: &Tree,
) -> anyhow::Result<Vec<(String, String, String)>> {
    let find = |name: &str| {
        tree.units
            .iter()
            .find(|u| u.name == name)
            .map(|u| u.id)
            .unwrap_or(tree.units[0].id)
    };
    let city = tree.units[0].id;
    // A trainee and an instructor are linked to real people of the register.
    let some_person = |unit_id: UnitId| async move {
        let scope = AccessScope {
            units: vec![unit_id],
            ..AccessScope::default()
        };
        let page =
            ganxun_storage::people::search(&app.db, &app.key, &scope, &Default::default(), 1, 1)
                .await?;
        anyhow::Ok(page.items.first().map(|p| p.id))
    };
    let town = find("沙湖镇");
    let party_school = find("示范县委党校");
    // (username, display name, role, unit, linked person, chosen units for the scope)
    type Spec<'a> = (
        &'a str,
        &'a str,
        &'a str,
        UnitId,
        Option<PersonId>,
        Vec<UnitId>,
    );
    let specs: Vec<Spec> = vec![
        (
            "zzb",
            "组织部干部科",
            "training_authority",
            find("市委组织部"),
            None,
            vec![city],
        ),
        (
            "jyj",
            "县教育局培训管理员",
            "unit_admin",
            find("示范县教育局"),
            None,
            vec![],
        ),
        (
            "renshike",
            "县教育局人事科",
            "unit_admin",
            find("示范县教育局人事科"),
            None,
            vec![],
        ),
        (
            "shahu",
            "沙湖镇培训管理员",
            "unit_admin",
            town,
            None,
            vec![],
        ),
        (
            "banzhuren",
            "县委党校班主任",
            "head_teacher",
            party_school,
            None,
            vec![],
        ),
        (
            "jiaoshi",
            "县委党校教员",
            "instructor",
            party_school,
            some_person(party_school).await?,
            vec![],
        ),
        (
            "xueyuan",
            "沙湖镇学员",
            "trainee",
            town,
            some_person(town).await?,
            vec![],
        ),
        ("shenji", "纪检审计", "auditor", city, None, vec![]),
        ("sysadmin", "系统管理员", "system_admin", city, None, vec![]),
        (
            "secadmin",
            "安全管理员",
            "security_admin",
            city,
            None,
            vec![],
        ),
        (
            "auditadmin",
            "审计管理员",
            "audit_admin",
            city,
            None,
            vec![],
        ),
    ];
    let mut printed = Vec::new();
    for (username, display_name, role, unit_id, person_id, units) in specs {
        let password = demo_password();
        let scope = if units.is_empty() {
            None
        } else {
            Some("units".to_owned())
        };
        let input = AccountInput {
            username: username.to_owned(),
            display_name: display_name.to_owned(),
            password: password.clone(),
            unit_id,
            person_id,
            grants: vec![GrantInput {
                role: role.to_owned(),
                scope,
                units,
            }],
        };
        create_unchecked(app, actor, &input, true)
            .await
            .map_err(|e| anyhow::anyhow!("创建演示账号 {username} 失败：{e:?}"))?;
        let label = ganxun_domain::Role::parse(role)
            .map(|r| r.label_zh())
            .unwrap_or(role);
        printed.push((username.to_owned(), label.to_owned(), password));
    }
    Ok(printed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_id_numbers_are_valid_and_unique_across_serials() {
        let birth = NaiveDate::from_ymd_opt(1980, 5, 1).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for serial in 0..5_000 {
            let id = id_card(421_004, birth, serial % 3 == 0, serial);
            assert!(
                seen.insert(id.as_str().to_owned()),
                "duplicate {}",
                id.as_str()
            );
        }
    }

    #[test]
    fn demo_passwords_satisfy_the_default_policy_and_never_repeat() {
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let password = demo_password();
            assert!(
                ganxun_domain::PasswordPolicy::default()
                    .check(&password, "someone")
                    .is_ok()
            );
            assert!(seen.insert(password), "a demo password came twice");
        }
    }

    #[test]
    fn demo_cadres_are_of_an_age_for_their_post_and_deputy_county_heads_sit_in_counties() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let mut rng = StdRng::seed_from_u64(7);
        let kinds = [
            UnitType::County,
            UnitType::Town,
            UnitType::Department,
            UnitType::OrganisationDepartment,
            UnitType::Village,
            UnitType::School,
            UnitType::PartySchool,
        ];
        let mut deputies = 0;
        for serial in 0..6_000u64 {
            let kind = kinds[usize::try_from(serial).unwrap() % kinds.len()];
            let unit = DemoUnit {
                id: UnitId(1),
                kind,
                name: "示范单位".to_owned(),
            };
            let p = person(&mut rng, &unit, serial, today);
            let age = today.years_since(p.birth_date).unwrap();
            let (youngest, oldest) = plausible_ages(p.rank, &p.position);
            assert!(
                // A birthday not yet reached this year makes a year less.
                (youngest - 1..=oldest).contains(&i32::try_from(age).unwrap()),
                "{} aged {age} as {:?}",
                p.position,
                p.rank
            );
            if p.rank == Rank::CountyDeputy {
                deputies += 1;
                assert_eq!(kind, UnitType::County, "a deputy county head in a {kind:?}");
                assert!(age >= 39, "a deputy county head aged {age}");
            }
            if kind == UnitType::Town {
                assert_ne!(p.position, "科长", "a township has no 科长");
            }
        }
        assert!(deputies > 0, "the county offices have deputy heads");
    }
}
