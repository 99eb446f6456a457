//! Credits: `/api/v1/classes/{id}/credits`, `/api/v1/people/{id}/credits`,
//! `/api/v1/credits/awards`, `/api/v1/credits/entries/{id}/revoke`.

use super::error::{ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiPath};
use super::session::Caller;
use super::state::AppState;
use crate::app::credits::{self, AwardInput, RevokeInput, Statement};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use ganxun_storage::ledger::{EntryRow, Reconciled};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(post_class_credits))
        .routes(routes!(person_statement))
        .routes(routes!(award))
        .routes(routes!(revoke))
}

/// Posts (or re-posts) a finished class's class-hour credits from its roll calls; changed
/// entries are reversed and posted anew, never rewritten.
#[utoipa::path(post, path = "/classes/{id}/credits", tag = "credits",
    responses((status = 200, body = Reconciled), (status = 409, body = ErrorBody)))]
async fn post_class_credits(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Reconciled>> {
    Ok(Json(credits::post_class(&state.app, &p, id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
struct YearQuery {
    year: Option<i32>,
}

/// A person's credits: totals and every entry with its rule and explanation.
#[utoipa::path(get, path = "/people/{id}/credits", tag = "credits", params(YearQuery),
    responses((status = 200, body = Statement)))]
async fn person_statement(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<i64>,
    Query(query): Query<YearQuery>,
) -> ApiResult<Json<Statement>> {
    Ok(Json(
        credits::statement(&state.app, &p, id, query.year).await?,
    ))
}

/// Records a manual award or deduction with its reason.
#[utoipa::path(post, path = "/credits/awards", tag = "credits", request_body = AwardInput,
    responses((status = 201, body = EntryRow), (status = 422, body = ErrorBody)))]
async fn award(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<AwardInput>,
) -> ApiResult<(StatusCode, Json<EntryRow>)> {
    Ok((
        StatusCode::CREATED,
        Json(credits::award(&state.app, &p, &input).await?),
    ))
}

/// Revokes a falsified entry: a reversal naming the revoker and the reason.
#[utoipa::path(post, path = "/credits/entries/{id}/revoke", tag = "credits", request_body = RevokeInput,
    responses((status = 200, body = EntryRow), (status = 409, body = ErrorBody)))]
async fn revoke(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RevokeInput>,
) -> ApiResult<Json<EntryRow>> {
    Ok(Json(credits::revoke(&state.app, &p, id, &input).await?))
}
