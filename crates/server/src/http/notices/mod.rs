//! `/api/v1/notices`: the caller's inbox of notices to their units (class openings, arrival
//! reports, end-of-class attendance): pages, a filter by kind, read state, the unread count.

mod views;

use crate::app::notices::{self, NoticeCount, NoticeQuery, ReadAllInput};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use ganxun_domain::NoticeId;
use utoipa_axum::{router::OpenApiRouter, routes};
use views::{Notice, NoticePage};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notices))
        .routes(routes!(unread_notices))
        .routes(routes!(read_all_notices))
        .routes(routes!(open_notice))
}

/// A page of the caller's notices, newest first, with counts per kind.
#[utoipa::path(get, path = "/notices", tag = "notices", params(NoticeQuery),
    responses((status = 200, body = NoticePage), (status = 422, body = ErrorBody)))]
async fn list_notices(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(query): ApiQuery<NoticeQuery>,
) -> ApiResult<Json<NoticePage>> {
    Ok(Json(notices::list(&state.app, &p, &query).await?.into()))
}

/// How many of the caller's notices are unread (the menu's badge).
#[utoipa::path(get, path = "/notices/unread", tag = "notices",
    responses((status = 200, body = NoticeCount)))]
async fn unread_notices(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<NoticeCount>> {
    Ok(Json(notices::unread_count(&state.app, &p).await?))
}

/// Marks every unread notice (of one kind, if given) read for the caller.
#[utoipa::path(post, path = "/notices/read-all", tag = "notices", request_body = ReadAllInput,
    responses((status = 200, body = NoticeCount)))]
async fn read_all_notices(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<ReadAllInput>,
) -> ApiResult<Json<NoticeCount>> {
    Ok(Json(notices::read_all(&state.app, &p, &input).await?))
}

/// Opens a notice: marked read for the caller the first time.
#[utoipa::path(post, path = "/notices/{id}/read", tag = "notices",
    params(("id" = i64, Path, description = "通知 ID")),
    responses((status = 200, body = Notice), (status = 404, body = ErrorBody)))]
async fn open_notice(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<NoticeId>,
) -> ApiResult<Json<Notice>> {
    Ok(Json(notices::open(&state.app, &p, id).await?.into()))
}
