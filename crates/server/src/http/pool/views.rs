//! What the reserve-pool API returns, as API types made from the storage rows and the
//! application's pages that hold them.

use crate::app::pool::{self, ComplianceBrief, PhaseProgress};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::pool::MemberState;
use ganxun_domain::{PoolId, PoolMemberId, PoolPhaseId};
use serde::Serialize;
use utoipa::ToSchema;

/// A pool with its keeping unit's name and how many people are in it, left it and rose to a post.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PoolRow {
    #[schema(value_type = i64)]
    pub id: PoolId,
    pub name: String,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub description: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub active: u64,
    pub left: u64,
    pub promoted: u64,
}

impl From<ganxun_storage::pool::PoolRow> for PoolRow {
    fn from(r: ganxun_storage::pool::PoolRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            description: r.description,
            created_by: r.created_by,
            created_at: r.created_at,
            active: r.active,
            left: r.left,
            promoted: r.promoted,
        }
    }
}

/// A training phase (培训阶段) and what it asks for, in hundredths of a day and of a class hour
/// (met when either is reached; both 0: followed, not scored).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhaseRow {
    #[schema(value_type = i64)]
    pub id: PoolPhaseId,
    #[schema(value_type = i64)]
    pub pool_id: PoolId,
    pub seq: i32,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub required_days: i64,
    pub required_hours: i64,
    pub content: String,
}

impl From<ganxun_storage::pool::PhaseRow> for PhaseRow {
    fn from(r: ganxun_storage::pool::PhaseRow) -> Self {
        Self {
            id: r.id,
            pool_id: r.pool_id,
            seq: r.seq,
            name: r.name,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            required_days: r.required_days,
            required_hours: r.required_hours,
            content: r.content,
        }
    }
}

/// A membership with the person's name, unit and the pool's name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberRow {
    #[schema(value_type = i64)]
    pub id: PoolMemberId,
    #[schema(value_type = i64)]
    pub pool_id: PoolId,
    pub pool_name: String,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub person_name: String,
    pub unit_name: String,
    pub entered_on: NaiveDate,
    pub reason: String,
    /// active 在库, left 出库, promoted 已提拔使用
    #[schema(value_type = String)]
    pub state: MemberState,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub new_post: Option<String>,
    pub new_rank: Option<String>,
    /// Whether the training rules were met on the day of promotion (R-CMP-4).
    pub eligible_when_promoted: Option<bool>,
    /// What was missing that day, as the verdict listed it.
    pub shortfall: Option<String>,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
    pub ended_by: Option<String>,
    pub ended_at: Option<DateTime<Utc>>,
}

impl From<ganxun_storage::pool::MemberRow> for MemberRow {
    fn from(r: ganxun_storage::pool::MemberRow) -> Self {
        Self {
            id: r.id,
            pool_id: r.pool_id,
            pool_name: r.pool_name,
            person_id: r.person_id,
            person_name: r.person_name,
            unit_name: r.unit_name,
            entered_on: r.entered_on,
            reason: r.reason,
            state: r.state,
            ended_on: r.ended_on,
            end_reason: r.end_reason,
            new_post: r.new_post,
            new_rank: r.new_rank,
            eligible_when_promoted: r.eligible_when_promoted,
            shortfall: r.shortfall,
            entered_by: r.entered_by,
            entered_at: r.entered_at,
            ended_by: r.ended_by,
            ended_at: r.ended_at,
        }
    }
}

/// A pool with its phases and members.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PoolDetail {
    pub pool: PoolRow,
    pub phases: Vec<PhaseRow>,
    /// Open memberships first, then closed ones (the pool's history).
    pub members: Vec<MemberProgress>,
    /// The caller may add phases and members and close memberships.
    pub may_manage: bool,
}

impl From<pool::PoolDetail> for PoolDetail {
    fn from(r: pool::PoolDetail) -> Self {
        Self {
            pool: r.pool.into(),
            phases: r.phases.into_iter().map(Into::into).collect(),
            members: r.members.into_iter().map(Into::into).collect(),
            may_manage: r.may_manage,
        }
    }
}

/// A membership with its phases and compliance (`None` for closed memberships).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberProgress {
    #[serde(flatten)]
    pub member: MemberRow,
    pub phases: Vec<PhaseProgress>,
    pub compliance: Option<ComplianceBrief>,
}

impl From<pool::MemberProgress> for MemberProgress {
    fn from(r: pool::MemberProgress) -> Self {
        Self {
            member: r.member.into(),
            phases: r.phases,
            compliance: r.compliance,
        }
    }
}
