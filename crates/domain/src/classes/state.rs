//! The life of a class (R-CLS-2, R-CLS-5, R-CLS-6): which state it is in, which actions move it
//! on, and what it may do in each state.
//!
//! ```text
//! draft ─submit→ submitted ─approve→ approved ─┐
//!                submitted ─file───→ filed ────┴─open_enrolment→ enrolling ─start→ in_progress
//!                submitted ─reject─→ rejected ─revise→ draft
//! in_progress ─end→ ended ─report→ reported ─archive→ archived
//! any state before ended ─cancel→ cancelled
//! ```
//!
//! `approve` records the approval of a class that needs no filing; `file` records a class approved
//! by the competent department and filed with the organisation department (seed 000 item 6).
//! Which one applies is the routing decision's
//! ([`RoutingDecision::deciding_action`](super::approval::RoutingDecision::deciding_action)).
//! Recording who did what, when and why is the caller's job: this module only says whether a move
//! is legal.

use crate::code_enum;

/// The stable code callers answer with when a class that has not been approved or filed is asked
/// to enrol, take a roll call or issue certificates.
pub const CLASS_NOT_APPROVED: &str = "CLASS_NOT_APPROVED";

code_enum! {
    /// Where a class stands.
    pub enum ClassState {
        Draft => ("draft", "草稿", "Draft"),
        Submitted => ("submitted", "已申报", "Submitted"),
        Approved => ("approved", "已审批", "Approved"),
        Filed => ("filed", "已备案", "Approved and filed"),
        Rejected => ("rejected", "已退回", "Rejected"),
        Enrolling => ("enrolling", "报名中", "Enrolling"),
        InProgress => ("in_progress", "培训中", "In progress"),
        Ended => ("ended", "已结束", "Ended"),
        Reported => ("reported", "已报送绩效报告", "Performance report submitted"),
        Archived => ("archived", "已归档", "Archived"),
        Cancelled => ("cancelled", "已取消", "Cancelled"),
    }
}

code_enum! {
    /// What a person does to a class.
    pub enum ClassAction {
        Submit => ("submit", "提交申报", "Submit for approval"),
        Approve => ("approve", "审批通过", "Approve"),
        File => ("file", "审批同意并备案", "Approve and file"),
        Reject => ("reject", "退回", "Reject"),
        Revise => ("revise", "退回后修改", "Revise"),
        OpenEnrolment => ("open_enrolment", "开始报名", "Open enrolment"),
        Start => ("start", "开班", "Start"),
        End => ("end", "结束培训", "End"),
        Report => ("report", "报送绩效报告", "Submit the performance report"),
        Archive => ("archive", "归档", "Archive"),
        Cancel => ("cancel", "取消班次", "Cancel"),
    }
}

code_enum! {
    /// Where a class's performance report (绩效报告) stands: drafted and edited by those who
    /// run the class, then submitted once (which moves the class to `reported`).
    pub enum ReportState {
        Draft => ("draft", "草稿", "Draft"),
        Submitted => ("submitted", "已报送", "Submitted"),
    }
}

code_enum! {
    /// What a class does with its trainees, allowed only once it has been approved or filed.
    pub enum ClassActivity {
        Enrol => ("enrol", "报名调学", "Enrol trainees"),
        RollCall => ("roll_call", "考勤点名", "Take a roll call"),
        IssueCertificates => ("issue_certificates", "颁发结业证书", "Issue completion certificates"),
    }
}

/// An action that the class's state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("班次当前状态为“{}”，不能“{}”；{}", .from.label_zh(), .action.label_zh(), allowed_hint(*.from))]
pub struct TransitionError {
    pub from: ClassState,
    pub action: ClassAction,
}

impl TransitionError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        "ILLEGAL_TRANSITION"
    }
}

fn allowed_hint(state: ClassState) -> String {
    let allowed: Vec<&str> = state
        .allowed_actions()
        .into_iter()
        .map(ClassAction::label_zh)
        .collect();
    if allowed.is_empty() {
        "该状态下不能再做任何操作".to_owned()
    } else {
        format!("当前可以：{}", allowed.join("、"))
    }
}

/// The state a class reaches by `action`, or why it cannot.
pub fn transition(from: ClassState, action: ClassAction) -> Result<ClassState, TransitionError> {
    use ClassAction as A;
    use ClassState as S;
    let to = match (from, action) {
        (S::Draft, A::Submit) => S::Submitted,
        (S::Submitted, A::Approve) => S::Approved,
        (S::Submitted, A::File) => S::Filed,
        (S::Submitted, A::Reject) => S::Rejected,
        // A rejected dossier goes back to draft to be revised and submitted again; the caller
        // keeps the rejection in the class's history (R-CLS-2).
        (S::Rejected, A::Revise) => S::Draft,
        (S::Approved | S::Filed, A::OpenEnrolment) => S::Enrolling,
        (S::Enrolling, A::Start) => S::InProgress,
        (S::InProgress, A::End) => S::Ended,
        (S::Ended, A::Report) => S::Reported,
        (S::Reported, A::Archive) => S::Archived,
        (
            S::Draft
            | S::Submitted
            | S::Approved
            | S::Filed
            | S::Rejected
            | S::Enrolling
            | S::InProgress,
            A::Cancel,
        ) => S::Cancelled,
        _ => return Err(TransitionError { from, action }),
    };
    Ok(to)
}

/// Why a class may not do something now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClassGateError {
    #[error("班次尚未经审批或备案（当前状态：{}），不能{}；请先提交申报并等待审批", .state.label_zh(), .activity.label_zh())]
    NotApproved {
        state: ClassState,
        activity: ClassActivity,
    },
    #[error("班次当前状态为“{}”，此时不能{}", .state.label_zh(), .activity.label_zh())]
    WrongStage {
        state: ClassState,
        activity: ClassActivity,
    },
}

impl ClassGateError {
    /// The stable machine code: [`CLASS_NOT_APPROVED`] or `CLASS_WRONG_STAGE`.
    pub fn code(&self) -> &'static str {
        match self {
            ClassGateError::NotApproved { .. } => CLASS_NOT_APPROVED,
            ClassGateError::WrongStage { .. } => "CLASS_WRONG_STAGE",
        }
    }
}

impl ClassState {
    /// The states of a class that has taken place: it counts in its trainees' training
    /// records, credits and archives.
    pub const FINISHED: &'static [ClassState] = &[
        ClassState::Ended,
        ClassState::Reported,
        ClassState::Archived,
    ];

    /// The class has taken place (see [`ClassState::FINISHED`]).
    pub fn is_finished(self) -> bool {
        Self::FINISHED.contains(&self)
    }

    /// The actions legal from this state, in declaration order.
    pub fn allowed_actions(self) -> Vec<ClassAction> {
        ClassAction::ALL
            .iter()
            .copied()
            .filter(|action| transition(self, *action).is_ok())
            .collect()
    }

    /// No action leaves this state.
    pub fn is_terminal(self) -> bool {
        matches!(self, ClassState::Archived | ClassState::Cancelled)
    }

    /// The class has been approved or filed and not cancelled: it is a sanctioned class
    /// (R-CLS-2: a class must be approved before it runs).
    pub fn is_sanctioned(self) -> bool {
        use ClassState as S;
        match self {
            S::Approved | S::Filed | S::Enrolling | S::InProgress | S::Ended | S::Reported => true,
            S::Archived => true,
            S::Draft | S::Submitted | S::Rejected | S::Cancelled => false,
        }
    }

    /// Whether the class may do `activity` now:
    /// - enrol while enrolment is open and during the class (late replacements, 调换学员);
    /// - take roll calls only while it runs;
    /// - issue completion certificates only after it ended (R-CLS-6), also once reported or
    ///   archived, for a certificate reissued later.
    pub fn permits(self, activity: ClassActivity) -> bool {
        use ClassState as S;
        match activity {
            ClassActivity::Enrol => matches!(self, S::Enrolling | S::InProgress),
            ClassActivity::RollCall => matches!(self, S::InProgress),
            ClassActivity::IssueCertificates => {
                matches!(self, S::Ended | S::Reported | S::Archived)
            }
        }
    }

    pub fn may_enrol(self) -> bool {
        self.permits(ClassActivity::Enrol)
    }

    pub fn may_run_roll_call(self) -> bool {
        self.permits(ClassActivity::RollCall)
    }

    pub fn may_issue_certificates(self) -> bool {
        self.permits(ClassActivity::IssueCertificates)
    }

    /// `Ok` when the class may do `activity` now; otherwise [`ClassGateError::NotApproved`]
    /// (code `CLASS_NOT_APPROVED`) for a class never approved or filed, and
    /// [`ClassGateError::WrongStage`] for an approved class at the wrong stage or a cancelled one.
    pub fn require(self, activity: ClassActivity) -> Result<(), ClassGateError> {
        if self.permits(activity) {
            Ok(())
        } else if self.is_sanctioned() || self == ClassState::Cancelled {
            Err(ClassGateError::WrongStage {
                state: self,
                activity,
            })
        } else {
            Err(ClassGateError::NotApproved {
                state: self,
                activity,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClassAction as A;
    use ClassState as S;
    use proptest::prelude::*;

    /// Every legal move. Any pair not listed here must be refused.
    const LEGAL: &[(ClassState, ClassAction, ClassState)] = &[
        (S::Draft, A::Submit, S::Submitted),
        (S::Draft, A::Cancel, S::Cancelled),
        (S::Submitted, A::Approve, S::Approved),
        (S::Submitted, A::File, S::Filed),
        (S::Submitted, A::Reject, S::Rejected),
        (S::Submitted, A::Cancel, S::Cancelled),
        (S::Rejected, A::Revise, S::Draft),
        (S::Rejected, A::Cancel, S::Cancelled),
        (S::Approved, A::OpenEnrolment, S::Enrolling),
        (S::Approved, A::Cancel, S::Cancelled),
        (S::Filed, A::OpenEnrolment, S::Enrolling),
        (S::Filed, A::Cancel, S::Cancelled),
        (S::Enrolling, A::Start, S::InProgress),
        (S::Enrolling, A::Cancel, S::Cancelled),
        (S::InProgress, A::End, S::Ended),
        (S::InProgress, A::Cancel, S::Cancelled),
        (S::Ended, A::Report, S::Reported),
        (S::Reported, A::Archive, S::Archived),
    ];

    #[test]
    fn every_state_action_pair_is_allowed_or_refused_as_the_table_says() {
        let mut checked = 0;
        for &from in ClassState::ALL {
            for &action in ClassAction::ALL {
                let expected = LEGAL
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                match (transition(from, action), expected) {
                    (Ok(to), Some(expected)) => assert_eq!(to, expected, "{from} {action}"),
                    (Err(error), None) => {
                        assert_eq!(error, TransitionError { from, action });
                        assert_eq!(error.code(), "ILLEGAL_TRANSITION");
                    }
                    (got, expected) => {
                        panic!("{from} --{action}--> got {got:?}, expected {expected:?}")
                    }
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 11 * 11);
    }

    #[test]
    fn a_refused_transition_says_in_chinese_what_can_be_done_instead() {
        let error = transition(S::Draft, A::Approve).unwrap_err();
        assert_eq!(
            error.to_string(),
            "班次当前状态为“草稿”，不能“审批通过”；当前可以：提交申报、取消班次"
        );
        let error = transition(S::Archived, A::Cancel).unwrap_err();
        assert_eq!(
            error.to_string(),
            "班次当前状态为“已归档”，不能“取消班次”；该状态下不能再做任何操作"
        );
    }

    #[test]
    fn a_class_can_be_cancelled_before_it_ends_and_not_after() {
        for &state in ClassState::ALL {
            let before_end = !matches!(state, S::Ended | S::Reported | S::Archived | S::Cancelled);
            assert_eq!(transition(state, A::Cancel).is_ok(), before_end, "{state}");
        }
    }

    #[test]
    fn only_archived_and_cancelled_classes_are_terminal() {
        for &state in ClassState::ALL {
            assert_eq!(
                state.allowed_actions().is_empty(),
                state.is_terminal(),
                "{state}"
            );
        }
    }

    #[test]
    fn a_rejected_dossier_is_revised_into_a_draft_and_submitted_again() {
        let mut state = S::Draft;
        for action in [A::Submit, A::Reject, A::Revise, A::Submit, A::File] {
            state = transition(state, action).unwrap();
        }
        assert_eq!(state, S::Filed);
    }

    #[test]
    fn a_class_enrols_during_enrolment_and_the_class_only() {
        let enrolling: Vec<ClassState> = ClassState::ALL
            .iter()
            .copied()
            .filter(|s| s.may_enrol())
            .collect();
        assert_eq!(enrolling, [S::Enrolling, S::InProgress]);
    }

    #[test]
    fn roll_calls_run_only_while_the_class_is_in_progress() {
        let states: Vec<ClassState> = ClassState::ALL
            .iter()
            .copied()
            .filter(|s| s.may_run_roll_call())
            .collect();
        assert_eq!(states, [S::InProgress]);
    }

    #[test]
    fn certificates_are_issued_only_by_approved_classes_that_have_ended() {
        let states: Vec<ClassState> = ClassState::ALL
            .iter()
            .copied()
            .filter(|s| s.may_issue_certificates())
            .collect();
        assert_eq!(states, [S::Ended, S::Reported, S::Archived]);
        for state in states {
            assert!(state.is_sanctioned());
        }
    }

    #[test]
    fn an_unapproved_class_is_refused_with_class_not_approved() {
        for state in [S::Draft, S::Submitted, S::Rejected] {
            for &activity in ClassActivity::ALL {
                let error = state.require(activity).unwrap_err();
                assert_eq!(error.code(), CLASS_NOT_APPROVED, "{state} {activity}");
            }
        }
        assert_eq!(
            S::Submitted
                .require(ClassActivity::Enrol)
                .unwrap_err()
                .to_string(),
            "班次尚未经审批或备案（当前状态：已申报），不能报名调学；请先提交申报并等待审批"
        );
    }

    #[test]
    fn an_approved_class_at_the_wrong_stage_is_refused_with_another_code() {
        let error = S::Approved.require(ClassActivity::RollCall).unwrap_err();
        assert_eq!(error.code(), "CLASS_WRONG_STAGE");
        assert_eq!(
            error.to_string(),
            "班次当前状态为“已审批”，此时不能考勤点名"
        );
        assert_eq!(
            S::Cancelled
                .require(ClassActivity::IssueCertificates)
                .unwrap_err()
                .code(),
            "CLASS_WRONG_STAGE"
        );
        assert_eq!(S::Ended.require(ClassActivity::IssueCertificates), Ok(()));
    }

    proptest! {
        /// Whatever sequence of actions is tried, a class can only reach a state where it enrols,
        /// runs roll calls or issues certificates through an approval or a filing.
        #[test]
        fn no_sequence_of_actions_reaches_the_class_activities_without_approval(
            actions in proptest::collection::vec(proptest::sample::select(ClassAction::ALL), 0..30)
        ) {
            let mut state = S::Draft;
            let mut approved_since_last_draft = false;
            for action in actions {
                if let Ok(next) = transition(state, action) {
                    if matches!(action, A::Approve | A::File) {
                        approved_since_last_draft = true;
                    }
                    if next == S::Draft {
                        approved_since_last_draft = false;
                    }
                    state = next;
                }
                let active = ClassActivity::ALL.iter().any(|a| state.permits(*a));
                prop_assert!(!active || approved_since_last_draft, "{state}");
                prop_assert_eq!(state.is_sanctioned(), approved_since_last_draft && state != S::Cancelled);
            }
        }
    }
}
