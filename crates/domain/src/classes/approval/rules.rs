//! The routing rule document: ordered rules, each a set of conditions on the class and a route
//! (who approves, who it is filed with, when it must be submitted). Checked when loaded, so that
//! a saved document always routes every class to exactly one rule.

use crate::classes::kind::ClassKind;
use crate::code_enum;
use crate::org::UnitType;
use crate::people::person::Category;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The built-in document, reproducing seed 000 item 6.
pub const DEFAULT_ROUTING_TOML: &str = include_str!("default_routing.toml");

/// Lead time when a document gives none (R-REG-10: 15 working days in several counties).
const DEFAULT_LEAD_WORKING_DAYS: u32 = 15;

/// More than about a year of working days is a typo, not a rule.
const MAX_LEAD_WORKING_DAYS: u32 = 250;

code_enum! {
    /// A body that approves classes or receives their filing. The router names the role; the
    /// caller resolves it to a unit (the deployment's organisation department, or the organising
    /// unit's competent department).
    pub enum Approver {
        OrganisationDepartment => ("organisation_department", "组织部门", "Organisation department"),
        CompetentDepartment => ("competent_department", "主管部门", "Competent department"),
    }
}

code_enum! {
    /// Which year a submission window lies in, relative to the year the class starts.
    pub enum WindowYear {
        Previous => ("previous", "上一年度", "The previous year"),
        Same => ("same", "当年", "The same year"),
    }
}

/// When an application must be submitted: a quarter of the class's year or the year before,
/// e.g. "the fourth quarter of the previous year" (seed 000 item 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitWindow {
    pub year: WindowYear,
    /// 1 to 4.
    pub quarter: u8,
}

impl SubmitWindow {
    /// The first and last day of the window for a class starting on `starts_on`, or `None` for a
    /// quarter outside 1–4 (which a checked document never holds).
    pub fn dates_for(&self, starts_on: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let year = match self.year {
            WindowYear::Previous => starts_on.year() - 1,
            WindowYear::Same => starts_on.year(),
        };
        let quarter = u32::from(self.quarter);
        if !(1..=4).contains(&quarter) {
            return None;
        }
        let opens = NaiveDate::from_ymd_opt(year, quarter * 3 - 2, 1)?;
        let closes = match quarter {
            4 => NaiveDate::from_ymd_opt(year, 12, 31)?,
            _ => NaiveDate::from_ymd_opt(year, quarter * 3 + 1, 1)?.pred_opt()?,
        };
        Some((opens, closes))
    }
}

impl std::fmt::Display for SubmitWindow {
    /// `上一年度第四季度`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let quarter = match self.quarter {
            1 => "一",
            2 => "二",
            3 => "三",
            4 => "四",
            _ => "？",
        };
        write!(f, "{}第{quarter}季度", self.year.label_zh())
    }
}

/// Conditions on a class; every condition given must hold, and a rule without conditions matches
/// every class. A list condition holds when the class has any of the listed values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    /// The class is of one of these kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds_any: Option<Vec<ClassKind>>,
    /// The class's target trainees include one of these categories (e.g. `section_leader`,
    /// 科级领导干部).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trainee_categories_any: Option<Vec<Category>>,
    /// The hosting institution is of one of these types (e.g. `party_school`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_types_any: Option<Vec<UnitType>>,
}

impl Conditions {
    /// No condition at all: the rule matches every class.
    pub fn is_empty(&self) -> bool {
        self.kinds_any.is_none()
            && self.trainee_categories_any.is_none()
            && self.host_types_any.is_none()
    }

    /// Each given condition with its Chinese name, for messages.
    fn lists(&self) -> [(&'static str, Option<usize>); 3] {
        [
            (
                "班次类型（kinds_any）",
                self.kinds_any.as_ref().map(Vec::len),
            ),
            (
                "培训对象类别（trainee_categories_any）",
                self.trainee_categories_any.as_ref().map(Vec::len),
            ),
            (
                "承办机构类型（host_types_any）",
                self.host_types_any.as_ref().map(Vec::len),
            ),
        ]
    }
}

/// One rule: when it applies and where the application goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingRule {
    /// Shown with every decision it makes, as the reason (R-CLS-2: every decision keeps why).
    pub name: String,
    #[serde(default, skip_serializing_if = "Conditions::is_empty")]
    pub when: Conditions,
    pub approve_by: Approver,
    /// After approval the class is filed with this body (备案).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub then_file_with: Option<Approver>,
    /// When the application must be submitted, if the rule restricts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submit_window: Option<SubmitWindow>,
    /// Overrides the document's lead time for classes this rule routes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_working_days: Option<u32>,
}

/// The document as edited and stored (TOML or JSON). See [`DEFAULT_ROUTING_TOML`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingDocument {
    /// Working days before the start by which applications must arrive (R-REG-10).
    #[serde(default = "default_lead")]
    pub lead_working_days: u32,
    /// Tried in order; the first whose conditions hold routes the class.
    pub rules: Vec<RoutingRule>,
}

fn default_lead() -> u32 {
    DEFAULT_LEAD_WORKING_DAYS
}

/// Why a routing document was refused. Each message names the offending rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoutingRulesError {
    #[error("审批路由规则格式错误：{0}")]
    Syntax(String),
    #[error("审批路由规则至少需要一条规则")]
    Empty,
    #[error("第 {position} 条审批路由规则缺少名称（name），请填写名称")]
    Unnamed { position: usize },
    #[error("审批路由规则名称“{name}”重复，请为每条规则起不同的名称")]
    DuplicateName { name: String },
    #[error("规则“{rule}”的条件“{condition}”是空列表，永远不会匹配；请删除该条件或至少填写一项")]
    EmptyCondition {
        rule: String,
        condition: &'static str,
    },
    #[error("规则“{rule}”的备案部门与审批部门相同（{}）；不需要备案时请删除 then_file_with", .approver.label_zh())]
    FilesWithApprover { rule: String, approver: Approver },
    #[error("规则“{rule}”的申报季度须为 1 至 4，实为 {quarter}")]
    BadQuarter { rule: String, quarter: u8 },
    #[error("规则“{rule}”的提前申报工作日数 {days} 超过 250，请核对")]
    RuleLeadTooLong { rule: String, days: u32 },
    #[error("提前申报工作日数（lead_working_days）{days} 超过 250，请核对")]
    LeadTooLong { days: u32 },
    #[error("规则“{rule}”排在不带条件的规则“{after}”之后，永远不会生效；请调整顺序或删除")]
    Unreachable { rule: String, after: String },
    #[error(
        "最后一条规则“{last}”带有条件，不符合任何规则的班次将没有审批路径；请在末尾添加一条不带条件的规则"
    )]
    NoFallback { last: String },
}

impl RoutingRulesError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            RoutingRulesError::Syntax(_) => "ROUTING_RULES_SYNTAX",
            RoutingRulesError::Empty => "ROUTING_RULES_EMPTY",
            RoutingRulesError::Unnamed { .. } => "ROUTING_RULE_UNNAMED",
            RoutingRulesError::DuplicateName { .. } => "ROUTING_RULE_DUPLICATE_NAME",
            RoutingRulesError::EmptyCondition { .. } => "ROUTING_RULE_EMPTY_CONDITION",
            RoutingRulesError::FilesWithApprover { .. } => "ROUTING_RULE_FILES_WITH_APPROVER",
            RoutingRulesError::BadQuarter { .. } => "ROUTING_RULE_BAD_QUARTER",
            RoutingRulesError::RuleLeadTooLong { .. } | RoutingRulesError::LeadTooLong { .. } => {
                "ROUTING_RULE_LEAD_TOO_LONG"
            }
            RoutingRulesError::Unreachable { .. } => "ROUTING_RULE_UNREACHABLE",
            RoutingRulesError::NoFallback { .. } => "ROUTING_RULES_NO_FALLBACK",
        }
    }
}

/// A checked routing document: every rule named uniquely and reachable, and the last one without
/// conditions, so that every class is routed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RoutingDocument", into = "RoutingDocument")]
pub struct RoutingRules {
    lead_working_days: u32,
    /// The rules with conditions, in order.
    specific: Vec<RoutingRule>,
    /// The last rule, which has none.
    fallback: RoutingRule,
}

fn check_rule(position: usize, rule: &RoutingRule) -> Result<(), RoutingRulesError> {
    let name = rule.name.trim();
    if name.is_empty() {
        return Err(RoutingRulesError::Unnamed { position });
    }
    let named = || name.to_owned();
    if let Some((condition, _)) = rule.when.lists().into_iter().find(|(_, n)| *n == Some(0)) {
        return Err(RoutingRulesError::EmptyCondition {
            rule: named(),
            condition,
        });
    }
    if rule.then_file_with == Some(rule.approve_by) {
        return Err(RoutingRulesError::FilesWithApprover {
            rule: named(),
            approver: rule.approve_by,
        });
    }
    if let Some(window) = rule.submit_window
        && !(1..=4).contains(&window.quarter)
    {
        return Err(RoutingRulesError::BadQuarter {
            rule: named(),
            quarter: window.quarter,
        });
    }
    if let Some(days) = rule.lead_working_days
        && days > MAX_LEAD_WORKING_DAYS
    {
        return Err(RoutingRulesError::RuleLeadTooLong {
            rule: named(),
            days,
        });
    }
    Ok(())
}

impl RoutingRules {
    /// Checks a document.
    pub fn from_document(document: RoutingDocument) -> Result<Self, RoutingRulesError> {
        if document.lead_working_days > MAX_LEAD_WORKING_DAYS {
            return Err(RoutingRulesError::LeadTooLong {
                days: document.lead_working_days,
            });
        }
        let mut names: Vec<&str> = Vec::new();
        for (index, rule) in document.rules.iter().enumerate() {
            check_rule(index + 1, rule)?;
            let name = rule.name.trim();
            if names.contains(&name) {
                return Err(RoutingRulesError::DuplicateName {
                    name: name.to_owned(),
                });
            }
            names.push(name);
        }
        let mut rules = document.rules;
        let Some(first_catch_all) = rules.iter().position(|r| r.when.is_empty()) else {
            return match rules.last() {
                Some(last) => Err(RoutingRulesError::NoFallback {
                    last: last.name.trim().to_owned(),
                }),
                None => Err(RoutingRulesError::Empty),
            };
        };
        if let Some(unreachable) = rules.get(first_catch_all + 1) {
            return Err(RoutingRulesError::Unreachable {
                rule: unreachable.name.trim().to_owned(),
                after: rules[first_catch_all].name.trim().to_owned(),
            });
        }
        let fallback = rules.remove(first_catch_all);
        Ok(Self {
            lead_working_days: document.lead_working_days,
            specific: rules,
            fallback,
        })
    }

    /// Parses and checks a TOML document.
    pub fn from_toml(text: &str) -> Result<Self, RoutingRulesError> {
        let document: RoutingDocument =
            crate::document::from_toml(text).map_err(RoutingRulesError::Syntax)?;
        Self::from_document(document)
    }

    /// The built-in rules of seed 000 item 6 ([`DEFAULT_ROUTING_TOML`]).
    pub fn seed_default() -> Self {
        Self::from_toml(DEFAULT_ROUTING_TOML)
            .expect("the built-in routing document is checked by a unit test")
    }

    /// The document's default lead time in working days.
    pub fn lead_working_days(&self) -> u32 {
        self.lead_working_days
    }

    /// The rules in order, the catch-all last.
    pub fn rules(&self) -> impl Iterator<Item = &RoutingRule> {
        self.specific.iter().chain(std::iter::once(&self.fallback))
    }

    /// The catch-all rule.
    pub(super) fn fallback(&self) -> &RoutingRule {
        &self.fallback
    }

    /// The document, for editing and storing.
    pub fn to_document(&self) -> RoutingDocument {
        RoutingDocument::from(self.clone())
    }
}

impl TryFrom<RoutingDocument> for RoutingRules {
    type Error = RoutingRulesError;
    fn try_from(document: RoutingDocument) -> Result<Self, Self::Error> {
        Self::from_document(document)
    }
}

impl From<RoutingRules> for RoutingDocument {
    fn from(rules: RoutingRules) -> Self {
        let mut all = rules.specific;
        all.push(rules.fallback);
        RoutingDocument {
            lead_working_days: rules.lead_working_days,
            rules: all,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::tests::date;

    fn refused(text: &str) -> RoutingRulesError {
        RoutingRules::from_toml(text).unwrap_err()
    }

    #[test]
    fn the_built_in_document_reproduces_seed_000_item_6() {
        let rules = RoutingRules::seed_default();
        assert_eq!(rules.lead_working_days(), 15);
        let all: Vec<&RoutingRule> = rules.rules().collect();
        assert_eq!(all.len(), 2);
        assert_eq!(
            all[0].when.trainee_categories_any,
            Some(vec![Category::SectionLeader])
        );
        assert_eq!(all[0].approve_by, Approver::OrganisationDepartment);
        assert_eq!(all[0].then_file_with, None);
        assert_eq!(
            all[0].submit_window.map(|w| w.to_string()).as_deref(),
            Some("上一年度第四季度")
        );
        assert_eq!(all[1].approve_by, Approver::CompetentDepartment);
        assert_eq!(
            all[1].then_file_with,
            Some(Approver::OrganisationDepartment)
        );
        assert!(all[1].when.is_empty());
    }

    #[test]
    fn a_document_round_trips_through_json_and_toml() {
        let rules = RoutingRules::seed_default();
        let json = serde_json::to_string(&rules).unwrap();
        let back: RoutingRules = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rules);
        let toml_text = toml::to_string(&rules.to_document()).unwrap();
        assert_eq!(RoutingRules::from_toml(&toml_text).unwrap(), rules);
    }

    #[test]
    fn a_window_gives_the_dates_of_its_quarter() {
        let q4 = SubmitWindow {
            year: WindowYear::Previous,
            quarter: 4,
        };
        assert_eq!(
            q4.dates_for(date(2026, 3, 9)),
            Some((date(2025, 10, 1), date(2025, 12, 31)))
        );
        let q1 = SubmitWindow {
            year: WindowYear::Same,
            quarter: 1,
        };
        assert_eq!(
            q1.dates_for(date(2024, 6, 1)),
            Some((date(2024, 1, 1), date(2024, 3, 31)))
        );
        assert_eq!(q1.to_string(), "当年第一季度");
        let q5 = SubmitWindow {
            year: WindowYear::Same,
            quarter: 5,
        };
        assert_eq!(q5.dates_for(date(2024, 6, 1)), None);
    }

    #[test]
    fn an_empty_document_is_refused() {
        assert_eq!(refused("rules = []").code(), "ROUTING_RULES_EMPTY");
    }

    #[test]
    fn a_document_without_a_catch_all_rule_is_refused_naming_the_last_rule() {
        let error = refused(
            r#"
            [[rules]]
            name = "科级班"
            when = { trainee_categories_any = ["section_leader"] }
            approve_by = "organisation_department"
            "#,
        );
        assert_eq!(error.code(), "ROUTING_RULES_NO_FALLBACK");
        assert!(error.to_string().contains("“科级班”"), "{error}");
    }

    #[test]
    fn a_rule_after_the_catch_all_is_refused_as_unreachable() {
        let error = refused(
            r#"
            [[rules]]
            name = "全部"
            approve_by = "competent_department"
            [[rules]]
            name = "党校班"
            when = { host_types_any = ["party_school"] }
            approve_by = "organisation_department"
            "#,
        );
        assert_eq!(
            error.to_string(),
            "规则“党校班”排在不带条件的规则“全部”之后，永远不会生效；请调整顺序或删除"
        );
    }

    #[test]
    fn unnamed_and_duplicate_rules_are_refused() {
        let unnamed = refused(
            r#"
            [[rules]]
            name = ""
            approve_by = "competent_department"
            "#,
        );
        assert_eq!(
            unnamed.to_string(),
            "第 1 条审批路由规则缺少名称（name），请填写名称"
        );
        let duplicate = refused(
            r#"
            [[rules]]
            name = "甲"
            when = { kinds_any = ["online"] }
            approve_by = "competent_department"
            [[rules]]
            name = "甲"
            approve_by = "competent_department"
            "#,
        );
        assert_eq!(duplicate.code(), "ROUTING_RULE_DUPLICATE_NAME");
    }

    #[test]
    fn an_empty_condition_list_is_refused_because_it_never_matches() {
        let error = refused(
            r#"
            [[rules]]
            name = "甲"
            when = { kinds_any = [] }
            approve_by = "competent_department"
            [[rules]]
            name = "其他"
            approve_by = "competent_department"
            "#,
        );
        assert_eq!(
            error.to_string(),
            "规则“甲”的条件“班次类型（kinds_any）”是空列表，永远不会匹配；请删除该条件或至少填写一项"
        );
    }

    #[test]
    fn filing_with_the_approver_itself_is_refused() {
        let error = refused(
            r#"
            [[rules]]
            name = "其他"
            approve_by = "organisation_department"
            then_file_with = "organisation_department"
            "#,
        );
        assert_eq!(error.code(), "ROUTING_RULE_FILES_WITH_APPROVER");
        assert!(error.to_string().contains("组织部门"), "{error}");
    }

    #[test]
    fn a_quarter_outside_one_to_four_and_an_absurd_lead_time_are_refused() {
        let quarter = refused(
            r#"
            [[rules]]
            name = "其他"
            approve_by = "competent_department"
            submit_window = { year = "previous", quarter = 5 }
            "#,
        );
        assert_eq!(
            quarter.to_string(),
            "规则“其他”的申报季度须为 1 至 4，实为 5"
        );
        let rule_lead = refused(
            r#"
            [[rules]]
            name = "其他"
            approve_by = "competent_department"
            lead_working_days = 400
            "#,
        );
        assert_eq!(rule_lead.code(), "ROUTING_RULE_LEAD_TOO_LONG");
        let lead = refused(
            r#"
            lead_working_days = 999
            [[rules]]
            name = "其他"
            approve_by = "competent_department"
            "#,
        );
        assert_eq!(lead.code(), "ROUTING_RULE_LEAD_TOO_LONG");
    }

    #[test]
    fn misspelt_fields_and_unknown_codes_are_refused_with_the_line() {
        let misspelt = refused(
            r#"
            [[rules]]
            name = "其他"
            aprove_by = "competent_department"
            "#,
        );
        assert_eq!(misspelt.code(), "ROUTING_RULES_SYNTAX");
        assert!(
            misspelt
                .to_string()
                .starts_with("审批路由规则格式错误：第 "),
            "{misspelt}"
        );
        let unknown_condition = refused(
            r#"
            [[rules]]
            name = "甲"
            when = { trainee_rank_any = ["section_chief"] }
            approve_by = "competent_department"
            "#,
        );
        assert_eq!(unknown_condition.code(), "ROUTING_RULES_SYNTAX");
        let unknown_category = refused(
            r#"
            [[rules]]
            name = "甲"
            when = { trainee_categories_any = ["section_leaders"] }
            approve_by = "competent_department"
            "#,
        );
        assert!(
            unknown_category.to_string().contains("section_leaders"),
            "{unknown_category}"
        );
    }

    #[test]
    fn conditions_may_be_written_with_chinese_labels() {
        let rules = RoutingRules::from_toml(
            r#"
            [[rules]]
            name = "党校科级班"
            when = { trainee_categories_any = ["科级领导干部"], host_types_any = ["党校"] }
            approve_by = "组织部门"
            [[rules]]
            name = "其他"
            approve_by = "主管部门"
            then_file_with = "组织部门"
            "#,
        )
        .unwrap();
        let first = rules.rules().next().unwrap();
        assert_eq!(first.when.host_types_any, Some(vec![UnitType::PartySchool]));
    }
}
