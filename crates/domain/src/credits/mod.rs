//! Credits (学时学分, SPEC §5): rule sets as data and the pure evaluator that turns training
//! records into credits with reasons. The ledger that keeps them lives in storage.

pub mod amount;
pub mod evaluate;
pub mod grades;
pub mod rules;

pub use amount::{Credits, CreditsError};
pub use evaluate::{
    ClassAttendance, Credit, Evaluation, ResearchRecord, SalonGroup, SalonRecord, SchoolTermRecord,
    ScoreRecord, SessionAttendance,
};
pub use rules::{
    CreditCategory, CreditRuleSet, CreditRulesError, ResearchKind, ResearchLevel, SEED_001,
    SEED_004,
};

#[cfg(test)]
mod worked_examples;
