//! The performance report (培训绩效报告, R-CLS-5): drafted from the class's own records, edited
//! by the institution, submitted to the authority; due dates from the class settings, late ones
//! flagged and overdue ones listed for the authority.

use super::{load, visibility};
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::Permission;
use ganxun_storage::classes::enrolment::{self, ENROLLED, REMOVED, WAITING};
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
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportPage {
    /// None until the first save.
    pub stored: Option<ReportView>,
    /// Figures drafted from the class's records now.
    #[schema(value_type = Object)]
    pub figures: serde_json::Value,
    pub narrative: Narrative,
    pub due_on: Option<chrono::NaiveDate>,
    /// Whether submitting today would be late.
    pub late_if_submitted_today: bool,
}

fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "—".to_owned();
    }
    format!("{:.1}%", f64::from(part) * 100.0 / f64::from(whole))
}

/// The figures of the report, from enrolment, arrival and the teaching plan. Attendance, grades,
/// evaluation and spending join when their modules record them (issues 5, 6, 8, 10).
async fn figures(app: &App, class: &ClassRecord) -> AppResult<serde_json::Value> {
    let rows = enrolment::list(&app.db, &ClassVisibility::everything(), class.id).await?;
    let count = |status: &str| {
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
    Ok(serde_json::json!({
        "class": {
            "title": class.title,
            "organiser": class.organiser_name,
            "host": class.host_name,
            "starts_on": class.starts_on,
            "ends_on": class.ends_on,
            "days": (class.ends_on - class.starts_on).num_days() + 1,
        },
        "enrolment": {
            "capacity": class.capacity,
            "enrolled": count(ENROLLED),
            "waiting": count(WAITING),
            "removed": count(REMOVED),
        },
        "arrival": {
            "expected": expected,
            "arrived": arrived,
            "rate": percent(arrived, expected),
            "by_unit": units,
        },
        "teaching": {
            "sessions": sessions.len(),
            "class_hours": class.total_hours,
            "instructors": instructors,
        },
        "attendance": serde_json::Value::Null,
        "grades": serde_json::Value::Null,
        "evaluation": serde_json::Value::Null,
        "spending": serde_json::Value::Null,
    }))
}

fn default_narrative(class: &ClassRecord, figures: &serde_json::Value) -> Narrative {
    let enrolled = figures["enrolment"]["enrolled"].as_u64().unwrap_or(0);
    let rate = figures["arrival"]["rate"].as_str().unwrap_or("—");
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
pub async fn get(app: &App, principal: &Principal, class_id: i64) -> AppResult<ReportPage> {
    let class = load(app, principal, Permission::ClassRead, class_id).await?;
    let v = visibility(app, principal, Permission::ClassRead).await?;
    let stored = reports::get_report(&app.db, &v, class_id).await?;
    let figures = match &stored {
        Some(report) if report.state == "submitted" => report.body["figures"].clone(),
        _ => figures(app, &class).await?,
    };
    let narrative = stored
        .as_ref()
        .and_then(|r| serde_json::from_value(r.body["narrative"].clone()).ok())
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
    class_id: i64,
    input: &ReportInput,
) -> AppResult<ReportPage> {
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    if class.state != "ended" {
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
    let body = serde_json::json!({ "figures": figures(app, &class).await?, "narrative": n });
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
    class_id: i64,
    input: &SubmitReportInput,
) -> AppResult<ReportPage> {
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    if class.state != "ended" {
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
