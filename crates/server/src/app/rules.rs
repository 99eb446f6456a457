//! Every kind of rule document the authority edits (routing, calendar, hour conversion, class
//! and attendance settings, credit rules, compliance rules), with its title and built-in text.
//! A leaf: the features that read a kind import its name from here, so no feature imports
//! another to find a kind.

use crate::app::{App, AppError, AppResult};
use chrono::NaiveDate;
use ganxun_domain::attendance::DEFAULT_ATTENDANCE_TOML;
use ganxun_domain::classes::DEFAULT_CLASS_SETTINGS_TOML;
use ganxun_domain::classes::approval::DEFAULT_ROUTING_TOML;
use ganxun_storage::rules;

/// The compliance kinds: national regulations, the county's rules (seed 000 built in) and
/// the organisation department's rules for its own cadres (seed 003 built in).
pub const COMPLIANCE_NATIONAL: &str = "compliance_national";
pub const COMPLIANCE_COUNTY: &str = "compliance_county";
pub const COMPLIANCE_ORG_CADRES: &str = "compliance_org_cadres";

/// The built-in holiday calendar: the State Council's arrangement for 2026. The authority adds
/// each new year when it is published.
pub const DEFAULT_CALENDAR_TOML: &str = include_str!("classes/default_calendar.toml");

/// The built-in hour conversion (R-REG-8 defaults).
pub const DEFAULT_CONVERSION_TOML: &str = "\
# 学时折算（R-REG-8）：每天学时、每半天学时、每学时分钟数
hours_per_day = 6
hours_per_half_day = 3
minutes_per_class_hour = 60

# 网络课程按时长分档：30 分钟及以上 1 学时，15 至 30 分钟 0.5 学时，15 分钟以下 0.25 学时；
# 通过课程测验另加 0.5 学时。
[online]
long_from_minutes = 30
long = 1
medium_from_minutes = 15
medium = \"0.5\"
short = \"0.25\"
quiz_bonus = \"0.5\"
";

/// The kinds of document and their built-in text.
pub const KINDS: &[(&str, &str, &str)] = &[
    ("class_routing", "班次审批路由", DEFAULT_ROUTING_TOML),
    ("holiday_calendar", "节假日日历", DEFAULT_CALENDAR_TOML),
    ("hour_conversion", "学时折算", DEFAULT_CONVERSION_TOML),
    (
        "class_settings",
        "计划与绩效报告期限",
        DEFAULT_CLASS_SETTINGS_TOML,
    ),
    ("attendance_settings", "考勤与请假", DEFAULT_ATTENDANCE_TOML),
    ("credit_rules", "学分规则", ganxun_domain::credits::SEED_004),
    (
        "school_credit_rules",
        "校本培训积分规则",
        ganxun_domain::credits::SEED_001,
    ),
    (
        COMPLIANCE_NATIONAL,
        "培训达标规则（全国）",
        ganxun_domain::compliance::NATIONAL,
    ),
    (
        COMPLIANCE_COUNTY,
        "培训达标规则（本县）",
        ganxun_domain::compliance::SEED_000,
    ),
    (
        COMPLIANCE_ORG_CADRES,
        "培训达标规则（组工干部）",
        ganxun_domain::compliance::SEED_003,
    ),
];

/// The title and built-in text of a kind; `NotFound` for a kind nobody registered.
pub fn kind(kind: &str) -> AppResult<(&'static str, &'static str)> {
    KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, title, text)| (*title, *text))
        .ok_or(AppError::NotFound)
}

/// A version of a rule document found in force on a date.
#[derive(Debug, Clone)]
pub struct InForce<T> {
    pub rules: T,
    /// The stored version's id; none for the built-in text.
    pub document_id: Option<i64>,
    /// 0 for the built-in text.
    pub version: i32,
}

/// The version of `kind` in force on `date`: the newest saved version that applies from that
/// day or before (each kind says from when in its own text), else the built-in text (version
/// 0). The one way every feature answers "which rules held then" (ADR 0008, ADR 0009).
pub async fn in_force_on<T>(
    app: &App,
    kind_name: &str,
    date: NaiveDate,
    parse: impl Fn(&str) -> Result<T, String>,
    applies_from: impl Fn(&T) -> NaiveDate,
) -> AppResult<InForce<T>> {
    let (_, built_in) = kind(kind_name)?;
    for saved in rules::history(&app.db, kind_name).await? {
        let rules = parse(&saved.body).map_err(|e| {
            AppError::Internal(anyhow::anyhow!(
                "stored {kind_name} v{}: {e}",
                saved.version
            ))
        })?;
        if applies_from(&rules) <= date {
            return Ok(InForce {
                rules,
                document_id: Some(saved.id),
                version: saved.version,
            });
        }
    }
    let rules = parse(built_in)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("built-in {kind_name}: {e}")))?;
    Ok(InForce {
        rules,
        document_id: None,
        version: 0,
    })
}
