//! The workbench over HTTP on both databases (issue 17 item 1): each role's home page says
//! what waits for it now, counted within its rights and scope — the same lists the menu leads
//! to — and a count goes down when the work is done.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

use crate::common;
use axum::http::StatusCode;
use common::{Session, TestApp, id_card};
use serde_json::{Value, json};

async fn bench(t: &TestApp, who: &Session) -> Value {
    let (status, body) = t.call(Some(who), "GET", "/workbench", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The task of a kind, if the workbench shows one.
fn task<'a>(bench: &'a Value, kind: &str) -> Option<&'a Value> {
    bench["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == kind)
}

both_backends!(
    each_role_sees_what_waits_for_it_and_the_count_follows_the_work,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.unit_admin("county", t.units.county_x).await;
        let zzb = t.login("zzb").await;
        let county = t.login("county").await;
        let learner_id = t
            .person(&zzb, "学员甲", &id_card("19800101", 611), t.units.town_a)
            .await;
        t.account("learner", "trainee", t.units.town_a, Some(learner_id))
            .await;
        let learner = t.login("learner").await;

        // Nothing waits yet: no kind is shown with nothing in it; the learner always sees their
        // lessons (none required yet).
        let fresh = bench(&t, &zzb).await;
        for shown in fresh["tasks"].as_array().unwrap() {
            assert!(shown["count"].as_u64().unwrap() > 0, "{fresh}");
        }
        assert!(
            task(&fresh, "training_records_to_review").is_none(),
            "{fresh}"
        );
        let mine = bench(&t, &learner).await;
        assert_eq!(mine["tasks"].as_array().unwrap().len(), 1, "{mine}");
        let none_yet = task(&mine, "my_lessons").unwrap();
        assert_eq!(none_yet["count"], 0);
        assert!(
            none_yet["extra"].is_null(),
            "no hours owed without a required course: {mine}"
        );

        // The county enters training done elsewhere: it waits on the authority's workbench, not
        // on the county's (which may not approve it).
        let (status, record) = t
            .call(
                Some(&county),
                "POST",
                &format!("/people/{learner_id}/training-records"),
                Some(json!({
                    "kind": "party_school_elsewhere",
                    "title": "省委党校中青年干部培训班",
                    "institution_name": "某省委党校",
                    "starts_on": "2025-09-01",
                    "ends_on": "2025-11-29",
                    "days": "90",
                    "hours": 400,
                    "evidence": "结业证书 2025-118 号"
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{record}");
        let waiting = bench(&t, &zzb).await;
        let review = task(&waiting, "training_records_to_review").unwrap();
        assert_eq!(review["count"], 1, "{waiting}");
        assert_eq!(review["kind_label"], "待认定的外部培训记录");
        assert_eq!(review["overdue"], false);
        assert!(task(&bench(&t, &county).await, "training_records_to_review").is_none());

        // Approved, it leaves the workbench.
        let (status, decided) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/training-records/{}/decision", record["id"]),
                Some(json!({"decision": "approve"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{decided}");
        assert!(task(&bench(&t, &zzb).await, "training_records_to_review").is_none());

        // A required course for the learner's town: its lesson waits on the learner's workbench,
        // with the year's online hours still owed (50 by the national rules, in hundredths).
        let (_, media) = {
            let (status, _, body) = t
                .call_raw(
                    Some(&zzb),
                    "POST",
                    "/learning/media?filename=lesson.mp4",
                    Some(("video/mp4", crate::learning::mp4::h264(60_000))),
                )
                .await;
            (status, serde_json::from_slice::<Value>(&body).unwrap())
        };
        let (_, course) = t
            .call(
                Some(&zzb),
                "POST",
                "/learning/courses",
                Some(json!({"title": "全会精神", "category": "theory", "summary": ""})),
            )
            .await;
        let course_id = course["id"].as_i64().unwrap();
        t.call(
            Some(&zzb),
            "POST",
            &format!("/learning/courses/{course_id}/lessons"),
            Some(json!({"title": "第一讲", "media_id": media["id"]})),
        )
        .await;
        t.call(
            Some(&zzb),
            "POST",
            &format!("/learning/courses/{course_id}/state"),
            Some(json!({"action": "publish"})),
        )
        .await;
        let (_, my_courses) = t
            .call(Some(&learner), "GET", "/learning/my/courses", None)
            .await;
        let (status, requirement) = t
        .call(
            Some(&zzb),
            "POST",
            &format!("/learning/courses/{course_id}/requirements"),
            Some(json!({"year": my_courses["year"], "audience": "unit", "audience_id": t.units.town_a})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{requirement}");
        let mine = bench(&t, &learner).await;
        let lessons = task(&mine, "my_lessons").unwrap();
        assert_eq!(lessons["count"], 1, "{mine}");
        assert_eq!(lessons["extra"], 5000, "{mine}");
    }
);
