//! Notes and reflections: `/learning/my/notes` and `/learning/lessons/{id}/notes` for the
//! learner, `/learning/notes` for those who read and comment.

use super::views::NoteView;
use crate::app::learning::notes::{self, CommentInput, NoteEditInput, NoteInput};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ganxun_domain::LessonId;
use ganxun_domain::NoteId;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct MyNotesQuery {
    /// Only the notes of this lesson.
    #[serde(default)]
    #[param(value_type = Option<i64>)]
    lesson_id: Option<LessonId>,
}

/// The caller's own notes and reflections, newest first.
#[utoipa::path(get, path = "/learning/my/notes", tag = "learning", params(MyNotesQuery),
    responses((status = 200, body = Vec<NoteView>), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub(super) async fn my_notes(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(q): ApiQuery<MyNotesQuery>,
) -> ApiResult<Json<Vec<NoteView>>> {
    let all = notes::mine(&state.app, &p, q.lesson_id).await?;
    Ok(Json(all.into_iter().map(NoteView::from).collect()))
}

/// Writes a note or a reflection on a lesson.
#[utoipa::path(post, path = "/learning/lessons/{id}/notes", tag = "learning",
    params(("id" = i64, Path, description = "课节 ID")), request_body = NoteInput,
    responses((status = 201, body = NoteView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn write_note(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<LessonId>,
    ApiJson(input): ApiJson<NoteInput>,
) -> ApiResult<(StatusCode, Json<NoteView>)> {
    let note = notes::write(&state.app, &p, id, &input).await?;
    Ok((StatusCode::CREATED, Json(note.into())))
}

/// Rewrites one's own note (refused when it changed since it was read).
#[utoipa::path(put, path = "/learning/my/notes/{id}", tag = "learning",
    params(("id" = i64, Path, description = "笔记 ID")), request_body = NoteEditInput,
    responses((status = 200, body = NoteView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn edit_note(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<NoteId>,
    ApiJson(input): ApiJson<NoteEditInput>,
) -> ApiResult<Json<NoteView>> {
    Ok(Json(notes::edit(&state.app, &p, id, &input).await?.into()))
}

/// Deletes one's own note.
#[utoipa::path(delete, path = "/learning/my/notes/{id}", tag = "learning",
    params(("id" = i64, Path, description = "笔记 ID")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn delete_note(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<NoteId>,
) -> ApiResult<StatusCode> {
    notes::delete(&state.app, &p, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct NotesQuery {
    /// Only the notes nobody has commented on yet.
    #[serde(default)]
    waiting: bool,
    /// `note` or `reflection`.
    #[serde(default)]
    kind: Option<String>,
}

/// The notes and reflections of the learners the caller guides, newest first (at most 500).
#[utoipa::path(get, path = "/learning/notes", tag = "learning", params(NotesQuery),
    responses((status = 200, body = Vec<NoteView>), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(super) async fn notes_to_read(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(q): ApiQuery<NotesQuery>,
) -> ApiResult<Json<Vec<NoteView>>> {
    let all = notes::to_read(&state.app, &p, q.waiting, q.kind.as_deref()).await?;
    Ok(Json(all.into_iter().map(NoteView::from).collect()))
}

/// Answers a learner's note with a comment.
#[utoipa::path(post, path = "/learning/notes/{id}/comment", tag = "learning",
    params(("id" = i64, Path, description = "笔记 ID")), request_body = CommentInput,
    responses((status = 200, body = NoteView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn comment_note(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<NoteId>,
    ApiJson(input): ApiJson<CommentInput>,
) -> ApiResult<Json<NoteView>> {
    Ok(Json(
        notes::comment(&state.app, &p, id, &input).await?.into(),
    ))
}
