//! The second factor (issue 14 item 8): setting up an authenticator app, checking its codes
//! at sign-in, recovery codes for a lost phone, and the system administrator's reset.
//!
//! Holders of the roles in `[security.second_factor] required_roles` must set one up before
//! anything else; others may. Every wrong code counts toward the account's lock-out, every
//! code works once (the storage takes a time step or a recovery code in one conditional
//! update), and the secret never leaves the server after set-up.

pub mod refusal;

use super::accounts::refusal::Refusal as SignInRefusal;
use super::{App, AppError, AppResult, Principal};
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::Permission;
use ganxun_domain::second_factor::{
    OneTimeCode, RECOVERY_CODE_COUNT, RecoveryCode, TotpSecret, otpauth_uri,
};
use ganxun_storage::Actor;
use ganxun_storage::accounts::{self, Failure, Grant};
use ganxun_storage::second_factor::{self as store, Factor, Remover};
use rand::RngCore;
use refusal::Refusal;

fn fill_random(bytes: &mut [u8]) {
    rand::rngs::OsRng.fill_bytes(bytes);
}

/// Whether any of these grants (in force or held) requires a second factor.
pub fn required_for(app: &App, grants: &[Grant]) -> bool {
    let required = &app.settings.security.second_factor.required_roles;
    grants.iter().any(|grant| required.contains(&grant.role))
}

/// The caller's second factor, for the settings page.
#[derive(Debug, Clone)]
pub struct Status {
    pub enabled: bool,
    pub required: bool,
    pub enabled_at: Option<DateTime<Utc>>,
    pub recovery_codes_left: u64,
}

/// The password comes first: a holder who must change it may do nothing with the factor yet
/// (the password may be one an administrator chose).
fn password_settled(principal: &Principal) -> AppResult<()> {
    if principal.must_change_password {
        return Err(AppError::refused(SignInRefusal::PasswordChangeRequired));
    }
    Ok(())
}

pub async fn status(app: &App, principal: &Principal) -> AppResult<Status> {
    password_settled(principal)?;
    let factor = store::find(&app.db, principal.account_id).await?;
    let confirmed_at = factor.as_ref().and_then(|f| f.confirmed_at);
    Ok(Status {
        enabled: confirmed_at.is_some(),
        required: required_of(app, principal.account_id).await?,
        enabled_at: confirmed_at,
        recovery_codes_left: factor
            .filter(|f| f.confirmed_at.is_some())
            .map_or(0, |f| f.recovery_codes_left),
    })
}

/// Held roles count too: their holder will need the factor the day they are confirmed.
async fn required_of(app: &App, account_id: AccountId) -> AppResult<bool> {
    let account = accounts::principal(&app.db, account_id).await?;
    Ok(required_for(app, &account.roles))
}

/// A set-up in progress: what the app needs, shown once as a QR code and as text.
#[derive(Debug, Clone)]
pub struct Setup {
    /// Base32 in groups of four, for typing into the app by hand.
    pub secret: String,
    /// The `otpauth://` address for the QR code.
    pub otpauth_uri: String,
}

/// Starts (or restarts) set-up with a new secret.
pub async fn start(app: &App, principal: &Principal) -> AppResult<Setup> {
    password_settled(principal)?;
    let secret = TotpSecret::generate(&mut fill_random);
    let text = secret.to_base32();
    if !store::begin(
        &app.db,
        &principal.actor(),
        app.now(),
        principal.account_id,
        &text,
    )
    .await?
    {
        return Err(AppError::rule(
            "SECOND_FACTOR_ALREADY_ON",
            "两步验证已启用；如需更换手机，请先停用（或请系统管理员重置）再重新设置",
        ));
    }
    Ok(Setup {
        secret: grouped(&text),
        otpauth_uri: otpauth_uri(
            &app.settings.security.second_factor.issuer,
            &principal.username,
            &secret,
        ),
    })
}

fn grouped(text: &str) -> String {
    text.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first code from the app turns the factor on; the answer is the recovery codes, shown
/// this once.
pub async fn confirm(app: &App, principal: &Principal, typed: &str) -> AppResult<Vec<String>> {
    password_settled(principal)?;
    let not_started = || {
        AppError::rule(
            "SECOND_FACTOR_NOT_STARTED",
            "没有进行中的两步验证设置，请先点击“开始设置”",
        )
    };
    let factor = store::find(&app.db, principal.account_id)
        .await?
        .filter(|f| f.confirmed_at.is_none())
        .ok_or_else(not_started)?;
    let secret = secret_of(&factor)?;
    let step = match OneTimeCode::parse(typed) {
        Some(OneTimeCode::Totp(code)) => secret.matching_step(&code, app.now()),
        _ => None,
    }
    .ok_or_else(|| {
        AppError::field(
            "code",
            "SECOND_FACTOR_WRONG",
            "验证码不正确：请输入验证器中“干训”一栏当前显示的 6 位数字，并确认手机时间准确",
        )
    })?;
    let (codes, digests) = new_recovery_codes(app)?;
    if !store::confirm(
        &app.db,
        &principal.actor(),
        app.now(),
        principal.account_id,
        step,
        &digests,
    )
    .await?
    {
        return Err(not_started());
    }
    Ok(codes)
}

fn secret_of(factor: &Factor) -> AppResult<TotpSecret> {
    TotpSecret::from_base32(&factor.secret).ok_or_else(|| {
        AppError::Internal(anyhow::anyhow!("stored second-factor secret unreadable"))
    })
}

fn new_recovery_codes(app: &App) -> AppResult<(Vec<String>, Vec<String>)> {
    let mut codes = Vec::with_capacity(RECOVERY_CODE_COUNT);
    let mut digests = Vec::with_capacity(RECOVERY_CODE_COUNT);
    for _ in 0..RECOVERY_CODE_COUNT {
        let code = RecoveryCode::generate(&mut fill_random);
        let normalised = RecoveryCode::normalise(code.as_str())
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("recovery code shape")))?;
        digests.push(store::recovery_digest(&app.db, &normalised)?);
        codes.push(code.as_str().to_owned());
    }
    Ok((codes, digests))
}

/// Which kind of code passed, for the audit entry of the sign-in.
async fn check(
    app: &App,
    actor: &Actor,
    account_id: AccountId,
    factor: &Factor,
    typed: &str,
    allow_recovery: bool,
) -> AppResult<Option<&'static str>> {
    let now = app.now();
    Ok(match OneTimeCode::parse(typed) {
        Some(OneTimeCode::Totp(code)) => match secret_of(factor)?.matching_step(&code, now) {
            Some(step) if store::accept_step(&app.db, account_id, step).await? => Some("totp"),
            _ => None,
        },
        Some(OneTimeCode::Recovery(code)) if allow_recovery => {
            let digest = store::recovery_digest(&app.db, &code)?;
            store::use_recovery_code(&app.db, actor, now, account_id, &digest)
                .await?
                .then_some("recovery_code")
        }
        _ => None,
    })
}

/// At sign-in, after the right password: `None` when the account has no factor, the kind of
/// code that passed, or an error (a wrong code counts toward the lock-out).
pub async fn check_at_sign_in(
    app: &App,
    actor: &Actor,
    account_id: AccountId,
    typed: Option<&str>,
) -> AppResult<Option<&'static str>> {
    let Some(factor) = store::find(&app.db, account_id)
        .await?
        .filter(|f| f.confirmed_at.is_some())
    else {
        return Ok(None);
    };
    let Some(typed) = typed.filter(|t| !t.trim().is_empty()) else {
        return Err(AppError::refused(Refusal::Needed));
    };
    match check(app, actor, account_id, &factor, typed, true).await? {
        Some(kind) => Ok(Some(kind)),
        None => Err(wrong_code(app, actor, account_id, false).await),
    }
}

/// Counts a wrong code toward the lock-out; the error to answer.
async fn wrong_code(app: &App, actor: &Actor, account_id: AccountId, in_session: bool) -> AppError {
    let security = &app.settings.security;
    let until = app.now() + chrono::Duration::minutes(security.lockout_minutes);
    match accounts::record_failure(
        &app.db,
        actor,
        app.now(),
        account_id,
        Failure::SecondFactor { in_session },
        security.lockout_attempts,
        until,
    )
    .await
    {
        Ok(true) => AppError::refused(SignInRefusal::AccountLocked { until }),
        Ok(false) => AppError::refused(Refusal::Wrong),
        Err(error) => error.into(),
    }
}

/// In a session: the caller proves the factor again before changing it. Locked accounts are
/// refused first, so a borrowed session cannot keep guessing past the lock-out.
async fn prove(
    app: &App,
    principal: &Principal,
    typed: &str,
    allow_recovery: bool,
) -> AppResult<()> {
    password_settled(principal)?;
    let account = accounts::credentials_by_id(&app.db, principal.account_id).await?;
    if let Some(until) = account.locked_until.filter(|until| *until > app.now()) {
        return Err(AppError::refused(SignInRefusal::AccountLocked { until }));
    }
    let factor = store::find(&app.db, principal.account_id)
        .await?
        .filter(|f| f.confirmed_at.is_some())
        .ok_or_else(|| AppError::rule("SECOND_FACTOR_OFF", "两步验证尚未启用"))?;
    let actor = principal.actor();
    match check(
        app,
        &actor,
        principal.account_id,
        &factor,
        typed,
        allow_recovery,
    )
    .await?
    {
        Some(_) => Ok(()),
        // In a session a wrong code is the form field's problem (422), not a lost session (401).
        None => Err(
            match wrong_code(app, &actor, principal.account_id, true).await {
                wrong if wrong.refusal::<Refusal>() == Some(&Refusal::Wrong) => AppError::field(
                    "code",
                    "SECOND_FACTOR_WRONG",
                    "验证码不正确或已用过：请输入验证器上当前显示的 6 位数字",
                ),
                other => other,
            },
        ),
    }
}

/// New recovery codes in place of the old (a code from the app is required).
pub async fn replace_recovery_codes(
    app: &App,
    principal: &Principal,
    typed: &str,
) -> AppResult<Vec<String>> {
    prove(app, principal, typed, false).await?;
    let (codes, digests) = new_recovery_codes(app)?;
    store::replace_recovery_codes(
        &app.db,
        &principal.actor(),
        app.now(),
        principal.account_id,
        &digests,
    )
    .await?;
    Ok(codes)
}

/// The holder turns the factor off, where no role of theirs requires it.
pub async fn remove_own(app: &App, principal: &Principal, typed: &str) -> AppResult<()> {
    password_settled(principal)?;
    if required_of(app, principal.account_id).await? {
        return Err(AppError::rule(
            "SECOND_FACTOR_REQUIRED_FOR_ROLE",
            "您的角色要求两步验证，不能停用；更换手机时请系统管理员重置后重新设置",
        ));
    }
    prove(app, principal, typed, true).await?;
    store::remove(
        &app.db,
        &principal.actor(),
        app.now(),
        principal.account_id,
        Remover::Holder,
    )
    .await?;
    Ok(())
}

/// The system administrator removes another account's factor (a lost phone). The account's
/// sessions end and its roles are held until the security administrator confirms them.
pub async fn reset(app: &App, principal: &Principal, account_id: AccountId) -> AppResult<()> {
    let scope = principal.scope(app, Permission::PasswordReset).await?;
    accounts::get(&app.db, &scope, account_id).await?;
    if account_id == principal.account_id {
        return Err(AppError::rule(
            "OWN_ACCOUNT",
            "不能重置自己的两步验证，请在“两步验证”页面操作",
        ));
    }
    if !store::remove(
        &app.db,
        &principal.actor(),
        app.now(),
        account_id,
        Remover::Administrator,
    )
    .await?
    {
        return Err(AppError::rule("SECOND_FACTOR_OFF", "该账号未启用两步验证"));
    }
    Ok(())
}
