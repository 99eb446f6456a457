//! Quiz lessons: `/learning/courses/{id}/quizzes` for the library's keepers,
//! `/learning/lessons/{id}/quiz` for learners to read and sit.

use super::views::CourseView;
use crate::app::learning::quizzes::{self, QuizInput, QuizView, SheetInput};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ganxun_domain::{CourseId, LessonId};

/// Adds a quiz at the end of a draft course (passing it earns the hour conversion's bonus).
#[utoipa::path(post, path = "/learning/courses/{id}/quizzes", tag = "learning",
    params(("id" = i64, Path, description = "课程 ID")), request_body = QuizInput,
    responses((status = 201, body = CourseView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn add_quiz(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<CourseId>,
    ApiJson(input): ApiJson<QuizInput>,
) -> ApiResult<(StatusCode, Json<CourseView>)> {
    let course = quizzes::add(&state.app, &p, id, &input).await?;
    Ok((StatusCode::CREATED, Json(course.into())))
}

/// A quiz lesson's questions (never its answers) and the caller's sittings.
#[utoipa::path(get, path = "/learning/lessons/{id}/quiz", tag = "learning",
    params(("id" = i64, Path, description = "课节 ID")),
    responses((status = 200, body = QuizView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn quiz(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<LessonId>,
) -> ApiResult<Json<QuizView>> {
    Ok(Json(quizzes::get(&state.app, &p, id).await?))
}

/// Sits the quiz: graded by the server; a pass finishes the lesson.
#[utoipa::path(post, path = "/learning/lessons/{id}/quiz", tag = "learning",
    params(("id" = i64, Path, description = "课节 ID")), request_body = SheetInput,
    responses((status = 200, body = QuizView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(super) async fn sit_quiz(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<LessonId>,
    ApiJson(input): ApiJson<SheetInput>,
) -> ApiResult<Json<QuizView>> {
    Ok(Json(quizzes::sit(&state.app, &p, id, &input).await?))
}
