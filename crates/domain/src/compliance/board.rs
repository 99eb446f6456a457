//! The vocabularies of the maintained compliance statuses (the authority's dashboard, ADR 0012):
//! what kind of line a person's row is, and where they stand on it. The evaluator's own results
//! ([`Status`], [`MakeUpStatus`]) map onto them; the board stores and counts these codes.

use super::evaluate::{MakeUpStatus, Status};
use crate::code_enum;

code_enum! {
    /// What a person's row on the board is about.
    pub enum RuleType {
        /// A per-person requirement (R-REG-1…6).
        Requirement => ("requirement", "个人达标", "Requirement"),
        /// The person's part in a unit's coverage share (R-CMP-3): met = trained in the window.
        Coverage => ("coverage", "年度调训覆盖", "Coverage"),
        /// A promotion's make-up (R-REG-2); its statuses are the make-up's.
        MakeUp => ("make_up", "提任后补训", "Make-up after promotion"),
    }
}

code_enum! {
    /// Where a person stands on one row: a requirement's or coverage's `met`, `at_risk`,
    /// `not_met`, or a make-up's `pending`, `done`, `overdue`, `completed_late`, `not_allowed`.
    pub enum BoardStatus {
        Met => ("met", "已达标", "Met"),
        AtRisk => ("at_risk", "有风险", "At risk"),
        NotMet => ("not_met", "未达标", "Not met"),
        Pending => ("pending", "待补训", "Make-up pending"),
        Done => ("done", "已按期补训", "Made up in time"),
        Overdue => ("overdue", "补训逾期", "Make-up overdue"),
        CompletedLate => ("completed_late", "逾期后补训", "Made up late"),
        NotAllowed => ("not_allowed", "不得先提任后补训", "Make-up not allowed"),
    }
}

impl BoardStatus {
    /// A make-up's status (not a requirement's or coverage's).
    pub fn is_make_up(self) -> bool {
        matches!(
            self,
            BoardStatus::Pending
                | BoardStatus::Done
                | BoardStatus::Overdue
                | BoardStatus::CompletedLate
                | BoardStatus::NotAllowed
        )
    }

    /// How the dashboard counts it: met (a make-up done, in time or late), at risk (a make-up
    /// pending) or not met (overdue, not allowed).
    pub fn counted_as(self) -> Status {
        match self {
            BoardStatus::Met | BoardStatus::Done | BoardStatus::CompletedLate => Status::Met,
            BoardStatus::AtRisk | BoardStatus::Pending => Status::AtRisk,
            BoardStatus::NotMet | BoardStatus::Overdue | BoardStatus::NotAllowed => Status::NotMet,
        }
    }
}

impl From<Status> for BoardStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Met => BoardStatus::Met,
            Status::AtRisk => BoardStatus::AtRisk,
            Status::NotMet => BoardStatus::NotMet,
        }
    }
}

impl From<MakeUpStatus> for BoardStatus {
    fn from(status: MakeUpStatus) -> Self {
        match status {
            MakeUpStatus::Pending => BoardStatus::Pending,
            MakeUpStatus::Done => BoardStatus::Done,
            MakeUpStatus::Overdue => BoardStatus::Overdue,
            MakeUpStatus::CompletedLate => BoardStatus::CompletedLate,
            MakeUpStatus::NotAllowed => BoardStatus::NotAllowed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_evaluator_result_has_its_board_code() {
        assert_eq!(BoardStatus::from(Status::AtRisk).code(), "at_risk");
        assert_eq!(
            BoardStatus::from(MakeUpStatus::CompletedLate).code(),
            "completed_late"
        );
        for status in BoardStatus::ALL {
            assert_eq!(
                status.is_make_up(),
                !matches!(
                    status,
                    BoardStatus::Met | BoardStatus::AtRisk | BoardStatus::NotMet
                )
            );
        }
    }
}
