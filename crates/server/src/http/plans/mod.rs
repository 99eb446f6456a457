//! `/api/v1/plans`: annual training plans and their temporary additions.

mod views;

use crate::app::classes::exports::Document;
use crate::app::plans::execution::Execution;
use crate::app::plans::{self, AnnualPlanInput, DecisionInput, ItemInput, PlanPatch};
use crate::http::download::{PDF, XLSX};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ganxun_domain::{PlanId, PlanItemId};
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
        .routes(routes!(plan_execution))
        .routes(routes!(plan_pdf))
        .routes(routes!(plan_xlsx))
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
    ApiPath(id): ApiPath<PlanId>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(plans::get(&state.app, &p, id).await?.into()))
}

#[utoipa::path(put, path = "/plans/{id}", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID")), request_body = PlanPatch, responses((status = 200, body = Plan)))]
async fn update_plan(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PlanId>,
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
    ApiPath(id): ApiPath<PlanId>,
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
    ApiPath((id, item_id)): ApiPath<(PlanId, PlanItemId)>,
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
    ApiPath(id): ApiPath<PlanId>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(plans::submit(&state.app, &p, id).await?.into()))
}

#[utoipa::path(post, path = "/plans/{id}/decision", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID")), request_body = DecisionInput, responses((status = 200, body = Plan)))]
async fn decide_plan(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PlanId>,
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
    ApiPath(id): ApiPath<PlanId>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(plans::revise(&state.app, &p, id).await?.into()))
}

#[utoipa::path(post, path = "/plans/{id}/items/{item_id}/decision", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID"), ("item_id" = i64, Path, description = "计划项目 ID")), request_body = DecisionInput, responses((status = 200, body = Plan)))]
async fn decide_addition(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath((id, item_id)): ApiPath<(PlanId, PlanItemId)>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(
        plans::decide_addition(&state.app, &p, id, item_id, &input)
            .await?
            .into(),
    ))
}

fn send(content_type: &str, fallback: &str, document: Document) -> axum::response::Response {
    use axum::response::IntoResponse;
    crate::http::download::file(content_type, &document.file_name, fallback, document.bytes)
        .into_response()
}

/// How the plan was carried out as of today: each planned class against the classes held for
/// it, and the classes its unit held in the year outside it.
#[utoipa::path(get, path = "/plans/{id}/execution", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID")), responses((status = 200, body = Execution), (status = 404, body = ErrorBody)))]
async fn plan_execution(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PlanId>,
) -> ApiResult<Json<Execution>> {
    Ok(Json(plans::execution::execution(&state.app, &p, id).await?))
}

/// The plan as a printable document (A4 landscape), with its execution once approved.
#[utoipa::path(get, path = "/plans/{id}/pdf", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID")), responses((status = 200, content_type = PDF), (status = 404, body = ErrorBody)))]
async fn plan_pdf(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PlanId>,
) -> ApiResult<axum::response::Response> {
    Ok(send(
        PDF,
        "plan.pdf",
        plans::print::pdf(&state.app, &p, id).await?,
    ))
}

/// The plan in Excel: 计划, and once approved 执行情况 and 计划外班次.
#[utoipa::path(get, path = "/plans/{id}/xlsx", tag = "plans", params(("id" = i64, Path, description = "培训计划 ID")), responses((status = 200, content_type = XLSX), (status = 404, body = ErrorBody)))]
async fn plan_xlsx(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PlanId>,
) -> ApiResult<axum::response::Response> {
    Ok(send(
        XLSX,
        "plan.xlsx",
        plans::print::xlsx(&state.app, &p, id).await?,
    ))
}
