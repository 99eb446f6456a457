//! What the follow-ups API returns, as API types made from the outbox rows.

use crate::app::follow_ups;
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::FollowUpId;
use serde::Serialize;
use utoipa::ToSchema;

/// A follow-up as the worker and the list need it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FollowUp {
    #[schema(value_type = i64)]
    pub id: FollowUpId,
    pub kind: String,
    pub subject_id: i64,
    #[schema(value_type = Option<i64>)]
    pub actor_id: Option<AccountId>,
    pub actor_name: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    /// Gave up after [`MAX_ATTEMPTS`]: waits for a person to retry it.
    pub failed: bool,
}

impl From<ganxun_storage::follow_ups::FollowUp> for FollowUp {
    fn from(r: ganxun_storage::follow_ups::FollowUp) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            subject_id: r.subject_id,
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            created_at: r.created_at,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at,
            last_error: r.last_error,
            done_at: r.done_at,
            failed: r.failed,
        }
    }
}

/// A follow-up not yet done, as the authority sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FollowUpRow {
    #[serde(flatten)]
    pub follow_up: FollowUp,
    /// What it does, in words (学时学分过账).
    pub kind_label: String,
    /// What it is about (the class's title).
    pub subject: String,
}

impl From<follow_ups::FollowUpRow> for FollowUpRow {
    fn from(r: follow_ups::FollowUpRow) -> Self {
        Self {
            follow_up: r.follow_up.into(),
            kind_label: r.kind_label,
            subject: r.subject,
        }
    }
}
