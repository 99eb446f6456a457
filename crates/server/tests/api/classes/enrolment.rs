//! 点名调学 over HTTP on both databases (issue 17 item 8): the enrolment dialog's filters
//! (category, rank, no training this year, short of a compliance rule), "enrol these" reporting
//! every person's outcome, a name list checked line by line before the confirmed are enrolled,
//! and a unit administrator naming the county party school as host.

use crate::common;

use axum::http::StatusCode;
use common::running::{enrolling_class, staff};
use common::{Session, TestApp, id_card};
use ganxun::app::compliance::board;
use ganxun_domain::{UnitCode, UnitId, UnitType};
use ganxun_storage::org::{NewUnit, create_unit};
use ganxun_storage::{AccessScope, Actor};
use serde_json::{Value, json};

/// A person with the given rank and categories; returns the id.
async fn person(
    t: &TestApp,
    s: &Session,
    name: &str,
    serial: u32,
    unit: i64,
    rank: &str,
    categories: &[&str],
) -> i64 {
    let (status, body) = t
        .call(
            Some(s),
            "POST",
            "/people",
            Some(
                json!({"name": name, "id_card": id_card("19800101", serial), "unit_id": unit,
                "rank": rank, "categories": categories}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

async fn enrol(t: &TestApp, s: &Session, class: i64, people: &[i64]) -> Value {
    let (status, body) = t
        .call(
            Some(s),
            "POST",
            &format!("/classes/{class}/enrolment"),
            Some(json!({"person_ids": people})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The ids of the candidates a query finds, in order, and the page.
async fn candidates(t: &TestApp, s: &Session, class: i64, query: &str) -> (Vec<i64>, Value) {
    let (status, page) = t
        .call(
            Some(s),
            "GET",
            &format!("/classes/{class}/candidates?{query}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{query}: {page}");
    let mut ids: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["person_id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    (ids, page)
}

both_backends!(
    the_enrolment_dialog_finds_people_by_category_rank_training_this_year_and_compliance,
    |t| {
        let s = staff(&t).await;
        let chief = person(
            &t,
            &s.zzb,
            "张明",
            1,
            t.units.town_a,
            "section_chief",
            &["section_leader"],
        )
        .await;
        let trained = person(
            &t,
            &s.zzb,
            "李华",
            2,
            t.units.town_a,
            "section_chief",
            &["section_leader"],
        )
        .await;
        let deputy = person(
            &t,
            &s.zzb,
            "王强",
            3,
            t.units.town_b,
            "section_deputy",
            &["section_leader", "reserve_cadre"],
        )
        .await;
        let teacher = person(
            &t,
            &s.zzb,
            "赵丽",
            4,
            t.units.town_b,
            "unranked",
            &["teacher"],
        )
        .await;
        let outside = person(
            &t,
            &s.zzb,
            "钱进",
            5,
            t.units.county_y,
            "section_chief",
            &["section_leader"],
        )
        .await;

        // 李华 takes a twelve-day class that has run this year (it runs now: started today).
        let running = enrolling_class(
            &t,
            &s,
            "2026-03-02",
            json!({"title": "春季专题班", "ends_on": "2026-03-13"}),
        )
        .await;
        enrol(&t, &s.admin, running, &[trained]).await;
        let teacher_session = t.login("teacher").await;
        let (_, started) = t
            .call(
                Some(&teacher_session),
                "POST",
                &format!("/classes/{running}/actions"),
                Some(json!({"action": "start"})),
            )
            .await;
        assert_eq!(started["state"], "in_progress", "{started}");
        // 王强 is booked into a class of this year that has not started.
        let later = enrolling_class(&t, &s, "2026-09-07", json!({"title": "秋季专题班"})).await;
        enrol(&t, &s.admin, later, &[deputy]).await;
        board::recompute_now(&t.app, &Actor::system("test"), |_, _| {})
            .await
            .unwrap();

        let class = enrolling_class(&t, &s, "2026-04-13", json!({"title": "科级干部轮训班"})).await;
        // The county's administrator sees the county's four people, never 乙县's.
        let (all, page) = candidates(&t, &s.admin, class, "").await;
        assert_eq!(all, [chief, trained, deputy, teacher], "{page}");
        assert_eq!(page["year"], 2026);
        assert_eq!(page["total"], 4);
        assert!(!all.contains(&outside));
        let (all, _) = candidates(&t, &s.zzb, class, "").await;
        assert!(all.contains(&outside), "the city's authority sees 乙县 too");

        // Category and rank, alone and together with the unit.
        let (ids, _) = candidates(&t, &s.admin, class, "category=reserve_cadre").await;
        assert_eq!(ids, [deputy]);
        let (ids, _) = candidates(&t, &s.admin, class, "category=section_leader").await;
        assert_eq!(ids, [chief, trained, deputy]);
        let (ids, _) = candidates(&t, &s.admin, class, "rank=section_chief").await;
        assert_eq!(ids, [chief, trained]);
        let (ids, _) = candidates(
            &t,
            &s.admin,
            class,
            &format!("rank=section_chief&unit_id={}", t.units.town_b),
        )
        .await;
        assert!(ids.is_empty());

        // Not trained this year: 李华 sits in a class that runs; a seat in a class still to
        // come is not training (王强 stays, shown as booked).
        let (ids, page) = candidates(&t, &s.admin, class, "untrained=true").await;
        assert_eq!(ids, [chief, deputy, teacher], "{page}");
        let (_, page) = candidates(&t, &s.admin, class, "").await;
        let of = |id: i64| {
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["person_id"] == id)
                .unwrap()
                .clone()
        };
        assert_eq!(of(trained)["trained_this_year"], 1);
        assert_eq!(of(deputy)["trained_this_year"], 0);
        assert_eq!(of(deputy)["booked_this_year"], 1);
        assert_eq!(of(chief)["booked_this_year"], 0);
        // Together with a rank.
        let (ids, _) = candidates(&t, &s.admin, class, "untrained=true&rank=section_chief").await;
        assert_eq!(ids, [chief]);

        // Short of a compliance rule: the statuses the overview keeps. Section leaders are bound
        // by the yearly twelve days (reg_3) and none has met it yet; the teacher is not bound by it.
        let reg_3 = page["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule_id"] == "reg_3")
            .unwrap()
            .clone();
        let kind = reg_3["kind"].as_str().unwrap();
        assert!(
            reg_3["name"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| c > '\u{4e00}'),
            "{reg_3}"
        );
        let (ids, _) = candidates(
            &t,
            &s.admin,
            class,
            &format!("compliance=not_met&kind={kind}&rule_id=reg_3"),
        )
        .await;
        assert_eq!(ids, [chief, trained, deputy]);
        let (ids, _) = candidates(
            &t,
            &s.admin,
            class,
            &format!("compliance=at_risk&kind={kind}&rule_id=reg_3"),
        )
        .await;
        assert!(
            ids.is_empty(),
            "the year has months to go: nobody at risk yet"
        );
        let (ids, _) = candidates(
            &t,
            &s.admin,
            class,
            "compliance=short&untrained=true&category=section_leader",
        )
        .await;
        assert_eq!(ids, [chief, deputy]);
        let short = of(chief)["short"].as_array().unwrap().clone();
        assert!(
            short.iter().any(|r| r["rule_id"] == "reg_3"
                && r["status"] == "not_met"
                && r["name"] == reg_3["name"]),
            "{short:?}"
        );
        assert!(
            !of(teacher)["short"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["rule_id"] == "reg_3"),
            "{page}"
        );

        // Paging: one a page, the total unchanged.
        let (ids, page) = candidates(&t, &s.admin, class, "page=2&page_size=1").await;
        assert_eq!(ids.len(), 1);
        assert_eq!(page["total"], 4);
        // Someone already enrolled carries their place.
        enrol(&t, &s.admin, class, &[chief]).await;
        let (_, page) = candidates(&t, &s.admin, class, "rank=section_chief").await;
        let listed: Vec<&Value> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| &p["listed"])
            .collect();
        assert!(listed.contains(&&json!("enrolled")), "{page}");

        // Bad filters are refused by field.
        for (query, code) in [
            ("compliance=late", "UNKNOWN_COMPLIANCE_FILTER"),
            ("compliance=short&kind=credit_rules", "UNKNOWN_RULE_KIND"),
            ("rank=emperor", "UNKNOWN_RANK"),
            ("category=astronaut", "UNKNOWN_CATEGORY"),
        ] {
            let (status, body) = t
                .call(
                    Some(&s.admin),
                    "GET",
                    &format!("/classes/{class}/candidates?{query}"),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
            assert_eq!(body["fields"][0]["code"], code, "{query}: {body}");
        }
        // A class that is not enrolling and not the caller's is not found to another unit.
        t.unit_admin("y_admin", t.units.county_y).await;
        let y = t.login("y_admin").await;
        let (ids, _) = candidates(&t, &y, class, "").await;
        assert_eq!(
            ids,
            [outside],
            "an enrolling class: 乙县 nominates only its own"
        );
        let (status, _) = t
            .call(
                Some(&y),
                "GET",
                &format!("/classes/{running}/candidates"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

both_backends!(
    enrolling_a_list_reports_who_got_a_seat_who_waits_who_was_listed_and_who_was_refused,
    |t| {
        let s = staff(&t).await;
        let a = person(
            &t,
            &s.zzb,
            "张明",
            1,
            t.units.town_a,
            "section_chief",
            &["section_leader"],
        )
        .await;
        let b = person(
            &t,
            &s.zzb,
            "李华",
            2,
            t.units.town_a,
            "section_chief",
            &["section_leader"],
        )
        .await;
        let c = person(
            &t,
            &s.zzb,
            "王强",
            3,
            t.units.town_b,
            "section_chief",
            &["section_leader"],
        )
        .await;
        let outside = person(
            &t,
            &s.zzb,
            "钱进",
            5,
            t.units.county_y,
            "section_chief",
            &["section_leader"],
        )
        .await;
        let (status, old) = t
            .call(Some(&s.zzb), "POST", "/people", Some(json!({"name": "孙老", "id_card": id_card("19600101", 6),
                "unit_id": t.units.town_a, "rank": "section_chief", "categories": ["section_leader"]})))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let old = old["id"].as_i64().unwrap();
        let class = enrolling_class(
            &t,
            &s,
            "2026-04-13",
            json!({"title": "科级干部轮训班", "capacity": 2, "eligibility": {"max_age": 50}}),
        )
        .await;
        enrol(&t, &s.admin, class, &[a]).await;

        // The county's administrator enrols a list taken from the overview: one request, every
        // person accounted for.
        let body = enrol(&t, &s.admin, class, &[a, b, c, outside, old, 999_999]).await;
        assert_eq!(body["enrolled"], json!([b]), "{body}");
        assert_eq!(body["waiting"], json!([c]), "the class holds two: {body}");
        assert_eq!(body["duplicates"], json!([a]), "{body}");
        let refused: Vec<(i64, String)> = body["refused"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["person_id"].as_i64().unwrap(),
                    r["reasons"][0]["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            refused,
            [
                (outside, "OUT_OF_SCOPE".to_owned()),
                (old, "ELIGIBILITY_TOO_OLD".to_owned()),
                (999_999, "OUT_OF_SCOPE".to_owned()),
            ]
        );
        // Nothing tells who is outside: no name for them.
        assert_eq!(body["refused"][0]["name"], "");
        let (_, roster) = t
            .call(
                Some(&s.zzb),
                "GET",
                &format!("/classes/{class}/enrolment"),
                None,
            )
            .await;
        let statuses: Vec<(i64, &str)> = roster
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["person_id"].as_i64().unwrap(),
                    r["status"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(statuses, [(a, "enrolled"), (b, "enrolled"), (c, "waiting")]);
        // The city's authority reaches 钱进.
        let body = enrol(&t, &s.zzb, class, &[outside]).await;
        assert_eq!(body["waiting"], json!([outside]), "{body}");
        assert_eq!(body["source"], "named");
    }
);

both_backends!(
    a_name_list_is_checked_line_by_line_and_only_the_confirmed_are_enrolled,
    |t| {
        let s = staff(&t).await;
        let zhang = person(
            &t,
            &s.zzb,
            "张明",
            1,
            t.units.town_a,
            "section_chief",
            &["section_leader"],
        )
        .await;
        let wei_a = person(
            &t,
            &s.zzb,
            "王伟",
            2,
            t.units.town_a,
            "section_chief",
            &["section_leader"],
        )
        .await;
        let wei_b = person(
            &t,
            &s.zzb,
            "王伟",
            3,
            t.units.town_b,
            "section_deputy",
            &["section_leader"],
        )
        .await;
        let li = person(
            &t,
            &s.zzb,
            "李娜",
            4,
            t.units.town_b,
            "section_chief",
            &["section_leader"],
        )
        .await;
        let zhao = person(
            &t,
            &s.zzb,
            "赵丽",
            7,
            t.units.town_b,
            "section_chief",
            &["section_leader"],
        )
        .await;
        person(
            &t,
            &s.zzb,
            "钱进",
            5,
            t.units.county_y,
            "section_chief",
            &["section_leader"],
        )
        .await;
        let class = enrolling_class(&t, &s, "2026-04-13", json!({"title": "科级干部轮训班"})).await;
        enrol(&t, &s.admin, class, &[zhao]).await;

        let text = format!(
            "姓名\t单位\n张明\n王伟\n王伟\t甲县二镇\n李娜，{}\n张 明\n钱进\n李娜，{}\n赵丽\n周杰伦\n12345\n",
            id_card("19800101", 4),
            id_card("19800101", 9),
        );
        let (status, check) = t
            .call(
                Some(&s.admin),
                "POST",
                &format!("/classes/{class}/enrolment/name-list"),
                Some(json!({"text": text})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{check}");
        let rows: Vec<(i64, &str)> = check["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["line"].as_i64().unwrap(), r["outcome"].as_str().unwrap()))
            .collect();
        assert_eq!(
            rows,
            [
                (2, "matched"),
                (3, "ambiguous"),
                (4, "matched"),
                (5, "matched"),
                (6, "repeated"),
                (7, "not_found"),
                (8, "not_found"),
                (9, "listed"),
                (10, "not_found"),
                (11, "invalid"),
            ],
            "{check}"
        );
        let row = |line: i64| {
            check["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["line"] == line)
                .unwrap()
                .clone()
        };
        assert_eq!(row(2)["matches"][0]["person_id"], zhang);
        let namesakes: Vec<i64> = row(3)["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["person_id"].as_i64().unwrap())
            .collect();
        assert_eq!(namesakes, [wei_a, wei_b]);
        assert!(
            row(3)["reason"].as_str().unwrap().contains("2 位同名"),
            "{}",
            row(3)
        );
        assert_eq!(
            row(4)["matches"][0]["person_id"],
            wei_b,
            "the unit tells them apart"
        );
        assert_eq!(
            row(5)["matches"][0]["person_id"],
            li,
            "the ID number finds her"
        );
        assert_eq!(row(6)["name"], "张明", "the inner space is removed");
        assert!(
            row(6)["reason"].as_str().unwrap().contains("第 2 行"),
            "{}",
            row(6)
        );
        // 乙县's 钱进 is outside the county administrator's scope: not found, nothing leaked.
        assert!(row(7)["matches"].as_array().unwrap().is_empty());
        assert!(
            row(8)["reason"].as_str().unwrap().contains("身份证号"),
            "{}",
            row(8)
        );
        assert!(
            row(9)["reason"].as_str().unwrap().contains("已在"),
            "{}",
            row(9)
        );
        assert_eq!(
            (
                check["matched"].as_i64(),
                check["ambiguous"].as_i64(),
                check["rejected"].as_i64()
            ),
            (Some(3), Some(1), Some(6))
        );
        // Nothing was written.
        let (_, roster) = t
            .call(
                Some(&s.admin),
                "GET",
                &format!("/classes/{class}/enrolment"),
                None,
            )
            .await;
        assert_eq!(roster.as_array().unwrap().len(), 1);

        // The officer picks the 王伟 of 甲县一镇 and enrols the confirmed.
        let body = enrol(&t, &s.admin, class, &[zhang, wei_a, wei_b, li]).await;
        assert_eq!(body["enrolled"], json!([zhang, wei_a, wei_b, li]), "{body}");

        // An empty list and one too long are refused.
        for text in ["\n  \n".to_owned(), "张明\n".repeat(2001)] {
            let (status, body) = t
                .call(
                    Some(&s.admin),
                    "POST",
                    &format!("/classes/{class}/enrolment/name-list"),
                    Some(json!({"text": text})),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(body["fields"][0]["code"], "NAME_LIST_SIZE");
        }
    }
);

/// A unit under `parent` of `kind`, outside the API.
async fn unit(t: &TestApp, parent: i64, code: &str, name: &str, kind: UnitType) -> i64 {
    create_unit(
        &t.app.db,
        &Actor::system("test"),
        t.app.now(),
        &AccessScope::everything(),
        NewUnit {
            code: UnitCode::parse(code).unwrap(),
            name: name.to_owned(),
            unit_type: kind,
            parent_id: Some(UnitId(parent)),
            sort_order: 0,
        },
    )
    .await
    .unwrap()
    .id
    .0
}

both_backends!(
    a_township_administrator_names_the_county_party_school_as_host,
    |t| {
        let s = staff(&t).await;
        let party_school = unit(
            &t,
            t.units.county_x,
            "XDX",
            "甲县委党校",
            UnitType::PartySchool,
        )
        .await;
        let city_school = unit(
            &t,
            t.units.city,
            "CDX",
            "示范市委党校",
            UnitType::PartySchool,
        )
        .await;
        let y_school = unit(
            &t,
            t.units.county_y,
            "YDX",
            "乙县委党校",
            UnitType::PartySchool,
        )
        .await;
        let own_institution = unit(
            &t,
            t.units.town_a,
            "XAJG",
            "一镇成人学校",
            UnitType::Institution,
        )
        .await;
        let closed = unit(
            &t,
            t.units.county_x,
            "XJG",
            "甲县培训中心",
            UnitType::Institution,
        )
        .await;
        let (status, body) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/org/units/{closed}/deactivate"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        t.unit_admin("town", t.units.town_a).await;
        let town = t.login("town").await;

        // The township sees its own institution and the party schools of the county and the
        // city above it; never 乙县's, never a closed one.
        let (status, hosts) = t.call(Some(&town), "GET", "/classes/hosts", None).await;
        assert_eq!(status, StatusCode::OK, "{hosts}");
        let listed: Vec<(i64, bool)> = hosts
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["id"].as_i64().unwrap(), h["in_scope"].as_bool().unwrap()))
            .collect();
        assert_eq!(
            listed,
            [
                (city_school, false),
                (party_school, false),
                (own_institution, true)
            ],
            "{hosts}"
        );
        assert_eq!(hosts[0]["unit_type"], "party_school");

        let dossier = |host: i64| {
            json!({
                "title": "一镇村干部培训班", "kind": "themed_class",
                "organiser_unit_id": t.units.town_a, "host_unit_id": host,
                "starts_on": "2026-05-11", "ends_on": "2026-05-12", "funding_source": "budget"
            })
        };
        let (status, class) = t
            .call(Some(&town), "POST", "/classes", Some(dossier(party_school)))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{class}");
        assert_eq!(class["host_name"], "甲县委党校");
        assert_eq!(class["host_unit_id"], party_school);

        // Refusals, each on the host field.
        for (host, code) in [
            (y_school, "HOST_OUT_OF_REACH"),
            (t.units.town_b, "HOST_NOT_TRAINING_BODY"),
            (t.units.county_x, "HOST_NOT_TRAINING_BODY"),
            (closed, "HOST_INACTIVE"),
            (987_654, "UNKNOWN_UNIT"),
        ] {
            let (status, body) = t
                .call(Some(&town), "POST", "/classes", Some(dossier(host)))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{host}: {body}");
            assert_eq!(body["fields"][0]["field"], "host_unit_id", "{body}");
            assert_eq!(body["fields"][0]["code"], code, "{host}: {body}");
        }
        // The city's authority reaches 乙县's school in its own scope.
        let mut theirs = dossier(y_school);
        theirs["organiser_unit_id"] = json!(t.units.county_y);
        let (status, body) = t.call(Some(&s.zzb), "POST", "/classes", Some(theirs)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        // Who may not draft classes may not list hosts.
        let teacher = t.login("teacher").await;
        let (status, _) = t.call(Some(&teacher), "GET", "/classes/hosts", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let _ = s.teacher_id;
    }
);
