//! `/api/v1/rules`: the rule documents a deployment edits, kind by kind.

use crate::app::rules::{self, RuleDocument, RuleFormView, RuleKindView};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use ganxun_domain::rules::edit::FormEdit;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_kinds))
        .routes(routes!(get_rules, save_rules))
        .routes(routes!(rule_form))
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

#[derive(Debug, Deserialize, ToSchema)]
pub struct RuleFormInput {
    /// The draft as it stands (what the text view holds).
    pub body: String,
    /// Changes made in the form since, in order.
    #[serde(default)]
    pub edits: Vec<FormEdit>,
}

/// A draft read as a form in the officer's words, with the form's changes written into the
/// text (its comments kept) and checked; nothing is saved.
#[utoipa::path(post, path = "/rules/{kind}/form", tag = "rules", params(("kind" = String, Path, description = "规则文档种类")), request_body = RuleFormInput,
    responses((status = 200, body = RuleFormView), (status = 422, body = ErrorBody)))]
async fn rule_form(
    Caller(p): Caller,
    ApiPath(kind): ApiPath<String>,
    ApiJson(input): ApiJson<RuleFormInput>,
) -> ApiResult<Json<RuleFormView>> {
    Ok(Json(rules::form(&p, &kind, &input.body, &input.edits)?))
}
