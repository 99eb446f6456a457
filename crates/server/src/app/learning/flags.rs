//! The authority's list of learning flags: what looked like a script rather than a person, for a
//! person to look at and mark reviewed with a note (never a penalty by itself).

use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::Permission;
use ganxun_storage::learning::flags::{self as store, Flag};
use serde::Deserialize;
use utoipa::ToSchema;

/// A reviewer's note on a flag.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ReviewInput {
    /// What the reviewer found (talked to the learner, a computer room, a script …).
    pub note: String,
}

/// Flags of learners in the caller's scope, newest first.
pub async fn list(app: &App, principal: &Principal, open_only: bool) -> AppResult<Vec<Flag>> {
    principal.require(Permission::LearningManage)?;
    let scope = principal.scope(app, Permission::LearningManage).await?;
    Ok(store::list(&app.db, &scope, open_only).await?)
}

/// Marks a flag in the caller's scope reviewed.
pub async fn review(
    app: &App,
    principal: &Principal,
    id: i64,
    input: &ReviewInput,
) -> AppResult<()> {
    principal.require(Permission::LearningManage)?;
    let note = input.note.trim();
    if note.is_empty() || note.chars().count() > 500 {
        return Err(AppError::field(
            "note",
            "REVIEW_NOTE_INVALID",
            "请写明复核情况（不超过 500 字）",
        ));
    }
    let scope = principal.scope(app, Permission::LearningManage).await?;
    if !store::list(&app.db, &scope, false)
        .await?
        .iter()
        .any(|f| f.id == id)
    {
        return Err(AppError::NotFound);
    }
    Ok(store::review(&app.db, &principal.actor(), app.now(), id, note).await?)
}
