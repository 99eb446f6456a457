//! The performance report: as stored, as the editor shows it, and overdue.

use super::UnitArrival;
use crate::app::classes::reports::{
    self as app_reports, ClassFigures, EnrolmentFigures, Narrative, TeachingFigures,
};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::ClassState;
use ganxun_domain::classes::ReportState;
use ganxun_storage::classes::reports;
use serde::Serialize;
use utoipa::ToSchema;

/// A report as stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportView {
    #[schema(value_type = i64)]
    pub class_id: ClassId,
    /// `draft` or `submitted`.
    #[schema(value_type = String)]
    pub state: ReportState,
    pub due_on: Option<NaiveDate>,
    /// The figures as of the last save and the written parts; none when unreadable.
    pub body: Option<ReportBody>,
    pub drafted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<String>,
    pub late: bool,
    pub version: i32,
}

impl From<reports::ReportView> for ReportView {
    fn from(r: reports::ReportView) -> Self {
        Self {
            class_id: r.class_id,
            state: r.state,
            due_on: r.due_on,
            body: app_reports::ReportBody::read(&r.body).map(Into::into),
            drafted_at: r.drafted_at,
            updated_at: r.updated_at,
            submitted_at: r.submitted_at,
            submitted_by: r.submitted_by,
            late: r.late,
            version: r.version,
        }
    }
}

/// A report the authority is waiting for, or one that came late.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OverdueReport {
    #[schema(value_type = i64)]
    pub class_id: ClassId,
    pub title: String,
    pub organiser_name: String,
    pub ends_on: NaiveDate,
    pub due_on: NaiveDate,
    #[schema(value_type = String)]
    pub state: ClassState,
    /// Days past the due day: until today while unsubmitted, until submission otherwise.
    pub days_late: i64,
    pub submitted_at: Option<DateTime<Utc>>,
}

impl From<reports::OverdueReport> for OverdueReport {
    fn from(r: reports::OverdueReport) -> Self {
        Self {
            class_id: r.class_id,
            title: r.title,
            organiser_name: r.organiser_name,
            ends_on: r.ends_on,
            due_on: r.due_on,
            state: r.state,
            days_late: r.days_late,
            submitted_at: r.submitted_at,
        }
    }
}

/// The report as the editor shows it: the stored one, or a fresh draft.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportPage {
    /// None until the first save.
    pub stored: Option<ReportView>,
    /// Figures drafted from the class's records now (or as submitted).
    pub figures: ReportFigures,
    pub narrative: Narrative,
    pub due_on: Option<chrono::NaiveDate>,
    /// Whether submitting today would be late.
    pub late_if_submitted_today: bool,
}

impl From<app_reports::ReportPage> for ReportPage {
    fn from(r: app_reports::ReportPage) -> Self {
        Self {
            stored: r.stored.map(Into::into),
            figures: r.figures.into(),
            narrative: r.narrative,
            due_on: r.due_on,
            late_if_submitted_today: r.late_if_submitted_today,
        }
    }
}

/// The figures of a performance report, drafted by the system; kept as submitted.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportFigures {
    pub class: ClassFigures,
    pub enrolment: EnrolmentFigures,
    pub arrival: ArrivalFigures,
    pub teaching: TeachingFigures,
}

impl From<app_reports::ReportFigures> for ReportFigures {
    fn from(r: app_reports::ReportFigures) -> Self {
        Self {
            class: r.class,
            enrolment: r.enrolment,
            arrival: r.arrival.into(),
            teaching: r.teaching,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArrivalFigures {
    pub expected: u32,
    pub arrived: u32,
    /// A percentage with one decimal ("95.0%"), or "—" when nobody was expected.
    pub rate: String,
    pub by_unit: Vec<UnitArrival>,
}

impl From<app_reports::ArrivalFigures> for ArrivalFigures {
    fn from(r: app_reports::ArrivalFigures) -> Self {
        Self {
            expected: r.expected,
            arrived: r.arrived,
            rate: r.rate,
            by_unit: r.by_unit.into_iter().map(Into::into).collect(),
        }
    }
}

/// What a saved report keeps: the figures as of its last save and the parts people wrote.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportBody {
    pub figures: ReportFigures,
    pub narrative: Narrative,
}

impl From<app_reports::ReportBody> for ReportBody {
    fn from(b: app_reports::ReportBody) -> Self {
        Self {
            figures: b.figures.into(),
            narrative: b.narrative,
        }
    }
}
