//! Roll call and leave over HTTP on both databases (issue 5): rotating codes bound to session
//! and time, sign-in only as oneself and only once, the window on the server's clock, shared
//! phones flagged, corrections with reasons, leave under the 1/7 cap with withdrawal past it,
//! and a burst of concurrent sign-ins that loses and doubles nothing.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

use crate::common;

mod mine;

use axum::http::StatusCode;
use chrono::Duration;
use common::running::{Running, running_class, running_class_naming};
use common::{Session, TestApp};
use serde_json::{Value, json};

async fn code(t: &TestApp, r: &Running, session: i64) -> String {
    let (status, body) = t
        .call(
            Some(&r.teacher),
            "GET",
            &format!("/classes/{}/sessions/{session}/roll-call/code", r.class),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["code"].as_str().unwrap().to_owned()
}

async fn sign_in(
    t: &TestApp,
    s: &Session,
    session: i64,
    code: &str,
    device: &str,
) -> (StatusCode, Value) {
    t.call(
        Some(s),
        "POST",
        "/attendance/sign-in",
        Some(json!({"session_id": session, "code": code, "device": device})),
    )
    .await
}

both_backends!(
    trainees_sign_in_with_the_rotating_code_once_and_within_the_window,
    |t| {
        let r = running_class(&t, 3).await;
        let [s1, s2, ..] = r.sessions[..] else {
            panic!()
        };
        let (a, b) = (t.login("tr0").await, t.login("tr1").await);

        // Before the head teacher opens the roll call nobody signs in, and there is no code.
        let (status, body) = t
            .call(
                Some(&r.teacher),
                "GET",
                &format!("/classes/{}/sessions/{s1}/roll-call/code", r.class),
                None,
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("ROLL_CALL_NOT_OPEN"))
        );
        let (status, _) = t
            .call(
                Some(&r.teacher),
                "POST",
                &format!("/classes/{}/sessions/{s1}/roll-call/open", r.class),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);

        // 09:00 sharp: on time.
        let first = code(&t, &r, s1).await;
        let (status, body) = sign_in(&t, &a, s1, &first, "phone-A").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["mark"]["status"], "present");
        // Twice: refused, nothing doubled.
        let (_, body) = sign_in(&t, &a, s1, &first, "phone-A").await;
        assert_eq!(body["code"], "ALREADY_SIGNED_IN", "{body}");
        // A photo of the code forwarded 30 seconds later no longer works.
        t.clock.advance(Duration::seconds(30));
        let (_, body) = sign_in(&t, &b, s1, &first, "phone-B").await;
        assert_eq!(body["code"], "SIGN_IN_TOKEN_EXPIRED", "{body}");
        // A code of another session is refused.
        t.call(
            Some(&r.teacher),
            "POST",
            &format!("/classes/{}/sessions/{s2}/roll-call/open", r.class),
            None,
        )
        .await;
        let other = code(&t, &r, s2).await;
        let (_, body) = sign_in(&t, &b, s1, &other, "phone-B").await;
        assert_eq!(body["code"], "SIGN_IN_TOKEN_WRONG_SESSION", "{body}");
        // 10 minutes in: late by 10 minutes, from the same phone as trainee 0 — flagged.
        t.clock.advance(Duration::seconds(570));
        let (a, b) = (t.login("tr0").await, t.login("tr1").await);
        let now = code(&t, &r, s1).await;
        let (_, body) = sign_in(&t, &b, s1, &now, "phone-A").await;
        assert_eq!(
            (
                body["mark"]["status"].as_str(),
                body["mark"]["minutes_late"].as_i64()
            ),
            (Some("late"), Some(10)),
            "{body}"
        );
        // The afternoon session's window has not opened yet.
        let later = code(&t, &r, s2).await;
        let (_, body) = sign_in(&t, &a, s2, &later, "phone-A").await;
        assert_eq!(body["code"], "SIGN_IN_NOT_OPEN", "{body}");

        let (_, roll) = t
            .call(
                Some(&r.teacher),
                "GET",
                &format!("/classes/{}/sessions/{s1}/roll-call", r.class),
                None,
            )
            .await;
        assert_eq!(roll["counts"]["present"], 1, "{roll}");
        assert_eq!(roll["counts"]["late"], 1);
        assert_eq!(roll["counts"]["unmarked"], 1);
        let shared: Vec<bool> = roll["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["shared_device"].as_bool().unwrap())
            .collect();
        assert_eq!(
            shared,
            [true, true, false],
            "one phone, two trainees: {roll}"
        );

        // A trainee cannot mark anyone; the head teacher corrects, with a reason.
        let (status, _) = t
            .call(
                Some(&a),
                "PUT",
                &format!("/classes/{}/sessions/{s1}/marks/{}", r.class, r.people[1]),
                Some(json!({"status":"present"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, body) = t
            .call(
                Some(&r.teacher),
                "PUT",
                &format!("/classes/{}/sessions/{s1}/marks/{}", r.class, r.people[1]),
                Some(json!({"status":"present"})),
            )
            .await;
        assert_eq!(body["code"], "MARK_REASON_REQUIRED", "{body}");
        let (status, body) = t
            .call(
                Some(&r.teacher),
                "PUT",
                &format!("/classes/{}/sessions/{s1}/marks/{}", r.class, r.people[1]),
                Some(json!({"status":"present","reason":"交通管制，经核实按时到达"})),
            )
            .await;
        assert_eq!(
            (status, body["status"].as_str(), body["source"].as_str()),
            (StatusCode::OK, Some("present"), Some("teacher")),
            "{body}"
        );
        let (_, body) = t
            .call(
                Some(&r.teacher),
                "PUT",
                &format!("/classes/{}/sessions/{s1}/marks/{}", r.class, r.people[2]),
                Some(json!({"status":"late","minutes_late": 0})),
            )
            .await;
        assert_eq!(body["code"], "MARK_LATE_MINUTES_REQUIRED", "{body}");
        let (status, _) = t
            .call(
                Some(&r.teacher),
                "PUT",
                &format!("/classes/{}/sessions/{s1}/marks/{}", r.class, r.people[2]),
                Some(json!({"status":"absent"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);

        // Closed 30 minutes after the start: the head teacher marks latecomers by hand.
        t.clock.advance(Duration::minutes(30));
        let fresh = code(&t, &r, s1).await;
        let c = t.login("tr2").await;
        let (_, body) = sign_in(&t, &c, s1, &fresh, "phone-C").await;
        assert_eq!(body["code"], "SIGN_IN_CLOSED", "{body}");
        assert!(
            body["message"].as_str().unwrap().contains("09:30"),
            "{body}"
        );
    }
);

both_backends!(
    leave_is_capped_at_a_seventh_and_past_it_only_with_a_withdrawal,
    |t| {
        let r = running_class(&t, 2).await;
        let [_, _, s3, s4] = r.sessions[..] else {
            panic!()
        };
        let a = t.login("tr0").await;
        // 10 class hours: the cap is 10/7 = 1.42 hours.
        let (status, leave) = t
            .call(
                Some(&a),
                "POST",
                &format!("/classes/{}/leave", r.class),
                Some(json!({"first_session_id": s4, "last_session_id": s4, "reason": "家中有事"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{leave}");
        assert_eq!(leave["hours"], 100);
        let (_, body) = t
            .call(
                Some(&a),
                "POST",
                &format!("/leave/{}/decision", leave["id"]),
                Some(json!({"decision":"approve"})),
            )
            .await;
        assert_eq!(
            body["code"], "FORBIDDEN",
            "a trainee cannot approve: {body}"
        );
        let (_, body) = t
            .call(
                Some(&r.teacher),
                "POST",
                &format!("/leave/{}/decision", leave["id"]),
                Some(json!({"decision":"approve","reason":"同意"})),
            )
            .await;
        assert_eq!(body["state"], "approved", "{body}");
        // A second request for 3 more hours passes the cap: refused unless withdrawing.
        let (_, more) = t
            .call(
                Some(&a),
                "POST",
                &format!("/classes/{}/leave", r.class),
                Some(json!({"first_session_id": s3, "last_session_id": s3, "reason": "住院"})),
            )
            .await;
        let (status, body) = t
            .call(
                Some(&r.teacher),
                "POST",
                &format!("/leave/{}/decision", more["id"]),
                Some(json!({"decision":"approve","reason":"同意"})),
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("LEAVE_CAP_EXCEEDED")),
            "{body}"
        );
        assert!(body["message"].as_str().unwrap().contains("退学"), "{body}");
        let (_, body) = t
            .call(
                Some(&r.teacher),
                "POST",
                &format!("/leave/{}/decision", more["id"]),
                Some(
                    json!({"decision":"approve","reason":"住院治疗，作退学处理","withdraw": true}),
                ),
            )
            .await;
        assert_eq!(
            (body["state"].as_str(), body["withdrawal"].as_bool()),
            (Some("approved"), Some(true)),
            "{body}"
        );
        let (_, roster) = t
            .call(
                Some(&r.teacher),
                "GET",
                &format!("/classes/{}/enrolment", r.class),
                None,
            )
            .await;
        let status_of_a = roster
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["person_id"] == r.people[0])
            .unwrap()["status"]
            .clone();
        assert_eq!(status_of_a, "withdrawn");
        // The approved leave is on the roll call; a withdrawn trainee can no longer sign in.
        let (_, roll) = t
            .call(
                Some(&r.teacher),
                "GET",
                &format!("/classes/{}/sessions/{s4}/roll-call", r.class),
                None,
            )
            .await;
        assert_eq!(
            roll["enrolled"], 1,
            "the withdrawn trainee leaves the roll call: {roll}"
        );
        // Leave cannot be asked once a session has started, and the trainee sees only their own.
        let b = t.login("tr1").await;
        let s1 = r.sessions[0];
        let (_, body) = t
            .call(
                Some(&b),
                "POST",
                &format!("/classes/{}/leave", r.class),
                Some(json!({"first_session_id": s1, "last_session_id": s1, "reason": "迟到"})),
            )
            .await;
        assert_eq!(body["code"], "LEAVE_TOO_LATE", "{body}");
        let (_, mine) = t
            .call(
                Some(&b),
                "GET",
                &format!("/classes/{}/leave", r.class),
                None,
            )
            .await;
        assert_eq!(mine.as_array().unwrap().len(), 0, "{mine}");
        let (_, all) = t
            .call(
                Some(&r.teacher),
                "GET",
                &format!("/classes/{}/leave", r.class),
                None,
            )
            .await;
        assert_eq!(all.as_array().unwrap().len(), 2);
        // A pending request can be cancelled by its trainee.
        let (_, request) = t
            .call(
                Some(&b),
                "POST",
                &format!("/classes/{}/leave", r.class),
                Some(json!({"first_session_id": s4, "last_session_id": s4, "reason": "出差"})),
            )
            .await;
        let (_, body) = t
            .call(
                Some(&b),
                "POST",
                &format!("/leave/{}/cancel", request["id"]),
                None,
            )
            .await;
        assert_eq!(body["state"], "cancelled", "{body}");
    }
);

both_backends!(
    a_burst_of_concurrent_sign_ins_loses_and_doubles_nothing,
    |t| {
        const TRAINEES: usize = 40;
        let r = running_class(&t, TRAINEES).await;
        let s1 = r.sessions[0];
        t.call(
            Some(&r.teacher),
            "POST",
            &format!("/classes/{}/sessions/{s1}/roll-call/open", r.class),
            None,
        )
        .await;
        let code = code(&t, &r, s1).await;
        let mut sessions = Vec::new();
        for i in 0..TRAINEES {
            sessions.push(t.login(&format!("tr{i}")).await);
        }
        // Every trainee taps twice at once.
        let t = std::sync::Arc::new(t);
        let mut tasks = Vec::new();
        for (i, s) in sessions.into_iter().enumerate() {
            for _ in 0..2 {
                let (t, s, code) = (t.clone(), s.clone(), code.clone());
                tasks.push(tokio::spawn(async move {
                    let (status, body) = sign_in(&t, &s, s1, &code, &format!("phone-{i}")).await;
                    (status, body["code"].as_str().map(str::to_owned))
                }));
            }
        }
        let mut ok = 0;
        let mut already = 0;
        for task in tasks {
            match task.await.unwrap() {
                (StatusCode::OK, _) => ok += 1,
                (_, Some(code)) if code == "ALREADY_SIGNED_IN" => already += 1,
                other => panic!("unexpected answer {other:?}"),
            }
        }
        assert_eq!((ok, already), (TRAINEES, TRAINEES));
        let (_, roll) = t
            .call(
                Some(&r.teacher),
                "GET",
                &format!("/classes/{}/sessions/{s1}/roll-call", r.class),
                None,
            )
            .await;
        assert_eq!(roll["counts"]["present"], TRAINEES, "{roll}");
        assert_eq!(roll["counts"].get("unmarked"), None);
    }
);

both_backends!(attendance_reports_rates_absentees_facts_and_excel, |t| {
    let r = running_class(&t, 2).await;
    let [s1, s2, ..] = r.sessions[..] else {
        panic!()
    };
    t.call(
        Some(&r.teacher),
        "POST",
        &format!("/classes/{}/sessions/{s1}/roll-call/open", r.class),
        None,
    )
    .await;
    let a = t.login("tr0").await;
    let first = code(&t, &r, s1).await;
    let (status, _) = sign_in(&t, &a, s1, &first, "phone-A").await;
    assert_eq!(status, StatusCode::OK);
    let mark = |person: i64, session: i64, body: Value| {
        let (t, teacher, class) = (&t, &r.teacher, r.class);
        async move {
            let (status, answer) = t
                .call(
                    Some(teacher),
                    "PUT",
                    &format!("/classes/{class}/sessions/{session}/marks/{person}"),
                    Some(body),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{answer}");
        }
    };
    mark(r.people[1], s1, json!({"status":"late","minutes_late":10})).await;
    mark(r.people[0], s2, json!({"status":"absent"})).await;
    mark(r.people[1], s2, json!({"status":"present"})).await;
    // 15:00 China time: two sessions held.
    t.clock.advance(Duration::hours(6));
    let teacher = t.login("teacher").await;
    let (status, report) = t
        .call(
            Some(&teacher),
            "GET",
            &format!("/classes/{}/attendance", r.class),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["held_hours"], 600);
    let a_line = &report["trainees"][0];
    assert_eq!(
        (
            a_line["hours_attended"].as_i64(),
            a_line["absent"].as_u64(),
            a_line["rate"].as_f64()
        ),
        (Some(300), Some(1), Some(50.0)),
        "{report}"
    );
    // 10 minutes late in a 3-hour session: 170/180 × 3 = 2.833… → 2.83 hours.
    let b_line = &report["trainees"][1];
    assert_eq!(
        (b_line["hours_attended"].as_i64(), b_line["late"].as_u64()),
        (Some(583), Some(1)),
        "{report}"
    );
    assert_eq!(
        b_line["marks"],
        json!(["late", "present", "unmarked", "unmarked"])
    );
    assert_eq!(report["sessions"][0]["rate"], 100.0);
    assert_eq!(report["sessions"][1]["rate"], 50.0);
    assert_eq!(report["sessions"][2]["rate"], Value::Null, "not held yet");
    assert_eq!(
        report["units"][0]["absentees"],
        json!([a_line["name"].clone()])
    );
    let (_, facts) = t
        .call(
            Some(&teacher),
            "GET",
            &format!("/classes/{}/attendance/facts", r.class),
            None,
        )
        .await;
    assert_eq!(facts.as_array().unwrap().len(), 4, "{facts}");
    let late = facts
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["person_id"] == r.people[1] && f["session_id"] == s1)
        .unwrap();
    assert_eq!(
        (
            late["minutes_late"].as_u64(),
            late["hours_attended"].as_i64()
        ),
        (Some(10), Some(283))
    );
    // A trainee sees only their own line.
    let a = t.login("tr0").await;
    let (_, own) = t
        .call(
            Some(&a),
            "GET",
            &format!("/classes/{}/attendance", r.class),
            None,
        )
        .await;
    assert_eq!(own["trainees"].as_array().unwrap().len(), 1, "{own}");
    let (status, _, xlsx) = t
        .call_raw(
            Some(&teacher),
            "GET",
            &format!("/classes/{}/attendance/xlsx", r.class),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(xlsx.starts_with(b"PK"));
    // Ending the class tells the trainees' unit its rate and its absentees.
    let (_, body) = t
        .call(
            Some(&teacher),
            "POST",
            &format!("/classes/{}/actions", r.class),
            Some(json!({"action":"end","reason":"按计划提前结束"})),
        )
        .await;
    assert_eq!(body["state"], "ended", "{body}");
    let zzb = t.login("zzb").await;
    let (_, notices) = t.call(Some(&zzb), "GET", "/notices", None).await;
    let attendance = notices["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "class_attendance")
        .unwrap();
    assert!(
        attendance["body"].as_str().unwrap().contains("旷课"),
        "{attendance}"
    );
});

both_backends!(
    a_trainee_back_early_releases_the_rest_of_the_leave_and_others_stay_out,
    |t| {
        let r = running_class(&t, 1).await;
        let [s1, s2, s3, s4] = r.sessions[..] else {
            panic!()
        };
        let a = t.login("tr0").await;
        // Leave for the afternoon and the whole next day: 3 + 3 + 1 = 7 hours, past the 1.42 cap,
        // so the test first raises the cap to 1/1 to look at 销假 alone.
        let zzb = t.login("zzb").await;
        let (status, body) = t
            .call(
                Some(&zzb),
                "PUT",
                "/rules/attendance_settings",
                Some(json!({"body": "leave_cap = \"1/1\"\n"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, leave) = t
            .call(
                Some(&a),
                "POST",
                &format!("/classes/{}/leave", r.class),
                Some(json!({"first_session_id": s2, "last_session_id": s4, "reason": "外出开会"})),
            )
            .await;
        assert_eq!(leave["hours"], 700, "{leave}");
        let (_, body) = t
            .call(
                Some(&r.teacher),
                "POST",
                &format!("/leave/{}/decision", leave["id"]),
                Some(json!({"decision":"approve","reason":"同意"})),
            )
            .await;
        assert_eq!(body["state"], "approved", "{body}");
        // Back on the second morning at 8:00, before the third session: only the afternoon was used.
        t.clock.advance(Duration::hours(23));
        let a = t.login("tr0").await;
        let (_, body) = t
            .call(
                Some(&a),
                "POST",
                &format!("/leave/{}/return", leave["id"]),
                None,
            )
            .await;
        assert_eq!(
            (body["state"].as_str(), body["hours"].as_i64()),
            (Some("returned"), Some(300)),
            "{body}"
        );
        let teacher = t.login("teacher").await;
        for (session, expected) in [
            (s2, json!("on_leave")),
            (s3, Value::Null),
            (s4, Value::Null),
        ] {
            let (_, roll) = t
                .call(
                    Some(&teacher),
                    "GET",
                    &format!("/classes/{}/sessions/{session}/roll-call", r.class),
                    None,
                )
                .await;
            assert_eq!(
                roll["rows"][0]["mark"]["status"].clone(),
                expected,
                "{roll}"
            );
        }
        let _ = s1;
        // Another head teacher cannot see, mark or decide anything of this class.
        t.account("stranger", "head_teacher", t.units.county_x, None)
            .await;
        let stranger = t.login("stranger").await;
        let (status, _) = t
            .call(
                Some(&stranger),
                "PUT",
                &format!("/classes/{}/sessions/{s3}/marks/{}", r.class, r.people[0]),
                Some(json!({"status":"present"})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = t
            .call(
                Some(&stranger),
                "GET",
                &format!("/classes/{}/sessions/{s3}/roll-call/code", r.class),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

both_backends!(
    a_class_naming_an_office_has_its_leave_decided_there_and_by_the_head_teacher,
    |t| {
        let office = t.office(t.units.county_x, "X-RSK", "甲县人事科").await;
        let elsewhere = t.office(t.units.county_y, "Y-RSK", "乙县人事科").await;
        let r = running_class_naming(&t, 2, Some(office)).await;
        t.account("clerk", "unit_admin", office, None).await;
        t.account("stranger", "unit_admin", elsewhere, None).await;
        let [_, _, s3, s4] = r.sessions[..] else {
            panic!()
        };
        let (_, class) = t
            .call(
                Some(&r.teacher),
                "GET",
                &format!("/classes/{}", r.class),
                None,
            )
            .await;
        assert_eq!(class["leave_office_name"], "甲县人事科", "{class}");
        let a = t.login("tr0").await;
        let b = t.login("tr1").await;
        let ask = async |who: &common::Session, session: i64| {
            let (status, body) = t
                .call(
                    Some(who),
                    "POST",
                    &format!("/classes/{}/leave", r.class),
                    Some(json!({"first_session_id": session, "last_session_id": session, "reason": "参加专项会议"})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            body
        };
        let first = ask(&a, s4).await;
        assert_eq!(
            (first["person_name"].as_str(), first["unit_name"].as_str()),
            (Some("学员甲"), Some("甲县一镇")),
            "{first}"
        );
        let second = ask(&b, s3).await;

        // The organiser's administrator runs the class but no longer decides its leave.
        let county = t.login("county").await;
        let decide = async |who: &common::Session, leave: &Value, body: Value| {
            t.call(
                Some(who),
                "POST",
                &format!("/leave/{}/decision", leave["id"]),
                Some(body),
            )
            .await
        };
        let (status, _) = decide(&county, &first, json!({"decision":"approve"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, pending) = t.call(Some(&county), "GET", "/leave/pending", None).await;
        assert_eq!(pending.as_array().unwrap().len(), 0, "{pending}");
        // Another county's personnel office does not see the class at all.
        let stranger = t.login("stranger").await;
        let (status, _) = decide(&stranger, &first, json!({"decision":"approve"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, pending) = t.call(Some(&stranger), "GET", "/leave/pending", None).await;
        assert_eq!(pending.as_array().unwrap().len(), 0, "{pending}");
        // A trainee has no approvers' list.
        let (status, _) = t.call(Some(&a), "GET", "/leave/pending", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // The named office sees both requests, oldest first, with the cap at hand, and decides.
        let clerk = t.login("clerk").await;
        let (status, pending) = t.call(Some(&clerk), "GET", "/leave/pending", None).await;
        assert_eq!(status, StatusCode::OK, "{pending}");
        let items = pending.as_array().unwrap();
        assert_eq!(items.len(), 2, "{pending}");
        assert_eq!(items[0]["leave"]["id"], first["id"]);
        assert_eq!(items[0]["class_title"], "考勤测试班");
        assert_eq!(items[0]["class_hours"], 1000);
        assert_eq!(items[0]["first_session"]["topic"], "晚间研讨");
        // The office reads the class it decides for, and its teaching plan.
        for path in ["", "/teaching-plan"] {
            let (status, body) = t
                .call(
                    Some(&clerk),
                    "GET",
                    &format!("/classes/{}{path}", r.class),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
        }
        let (_, all) = t
            .call(
                Some(&clerk),
                "GET",
                &format!("/classes/{}/leave", r.class),
                None,
            )
            .await;
        assert_eq!(all.as_array().unwrap().len(), 2, "{all}");
        let (_, body) = decide(
            &clerk,
            &first,
            json!({"decision":"approve","reason":"同意"}),
        )
        .await;
        assert_eq!(
            (body["state"].as_str(), body["decided_by"].as_str()),
            (Some("approved"), Some("clerk")),
            "{body}"
        );
        let (_, pending) = t.call(Some(&clerk), "GET", "/leave/pending", None).await;
        assert_eq!(
            pending[0]["approved_hours"], 0,
            "tr1 has no leave yet: {pending}"
        );
        // The head teacher still decides too (and sees the same list).
        let (_, pending) = t
            .call(Some(&r.teacher), "GET", "/leave/pending", None)
            .await;
        assert_eq!(pending.as_array().unwrap().len(), 1, "{pending}");
        let (_, body) = decide(
            &r.teacher,
            &second,
            json!({"decision":"refuse","reason":"课程重要"}),
        )
        .await;
        assert_eq!(body["state"], "refused", "{body}");
        let (_, pending) = t.call(Some(&clerk), "GET", "/leave/pending", None).await;
        assert_eq!(pending.as_array().unwrap().len(), 0, "{pending}");
    }
);

both_backends!(a_leave_office_must_be_an_active_unit, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let zzb = t.login("zzb").await;
    let (status, body) = t
        .call(
            Some(&zzb),
            "POST",
            "/classes",
            Some(json!({
                "title": "测试班", "kind": "themed_class", "organiser_unit_id": t.units.county_x,
                "host_name": "县委党校", "starts_on": "2026-04-02", "ends_on": "2026-04-03",
                "funding_source": "budget", "leave_office_unit_id": 999_999
            })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["field"], "leave_office_unit_id", "{body}");
    assert_eq!(body["fields"][0]["code"], "UNKNOWN_UNIT", "{body}");
});
