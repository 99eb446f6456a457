//! What the credit ledger, credit records and publications refuse inside the transaction.

use ganxun_domain::Problem;
use ganxun_domain::review::ReviewState;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The ledger entry is a reversal or already reversed.
    EntryNotLive,
    /// The credit record was already approved or rejected.
    FactNotPending { state: ReviewState },
    /// A publication would list more people than one list should hold.
    PublicationTooLarge { people: u64, max: u64 },
    /// The objection was already answered.
    ObjectionAnswered,
}

impl Problem for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::EntryNotLive => "ENTRY_NOT_LIVE",
            Refusal::FactNotPending { .. } => "FACT_NOT_PENDING",
            Refusal::PublicationTooLarge { .. } => "PUBLICATION_TOO_LARGE",
            Refusal::ObjectionAnswered => "OBJECTION_ANSWERED",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::EntryNotLive => "该学分记录已被冲销或本身是冲销记录，不能再冲销".to_owned(),
            Refusal::FactNotPending { state } => {
                format!("该记录已{}，不能再审核", decided(*state))
            }
            Refusal::PublicationTooLarge { people, max } => {
                format!("该单位共有 {people} 人，超过单次公示上限 {max} 人，请按下级单位分别公示")
            }
            Refusal::ObjectionAnswered => "该异议已答复，不能重复处理".to_owned(),
        }
    }
}

/// "通过" or "退回": what a reviewed record's state says was decided.
pub(crate) fn decided(state: ReviewState) -> &'static str {
    if state == ReviewState::Approved {
        "通过"
    } else {
        "退回"
    }
}
