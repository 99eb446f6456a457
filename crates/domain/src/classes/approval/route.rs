//! Routing one application: the first rule whose conditions hold decides who approves and who
//! the class is filed with; late or out-of-window applications are flagged, not refused (the
//! approver decides, and the flag stays on the record, R-CLS-2).

use super::rules::{Approver, Conditions, RoutingRule, RoutingRules, SubmitWindow};
use crate::calendar::HolidayCalendar;
use crate::classes::kind::ClassKind;
use crate::classes::state::ClassAction;
use crate::org::UnitType;
use crate::people::person::Category;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the router needs to know about a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassFacts {
    pub kind: ClassKind,
    /// The categories the target trainees (培训对象) include.
    pub trainee_categories: Vec<Category>,
    /// The hosting institution's unit type.
    pub host_type: UnitType,
    /// The class's first day (China date).
    pub starts_on: NaiveDate,
}

/// Something about an application the approver should see. Flags do not stop the application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RoutingFlag {
    /// Submitted fewer than the required working days before the start (R-REG-10).
    LateApplication {
        required_by: NaiveDate,
        submitted_on: NaiveDate,
        lead_working_days: u32,
    },
    /// Submitted outside the rule's window, e.g. a class for section-level leaders not submitted
    /// in the fourth quarter of the year before (seed 000 item 6).
    OutsideSubmitWindow {
        window: String,
        opens: NaiveDate,
        closes: NaiveDate,
        submitted_on: NaiveDate,
    },
}

impl RoutingFlag {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            RoutingFlag::LateApplication { .. } => "LATE_APPLICATION",
            RoutingFlag::OutsideSubmitWindow { .. } => "OUTSIDE_SUBMIT_WINDOW",
        }
    }
}

impl std::fmt::Display for RoutingFlag {
    /// The Chinese explanation shown to the approver.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RoutingFlag::LateApplication {
                required_by,
                submitted_on,
                lead_working_days,
            } => write!(
                f,
                "申报晚于规定时限：应在开班前 {lead_working_days} 个工作日即 {required_by} \
                 前（含当日）申报，实际申报日期 {submitted_on}"
            ),
            RoutingFlag::OutsideSubmitWindow {
                window,
                opens,
                closes,
                submitted_on,
            } => write!(
                f,
                "未在规定时间申报：应在{window}（{opens} 至 {closes}）申报，实际申报日期 \
                 {submitted_on}"
            ),
        }
    }
}

/// Where an application goes and what the approver should know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingDecision {
    /// The rule that decided, kept with the decision as its reason.
    pub rule: String,
    pub approver: Approver,
    pub file_with: Option<Approver>,
    pub lead_working_days: u32,
    /// The last on-time submission date.
    pub required_by: NaiveDate,
    pub flags: Vec<RoutingFlag>,
}

impl RoutingDecision {
    /// The state-machine action that records the approver's "yes": `file` when the class is
    /// approved by one body and filed with another (it becomes `filed`), else `approve`.
    pub fn deciding_action(&self) -> ClassAction {
        if self.file_with.is_some() {
            ClassAction::File
        } else {
            ClassAction::Approve
        }
    }
}

fn any_of<T: PartialEq>(wanted: Option<&Vec<T>>, has: impl Fn(&T) -> bool) -> bool {
    wanted.is_none_or(|values| values.iter().any(has))
}

impl Conditions {
    /// Whether every given condition holds for the class.
    pub fn matches(&self, class: &ClassFacts) -> bool {
        any_of(self.kinds_any.as_ref(), |k| *k == class.kind)
            && any_of(self.trainee_categories_any.as_ref(), |c| {
                class.trainee_categories.contains(c)
            })
            && any_of(self.host_types_any.as_ref(), |t| *t == class.host_type)
    }
}

fn window_flag(
    window: SubmitWindow,
    class: &ClassFacts,
    submitted_on: NaiveDate,
) -> Option<RoutingFlag> {
    let (opens, closes) = window.dates_for(class.starts_on)?;
    let inside = (opens..=closes).contains(&submitted_on);
    (!inside).then(|| RoutingFlag::OutsideSubmitWindow {
        window: window.to_string(),
        opens,
        closes,
        submitted_on,
    })
}

/// Routes an application submitted on `submitted_on` (a China date).
pub fn route(
    rules: &RoutingRules,
    class: &ClassFacts,
    submitted_on: NaiveDate,
    calendar: &HolidayCalendar,
) -> RoutingDecision {
    let rule: &RoutingRule = rules
        .rules()
        .find(|rule| rule.when.matches(class))
        .unwrap_or_else(|| rules.fallback());
    let lead_working_days = rule.lead_working_days.unwrap_or(rules.lead_working_days());
    let required_by = calendar.subtract_working_days(class.starts_on, lead_working_days);
    let mut flags = Vec::new();
    if let Some(flag) = rule
        .submit_window
        .and_then(|window| window_flag(window, class, submitted_on))
    {
        flags.push(flag);
    }
    if submitted_on > required_by {
        flags.push(RoutingFlag::LateApplication {
            required_by,
            submitted_on,
            lead_working_days,
        });
    }
    RoutingDecision {
        rule: rule.name.trim().to_owned(),
        approver: rule.approve_by,
        file_with: rule.then_file_with,
        lead_working_days,
        required_by,
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::tests::{china_2026, date};

    fn class(categories: &[Category], starts_on: NaiveDate) -> ClassFacts {
        ClassFacts {
            kind: ClassKind::InServiceCapability,
            trainee_categories: categories.to_vec(),
            host_type: UnitType::PartySchool,
            starts_on,
        }
    }

    #[test]
    fn a_class_for_section_leaders_submitted_in_q4_before_goes_to_the_organisation_department() {
        let facts = class(
            &[Category::SectionLeader, Category::ReserveCadre],
            date(2026, 3, 9),
        );
        let decision = route(
            &RoutingRules::seed_default(),
            &facts,
            date(2025, 11, 20),
            &china_2026(),
        );
        assert_eq!(decision.approver, Approver::OrganisationDepartment);
        assert_eq!(decision.file_with, None);
        assert_eq!(decision.deciding_action(), ClassAction::Approve);
        assert_eq!(decision.rule, "科级领导干部参训班次报组织部审批");
        assert_eq!(decision.flags, []);
    }

    #[test]
    fn a_section_leader_class_submitted_in_the_same_year_is_flagged_outside_the_window() {
        let facts = class(&[Category::SectionLeader], date(2026, 10, 19));
        let decision = route(
            &RoutingRules::seed_default(),
            &facts,
            date(2026, 3, 2),
            &china_2026(),
        );
        assert_eq!(decision.approver, Approver::OrganisationDepartment);
        assert_eq!(decision.flags.len(), 1, "early enough for the lead time");
        let flag = &decision.flags[0];
        assert_eq!(flag.code(), "OUTSIDE_SUBMIT_WINDOW");
        assert_eq!(
            flag.to_string(),
            "未在规定时间申报：应在上一年度第四季度（2025-10-01 至 2025-12-31）申报，实际申报日期 2026-03-02"
        );
    }

    #[test]
    fn other_classes_are_approved_by_the_competent_department_and_filed() {
        let facts = class(&[Category::VillageCommittee], date(2026, 10, 19));
        let decision = route(
            &RoutingRules::seed_default(),
            &facts,
            date(2026, 9, 1),
            &china_2026(),
        );
        assert_eq!(decision.approver, Approver::CompetentDepartment);
        assert_eq!(decision.file_with, Some(Approver::OrganisationDepartment));
        assert_eq!(decision.deciding_action(), ClassAction::File);
        assert_eq!(decision.flags, [], "no window for other classes");
    }

    #[test]
    fn an_application_fewer_than_fifteen_working_days_ahead_is_flagged_late_counting_holidays() {
        let facts = class(&[Category::CivilServant], date(2026, 10, 19));
        let calendar = china_2026();
        // Fifteen working days before Mon 10-19 is Mon 9-21, the National Day week and the
        // Mid-Autumn Friday not counting, the adjusted Saturday 10-10 counting.
        let on_time = route(
            &RoutingRules::seed_default(),
            &facts,
            date(2026, 9, 21),
            &calendar,
        );
        assert_eq!(on_time.required_by, date(2026, 9, 21));
        assert_eq!(on_time.flags, []);
        let late = route(
            &RoutingRules::seed_default(),
            &facts,
            date(2026, 9, 22),
            &calendar,
        );
        assert_eq!(
            late.flags,
            [RoutingFlag::LateApplication {
                required_by: date(2026, 9, 21),
                submitted_on: date(2026, 9, 22),
                lead_working_days: 15,
            }]
        );
        assert_eq!(
            late.flags[0].to_string(),
            "申报晚于规定时限：应在开班前 15 个工作日即 2026-09-21 前（含当日）申报，实际申报日期 2026-09-22"
        );
    }

    #[test]
    fn a_late_section_leader_class_carries_both_flags() {
        let facts = class(&[Category::SectionLeader], date(2026, 10, 19));
        let decision = route(
            &RoutingRules::seed_default(),
            &facts,
            date(2026, 10, 12),
            &china_2026(),
        );
        let codes: Vec<&str> = decision.flags.iter().map(RoutingFlag::code).collect();
        assert_eq!(codes, ["OUTSIDE_SUBMIT_WINDOW", "LATE_APPLICATION"]);
    }

    #[test]
    fn rules_match_in_order_on_kind_category_and_host_type() {
        let rules = RoutingRules::from_toml(
            r#"
            lead_working_days = 10
            [[rules]]
            name = "党校科级班"
            when = { trainee_categories_any = ["section_leader"], host_types_any = ["party_school"] }
            approve_by = "organisation_department"
            lead_working_days = 20
            [[rules]]
            name = "网络培训"
            when = { kinds_any = ["online", "reading_study"] }
            approve_by = "competent_department"
            [[rules]]
            name = "其他"
            approve_by = "competent_department"
            then_file_with = "organisation_department"
            "#,
        )
        .unwrap();
        let calendar = HolidayCalendar::default();
        let starts = date(2026, 6, 1);
        let mut facts = class(&[Category::SectionLeader], starts);
        let party_school = route(&rules, &facts, date(2026, 1, 5), &calendar);
        assert_eq!(party_school.rule, "党校科级班");
        assert_eq!(party_school.lead_working_days, 20);

        facts.host_type = UnitType::Institution;
        let elsewhere = route(&rules, &facts, date(2026, 1, 5), &calendar);
        assert_eq!(elsewhere.rule, "其他", "host type must match too");
        assert_eq!(elsewhere.lead_working_days, 10);

        facts.kind = ClassKind::Online;
        let online = route(&rules, &facts, date(2026, 1, 5), &calendar);
        assert_eq!(online.rule, "网络培训");
        assert_eq!(online.file_with, None);
    }

    #[test]
    fn a_decision_serialises_with_its_flags_codes() {
        let facts = class(&[Category::SectionLeader], date(2026, 10, 19));
        let decision = route(
            &RoutingRules::seed_default(),
            &facts,
            date(2026, 10, 12),
            &china_2026(),
        );
        let json = serde_json::to_value(&decision).unwrap();
        assert_eq!(json["approver"], "organisation_department");
        assert_eq!(json["flags"][1]["code"], "LATE_APPLICATION");
        assert_eq!(json["flags"][1]["required_by"], "2026-09-21");
    }
}
