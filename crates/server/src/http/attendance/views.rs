//! What the attendance API returns: marks, roll calls, sign-ins and leave, as API types made
//! from the storage rows and the application's results that hold them.

use crate::app::attendance;
use crate::app::attendance::leave::{self, SessionLabel};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::attendance::{AttendanceStatus, LeaveState, MarkSource};
use ganxun_domain::{LeaveId, MarkId, SessionId};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// A mark as shown and exported.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MarkRow {
    #[schema(value_type = i64)]
    pub id: MarkId,
    #[schema(value_type = i64)]
    pub session_id: SessionId,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    #[schema(value_type = String)]
    pub status: AttendanceStatus,
    pub minutes_late: i32,
    pub minutes_early: i32,
    #[schema(value_type = String)]
    pub source: MarkSource,
    pub signed_at: Option<DateTime<Utc>>,
    pub reason: String,
    pub marked_by: String,
    pub marked_at: DateTime<Utc>,
}

impl From<ganxun_storage::attendance::MarkRow> for MarkRow {
    fn from(r: ganxun_storage::attendance::MarkRow) -> Self {
        Self {
            id: r.id,
            session_id: r.session_id,
            person_id: r.person_id,
            status: r.status,
            minutes_late: r.minutes_late,
            minutes_early: r.minutes_early,
            source: r.source,
            signed_at: r.signed_at,
            reason: r.reason,
            marked_by: r.marked_by,
            marked_at: r.marked_at,
        }
    }
}

/// A leave request as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeaveRow {
    #[schema(value_type = i64)]
    pub id: LeaveId,
    #[schema(value_type = i64)]
    pub class_id: ClassId,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    /// The trainee's name and unit, for the approver's list.
    pub person_name: String,
    pub unit_name: String,
    #[schema(value_type = i64)]
    pub first_session_id: SessionId,
    #[schema(value_type = i64)]
    pub last_session_id: SessionId,
    /// Hundredths of a class hour.
    pub hours: i64,
    pub reason: String,
    /// pending, approved, refused, cancelled, returned (销假: back before the leave ran out).
    #[schema(value_type = String)]
    pub state: LeaveState,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    /// Set when approving this leave withdrew the trainee (退学).
    pub withdrawal: bool,
    pub version: i32,
}

impl From<ganxun_storage::attendance::LeaveRow> for LeaveRow {
    fn from(r: ganxun_storage::attendance::LeaveRow) -> Self {
        Self {
            id: r.id,
            class_id: r.class_id,
            person_id: r.person_id,
            person_name: r.person_name,
            unit_name: r.unit_name,
            first_session_id: r.first_session_id,
            last_session_id: r.last_session_id,
            hours: r.hours,
            reason: r.reason,
            state: r.state,
            requested_by: r.requested_by,
            requested_at: r.requested_at,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            decision_reason: r.decision_reason,
            withdrawal: r.withdrawal,
            version: r.version,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignInResult {
    pub mark: MarkRow,
    pub class_title: String,
    pub topic: String,
}

impl From<attendance::SignInResult> for SignInResult {
    fn from(r: attendance::SignInResult) -> Self {
        Self {
            mark: r.mark.into(),
            class_title: r.class_title,
            topic: r.topic,
        }
    }
}

/// One trainee's line in the roll call.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RollCallRow {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    pub unit_name: String,
    pub mark: Option<MarkRow>,
    /// Signed in from a phone another trainee also signed in from: check in person.
    pub shared_device: bool,
}

impl From<attendance::RollCallRow> for RollCallRow {
    fn from(r: attendance::RollCallRow) -> Self {
        Self {
            person_id: r.person_id,
            name: r.name,
            unit_name: r.unit_name,
            mark: r.mark.map(Into::into),
            shared_device: r.shared_device,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RollCall {
    #[schema(value_type = i64)]
    pub session_id: SessionId,
    pub date: NaiveDate,
    pub start_time: String,
    pub end_time: String,
    pub topic: String,
    pub opened_at: Option<DateTime<Utc>>,
    pub enrolled: usize,
    /// Count per status code, and `unmarked`.
    pub counts: HashMap<String, usize>,
    pub rows: Vec<RollCallRow>,
}

impl From<attendance::RollCall> for RollCall {
    fn from(r: attendance::RollCall) -> Self {
        Self {
            session_id: r.session_id,
            date: r.date,
            start_time: r.start_time,
            end_time: r.end_time,
            topic: r.topic,
            opened_at: r.opened_at,
            enrolled: r.enrolled,
            counts: r.counts,
            rows: r.rows.into_iter().map(Into::into).collect(),
        }
    }
}

/// A request waiting for the caller's decision, with what the decision needs at hand.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PendingLeave {
    pub leave: LeaveRow,
    pub class_title: String,
    /// The class's total hours and the trainee's leave already approved, in hundredths, so the
    /// approver sees how close the 1/7 cap is.
    pub class_hours: i64,
    pub approved_hours: i64,
    pub first_session: Option<SessionLabel>,
    pub last_session: Option<SessionLabel>,
}

impl From<leave::PendingLeave> for PendingLeave {
    fn from(r: leave::PendingLeave) -> Self {
        Self {
            leave: r.leave.into(),
            class_title: r.class_title,
            class_hours: r.class_hours,
            approved_hours: r.approved_hours,
            first_session: r.first_session,
            last_session: r.last_session,
        }
    }
}
