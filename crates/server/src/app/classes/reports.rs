//! The performance report (培训绩效报告, R-CLS-5): drafted from the class's own records, edited
//! by the institution, submitted to the authority; due dates from the class settings, late ones
//! flagged and overdue ones listed for the authority.

use super::{load, visibility};
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::ClassId;
use ganxun_domain::ClassState;
use ganxun_domain::Permission;
use ganxun_domain::classes::{EnrolmentStatus, ReportState};
use ganxun_storage::classes::enrolment::{self, UnitArrival};
use ganxun_storage::classes::reports::{self, OverdueReport, ReportView};
use ganxun_storage::classes::{ClassRecord, ClassVisibility, teaching};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The parts of the report people write; the figures are drafted by the system.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Narrative {
    /// 培训基本情况
    #[serde(default)]
    pub summary: String,
    /// 培训成效
    #[serde(default)]
    pub effects: String,
    /// 存在问题
    #[serde(default)]
    pub problems: String,
    /// 意见建议
    #[serde(default)]
    pub suggestions: String,
}

/// The report as the editor shows it: the stored one, or a fresh draft.
#[derive(Debug, Clone, Serialize)]
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

/// What a saved report keeps: the figures as of its last save and the parts people wrote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportBody {
    pub figures: ReportFigures,
    pub narrative: Narrative,
}

impl ReportBody {
    /// Reads a stored body; `None` when it cannot be read.
    pub fn read(stored: &serde_json::Value) -> Option<Self> {
        serde_json::from_value(stored.clone()).ok()
    }

    /// The document to store.
    fn document(&self) -> serde_json::Value {
        // Text, numbers and dates only: turning them into JSON cannot fail.
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// The figures of a performance report, drafted by the system; kept as submitted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportFigures {
    pub class: ClassFigures,
    pub enrolment: EnrolmentFigures,
    pub arrival: ArrivalFigures,
    pub teaching: TeachingFigures,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClassFigures {
    pub title: String,
    pub organiser: String,
    pub host: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub days: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EnrolmentFigures {
    pub capacity: Option<i32>,
    pub enrolled: u32,
    pub waiting: u32,
    pub removed: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArrivalFigures {
    pub expected: u32,
    pub arrived: u32,
    /// A percentage with one decimal ("95.0%"), or "—" when nobody was expected.
    pub rate: String,
    pub by_unit: Vec<UnitArrival>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TeachingFigures {
    pub sessions: u32,
    /// Class hours of the teaching plan, in hundredths.
    pub class_hours: i64,
    pub instructors: Vec<String>,
}

fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "—".to_owned();
    }
    format!("{:.1}%", f64::from(part) * 100.0 / f64::from(whole))
}

/// The figures of the report, from enrolment, arrival and the teaching plan. Attendance, grades,
/// evaluation and spending join when their modules record them (issues 5, 6, 8, 10).
async fn figures(app: &App, class: &ClassRecord) -> AppResult<ReportFigures> {
    let rows = enrolment::list(&app.db, &ClassVisibility::everything(), class.id).await?;
    let count = |status: EnrolmentStatus| {
        u32::try_from(rows.iter().filter(|r| r.status == status).count()).unwrap_or(0)
    };
    let units =
        enrolment::arrival_by_unit(&app.db, &ClassVisibility::everything(), class.id).await?;
    let (expected, arrived) = units
        .iter()
        .fold((0, 0), |(e, a), u| (e + u.enrolled, a + u.arrived));
    let sessions = teaching::sessions(&app.db, &ClassVisibility::everything(), class.id).await?;
    let mut instructors: Vec<&str> = sessions
        .iter()
        .map(|s| s.instructor_name.as_str())
        .filter(|n| !n.is_empty())
        .collect();
    instructors.sort_unstable();
    instructors.dedup();
    Ok(ReportFigures {
        class: ClassFigures {
            title: class.title.clone(),
            organiser: class.organiser_name.clone(),
            host: class.host_name.clone(),
            starts_on: class.starts_on,
            ends_on: class.ends_on,
            days: (class.ends_on - class.starts_on).num_days() + 1,
        },
        enrolment: EnrolmentFigures {
            capacity: class.capacity,
            enrolled: count(EnrolmentStatus::Enrolled),
            waiting: count(EnrolmentStatus::Waiting),
            removed: count(EnrolmentStatus::Removed),
        },
        arrival: ArrivalFigures {
            expected,
            arrived,
            rate: percent(arrived, expected),
            by_unit: units,
        },
        teaching: TeachingFigures {
            sessions: u32::try_from(sessions.len()).unwrap_or(u32::MAX),
            class_hours: class.total_hours,
            instructors: instructors.into_iter().map(str::to_owned).collect(),
        },
    })
}

fn default_narrative(class: &ClassRecord, figures: &ReportFigures) -> Narrative {
    let enrolled = figures.enrolment.enrolled;
    let rate = &figures.arrival.rate;
    Narrative {
        summary: format!(
            "{}于 {} 至 {} 在{}举办“{}”，计划 {} 学时，报名 {} 人，到位率 {}。",
            class.organiser_name,
            class.starts_on,
            class.ends_on,
            class.host_name,
            class.title,
            class.total_hours as f64 / 100.0,
            enrolled,
            rate
        ),
        ..Narrative::default()
    }
}

/// The report page: the stored report or a fresh draft, with figures as of now.
pub async fn get(app: &App, principal: &Principal, class_id: ClassId) -> AppResult<ReportPage> {
    let class = load(app, principal, Permission::ClassRead, class_id).await?;
    let v = visibility(app, principal, Permission::ClassRead).await?;
    let stored = reports::get_report(&app.db, &v, class_id).await?;
    let body = stored
        .as_ref()
        .and_then(|report| ReportBody::read(&report.body));
    // A submitted report keeps the figures it was submitted with.
    let submitted = stored
        .as_ref()
        .filter(|report| report.state == ReportState::Submitted)
        .and_then(|_| body.as_ref().map(|b| b.figures.clone()));
    let figures = match submitted {
        Some(kept) => kept,
        None => figures(app, &class).await?,
    };
    let narrative = body
        .map(|b| b.narrative)
        .unwrap_or_else(|| default_narrative(&class, &figures));
    let today = app.today();
    Ok(ReportPage {
        due_on: class.report_due_on,
        late_if_submitted_today: class.report_due_on.is_some_and(|due| today > due),
        stored,
        figures,
        narrative,
    })
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ReportInput {
    pub narrative: Narrative,
    /// The report version read; absent for the first save.
    pub version: Option<i32>,
}

const MAX_SECTION_CHARS: usize = 5000;

/// Saves the draft (figures refreshed at each save).
pub async fn save(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    input: &ReportInput,
) -> AppResult<ReportPage> {
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    if class.state != ClassState::Ended {
        return Err(AppError::rule(
            "CLASS_NOT_ENDED",
            "培训结束后才能编写绩效报告",
        ));
    }
    let n = &input.narrative;
    for (field, text) in [
        ("summary", &n.summary),
        ("effects", &n.effects),
        ("problems", &n.problems),
        ("suggestions", &n.suggestions),
    ] {
        if text.chars().count() > MAX_SECTION_CHARS {
            return Err(AppError::field(
                field,
                "TOO_LONG",
                format!("每部分不超过 {MAX_SECTION_CHARS} 字"),
            ));
        }
    }
    let body = ReportBody {
        figures: figures(app, &class).await?,
        narrative: n.clone(),
    }
    .document();
    reports::save_draft(
        &app.db,
        &principal.actor(),
        app.now(),
        class_id,
        class.report_due_on,
        input.version,
        body,
    )
    .await?;
    get(app, principal, class_id).await
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SubmitReportInput {
    pub version: i32,
}

/// Submits the saved report; the class becomes `reported`. Late submissions are accepted and
/// flagged.
pub async fn submit(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    input: &SubmitReportInput,
) -> AppResult<ReportPage> {
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    if class.state != ClassState::Ended {
        return Err(AppError::rule(
            "CLASS_NOT_ENDED",
            "培训结束后才能报送绩效报告",
        ));
    }
    let late = class.report_due_on.is_some_and(|due| app.today() > due);
    reports::submit(
        &app.db,
        &principal.actor(),
        app.now(),
        class_id,
        input.version,
        late,
    )
    .await?;
    get(app, principal, class_id).await
}

/// Reports past due in the caller's reach, for the authority's follow-up.
pub async fn overdue(app: &App, principal: &Principal) -> AppResult<Vec<OverdueReport>> {
    let v = visibility(app, principal, Permission::ClassRead).await?;
    Ok(reports::overdue(&app.db, &v, app.today()).await?)
}
