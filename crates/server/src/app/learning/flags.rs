//! The authority's list of learning flags: what looked like a script rather than a person, for a
//! person to look at and mark reviewed with a note (never a penalty by itself).

use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::FlagId;
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
    id: FlagId,
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

/// Looks back over one China day for the signs only a whole day shows (learning around the
/// clock, the same hours day after day); raises nothing twice. How many flags it raised.
pub async fn examine_day(app: &App, day: chrono::NaiveDate) -> AppResult<usize> {
    Ok(store::examine_day(&app.db, day, app.now()).await?)
}

/// How often the worker looks at yesterday again (examining is idempotent, so a restart or a
/// second server only repeats the look).
const EXAMINE_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// The worker of a running server: examines yesterday once an hour.
pub fn spawn_worker(app: App) {
    tokio::spawn(async move {
        loop {
            let yesterday = ganxun_domain::china_date(app.now()) - chrono::TimeDelta::days(1);
            if let Err(error) = examine_day(&app, yesterday).await {
                tracing::warn!(error = ?error, "learning days not examined; retrying");
            }
            tokio::time::sleep(EXAMINE_EVERY).await;
        }
    });
}
