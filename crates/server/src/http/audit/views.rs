//! What the audit API returns: the chain check, as API types made from the storage report.

use serde::Serialize;
use utoipa::ToSchema;

/// The result of walking the chain.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChainReport {
    pub entries: u64,
    pub head_id: i64,
    pub head_hash: String,
    pub problems: Vec<ChainProblem>,
}

impl From<ganxun_storage::audit::ChainReport> for ChainReport {
    fn from(r: ganxun_storage::audit::ChainReport) -> Self {
        Self {
            entries: r.entries,
            head_id: r.head_id,
            head_hash: r.head_hash,
            problems: r.problems.into_iter().map(Into::into).collect(),
        }
    }
}

/// What is wrong with one place in the chain.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainProblem {
    /// The entry's content no longer matches its hash: edited.
    Edited { id: i64 },
    /// The entry does not follow the one before it: something was deleted, inserted or moved.
    BrokenLink { id: i64, expected_prev: String },
    /// Ids jump: entries between were deleted.
    Gap { after: i64, next: i64 },
    /// The chain ends elsewhere than the head says: entries at the end were deleted or added.
    HeadMismatch { head_id: i64, last_id: i64 },
}

impl From<ganxun_storage::audit::ChainProblem> for ChainProblem {
    fn from(p: ganxun_storage::audit::ChainProblem) -> Self {
        use ganxun_storage::audit::ChainProblem as Stored;
        match p {
            Stored::Edited { id } => Self::Edited { id },
            Stored::BrokenLink { id, expected_prev } => Self::BrokenLink { id, expected_prev },
            Stored::Gap { after, next } => Self::Gap { after, next },
            Stored::HeadMismatch { head_id, last_id } => Self::HeadMismatch { head_id, last_id },
        }
    }
}
