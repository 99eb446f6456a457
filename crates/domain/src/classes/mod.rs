//! Training classes (培训班次, SPEC §3): their kinds, the states a class passes through, how its
//! application is routed for approval or filing, its teaching plan, and who may enrol.
//!
//! Everything here is a pure function of data handed in: the rules a deployment edits (routing,
//! eligibility, the hour conversion, the holiday calendar) and the facts of one class.

pub mod approval;
pub mod completion;
pub mod dates;
pub mod eligibility;
pub mod enrolment;
pub mod funding;
pub mod kind;
mod rule_fields;
pub mod settings;
pub mod state;
pub mod teaching_plan;

pub use approval::{
    Approver, ClassFacts, Conditions, RoutingDecision, RoutingDocument, RoutingFlag, RoutingRule,
    RoutingRules, RoutingRulesError, SubmitWindow, WindowYear, route,
};
pub use completion::{
    Attendance, Completion, CompletionFacts, CompletionVerdict, GradeFacts, SessionRoll, Shortfall,
    attendance, completion, required_hours,
};
pub use dates::{ClassDates, ClassDatesError};
pub use eligibility::{Eligibility, EligibilityConditions, EligibilityError, PersonFacts, Reason};
pub use enrolment::{Allocation, EnrolmentSource, EnrolmentStatus, allocate};
pub use funding::FundingSource;
pub use kind::ClassKind;
pub use settings::{ClassSettings, ClassSettingsError, DEFAULT_CLASS_SETTINGS_TOML};
pub use state::{
    CLASS_NOT_APPROVED, ClassAction, ClassActivity, ClassGateError, ClassState, ReportState,
    TransitionError, transition,
};
pub use teaching_plan::{PlanCheck, PlanProblem, Session, check_plan};

use crate::rules::{RuleKind, checked};

/// The kind name of the approval routing document.
pub const CLASS_ROUTING: &str = "class_routing";
/// The kind name of the plan and report deadlines document.
pub const CLASS_SETTINGS: &str = "class_settings";

/// The classes' rule documents: approval routing, and the deadlines of plans and reports.
pub const RULE_KINDS: &[RuleKind] = &[
    RuleKind {
        kind: CLASS_ROUTING,
        title: "班次审批路由",
        built_in: approval::DEFAULT_ROUTING_TOML,
        check: |text| checked(RoutingRules::from_toml(text), RoutingRulesError::code),
        fields: rule_fields::ROUTING_FIELDS,
    },
    RuleKind {
        kind: CLASS_SETTINGS,
        title: "计划与绩效报告期限",
        built_in: DEFAULT_CLASS_SETTINGS_TOML,
        check: |text| checked(ClassSettings::from_toml(text), ClassSettingsError::code),
        fields: rule_fields::SETTINGS_FIELDS,
    },
];
