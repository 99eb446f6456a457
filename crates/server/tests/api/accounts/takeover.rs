//! 三员分立 against takeover (issue 14 item 5, ADR 0004): no administrator alone can end up
//! using a business role. Every two-step path of each of the three administrators is tried —
//! create then grant, grant then reset, reset then sign in, reset another administrator then
//! act as them — and each must fail. Then the gates themselves: after an administrator chose a
//! password every operation refuses until it is changed, and then every operation refuses until
//! the security administrator confirms the roles.

use crate::common::{self, Session, TestApp};

use axum::http::StatusCode;
use serde_json::{Value, json};

const TEMP: &str = "Temp-Pass-2026";
const MINE: &str = "Own-Choice-2026";

/// The three administrators signed in, and a training authority whose password only its holder
/// knows.
struct Cast {
    sys: Session,
    sec: Session,
    aud: Session,
    sys_id: i64,
    sec_id: i64,
    aud_id: i64,
    victim: i64,
}

async fn cast(t: &TestApp) -> Cast {
    let sys_id = t
        .account("sysadmin", "system_admin", t.units.city, None)
        .await;
    let sec_id = t
        .account("secadmin", "security_admin", t.units.city, None)
        .await;
    let aud_id = t
        .account("auditadmin", "audit_admin", t.units.city, None)
        .await;
    let victim = t
        .account("zzb", "training_authority", t.units.city, None)
        .await;
    Cast {
        sys: t.login("sysadmin").await,
        sec: t.login("secadmin").await,
        aud: t.login("auditadmin").await,
        sys_id,
        sec_id,
        aud_id,
        victim,
    }
}

async fn post(t: &TestApp, s: &Session, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    t.call(Some(s), "POST", path, body).await
}

async fn grant(t: &TestApp, s: &Session, id: i64, role: &str) -> (StatusCode, Value) {
    t.call(
        Some(s),
        "PUT",
        &format!("/accounts/{id}/grants"),
        Some(json!({"grants": [{"role": role}]})),
    )
    .await
}

async fn reset(t: &TestApp, s: &Session, id: i64) -> (StatusCode, Value) {
    post(
        t,
        s,
        &format!("/accounts/{id}/reset-password"),
        Some(json!({"password": TEMP})),
    )
    .await
}

async fn confirm(t: &TestApp, s: &Session, id: i64) -> (StatusCode, Value) {
    post(t, s, &format!("/accounts/{id}/confirm-roles"), None).await
}

/// Signs in with the temporary password and replaces it, as an administrator who knows it would.
async fn take_over(t: &TestApp, username: &str) -> Session {
    let session = t.try_login(username, TEMP).await.unwrap();
    let (status, body) = post(
        t,
        &session,
        "/auth/password",
        Some(json!({"old_password": TEMP, "new_password": MINE})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    session
}

/// The business role at work: reading the cadre register.
async fn reads_people(t: &TestApp, s: &Session) -> (StatusCode, Value) {
    t.call(Some(s), "GET", "/people", None).await
}

fn refused(answer: &(StatusCode, Value), code: &str) {
    assert_eq!(
        (answer.0, answer.1["code"].as_str().unwrap_or_default()),
        (
            match code {
                "NOT_FOUND" => StatusCode::NOT_FOUND,
                "FORBIDDEN" | "ROLES_SUSPENDED" | "PASSWORD_CHANGE_REQUIRED" => {
                    StatusCode::FORBIDDEN
                }
                "HOLDER_PASSWORD_PENDING" => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            code
        ),
        "{}",
        answer.1
    );
}

both_backends!(
    the_system_administrator_creates_accounts_but_never_with_roles,
    |t| {
        let c = cast(&t).await;
        let body = json!({
            "username": "mole", "display_name": "内鬼", "password": TEMP,
            "unit_id": t.units.city, "grants": [{"role": "training_authority"}]
        });
        refused(
            &post(&t, &c.sys, "/accounts", Some(body)).await,
            "ROLES_BY_SECURITY_ADMIN",
        );
        assert_eq!(
            t.try_login("mole", TEMP).await.unwrap_err().1["code"],
            "INVALID_CREDENTIALS",
            "nothing was created"
        );
        // Created without roles, the account is his to sign into but gives him nothing.
        let (status, mole) = post(
            &t,
            &c.sys,
            "/accounts",
            Some(json!({"username": "mole", "display_name": "内鬼", "password": TEMP, "unit_id": t.units.city})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{mole}");
        assert_eq!(mole["roles"], json!([]));
        assert_eq!(mole["roles_suspended"], true);
        let id = mole["id"].as_i64().unwrap();
        // create + grant, create + confirm: not his to do.
        refused(
            &grant(&t, &c.sys, id, "training_authority").await,
            "FORBIDDEN",
        );
        refused(&confirm(&t, &c.sys, id).await, "FORBIDDEN");
        // The security administrator gives the role as asked, before the holder's first sign-in.
        let (status, granted) = grant(&t, &c.sec, id, "training_authority").await;
        assert_eq!(status, StatusCode::OK, "{granted}");
        assert_eq!(
            granted["roles_suspended"], true,
            "held: an administrator chose the password"
        );
        // create + sign in with the initial password: the roles stay suspended.
        let session = take_over(&t, "mole").await;
        refused(&reads_people(&t, &session).await, "ROLES_SUSPENDED");
        let (_, me) = t.call(Some(&session), "GET", "/auth/me", None).await;
        assert_eq!(
            (me["roles_suspended"].clone(), me["permissions"].clone()),
            (json!(true), json!([]))
        );
        refused(&confirm(&t, &session, id).await, "ROLES_SUSPENDED");
    }
);

both_backends!(reset_then_sign_in_is_refused_for_every_account_kind, |t| {
    let c = cast(&t).await;
    // reset + sign in, on the business account and on the other two administrators.
    for (id, username, then) in [
        (c.victim, "zzb", "/people"),
        (c.sec_id, "secadmin", "/accounts"),
        (c.aud_id, "auditadmin", "/audit"),
    ] {
        assert_eq!(reset(&t, &c.sys, id).await.0, StatusCode::NO_CONTENT);
        let session = t.try_login(username, TEMP).await.unwrap();
        let (status, body) = t.call(Some(&session), "GET", then, None).await;
        refused(&(status, body), "PASSWORD_CHANGE_REQUIRED");
        let session = take_over(&t, username).await;
        let (status, body) = t.call(Some(&session), "GET", then, None).await;
        refused(&(status, body), "ROLES_SUSPENDED");
        // …and so cannot act as a security administrator on anyone's behalf.
        refused(
            &grant(&t, &session, c.sys_id, "training_authority").await,
            "ROLES_SUSPENDED",
        );
        // Nor confirm the held roles himself.
        refused(&confirm(&t, &c.sys, id).await, "FORBIDDEN");
        refused(
            &grant(&t, &c.sys, id, "training_authority").await,
            "FORBIDDEN",
        );
    }
    // His own password he changes like anyone, not by a reset.
    refused(&reset(&t, &c.sys, c.sys_id).await, "OWN_ACCOUNT");
    // Unlocking is the security administrator's.
    refused(
        &post(&t, &c.sys, &format!("/accounts/{}/unlock", c.victim), None).await,
        "FORBIDDEN",
    );
});

both_backends!(
    the_security_administrator_grants_but_can_never_sign_in_as_anyone,
    |t| {
        let c = cast(&t).await;
        // grant to self.
        refused(
            &grant(&t, &c.sec, c.sec_id, "training_authority").await,
            "OWN_ROLES",
        );
        refused(&confirm(&t, &c.sec, c.sec_id).await, "OWN_ROLES");
        // grant + reset: he gives the victim's account a role, then cannot set its password.
        let (status, _) = grant(&t, &c.sec, c.victim, "unit_admin").await;
        assert_eq!(status, StatusCode::OK);
        refused(&reset(&t, &c.sec, c.victim).await, "FORBIDDEN");
        // create + grant: he cannot create the account to give roles to.
        let body = json!({"username": "mole", "display_name": "内鬼", "password": TEMP, "unit_id": t.units.city});
        refused(
            &post(&t, &c.sec, "/accounts", Some(body)).await,
            "FORBIDDEN",
        );
        // grant to the system administrator, whose password he cannot set either.
        refused(&reset(&t, &c.sec, c.sys_id).await, "FORBIDDEN");
        assert!(t.try_login("zzb", TEMP).await.is_err());
    }
);

both_backends!(the_audit_administrator_changes_no_account, |t| {
    let c = cast(&t).await;
    let body = json!({"username": "mole", "display_name": "内鬼", "password": TEMP, "unit_id": t.units.city});
    refused(
        &post(&t, &c.aud, "/accounts", Some(body)).await,
        "FORBIDDEN",
    );
    refused(&grant(&t, &c.aud, c.victim, "auditor").await, "FORBIDDEN");
    refused(&grant(&t, &c.aud, c.aud_id, "auditor").await, "FORBIDDEN");
    refused(&reset(&t, &c.aud, c.victim).await, "FORBIDDEN");
    refused(&confirm(&t, &c.aud, c.victim).await, "FORBIDDEN");
    refused(
        &post(&t, &c.aud, &format!("/accounts/{}/unlock", c.victim), None).await,
        "FORBIDDEN",
    );
    refused(
        &post(
            &t,
            &c.aud,
            &format!("/accounts/{}/deactivate", c.victim),
            None,
        )
        .await,
        "FORBIDDEN",
    );
});

both_backends!(
    held_roles_come_back_only_when_the_security_administrator_confirms_after_the_holders_change,
    |t| {
        let c = cast(&t).await;
        let before = t.login("zzb").await;
        assert_eq!(reset(&t, &c.sys, c.victim).await.0, StatusCode::NO_CONTENT);
        let (status, body) = reads_people(&t, &before).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("UNAUTHENTICATED")),
            "a reset ends the holder's sessions"
        );
        // Too early: the holder still has the administrator's password.
        refused(
            &confirm(&t, &c.sec, c.victim).await,
            "HOLDER_PASSWORD_PENDING",
        );
        // A grant meanwhile is kept but stays held.
        let (_, granted) = grant(&t, &c.sec, c.victim, "training_authority").await;
        assert_eq!(granted["roles_suspended"], true, "{granted}");
        let holder = take_over(&t, "zzb").await;
        refused(&reads_people(&t, &holder).await, "ROLES_SUSPENDED");
        let (status, confirmed) = confirm(&t, &c.sec, c.victim).await;
        assert_eq!(status, StatusCode::OK, "{confirmed}");
        assert_eq!(confirmed["roles_suspended"], false);
        assert_eq!(confirmed["roles"][0]["role"], "training_authority");
        // The session the holder has open works at once.
        assert_eq!(reads_people(&t, &holder).await.0, StatusCode::OK);
        let (status, again) = confirm(&t, &c.sec, c.victim).await;
        assert_eq!(
            (status, again["code"].as_str()),
            (StatusCode::CONFLICT, Some("ROLES_NOT_SUSPENDED"))
        );
        // Every step is in the audit log.
        for action in [
            "account.password_reset",
            "account.roles_confirmed",
            "account.grants",
        ] {
            let (_, log) = t
                .call(
                    Some(&c.aud),
                    "GET",
                    &format!("/audit?action={action}"),
                    None,
                )
                .await;
            assert_eq!(log["total"], 1, "{action}: {log}");
        }
    }
);

/// Every operation of the OpenAPI document with its path parameters filled in.
fn operations() -> Vec<(String, String)> {
    let doc: Value = serde_json::from_str(&ganxun::http::openapi_json()).unwrap();
    let mut found = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let filled: String = path
            .split('/')
            .map(|part| if part.starts_with('{') { "1" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        for method in ops.as_object().unwrap().keys() {
            found.push((method.to_uppercase(), filled.clone()));
        }
    }
    found
}

/// Calls every operation that needs a signed-in caller as `session` and returns those that did
/// not refuse with `code`; `allowed` lists the ones that may answer.
async fn operations_not_refused(
    t: &TestApp,
    session: &Session,
    code: &str,
    allowed: &[&str],
) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut answered = Vec::new();
    for (method, path) in operations() {
        let name = format!("{method} {path}");
        let body = (method != "GET" && method != "DELETE").then(|| json!({}));
        let (anonymous, _) = t.call(None, &method, &path, body.clone()).await;
        if anonymous != StatusCode::UNAUTHORIZED || allowed.contains(&name.as_str()) {
            continue; // public, or refused before anyone is asked who they are
        }
        checked += 1;
        let (status, answer) = t.call(Some(session), &method, &path, body).await;
        if (status, answer["code"].as_str()) != (StatusCode::FORBIDDEN, Some(code)) {
            answered.push(format!("{name} → {status} {answer}"));
        }
    }
    (checked, answered)
}

both_backends!(
    until_the_password_is_changed_and_the_roles_confirmed_every_operation_refuses,
    |t| {
        let c = cast(&t).await;
        assert_eq!(reset(&t, &c.sys, c.victim).await.0, StatusCode::NO_CONTENT);
        let session = t.try_login("zzb", TEMP).await.unwrap();
        // What a holder with a pending change may still do: see who they are, change the
        // password, sign out.
        let pending = ["GET /auth/me", "POST /auth/password", "POST /auth/logout"];
        let (checked, answered) =
            operations_not_refused(&t, &session, "PASSWORD_CHANGE_REQUIRED", &pending).await;
        assert!(checked > 100, "only {checked} operations checked");
        assert!(
            answered.is_empty(),
            "answered before the password change: {answered:#?}"
        );
        let session = {
            let (status, _) = post(
                &t,
                &session,
                "/auth/password",
                Some(json!({"old_password": TEMP, "new_password": MINE})),
            )
            .await;
            assert_eq!(status, StatusCode::NO_CONTENT);
            session
        };
        // With the password settled the holder may also set up their second factor (issue 14
        // item 8): their roles wait for the security administrator either way.
        let second_factor = [
            "GET /auth/second-factor",
            "POST /auth/second-factor/setup",
            "POST /auth/second-factor/setup/confirm",
            "POST /auth/second-factor/recovery-codes",
            "POST /auth/second-factor/remove",
        ];
        let settled: Vec<&str> = pending.iter().chain(&second_factor).copied().collect();
        let (checked, answered) =
            operations_not_refused(&t, &session, "ROLES_SUSPENDED", &settled).await;
        assert!(checked > 100, "only {checked} operations checked");
        assert!(
            answered.is_empty(),
            "answered with roles suspended: {answered:#?}"
        );
    }
);
