//! Follow-ups in the same transaction (issue 15 item 4), on both databases: ending a class
//! promises its credit posting in the end's own transaction; when the posting fails (here a
//! broken credit-rule document, put into the database the way a bad restore or a hand edit
//! would), the class still ends, the follow-up waits with its error, is retried after a delay
//! until it succeeds, and nothing is ever posted twice. A correction after the end goes the same
//! way; after eight failures a follow-up waits for the authority's retry.

use crate::common::{self, TestApp};

use axum::http::StatusCode;
use chrono::Duration;
use common::running::running_class;
use ganxun::app::follow_ups;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

async fn sql(t: &TestApp, text: &str) {
    t.app
        .db
        .connection()
        .execute_unprepared(text)
        .await
        .unwrap();
}

/// A credit-rule document that cannot be read, in force from long ago: posting fails on it.
async fn break_the_rules(t: &TestApp) {
    let at = if t.is_postgres() {
        "'2026-01-01T00:00:00Z'"
    } else {
        "'2026-01-01 00:00:00+00:00'"
    };
    sql(
        t,
        &format!(
            "INSERT INTO rule_document (kind, version, body, saved_by, saved_at) \
             VALUES ('credit_rules', 99, 'applies_from = [broken', 'test', {at})"
        ),
    )
    .await;
}

async fn mend_the_rules(t: &TestApp) {
    sql(t, "DELETE FROM rule_document WHERE version = 99").await;
}

async fn total(t: &TestApp, who: &common::Session, person: i64) -> i64 {
    let (status, body) = t
        .call(
            Some(who),
            "GET",
            &format!("/people/{person}/credits?year=2026"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["total"].as_i64().unwrap()
}

async fn open(t: &TestApp, who: &common::Session) -> Vec<Value> {
    let (status, body) = t.call(Some(who), "GET", "/follow-ups", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().unwrap().clone()
}

both_backends!(
    a_class_ends_even_when_its_credits_cannot_be_posted_and_they_follow_once,
    |t| {
        let r = running_class(&t, 2).await;
        t.clock.advance(Duration::hours(36));
        let teacher = t.login("teacher").await;
        let zzb = t.login("zzb").await;
        let [a, b] = r.people[..] else { panic!() };
        for session in &r.sessions {
            for person in [a, b] {
                let (status, row) = t
                    .call(
                        Some(&teacher),
                        "PUT",
                        &format!("/classes/{}/sessions/{session}/marks/{person}", r.class),
                        Some(json!({"status": "present"})),
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{row}");
            }
        }
        break_the_rules(&t).await;
        let (status, ended) = t
            .call(
                Some(&teacher),
                "POST",
                &format!("/classes/{}/actions", r.class),
                Some(json!({"action": "end"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{ended}");
        assert_eq!(ended["state"], "ended", "the end stands");
        assert_eq!(total(&t, &zzb, a).await, 0, "nothing posted yet");
        let waiting = open(&t, &zzb).await;
        assert_eq!(waiting.len(), 1, "{waiting:?}");
        assert_eq!(waiting[0]["kind"], "class_credits");
        assert_eq!(waiting[0]["kind_label"], "班次学时学分过账");
        assert_eq!(waiting[0]["attempts"], 1);
        assert_eq!(waiting[0]["failed"], false);
        assert!(waiting[0]["last_error"].is_string(), "{waiting:?}");
        let (status, _) = t.call(Some(&teacher), "GET", "/follow-ups", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "the authority's list");

        // Mended, the worker posts it once the delay has passed, and only once.
        mend_the_rules(&t).await;
        assert_eq!(follow_ups::run_due(&t.app).await.unwrap(), 0, "not due yet");
        t.clock.advance(Duration::seconds(61));
        assert_eq!(follow_ups::run_due(&t.app).await.unwrap(), 1);
        assert_eq!(total(&t, &zzb, a).await, 1000);
        assert_eq!(total(&t, &zzb, b).await, 1000);
        assert!(open(&t, &zzb).await.is_empty());
        assert_eq!(follow_ups::run_due(&t.app).await.unwrap(), 0);
        let (_, again) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/classes/{}/credits", r.class),
                None,
            )
            .await;
        assert_eq!(again["posted"], 0, "posted once: {again}");

        // A correction after the end moves the credits with the mark, in the same request.
        let (status, row) = t
            .call(
                Some(&teacher),
                "PUT",
                &format!("/classes/{}/sessions/{}/marks/{b}", r.class, r.sessions[0]),
                Some(json!({"status": "absent", "reason": "核对签到表，实际缺勤"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{row}");
        assert!(total(&t, &zzb, b).await < 1000, "re-posted at once");
        assert!(open(&t, &zzb).await.is_empty());

        // Broken again: a correction is kept, its follow-up fails eight times, then waits for
        // the authority, who retries it once the rules are mended.
        break_the_rules(&t).await;
        let before = total(&t, &zzb, a).await;
        let (status, row) = t
            .call(
                Some(&teacher),
                "PUT",
                &format!("/classes/{}/sessions/{}/marks/{a}", r.class, r.sessions[1]),
                Some(json!({"status": "absent", "reason": "核对签到表，实际缺勤"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "the correction stands: {row}");
        for _ in 0..10 {
            t.clock.advance(Duration::hours(1));
            follow_ups::run_due(&t.app).await.unwrap();
        }
        let zzb = t.login("zzb").await; // the old session timed out meanwhile
        let failed = open(&t, &zzb).await;
        assert_eq!(failed.len(), 1, "{failed:?}");
        assert_eq!(failed[0]["failed"], true, "{failed:?}");
        assert_eq!(failed[0]["attempts"], 8);
        assert_eq!(total(&t, &zzb, a).await, before);
        mend_the_rules(&t).await;
        let id = failed[0]["id"].as_i64().unwrap();
        let (status, body) = t
            .call(Some(&zzb), "POST", &format!("/follow-ups/{id}/retry"), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        assert!(total(&t, &zzb, a).await < before, "posted on retry");
        assert!(open(&t, &zzb).await.is_empty());
        let (status, _) = t
            .call(Some(&zzb), "POST", &format!("/follow-ups/{id}/retry"), None)
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "a done follow-up is not retried"
        );
    }
);
