//! `/api/v1/rules/{kind}` (rule documents), `/api/v1/notices` and the public certificate check
//! `/api/v1/public/certificates/{number}` (no sign-in: anyone holding a paper certificate).

use super::error::{ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiPath};
use super::session::Caller;
use super::state::AppState;
use crate::app::classes::certificates::{self, Verification};
use crate::app::classes::rules::{self, RuleDocument};
use axum::Json;
use axum::extract::State;
use ganxun_domain::Permission;
use ganxun_storage::notices::{self, Notice};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_rules, save_rules))
        .routes(routes!(list_notices))
        .routes(routes!(verify_certificate))
}

/// A rule document in force (`class_routing`, `holiday_calendar`, `hour_conversion`,
/// `class_settings`), with the built-in text for comparison.
#[utoipa::path(get, path = "/rules/{kind}", tag = "rules", params(("kind" = String, Path, description = "规则文档种类")), responses((status = 200, body = RuleDocument)))]
async fn get_rules(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(kind): ApiPath<String>,
) -> ApiResult<Json<RuleDocument>> {
    Ok(Json(rules::get(&state.app, &p, &kind).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RulesInput {
    /// TOML text; errors name the line.
    pub body: String,
}

/// Save a new version of a rule document (validated first).
#[utoipa::path(put, path = "/rules/{kind}", tag = "rules", params(("kind" = String, Path, description = "规则文档种类")), request_body = RulesInput,
    responses((status = 200, body = RuleDocument), (status = 422, body = ErrorBody)))]
async fn save_rules(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(kind): ApiPath<String>,
    ApiJson(input): ApiJson<RulesInput>,
) -> ApiResult<Json<RuleDocument>> {
    Ok(Json(rules::save(&state.app, &p, &kind, &input.body).await?))
}

/// Notices to the caller's units (arrival reports and the like), newest first.
#[utoipa::path(get, path = "/notices", tag = "rules", responses((status = 200, body = Vec<Notice>)))]
async fn list_notices(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<Notice>>> {
    let scope = p.scope(&state.app, Permission::ClassRead).await?;
    Ok(Json(
        notices::list(&state.app.db, &scope, 100)
            .await
            .map_err(crate::app::AppError::from)?,
    ))
}

/// Check a completion certificate by its number. Public: no sign-in needed.
#[utoipa::path(get, path = "/public/certificates/{number}", tag = "rules", params(("number" = String, Path, description = "证书编号")),
    responses((status = 200, body = Verification), (status = 404, body = ErrorBody)))]
async fn verify_certificate(
    State(state): State<AppState>,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<Json<Verification>> {
    Ok(Json(certificates::verify(&state.app, &number).await?))
}
