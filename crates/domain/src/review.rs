//! Deciding something entered for review — a research output, a training record from
//! elsewhere, and later funding, online self-reports and mentoring records: approve or return
//! it, a reason required to return, and **nobody decides what they entered themselves**
//! (as for classes and plans). One rule, whatever is reviewed.

crate::code_enum! {
    /// Where a reviewed record stands: entered and waiting, approved (it counts), or returned
    /// with the reviewer's reason.
    pub enum ReviewState {
        Pending => ("pending", "待审核", "Pending"),
        Approved => ("approved", "已通过", "Approved"),
        Rejected => ("rejected", "已退回", "Returned"),
    }
}

/// A decision read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub approve: bool,
    /// The reviewer's reason; "审核通过" when an approval gives none.
    pub reason: String,
}

impl Verdict {
    /// The state the reviewed record moves to.
    pub fn state(&self) -> ReviewState {
        if self.approve {
            ReviewState::Approved
        } else {
            ReviewState::Rejected
        }
    }
}

/// Why a decision is refused. The messages name `what` is reviewed (成果, 培训记录 …).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("无法识别的决定：{given}（应为 approve 或 reject）")]
    UnknownDecision { given: String },
    #[error("退回须说明原因")]
    ReasonRequired,
    #[error("不能审核本人登记的{what}，请由另一位审核人员审核")]
    SelfReview { what: String },
}

impl ReviewError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ReviewError::UnknownDecision { .. } => "UNKNOWN_DECISION",
            ReviewError::ReasonRequired => "REASON_REQUIRED",
            ReviewError::SelfReview { .. } => "SELF_APPROVAL",
        }
    }

    /// The request field the problem is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ReviewError::UnknownDecision { .. } => Some("decision"),
            ReviewError::ReasonRequired => Some("reason"),
            ReviewError::SelfReview { .. } => None,
        }
    }
}

/// Reads `decision` (`approve` or `reject`) on `what`, entered by the account `entered_by`,
/// decided by the account `reviewer`.
pub fn decide(
    what: &str,
    decision: &str,
    reason: &str,
    entered_by: &str,
    reviewer: &str,
) -> Result<Verdict, ReviewError> {
    let approve = match decision {
        "approve" => true,
        "reject" => false,
        other => {
            return Err(ReviewError::UnknownDecision {
                given: other.to_owned(),
            });
        }
    };
    if entered_by == reviewer {
        return Err(ReviewError::SelfReview {
            what: what.to_owned(),
        });
    }
    let reason = reason.trim();
    if !approve && reason.is_empty() {
        return Err(ReviewError::ReasonRequired);
    }
    Ok(Verdict {
        approve,
        reason: if reason.is_empty() {
            "审核通过".to_owned()
        } else {
            reason.to_owned()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_reviewer_approves_with_or_without_a_reason() {
        assert_eq!(
            decide("成果", "approve", "  ", "county", "zzb"),
            Ok(Verdict {
                approve: true,
                reason: "审核通过".into()
            })
        );
        assert_eq!(
            decide("成果", "approve", "材料齐全", "county", "zzb")
                .unwrap()
                .reason,
            "材料齐全"
        );
    }

    #[test]
    fn returning_needs_a_reason() {
        let refused = decide("成果", "reject", " ", "county", "zzb").unwrap_err();
        assert_eq!(
            (refused.code(), refused.field()),
            ("REASON_REQUIRED", Some("reason"))
        );
        assert!(
            !decide("成果", "reject", "证明材料不清晰", "county", "zzb")
                .unwrap()
                .approve
        );
    }

    #[test]
    fn nobody_decides_what_they_entered_either_way() {
        for decision in ["approve", "reject"] {
            let refused = decide("培训记录", decision, "x", "zzb", "zzb").unwrap_err();
            assert_eq!(refused.code(), "SELF_APPROVAL");
            assert_eq!(
                refused.to_string(),
                "不能审核本人登记的培训记录，请由另一位审核人员审核"
            );
        }
    }

    #[test]
    fn an_unknown_decision_is_named() {
        let refused = decide("成果", "yes", "", "county", "zzb").unwrap_err();
        assert_eq!(
            (refused.code(), refused.field()),
            ("UNKNOWN_DECISION", Some("decision"))
        );
        assert!(refused.to_string().contains("yes"));
    }
}
