//! The rule documents classes are judged by (routing, holiday calendar, hour conversion, class
//! settings): the newest saved version of each, or the built-in one when none was saved. The
//! training authority edits them as TOML; a save is validated first, with the line of any error.

use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::attendance::AttendanceSettings;
use ganxun_domain::classes::{ClassSettings, RoutingRules};
use ganxun_domain::{HolidayCalendar, HourConversion, Permission};
use ganxun_storage::rules::{self, DocumentVersion};
use serde::Serialize;
use utoipa::ToSchema;

pub use crate::app::rules::{DEFAULT_CALENDAR_TOML, DEFAULT_CONVERSION_TOML, KINDS};

/// Everything a class decision reads.
#[derive(Debug, Clone)]
pub struct ClassRules {
    pub routing: RoutingRules,
    pub calendar: HolidayCalendar,
    pub conversion: HourConversion,
    pub settings: ClassSettings,
}

fn check(kind: &str, text: &str) -> Result<(), (&'static str, String)> {
    match kind {
        "class_routing" => RoutingRules::from_toml(text)
            .map(|_| ())
            .map_err(|e| (e.code(), e.to_string())),
        "holiday_calendar" => HolidayCalendar::from_toml(text)
            .map(|_| ())
            .map_err(|e| (e.code(), e.to_string())),
        "hour_conversion" => HourConversion::from_toml(text)
            .map(|_| ())
            .map_err(|e| (e.code(), e.to_string())),
        "class_settings" => ClassSettings::from_toml(text)
            .map(|_| ())
            .map_err(|e| (e.code(), e.to_string())),
        "attendance_settings" => AttendanceSettings::from_toml(text)
            .map(|_| ())
            .map_err(|e| (e.code(), e.to_string())),
        "credit_rules" | "school_credit_rules" => {
            ganxun_domain::credits::CreditRuleSet::from_toml(text)
                .map(|_| ())
                .map_err(|e| (e.code(), e.to_string()))
        }
        // ADR 0009: the set in force on a day is the newest saved version applying by then.
        "compliance_national" | "compliance_county" | "compliance_org_cadres" => {
            ganxun_domain::compliance::ComplianceRuleSet::from_toml(text)
                .map(|_| ())
                .map_err(|e| (e.code(), e.to_string()))
        }
        _ => Err(("UNKNOWN_RULES", format!("没有名为“{kind}”的规则"))),
    }
}

async fn text_of(app: &App, kind: &str) -> AppResult<String> {
    if let Some(saved) = rules::latest(&app.db, kind).await? {
        return Ok(saved.body);
    }
    Ok(KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, _, text)| (*text).to_owned())
        .unwrap_or_default())
}

fn broken(kind: &str, message: String) -> AppError {
    // A saved document was validated when saved; failing now means the code changed under it.
    AppError::Internal(anyhow::anyhow!("stored {kind} no longer parses: {message}"))
}

/// The rules in force now.
pub async fn load(app: &App) -> AppResult<ClassRules> {
    let routing = RoutingRules::from_toml(&text_of(app, "class_routing").await?)
        .map_err(|e| broken("class_routing", e.to_string()))?;
    let calendar = HolidayCalendar::from_toml(&text_of(app, "holiday_calendar").await?)
        .map_err(|e| broken("holiday_calendar", e.to_string()))?;
    let conversion = HourConversion::from_toml(&text_of(app, "hour_conversion").await?)
        .map_err(|e| broken("hour_conversion", e.to_string()))?;
    let settings = ClassSettings::from_toml(&text_of(app, "class_settings").await?)
        .map_err(|e| broken("class_settings", e.to_string()))?;
    Ok(ClassRules {
        routing,
        calendar,
        conversion,
        settings,
    })
}

/// The attendance settings in force.
pub async fn attendance_settings(app: &App) -> AppResult<AttendanceSettings> {
    AttendanceSettings::from_toml(&text_of(app, "attendance_settings").await?)
        .map_err(|e| broken("attendance_settings", e.to_string()))
}

/// A document as the editor shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleDocument {
    pub kind: String,
    pub title: String,
    pub body: String,
    /// 0 when the built-in text is in force.
    pub version: i32,
    pub saved_by: Option<String>,
    pub saved_at: Option<chrono::DateTime<chrono::Utc>>,
    pub built_in: String,
}

fn title_of(kind: &str) -> AppResult<(&'static str, &'static str)> {
    KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, title, text)| (*title, *text))
        .ok_or(AppError::NotFound)
}

/// One document as in force now; readable by anyone who reads classes.
pub async fn get(app: &App, principal: &Principal, kind: &str) -> AppResult<RuleDocument> {
    principal.require(Permission::ClassRead)?;
    let (title, built_in) = title_of(kind)?;
    let saved: Option<DocumentVersion> = rules::latest(&app.db, kind).await?;
    Ok(RuleDocument {
        kind: kind.to_owned(),
        title: title.to_owned(),
        body: saved
            .as_ref()
            .map_or_else(|| built_in.to_owned(), |s| s.body.clone()),
        version: saved.as_ref().map_or(0, |s| s.version),
        saved_by: saved.as_ref().map(|s| s.saved_by.clone()),
        saved_at: saved.as_ref().map(|s| s.saved_at),
        built_in: built_in.to_owned(),
    })
}

/// Saves a new version after validating it; only the training authority (who approves classes).
pub async fn save(
    app: &App,
    principal: &Principal,
    kind: &str,
    body: &str,
) -> AppResult<RuleDocument> {
    principal.require(Permission::ClassApprove)?;
    title_of(kind)?;
    check(kind, body).map_err(|(code, message)| AppError::field("body", code, message))?;
    rules::save(&app.db, &principal.actor(), app.now(), kind, body).await?;
    get(app, principal, kind).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_document_passes_its_own_validation() {
        for (kind, _, text) in KINDS {
            assert!(check(kind, text).is_ok(), "{kind}: {:?}", check(kind, text));
        }
        let calendar = HolidayCalendar::from_toml(DEFAULT_CALENDAR_TOML).unwrap();
        let national_day = chrono::NaiveDate::from_ymd_opt(2026, 10, 8).unwrap();
        assert!(!calendar.is_working_day(national_day - chrono::Duration::days(2)));
        assert!(
            calendar.is_working_day(chrono::NaiveDate::from_ymd_opt(2026, 10, 10).unwrap()),
            "调休上班"
        );
    }
}
