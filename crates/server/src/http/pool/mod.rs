//! The reserve-cadre pool (R-POOL-1): `/api/v1/reserve-pools`, its phases and members,
//! `/api/v1/reserve-members/{id}/end`, `/api/v1/people/{id}/reserve-memberships`.

mod views;

use crate::app::pool::{self, EndInput, MemberInput, PhaseInput, PoolInput};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ganxun_domain::{PersonId, PoolId, PoolMemberId, PoolPhaseId};
use utoipa_axum::{router::OpenApiRouter, routes};
use views::{MemberRow, PhaseRow, PoolDetail, PoolRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(detail))
        .routes(routes!(add_phase))
        .routes(routes!(remove_phase))
        .routes(routes!(add_member))
        .routes(routes!(end_member))
        .routes(routes!(of_person))
}

/// The reserve pools whose unit the caller may read, with how many are in, left and promoted.
#[utoipa::path(get, path = "/reserve-pools", tag = "pool",
    responses((status = 200, body = Vec<PoolRow>)))]
async fn list(State(state): State<AppState>, Caller(p): Caller) -> ApiResult<Json<Vec<PoolRow>>> {
    Ok(Json(crate::http::views::all(
        pool::list(&state.app, &p).await?,
    )))
}

/// Creates a reserve pool (后备干部资源库) kept by a unit in the caller's scope.
#[utoipa::path(post, path = "/reserve-pools", tag = "pool", request_body = PoolInput,
    responses((status = 201, body = PoolRow), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<PoolInput>,
) -> ApiResult<(StatusCode, Json<PoolRow>)> {
    let pool = pool::create(&state.app, &p, &input).await?;
    Ok((StatusCode::CREATED, Json(pool.into())))
}

/// A pool with its phases, each member's training per phase and compliance, and its history.
#[utoipa::path(get, path = "/reserve-pools/{id}", tag = "pool", params(("id" = i64, Path, description = "后备干部库 ID")),
    responses((status = 200, body = PoolDetail), (status = 404, body = ErrorBody)))]
async fn detail(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PoolId>,
) -> ApiResult<Json<PoolDetail>> {
    Ok(Json(pool::detail(&state.app, &p, id).await?.into()))
}

/// Adds a training phase (培训阶段) with what it asks for.
#[utoipa::path(post, path = "/reserve-pools/{id}/phases", tag = "pool", params(("id" = i64, Path, description = "后备干部库 ID")), request_body = PhaseInput,
    responses((status = 201, body = PhaseRow), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn add_phase(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PoolId>,
    ApiJson(input): ApiJson<PhaseInput>,
) -> ApiResult<(StatusCode, Json<PhaseRow>)> {
    let phase = pool::add_phase(&state.app, &p, id, &input).await?;
    Ok((StatusCode::CREATED, Json(phase.into())))
}

/// Removes a training phase.
#[utoipa::path(delete, path = "/reserve-phases/{id}", tag = "pool", params(("id" = i64, Path, description = "培训阶段 ID")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_phase(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PoolPhaseId>,
) -> ApiResult<StatusCode> {
    pool::remove_phase(&state.app, &p, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts a person into the pool (入库) with the day and the reason.
#[utoipa::path(post, path = "/reserve-pools/{id}/members", tag = "pool", params(("id" = i64, Path, description = "后备干部库 ID")), request_body = MemberInput,
    responses((status = 201, body = MemberRow), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_member(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PoolId>,
    ApiJson(input): ApiJson<MemberInput>,
) -> ApiResult<(StatusCode, Json<MemberRow>)> {
    let member = pool::add_member(&state.app, &p, id, &input).await?;
    Ok((StatusCode::CREATED, Json(member.into())))
}

/// Ends a membership: left the pool (出库) or promoted (提拔使用, with the post and, given its
/// rank, the promotion verdict of that day). The membership stays as history.
#[utoipa::path(post, path = "/reserve-members/{id}/end", tag = "pool", params(("id" = i64, Path, description = "后备干部入库记录 ID")), request_body = EndInput,
    responses((status = 200, body = MemberRow), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn end_member(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PoolMemberId>,
    ApiJson(input): ApiJson<EndInput>,
) -> ApiResult<Json<MemberRow>> {
    Ok(Json(
        pool::end_member(&state.app, &p, id, &input).await?.into(),
    ))
}

/// Every reserve-pool membership a person has had.
#[utoipa::path(get, path = "/people/{id}/reserve-memberships", tag = "pool", params(("id" = i64, Path, description = "干部 ID")),
    responses((status = 200, body = Vec<MemberRow>), (status = 404, body = ErrorBody)))]
async fn of_person(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<Json<Vec<MemberRow>>> {
    Ok(Json(crate::http::views::all(
        pool::of_person(&state.app, &p, id).await?,
    )))
}
