//! Sign-in, sessions and passwords (R-SEC-1): Argon2id hashes, attempts throttled per address
//! and per account, lock-out after repeated failures (wrong old passwords included), idle and
//! absolute timeouts read from the injected clock, the same answer for an unknown user as for
//! a wrong password.

use super::refusal::Refusal;
use super::signed_in::Kept;
use crate::app::{App, AppError, AppResult, Principal};
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use chrono::Duration;
use ganxun_storage::accounts::sessions;
use ganxun_storage::accounts::sign_in_counters::{self, Counter};
use ganxun_storage::accounts::{Failure, PasswordChooser};
use ganxun_storage::{Actor, AuditEvent, accounts, audit};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::{Arc, OnceLock};

/// Touching a session writes; do it at most this often per session.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// Hashes a password with Argon2id (default parameters: 19 MiB, 2 passes).
pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("argon2: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to verify against when the user does not exist, so both answers take as long.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy-password-never-matches").unwrap_or_default())
}

async fn verify_blocking(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false)
}

/// A random token, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The session id stored in the database: SHA-256 of the cookie token.
pub fn session_id_of(token: &str) -> String {
    // Every request of a signed-in caller comes here: hex written straight into one string.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(token.as_bytes());
    let mut id = String::with_capacity(2 * digest.len());
    for byte in digest {
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    id
}

/// A successful sign-in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: String,
    pub csrf_token: String,
    pub must_change_password: bool,
}

/// Charges a sign-in attempt to its address and its account name; `Throttled` past either
/// limit. The name is charged whether or not it exists (so the answer tells nothing) and by its
/// digest, so any text a client sends fits the key.
async fn throttle(app: &App, actor: &Actor, username: &str, ip: &str) -> AppResult<()> {
    let settings = &app.settings.security.throttle;
    if !settings.enabled {
        return Ok(());
    }
    let name = hex::encode(Sha256::digest(username.to_lowercase().as_bytes()));
    let counters = [
        Counter {
            key: format!("address:{}", ip.chars().take(64).collect::<String>()),
            limit: settings.per_address,
        },
        Counter {
            key: format!("account:{name}"),
            limit: settings.per_account,
        },
    ];
    let wait = sign_in_counters::charge(
        &app.db,
        actor,
        app.now(),
        settings.window_seconds.max(1),
        &counters,
    )
    .await?;
    match wait {
        Some(retry_after_seconds) => Err(AppError::refused(Refusal::Throttled {
            retry_after_seconds,
        })),
        None => Ok(()),
    }
}

/// What a person types to sign in.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    /// The authenticator's code or a recovery code, when the account has a second factor.
    pub one_time_code: Option<&'a str>,
}

/// Signs in. Unknown user, wrong password and deactivated account give the same answer; only
/// after the right password does an account with a second factor ask for its code.
pub async fn login(
    app: &App,
    attempt: Attempt<'_>,
    ip: &str,
    user_agent: &str,
) -> AppResult<SignedIn> {
    let Attempt {
        username,
        password,
        one_time_code,
    } = attempt;
    let now = app.now();
    let security = &app.settings.security;
    let actor = Actor {
        account_id: None,
        name: username.to_owned(),
        ip: ip.to_owned(),
    };
    throttle(app, &actor, username, ip).await?;
    let Some(account) = accounts::credentials(&app.db, username).await? else {
        verify_blocking(password.to_owned(), decoy_hash().to_owned()).await;
        audit::record(
            &app.db,
            &actor,
            now,
            AuditEvent::new(
                "auth.login_failed",
                "account",
                format!("unknown:{username}"),
            ),
        )
        .await?;
        return Err(AppError::refused(Refusal::InvalidCredentials));
    };
    let actor = Actor {
        account_id: Some(account.id),
        ..actor
    };
    if let Some(until) = account.locked_until.filter(|until| *until > now) {
        audit::record(
            &app.db,
            &actor,
            now,
            AuditEvent::new("auth.login_locked", "account", account.id),
        )
        .await?;
        return Err(AppError::refused(Refusal::AccountLocked { until }));
    }
    let correct = verify_blocking(password.to_owned(), account.password_hash.clone()).await;
    if !correct || !account.active {
        let until = now + Duration::minutes(security.lockout_minutes);
        let locked = accounts::record_failure(
            &app.db,
            &actor,
            now,
            account.id,
            Failure::SignIn,
            security.lockout_attempts,
            until,
        )
        .await?;
        return Err(if locked && account.active {
            AppError::refused(Refusal::AccountLocked { until })
        } else {
            AppError::refused(Refusal::InvalidCredentials)
        });
    }
    let second_factor =
        crate::app::second_factor::check_at_sign_in(app, &actor, account.id, one_time_code).await?;
    let token = random_token();
    let csrf_token = random_token();
    let session = sessions::Session {
        id: session_id_of(&token),
        account_id: account.id,
        csrf_token: csrf_token.clone(),
        created_at: now,
        last_seen_at: now,
        expires_at: now + Duration::hours(security.absolute_timeout_hours),
        ended_at: None,
        ip: ip.to_owned(),
        user_agent: user_agent.chars().take(300).collect(),
    };
    accounts::record_login(&app.db, &actor, now, account.id, session, second_factor).await?;
    Ok(SignedIn {
        token,
        csrf_token,
        must_change_password: account.must_change_password,
    })
}

/// Resolves a session cookie to the caller, ending the session when it has timed out. A
/// session used within the last minute is answered from memory (`signed_in`).
pub async fn authenticate(app: &App, token: &str, ip: &str) -> AppResult<Principal> {
    let now = app.now();
    let id = session_id_of(token);
    let idle_limit = Duration::minutes(app.settings.security.idle_timeout_minutes);
    let in_force = |session: &sessions::Session| {
        now - session.last_seen_at <= idle_limit && now < session.expires_at
    };
    let Kept { session, account } = match app.signed_in.get(app, &id).await {
        Some(kept) if in_force(&kept.session) => kept,
        // Not kept, or it looks timed out by what was kept: the database says.
        _ => {
            app.signed_in.forget(&id);
            let ticket = app.signed_in.ticket();
            let Some(session) = sessions::find_open(&app.db, &id).await? else {
                return Err(AppError::Unauthenticated);
            };
            if !in_force(&session) {
                sessions::expire(&app.db, &id, now).await?;
                let idle = now - session.last_seen_at > idle_limit;
                return Err(AppError::refused(Refusal::SessionExpired { idle }));
            }
            let account = accounts::principal(&app.db, session.account_id).await?;
            if !account.active {
                sessions::expire(&app.db, &id, now).await?;
                return Err(AppError::Unauthenticated);
            }
            let kept = Kept {
                session: Arc::new(session),
                account: Arc::new(account),
            };
            app.signed_in.keep(ticket, &id, kept.clone());
            kept
        }
    };
    if now - session.last_seen_at >= Duration::seconds(TOUCH_EVERY_SECONDS) {
        // Bookkeeping only: on a full disk reads must keep working (issue 14 item 1). A missed
        // touch can only make the idle timeout come sooner, never later.
        match sessions::touch(&app.db, &id, now).await {
            Ok(()) => app.signed_in.touched(&id, now),
            Err(error) => tracing::warn!(?error, "session activity not recorded"),
        }
    }
    let password_expired = app
        .settings
        .security
        .password
        .expired(account.password_changed_at, now);
    // The account's view says already whether its second factor is confirmed.
    let second_factor_pending = crate::app::second_factor::required_for(app, &account.roles)
        && !account.second_factor_enabled;
    Ok(Principal {
        account_id: account.id,
        username: account.username.clone(),
        display_name: account.display_name.clone(),
        unit_id: account.unit_id,
        person_id: account.person_id,
        // Suspended roles give no rights at all (ADR 0004), whatever route is asked.
        grants: if account.roles_suspended {
            Vec::new()
        } else {
            account.roles.clone()
        },
        must_change_password: account.must_change_password || password_expired,
        password_expired,
        second_factor_pending,
        roles_suspended: account.roles_suspended,
        session_id: id,
        csrf_token: session.csrf_token.clone(),
        ip: ip.to_owned(),
    })
}

/// Logout really ends the session: the same cookie is refused afterwards.
pub async fn logout(app: &App, principal: &Principal) -> AppResult<()> {
    sessions::end(
        &app.db,
        &principal.actor(),
        app.now(),
        &principal.session_id,
        principal.account_id,
    )
    .await?;
    Ok(())
}

/// Checks a new password against the deployment's policy.
pub fn check_policy(app: &App, username: &str, password: &str) -> AppResult<()> {
    app.settings
        .security
        .password
        .check(password, username)
        .map_err(|e| AppError::field("new_password", e.code(), e))
}

/// The caller changes their own password (required on first sign-in). Other sessions end.
/// A wrong old password counts toward the lock-out and is audited: a borrowed session must not
/// become a way to guess the password without limit.
pub async fn change_password(
    app: &App,
    principal: &Principal,
    old: &str,
    new: &str,
) -> AppResult<()> {
    let now = app.now();
    let security = &app.settings.security;
    let account = accounts::credentials_by_id(&app.db, principal.account_id).await?;
    if let Some(until) = account.locked_until.filter(|until| *until > now) {
        return Err(AppError::refused(Refusal::AccountLocked { until }));
    }
    if !verify_blocking(old.to_owned(), account.password_hash.clone()).await {
        let until = now + Duration::minutes(security.lockout_minutes);
        let locked = accounts::record_failure(
            &app.db,
            &principal.actor(),
            now,
            account.id,
            Failure::OldPassword,
            security.lockout_attempts,
            until,
        )
        .await?;
        if locked {
            return Err(AppError::refused(Refusal::AccountLocked { until }));
        }
        return Err(AppError::field(
            "old_password",
            "OLD_PASSWORD_WRONG",
            "原密码不正确",
        ));
    }
    if old == new {
        return Err(AppError::field(
            "new_password",
            "PASSWORD_UNCHANGED",
            "新密码不能与原密码相同",
        ));
    }
    check_policy(app, &principal.username, new)?;
    let hash = hash_password(new)?;
    accounts::set_password(
        &app.db,
        &principal.actor(),
        app.now(),
        principal.account_id,
        hash,
        PasswordChooser::Holder,
        Some(&principal.session_id),
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_id_is_the_lower_case_hex_of_the_tokens_sha256() {
        for token in ["", "t0k3n", "一个令牌"] {
            assert_eq!(
                session_id_of(token),
                hex::encode(Sha256::digest(token.as_bytes()))
            );
        }
    }
}
