//! `/learning/requirements`: which courses are required of whom in a year (必修).

use super::views::RequirementView;
use crate::app::learning::requirements::{self, RequirementInput};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ganxun_domain::CourseId;
use ganxun_domain::RequirementId;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct YearQuery {
    /// The year, e.g. 2026.
    year: i32,
}

/// The assignments of a year, by course.
#[utoipa::path(get, path = "/learning/requirements", tag = "learning", params(YearQuery),
    responses((status = 200, body = Vec<RequirementView>), (status = 403, body = ErrorBody)))]
pub(super) async fn list_requirements(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult<Json<Vec<RequirementView>>> {
    let all = requirements::list(&state.app, &p, q.year).await?;
    Ok(Json(all.into_iter().map(RequirementView::from).collect()))
}

/// Makes a course required of everyone, a person category, a unit, a class's trainees or a
/// person in a year; lessons of it already finished that year are recounted.
#[utoipa::path(post, path = "/learning/courses/{id}/requirements", tag = "learning",
    params(("id" = i64, Path, description = "课程 ID")), request_body = RequirementInput,
    responses((status = 201, body = RequirementView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn add_requirement(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<CourseId>,
    ApiJson(input): ApiJson<RequirementInput>,
) -> ApiResult<(StatusCode, Json<RequirementView>)> {
    let added = requirements::add(&state.app, &p, id, &input).await?;
    Ok((StatusCode::CREATED, Json(added.into())))
}

/// Withdraws an assignment: what was finished under it counts as optional from now on.
#[utoipa::path(delete, path = "/learning/requirements/{id}", tag = "learning",
    params(("id" = i64, Path, description = "必修指定 ID")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(super) async fn remove_requirement(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<RequirementId>,
) -> ApiResult<StatusCode> {
    requirements::remove(&state.app, &p, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
