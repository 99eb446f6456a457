//! Watching learning and its briefings: `/learning/watch` (the live view of a unit or a class)
//! and `/learning/briefings` (the half-monthly statistics and monthly briefings as issued, in
//! Excel and PDF).

use crate::app::learning::briefings::{self, BriefingDocument, BriefingView, MakeBriefingInput};
use crate::app::learning::watch::{self, LearningWatch, WatchQuery};
use crate::http::download::{PDF, XLSX, file};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ganxun_domain::BriefingId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Who is learning now, the time learned this half-month, required completion and the
/// laggards by name, for a unit and those below it or a class's trainees.
#[utoipa::path(get, path = "/learning/watch", tag = "learning", params(WatchQuery),
    responses((status = 200, body = LearningWatch), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn learning_watch(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(q): ApiQuery<WatchQuery>,
) -> ApiResult<Json<LearningWatch>> {
    Ok(Json(watch::watch(&state.app, &p, &q).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct BriefingsQuery {
    /// `half_month` or `month`.
    #[serde(default)]
    kind: Option<String>,
}

/// The briefings about units the caller reaches, newest period first.
#[utoipa::path(get, path = "/learning/briefings", tag = "learning", params(BriefingsQuery),
    responses((status = 200, body = Vec<BriefingView>), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(super) async fn list_briefings(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(q): ApiQuery<BriefingsQuery>,
) -> ApiResult<Json<Vec<BriefingView>>> {
    Ok(Json(
        briefings::list(&state.app, &p, q.kind.as_deref()).await?,
    ))
}

/// Makes the briefing of a period that has ended (one the schedule missed).
#[utoipa::path(post, path = "/learning/briefings", tag = "learning",
    request_body = MakeBriefingInput,
    responses((status = 201, body = BriefingView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(super) async fn make_briefing(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<MakeBriefingInput>,
) -> ApiResult<(StatusCode, Json<BriefingView>)> {
    let made = briefings::make_now(&state.app, &p, &input).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// A briefing with its figures.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct BriefingDetail {
    briefing: BriefingView,
    document: BriefingDocument,
}

/// One briefing, as issued.
#[utoipa::path(get, path = "/learning/briefings/{id}", tag = "learning",
    params(("id" = i64, Path, description = "通报 ID")),
    responses((status = 200, body = BriefingDetail), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(super) async fn briefing(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<BriefingId>,
) -> ApiResult<Json<BriefingDetail>> {
    let (briefing, document) = briefings::get(&state.app, &p, id).await?;
    Ok(Json(BriefingDetail { briefing, document }))
}

/// The briefing in Excel: sheets 概况, 各单位 and 进度滞后学员.
#[utoipa::path(get, path = "/learning/briefings/{id}/xlsx", tag = "learning",
    params(("id" = i64, Path, description = "通报 ID")),
    responses((status = 200, content_type = XLSX), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(super) async fn briefing_xlsx(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<BriefingId>,
) -> ApiResult<Response> {
    let document = briefings::xlsx(&state.app, &p, id).await?;
    Ok(file(XLSX, &document.file_name, "briefing.xlsx", document.bytes).into_response())
}

/// The briefing as a printable PDF.
#[utoipa::path(get, path = "/learning/briefings/{id}/pdf", tag = "learning",
    params(("id" = i64, Path, description = "通报 ID")),
    responses((status = 200, content_type = PDF), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn briefing_pdf(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<BriefingId>,
) -> ApiResult<Response> {
    let document = briefings::pdf(&state.app, &p, id).await?;
    Ok(file(PDF, &document.file_name, "briefing.pdf", document.bytes).into_response())
}
