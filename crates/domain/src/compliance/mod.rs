//! Compliance (培训达标, SPEC §6 and §13): rule sets as data and the pure evaluator that says,
//! for a person and a date, which training rules bind them, what counts, what is done and what
//! is missing; whether they may be promoted; and where a promotion's make-up stands. ADR 0009.

pub mod amount;
pub mod evaluate;
pub mod facts;
pub mod rules;
pub mod window;

pub use amount::Days;
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
pub use window::{Window, WindowSpec};

#[cfg(test)]
mod worked_examples;
