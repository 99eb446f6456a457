//! The deployment's settings for plans and classes, kept as a document the training authority
//! edits (R-REG-10, R-CLS-5): when annual plans are due, and which classes owe a performance
//! report within how many days of their end.
//!
//! ```toml
//! plan_due = "03-31"          # 年度培训计划报送截止日（月-日）
//! report_due_days = 5         # 绩效报告须在结束后几日内报送
//! report_due_for = ["section_leader", "county_leader"]
//! ```

use crate::people::person::Category;
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Built-in settings: plans by 31 March (R-REG-10), reports within 5 days for classes of
/// section-level and higher leaders (seed 000 item 8).
pub const DEFAULT_CLASS_SETTINGS_TOML: &str = "\
# 年度培训计划报送截止日（月-日，如 03-31）
plan_due = \"03-31\"
# 科级及以上领导干部班次结束后几日内报送培训绩效报告（县委《关于加强干部教育培训工作的意见》第八条）
report_due_days = 5
report_due_for = [\"section_leader\", \"county_leader\"]
";

/// The settings document as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassSettings {
    /// Month and day ("MM-DD") by which a unit's plan for the year is due.
    pub plan_due: String,
    /// Days after a class ends by which its performance report is due.
    pub report_due_days: u32,
    /// A class owes a report by that day when its trainees include any of these categories.
    #[serde(default)]
    pub report_due_for: Vec<Category>,
}

/// Why a settings document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClassSettingsError {
    #[error("设置格式错误：{0}")]
    Syntax(String),
    #[error("计划截止日“{0}”不是有效的“月-日”，例如 03-31")]
    PlanDue(String),
    #[error("绩效报告期限须在 1 至 60 天之间，实为 {0} 天")]
    ReportDays(u32),
}

impl ClassSettingsError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ClassSettingsError::Syntax(_) => "SETTINGS_SYNTAX",
            ClassSettingsError::PlanDue(_) => "SETTINGS_PLAN_DUE",
            ClassSettingsError::ReportDays(_) => "SETTINGS_REPORT_DAYS",
        }
    }
}

impl Default for ClassSettings {
    fn default() -> Self {
        Self {
            plan_due: "03-31".to_owned(),
            report_due_days: 5,
            report_due_for: vec![Category::SectionLeader, Category::CountyLeader],
        }
    }
}

fn month_day(text: &str) -> Option<(u32, u32)> {
    let (month, day) = text.trim().split_once('-')?;
    let (month, day) = (month.parse().ok()?, day.parse().ok()?);
    // 2024 is a leap year, so 02-29 is accepted; in other years it means 28 February.
    NaiveDate::from_ymd_opt(2024, month, day).map(|_| (month, day))
}

impl ClassSettings {
    /// Parses and checks a TOML document.
    pub fn from_toml(text: &str) -> Result<Self, ClassSettingsError> {
        let settings: ClassSettings =
            crate::document::from_toml(text).map_err(ClassSettingsError::Syntax)?;
        settings.validate()?;
        Ok(settings)
    }

    pub fn validate(&self) -> Result<(), ClassSettingsError> {
        if month_day(&self.plan_due).is_none() {
            return Err(ClassSettingsError::PlanDue(self.plan_due.clone()));
        }
        if !(1..=60).contains(&self.report_due_days) {
            return Err(ClassSettingsError::ReportDays(self.report_due_days));
        }
        Ok(())
    }

    /// The last day a unit's plan for `year` may be submitted on time.
    pub fn plan_due_on(&self, year: i32) -> NaiveDate {
        let (month, day) = month_day(&self.plan_due).unwrap_or((3, 31));
        NaiveDate::from_ymd_opt(year, month, day)
            .or_else(|| NaiveDate::from_ymd_opt(year, month, day - 1))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The day a class's performance report is due, or None when the class owes no dated
    /// report (its trainees include none of the listed categories).
    pub fn report_due_on(&self, ends_on: NaiveDate, trainees: &[Category]) -> Option<NaiveDate> {
        trainees
            .iter()
            .any(|c| self.report_due_for.contains(c))
            .then(|| ends_on + Duration::days(i64::from(self.report_due_days)))
    }
}

/// Whether something submitted on `submitted_on` (or not yet, as of `today`) is late against
/// `due_on`: late once the due day has passed.
pub fn is_late(due_on: NaiveDate, submitted_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    submitted_on.unwrap_or(today) > due_on
}

/// The year a date falls in, for plan deadlines.
pub fn year_of(date: NaiveDate) -> i32 {
    date.year()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_built_in_document_is_the_default() {
        assert_eq!(
            ClassSettings::from_toml(DEFAULT_CLASS_SETTINGS_TOML).unwrap(),
            ClassSettings::default()
        );
    }

    #[test]
    fn a_report_for_section_leaders_is_due_five_days_after_the_end() {
        let settings = ClassSettings::default();
        let due = settings.report_due_on(date(2026, 3, 6), &[Category::SectionLeader]);
        assert_eq!(due, Some(date(2026, 3, 11)));
        assert_eq!(
            settings.report_due_on(date(2026, 3, 6), &[Category::Teacher]),
            None,
            "teachers' classes owe no dated report"
        );
        let due = date(2026, 3, 11);
        assert!(
            !is_late(due, Some(due), date(2026, 4, 1)),
            "on the due day is on time"
        );
        assert!(is_late(due, Some(date(2026, 3, 12)), date(2026, 4, 1)));
        assert!(!is_late(due, None, date(2026, 3, 11)), "not yet due");
        assert!(
            is_late(due, None, date(2026, 3, 12)),
            "overdue while unsubmitted"
        );
    }

    #[test]
    fn the_plan_due_date_follows_the_setting() {
        let settings = ClassSettings::default();
        assert_eq!(settings.plan_due_on(2027), date(2027, 3, 31));
        let leap = ClassSettings {
            plan_due: "02-29".into(),
            ..ClassSettings::default()
        };
        assert_eq!(leap.plan_due_on(2027), date(2027, 2, 28));
        assert_eq!(leap.plan_due_on(2028), date(2028, 2, 29));
    }

    #[test]
    fn bad_settings_are_refused_with_the_line_or_the_value() {
        let error =
            ClassSettings::from_toml("plan_due = \"13-01\"\nreport_due_days = 5\n").unwrap_err();
        assert_eq!(error.code(), "SETTINGS_PLAN_DUE");
        let error =
            ClassSettings::from_toml("plan_due = \"03-31\"\nreport_due_days = 0\n").unwrap_err();
        assert_eq!(error.code(), "SETTINGS_REPORT_DAYS");
        let error =
            ClassSettings::from_toml("plan_due = \"03-31\"\nreport_days = 5\n").unwrap_err();
        assert!(error.to_string().contains("第 2 行"), "{error}");
    }
}
