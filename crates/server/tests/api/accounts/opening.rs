//! Trainee accounts opened in bulk (issue 17 item 6, ADR 0022), on both databases: a unit
//! administrator opens accounts for a unit, a class's trainees or chosen people inside their
//! scope only, nobody gets a second account, the first passwords exist only on the slips (Excel
//! and PDF, the opener's, within the hour), and they work once, for the trainee role only, until
//! replaced. Then the sign-in carried through the first password change: a code scanned before
//! signing in is held by the server and redeemed after the change, counted at the scan's time,
//! from the same phone, once, and never after ten minutes.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

use crate::common::running::running_class;
use crate::common::{self, Session, TestApp, id_card};

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use chrono::Duration;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Cursor;

const MINE: &str = "Mein-Eigenes-2026";

async fn open(t: &TestApp, s: &Session, body: Value) -> (StatusCode, Value) {
    t.call(Some(s), "POST", "/accounts/open", Some(body)).await
}

/// Username → (name, first password) read back from the Excel slips.
async fn slips(t: &TestApp, s: &Session, batch: i64) -> HashMap<String, (String, String)> {
    let (status, headers, bytes) = t
        .call_raw(
            Some(s),
            "GET",
            &format!("/accounts/batches/{batch}/slips/xlsx"),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert!(
        headers[axum::http::header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("xlsx")
    );
    let mut workbook = Xlsx::new(Cursor::new(bytes)).unwrap();
    let mut found = HashMap::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let text: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            // 序号, 姓名, 单位, 用户名, 初始密码, 本人签收
            if text.len() >= 5 && text[0].parse::<f64>().is_ok() {
                found.insert(text[3].clone(), (text[1].clone(), text[4].clone()));
            }
        }
    }
    found
}

fn names(list: &Value) -> Vec<String> {
    let mut names: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

both_backends!(
    a_unit_administrator_opens_trainee_accounts_for_their_own_people_once,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.unit_admin("county", t.units.county_x).await;
        let zzb = t.login("zzb").await;
        let county = t.login("county").await;
        let p1 = t
            .person(&zzb, "林晓", &id_card("19900101", 201), t.units.town_a)
            .await;
        let p2 = t
            .person(&zzb, "周舟", &id_card("19900101", 202), t.units.town_a)
            .await;
        let p3 = t
            .person(&zzb, "吴迪", &id_card("19900101", 203), t.units.town_a)
            .await;
        let far = t
            .person(&zzb, "郑远", &id_card("19900101", 204), t.units.county_y)
            .await;
        t.account("wudi", "trainee", t.units.town_a, Some(p3)).await;

        // A preview writes nothing and says who is skipped and why.
        let (status, preview) = open(
            &t,
            &county,
            json!({"unit_id": t.units.town_a, "preview": true}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{preview}");
        assert_eq!(preview["preview"], true);
        assert!(preview["batch_id"].is_null());
        assert_eq!(names(&preview["opened"]), ["周舟", "林晓"]);
        assert_eq!(preview["skipped"][0]["reason"], "has_account", "{preview}");
        assert_eq!(preview["skipped"][0]["username"], "wudi");
        assert!(
            preview["skipped"][0]["message"]
                .as_str()
                .unwrap()
                .contains("已有账号")
        );

        // Outside the caller's scope: a unit is "not found"; a chosen person is skipped the same.
        let (status, body) = open(&t, &county, json!({"unit_id": t.units.county_y})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let (_, body) = open(
            &t,
            &county,
            json!({"person_ids": [p1, far], "preview": true}),
        )
        .await;
        assert_eq!(names(&body["opened"]), ["林晓"]);
        assert_eq!(body["skipped"][0]["reason"], "not_found", "{body}");
        assert_eq!(
            body["skipped"][0]["name"], "",
            "nothing told about a person out of scope"
        );
        // One source at a time.
        let (status, body) = open(
            &t,
            &county,
            json!({"unit_id": t.units.town_a, "person_ids": [p1]}),
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("OPEN_ACCOUNTS_SOURCE")
            ),
            "{body}"
        );

        // Opened: two accounts, the slips for the opener within the hour.
        let (status, done) = open(&t, &county, json!({"unit_id": t.units.town_a})).await;
        assert_eq!(status, StatusCode::OK, "{done}");
        assert_eq!(names(&done["opened"]), ["周舟", "林晓"]);
        let batch = done["batch_id"].as_i64().unwrap();
        assert!(
            done.to_string().find("password").is_none(),
            "no password in the answer: {done}"
        );
        let slips = slips(&t, &county, batch).await;
        assert_eq!(slips.len(), 2, "{slips:?}");
        let (user1, (name1, first1)) = slips
            .iter()
            .find(|(_, (name, _))| name == "林晓")
            .map(|(u, v)| (u.clone(), v.clone()))
            .unwrap();
        assert_eq!(name1, "林晓");
        assert!(user1.ends_with(&format!("{p1:04}")), "{user1}");
        assert_eq!(first1.chars().count(), 12);
        let (status, headers, pdf) = t
            .call_raw(
                Some(&county),
                "GET",
                &format!("/accounts/batches/{batch}/slips/pdf"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
        assert_eq!(headers[axum::http::header::CONTENT_TYPE], "application/pdf");
        assert!(pdf.starts_with(b"%PDF"));
        // Another opener's slips are not theirs to read.
        let (status, _) = t
            .call(
                Some(&zzb),
                "GET",
                &format!("/accounts/batches/{batch}/slips/xlsx"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Opening again gives nobody a second account.
        let (status, again) = open(&t, &county, json!({"unit_id": t.units.town_a})).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert!(again["opened"].as_array().unwrap().is_empty(), "{again}");
        assert!(again["batch_id"].is_null());
        assert_eq!(again["skipped"].as_array().unwrap().len(), 3);

        // The first password: the trainee role only, and nothing but the change until replaced.
        let fresh = t.try_login(&user1, &first1).await.unwrap();
        let (_, me) = t.call(Some(&fresh), "GET", "/auth/me", None).await;
        assert_eq!(me["must_change_password"], true, "{me}");
        assert_eq!(me["person_id"], p1);
        assert_eq!(me["roles_suspended"], false);
        let roles: Vec<&str> = me["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["role"].as_str().unwrap())
            .collect();
        assert_eq!(roles, ["trainee"], "{me}");
        let (status, body) = t
            .call(Some(&fresh), "GET", &format!("/people/{p1}"), None)
            .await;
        assert_eq!(body["code"], "PASSWORD_CHANGE_REQUIRED", "{status} {body}");
        let (status, body) = t
            .call(
                Some(&fresh),
                "POST",
                "/auth/password",
                Some(json!({"old_password": first1, "new_password": MINE})),
            )
            .await;
        assert!(status.is_success(), "{status} {body}");
        let own = t.try_login(&user1, MINE).await.unwrap();
        let (status, _) = t
            .call(Some(&own), "GET", &format!("/people/{p1}"), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = t
            .call(Some(&own), "GET", &format!("/people/{p2}"), None)
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "a trainee sees only themselves"
        );
        let (status, _) = open(&t, &own, json!({"person_ids": [p2]})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(
            t.try_login(&user1, &first1).await.is_err(),
            "the slip's password is spent"
        );

        // The slips are destroyed on request, and in any case after an hour.
        let (status, _) = t
            .call(
                Some(&county),
                "DELETE",
                &format!("/accounts/batches/{batch}/slips"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, body) = t
            .call(
                Some(&county),
                "GET",
                &format!("/accounts/batches/{batch}/slips/xlsx"),
                None,
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("ACCOUNT_SLIPS_GONE")),
            "{body}"
        );
        let late = t
            .person(&zzb, "钱多", &id_card("19900101", 205), t.units.town_b)
            .await;
        let (_, done) = open(&t, &county, json!({"person_ids": [late]})).await;
        let batch = done["batch_id"].as_i64().unwrap();
        t.clock.advance(Duration::minutes(61));
        let county = t.login("county").await;
        let (_, body) = t
            .call(
                Some(&county),
                "GET",
                &format!("/accounts/batches/{batch}/slips/pdf"),
                None,
            )
            .await;
        assert_eq!(body["code"], "ACCOUNT_SLIPS_GONE", "{body}");

        // Each account and each download is in the audit log.
        t.account("auditor1", "auditor", t.units.city, None).await;
        let auditor = t.login("auditor1").await;
        let (_, log) = t
            .call(
                Some(&auditor),
                "GET",
                "/audit?action=account.&page_size=100",
                None,
            )
            .await;
        let actions: Vec<&str> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        for action in [
            "account.open",
            "account.open_batch",
            "account.slips_export",
            "account.slips_discarded",
        ] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    }
);

/// The class's trainee without an account, enrolled; the unit administrator opens accounts from
/// the class's roster and reads the slip: (username, first password, person).
async fn unopened_trainee(
    t: &TestApp,
    class: i64,
    name: &str,
    serial: u32,
) -> (String, String, i64) {
    let zzb = t.login("zzb").await;
    let county = t.login("county").await;
    let person = t
        .person(&zzb, name, &id_card("19920202", serial), t.units.town_a)
        .await;
    let (_, body) = t
        .call(
            Some(&county),
            "POST",
            &format!("/classes/{class}/enrolment"),
            Some(json!({"person_ids": [person]})),
        )
        .await;
    assert_eq!(body["enrolled"].as_array().unwrap().len(), 1, "{body}");
    let (status, done) = open(t, &county, json!({"class_id": class})).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(names(&done["opened"]), [name], "{done}");
    let slips = slips(t, &county, done["batch_id"].as_i64().unwrap()).await;
    let (username, (_, password)) = slips.into_iter().next().unwrap();
    (username, password, person)
}

async fn code(t: &TestApp, teacher: &Session, class: i64, session: i64) -> Value {
    let (status, body) = t
        .call(
            Some(teacher),
            "GET",
            &format!("/classes/{class}/sessions/{session}/roll-call/code"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn scan(t: &TestApp, session: i64, code: &str, device: &str) -> (StatusCode, Value) {
    t.call(
        None,
        "POST",
        "/attendance/scans",
        Some(json!({"session_id": session, "code": code, "device": device})),
    )
    .await
}

async fn redeem(
    t: &TestApp,
    s: &Session,
    session: i64,
    hold: &str,
    device: &str,
) -> (StatusCode, Value) {
    t.call(
        Some(s),
        "POST",
        "/attendance/sign-in",
        Some(json!({"session_id": session, "hold": hold, "device": device})),
    )
    .await
}

/// Signs in with the first password and replaces it; the new session.
async fn first_sign_in(t: &TestApp, username: &str, password: &str) -> Session {
    let s = t.try_login(username, password).await.unwrap();
    let (status, body) = t
        .call(
            Some(&s),
            "POST",
            "/auth/password",
            Some(json!({"old_password": password, "new_password": MINE})),
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    t.try_login(username, MINE).await.unwrap()
}

both_backends!(
    a_code_scanned_before_the_first_password_change_signs_in_after_it,
    |t| {
        let r = running_class(&t, 1).await;
        let [s1, s2, ..] = r.sessions[..] else {
            panic!()
        };
        let (user, first, person) = unopened_trainee(&t, r.class, "韩梅", 301).await;

        // Before the roll call is open, a scan is refused like a sign-in.
        let (status, body) = scan(&t, s1, "whatever-code-000000", "phone-1").await;
        assert_eq!(body["code"], "ROLL_CALL_NOT_OPEN", "{status} {body}");
        for s in [s1, s2] {
            let (status, body) = t
                .call(
                    Some(&r.teacher),
                    "POST",
                    &format!("/classes/{}/sessions/{s}/roll-call/open", r.class),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        // The projector is told whether to show the code: the afternoon's window is not open.
        let afternoon = code(&t, &r.teacher, r.class, s2).await;
        assert_eq!(afternoon["window"], "not_yet_open", "{afternoon}");
        let (_, body) = scan(&t, s2, afternoon["code"].as_str().unwrap(), "phone-1").await;
        assert_eq!(body["code"], "SIGN_IN_NOT_OPEN", "{body}");

        // 09:00: the phone, not signed in, scans; the server holds the scan.
        let now = code(&t, &r.teacher, r.class, s1).await;
        assert_eq!(now["window"], "open", "{now}");
        let shown = now["code"].as_str().unwrap().to_owned();
        let (status, held) = scan(&t, s1, &shown, "phone-1").await;
        assert_eq!(status, StatusCode::OK, "{held}");
        let token = held["token"].as_str().unwrap().to_owned();
        // Signing in and replacing the first password takes eight minutes: the code has long
        // expired, and a sign-in now would be late.
        t.clock.advance(Duration::minutes(8));
        let pending = t.try_login(&user, &first).await.unwrap();
        let (_, body) = redeem(&t, &pending, s1, &token, "phone-1").await;
        assert_eq!(
            body["code"], "PASSWORD_CHANGE_REQUIRED",
            "nothing before the change: {body}"
        );
        let me = first_sign_in(&t, &user, &first).await;
        let (_, body) = t
            .call(
                Some(&me),
                "POST",
                "/attendance/sign-in",
                Some(json!({"session_id": s1, "code": shown, "device": "phone-1"})),
            )
            .await;
        assert_eq!(
            body["code"], "SIGN_IN_TOKEN_EXPIRED",
            "the code itself expired: {body}"
        );
        // From another phone the held scan is refused; from the scanning phone it counts, on time.
        let (_, body) = redeem(&t, &me, s1, &token, "phone-2").await;
        assert_eq!(body["code"], "SIGN_IN_HOLD_OTHER_DEVICE", "{body}");
        let (status, body) = redeem(&t, &me, s1, &token, "phone-1").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["mark"]["status"], "present", "{body}");
        assert_eq!(body["mark"]["person_id"], person);
        assert_eq!(
            body["mark"]["signed_at"], held["scanned_at"],
            "counted at the scan: {body}"
        );
        // Once.
        let (_, body) = redeem(&t, &me, s1, &token, "phone-1").await;
        assert_eq!(body["code"], "SIGN_IN_HOLD_EXPIRED", "{body}");
        // Nobody else redeems a scan held for the session: tr0 holds a seat, but not this scan.
        let other = t.login("tr0").await;
        let (_, body) = redeem(&t, &other, s1, &token, "phone-1").await;
        assert_eq!(body["code"], "SIGN_IN_HOLD_EXPIRED", "{body}");
        let (_, body) = redeem(&t, &other, s1, "no-such-token", "phone-1").await;
        assert_eq!(body["code"], "SIGN_IN_HOLD_UNKNOWN", "{body}");
        // An expired code is not held either.
        let (_, body) = scan(&t, s1, &shown, "phone-3").await;
        assert_eq!(body["code"], "SIGN_IN_TOKEN_EXPIRED", "{body}");

        let (_, roll) = t
            .call(
                Some(&r.teacher),
                "GET",
                &format!("/classes/{}/sessions/{s1}/roll-call", r.class),
                None,
            )
            .await;
        assert_eq!(roll["counts"]["present"], 1, "{roll}");
        assert_eq!(roll["counts"]["unmarked"], 1, "{roll}");
    }
);

both_backends!(a_held_scan_is_not_a_sign_in_long_after, |t| {
    let r = running_class(&t, 1).await;
    let s1 = r.sessions[0];
    let (user, first, _) = unopened_trainee(&t, r.class, "李雷", 302).await;
    t.call(
        Some(&r.teacher),
        "POST",
        &format!("/classes/{}/sessions/{s1}/roll-call/open", r.class),
        None,
    )
    .await;
    let shown = code(&t, &r.teacher, r.class, s1).await;
    let (status, held) = scan(&t, s1, shown["code"].as_str().unwrap(), "phone-9").await;
    assert_eq!(status, StatusCode::OK, "{held}");
    // A device id is required to hold a scan: it binds the hold to the phone.
    let (_, body) = scan(&t, s1, shown["code"].as_str().unwrap(), "  ").await;
    assert_eq!(
        body["fields"][0]["code"], "SIGN_IN_DEVICE_MISSING",
        "{body}"
    );
    // Eleven minutes later the hold is gone; a fresh scan counts as late.
    t.clock.advance(Duration::minutes(11));
    let me = first_sign_in(&t, &user, &first).await;
    let (_, body) = redeem(&t, &me, s1, held["token"].as_str().unwrap(), "phone-9").await;
    assert_eq!(body["code"], "SIGN_IN_HOLD_EXPIRED", "{body}");
    let teacher = t.login("teacher").await;
    let fresh = code(&t, &teacher, r.class, s1).await;
    let (status, body) = t
        .call(
            Some(&me),
            "POST",
            "/attendance/sign-in",
            Some(json!({"session_id": s1, "code": fresh["code"], "device": "phone-9"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            body["mark"]["status"].as_str(),
            body["mark"]["minutes_late"].as_i64()
        ),
        (Some("late"), Some(11)),
        "{body}"
    );
});
