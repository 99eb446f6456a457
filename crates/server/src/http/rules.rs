//! `/api/v1/rules`: the rule documents a deployment edits, kind by kind.

use crate::app::rules::{self, RuleDocument, RuleKindView};
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
    OpenApiRouter::new()
        .routes(routes!(list_kinds))
        .routes(routes!(get_rules, save_rules))
}

/// Every kind of rule document, in the order the editor shows them.
#[utoipa::path(get, path = "/rules", tag = "rules", responses((status = 200, body = Vec<RuleKindView>)))]
async fn list_kinds(Caller(p): Caller) -> ApiResult<Json<Vec<RuleKindView>>> {
    Ok(Json(rules::list(&p)?))
}

/// A rule document in force, with the built-in text for comparison.
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
