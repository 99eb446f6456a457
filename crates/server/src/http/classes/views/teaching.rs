//! The teaching plan's sessions and the instructor pool.

use crate::app::classes::teaching::{self as app_teaching, PlanIssue};
use chrono::NaiveDate;
use ganxun_domain::AccountId;
use ganxun_domain::{InstructorId, SessionId};
use ganxun_storage::classes::teaching;
use serde::Serialize;
use utoipa::ToSchema;

/// One session as stored and shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionRow {
    #[schema(value_type = i64)]
    pub id: SessionId,
    pub seq: i32,
    pub date: NaiveDate,
    /// "HH:MM", China time.
    pub start_time: String,
    pub end_time: String,
    pub topic: String,
    #[schema(value_type = Option<i64>)]
    pub instructor_id: Option<InstructorId>,
    pub instructor_name: String,
    /// Computed class hours, in hundredths.
    pub class_hours: i64,
    pub declared_hours: Option<i64>,
}

impl From<teaching::SessionRow> for SessionRow {
    fn from(r: teaching::SessionRow) -> Self {
        Self {
            id: r.id,
            seq: r.seq,
            date: r.date,
            start_time: r.start_time,
            end_time: r.end_time,
            topic: r.topic,
            instructor_id: r.instructor_id,
            instructor_name: r.instructor_name,
            class_hours: r.class_hours,
            declared_hours: r.declared_hours,
        }
    }
}

/// An instructor of the pool.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Instructor {
    #[schema(value_type = i64)]
    pub id: InstructorId,
    pub name: String,
    pub title: String,
    pub affiliation: String,
    #[schema(value_type = Option<i64>)]
    pub account_id: Option<AccountId>,
}

impl From<teaching::Instructor> for Instructor {
    fn from(r: teaching::Instructor) -> Self {
        Self {
            id: r.id,
            name: r.name,
            title: r.title,
            affiliation: r.affiliation,
            account_id: r.account_id,
        }
    }
}

/// The plan with its hours and the problems found now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeachingPlan {
    pub sessions: Vec<SessionRow>,
    /// Hundredths of a class hour.
    pub total_hours: i64,
    pub version: i32,
    pub problems: Vec<PlanIssue>,
}

impl From<app_teaching::TeachingPlan> for TeachingPlan {
    fn from(r: app_teaching::TeachingPlan) -> Self {
        Self {
            sessions: r.sessions.into_iter().map(Into::into).collect(),
            total_hours: r.total_hours,
            version: r.version,
            problems: r.problems,
        }
    }
}
