//! `GET /attendance/mine` on both databases (issue 17 item 7): a trainee's own classes and
//! sessions from today on — sign-in not yet open, waiting for the roll call, open, their own mark
//! and their own leave — and nobody else's; an account without a person has none, an account
//! without `class.read` is refused.

use crate::common;

use axum::http::StatusCode;
use chrono::Duration;
use common::running::running_class;
use common::{Session, TestApp};
use serde_json::{Value, json};

async fn mine(t: &TestApp, s: &Session) -> Value {
    let (status, body) = t.call(Some(s), "GET", "/attendance/mine", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Each session of the only class as (id, sign_in, mark status, leave).
fn sessions(body: &Value) -> Vec<(i64, String, Option<String>, Option<String>)> {
    let classes = body["classes"].as_array().unwrap();
    assert_eq!(classes.len(), 1, "{body}");
    classes[0]["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_i64().unwrap(),
                s["sign_in"].as_str().unwrap().to_owned(),
                s["mark"]["status"].as_str().map(str::to_owned),
                s["leave"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

both_backends!(a_trainee_reads_their_own_timetable_and_nobody_elses, |t| {
    let r = running_class(&t, 2).await;
    let [s1, s2, s3, s4] = r.sessions[..] else {
        panic!("{:?}", r.sessions)
    };
    let (a, b) = (t.login("tr0").await, t.login("tr1").await);

    // Monday 09:00: the morning's window is open but the head teacher has not opened the roll
    // call; the afternoon's opens later. The class says where and who runs it.
    let body = mine(&t, &a).await;
    assert_eq!(body["today"], "2026-03-02", "{body}");
    let class = &body["classes"][0];
    assert_eq!(class["class_id"].as_i64(), Some(r.class));
    assert_eq!(class["title"], "考勤测试班");
    assert_eq!(class["state"], "in_progress");
    assert_eq!(class["host_name"], "县委党校");
    assert_eq!(
        sessions(&body),
        [
            (s1, "awaiting_roll_call".to_owned(), None, None),
            (s2, "not_yet".to_owned(), None, None),
            (s3, "not_yet".to_owned(), None, None),
            (s4, "not_yet".to_owned(), None, None),
        ]
    );
    assert_eq!(class["sessions"][0]["start_time"], "09:00");
    assert_eq!(class["sessions"][0]["class_hours"], 300);

    // The roll call opens: sign-in is open; trainee 0 signs in and sees their own mark only.
    let (status, _) = t
        .call(
            Some(&r.teacher),
            "POST",
            &format!("/classes/{}/sessions/{s1}/roll-call/open", r.class),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sessions(&mine(&t, &b).await)[0].1, "open");
    let (_, code) = t
        .call(
            Some(&r.teacher),
            "GET",
            &format!("/classes/{}/sessions/{s1}/roll-call/code", r.class),
            None,
        )
        .await;
    let (status, body) = t
        .call(
            Some(&a),
            "POST",
            "/attendance/sign-in",
            Some(json!({"session_id": s1, "code": code["code"], "device": "phone-A"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        sessions(&mine(&t, &a).await)[0],
        (s1, "open".to_owned(), Some("present".to_owned()), None)
    );
    assert_eq!(
        sessions(&mine(&t, &b).await)[0].2,
        None,
        "not trainee 1's mark"
    );

    // Trainee 1 asks for leave from Tuesday morning: theirs, pending; trainee 0 has none.
    let (status, body) = t
        .call(
            Some(&b),
            "POST",
            &format!("/classes/{}/leave", r.class),
            Some(json!({"first_session_id": s3, "last_session_id": s3, "reason": "单位有急事"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let leave: Vec<_> = sessions(&mine(&t, &b).await)
        .into_iter()
        .map(|s| s.3)
        .collect();
    assert_eq!(leave, [None, None, Some("pending".to_owned()), None]);
    assert!(
        sessions(&mine(&t, &a).await).iter().all(|s| s.3.is_none()),
        "trainee 0 has no leave"
    );

    // Tuesday 09:50: Monday's sessions are gone; the morning's sign-in closed at 09:30.
    t.clock.advance(Duration::hours(24) + Duration::minutes(50));
    let (a, teacher) = (t.login("tr0").await, t.login("teacher").await);
    let body = mine(&t, &a).await;
    assert_eq!(body["today"], "2026-03-03");
    let left: Vec<_> = sessions(&body).into_iter().map(|s| (s.0, s.1)).collect();
    assert_eq!(
        left,
        [(s3, "closed".to_owned()), (s4, "not_yet".to_owned())],
        "{body}"
    );

    // The head teacher (no person) has no timetable; an account without class.read is refused.
    let body = mine(&t, &teacher).await;
    assert_eq!(body["classes"], json!([]), "{body}");
    t.account("sys", "system_admin", t.units.city, None).await;
    let sys = t.login("sys").await;
    let (status, _) = t.call(Some(&sys), "GET", "/attendance/mine", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // An ended class is no longer on the timetable.
    let (_, body) = t
        .call(
            Some(&teacher),
            "POST",
            &format!("/classes/{}/actions", r.class),
            Some(json!({"action": "end", "reason": "按计划提前结束"})),
        )
        .await;
    assert_eq!(body["state"], "ended", "{body}");
    assert_eq!(mine(&t, &a).await["classes"], json!([]));
});
