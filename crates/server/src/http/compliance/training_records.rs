//! External training records (R-ARC-1): `/api/v1/people/{id}/training-records`,
//! `/api/v1/training-records/pending`, `/api/v1/training-records/{id}/decision`.

use super::views::{PendingTrainingRecord, TrainingRecordRow};
use crate::app::compliance::training_records::{
    self, TrainingRecordDecisionInput, TrainingRecordInput,
};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ganxun_domain::PersonId;
use ganxun_domain::TrainingRecordId;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(pending))
        .routes(routes!(decide))
}

/// Enters training done outside the system (外地党校、出国（境）培训、学历教育、挂职锻炼、自学、
/// 网络培训…) with its evidence; it is pending and counts only once approved.
#[utoipa::path(post, path = "/people/{id}/training-records", tag = "compliance", params(("id" = i64, Path, description = "干部 ID")),
    request_body = TrainingRecordInput,
    responses((status = 201, body = TrainingRecordRow), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
    ApiJson(input): ApiJson<TrainingRecordInput>,
) -> ApiResult<(StatusCode, Json<TrainingRecordRow>)> {
    let record = training_records::create(&state.app, &p, id, &input).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

/// A person's external training records in every state, newest first.
#[utoipa::path(get, path = "/people/{id}/training-records", tag = "compliance", params(("id" = i64, Path, description = "干部 ID")),
    responses((status = 200, body = Vec<TrainingRecordRow>), (status = 404, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<Json<Vec<TrainingRecordRow>>> {
    Ok(Json(crate::http::views::all(
        training_records::of_person(&state.app, &p, id).await?,
    )))
}

/// External records waiting for the training authority, with the person's name and unit.
#[utoipa::path(get, path = "/training-records/pending", tag = "compliance",
    responses((status = 200, body = Vec<PendingTrainingRecord>)))]
async fn pending(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<PendingTrainingRecord>>> {
    Ok(Json(crate::http::views::all(
        training_records::pending(&state.app, &p).await?,
    )))
}

/// Approve (it counts for compliance from then on) or reject with a reason.
#[utoipa::path(post, path = "/training-records/{id}/decision", tag = "compliance", params(("id" = i64, Path, description = "培训记录 ID")),
    request_body = TrainingRecordDecisionInput,
    responses((status = 200, body = TrainingRecordRow), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn decide(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<TrainingRecordId>,
    ApiJson(input): ApiJson<TrainingRecordDecisionInput>,
) -> ApiResult<Json<TrainingRecordRow>> {
    Ok(Json(
        training_records::decide(&state.app, &p, id, &input)
            .await?
            .into(),
    ))
}
