//! `/api/v1/auth/second-factor` (the holder's authenticator app) and
//! `/api/v1/accounts/{id}/second-factor/reset` (the system administrator, for a lost phone).
//! The holder's routes take a caller whose password is settled but who may still have to set
//! a factor up (or whose roles wait); the code itself is checked by `app::second_factor`.

use super::error::{ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiPath};
use super::session::{Caller, SettledCaller};
use super::state::AppState;
use crate::app::second_factor;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(status))
        .routes(routes!(start))
        .routes(routes!(confirm))
        .routes(routes!(replace_recovery_codes))
        .routes(routes!(remove))
        .routes(routes!(reset))
}

/// The caller's second factor.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecondFactorStatus {
    pub enabled: bool,
    /// A role of the account requires it: it cannot be turned off.
    pub required: bool,
    pub enabled_at: Option<DateTime<Utc>>,
    /// Unused recovery codes.
    pub recovery_codes_left: u64,
}

#[utoipa::path(get, path = "/auth/second-factor", tag = "auth",
    responses((status = 200, body = SecondFactorStatus), (status = 401, body = ErrorBody)))]
async fn status(
    State(state): State<AppState>,
    SettledCaller(principal): SettledCaller,
) -> ApiResult<Json<SecondFactorStatus>> {
    let status = second_factor::status(&state.app, &principal).await?;
    Ok(Json(SecondFactorStatus {
        enabled: status.enabled,
        required: status.required,
        enabled_at: status.enabled_at,
        recovery_codes_left: status.recovery_codes_left,
    }))
}

/// What the authenticator app needs, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecondFactorSetup {
    /// The secret in base32, in groups of four, for typing into the app.
    pub secret: String,
    /// The `otpauth://totp/…` address the QR code carries.
    pub otpauth_uri: String,
}

/// Start (or restart) setting up an authenticator app: a new secret, not in force until a
/// first code from the app confirms it.
#[utoipa::path(post, path = "/auth/second-factor/setup", tag = "auth",
    responses((status = 200, body = SecondFactorSetup), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn start(
    State(state): State<AppState>,
    SettledCaller(principal): SettledCaller,
) -> ApiResult<Json<SecondFactorSetup>> {
    let setup = second_factor::start(&state.app, &principal).await?;
    Ok(Json(SecondFactorSetup {
        secret: setup.secret,
        otpauth_uri: setup.otpauth_uri,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CodeRequest {
    /// Six digits from the app (or, where allowed, a recovery code).
    pub code: String,
}

/// Recovery codes, shown this once: each signs in once in place of the app's code.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// Confirm set-up with the first code the app shows; the answer holds the recovery codes.
#[utoipa::path(post, path = "/auth/second-factor/setup/confirm", tag = "auth", request_body = CodeRequest,
    responses((status = 200, body = RecoveryCodes), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn confirm(
    State(state): State<AppState>,
    SettledCaller(principal): SettledCaller,
    ApiJson(request): ApiJson<CodeRequest>,
) -> ApiResult<Json<RecoveryCodes>> {
    let recovery_codes = second_factor::confirm(&state.app, &principal, &request.code).await?;
    Ok(Json(RecoveryCodes { recovery_codes }))
}

/// New recovery codes in place of all old ones (a code from the app is required).
#[utoipa::path(post, path = "/auth/second-factor/recovery-codes", tag = "auth", request_body = CodeRequest,
    responses((status = 200, body = RecoveryCodes), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn replace_recovery_codes(
    State(state): State<AppState>,
    SettledCaller(principal): SettledCaller,
    ApiJson(request): ApiJson<CodeRequest>,
) -> ApiResult<Json<RecoveryCodes>> {
    let recovery_codes =
        second_factor::replace_recovery_codes(&state.app, &principal, &request.code).await?;
    Ok(Json(RecoveryCodes { recovery_codes }))
}

/// Turn the second factor off (with a code), where no role of the account requires it.
#[utoipa::path(post, path = "/auth/second-factor/remove", tag = "auth", request_body = CodeRequest,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    SettledCaller(principal): SettledCaller,
    ApiJson(request): ApiJson<CodeRequest>,
) -> ApiResult<StatusCode> {
    second_factor::remove_own(&state.app, &principal, &request.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove another account's second factor (system administrator; a lost phone). The account's
/// sessions end and its roles are suspended until the security administrator confirms them.
#[utoipa::path(post, path = "/accounts/{id}/second-factor/reset", tag = "accounts",
    params(("id" = i64, Path, description = "账号 ID")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn reset(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(id): ApiPath<AccountId>,
) -> ApiResult<StatusCode> {
    second_factor::reset(&state.app, &principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
