//! `/api/v1/auth`: sign in, sign out, who am I, change my password.

use crate::app::Principal;
use crate::app::accounts::auth;
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::ApiJson;
use crate::http::session::{AnyCaller, ClientInfo, cookie_names};
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use ganxun_domain::AccountId;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(password_policy))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// The authenticator app's six digits (or a recovery code), for an account with a second
    /// factor. Without it such an account is answered 401 `SECOND_FACTOR_REQUIRED` after the
    /// right password, and the form asks for the code.
    #[serde(default)]
    pub one_time_code: Option<String>,
}

/// The signed-in account as the UI needs it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    #[schema(value_type = i64)]
    pub account_id: AccountId,
    pub username: String,
    pub display_name: String,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    #[schema(value_type = Option<i64>)]
    pub person_id: Option<PersonId>,
    /// Role codes with their Chinese labels.
    pub roles: Vec<RoleLabel>,
    /// Permission codes the account holds.
    pub permissions: Vec<String>,
    pub must_change_password: bool,
    /// The password is older than the policy allows (the reason it must be changed).
    pub password_expired: bool,
    /// A role requires a second factor that is not set up: the only page is its set-up.
    pub second_factor_pending: bool,
    /// An administrator chose the password; the roles (not listed meanwhile) wait for the
    /// security administrator's confirmation.
    pub roles_suspended: bool,
    /// Send this in the `X-CSRF-Token` header with every state-changing request.
    pub csrf_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleLabel {
    pub role: String,
    pub label: String,
    pub scope: String,
}

async fn me_of(state: &AppState, principal: &Principal) -> ApiResult<Me> {
    let unit = ganxun_storage::org::get_unit_unscoped(&state.app.db, principal.unit_id)
        .await
        .map_err(crate::app::AppError::from)?;
    let mut permissions: Vec<String> = ganxun_domain::Permission::ALL
        .iter()
        .filter(|p| principal.may(**p))
        .map(|p| p.code().to_owned())
        .collect();
    permissions.sort();
    Ok(Me {
        account_id: principal.account_id,
        username: principal.username.clone(),
        display_name: principal.display_name.clone(),
        unit_id: principal.unit_id,
        unit_name: unit.name,
        person_id: principal.person_id,
        roles: principal
            .grants
            .iter()
            .map(|g| RoleLabel {
                role: g.role.code().into(),
                label: g.role.label_zh().into(),
                scope: g.scope.kind.code().into(),
            })
            .collect(),
        permissions,
        must_change_password: principal.must_change_password,
        password_expired: principal.password_expired,
        second_factor_pending: principal.second_factor_pending,
        roles_suspended: principal.roles_suspended,
        csrf_token: principal.csrf_token.clone(),
    })
}

fn session_cookies(jar: CookieJar, token: String, csrf: String, secure: bool) -> CookieJar {
    let (session_name, csrf_name) = cookie_names(secure);
    let session = Cookie::build((session_name, token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/")
        .secure(secure);
    let csrf = Cookie::build((csrf_name, csrf))
        .http_only(false)
        .same_site(SameSite::Strict)
        .path("/")
        .secure(secure);
    jar.add(session).add(csrf)
}

/// Sign in. Sets the session cookie (`HttpOnly`, `SameSite=Strict`; over TLS `Secure` and
/// named `__Host-ganxun_session`). Too many attempts from one address or for one account
/// answer 429 with `Retry-After`. An account with a second factor answers 401
/// `SECOND_FACTOR_REQUIRED` to the right password alone; send it again with `one_time_code`.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "seconds to wait")))))]
async fn login(
    State(state): State<AppState>,
    client: ClientInfo,
    jar: CookieJar,
    ApiJson(request): ApiJson<LoginRequest>,
) -> ApiResult<(CookieJar, Json<Me>)> {
    let signed_in = auth::login(
        &state.app,
        auth::Attempt {
            username: request.username.trim(),
            password: &request.password,
            one_time_code: request.one_time_code.as_deref(),
        },
        &client.ip,
        &client.user_agent,
    )
    .await?;
    let principal = auth::authenticate(&state.app, &signed_in.token, &client.ip).await?;
    let me = me_of(&state, &principal).await?;
    Ok((
        session_cookies(jar, signed_in.token, signed_in.csrf_token, client.over_tls),
        Json(me),
    ))
}

/// Sign out: the session ends on the server, the cookie is cleared.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", responses((status = 204), (status = 401, body = ErrorBody)))]
async fn logout(
    State(state): State<AppState>,
    AnyCaller(principal): AnyCaller,
    client: ClientInfo,
    jar: CookieJar,
) -> ApiResult<(CookieJar, StatusCode)> {
    auth::logout(&state.app, &principal).await?;
    let (session_name, csrf_name) = cookie_names(client.over_tls);
    let gone = |name: &'static str| Cookie::build(name).path("/").secure(client.over_tls);
    let jar = jar.remove(gone(session_name)).remove(gone(csrf_name));
    Ok((jar, StatusCode::NO_CONTENT))
}

/// The signed-in account, its roles and permissions.
#[utoipa::path(get, path = "/auth/me", tag = "auth", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(State(state): State<AppState>, AnyCaller(principal): AnyCaller) -> ApiResult<Json<Me>> {
    Ok(Json(me_of(&state, &principal).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    pub old_password: String,
    pub new_password: String,
}

/// Change one's own password (required after first sign-in or a reset). A wrong old password
/// counts toward the lock-out like a failed sign-in; the lock-out ends every session.
#[utoipa::path(post, path = "/auth/password", tag = "auth", request_body = PasswordChange,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    AnyCaller(principal): AnyCaller,
    ApiJson(request): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    auth::change_password(
        &state.app,
        &principal,
        &request.old_password,
        &request.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The deployment's password rules, for forms (no sign-in needed).
#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordPolicyView {
    /// `dengbao` (等保: complexity and periodic change) or `asvs` (length and no common
    /// passwords).
    pub profile: String,
    pub min_length: usize,
    /// Of lowercase, uppercase, digits and symbols.
    pub min_classes: u8,
    pub max_length: usize,
    /// Days a password lasts; absent when passwords do not expire.
    pub max_age_days: Option<u32>,
    /// Common and breached passwords are refused.
    pub refuses_common: bool,
}

#[utoipa::path(get, path = "/auth/password-policy", tag = "auth", responses((status = 200, body = PasswordPolicyView)))]
async fn password_policy(State(state): State<AppState>) -> Json<PasswordPolicyView> {
    let policy = &state.app.settings.security.password;
    Json(PasswordPolicyView {
        profile: match policy.profile {
            ganxun_domain::accounts::password::PasswordProfile::Dengbao => "dengbao",
            ganxun_domain::accounts::password::PasswordProfile::Asvs => "asvs",
        }
        .to_owned(),
        min_length: policy.min_length(),
        min_classes: policy.min_classes(),
        max_length: ganxun_domain::accounts::password::MAX_LENGTH,
        max_age_days: policy.max_age_days(),
        refuses_common: policy.refuses_common() || !policy.extra_common.is_empty(),
    })
}
