//! Follow-ups (the outbox, issue 15 item 4): the work a change promised in its own transaction
//! (see `ganxun_storage::follow_ups`), done right after the change and retried by the worker
//! until it succeeds. Every kind is idempotent: doing it twice posts nothing twice.

use super::{App, AppError, AppResult, Principal};
use ganxun_domain::ClassId;
use ganxun_domain::FollowUpId;
use ganxun_domain::LearningProgressId;
use ganxun_domain::Permission;
use ganxun_storage::Actor;
use ganxun_storage::classes::{self, ClassVisibility};
use ganxun_storage::follow_ups::{self as store, FollowUp};
use serde::Serialize;

/// A finished class's class-hour credits are posted (or re-posted after a correction).
pub const CLASS_CREDITS: &str = "class_credits";
/// A lesson finished online: its class-hour credits are posted.
pub use ganxun_storage::learning::LESSON_CREDITS;

/// Follow-ups taken per round.
const BATCH: u64 = 50;
/// How often the worker looks for due follow-ups.
const IDLE: std::time::Duration = std::time::Duration::from_secs(30);

/// Does a subject's due follow-ups now, right after the change that promised them. A failure
/// is kept for the worker to retry and never undoes or fails the change itself.
pub async fn run_for(app: &App, kind: &'static str, subject_id: i64) {
    if let Err(error) = run(app, Some((kind, subject_id))).await {
        tracing::warn!(?error, kind, subject_id, "follow-up left for the worker");
    }
}

/// Does every due follow-up; returns how many were done.
pub async fn run_due(app: &App) -> AppResult<usize> {
    run(app, None).await
}

async fn run(app: &App, subject: Option<(&str, i64)>) -> AppResult<usize> {
    let mut done = 0;
    for follow_up in store::take_due(&app.db, app.now(), subject, BATCH).await? {
        match perform(app, &follow_up).await {
            Ok(()) => {
                store::finish(&app.db, follow_up.id, app.now()).await?;
                done += 1;
            }
            Err(error) => {
                let message = describe(&error);
                tracing::warn!(id = follow_up.id.0, kind = %follow_up.kind, %message, "follow-up failed; will retry");
                store::fail(&app.db, follow_up.id, app.now(), &message).await?;
            }
        }
    }
    Ok(done)
}

/// What the follow-up's row keeps of a failure, in words a person can act on.
fn describe(error: &AppError) -> String {
    match error {
        AppError::Refused(problem) => problem.message(),
        AppError::Unavailable | AppError::StorageFull => "数据库暂时不可用".to_owned(),
        other => format!("{other:#}"),
    }
}

/// The work of one follow-up, on behalf of whoever made the change.
async fn perform(app: &App, follow_up: &FollowUp) -> AppResult<()> {
    let actor = Actor {
        account_id: follow_up.actor_id,
        name: follow_up.actor_name.clone(),
        ip: "follow-up".to_owned(),
    };
    match follow_up.kind.as_str() {
        CLASS_CREDITS => {
            let class = classes::get(
                &app.db,
                &ClassVisibility::everything(),
                ClassId(follow_up.subject_id),
            )
            .await?;
            match super::credits::follow_class(app, &actor, &class).await {
                // Reopened since: there is nothing to post any more.
                Err(error) if error.refusal_code() == Some("CLASS_NOT_ENDED") => Ok(()),
                Ok(_) => Ok(()),
                Err(error) => Err(error),
            }
        }
        LESSON_CREDITS => {
            super::credits::follow_lesson(app, &actor, LearningProgressId(follow_up.subject_id))
                .await
                .map(|_| ())
        }
        other => Err(AppError::Internal(anyhow::anyhow!(
            "unknown follow-up kind {other}"
        ))),
    }
}

/// The worker of a running server. Errors are logged and retried on the next round.
pub fn spawn_worker(app: App) {
    tokio::spawn(async move {
        loop {
            match run_due(&app).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "follow-ups not run; retrying"),
            }
            tokio::time::sleep(IDLE).await;
        }
    });
}

/// A follow-up not yet done, as the authority sees it.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpRow {
    #[serde(flatten)]
    pub follow_up: FollowUp,
    /// What it does, in words (学时学分过账).
    pub kind_label: String,
    /// What it is about (the class's title).
    pub subject: String,
}

fn label(kind: &str) -> &'static str {
    match kind {
        CLASS_CREDITS => "班次学时学分过账",
        LESSON_CREDITS => "网络学习学时学分过账",
        _ => "其他后续处理",
    }
}

/// Follow-ups waiting, being retried or failed: for the training authority to see that nothing
/// promised was forgotten and to retry what failed.
pub async fn open(app: &App, principal: &Principal) -> AppResult<Vec<FollowUpRow>> {
    principal.require(Permission::ClassApprove)?;
    let mut rows = Vec::new();
    for follow_up in store::open(&app.db, 500).await? {
        let subject = match follow_up.kind.as_str() {
            CLASS_CREDITS => classes::get(
                &app.db,
                &ClassVisibility::everything(),
                ClassId(follow_up.subject_id),
            )
            .await
            .map(|c| c.title)
            .unwrap_or_else(|_| format!("班次 {}", follow_up.subject_id)),
            _ => String::new(),
        };
        rows.push(FollowUpRow {
            kind_label: label(&follow_up.kind).to_owned(),
            subject,
            follow_up,
        });
    }
    Ok(rows)
}

/// Another round of attempts now (after fixing what made it fail).
pub async fn retry(app: &App, principal: &Principal, id: FollowUpId) -> AppResult<()> {
    principal.require(Permission::ClassApprove)?;
    store::retry(&app.db, &principal.actor(), app.now(), id).await?;
    run_due(app).await?;
    Ok(())
}
