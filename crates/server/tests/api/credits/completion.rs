//! Completion (结业, ADR 0023) over HTTP on both databases: a class ends with one trainee below
//! the attendance the leave cap leaves (6/7), one whose hand-entered score is missing and one
//! who passed; the grade sheet, the certificates, the credits, compliance and the archive tell
//! the same story, and entering the missing score later certifies that trainee too.

use super::{live, statement};
use crate::common;

use axum::http::StatusCode;
use chrono::Duration;
use common::running::running_class;
use common::{Session, TestApp};
use serde_json::{Value, json};

async fn get(t: &TestApp, who: &Session, path: &str) -> Value {
    let (status, body) = t.call(Some(who), "GET", path, None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

fn line(sheet: &Value, person: i64) -> &Value {
    sheet["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["person_id"] == person)
        .unwrap_or_else(|| panic!("{person} not in {sheet}"))
}

fn class_training(archive: &Value) -> &Value {
    archive["trainings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "考勤测试班")
        .unwrap_or_else(|| panic!("the class is not in {archive}"))
}

/// The class's training record as compliance counts it: (days, hours).
fn counted(status: &Value, class: i64) -> (String, String) {
    let record = status["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source"] == "class" && r["source_id"] == class)
        .unwrap_or_else(|| panic!("the class is not in {status}"));
    (
        record["days"].as_str().unwrap().to_owned(),
        record["hours"].as_str().unwrap().to_owned(),
    )
}

both_backends!(
    grades_certificates_credits_compliance_and_the_archive_agree_on_completion,
    |t| {
        let r = running_class(&t, 3).await;
        let [s1, s2, s3, s4] = r.sessions[..] else {
            panic!()
        };
        let [passed, absent, unscored] = r.people[..] else {
            panic!()
        };
        t.clock.advance(Duration::hours(36));
        let teacher = t.login("teacher").await;
        let zzb = t.login("zzb").await;
        // Of the 10 hours (3 + 3 + 3 + 1): `absent` misses the first 6, the others attend all.
        for s in [s1, s2, s3, s4] {
            for person in r.people.iter().copied() {
                let status = if person == absent && (s == s1 || s == s2) {
                    "absent"
                } else {
                    "present"
                };
                let (code, body) = t
                    .call(
                        Some(&teacher),
                        "PUT",
                        &format!("/classes/{}/sessions/{s}/marks/{person}", r.class),
                        Some(json!({"status": status})),
                    )
                    .await;
                assert_eq!(code, StatusCode::OK, "{body}");
            }
        }
        let grades = format!("/classes/{}/grades", r.class);

        // Before any scheme is chosen the class has no grading: completion reads attendance.
        let sheet = get(&t, &teacher, &grades).await;
        assert_eq!(sheet["graded"], false, "{sheet}");
        assert_eq!(sheet["leave_cap"], "1/7");
        assert_eq!(
            sheet["required_rate"], 8572,
            "100 hours less the 14.28 the cap allows"
        );

        // The head teacher chooses: attendance 50 %, a hand-entered research output 50 %.
        let (status, body) = t
            .call(
                Some(&teacher),
                "PUT",
                &format!("/classes/{}/grading", r.class),
                Some(json!({"scheme": {
                    "components": [
                        {"code": "hours", "label": "课程与学时", "weight": 50, "source": "attendance"},
                        {"code": "research", "label": "研修成果", "weight": 50, "source": "manual"}
                    ],
                    "pass_mark": 60,
                    "excellent": {"top": 1}
                }})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["saved"], true);
        let (status, body) = t
            .call(
                Some(&teacher),
                "PUT",
                &format!("{grades}/research"),
                Some(json!({"scores": [
                    {"person_id": passed, "score": "80"},
                    {"person_id": absent, "score": "90"}
                ]})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let (_, ended) = t
            .call(
                Some(&teacher),
                "POST",
                &format!("/classes/{}/actions", r.class),
                Some(json!({"action": "end"})),
            )
            .await;
        assert_eq!(ended["state"], "ended", "{ended}");

        // The grade sheet: a missing score is not a 0, it keeps the verdict pending.
        let sheet = get(&t, &teacher, &grades).await;
        assert_eq!(
            (sheet["graded"].as_bool(), sheet["finished"].as_bool()),
            (Some(true), Some(true))
        );
        let p = line(&sheet, passed);
        // 100 × 50 % + 80 × 50 % = 90.
        assert_eq!(
            (p["total"].as_i64(), p["verdict"].as_str()),
            (Some(9000), Some("passed"))
        );
        assert_eq!(
            p["completion"],
            json!({"verdict": "completed", "reasons": []})
        );
        assert_eq!(p["attendance"], json!({"attended": "10", "planned": "10"}));
        let a = line(&sheet, absent);
        // 40 × 50 % + 90 × 50 % = 65: passed, but 4 of 10 hours is below 10 − 1.42 = 8.58.
        assert_eq!(
            (a["total"].as_i64(), a["verdict"].as_str()),
            (Some(6500), Some("passed"))
        );
        assert_eq!(a["attendance_rate"], 4000);
        assert_eq!(a["completion"]["verdict"], "not_completed", "{a}");
        assert_eq!(
            a["completion"]["reasons"],
            json!([{"kind": "attendance", "attended": "4", "required": "8.58", "planned": "10", "cap": "1/7"}])
        );
        let u = line(&sheet, unscored);
        assert_eq!(u["total"], Value::Null, "{u}");
        assert_eq!(u["rank"], Value::Null);
        assert_eq!(u["verdict"], "pending");
        assert_eq!(u["scores"]["research"], Value::Null);
        assert_eq!(
            u["completion"],
            json!({"verdict": "pending", "reasons": [{"kind": "scores_missing", "components": ["研修成果"]}]})
        );

        // Certificates only for who completed.
        let (status, certs) = t
            .call(
                Some(&teacher),
                "POST",
                &format!("/classes/{}/certificates", r.class),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{certs}");
        let holders: Vec<i64> = certs
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["person_id"].as_i64().unwrap())
            .collect();
        assert_eq!(holders, [passed], "{certs}");
        let number = certs[0]["number"].as_str().unwrap().to_owned();
        let sheet = get(&t, &teacher, &grades).await;
        assert_eq!(line(&sheet, passed)["certificate_number"], number.as_str());
        assert_eq!(line(&sheet, absent)["certificate_number"], Value::Null);

        // Credits: the ledger's own figure (seed 004: 4 hours earned, 6 missed deducted twice).
        let credits = live(&statement(&t, &zzb, absent).await);
        let sum = |rule: &str| -> i64 {
            credits
                .iter()
                .filter(|(r, _)| r == rule)
                .map(|(_, amount)| amount)
                .sum()
        };
        assert_eq!(
            (sum("class_hours.earned"), sum("class_hours.absence")),
            (400, -1200),
            "{credits:?}"
        );
        assert_eq!(statement(&t, &zzb, passed).await["total"], 1000);

        // Compliance counts the hours attended, and the two calendar days in proportion.
        let as_of = "/compliance?as_of=2026-03-04";
        let status = get(&t, &zzb, &format!("/people/{absent}{as_of}")).await;
        assert_eq!(
            counted(&status, r.class),
            ("0.8".to_owned(), "4".to_owned())
        );
        let status = get(&t, &zzb, &format!("/people/{passed}{as_of}")).await;
        assert_eq!(counted(&status, r.class), ("2".to_owned(), "10".to_owned()));

        // The archive: the same verdicts, the hours counted beside the planned ones.
        let archive = get(&t, &zzb, &format!("/people/{absent}/archive")).await;
        let class = class_training(&archive);
        assert_eq!(
            (
                class["result"].as_str(),
                class["result_label"].as_str(),
                class["hours"].as_str(),
                class["planned_hours"].as_str()
            ),
            (Some("not_completed"), Some("未结业"), Some("4"), Some("10")),
            "{class}"
        );
        assert_eq!(
            class["result_note"],
            "出勤 4 学时，未达到总学时 10 扣除请假上限 1/7 后的 8.58 学时"
        );
        assert_eq!(class["certificate_number"], Value::Null);
        let archive = get(&t, &zzb, &format!("/people/{passed}/archive")).await;
        let class = class_training(&archive);
        assert_eq!(class["result"], "completed", "{class}");
        assert_eq!(class["grade"], "90");
        assert_eq!(class["certificate_number"], number.as_str());
        let archive = get(&t, &zzb, &format!("/people/{unscored}/archive")).await;
        let class = class_training(&archive);
        assert_eq!(class["result_label"], "待定（成绩未录全）", "{class}");
        assert_eq!(class["result_note"], "成绩未录全：研修成果未录入");
        assert_eq!(class["grade"], Value::Null);

        // Once the missing score is entered and passes, issuing again certifies that trainee.
        let (status, body) = t
            .call(
                Some(&teacher),
                "PUT",
                &format!("{grades}/research"),
                Some(json!({"scores": [{"person_id": unscored, "score": "50"}]})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let (_, certs) = t
            .call(
                Some(&teacher),
                "POST",
                &format!("/classes/{}/certificates", r.class),
                None,
            )
            .await;
        let mut holders: Vec<i64> = certs
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["person_id"].as_i64().unwrap())
            .collect();
        holders.sort_unstable();
        let mut expected = vec![passed, unscored];
        expected.sort_unstable();
        assert_eq!(holders, expected, "{certs}");
        let archive = get(&t, &zzb, &format!("/people/{unscored}/archive")).await;
        let class = class_training(&archive);
        // 100 × 50 % + 50 × 50 % = 75.
        assert_eq!(
            (class["result"].as_str(), class["grade"].as_str()),
            (Some("completed"), Some("75"))
        );
        assert!(class["certificate_number"].is_string(), "{class}");
    }
);

both_backends!(
    a_class_where_no_one_completed_says_why_no_certificate,
    |t| {
        let r = running_class(&t, 1).await;
        t.clock.advance(Duration::hours(36));
        let teacher = t.login("teacher").await;
        for &s in &r.sessions {
            t.call(
                Some(&teacher),
                "PUT",
                &format!("/classes/{}/sessions/{s}/marks/{}", r.class, r.people[0]),
                Some(json!({"status": "absent"})),
            )
            .await;
        }
        t.call(
            Some(&teacher),
            "POST",
            &format!("/classes/{}/actions", r.class),
            Some(json!({"action": "end"})),
        )
        .await;
        let (status, body) = t
            .call(
                Some(&teacher),
                "POST",
                &format!("/classes/{}/certificates", r.class),
                None,
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("NO_ONE_TO_CERTIFY")),
            "{body}"
        );
        assert!(
            body["message"].as_str().unwrap().contains("未结业 1 人"),
            "{body}"
        );
    }
);
