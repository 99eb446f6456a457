//! Compliance (培训达标, SPEC §6 and §13): rule sets as data and the pure evaluator that says,
//! for a person and a date, which training rules bind them, what counts, what is done and what
//! is missing; whether they may be promoted; and where a promotion's make-up stands. ADR 0009.

pub mod amount;
pub mod board;
pub mod evaluate;
pub mod facts;
mod rule_fields;
pub mod rules;
pub mod standing;
pub mod window;

pub use amount::Days;
pub use board::{BoardStatus, RuleType};
pub use evaluate::{
    CoverageResult, Excluded, Figures, MakeUp, MakeUpStatus, PromotionCheck, PromotionItem, Review,
    RuleResult, Status, coverage, evaluate, evaluate_requirement, make_ups, may_promote,
    required_people, why_not_counted,
};
pub use facts::{
    Certificate, CertificateKind, ComplianceFacts, ExternalKind, Held, Institution, Period, Post,
    Promotion, TrainingKind, TrainingRecord,
};
pub use rules::{
    Amount, Binding, ComplianceRuleSet, ComplianceRulesError, Conversion, Counting, CoverageRule,
    NATIONAL, PostBinding, PrivateTraining, Problem, PromotionRule, Required, Requirement,
    SEED_000, SEED_003,
};
pub use standing::{StandingKind, StandingState};
pub use window::{Window, WindowSpec};

use crate::rules::{RuleKind, checked};

/// The compliance kinds: national regulations, the county's rules (seed 000 built in) and
/// the organisation department's rules for its own cadres (seed 003 built in). ADR 0009: the set
/// in force on a day is the newest saved version applying by then.
pub const COMPLIANCE_NATIONAL: &str = "compliance_national";
pub const COMPLIANCE_COUNTY: &str = "compliance_county";
pub const COMPLIANCE_ORG_CADRES: &str = "compliance_org_cadres";

fn check(text: &str) -> Result<(), crate::rules::RuleTextError> {
    checked(
        ComplianceRuleSet::from_toml(text),
        ComplianceRulesError::code,
    )
}

/// The compliance rule documents.
pub const RULE_KINDS: &[RuleKind] = &[
    RuleKind {
        kind: COMPLIANCE_NATIONAL,
        title: "培训达标规则（全国）",
        built_in: NATIONAL,
        check,
        fields: rule_fields::FIELDS,
    },
    RuleKind {
        kind: COMPLIANCE_COUNTY,
        title: "培训达标规则（本县）",
        built_in: SEED_000,
        check,
        fields: rule_fields::FIELDS,
    },
    RuleKind {
        kind: COMPLIANCE_ORG_CADRES,
        title: "培训达标规则（组工干部）",
        built_in: SEED_003,
        check,
        fields: rule_fields::FIELDS,
    },
];

#[cfg(test)]
mod worked_examples;
