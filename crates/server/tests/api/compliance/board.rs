//! The compliance dashboard over HTTP on both databases (issue 7, ADR 0012): statuses kept per
//! person and rule, counted per unit; a finished class marks its trainees and the refresh
//! follows; the one-fifth coverage per unit with the longest-untrained list; the recomputation
//! job; a rule change starting one; who may see which unit; Excel.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

use crate::common;

use super::finished_class;
use axum::http::StatusCode;
use common::running::{Staff, staff};
use common::{Session, TestApp, id_card};
use ganxun::app::compliance::board::{self, RECOMPUTE};
use ganxun_storage::compliance::board::tally_mismatches;
use ganxun_storage::jobs::{self, Started};
use ganxun_storage::{Actor, meta};
use serde_json::{Value, json};

/// New sessions after the clock moved (idle sessions expire).
async fn sign_in_again(t: &TestApp, s: Staff) -> Staff {
    Staff {
        zzb: t.login("zzb").await,
        admin: t.login("county").await,
        ..s
    }
}

/// Everyone judged again, in the foreground.
async fn recompute(t: &TestApp) {
    board::recompute_now(&t.app, &Actor::system("test"), |_, _| {})
        .await
        .unwrap();
    assert_eq!(tally_mismatches(&t.app.db).await.unwrap(), 0);
}

async fn dashboard(t: &TestApp, who: &Session, unit: Option<i64>) -> (StatusCode, Value) {
    let path = match unit {
        Some(id) => format!("/compliance/dashboard?unit_id={id}"),
        None => "/compliance/dashboard".to_owned(),
    };
    t.call(Some(who), "GET", &path, None).await
}

/// The counts of `rule` in a dashboard (the whole subtree, or one unit's line).
fn counts(board: &Value, rule: &str, unit: Option<i64>) -> (i64, i64, i64, i64) {
    let rules = board["rules"].as_array().unwrap();
    let i = rules
        .iter()
        .position(|r| r["rule_id"] == rule)
        .unwrap_or_else(|| panic!("no {rule}: {board}"));
    let c = match unit {
        None => &rules[i]["counts"],
        Some(id) => {
            let line = board["units"]
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["unit_id"] == id && u["own"] == false)
                .unwrap_or_else(|| panic!("no unit {id}: {board}"));
            &line["counts"][i]
        }
    };
    let n = |k: &str| c[k].as_i64().unwrap();
    (n("total"), n("met"), n("at_risk"), n("not_met"))
}

both_backends!(
    the_dashboard_counts_rules_per_unit_and_follows_a_finished_class,
    |t| {
        let s = staff(&t).await;
        let mut town_a = Vec::new();
        for (i, name) in ["张明", "李华", "王强"].iter().enumerate() {
            town_a.push(
                t.person(
                    &s.zzb,
                    name,
                    &id_card("19800101", 200 + i as u32),
                    t.units.town_a,
                )
                .await,
            );
        }
        let town_b = t
            .person(&s.zzb, "赵丽", &id_card("19800101", 210), t.units.town_b)
            .await;
        let county_y = t
            .person(&s.zzb, "钱进", &id_card("19800101", 211), t.units.county_y)
            .await;
        recompute(&t).await;

        // Five section chiefs: R-REG-3 (12 days a year) binds all, none has met it yet; the
        // year ends in 304 days, so none is at risk either.
        let (status, board) = dashboard(&t, &s.zzb, None).await;
        assert_eq!(status, StatusCode::OK, "{board}");
        assert_eq!(board["unit_id"], t.units.city);
        assert_eq!(counts(&board, "reg_3", None), (5, 0, 0, 5));
        assert_eq!(
            counts(&board, "reg_3", Some(t.units.county_x)),
            (4, 0, 0, 4)
        );
        assert_eq!(
            counts(&board, "reg_3", Some(t.units.county_y)),
            (1, 0, 0, 1)
        );
        assert_eq!(board["newest_as_of"], "2026-03-02");
        assert_eq!(board["pending_refresh"], 0);
        assert_eq!(board["job"]["state"], "done");

        // A twelve-day class ends: its trainee is marked in that transaction, and counted
        // once the marks are refreshed.
        finished_class(
            &t,
            &s,
            "themed_class",
            "2026-03-02",
            "2026-03-13",
            &[town_a[0]],
        )
        .await;
        // A class counts once its last day is over (ADR 0009).
        t.clock.advance(chrono::Duration::days(14));
        let s = sign_in_again(&t, s).await;
        let (_, board) = dashboard(&t, &s.zzb, None).await;
        assert_eq!(board["pending_refresh"], 1, "{board}");
        assert_eq!(counts(&board, "reg_3", None), (5, 0, 0, 5));
        let refreshed = board::refresh_all_marked(&t.app).await.unwrap();
        assert_eq!(refreshed, 1);
        assert_eq!(tally_mismatches(&t.app.db).await.unwrap(), 0);
        let (_, board) = dashboard(&t, &s.zzb, None).await;
        assert_eq!(board["pending_refresh"], 0);
        assert_eq!(counts(&board, "reg_3", None), (5, 1, 0, 4));
        assert_eq!(
            counts(&board, "reg_3", Some(t.units.county_x)),
            (4, 1, 0, 3)
        );

        // The people behind "not met": four, never the one who met it.
        let (status, list) = t
            .call(
                Some(&s.zzb),
                "GET",
                "/compliance/people?kind=compliance_national&rule_id=reg_3&status=not_met",
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(list["total"], 4);
        let ids: Vec<i64> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["person_id"].as_i64().unwrap())
            .collect();
        assert!(
            !ids.contains(&town_a[0]) && ids.contains(&county_y),
            "{list}"
        );
        let first = &list["items"][0];
        assert!(!first["rule_name"].as_str().unwrap().is_empty());
        assert_eq!(first["required"]["days"], "12", "{first}");
        assert_eq!(first["done"]["days"], "0", "{first}");
        assert_eq!(first["window_to"], "2026-12-31");

        // Moving a person to another county moves their counts with them.
        let (status, moved) = t
            .call(
                Some(&s.zzb),
                "PATCH",
                &format!("/people/{town_b}"),
                Some(json!({"unit_id": t.units.county_y, "effective_date": "2026-03-02"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        board::refresh_all_marked(&t.app).await.unwrap();
        let (_, board) = dashboard(&t, &s.zzb, None).await;
        assert_eq!(
            counts(&board, "reg_3", Some(t.units.county_x)),
            (3, 1, 0, 2)
        );
        assert_eq!(
            counts(&board, "reg_3", Some(t.units.county_y)),
            (2, 0, 0, 2)
        );
        assert_eq!(tally_mismatches(&t.app.db).await.unwrap(), 0);

        // County X's administrator sees county X only: its own subtree by default, 404 for
        // county Y, and never county Y's people in a list.
        let (_, board) = dashboard(&t, &s.admin, None).await;
        assert_eq!(board["unit_id"], t.units.county_x, "{board}");
        assert_eq!(counts(&board, "reg_3", None), (3, 1, 0, 2));
        let (status, _) = dashboard(&t, &s.admin, Some(t.units.county_y)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, list) = t
            .call(
                Some(&s.admin),
                "GET",
                "/compliance/people?rule_id=reg_3&per_page=200",
                None,
            )
            .await;
        assert_eq!(list["total"], 3, "{list}");
        assert!(
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["person_id"] != county_y && i["person_id"] != town_b),
            "{list}"
        );

        // A trainee reads their own page, not the dashboard.
        t.account("trainee", "trainee", t.units.town_a, Some(town_a[1]))
            .await;
        let trainee = t.login("trainee").await;
        let (status, _) = dashboard(&t, &trainee, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = t
            .call(Some(&trainee), "GET", "/compliance/people", None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Bad filters say so.
        let (status, bad) = t
            .call(
                Some(&s.zzb),
                "GET",
                "/compliance/people?status=done_ish",
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(bad["fields"][0]["code"], "UNKNOWN_STATUS");
    }
);

/// An organisation-department cadre (组工干部) in `unit`.
async fn org_cadre(t: &TestApp, s: &Staff, name: &str, serial: u32, unit: i64) -> i64 {
    let (status, body) = t
        .call(
            Some(&s.zzb),
            "POST",
            "/people",
            Some(
                json!({ "name": name, "id_card": id_card("19850101", serial), "unit_id": unit,
                "rank": "principal_staff_1", "categories": ["org_dept_cadre"] }),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

both_backends!(
    one_fifth_coverage_per_unit_and_the_longest_untrained_first,
    |t| {
        let s = staff(&t).await;
        let mut cadres = Vec::new();
        for (i, name) in ["组工甲", "组工乙", "组工丙", "组工丁", "组工戊", "组工己"]
            .iter()
            .enumerate()
        {
            cadres.push(org_cadre(&t, &s, name, 300 + i as u32, t.units.town_a).await);
        }
        let elsewhere = org_cadre(&t, &s, "组工庚", 320, t.units.county_y).await;
        // One trained this year in a class; one last trained in 2025 (approved external
        // record); the others never.
        finished_class(
            &t,
            &s,
            "themed_class",
            "2026-03-02",
            "2026-03-06",
            &[cadres[0]],
        )
        .await;
        t.clock.advance(chrono::Duration::days(7));
        let s = sign_in_again(&t, s).await;
        // Entered by the unit, approved by the authority (nobody approves their own entry).
        let (status, record) = t
            .call(
                Some(&s.admin),
                "POST",
                &format!("/people/{}/training-records", cadres[1]),
                Some(json!({
                    "kind": "party_school_elsewhere", "title": "市委党校组工干部班",
                    "institution_name": "市委党校", "starts_on": "2025-06-01",
                    "ends_on": "2025-06-30", "days": "30", "hours": 180,
                    "evidence": "结业证书 2025-7 号"
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{record}");
        let (status, decided) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/training-records/{}/decision", record["id"]),
                Some(json!({"decision": "approve"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{decided}");
        recompute(&t).await;

        let (_, board) = dashboard(&t, &s.zzb, None).await;
        let coverage = board["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule_id"] == "cmp_3_one_fifth")
            .unwrap_or_else(|| panic!("{board}"));
        assert_eq!(coverage["share"], "1/5");
        // Seven bound, one trained this year: ⌈7/5⌉ = 2 required, one missing.
        assert_eq!(coverage["whole"]["bound"], 7, "{coverage}");
        assert_eq!(coverage["whole"]["trained"], 1);
        assert_eq!(coverage["whole"]["required"], 2);
        assert_eq!(coverage["whole"]["missing"], 1);
        assert_eq!(coverage["whole"]["met"], false);
        let county_x = coverage["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit_id"] == t.units.county_x)
            .unwrap();
        // Six bound in county X, one trained: ⌈6/5⌉ = 2.
        assert_eq!(
            (
                &county_x["bound"],
                &county_x["trained"],
                &county_x["required"]
            ),
            (&json!(6), &json!(1), &json!(2))
        );

        // The suggestion list: not trained this year, never trained first, then the one
        // last trained in 2025.
        let (status, list) = t
            .call(
                Some(&s.zzb),
                "GET",
                &format!(
                    "/compliance/people?unit_id={}&kind=compliance_org_cadres&rule_id=cmp_3_one_fifth&status=not_met&order=untrained&per_page=50",
                    t.units.county_x
                ),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 5, "{list}");
        assert!(
            items[..4].iter().all(|i| i["last_trained_on"].is_null()),
            "{list}"
        );
        assert_eq!(items[4]["person_id"], cadres[1]);
        assert_eq!(items[4]["last_trained_on"], "2025-06-30");
        assert!(items.iter().all(|i| i["person_id"] != elsewhere));

        // The same in Excel, one sheet per view.
        let (status, headers, bytes) = t
            .call_raw(Some(&s.zzb), "GET", "/compliance/dashboard/xlsx", None)
            .await;
        assert_eq!(status, StatusCode::OK);
        let content_type = headers["content-type"].to_str().unwrap();
        assert!(content_type.contains("spreadsheetml"), "{content_type}");
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        use calamine::Reader;
        assert_eq!(
            book.sheet_names(),
            [
                "按规则",
                "按单位",
                "调训覆盖",
                "有风险和未达标",
                "点名调学建议"
            ]
        );
        let suggestions = book.worksheet_range("点名调学建议").unwrap();
        let names: Vec<String> = suggestions
            .rows()
            .skip(3)
            .map(|r| r[0].to_string())
            .filter(|n| !n.is_empty())
            .collect();
        assert_eq!(names.len(), 6, "{names:?}");
        assert_eq!(names.last().unwrap(), "组工乙", "{names:?}");
    }
);

both_backends!(
    a_recomputation_is_a_job_with_progress_started_by_the_authority_or_a_rule_change,
    |t| {
        let s = staff(&t).await;
        for (i, name) in ["干部甲", "干部乙", "干部丙"].iter().enumerate() {
            let i = i as u32;
            t.person(&s.zzb, name, &id_card("19800101", 400 + i), t.units.town_a)
                .await;
        }
        // The unit administrator may not start one; the authority may, and watch it run.
        let (status, _) = t
            .call(Some(&s.admin), "POST", "/compliance/recompute", None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, started) = t
            .call(Some(&s.zzb), "POST", "/compliance/recompute", None)
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{started}");
        assert_eq!(started["started"], true);
        assert_eq!(started["job"]["total"], 3);
        let mut job = Value::Null;
        for _ in 0..200 {
            let (_, latest) = t
                .call(Some(&s.zzb), "GET", "/compliance/recompute", None)
                .await;
            job = latest;
            if job["state"] != "running" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(job["state"], "done", "{job}");
        assert_eq!(job["done"], 3);
        // Three section chiefs: R-REG-3 and R-REG-4 each, and the county's two for 科级 leaders.
        assert_eq!(job["result"], 12, "{job}");
        assert_eq!(tally_mismatches(&t.app.db).await.unwrap(), 0);
        let audit = t
            .call(Some(&s.zzb), "GET", "/compliance/dashboard", None)
            .await
            .1;
        assert_eq!(audit["job"]["id"], job["id"]);

        // One run at a time: a second start while one beats its heartbeat is refused; a run
        // whose heartbeat stopped is closed as failed and replaced.
        let now = t.app.now();
        let actor = Actor::system("test");
        let first = match jobs::start(
            &t.app.db,
            &actor,
            now,
            "probe",
            None,
            1,
            now - chrono::Duration::minutes(10),
        )
        .await
        .unwrap()
        {
            Started::New(job) => job,
            other => panic!("{other:?}"),
        };
        let again = jobs::start(
            &t.app.db,
            &actor,
            now,
            "probe",
            None,
            1,
            now - chrono::Duration::minutes(10),
        )
        .await
        .unwrap();
        assert_eq!(again, Started::AlreadyRunning(first.clone()));
        let later = now + chrono::Duration::minutes(11);
        let Started::New(second) = jobs::start(
            &t.app.db,
            &actor,
            later,
            "probe",
            None,
            1,
            later - chrono::Duration::minutes(10),
        )
        .await
        .unwrap() else {
            panic!("a dead run blocks a new one");
        };
        assert_ne!(second.id, first.id);
        assert_eq!(
            jobs::get(&t.app.db, first.id).await.unwrap().state,
            jobs::JobState::Failed
        );

        // Upkeep starts nothing while the statuses are today's and judged by the rules in
        // force; saving a compliance rule set makes one due.
        let before = jobs::latest(&t.app.db, RECOMPUTE)
            .await
            .unwrap()
            .unwrap()
            .id;
        board::upkeep(&t.app).await.unwrap();
        assert_eq!(
            jobs::latest(&t.app.db, RECOMPUTE)
                .await
                .unwrap()
                .unwrap()
                .id,
            before
        );
        assert!(
            meta::get(&t.app.db, "compliance.rules_judged_by")
                .await
                .unwrap()
                .unwrap()
                .contains("compliance_county=0")
        );
        let county = ganxun_domain::compliance::SEED_000.replacen(
            "amount = { months = 1 }",
            "amount = { days = 10 }",
            1,
        );
        let (status, saved) = t
            .call(
                Some(&s.zzb),
                "PUT",
                "/rules/compliance_county",
                Some(json!({"body": county})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        board::upkeep(&t.app).await.unwrap();
        let after = jobs::latest(&t.app.db, RECOMPUTE).await.unwrap().unwrap();
        assert_ne!(after.id, before, "a rule change starts a recomputation");
        assert_eq!(after.started_by, "system:compliance");
    }
);
