//! `/api/v1/rules/{kind}`: the rule documents a deployment edits.

use crate::app::classes::rules::{self, RuleDocument};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_rules, save_rules))
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
