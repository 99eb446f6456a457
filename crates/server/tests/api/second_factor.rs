//! The second factor and the password profiles (issue 14 item 8), on both databases: holders
//! of the required roles set up an authenticator app before anything else; sign-in then asks
//! for its code; each code works once; recovery codes work once each; wrong codes count toward
//! the lock-out; a lost phone is reset by the system administrator and the roles wait for the
//! security administrator, so no administrator alone walks in. Then the two password
//! profiles: 等保 (complexity, 90-day expiry) and ASVS (12+ characters, no common passwords).

use crate::common::{self, PASSWORD, Session, TestApp};

use axum::http::StatusCode;
use chrono::Duration;
use ganxun::config::Settings;
use ganxun_domain::Clock;
use ganxun_domain::second_factor::TotpSecret;
use serde_json::{Value, json};

/// The usual test settings with the second factor required as shipped.
fn required_as_shipped() -> Settings {
    let mut settings = common::settings();
    settings.security.second_factor.required_roles =
        Settings::default().security.second_factor.required_roles;
    settings
}

macro_rules! story {
    ($name:ident, $settings:expr, |$t:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $t = TestApp::sqlite_with($settings).await;
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some($t) = TestApp::postgres_with($settings).await else {
                    return;
                };
                $body
            }
        }
    };
}

async fn post(t: &TestApp, s: &Session, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    t.call(Some(s), "POST", path, body).await
}

fn code_of(answer: &(StatusCode, Value)) -> (StatusCode, &str) {
    (answer.0, answer.1["code"].as_str().unwrap_or_default())
}

/// Signs in with a code as well as the password.
async fn login_with(
    t: &TestApp,
    username: &str,
    code: &str,
) -> Result<Session, (StatusCode, Value)> {
    t.try_login_with_code(username, PASSWORD, Some(code)).await
}

/// Sets up an authenticator for the signed-in account, as its holder would with a phone:
/// returns the app's secret and the recovery codes.
async fn set_up(t: &TestApp, s: &Session) -> (TotpSecret, Vec<String>) {
    let (status, setup) = post(t, s, "/auth/second-factor/setup", None).await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    let uri = setup["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/%E5%B9%B2%E8%AE%AD:"),
        "{uri}"
    );
    let secret = TotpSecret::from_base32(setup["secret"].as_str().unwrap()).unwrap();
    assert!(uri.contains(&format!("secret={}", secret.to_base32())));
    let (status, body) = post(
        t,
        s,
        "/auth/second-factor/setup/confirm",
        Some(json!({"code": secret.code_at(t.clock.now())})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let codes: Vec<String> = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

/// Moves to the next 30-second step, so the app shows a code not yet used.
fn next_step(t: &TestApp) {
    t.clock.advance(Duration::seconds(30));
}

story!(
    a_required_role_sets_up_an_authenticator_first_then_signs_in_with_codes_that_work_once,
    required_as_shipped(),
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let s = t.login("zzb").await;
        let (_, me) = t.call(Some(&s), "GET", "/auth/me", None).await;
        assert_eq!(me["second_factor_pending"], true);
        let refused = t.call(Some(&s), "GET", "/people", None).await;
        assert_eq!(
            code_of(&refused),
            (StatusCode::FORBIDDEN, "SECOND_FACTOR_SETUP_REQUIRED")
        );
        assert!(refused.1["message"].as_str().unwrap().contains("两步验证"));

        // A wrong first code does not turn it on.
        let (status, setup) = post(&t, &s, "/auth/second-factor/setup", None).await;
        assert_eq!(status, StatusCode::OK);
        let wrong = post(
            &t,
            &s,
            "/auth/second-factor/setup/confirm",
            Some(json!({"code": "000000"})),
        )
        .await;
        let secret = TotpSecret::from_base32(setup["secret"].as_str().unwrap()).unwrap();
        if secret.code_at(t.clock.now()) != "000000" {
            assert_eq!(wrong.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.1);
            assert_eq!(
                wrong.1["fields"][0]["code"], "SECOND_FACTOR_WRONG",
                "{}",
                wrong.1
            );
        }

        let (secret, recovery) = set_up(&t, &s).await;
        let (status, _) = t.call(Some(&s), "GET", "/people", None).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "the same session goes on once set up"
        );
        let (_, status_body) = t.call(Some(&s), "GET", "/auth/second-factor", None).await;
        assert_eq!(
            (
                &status_body["enabled"],
                &status_body["required"],
                &status_body["recovery_codes_left"]
            ),
            (&json!(true), &json!(true), &json!(10))
        );

        // The password alone is no longer enough; the code used to confirm cannot be used again.
        let alone = t.try_login("zzb", PASSWORD).await.unwrap_err();
        assert_eq!(
            (alone.0, alone.1["code"].as_str().unwrap()),
            (StatusCode::UNAUTHORIZED, "SECOND_FACTOR_REQUIRED")
        );
        let replay = login_with(&t, "zzb", &secret.code_at(t.clock.now()))
            .await
            .unwrap_err();
        assert_eq!(replay.1["code"], "SECOND_FACTOR_WRONG", "a code works once");
        next_step(&t);
        let code = secret.code_at(t.clock.now());
        let signed_in = login_with(&t, "zzb", &code).await.unwrap();
        let (status, _) = t.call(Some(&signed_in), "GET", "/people", None).await;
        assert_eq!(status, StatusCode::OK);
        let again = login_with(&t, "zzb", &code).await.unwrap_err();
        assert_eq!(
            again.1["code"], "SECOND_FACTOR_WRONG",
            "nor twice in its own step"
        );
        // A wrong password with a right code tells nothing about the code.
        next_step(&t);
        let wrong_password = t
            .try_login_with_code(
                "zzb",
                "Wrong-Pass-2026",
                Some(&secret.code_at(t.clock.now())),
            )
            .await
            .unwrap_err();
        assert_eq!(wrong_password.1["code"], "INVALID_CREDENTIALS");

        // A recovery code, typed in any case and spacing, works once.
        let typed = recovery[3].to_lowercase().replace('-', " ");
        login_with(&t, "zzb", &typed).await.unwrap();
        let reused = login_with(&t, "zzb", &recovery[3]).await.unwrap_err();
        assert_eq!(reused.1["code"], "SECOND_FACTOR_WRONG");
        let (_, status_body) = t.call(Some(&s), "GET", "/auth/second-factor", None).await;
        assert_eq!(status_body["recovery_codes_left"], 9);

        // New recovery codes replace the old; the role's factor cannot be turned off.
        next_step(&t);
        let (status, body) = post(
            &t,
            &s,
            "/auth/second-factor/recovery-codes",
            Some(json!({"code": secret.code_at(t.clock.now())})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let old = login_with(&t, "zzb", &recovery[0]).await.unwrap_err();
        assert_eq!(old.1["code"], "SECOND_FACTOR_WRONG", "old codes are gone");
        let fresh = body["recovery_codes"][0].as_str().unwrap();
        login_with(&t, "zzb", fresh).await.unwrap();
        next_step(&t);
        let off = post(
            &t,
            &s,
            "/auth/second-factor/remove",
            Some(json!({"code": secret.code_at(t.clock.now())})),
        )
        .await;
        assert_eq!(
            code_of(&off),
            (StatusCode::CONFLICT, "SECOND_FACTOR_REQUIRED_FOR_ROLE")
        );

        // The audit log says how each sign-in was made; the secret appears nowhere in it.
        t.account("auditadmin", "audit_admin", t.units.city, None)
            .await;
        let auditor = t.login("auditadmin").await;
        set_up(&t, &auditor).await;
        let (status, log) = t
            .call(
                Some(&auditor),
                "GET",
                "/audit?action=auth.&page_size=200",
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{log}");
        let text = log.to_string();
        assert!(
            !text.contains(&secret.to_base32()),
            "no secret in the audit log"
        );
        for method in ["totp", "recovery_code"] {
            assert!(
                text.contains(&format!("\"second_factor\":\"{method}\"")),
                "sign-in by {method} audited: {text}"
            );
        }
        for action in [
            "auth.second_factor_enrolled",
            "auth.second_factor_failed",
            "auth.recovery_code_used",
            "auth.recovery_codes_replaced",
        ] {
            assert!(text.contains(action), "{action} audited");
        }
    }
);

story!(
    wrong_codes_count_toward_the_lock_out,
    required_as_shipped(),
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let s = t.login("zzb").await;
        let (secret, _) = set_up(&t, &s).await;
        let right = secret.code_at(t.clock.now() + Duration::seconds(30));
        let wrong = if right == "123456" {
            "654321"
        } else {
            "123456"
        };
        let mut last = None;
        for _ in 0..5 {
            last = Some(login_with(&t, "zzb", wrong).await.unwrap_err());
        }
        let last = last.unwrap();
        assert_eq!(
            (last.0, last.1["code"].as_str().unwrap()),
            (StatusCode::FORBIDDEN, "ACCOUNT_LOCKED"),
            "the fifth wrong code locks the account"
        );
        next_step(&t);
        let locked = login_with(&t, "zzb", &right).await.unwrap_err();
        assert_eq!(
            locked.1["code"], "ACCOUNT_LOCKED",
            "even the right code waits"
        );
        t.clock.advance(Duration::minutes(16));
        login_with(&t, "zzb", &secret.code_at(t.clock.now()))
            .await
            .unwrap();
    }
);

story!(
    anyone_may_turn_a_factor_on_and_off_where_no_role_requires_it,
    required_as_shipped(),
    |t| {
        t.account("shahu", "unit_admin", t.units.county_x, None)
            .await;
        let s = t.login("shahu").await;
        let (_, status) = t.call(Some(&s), "GET", "/auth/second-factor", None).await;
        assert_eq!(
            (&status["enabled"], &status["required"]),
            (&json!(false), &json!(false))
        );
        let (secret, recovery) = set_up(&t, &s).await;
        let alone = t.try_login("shahu", PASSWORD).await.unwrap_err();
        assert_eq!(alone.1["code"], "SECOND_FACTOR_REQUIRED");
        let off = post(
            &t,
            &s,
            "/auth/second-factor/remove",
            Some(json!({"code": recovery[1]})),
        )
        .await;
        assert_eq!(off.0, StatusCode::NO_CONTENT, "{}", off.1);
        t.login("shahu").await;
        let _ = secret;
        let (_, status) = t.call(Some(&s), "GET", "/auth/second-factor", None).await;
        assert_eq!(status["enabled"], false);
    }
);

story!(
    a_lost_phone_is_reset_by_the_system_administrator_and_no_administrator_walks_in,
    required_as_shipped(),
    |t| {
        let zzb = t
            .account("zzb", "training_authority", t.units.city, None)
            .await;
        let sys_id = t
            .account("sysadmin", "system_admin", t.units.city, None)
            .await;
        t.account("secadmin", "security_admin", t.units.city, None)
            .await;
        let holder = t.login("zzb").await;
        set_up(&t, &holder).await;
        let sys = t.login("sysadmin").await;
        set_up(&t, &sys).await;
        let sec = t.login("secadmin").await;
        set_up(&t, &sec).await;

        let own = post(
            &t,
            &sys,
            &format!("/accounts/{sys_id}/second-factor/reset"),
            None,
        )
        .await;
        assert_eq!(code_of(&own), (StatusCode::CONFLICT, "OWN_ACCOUNT"));
        let by_security = post(
            &t,
            &sec,
            &format!("/accounts/{zzb}/second-factor/reset"),
            None,
        )
        .await;
        assert_eq!(
            by_security.0,
            StatusCode::FORBIDDEN,
            "only the system administrator resets"
        );

        // The system administrator resets both the password and the factor, as one who wanted
        // to take the account over would, and signs in as its holder.
        let (status, body) = post(
            &t,
            &sys,
            &format!("/accounts/{zzb}/reset-password"),
            Some(json!({"password": "Temp-Pass-2026"})),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let (status, body) = post(
            &t,
            &sys,
            &format!("/accounts/{zzb}/second-factor/reset"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let (status, _) = t.call(Some(&holder), "GET", "/auth/me", None).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "the holder's sessions ended"
        );
        let again = post(
            &t,
            &sys,
            &format!("/accounts/{zzb}/second-factor/reset"),
            None,
        )
        .await;
        assert_eq!(code_of(&again), (StatusCode::CONFLICT, "SECOND_FACTOR_OFF"));

        let intruder = t.try_login("zzb", "Temp-Pass-2026").await.unwrap();
        let (status, body) = post(
            &t,
            &intruder,
            "/auth/password",
            Some(json!({"old_password": "Temp-Pass-2026", "new_password": "Own-Choice-2026"})),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        set_up(&t, &intruder).await;
        let held = t.call(Some(&intruder), "GET", "/people", None).await;
        assert_eq!(
            code_of(&held),
            (StatusCode::FORBIDDEN, "ROLES_SUSPENDED"),
            "with both factors chosen by an administrator, the roles still wait"
        );
        // The security administrator confirms once the real holder says so.
        let (status, body) = post(&t, &sec, &format!("/accounts/{zzb}/confirm-roles"), None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, _) = t.call(Some(&intruder), "GET", "/people", None).await;
        assert_eq!(status, StatusCode::OK);
        let (_, account) = t
            .call(Some(&sys), "GET", &format!("/accounts/{zzb}"), None)
            .await;
        assert_eq!(account["second_factor_enabled"], true);
    }
);

/// 等保 profile with its 90-day expiry (the test harness otherwise turns expiry off).
fn dengbao() -> Settings {
    let mut settings = common::settings();
    settings.security.password = ganxun_domain::PasswordPolicy::dengbao();
    settings
}

story!(
    under_dengbao_a_password_older_than_ninety_days_must_be_changed_first,
    dengbao(),
    |t| {
        t.account("shahu", "unit_admin", t.units.county_x, None)
            .await;
        t.clock.advance(Duration::days(89));
        let s = t.login("shahu").await;
        let (status, _) = t.call(Some(&s), "GET", "/people", None).await;
        assert_eq!(status, StatusCode::OK);
        t.clock.advance(Duration::days(1));
        let s = t.login("shahu").await;
        let (_, me) = t.call(Some(&s), "GET", "/auth/me", None).await;
        assert_eq!(
            (&me["must_change_password"], &me["password_expired"]),
            (&json!(true), &json!(true))
        );
        let refused = t.call(Some(&s), "GET", "/people", None).await;
        assert_eq!(
            code_of(&refused),
            (StatusCode::FORBIDDEN, "PASSWORD_CHANGE_REQUIRED")
        );
        let weak = post(
            &t,
            &s,
            "/auth/password",
            Some(json!({"old_password": PASSWORD, "new_password": "xiantao2026"})),
        )
        .await;
        assert_eq!(
            weak.1["fields"][0]["code"], "PASSWORD_TOO_FEW_CLASSES",
            "{}",
            weak.1
        );
        let (status, body) = post(
            &t,
            &s,
            "/auth/password",
            Some(json!({"old_password": PASSWORD, "new_password": "Xiantao-2026"})),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let (status, _) = t.call(Some(&s), "GET", "/people", None).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "a new password lasts another 90 days"
        );
        let (_, policy) = t.call(None, "GET", "/auth/password-policy", None).await;
        assert_eq!(
            (
                &policy["profile"],
                &policy["max_age_days"],
                &policy["min_classes"]
            ),
            (&json!("dengbao"), &json!(90), &json!(3))
        );
    }
);

fn asvs() -> Settings {
    let mut settings = common::settings();
    settings.security.password = ganxun_domain::PasswordPolicy::asvs();
    settings
}

story!(
    under_asvs_passwords_are_long_not_common_and_never_expire,
    asvs(),
    |t| {
        t.account("shahu", "unit_admin", t.units.county_x, None)
            .await;
        let s = t.login("shahu").await;
        for (password, code) in [
            ("Xiantao-26!", "PASSWORD_TOO_SHORT"),
            ("Password2026!!", "PASSWORD_TOO_COMMON"),
            ("qwertyuiop1234", "PASSWORD_TOO_COMMON"),
            ("woaini13145200", "PASSWORD_TOO_COMMON"),
        ] {
            let refused = post(
                &t,
                &s,
                "/auth/password",
                Some(json!({"old_password": PASSWORD, "new_password": password})),
            )
            .await;
            assert_eq!(
                refused.1["fields"][0]["code"], code,
                "{password}: {}",
                refused.1
            );
        }
        let (status, body) = post(
            &t,
            &s,
            "/auth/password",
            Some(json!({"old_password": PASSWORD, "new_password": "river boat tea cup"})),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        t.clock.advance(Duration::days(400));
        let s = t.try_login("shahu", "river boat tea cup").await.unwrap();
        let (status, _) = t.call(Some(&s), "GET", "/people", None).await;
        assert_eq!(status, StatusCode::OK, "ASVS does not force rotation");
        let (_, policy) = t.call(None, "GET", "/auth/password-policy", None).await;
        assert_eq!(
            (
                &policy["profile"],
                &policy["min_length"],
                &policy["max_age_days"],
                &policy["refuses_common"]
            ),
            (&json!("asvs"), &json!(12), &Value::Null, &json!(true))
        );
    }
);
