//! A demo reserve pool (R-POOL-1) shaped like seed 004: 示范县's education reserves chosen by
//! open selection, eighteen of them (ten from the towns' primary schools and kindergartens, eight
//! from the county's middle schools), two training phases this year, and a history — one
//! reserve promoted to a post, one who left — so the pool page shows every state.

use crate::app::App;
use chrono::{Datelike, NaiveDate};
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_storage::people::PeopleQuery;
use ganxun_storage::pool::{self, Ending, NewPhase, NewPool};
use ganxun_storage::{AccessScope, Actor};

/// The first people of `unit` and the units below it (a town's villages), at most `n`.
async fn people_in(app: &App, unit: UnitId, n: u64) -> anyhow::Result<Vec<PersonId>> {
    let query = PeopleQuery {
        unit_subtree: Some(unit),
        ..PeopleQuery::default()
    };
    let everyone = AccessScope::everything();
    let page = ganxun_storage::people::search(&app.db, &app.key, &everyone, &query, 1, n).await?;
    Ok(page.items.into_iter().map(|p| p.id).collect())
}

/// Makes the pool kept by `county`, with members from `towns` and `schools`.
pub async fn generate(
    app: &App,
    county: UnitId,
    towns: &[UnitId],
    schools: &[UnitId],
) -> anyhow::Result<()> {
    let actor = Actor::system("demo");
    let now = app.now();
    let year = app.today().year();
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(app.today());
    let pool = pool::create_pool(
        &app.db,
        &actor,
        now,
        NewPool {
            name: format!("示范县{year}年教育后备干部资源库"),
            unit_id: county,
            description:
                "县教育局通过公开选拔产生的 18 名后备干部，其中小学（幼儿园）10 人、中学 8 人；\
                          建立学员个性档案，实施动态管理。"
                    .to_owned(),
        },
    )
    .await?;
    for (name, from, to, days, hours, content) in [
        (
            "第一阶段：理论与政策",
            day(3, 1),
            day(6, 30),
            1000,
            0,
            "读书学习、高层研修",
        ),
        (
            "第二阶段：实践与能力",
            day(9, 1),
            day(12, 31),
            0,
            4000,
            "外出考察、挂职锻炼、网络培训",
        ),
    ] {
        let phase = NewPhase {
            name: name.to_owned(),
            starts_on: from,
            ends_on: to,
            required_days: days,
            required_hours: hours,
            content: content.to_owned(),
        };
        pool::add_phase(&app.db, &actor, now, pool.id, phase).await?;
    }
    let mut members = Vec::new();
    for unit in towns.iter().take(10) {
        members.extend(people_in(app, *unit, 1).await?);
    }
    for unit in schools {
        members.extend(people_in(app, *unit, 2).await?);
    }
    let mut entered = Vec::new();
    for person in members.into_iter().take(18) {
        let m = pool::add_member(
            &app.db,
            &actor,
            now,
            pool.id,
            person,
            day(2, 20),
            "公开选拔",
        )
        .await?;
        entered.push(m.id);
    }
    if let [promoted, left, ..] = entered[..] {
        let ending = |promoted: bool| Ending {
            promoted,
            ended_on: day(9, 1),
            reason: if promoted {
                "经考察提拔任用"
            } else {
                "本人申请退出"
            }
            .to_owned(),
            new_post: promoted.then(|| "示范县第1中学副校长".to_owned()),
            new_rank: None,
            eligible: None,
            shortfall: None,
        };
        pool::end_member(&app.db, &actor, now, promoted, ending(true)).await?;
        pool::end_member(&app.db, &actor, now, left, ending(false)).await?;
    }
    Ok(())
}
