//! A compliance rule set (培训达标规则, R-CMP-5): a versioned TOML document with the date it
//! applies from, saying which people each rule binds (by rank, category or central-group seat
//! held at the time), the window, the training that counts and the amount. Three kinds of rule:
//!
//! - `[[requirements]]`: what a person must do in every window (R-REG-1, R-REG-3, R-REG-4,
//!   R-CMP-1, R-CMP-2, R-CMP-3);
//! - `[[promotions]]`: what must be done before a promotion to a post, and the make-up period
//!   when someone is promoted anyway (R-REG-2, R-CMP-1, R-CMP-4);
//! - `[[coverage]]`: a unit-level share of people trained per window (R-CMP-3: one fifth a year).
//!
//! Semantic errors name the line of the rule (or field) at fault, like syntax errors do.

use super::amount::Days;
use super::facts::{CertificateKind, Institution, Post, TrainingKind};
use super::window::WindowSpec;
use crate::ClassHours;
use crate::people::person::{Category, Rank};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The built-in national rules (SPEC §13: R-REG-1…4, R-REG-7).
pub const NATIONAL: &str = include_str!("national.toml");
/// The built-in county rules of seed 000 (R-CMP-1, R-CMP-2, R-CMP-4).
pub const SEED_000: &str = include_str!("seed_000.toml");
/// The built-in organisation-department rules of seed 003 (R-CMP-3).
pub const SEED_003: &str = include_str!("seed_003.toml");

fn yes() -> bool {
    true
}

/// How figures a record lacks are filled, and what a month is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Conversion {
    /// Fills the missing figure of a record that has only days or only hours (R-REG-8: 6 or 8
    /// a day by place; seed 004: 6). A record with both keeps both as recorded: the national
    /// figures are not one ratio (550 h ≈ 3 months, 90 h = 12 days × 7.5).
    pub hours_per_day: ClassHours,
    /// Days in a month, for amounts written in months ("3 个月" = 90 days) and for the one-month
    /// personal-file threshold. No regulation defines it (REGULATIONS CT-01 open point).
    pub days_per_month: u32,
}

impl Default for Conversion {
    fn default() -> Self {
        Self {
            hours_per_day: ClassHours::whole(6),
            days_per_month: 30,
        }
    }
}

/// Whom a rule binds, on a given day. A person is bound when any one condition holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    /// Every cadre in the register (R-REG-4: "各类别干部").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub everyone: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranks_any: Vec<Rank>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories_any: Vec<Category>,
    /// Members of a party committee's central group (R-CMP-2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub central_group: bool,
}

impl Binding {
    fn binds_nobody(&self) -> bool {
        !self.everyone
            && self.ranks_any.is_empty()
            && self.categories_any.is_empty()
            && !self.central_group
    }
}

/// Which posts a promotion rule is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostBinding {
    /// Only party or government leading posts (党政领导职务).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub leading_only: bool,
    /// Only posts of these ranks; absent for every rank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranks_any: Option<Vec<Rank>>,
}

impl PostBinding {
    pub fn matches(&self, post: &Post) -> bool {
        (!self.leading_only || post.leading)
            && self
                .ranks_any
                .as_ref()
                .is_none_or(|ranks| ranks.contains(&post.rank))
    }
}

/// What privately arranged training (社会化培训) is worth to a rule (R-REG-7).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivateTraining {
    /// Counts when the authority has recognised it (Art. 14 counts 选调 or 认可 training only).
    #[default]
    IfRecognised,
    /// Never counts.
    Never,
}

/// Which records count towards a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counting {
    /// The record must carry at least one of these kinds; absent for any kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds_any: Option<Vec<TrainingKind>>,
    /// Records carrying any of these never count (R-REG-4: online hours are their own bucket).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds_none: Vec<TrainingKind>,
    /// The record must be held at one of these institutions; absent for anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institutions_any: Option<Vec<Institution>>,
    /// Only training the authority recognises counts (default; R-REG-1/3: 选调 or 认可).
    #[serde(default = "yes")]
    pub recognised_only: bool,
    #[serde(default)]
    pub private: PrivateTraining,
}

impl Default for Counting {
    fn default() -> Self {
        Self {
            kinds_any: None,
            kinds_none: Vec::new(),
            institutions_any: None,
            recognised_only: true,
            private: PrivateTraining::IfRecognised,
        }
    }
}

/// How much is required, as the document writes it: days and/or hours ("days **or** hours"
/// when both are given), or a number of times, or a certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Days>,
    /// Months, converted with `conversion.days_per_month` ("3 个月" = 90 days by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<ClassHours>,
    /// A number of counting records ("进修一次" = 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// A certificate issued within the window (promotion rules only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateKind>,
}

/// An amount after conversion: what the evaluator compares against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Met when any given figure is reached: days, hours, or either.
    Time {
        days: Option<Days>,
        hours: Option<ClassHours>,
    },
    Times(u32),
    Certificate(CertificateKind),
}

impl Amount {
    /// The amount in days, hours, times or a certificate; `None` if the shape is invalid (the
    /// validator refuses those documents).
    pub fn required(&self, conversion: &Conversion) -> Option<Required> {
        let days = match (self.days, self.months) {
            (Some(_), Some(_)) => return None,
            (Some(days), None) => Some(days),
            (None, Some(months)) => Some(Days::whole(
                months.saturating_mul(conversion.days_per_month),
            )),
            (None, None) => None,
        };
        let nonzero_days = days.is_none_or(|d| d > Days::ZERO);
        let nonzero_hours = self.hours.is_none_or(|h| h > ClassHours::ZERO);
        match (days, self.hours, self.times, self.certificate) {
            (None, None, Some(times), None) if times > 0 => Some(Required::Times(times)),
            (None, None, None, Some(kind)) => Some(Required::Certificate(kind)),
            (d, h, None, None) if (d.is_some() || h.is_some()) && nonzero_days && nonzero_hours => {
                Some(Required::Time { days: d, hours: h })
            }
            _ => None,
        }
    }
}

/// A periodic requirement on a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Stable within the set (lower-case letters, digits and `_`): results and stored reviews
    /// refer to it.
    pub id: String,
    pub name: String,
    /// The clause it comes from, shown with every result.
    pub source: String,
    pub binds: Binding,
    pub window: WindowSpec,
    #[serde(default)]
    pub counts: Counting,
    pub amount: Amount,
}

/// What must be done before a promotion to a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromotionRule {
    pub id: String,
    pub name: String,
    pub source: String,
    /// The posts it is about.
    #[serde(default)]
    pub to: PostBinding,
    /// Records before the promotion that count: `rolling` (the N years up to the day) or `ever`.
    #[serde(default = "ever")]
    pub window: WindowSpec,
    #[serde(default)]
    pub counts: Counting,
    /// What must have been done; absent when the rule only asks for `requirements_met`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Requirements of this set that must be met on the promotion day, where they bind the
    /// person (seed 000 item 11: "未按第3条规定参加培训的…一般不予考察提拔").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements_met: Vec<String>,
    /// Someone promoted with a deficit must make it up within this many years (R-REG-2: 1);
    /// absent when the rule allows no make-up ("必须").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make_up_years: Option<u32>,
}

fn ever() -> WindowSpec {
    WindowSpec::Ever
}

/// A unit-level target: at least `share` of the people bound are trained in each window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageRule {
    pub id: String,
    pub name: String,
    pub source: String,
    pub binds: Binding,
    pub window: WindowSpec,
    /// A person is trained when at least one record counts.
    #[serde(default)]
    pub counts: Counting,
    /// "1/5"; "以上" includes the share itself.
    pub share: String,
}

/// A whole rule set as its document reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplianceRuleSet {
    pub name: String,
    /// Evaluations on or after this day use this set (storage picks the newest in force).
    pub applies_from: NaiveDate,
    /// A fixed window not yet met is "at risk" when it closes within this many days.
    #[serde(default = "default_at_risk_days")]
    pub at_risk_days: u32,
    #[serde(default)]
    pub conversion: Conversion,
    #[serde(default)]
    pub requirements: Vec<Requirement>,
    #[serde(default)]
    pub promotions: Vec<PromotionRule>,
    #[serde(default)]
    pub coverage: Vec<CoverageRule>,
}

fn default_at_risk_days() -> u32 {
    90
}

/// What is wrong with a rule set; [`ComplianceRulesError::Invalid`] adds the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("规则集名称（name）不能为空")]
    NoName,
    #[error("规则集至少要有一条规则（requirements、promotions 或 coverage）")]
    Empty,
    #[error("规则编号“{0}”无效：须由小写字母、数字和下划线组成，且不超过 40 个字符")]
    BadId(String),
    #[error("规则编号“{0}”重复，请为每条规则起不同的编号")]
    DuplicateId(String),
    #[error("规则“{0}”缺少名称（name）或出处（source）")]
    Unnamed(String),
    #[error(
        "规则“{0}”不约束任何人：请在 binds 中填写 everyone、ranks_any、categories_any 或 central_group"
    )]
    BindsNobody(String),
    #[error("规则“{rule}”的要求量无效：{why}")]
    Amount { rule: String, why: &'static str },
    #[error("规则“{rule}”的统计期间无效：{why}")]
    Window { rule: String, why: &'static str },
    #[error("规则“{rule}”的条件“{list}”是空列表，永远不会满足；请删除该条件或至少填写一项")]
    EmptyList { rule: String, list: &'static str },
    #[error("规则“{rule}”的比例“{share}”无效，请写成如 1/5 的分数（分子大于 0 且不大于分母）")]
    Share { rule: String, share: String },
    #[error("规则“{rule}”的补训期限须为 1 至 5 年，实为 {years} 年")]
    MakeUp { rule: String, years: u32 },
    #[error("规则“{rule}”引用的要求“{missing}”不在本规则集中")]
    UnknownRequirement { rule: String, missing: String },
    #[error("每天学时（hours_per_day）须在 1 至 12 之间，实为 {0}")]
    HoursPerDay(ClassHours),
    #[error("每月天数（days_per_month）须在 28 至 31 之间，实为 {0}")]
    DaysPerMonth(u32),
    #[error("临近期限提醒天数（at_risk_days）须在 0 至 366 之间，实为 {0}")]
    AtRiskDays(u32),
}

impl Problem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::NoName => "COMPLIANCE_RULES_NO_NAME",
            Problem::Empty => "COMPLIANCE_RULES_EMPTY",
            Problem::BadId(_) => "COMPLIANCE_RULES_BAD_ID",
            Problem::DuplicateId(_) => "COMPLIANCE_RULES_DUPLICATE_ID",
            Problem::Unnamed(_) => "COMPLIANCE_RULES_UNNAMED",
            Problem::BindsNobody(_) => "COMPLIANCE_RULES_BINDS_NOBODY",
            Problem::Amount { .. } => "COMPLIANCE_RULES_AMOUNT",
            Problem::Window { .. } => "COMPLIANCE_RULES_WINDOW",
            Problem::EmptyList { .. } => "COMPLIANCE_RULES_EMPTY_LIST",
            Problem::Share { .. } => "COMPLIANCE_RULES_SHARE",
            Problem::MakeUp { .. } => "COMPLIANCE_RULES_MAKE_UP",
            Problem::UnknownRequirement { .. } => "COMPLIANCE_RULES_UNKNOWN_REQUIREMENT",
            Problem::HoursPerDay(_) | Problem::DaysPerMonth(_) => "COMPLIANCE_RULES_CONVERSION",
            Problem::AtRiskDays(_) => "COMPLIANCE_RULES_AT_RISK_DAYS",
        }
    }
}

/// Why a rule set was refused; shown to the training authority when saving.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComplianceRulesError {
    /// Unreadable TOML or a value of the wrong type; the message names the line.
    #[error("合规规则格式错误：{0}")]
    Syntax(String),
    /// A readable document that says something impossible. `line` is 1-based, when the text
    /// is known (documents checked with [`ComplianceRuleSet::validate`] alone have none).
    #[error("{}{problem}", line.map(|l| format!("第 {l} 行：")).unwrap_or_default())]
    Invalid {
        line: Option<usize>,
        problem: Problem,
    },
}

impl ComplianceRulesError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ComplianceRulesError::Syntax(_) => "COMPLIANCE_RULES_SYNTAX",
            ComplianceRulesError::Invalid { problem, .. } => problem.code(),
        }
    }
}

/// Where a problem sits in the document: a top-level key, a `[conversion]` key, or a key of the
/// n-th `[[section]]` table (the table's header when the key is absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Top(&'static str),
    Conversion(&'static str),
    Rule {
        section: &'static str,
        index: usize,
        key: &'static str,
    },
}

/// The 1-based line of `place` in `text`, if it can be found.
fn line_of(text: &str, place: Place) -> Option<usize> {
    let is_key = |line: &str, key: &str| {
        line.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    let lines: Vec<&str> = text.lines().collect();
    let table_end = |from: usize| {
        (from + 1..lines.len())
            .find(|&i| lines[i].trim_start().starts_with('['))
            .unwrap_or(lines.len())
    };
    let key_in = |header: usize, key: &str| {
        (header + 1..table_end(header))
            .find(|&i| is_key(lines[i], key))
            .unwrap_or(header)
    };
    let found = match place {
        Place::Top(key) => (0..table_end(0).min(lines.len()))
            .find(|&i| is_key(lines[i], key))
            .or_else(|| lines.first().map(|_| 0)),
        Place::Conversion(key) => lines
            .iter()
            .position(|l| l.trim() == "[conversion]")
            .map(|h| key_in(h, key)),
        Place::Rule {
            section,
            index,
            key,
        } => {
            let header = format!("[[{section}]]");
            lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.trim() == header)
                .nth(index)
                .map(|(h, _)| key_in(h, key))
        }
    };
    found.map(|i| i + 1)
}

type Checked = Result<(), (Place, Problem)>;

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A rule's id is well formed and unique, and it has a name and a source.
fn check_id<'a>(
    ids: &mut Vec<&'a str>,
    section: &'static str,
    index: usize,
    (id, name, source): (&'a str, &str, &str),
) -> Checked {
    let at = Place::Rule {
        section,
        index,
        key: "id",
    };
    if !valid_id(id) {
        return Err((at, Problem::BadId(id.to_owned())));
    }
    if ids.contains(&id) {
        return Err((at, Problem::DuplicateId(id.to_owned())));
    }
    ids.push(id);
    if name.trim().is_empty() || source.trim().is_empty() {
        return Err((at, Problem::Unnamed(id.to_owned())));
    }
    Ok(())
}

impl CoverageRule {
    /// The share as (numerator, denominator); a checked rule always has one.
    pub fn share_parts(&self) -> (u32, u32) {
        share(&self.share).unwrap_or((1, 1))
    }
}

/// `"1/5"` → (1, 5): numerator above zero and not above the denominator.
pub(crate) fn share(text: &str) -> Option<(u32, u32)> {
    let (n, d) = text.trim().split_once('/')?;
    let (n, d): (u32, u32) = (n.trim().parse().ok()?, d.trim().parse().ok()?);
    (n > 0 && d > 0 && n <= d).then_some((n, d))
}

fn check_counting(at: impl Fn(&'static str) -> Place, rule: &str, counts: &Counting) -> Checked {
    let empty = |list: &'static str| {
        Err((
            at("counts"),
            Problem::EmptyList {
                rule: rule.to_owned(),
                list,
            },
        ))
    };
    if counts.kinds_any.as_ref().is_some_and(Vec::is_empty) {
        return empty("kinds_any");
    }
    if counts.institutions_any.as_ref().is_some_and(Vec::is_empty) {
        return empty("institutions_any");
    }
    Ok(())
}

fn check_window(at: Place, rule: &str, window: WindowSpec, look_back_only: bool) -> Checked {
    let bad = |why| {
        Err((
            at,
            Problem::Window {
                rule: rule.to_owned(),
                why,
            },
        ))
    };
    match window {
        WindowSpec::PlanPeriod { years, first_year } => {
            if look_back_only {
                return bad("提拔前的要求只能用 rolling（近 N 年）或 ever（此前累计）");
            }
            if !(1..=10).contains(&years) {
                return bad("规划期年数须在 1 至 10 之间");
            }
            if !(1949..=2200).contains(&first_year) {
                return bad("规划期起始年份（first_year）须在 1949 至 2200 之间");
            }
        }
        WindowSpec::Rolling { years } if !(1..=10).contains(&years) => {
            return bad("近 N 年的年数须在 1 至 10 之间");
        }
        WindowSpec::Rolling { .. } => {}
        WindowSpec::CalendarYear if look_back_only => {
            return bad("提拔前的要求只能用 rolling（近 N 年）或 ever（此前累计）");
        }
        WindowSpec::CalendarYear => {}
        WindowSpec::Ever if !look_back_only => {
            return bad("ever（此前累计）只能用于提拔前的要求");
        }
        WindowSpec::Ever => {}
    }
    Ok(())
}

fn check_amount(
    at: Place,
    rule: &str,
    amount: &Amount,
    conversion: &Conversion,
    certificate_allowed: bool,
) -> Checked {
    let bad = |why| {
        Err((
            at,
            Problem::Amount {
                rule: rule.to_owned(),
                why,
            },
        ))
    };
    if amount.days.is_some() && amount.months.is_some() {
        return bad("days 与 months 只能填写其一");
    }
    if amount.certificate.is_some() && !certificate_allowed {
        return bad("证书要求只能用于提拔前的要求");
    }
    if amount.required(conversion).is_none() {
        return bad(
            "须填写大于 0 的 days（或 months）、hours 或二者（任一达到即可），或单独填写 times，或单独填写 certificate",
        );
    }
    Ok(())
}

impl ComplianceRuleSet {
    /// Parses and checks a document; every error names its line.
    pub fn from_toml(text: &str) -> Result<Self, ComplianceRulesError> {
        let rules: ComplianceRuleSet =
            crate::document::from_toml(text).map_err(ComplianceRulesError::Syntax)?;
        rules
            .check()
            .map_err(|(place, problem)| ComplianceRulesError::Invalid {
                line: line_of(text, place),
                problem,
            })?;
        Ok(rules)
    }

    /// Checks a document that did not come as text (JSON from the API); no line numbers.
    pub fn validate(&self) -> Result<(), ComplianceRulesError> {
        self.check()
            .map_err(|(_, problem)| ComplianceRulesError::Invalid {
                line: None,
                problem,
            })
    }

    /// The built-in national rules ([`NATIONAL`]).
    pub fn national() -> Self {
        Self::from_toml(NATIONAL).unwrap_or_else(|e| unreachable!("built-in rule set: {e}"))
    }

    /// The built-in rules of seed 000 ([`SEED_000`]).
    pub fn seed_000() -> Self {
        Self::from_toml(SEED_000).unwrap_or_else(|e| unreachable!("built-in rule set: {e}"))
    }

    /// The built-in rules of seed 003 ([`SEED_003`]).
    pub fn seed_003() -> Self {
        Self::from_toml(SEED_003).unwrap_or_else(|e| unreachable!("built-in rule set: {e}"))
    }

    /// A requirement by id.
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    fn check(&self) -> Checked {
        if self.name.trim().is_empty() {
            return Err((Place::Top("name"), Problem::NoName));
        }
        if self.at_risk_days > 366 {
            return Err((
                Place::Top("at_risk_days"),
                Problem::AtRiskDays(self.at_risk_days),
            ));
        }
        let c = &self.conversion;
        if c.hours_per_day == ClassHours::ZERO || c.hours_per_day > ClassHours::whole(12) {
            return Err((
                Place::Conversion("hours_per_day"),
                Problem::HoursPerDay(c.hours_per_day),
            ));
        }
        if !(28..=31).contains(&c.days_per_month) {
            return Err((
                Place::Conversion("days_per_month"),
                Problem::DaysPerMonth(c.days_per_month),
            ));
        }
        if self.requirements.is_empty() && self.promotions.is_empty() && self.coverage.is_empty() {
            return Err((Place::Top("name"), Problem::Empty));
        }
        let mut ids: Vec<&str> = Vec::new();
        for (index, rule) in self.requirements.iter().enumerate() {
            let at = |key| Place::Rule {
                section: "requirements",
                index,
                key,
            };
            check_id(
                &mut ids,
                "requirements",
                index,
                (&rule.id, &rule.name, &rule.source),
            )?;
            if rule.binds.binds_nobody() {
                return Err((at("binds"), Problem::BindsNobody(rule.id.clone())));
            }
            check_window(at("window"), &rule.id, rule.window, false)?;
            check_counting(at, &rule.id, &rule.counts)?;
            check_amount(at("amount"), &rule.id, &rule.amount, c, false)?;
        }
        for (index, rule) in self.coverage.iter().enumerate() {
            let at = |key| Place::Rule {
                section: "coverage",
                index,
                key,
            };
            check_id(
                &mut ids,
                "coverage",
                index,
                (&rule.id, &rule.name, &rule.source),
            )?;
            if rule.binds.binds_nobody() {
                return Err((at("binds"), Problem::BindsNobody(rule.id.clone())));
            }
            check_window(at("window"), &rule.id, rule.window, false)?;
            check_counting(at, &rule.id, &rule.counts)?;
            if share(&rule.share).is_none() {
                return Err((
                    at("share"),
                    Problem::Share {
                        rule: rule.id.clone(),
                        share: rule.share.clone(),
                    },
                ));
            }
        }
        for (index, rule) in self.promotions.iter().enumerate() {
            let at = |key| Place::Rule {
                section: "promotions",
                index,
                key,
            };
            check_id(
                &mut ids,
                "promotions",
                index,
                (&rule.id, &rule.name, &rule.source),
            )?;
            if rule.to.ranks_any.as_ref().is_some_and(Vec::is_empty) {
                return Err((
                    at("to"),
                    Problem::EmptyList {
                        rule: rule.id.clone(),
                        list: "ranks_any",
                    },
                ));
            }
            check_window(at("window"), &rule.id, rule.window, true)?;
            check_counting(at, &rule.id, &rule.counts)?;
            match &rule.amount {
                Some(amount) => check_amount(at("amount"), &rule.id, amount, c, true)?,
                None if rule.requirements_met.is_empty() => {
                    return Err((
                        at("id"),
                        Problem::Amount {
                            rule: rule.id.clone(),
                            why: "须填写 amount 或 requirements_met",
                        },
                    ));
                }
                None => {}
            }
            if let Some(missing) = rule
                .requirements_met
                .iter()
                .find(|id| self.requirement(id).is_none())
            {
                return Err((
                    at("requirements_met"),
                    Problem::UnknownRequirement {
                        rule: rule.id.clone(),
                        missing: missing.clone(),
                    },
                ));
            }
            if let Some(years) = rule.make_up_years
                && !(1..=5).contains(&years)
            {
                return Err((
                    at("make_up_years"),
                    Problem::MakeUp {
                        rule: rule.id.clone(),
                        years,
                    },
                ));
            }
        }
        Ok(())
    }
}
