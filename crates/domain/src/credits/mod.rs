//! Credits (学时学分, SPEC §5): rule sets as data and the pure evaluator that turns training
//! records into credits with reasons. The ledger that keeps them lives in storage.

pub mod amount;
pub mod evaluate;
pub mod grades;
pub mod publication;
mod rule_fields;
pub mod rule_names;
pub mod rules;

pub use amount::{Credits, CreditsError};
pub use evaluate::{
    ClassAttendance, Credit, Evaluation, ResearchRecord, SalonGroup, SalonRecord, SchoolTermRecord,
    ScoreRecord, SessionAttendance,
};
pub use publication::ObjectionState;
pub use rules::{
    CreditCategory, CreditRuleSet, CreditRulesError, FactKind, ResearchKind, ResearchLevel,
    SEED_001, SEED_004,
};

use crate::rules::{RuleKind, checked};

/// The kind name of the cadres' credit rules (seed 004 built in).
pub const CREDIT_RULES: &str = "credit_rules";
/// The kind name of the school-based training credit rules (seed 001 built in).
pub const SCHOOL_CREDIT_RULES: &str = "school_credit_rules";

/// The credit rule documents.
pub const RULE_KINDS: &[RuleKind] = &[
    RuleKind {
        kind: CREDIT_RULES,
        title: "学分规则",
        built_in: SEED_004,
        check: |text| checked(CreditRuleSet::from_toml(text), CreditRulesError::code),
        fields: rule_fields::FIELDS,
    },
    RuleKind {
        kind: SCHOOL_CREDIT_RULES,
        title: "校本培训积分规则",
        built_in: SEED_001,
        check: |text| checked(CreditRuleSet::from_toml(text), CreditRulesError::code),
        fields: rule_fields::FIELDS,
    },
];

#[cfg(test)]
mod worked_examples;
