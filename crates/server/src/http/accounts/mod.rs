//! `/api/v1/accounts`: account administration under 三员分立 (ADR 0004).

pub mod auth;
mod names;
mod opening;
pub(crate) mod views;

use crate::app::accounts::{self, GrantInput, NewAccountRequest};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ganxun_domain::AccountId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use views::AccountView;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(auth::router())
        .merge(opening::router())
        .merge(names::router())
        .routes(routes!(list_accounts, create_account))
        .routes(routes!(get_account))
        .routes(routes!(set_grants))
        .routes(routes!(confirm_roles))
        .routes(routes!(unlock_account))
        .routes(routes!(reset_password))
        .routes(routes!(deactivate_account))
        .routes(routes!(activate_account))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountPage {
    pub items: Vec<AccountView>,
    pub total: u64,
}

#[utoipa::path(get, path = "/accounts", tag = "accounts", params(PageParams), responses((status = 200, body = AccountPage)))]
async fn list_accounts(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(params): ApiQuery<PageParams>,
) -> ApiResult<Json<AccountPage>> {
    let (items, total) = accounts::list(&state.app, &p, params.page, params.page_size).await?;
    Ok(Json(AccountPage {
        items: crate::http::views::all(items),
        total,
    }))
}

/// Create an account without roles (system administrator); the holder must change the
/// password at first sign-in. Roles come from the security administrator (`grants` here is
/// refused with `ROLES_BY_SECURITY_ADMIN`).
#[utoipa::path(post, path = "/accounts", tag = "accounts", request_body = NewAccountRequest,
    responses((status = 201, body = AccountView), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_account(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<NewAccountRequest>,
) -> ApiResult<(StatusCode, Json<AccountView>)> {
    Ok((
        StatusCode::CREATED,
        Json(accounts::create(&state.app, &p, &input).await?.into()),
    ))
}

#[utoipa::path(get, path = "/accounts/{id}", tag = "accounts", params(("id" = i64, Path, description = "账号 ID")), responses((status = 200, body = AccountView), (status = 404, body = ErrorBody)))]
async fn get_account(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<AccountId>,
) -> ApiResult<Json<AccountView>> {
    Ok(Json(accounts::get(&state.app, &p, id).await?.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct GrantsRequest {
    pub grants: Vec<GrantInput>,
}

/// Replace an account's roles and data scopes (security administrator). They stay suspended
/// while the holder still has a password an administrator chose.
#[utoipa::path(put, path = "/accounts/{id}/grants", tag = "accounts", params(("id" = i64, Path, description = "账号 ID")), request_body = GrantsRequest,
    responses((status = 200, body = AccountView), (status = 422, body = ErrorBody)))]
async fn set_grants(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<AccountId>,
    ApiJson(request): ApiJson<GrantsRequest>,
) -> ApiResult<Json<AccountView>> {
    Ok(Json(
        accounts::set_grants(&state.app, &p, id, &request.grants)
            .await?
            .into(),
    ))
}

/// Put suspended roles back in force (security administrator), after the holder replaced the
/// password an administrator chose (`HOLDER_PASSWORD_PENDING` before).
#[utoipa::path(post, path = "/accounts/{id}/confirm-roles", tag = "accounts", params(("id" = i64, Path, description = "账号 ID")),
    responses((status = 200, body = AccountView), (status = 409, body = ErrorBody)))]
async fn confirm_roles(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<AccountId>,
) -> ApiResult<Json<AccountView>> {
    Ok(Json(
        accounts::confirm_roles(&state.app, &p, id).await?.into(),
    ))
}

#[utoipa::path(post, path = "/accounts/{id}/unlock", tag = "accounts", params(("id" = i64, Path, description = "账号 ID")), responses((status = 204)))]
async fn unlock_account(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<AccountId>,
) -> ApiResult<StatusCode> {
    accounts::unlock(&state.app, &p, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetPasswordRequest {
    /// A temporary password; the user must change it at next sign-in.
    pub password: String,
}

/// Set a temporary password (system administrator). The holder must change it, and the
/// account's roles are suspended until the security administrator confirms them.
#[utoipa::path(post, path = "/accounts/{id}/reset-password", tag = "accounts", params(("id" = i64, Path, description = "账号 ID")), request_body = ResetPasswordRequest, responses((status = 204)))]
async fn reset_password(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<AccountId>,
    ApiJson(request): ApiJson<ResetPasswordRequest>,
) -> ApiResult<StatusCode> {
    accounts::reset_password(&state.app, &p, id, &request.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/accounts/{id}/deactivate", tag = "accounts", params(("id" = i64, Path, description = "账号 ID")), responses((status = 204)))]
async fn deactivate_account(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<AccountId>,
) -> ApiResult<StatusCode> {
    accounts::set_active(&state.app, &p, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/accounts/{id}/activate", tag = "accounts", params(("id" = i64, Path, description = "账号 ID")), responses((status = 204)))]
async fn activate_account(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<AccountId>,
) -> ApiResult<StatusCode> {
    accounts::set_active(&state.app, &p, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}
