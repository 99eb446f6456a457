//! Notes and reflections (有记录、有笔记、有心得, R-ONL-5): a learner writes them on the lessons
//! they study; a head teacher reads those of the trainees of the classes they lead, the
//! training authority and unit administrators those of the people in their scope, and each
//! answers with a comment.

use super::courses::learner;
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::LessonId;
use ganxun_domain::NoteId;
use ganxun_domain::Permission;
use ganxun_domain::learning::NoteKind;
use ganxun_domain::learning::notes::{MAX_COMMENT_CHARS, check_body};
use ganxun_storage::learning::notes::{self as store, Note};
use serde::Deserialize;
use utoipa::ToSchema;

/// A new note.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NoteInput {
    /// `note` (学习笔记) or `reflection` (学习心得).
    pub kind: String,
    pub body: String,
    /// Where in the lesson a note was taken, in milliseconds.
    #[serde(default)]
    pub position_ms: Option<u64>,
}

/// A note rewritten: the new text and the version it was read at.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NoteEditInput {
    pub body: String,
    pub version: i32,
}

/// A reader's comment.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CommentInput {
    pub comment: String,
}

fn body_of(body: &str) -> AppResult<String> {
    check_body(body)
        .map(str::to_owned)
        .map_err(|message| AppError::field("body", "NOTE_BODY_INVALID", message))
}

/// Writes a note on a lesson.
pub async fn write(
    app: &App,
    principal: &Principal,
    lesson_id: LessonId,
    input: &NoteInput,
) -> AppResult<Note> {
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    let kind = NoteKind::parse(&input.kind)
        .ok_or_else(|| AppError::field("kind", "NOTE_KIND_UNKNOWN", "请选择学习笔记或学习心得"))?;
    let body = body_of(&input.body)?;
    Ok(store::write(
        &app.db,
        &principal.actor(),
        app.now(),
        person_id,
        lesson_id,
        kind,
        &body,
        input.position_ms,
    )
    .await?)
}

/// Rewrites one's own note.
pub async fn edit(
    app: &App,
    principal: &Principal,
    id: NoteId,
    input: &NoteEditInput,
) -> AppResult<Note> {
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    let body = body_of(&input.body)?;
    Ok(store::edit(
        &app.db,
        &principal.actor(),
        app.now(),
        person_id,
        id,
        &body,
        input.version,
    )
    .await?)
}

/// Deletes one's own note.
pub async fn delete(app: &App, principal: &Principal, id: NoteId) -> AppResult<()> {
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    Ok(store::delete(&app.db, &principal.actor(), app.now(), person_id, id).await?)
}

/// The caller's own notes, of one lesson when given.
pub async fn mine(
    app: &App,
    principal: &Principal,
    lesson_id: Option<LessonId>,
) -> AppResult<Vec<Note>> {
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    Ok(store::of_person(&app.db, person_id, lesson_id).await?)
}

/// The notes the caller reads, newest first.
pub async fn to_read(
    app: &App,
    principal: &Principal,
    waiting: bool,
    kind: Option<&str>,
) -> AppResult<Vec<Note>> {
    let kind = match kind {
        Some(code) => Some(NoteKind::parse(code).ok_or_else(|| {
            AppError::field("kind", "NOTE_KIND_UNKNOWN", "请选择学习笔记或学习心得")
        })?),
        None => None,
    };
    let scope = super::watch::readers_scope(app, principal).await?;
    Ok(store::in_scope(&app.db, &scope, waiting, kind).await?)
}

/// Answers a note the caller reads with a comment.
pub async fn comment(
    app: &App,
    principal: &Principal,
    id: NoteId,
    input: &CommentInput,
) -> AppResult<Note> {
    let text = input.comment.trim();
    if text.is_empty() || text.chars().count() > MAX_COMMENT_CHARS {
        return Err(AppError::field(
            "comment",
            "NOTE_COMMENT_INVALID",
            "请填写点评（不超过 1000 字）",
        ));
    }
    let scope = super::watch::readers_scope(app, principal).await?;
    store::get_in_scope(&app.db, &scope, id).await?;
    Ok(store::comment(
        &app.db,
        &principal.actor(),
        &principal.display_name,
        app.now(),
        id,
        text,
    )
    .await?)
}
