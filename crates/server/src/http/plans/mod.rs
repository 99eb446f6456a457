//! `/api/v1/plans`: annual training plans and their temporary additions.

mod views;

use crate::app::plans::{self, AnnualPlanInput, DecisionInput, ItemInput, PlanPatch};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};
use views::Plan;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_plans, create_plan))
        .routes(routes!(get_plan, update_plan))
        .routes(routes!(add_item))
        .routes(routes!(remove_item))
        .routes(routes!(submit_plan))
        .routes(routes!(decide_plan))
        .routes(routes!(revise_plan))
        .routes(routes!(decide_addition))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    pub year: Option<i32>,
    pub state: Option<String>,
}

#[utoipa::path(get, path = "/plans", tag = "plans", params(PlanQuery), responses((status = 200, body = Vec<Plan>)))]
async fn list_plans(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> ApiResult<Json<Vec<Plan>>> {
    Ok(Json(crate::http::views::all(
        plans::list(&state.app, &p, q.year, q.state.as_deref()).await?,
    )))
}

#[utoipa::path(post, path = "/plans", tag = "plans", request_body = AnnualPlanInput, responses((status = 201, body = Plan), (status = 409, body = ErrorBody)))]
async fn create_plan(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<AnnualPlanInput>,
) -> ApiResult<(StatusCode, Json<Plan>)> {
    Ok((
        StatusCode::CREATED,
        Json(plans::create(&state.app, &p, &input).await?.into()),
    ))
}

#[utoipa::path(get, path = "/plans/{id}", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID")), responses((status = 200, body = Plan)))]
async fn get_plan(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(plans::get(&state.app, &p, id).await?.into()))
}

#[utoipa::path(put, path = "/plans/{id}", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID")), request_body = PlanPatch, responses((status = 200, body = Plan)))]
async fn update_plan(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(patch): ApiJson<PlanPatch>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(
        plans::update(&state.app, &p, id, &patch).await?.into(),
    ))
}

/// Add an intended class; to an approved plan this is a temporary addition needing approval.
#[utoipa::path(post, path = "/plans/{id}/items", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID")), request_body = ItemInput, responses((status = 200, body = Plan)))]
async fn add_item(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ItemInput>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(
        plans::add_item(&state.app, &p, id, &input).await?.into(),
    ))
}

#[utoipa::path(delete, path = "/plans/{id}/items/{item_id}", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID"), ("item_id" = i64, Path, description = "计划项目 ID")), responses((status = 200, body = Plan)))]
async fn remove_item(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath((id, item_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(
        plans::remove_item(&state.app, &p, id, item_id)
            .await?
            .into(),
    ))
}

#[utoipa::path(post, path = "/plans/{id}/submit", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID")), responses((status = 200, body = Plan)))]
async fn submit_plan(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(plans::submit(&state.app, &p, id).await?.into()))
}

#[utoipa::path(post, path = "/plans/{id}/decision", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID")), request_body = DecisionInput, responses((status = 200, body = Plan)))]
async fn decide_plan(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(
        plans::decide(&state.app, &p, id, &input).await?.into(),
    ))
}

#[utoipa::path(post, path = "/plans/{id}/revise", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID")), responses((status = 200, body = Plan)))]
async fn revise_plan(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(plans::revise(&state.app, &p, id).await?.into()))
}

#[utoipa::path(post, path = "/plans/{id}/items/{item_id}/decision", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID"), ("item_id" = i64, Path, description = "计划项目 ID")), request_body = DecisionInput, responses((status = 200, body = Plan)))]
async fn decide_addition(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath((id, item_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(
        plans::decide_addition(&state.app, &p, id, item_id, &input)
            .await?
            .into(),
    ))
}
