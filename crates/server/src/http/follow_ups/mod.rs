//! `/api/v1/follow-ups`: the work promised by changes (class end → credit posting), for the
//! training authority to see what is waiting or failed and to retry it.

mod views;

use super::error::{ApiResult, ErrorBody};
use super::extract::ApiPath;
use super::session::Caller;
use super::state::AppState;
use crate::app::follow_ups;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ganxun_domain::FollowUpId;
use utoipa_axum::{router::OpenApiRouter, routes};
use views::FollowUpRow;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open))
        .routes(routes!(retry))
}

/// Follow-ups not yet done (waiting, being retried, failed), oldest first.
#[utoipa::path(get, path = "/follow-ups", tag = "follow-ups",
    responses((status = 200, body = Vec<FollowUpRow>), (status = 403, body = ErrorBody)))]
async fn open(
    State(state): State<AppState>,
    Caller(principal): Caller,
) -> ApiResult<Json<Vec<FollowUpRow>>> {
    Ok(Json(crate::http::views::all(
        follow_ups::open(&state.app, &principal).await?,
    )))
}

/// Try a follow-up again now (a failed one gets a fresh round of attempts).
#[utoipa::path(post, path = "/follow-ups/{id}/retry", tag = "follow-ups",
    params(("id" = i64, Path, description = "后续处理 ID")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn retry(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(id): ApiPath<FollowUpId>,
) -> ApiResult<StatusCode> {
    follow_ups::retry(&state.app, &principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
