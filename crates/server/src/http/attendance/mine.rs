//! `GET /api/v1/attendance/mine`: the signed-in trainee's own classes and sessions from today on,
//! with sign-in, marks and leave (the phone's home page reads it).

use crate::app::attendance::mine::{self, MyTimetable};
use crate::http::error::ApiResult;
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(my_timetable))
}

/// The caller's classes (enrolling or running, a seat held) with their sessions from today on:
/// whether sign-in is open now, the caller's own mark, leave covering a session.
#[utoipa::path(get, path = "/attendance/mine", tag = "attendance", responses((status = 200, body = MyTimetable)))]
async fn my_timetable(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<MyTimetable>> {
    Ok(Json(mine::mine(&state.app, &p).await?))
}
