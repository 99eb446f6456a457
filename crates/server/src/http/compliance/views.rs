//! What the compliance API returns besides the domain's own documents: jobs, certificates and
//! seats, external training records and the dashboard, as API types made from the storage rows.

use crate::app::compliance::dashboard::{
    self, ComplianceCoverage, ComplianceRuleSummary, ComplianceUnitSummary,
};
use crate::app::compliance::{board, training_records};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::JobId;
use ganxun_domain::PersonId;
use ganxun_domain::StandingId;
use ganxun_domain::TrainingRecordId;
use ganxun_domain::UnitId;
use ganxun_domain::compliance::{ExternalKind, Institution};
use ganxun_domain::compliance::{StandingKind, StandingState};
use ganxun_domain::review::ReviewState;
use ganxun_storage::jobs::JobState;
use serde::Serialize;
use utoipa::ToSchema;

/// A job as stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobRow {
    #[schema(value_type = i64)]
    pub id: JobId,
    /// e.g. `compliance_recompute`
    pub kind: String,
    /// running, done, failed
    #[schema(value_type = String)]
    pub state: JobState,
    /// The day the job judges, when it judges one.
    pub as_of: Option<NaiveDate>,
    pub total: i64,
    pub done: i64,
    pub message: String,
    pub started_by: String,
    pub started_at: DateTime<Utc>,
    pub heartbeat_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub error: Option<String>,
    /// What it produced (for a recomputation: the status rows written).
    pub result: Option<i64>,
}

impl From<ganxun_storage::jobs::JobRow> for JobRow {
    fn from(r: ganxun_storage::jobs::JobRow) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            state: r.state,
            as_of: r.as_of,
            total: r.total,
            done: r.done,
            message: r.message,
            started_by: r.started_by,
            started_at: r.started_at,
            heartbeat_at: r.heartbeat_at,
            finished_at: r.finished_at,
            error: r.error,
            result: r.result,
        }
    }
}

/// What asking for a recomputation did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecomputeStarted {
    /// False when one was already running: `job` is that one.
    pub started: bool,
    pub job: JobRow,
}

impl From<board::RecomputeStarted> for RecomputeStarted {
    fn from(r: board::RecomputeStarted) -> Self {
        Self {
            started: r.started,
            job: r.job.into(),
        }
    }
}

/// The dashboard of a unit's subtree.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComplianceDashboard {
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    /// The days the statuses were judged as of (oldest and newest row), and the last write.
    pub oldest_as_of: Option<NaiveDate>,
    pub newest_as_of: Option<NaiveDate>,
    pub updated_at: Option<DateTime<Utc>>,
    /// People whose facts changed and whose statuses are about to be refreshed.
    pub pending_refresh: u64,
    /// The newest full recomputation (running, done or failed).
    pub job: Option<JobRow>,
    pub rules: Vec<ComplianceRuleSummary>,
    pub units: Vec<ComplianceUnitSummary>,
    pub coverage: Vec<ComplianceCoverage>,
}

impl From<dashboard::ComplianceDashboard> for ComplianceDashboard {
    fn from(r: dashboard::ComplianceDashboard) -> Self {
        Self {
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            oldest_as_of: r.oldest_as_of,
            newest_as_of: r.newest_as_of,
            updated_at: r.updated_at,
            pending_refresh: r.pending_refresh,
            job: r.job.map(Into::into),
            rules: r.rules,
            units: r.units,
            coverage: r.coverage,
        }
    }
}

/// A stored certificate or seat.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandingRow {
    #[schema(value_type = i64)]
    pub id: StandingId,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    /// theory_certificate 理论水平任职资格证书, central_group 中心组成员
    #[schema(value_type = String)]
    pub kind: StandingKind,
    /// The certificate's number, or the party committee whose central group it is.
    pub title: String,
    /// Issued on, or the seat's first day.
    pub valid_from: NaiveDate,
    /// The day after the seat's last day; none for a certificate or a seat still held.
    pub valid_to: Option<NaiveDate>,
    pub evidence: String,
    /// active, revoked
    #[schema(value_type = String)]
    pub state: StandingState,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
    pub revoked_by: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
}

impl From<ganxun_storage::compliance::standings::StandingRow> for StandingRow {
    fn from(r: ganxun_storage::compliance::standings::StandingRow) -> Self {
        Self {
            id: r.id,
            person_id: r.person_id,
            kind: r.kind,
            title: r.title,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
            evidence: r.evidence,
            state: r.state,
            entered_by: r.entered_by,
            entered_at: r.entered_at,
            revoked_by: r.revoked_by,
            revoked_at: r.revoked_at,
            revoke_reason: r.revoke_reason,
        }
    }
}

/// A stored external training record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainingRecordRow {
    #[schema(value_type = i64)]
    pub id: TrainingRecordId,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    /// party_school_elsewhere, study_abroad, degree_study, secondment, self_study, online, other
    #[schema(value_type = String)]
    pub kind: ExternalKind,
    pub title: String,
    pub institution_name: String,
    /// party_school, administrative_college, cadre_college, training_institution
    #[schema(value_type = Option<String>)]
    pub institution_type: Option<Institution>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Hundredths of a day.
    pub days: i64,
    /// Hundredths of a class hour.
    pub hours: i64,
    pub privately_arranged: bool,
    pub evidence: String,
    /// pending, approved, rejected
    #[schema(value_type = String)]
    pub state: ReviewState,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
}

impl From<ganxun_storage::compliance::training_records::TrainingRecordRow> for TrainingRecordRow {
    fn from(r: ganxun_storage::compliance::training_records::TrainingRecordRow) -> Self {
        Self {
            id: r.id,
            person_id: r.person_id,
            kind: r.kind,
            title: r.title,
            institution_name: r.institution_name,
            institution_type: r.institution_type,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            days: r.days,
            hours: r.hours,
            privately_arranged: r.privately_arranged,
            evidence: r.evidence,
            state: r.state,
            entered_by: r.entered_by,
            entered_at: r.entered_at,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            decision_reason: r.decision_reason,
        }
    }
}

/// A record with the name and unit of the person it belongs to, for the authority's list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PendingTrainingRecord {
    #[serde(flatten)]
    pub record: TrainingRecordRow,
    pub person_name: String,
    pub unit_name: String,
}

impl From<training_records::PendingTrainingRecord> for PendingTrainingRecord {
    fn from(r: training_records::PendingTrainingRecord) -> Self {
        Self {
            record: r.record.into(),
            person_name: r.person_name,
            unit_name: r.unit_name,
        }
    }
}
