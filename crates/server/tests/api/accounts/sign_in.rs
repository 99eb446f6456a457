//! Sign-in, sessions, passwords and CSRF over HTTP, on both databases.

use crate::common;

use axum::http::StatusCode;
use chrono::Duration;
use common::PASSWORD;
use serde_json::json;

both_backends!(
    login_sets_strict_http_only_cookies_and_me_names_the_account,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let session = t.login("zzb").await;
        let cookie = session
            .cookies
            .iter()
            .find(|c| c.starts_with("ganxun_session="))
            .unwrap();
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(
            !cookie.contains("Secure"),
            "plain HTTP in tests: no Secure flag"
        );
        let (status, me) = t.call(Some(&session), "GET", "/auth/me", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["username"], "zzb");
        assert_eq!(me["unit_name"], "示范市");
        assert_eq!(me["roles"][0]["role"], "training_authority");
    }
);

both_backends!(unknown_user_and_wrong_password_get_the_same_answer, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let wrong = t.try_login("zzb", "Wrong-Passw0rd").await.unwrap_err();
    let unknown = t.try_login("nobody", "Wrong-Passw0rd").await.unwrap_err();
    assert_eq!(wrong.0, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong, unknown);
    assert_eq!(wrong.1["code"], "INVALID_CREDENTIALS");
});

both_backends!(five_failures_lock_the_account_for_fifteen_minutes, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    for _ in 0..4 {
        assert_eq!(
            t.try_login("zzb", "Wrong-Passw0rd").await.unwrap_err().1["code"],
            "INVALID_CREDENTIALS"
        );
    }
    let fifth = t.try_login("zzb", "Wrong-Passw0rd").await.unwrap_err();
    assert_eq!(fifth.1["code"], "ACCOUNT_LOCKED", "{}", fifth.1);
    // Even the right password is refused while locked.
    assert_eq!(
        t.try_login("zzb", PASSWORD).await.unwrap_err().1["code"],
        "ACCOUNT_LOCKED"
    );
    t.clock.advance(Duration::minutes(14));
    assert_eq!(
        t.try_login("zzb", PASSWORD).await.unwrap_err().1["code"],
        "ACCOUNT_LOCKED"
    );
    t.clock.advance(Duration::minutes(2));
    t.login("zzb").await;
    // Lock-out and failures are in the audit log.
    t.account("auditadmin", "audit_admin", t.units.city, None)
        .await;
    let auditor = t.login("auditadmin").await;
    let (_, log) = t
        .call(Some(&auditor), "GET", "/audit?action=auth.lockout", None)
        .await;
    assert_eq!(log["total"], 1, "{log}");
    let (_, failures) = t
        .call(
            Some(&auditor),
            "GET",
            "/audit?action=auth.login_failed",
            None,
        )
        .await;
    assert_eq!(failures["total"], 5);
});

both_backends!(an_idle_session_ends_after_thirty_minutes, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let session = t.login("zzb").await;
    t.clock.advance(Duration::minutes(29));
    assert_eq!(
        t.call(Some(&session), "GET", "/auth/me", None).await.0,
        StatusCode::OK
    );
    t.clock.advance(Duration::minutes(29));
    assert_eq!(
        t.call(Some(&session), "GET", "/auth/me", None).await.0,
        StatusCode::OK,
        "activity keeps it alive"
    );
    t.clock.advance(Duration::minutes(31));
    let (status, body) = t.call(Some(&session), "GET", "/auth/me", None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("SESSION_IDLE_TIMEOUT"))
    );
    // Once ended it stays ended.
    assert_eq!(
        t.call(Some(&session), "GET", "/auth/me", None).await.1["code"],
        "UNAUTHENTICATED"
    );
});

both_backends!(a_busy_session_still_ends_at_the_absolute_timeout, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let session = t.login("zzb").await;
    for _ in 0..35 {
        t.clock.advance(Duration::minutes(20));
        assert_eq!(
            t.call(Some(&session), "GET", "/auth/me", None).await.0,
            StatusCode::OK
        );
    }
    t.clock.advance(Duration::minutes(20)); // 12 h after sign-in
    assert_eq!(
        t.call(Some(&session), "GET", "/auth/me", None).await.1["code"],
        "SESSION_EXPIRED"
    );
});

both_backends!(logout_really_ends_the_session, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let session = t.login("zzb").await;
    assert_eq!(
        t.call(Some(&session), "POST", "/auth/logout", None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        t.call(Some(&session), "GET", "/auth/me", None).await.1["code"],
        "UNAUTHENTICATED"
    );
});

both_backends!(state_changing_requests_need_the_csrf_token, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let mut session = t.login("zzb").await;
    session.csrf = "forged".into();
    let (status, body) = t.call(Some(&session), "POST", "/org/units", Some(json!({"code":"N","name":"新单位","unit_type":"town","parent_id": t.units.county_x}))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("CSRF_FAILED"))
    );
    // Reading needs no token.
    assert_eq!(
        t.call(Some(&session), "GET", "/org/units", None).await.0,
        StatusCode::OK
    );
});

both_backends!(
    first_login_forces_a_password_change_that_follows_the_policy,
    |t| {
        let input = ganxun::app::accounts::AccountInput {
            username: "newbie".into(),
            display_name: "新人".into(),
            password: PASSWORD.into(),
            unit_id: ganxun_domain::UnitId(t.units.town_a),
            person_id: None,
            grants: vec![ganxun::app::accounts::GrantInput {
                role: "unit_admin".into(),
                scope: None,
                units: vec![],
            }],
        };
        ganxun::app::accounts::create_unchecked(
            &t.app,
            &ganxun_storage::Actor::system("test"),
            &input,
            true,
        )
        .await
        .unwrap();
        let session = t.login("newbie").await;
        let (status, body) = t.call(Some(&session), "GET", "/people", None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("PASSWORD_CHANGE_REQUIRED"))
        );
        let (_, me) = t.call(Some(&session), "GET", "/auth/me", None).await;
        assert_eq!(me["must_change_password"], true);
        let (status, body) = t
            .call(
                Some(&session),
                "POST",
                "/auth/password",
                Some(json!({"old_password": PASSWORD, "new_password": "short"})),
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("PASSWORD_TOO_SHORT"))
        );
        let (status, body) = t
            .call(
                Some(&session),
                "POST",
                "/auth/password",
                Some(json!({"old_password": PASSWORD, "new_password": "alllowercase1"})),
            )
            .await;
        assert_eq!(body["code"], "PASSWORD_TOO_FEW_CLASSES", "{status} {body}");
        let (status, _) = t
            .call(
                Some(&session),
                "POST",
                "/auth/password",
                Some(json!({"old_password": PASSWORD, "new_password": "Better-Pass-2026"})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            t.call(Some(&session), "GET", "/people", None).await.0,
            StatusCode::OK
        );
        assert!(t.try_login("newbie", "Better-Pass-2026").await.is_ok());
    }
);

both_backends!(no_account_may_combine_the_three_administrators, |t| {
    // The operator's command line checks the rule as well.
    let input = ganxun::app::accounts::AccountInput {
        username: "both".into(),
        display_name: "兼任".into(),
        password: PASSWORD.into(),
        unit_id: ganxun_domain::UnitId(t.units.city),
        person_id: None,
        grants: ["system_admin", "audit_admin"]
            .map(|role| ganxun::app::accounts::GrantInput {
                role: role.into(),
                scope: None,
                units: vec![],
            })
            .to_vec(),
    };
    let refused = ganxun::app::accounts::create_unchecked(
        &t.app,
        &ganxun_storage::Actor::system("test"),
        &input,
        true,
    )
    .await
    .unwrap_err();
    assert!(
        format!("{refused:?}").contains("SEPARATION_OF_DUTIES"),
        "{refused:?}"
    );
    // The security administrator cannot add a second role to an administrator either.
    let target = t.account("plain", "auditor", t.units.city, None).await;
    t.account("secadmin", "security_admin", t.units.city, None)
        .await;
    let sec = t.login("secadmin").await;
    let (status, body) = t
        .call(
            Some(&sec),
            "PUT",
            &format!("/accounts/{target}/grants"),
            Some(json!({"grants": [{"role":"auditor"},{"role":"security_admin"}]})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("SEPARATION_OF_DUTIES")
        )
    );
});

both_backends!(
    the_security_administrator_unlocks_and_the_system_administrator_resets_passwords,
    |t| {
        let target = t
            .account("zzb", "training_authority", t.units.city, None)
            .await;
        t.account("secadmin", "security_admin", t.units.city, None)
            .await;
        for _ in 0..5 {
            let _ = t.try_login("zzb", "Wrong-Passw0rd").await;
        }
        assert_eq!(
            t.try_login("zzb", PASSWORD).await.unwrap_err().1["code"],
            "ACCOUNT_LOCKED"
        );
        let sec = t.login("secadmin").await;
        assert_eq!(
            t.call(
                Some(&sec),
                "POST",
                &format!("/accounts/{target}/unlock"),
                None
            )
            .await
            .0,
            StatusCode::NO_CONTENT
        );
        t.login("zzb").await;
        t.account("sysadmin", "system_admin", t.units.city, None)
            .await;
        let sys = t.login("sysadmin").await;
        let (status, _) = t
            .call(
                Some(&sys),
                "POST",
                &format!("/accounts/{target}/reset-password"),
                Some(json!({"password": "Temp-Pass-9"})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let session = t.try_login("zzb", "Temp-Pass-9").await.unwrap();
        assert_eq!(
            t.call(Some(&session), "GET", "/people", None).await.1["code"],
            "PASSWORD_CHANGE_REQUIRED"
        );
    }
);

both_backends!(an_unreachable_database_answers_503_with_retry_after, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let session = t.login("zzb").await;
    t.app.db.close_pool().await;
    let (status, headers, body) = t.call_raw(None, "GET", "/health", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(headers.get("retry-after").unwrap(), "5");
    assert!(String::from_utf8_lossy(&body).contains("STORAGE_UNAVAILABLE"));
    let (status, body) = t.call(Some(&session), "GET", "/people", None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("STORAGE_UNAVAILABLE"))
    );
});

/// Behind a TLS-terminating proxy that the deployment trusts, cookies are marked `Secure`, and
/// the client's own address (not the proxy's) goes into the audit log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_tls_proxy_cookies_are_secure_and_the_client_address_is_logged() {
    let mut settings = common::settings();
    settings.security.trust_proxy = true;
    let t = common::TestApp::sqlite_with(settings).await;
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let body = json!({"username": "zzb", "password": PASSWORD})
        .to_string()
        .into_bytes();
    let request = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v1/auth/login")
        .header("content-type", "application/json")
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-for", "203.0.113.9, 10.0.0.1")
        .body(axum::body::Body::from(body))
        .unwrap();
    let response = tower::ServiceExt::oneshot(t.router.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(cookies.iter().all(|c| c.contains("Secure")), "{cookies:?}");
    t.account("auditadmin", "audit_admin", t.units.city, None)
        .await;
    let audit = t.login("auditadmin").await;
    let (_, log) = t
        .call(
            Some(&audit),
            "GET",
            "/audit?action=auth.login&actor=zzb",
            None,
        )
        .await;
    assert_eq!(log["items"][0]["ip"], "203.0.113.9", "{log}");
}
