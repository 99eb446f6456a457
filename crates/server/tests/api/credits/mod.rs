//! The credit ledger over HTTP on both databases (issue 6): a class's roll calls become credits
//! under seed 004's rules when it ends, a correction or a rule change reverses and re-posts,
//! manual awards and revocations name who did them, parallel postings lose nothing, and an edit
//! behind the application's back is found.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

mod completion;
mod sheets;

use crate::common;

use axum::http::StatusCode;
use chrono::Duration;
use common::running::running_class;
use common::{Session, TestApp, id_card};
use ganxun_domain::CreditEntryId;
use ganxun_storage::credits::ledger::{self, LedgerProblem};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

async fn statement(t: &TestApp, who: &Session, person: i64) -> Value {
    let (status, body) = t
        .call(
            Some(who),
            "GET",
            &format!("/people/{person}/credits?year=2026"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// (rule, amount) of the entries not reversed and not reversals, in order.
fn live(statement: &Value) -> Vec<(String, i64)> {
    statement["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reverses"].is_null() && e["reversed_by"].is_null())
        .map(|e| {
            (
                e["rule_id"].as_str().unwrap().to_owned(),
                e["amount"].as_i64().unwrap(),
            )
        })
        .collect()
}

async fn assert_ledger_intact(t: &TestApp) {
    let report = ledger::verify(&t.app.db).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

both_backends!(
    a_finished_class_posts_seed_004_credits_and_follows_corrections_and_rule_changes,
    |t| {
        let r = running_class(&t, 3).await;
        let [s1, s2, s3, s4] = r.sessions[..] else {
            panic!()
        };
        // To 21:00 on the last day; sessions are over and marked.
        t.clock.advance(Duration::hours(36));
        let teacher = t.login("teacher").await;
        let zzb = t.login("zzb").await;
        let mark = async |session: i64, person: i64, body: Value| {
            let (status, row) = t
                .call(
                    Some(&teacher),
                    "PUT",
                    &format!("/classes/{}/sessions/{session}/marks/{person}", r.class),
                    Some(body),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{row}");
        };
        let [a, b, c] = r.people[..] else { panic!() };
        for s in [s1, s2, s3, s4] {
            mark(s, a, json!({"status": "present"})).await;
        }
        mark(s1, b, json!({"status": "late", "minutes_late": 10})).await;
        mark(s2, b, json!({"status": "present"})).await;
        mark(s3, b, json!({"status": "absent"})).await;
        mark(s4, b, json!({"status": "present"})).await;
        for s in [s1, s2, s3] {
            mark(s, c, json!({"status": "present"})).await;
        }
        mark(s4, c, json!({"status": "on_leave"})).await;
        let (status, post_early) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/classes/{}/credits", r.class),
                None,
            )
            .await;
        assert_eq!(
            (status, post_early["code"].as_str()),
            (StatusCode::CONFLICT, Some("CLASS_NOT_ENDED")),
            "{post_early}"
        );

        // Ending the class posts its credits.
        let (_, ended) = t
            .call(
                Some(&teacher),
                "POST",
                &format!("/classes/{}/actions", r.class),
                Some(json!({"action": "end"})),
            )
            .await;
        assert_eq!(ended["state"], "ended", "{ended}");
        // 10 hours attended in full.
        let sa = statement(&t, &zzb, a).await;
        assert_eq!(live(&sa), [("class_hours.earned".to_owned(), 1000)]);
        assert_eq!(sa["total"], 1000);
        assert_eq!(sa["entries"][0]["rule_version"], 0, "built-in seed 004");
        // 10 minutes late: 3 × 170/180 = 2.83 of s1, plus 3 + 1 → 6.83 earned; the late part
        // counts as 1 hour and the 3-hour absence as 3, both deducted twice: −2 and −6.
        let sb = statement(&t, &zzb, b).await;
        assert_eq!(
            live(&sb),
            [
                ("class_hours.earned".to_owned(), 683),
                ("class_hours.late".to_owned(), -200),
                ("class_hours.absence".to_owned(), -600),
            ]
        );
        assert_eq!(sb["total"], -117);
        assert!(
            sb["entries"][2]["explanation"]
                .as_str()
                .unwrap()
                .contains("无故缺勤，缺 3 学时"),
            "{sb}"
        );
        // Leave earns nothing and costs nothing.
        let sc = statement(&t, &zzb, c).await;
        assert_eq!(live(&sc), [("class_hours.earned".to_owned(), 900)]);

        // Posting again changes nothing.
        let (_, again) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/classes/{}/credits", r.class),
                None,
            )
            .await;
        assert_eq!(again, json!({"posted": 0, "reversed": 0, "unchanged": 5}));

        // The absence was a mistake: correcting it reverses and re-posts, it never rewrites.
        mark(
            s3,
            b,
            json!({"status": "present", "reason": "补交了请假条以外的签到记录，核实到场"}),
        )
        .await;
        let sb = statement(&t, &zzb, b).await;
        assert_eq!(
            live(&sb),
            [
                ("class_hours.late".to_owned(), -200),
                ("class_hours.earned".to_owned(), 983),
            ]
        );
        assert_eq!(sb["total"], 783);
        assert_eq!(sb["entries"].as_array().unwrap().len(), 6, "{sb}");

        // A new rule set for 2026 (2 credits per hour) re-evaluates: reversals and new entries
        // that name version 1, the old ones keep version 0.
        let doubled = ganxun_domain::credits::SEED_004
            .replacen("credits_per_hour = 1", "credits_per_hour = 2", 1)
            .replacen(
                "applies_from = \"2024-07-31\"",
                "applies_from = \"2026-01-01\"",
                1,
            );
        // First tried on one person: nothing is saved.
        let (status, preview) = t
            .call(
                Some(&zzb),
                "POST",
                "/credits/rules/preview",
                Some(
                    json!({"kind": "credit_rules", "body": doubled, "person_id": a, "year": 2026}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{preview}");
        assert_eq!(
            (
                preview["draft_total"].as_i64(),
                preview["current_total"].as_i64()
            ),
            (Some(2000), Some(1000)),
            "{preview}"
        );
        assert_eq!(preview["lines"][0]["current"], 1000);
        let (status, saved) = t
            .call(
                Some(&zzb),
                "PUT",
                "/rules/credit_rules",
                Some(json!({"body": doubled})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        let (_, redone) = t
            .call(Some(&zzb), "POST", "/credits/reevaluate?year=2026", None)
            .await;
        assert_eq!(
            redone,
            json!({"classes": 1, "records": 0, "lessons": 0, "posted": 4, "reversed": 4, "unchanged": 0}),
            "earned of a, b and c, and b's lateness (−2 → −4)"
        );
        let sa = statement(&t, &zzb, a).await;
        assert_eq!(sa["total"], 2000);
        let versions: Vec<i64> = sa["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["rule_version"].as_i64().unwrap())
            .collect();
        assert_eq!(versions, [0, 0, 1]);
        // A broken rule document is refused with its line.
        let (status, refused) = t
            .call(
                Some(&zzb),
                "PUT",
                "/rules/credit_rules",
                Some(json!({"body": "name = \"x\"\napplies_from = \"2026-01-01\"\n[exam]\nbands = []\n"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");

        // Trainees see their own statement only, and post nothing.
        let tr0 = t.login("tr0").await;
        assert_eq!(statement(&t, &tr0, a).await["total"], 2000);
        let (status, _) = t
            .call(Some(&tr0), "GET", &format!("/people/{b}/credits"), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = t
            .call(
                Some(&tr0),
                "POST",
                &format!("/classes/{}/credits", r.class),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_ledger_intact(&t).await;
    }
);

both_backends!(manual_awards_and_revocations_name_who_did_them, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    t.account("county", "unit_admin", t.units.county_x, None)
        .await;
    t.account("other", "unit_admin", t.units.county_y, None)
        .await;
    let zzb = t.login("zzb").await;
    let person = t
        .person(&zzb, "钟伟", &id_card("19850505", 31), t.units.town_a)
        .await;
    let county = t.login("county").await;
    let award = async |who: &Session, body: Value| {
        t.call(Some(who), "POST", "/credits/awards", Some(body))
            .await
    };
    let (status, paper) = award(
        &county,
        json!({"person_id": person, "date": "2026-05-10", "category": "research",
                   "amount": "10", "reason": "省级期刊论文《农村学校课后服务》"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{paper}");
    assert_eq!(paper["entered_by"], "county");
    let (status, body) = award(
        &county,
        json!({"person_id": person, "date": "2026-05-10", "category": "other",
                   "amount": "-2", "reason": "集中学习无故缺席一次"}),
    )
    .await;
    assert_eq!(
        (status, body["amount"].as_i64()),
        (StatusCode::CREATED, Some(-200))
    );
    // Bad input is refused field by field; another county cannot touch the person.
    let (status, body) = award(
        &county,
        json!({"person_id": person, "date": "2026-05-10", "category": "other",
                   "amount": "1.234", "reason": "x"}),
    )
    .await;
    assert_eq!(
        (status, body["fields"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("CREDITS_INVALID")),
        "{body}"
    );
    let (_, body) = award(
        &county,
        json!({"person_id": person, "date": "2026-05-10", "category": "bonus",
                   "amount": "1", "reason": "x"}),
    )
    .await;
    assert_eq!(body["fields"][0]["code"], "UNKNOWN_CATEGORY", "{body}");
    let other = t.login("other").await;
    let (status, _) = award(
        &other,
        json!({"person_id": person, "date": "2026-05-10", "category": "other",
                   "amount": "5", "reason": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The paper turns out to be falsified: only the authority revokes, with a reason.
    let revoke = format!("/credits/entries/{}/revoke", paper["id"]);
    let (status, _) = t
        .call(
            Some(&county),
            "POST",
            &revoke,
            Some(json!({"reason": "伪造"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = t
        .call(Some(&zzb), "POST", &revoke, Some(json!({"reason": ""})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, reversal) = t
        .call(
            Some(&zzb),
            "POST",
            &revoke,
            Some(json!({"reason": "经核查该期刊无此文章"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reversal}");
    assert_eq!(
        (
            reversal["amount"].as_i64(),
            reversal["entered_by"].as_str(),
            reversal["reverses"].as_i64(),
            reversal["reason"].as_str()
        ),
        (
            Some(-1000),
            Some("zzb"),
            paper["id"].as_i64(),
            Some("撤销：经核查该期刊无此文章")
        )
    );
    let (status, body) = t
        .call(Some(&zzb), "POST", &revoke, Some(json!({"reason": "再次"})))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("ENTRY_NOT_LIVE"))
    );
    let s = statement(&t, &zzb, person).await;
    assert_eq!(s["total"], -200);
    let research = s["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["category"] == "research")
        .unwrap();
    assert_eq!(
        (
            research["amount"].as_i64(),
            research["category_label"].as_str()
        ),
        (Some(0), Some("教科研"))
    );
    // The original enterer stays on the revoked entry, for follow-up.
    assert_eq!(s["entries"][0]["entered_by"], "county");
    assert_eq!(s["entries"][0]["reversed_by"], reversal["id"]);
    assert_ledger_intact(&t).await;
});

both_backends!(
    parallel_postings_lose_nothing_and_totals_stay_equal_to_entries,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let zzb = t.login("zzb").await;
        let person = t
            .person(&zzb, "李明", &id_card("19860606", 41), t.units.town_a)
            .await;
        // Spawned tasks: the postings really run at once on the runtime's threads.
        let t = std::sync::Arc::new(t);
        let mut tasks = Vec::new();
        for i in 0..24 {
            let (t, zzb) = (t.clone(), zzb.clone());
            tasks.push(tokio::spawn(async move {
                let body = json!({"person_id": person, "date": "2026-06-01", "category": "other",
                              "amount": format!("{}.25", i % 3 + 1), "reason": format!("第{i}次")});
                t.call(Some(&zzb), "POST", "/credits/awards", Some(body))
                    .await
                    .0
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap(), StatusCode::CREATED);
        }
        let s = statement(&t, &zzb, person).await;
        assert_eq!(s["entries"].as_array().unwrap().len(), 24);
        // 8 × (1.25 + 2.25 + 3.25) = 54
        assert_eq!(s["total"], 5400);
        assert_eq!(s["totals"][0]["entries"], 24);
        assert_ledger_intact(&t).await;
    }
);

both_backends!(an_edit_behind_the_applications_back_is_found, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let zzb = t.login("zzb").await;
    let person = t
        .person(&zzb, "王芳", &id_card("19870707", 51), t.units.town_a)
        .await;
    let mut ids = Vec::new();
    for amount in ["3", "4", "5"] {
        let (_, e) = t
            .call(
                Some(&zzb),
                "POST",
                "/credits/awards",
                Some(
                    json!({"person_id": person, "date": "2026-06-01", "category": "other",
                            "amount": amount, "reason": "集中学习"}),
                ),
            )
            .await;
        ids.push(CreditEntryId(e["id"].as_i64().unwrap()));
    }
    assert_ledger_intact(&t).await;
    let sql = format!("UPDATE credit_entry SET amount = 900 WHERE id = {}", ids[1]);
    t.app
        .db
        .connection()
        .execute_unprepared(&sql)
        .await
        .unwrap();
    let report = ledger::verify(&t.app.db).await.unwrap();
    assert!(
        report
            .problems
            .contains(&LedgerProblem::Tampered { id: ids[1] }),
        "{:?}",
        report.problems
    );
    assert!(
        report.problems.iter().any(|p| matches!(
            p,
            LedgerProblem::Total {
                kept: 1200,
                summed: 1700,
                ..
            }
        )),
        "{:?}",
        report.problems
    );
    // Deleting the last entry breaks the chain's end.
    let sql = format!("DELETE FROM credit_entry WHERE id = {}", ids[2]);
    t.app
        .db
        .connection()
        .execute_unprepared(&sql)
        .await
        .unwrap();
    let report = ledger::verify(&t.app.db).await.unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, LedgerProblem::HeadMismatch { .. })),
        "{:?}",
        report.problems
    );
});

both_backends!(rebuilding_totals_corrects_them_from_the_entries, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let zzb = t.login("zzb").await;
    let person = t
        .person(&zzb, "王芳", &id_card("19870707", 52), t.units.town_a)
        .await;
    let second = t
        .person(&zzb, "李明", &id_card("19870707", 53), t.units.town_a)
        .await;
    let body = json!({"person_id": second, "date": "2026-05-01", "category": "other",
                      "amount": "1", "reason": "集中学习"});
    let (status, _) = t
        .call(Some(&zzb), "POST", "/credits/awards", Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    for (date, amount) in [
        ("2025-03-01", "2"),
        ("2026-06-01", "3"),
        ("2026-07-01", "4.5"),
    ] {
        let body = json!({"person_id": person, "date": date, "category": "other",
                          "amount": amount, "reason": "集中学习"});
        let (status, _) = t
            .call(Some(&zzb), "POST", "/credits/awards", Some(body))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // Nothing to correct on an intact ledger.
    // One person per transaction here, so the ranges' edges are crossed.
    let actor = ganxun_storage::Actor::system("test");
    let rebuild = || ledger::rebuild_totals(&t.app.db, &actor, t.app.now(), 1, |_, _| {});
    let done = rebuild().await.unwrap();
    assert_eq!((done.totals, done.corrected), (3, 0));
    // A total moved behind the application's back, and a total with no entries at all.
    let db = t.app.db.connection();
    db.execute_unprepared(&format!(
        "UPDATE credit_total SET amount = amount + 1 WHERE year = 2026 AND person_id = {person}"
    ))
    .await
    .unwrap();
    db.execute_unprepared(&format!(
        "INSERT INTO credit_total (person_id, year, category, amount, entries) \
         VALUES ({person}, 2020, 'other', 500, 1)"
    ))
    .await
    .unwrap();
    assert_eq!(ledger::verify(&t.app.db).await.unwrap().problems.len(), 2);
    let done = rebuild().await.unwrap();
    assert_eq!((done.totals, done.corrected), (3, 2));
    assert_ledger_intact(&t).await;
    let s = statement(&t, &zzb, person).await;
    assert_eq!(s["total"], 750);
});

both_backends!(
    scores_research_salons_and_school_terms_earn_by_the_rules,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.account("county", "unit_admin", t.units.county_x, None)
            .await;
        let zzb = t.login("zzb").await;
        let mut people = Vec::new();
        for (i, name) in ["钟伟", "李明", "王芳", "赵强"].iter().enumerate() {
            let serial = 61 + u32::try_from(i).unwrap();
            people.push(
                t.person(&zzb, name, &id_card("19880101", serial), t.units.town_a)
                    .await,
            );
        }
        let county = t.login("county").await;
        let post =
            async |path: &str, body: Value| t.call(Some(&county), "POST", path, Some(body)).await;
        // Exam bands: 85 → 20, 84.5 → 15, 60 → 10, 59.5 → 0 (以上 includes the number).
        let (status, recorded) = post(
            "/credits/scores",
            json!({"kind": "exam", "title": "教育法规", "date": "2026-04-20", "scores": [
                {"person_id": people[0], "score": "85"}, {"person_id": people[1], "score": "84.5"},
                {"person_id": people[2], "score": "60"}, {"person_id": people[3], "score": "59.5"}
            ]}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{recorded}");
        assert_eq!(recorded["posted"], 3, "a failing score posts nothing");
        let totals: Vec<i64> = {
            let mut v = Vec::new();
            for &p in &people {
                v.push(statement(&t, &zzb, p).await["total"].as_i64().unwrap());
            }
            v
        };
        assert_eq!(totals, [2000, 1500, 1000, 0]);
        let (status, body) = post(
            "/credits/scores",
            json!({"kind": "exam", "title": "x", "date": "2026-04-20",
                   "scores": [{"person_id": people[0], "score": "101"}]}),
        )
        .await;
        assert_eq!(
            (status, body["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("SCORE_INVALID"))
        );

        // A co-written provincial paper waits for approval, then earns 10 / 2 = 5.
        let (_, paper) = post(
            "/credits/research",
            json!({"person_id": people[3], "kind": "paper", "level": "provincial",
                   "title": "农村小学课堂管理", "date": "2026-05-01", "co_authored": true,
                   "evidence": "《湖北教育》2026 年第 5 期"}),
        )
        .await;
        assert_eq!(paper["posted"], 0, "{paper}");
        let id = paper["records"][0]["id"].as_i64().unwrap();
        let (status, _) = t
            .call(Some(&county), "GET", "/credits/records/pending", None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "only the authority approves");
        let (_, pending) = t
            .call(Some(&zzb), "GET", "/credits/records/pending", None)
            .await;
        assert_eq!(pending.as_array().unwrap().len(), 1, "{pending}");
        assert_eq!(pending[0]["person_name"], "赵强", "{pending}");
        let decide = format!("/credits/records/{id}/decision");
        let (_, approved) = t
            .call(
                Some(&zzb),
                "POST",
                &decide,
                Some(json!({"decision": "approve"})),
            )
            .await;
        assert_eq!(approved["state"], "approved", "{approved}");
        // Provincial paper 10, halved when co-written.
        assert_eq!(approved["credits"]["posted"], 1, "{approved}");
        let (status, again) = t
            .call(
                Some(&zzb),
                "POST",
                &decide,
                Some(json!({"decision": "approve"})),
            )
            .await;
        assert_eq!(
            (status, again["code"].as_str()),
            (StatusCode::CONFLICT, Some("FACT_NOT_PENDING"))
        );
        let s = statement(&t, &zzb, people[3]).await;
        assert_eq!(s["total"], 500);
        assert!(
            s["entries"][0]["explanation"]
                .as_str()
                .unwrap()
                .contains("与他人合作按 1/2 计"),
            "{s}"
        );
        // A paper in a supplement is approved but earns nothing; a rejection needs a reason.
        let (_, supplement) = post(
            "/credits/research",
            json!({"person_id": people[2], "kind": "paper", "level": "national_core",
                   "title": "增刊论文", "date": "2026-05-02", "supplement": true, "evidence": "增刊"}),
        )
        .await;
        let sid = supplement["records"][0]["id"].as_i64().unwrap();
        let (status, _) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/credits/records/{sid}/decision"),
                Some(json!({"decision": "reject"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        // A salon of two groups: the better one excellent (10), the other good (7).
        let (_, salon) = post(
            "/credits/salons",
            json!({"title": "《教育的目的》读书沙龙", "date": "2026-05-10", "groups": [
                {"name": "第一组", "score": "92", "members": [people[0], people[1]]},
                {"name": "第二组", "score": "80", "members": [people[2], people[3]]}
            ]}),
        )
        .await;
        assert_eq!(salon["posted"], 4, "{salon}");
        assert_eq!(statement(&t, &zzb, people[1]).await["total"], 1500 + 1000);
        assert_eq!(statement(&t, &zzb, people[3]).await["total"], 500 + 700);

        // School-based points under seed 001: 30 + 6 × 10 + 1 × 30.
        let (_, term) = post(
            "/credits/school-terms",
            json!({"person_id": people[2], "term": "2026 年春季学期", "ends_on": "2026-07-10",
                   "attended": 6, "taught": 1}),
        )
        .await;
        assert_eq!(term["posted"], 3, "{term}");
        let s = statement(&t, &zzb, people[2]).await;
        let school = s["totals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["category"] == "school_based")
            .unwrap();
        assert_eq!(school["amount"], 12000);

        // The revocation report names who entered and who revoked.
        let entry = statement(&t, &zzb, people[0]).await["entries"][0]["id"].clone();
        t.call(
            Some(&zzb),
            "POST",
            &format!("/credits/entries/{entry}/revoke"),
            Some(json!({"reason": "替考"})),
        )
        .await;
        let (_, report) = t
            .call(Some(&zzb), "GET", "/credits/revocations", None)
            .await;
        assert_eq!(report.as_array().unwrap().len(), 1, "{report}");
        assert_eq!(report[0]["person_name"], "钟伟", "{report}");
        assert_eq!(
            (
                report[0]["original"]["entered_by"].as_str(),
                report[0]["revocation"]["entered_by"].as_str(),
                report[0]["revocation"]["reason"].as_str()
            ),
            (Some("county"), Some("zzb"), Some("撤销：替考"))
        );
        assert_ledger_intact(&t).await;
    }
);

both_backends!(
    a_units_credits_are_published_and_objected_to_until_the_closing_day,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let zzb = t.login("zzb").await;
        let mine = t
            .person(&zzb, "钟伟", &id_card("19850505", 71), t.units.town_a)
            .await;
        let other = t
            .person(&zzb, "李明", &id_card("19850505", 72), t.units.town_a)
            .await;
        let elsewhere = t
            .person(&zzb, "王芳", &id_card("19850505", 73), t.units.county_y)
            .await;
        t.account("zhongwei", "trainee", t.units.town_a, Some(mine))
            .await;
        t.account("wangfang", "trainee", t.units.county_y, Some(elsewhere))
            .await;
        let (_, entry) = t
            .call(
                Some(&zzb),
                "POST",
                "/credits/awards",
                Some(
                    json!({"person_id": mine, "date": "2026-02-10", "category": "other",
                        "amount": "6", "reason": "集中学习"}),
                ),
            )
            .await;
        let publish =
            |closes: &str| json!({"unit_id": t.units.county_x, "year": 2026, "closes_on": closes});
        let (status, body) = t
            .call(
                Some(&zzb),
                "POST",
                "/credits/publications",
                Some(publish("2026-03-01")),
            )
            .await;
        assert_eq!(
            (status, body["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("CLOSES_IN_PAST")),
            "{body}"
        );
        let (status, publication) = t
            .call(
                Some(&zzb),
                "POST",
                "/credits/publications",
                Some(publish("2026-03-09")),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{publication}");
        assert_eq!(publication["title"], "甲县2026年度学时学分公示");
        let lines = publication["lines"].as_array().unwrap();
        let line = |person: i64| lines.iter().find(|l| l["person_id"] == person).cloned();
        assert_eq!(line(mine).unwrap()["total"], 600);
        assert_eq!(line(other).unwrap()["total"], 0);
        assert!(line(elsewhere).is_none(), "another county is not listed");
        let id = publication["id"].as_i64().unwrap();
        // The authority finds what it published for a unit below its own.
        let (_, listed) = t
            .call(Some(&zzb), "GET", "/credits/publications", None)
            .await;
        assert_eq!(listed[0]["id"].as_i64(), Some(id), "{listed}");

        // The list stays as published: a later award does not change it.
        t.call(
            Some(&zzb),
            "POST",
            "/credits/awards",
            Some(
                json!({"person_id": mine, "date": "2026-03-02", "category": "other",
                    "amount": "1", "reason": "补登"}),
            ),
        )
        .await;
        let (_, again) = t
            .call(
                Some(&zzb),
                "GET",
                &format!("/credits/publications/{id}"),
                None,
            )
            .await;
        assert_eq!(again["lines"], publication["lines"]);

        // A trainee of the unit reads it and objects to their own line; others cannot read it.
        let me = t.login("zhongwei").await;
        let (_, listed) = t
            .call(Some(&me), "GET", "/credits/publications", None)
            .await;
        assert_eq!(
            (listed[0]["id"].as_i64(), listed[0]["open"].as_bool()),
            (Some(id), Some(true))
        );
        let (status, objection) = t
            .call(
                Some(&me),
                "POST",
                &format!("/credits/publications/{id}/objections"),
                Some(json!({"text": "2 月 10 日的集中学习应为 8 学时", "entry_id": entry["id"]})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{objection}");
        let stranger = t.login("wangfang").await;
        let (status, _) = t
            .call(
                Some(&stranger),
                "GET",
                &format!("/credits/publications/{id}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, listed) = t
            .call(Some(&stranger), "GET", "/credits/publications", None)
            .await;
        assert_eq!(listed, json!([]), "another county's trainee lists nothing");

        // The authority answers once; after the closing day no objection is taken.
        let answer = format!("/credits/objections/{}/answer", objection["id"]);
        let (_, answered) = t
            .call(
                Some(&zzb),
                "POST",
                &answer,
                Some(json!({"decision": "uphold", "answer": "经核实，已补登 2 学时"})),
            )
            .await;
        assert_eq!(
            (answered["state"].as_str(), answered["answered_by"].as_str()),
            (Some("upheld"), Some("zzb")),
            "{answered}"
        );
        let (status, body) = t
            .call(
                Some(&zzb),
                "POST",
                &answer,
                Some(json!({"decision": "dismiss", "answer": "x"})),
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("OBJECTION_ANSWERED"))
        );
        t.clock.advance(Duration::days(8));
        let me = t.login("zhongwei").await;
        let (status, body) = t
            .call(
                Some(&me),
                "POST",
                &format!("/credits/publications/{id}/objections"),
                Some(json!({"text": "再提一次"})),
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("PUBLICATION_CLOSED")),
            "{body}"
        );
    }
);

both_backends!(
    a_class_grade_sheet_weighs_hours_assignments_and_research,
    |t| {
        let r = running_class(&t, 2).await;
        t.clock.advance(Duration::hours(36));
        let teacher = t.login("teacher").await;
        let zzb = t.login("zzb").await;
        let [a, b] = r.people[..] else { panic!() };
        for (i, &session) in r.sessions.iter().enumerate() {
            for person in [a, b] {
                let status = if person == b && i == 2 {
                    "absent"
                } else {
                    "present"
                };
                t.call(
                    Some(&teacher),
                    "PUT",
                    &format!("/classes/{}/sessions/{session}/marks/{person}", r.class),
                    Some(json!({"status": status})),
                )
                .await;
            }
        }
        let (status, body) = t
            .call(
                Some(&zzb),
                "POST",
                "/credits/scores",
                Some(
                    json!({"kind": "assignment", "title": "调研报告", "date": "2026-03-03",
                        "class_id": r.class, "scores": [
                {"person_id": a, "score": "80"}, {"person_id": b, "score": "90"}]}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let grades = format!("/classes/{}/grades", r.class);
        let (status, body) = t
        .call(
            Some(&teacher),
            "PUT",
            &format!("{grades}/research"),
            Some(json!({"scores": [{"person_id": a, "score": "70"}, {"person_id": b, "score": "60"}]})),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let (status, body) = t
            .call(
                Some(&teacher),
                "PUT",
                &format!("{grades}/hours"),
                Some(json!({"scores": [{"person_id": a, "score": "70"}]})),
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("NOT_A_MANUAL_COMPONENT"))
        );
        // a: 100 × 40 % + 80 × 30 % + 70 × 30 % = 85; b (7 of 10 hours): 28 + 27 + 18 = 73.
        let (_, sheet) = t.call(Some(&teacher), "GET", &grades, None).await;
        let lines: Vec<(i64, i64, i64, bool)> = sheet["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["person_id"].as_i64().unwrap(),
                    l["total"].as_i64().unwrap(),
                    l["rank"].as_i64().unwrap(),
                    l["excellent"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(lines, [(a, 8500, 1, true), (b, 7300, 2, false)], "{sheet}");
        assert_eq!(sheet["lines"][1]["scores"]["hours"], 7000);
        assert_eq!(sheet["lines"][0]["name"], "学员甲");
        // A scheme must weigh 100 %.
        let mut scheme = sheet["scheme"].clone();
        scheme["components"][0]["weight"] = json!(50);
        let (status, body) = t
            .call(
                Some(&teacher),
                "PUT",
                &format!("/classes/{}/grading", r.class),
                Some(json!({"scheme": scheme})),
            )
            .await;
        assert_eq!(
            (status, body["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("GRADING_WEIGHTS"))
        );
        // A trainee of the class does not read the sheet.
        let tr0 = t.login("tr0").await;
        let (status, _) = t.call(Some(&tr0), "GET", &grades, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
);

both_backends!(whoever_entered_a_research_output_does_not_approve_it, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    t.account("zzb2", "training_authority", t.units.city, None)
        .await;
    let zzb = t.login("zzb").await;
    let person = t
        .person(
            &zzb,
            "周敏",
            &common::id_card("19850101", 301),
            t.units.town_a,
        )
        .await;
    let (status, paper) = t
            .call(
                Some(&zzb),
                "POST",
                "/credits/research",
                Some(json!({"person_id": person, "kind": "paper", "level": "provincial",
                   "title": "课堂观察", "date": "2026-05-01", "evidence": "《湖北教育》2026 年第 6 期"})),
            )
            .await;
    assert_eq!(status, StatusCode::CREATED, "{paper}");
    let id = paper["records"][0]["id"].as_i64().unwrap();
    let decide = format!("/credits/records/{id}/decision");
    let (status, refused) = t
        .call(
            Some(&zzb),
            "POST",
            &decide,
            Some(json!({"decision": "approve"})),
        )
        .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::CONFLICT, Some("SELF_APPROVAL")),
        "{refused}"
    );
    let other = t.login("zzb2").await;
    let (status, approved) = t
        .call(
            Some(&other),
            "POST",
            &decide,
            Some(json!({"decision": "approve"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["state"], "approved");
});
