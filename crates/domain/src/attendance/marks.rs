//! A trainee's mark for one session (R-ATT-1) and the facts the credit ledger takes from it
//! (R-CRD-1): hours attended, minutes late and early, unexcused absence, leave.
//!
//! Hours attended are the session's class hours pro rata to the minutes attended, rounded
//! **down** to the hundredth, so they never exceed the session: one minute late in a 3-hour
//! session is 179/180 × 3 = 2.983… → 2.98 hours. Deducting lateness at double the credits, and
//! "less than one class hour counts as one", is the ledger's rule (R-CRD-1); these facts carry the
//! minutes it needs.

use crate::class_hours::ClassHours;
use crate::code_enum;
use serde::{Deserialize, Serialize};

/// The longest reason kept with a mark, in characters.
const MAX_REASON_CHARS: usize = 500;

code_enum! {
    /// A trainee's attendance at one session (R-ATT-1).
    pub enum AttendanceStatus {
        Present => ("present", "出勤", "Present"),
        Late => ("late", "迟到", "Late"),
        LeftEarly => ("left_early", "早退", "Left early"),
        LateAndLeftEarly => ("late_and_left_early", "迟到并早退", "Late and left early"),
        /// On approved leave (请假, R-ATT-2).
        OnLeave => ("on_leave", "请假", "On approved leave"),
        /// Absent without leave (缺勤 without approval, i.e. 旷课).
        Absent => ("absent", "旷课", "Absent without leave"),
        /// Withdrawn from the class (退学, R-REG-5): no hours for any session of the class.
        Withdrawn => ("withdrawn", "退学", "Withdrawn"),
    }
}

code_enum! {
    /// Who set a mark: the trainee signing in, the head teacher, or an approved leave request.
    pub enum MarkSource {
        SignIn => ("sign_in", "本人签到", "Signed in"),
        Teacher => ("teacher", "班主任标记", "Marked by the head teacher"),
        Leave => ("leave", "请假审批", "Approved leave"),
    }
}

impl AttendanceStatus {
    /// The status carries minutes of lateness.
    pub fn has_late_minutes(self) -> bool {
        matches!(
            self,
            AttendanceStatus::Late | AttendanceStatus::LateAndLeftEarly
        )
    }

    /// The status carries minutes of early leave.
    pub fn has_early_minutes(self) -> bool {
        matches!(
            self,
            AttendanceStatus::LeftEarly | AttendanceStatus::LateAndLeftEarly
        )
    }

    /// The trainee was in the room for at least part of the session (counts towards the
    /// attendance rate of R-ATT-3).
    pub fn attended(self) -> bool {
        use AttendanceStatus as S;
        match self {
            S::Present | S::Late | S::LeftEarly | S::LateAndLeftEarly => true,
            S::OnLeave | S::Absent | S::Withdrawn => false,
        }
    }
}

/// A trainee's mark for one session: from their own sign-in or from the head teacher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub status: AttendanceStatus,
    /// Minutes late; 0 unless the status is late.
    #[serde(default)]
    pub minutes_late: u32,
    /// Minutes left early; 0 unless the status is left early.
    #[serde(default)]
    pub minutes_early: u32,
    /// Why the mark was set or corrected (R-ATT-1: kept for every correction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Why a mark was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkError {
    #[error("标记为“{}”时须填写迟到分钟数（大于 0）", .0.label_zh())]
    LateMinutesRequired(AttendanceStatus),
    #[error("标记为“{}”时须填写早退分钟数（大于 0）", .0.label_zh())]
    EarlyMinutesRequired(AttendanceStatus),
    #[error("标记为“{}”时不应填写{}分钟数，请清空或改选状态", .status.label_zh(), if *.late { "迟到" } else { "早退" })]
    UnexpectedMinutes {
        status: AttendanceStatus,
        /// The unexpected minutes are of lateness (otherwise of early leave).
        late: bool,
    },
    #[error(
        "迟到 {late} 分钟、早退 {early} 分钟，超过本节课时长 {session_minutes} 分钟，请核对分钟数或改为“旷课”"
    )]
    MinutesExceedSession {
        late: u32,
        early: u32,
        session_minutes: i64,
    },
    #[error("更正考勤须填写原因")]
    ReasonRequired,
    #[error("原因最多 500 字，实为 {0} 字")]
    ReasonTooLong(usize),
}

impl MarkError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            MarkError::LateMinutesRequired(_) => "MARK_LATE_MINUTES_REQUIRED",
            MarkError::EarlyMinutesRequired(_) => "MARK_EARLY_MINUTES_REQUIRED",
            MarkError::UnexpectedMinutes { .. } => "MARK_UNEXPECTED_MINUTES",
            MarkError::MinutesExceedSession { .. } => "MARK_MINUTES_EXCEED_SESSION",
            MarkError::ReasonRequired => "MARK_REASON_REQUIRED",
            MarkError::ReasonTooLong(_) => "MARK_REASON_TOO_LONG",
        }
    }
}

impl Mark {
    fn of(status: AttendanceStatus, minutes_late: u32, minutes_early: u32) -> Self {
        Self {
            status,
            minutes_late,
            minutes_early,
            reason: None,
        }
    }

    pub fn present() -> Self {
        Self::of(AttendanceStatus::Present, 0, 0)
    }

    pub fn late(minutes: u32) -> Self {
        Self::of(AttendanceStatus::Late, minutes, 0)
    }

    pub fn left_early(minutes: u32) -> Self {
        Self::of(AttendanceStatus::LeftEarly, 0, minutes)
    }

    pub fn late_and_left_early(late: u32, early: u32) -> Self {
        Self::of(AttendanceStatus::LateAndLeftEarly, late, early)
    }

    pub fn on_leave() -> Self {
        Self::of(AttendanceStatus::OnLeave, 0, 0)
    }

    pub fn absent() -> Self {
        Self::of(AttendanceStatus::Absent, 0, 0)
    }

    pub fn withdrawn() -> Self {
        Self::of(AttendanceStatus::Withdrawn, 0, 0)
    }

    /// The same mark with a reason.
    pub fn because(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Checks the mark against a session of `session_minutes`: minutes are given exactly when
    /// the status carries them, are more than 0, and together fit in the session (late for the
    /// whole session is allowed: the ledger deducts it as lateness, the head teacher may prefer
    /// "absent"). A reason, when given, is at most 500 characters; a blank one counts as none.
    pub fn validate(&self, session_minutes: i64) -> Result<(), MarkError> {
        let status = self.status;
        if status.has_late_minutes() && self.minutes_late == 0 {
            return Err(MarkError::LateMinutesRequired(status));
        }
        if status.has_early_minutes() && self.minutes_early == 0 {
            return Err(MarkError::EarlyMinutesRequired(status));
        }
        if !status.has_late_minutes() && self.minutes_late != 0 {
            return Err(MarkError::UnexpectedMinutes { status, late: true });
        }
        if !status.has_early_minutes() && self.minutes_early != 0 {
            return Err(MarkError::UnexpectedMinutes {
                status,
                late: false,
            });
        }
        let missed = i64::from(self.minutes_late) + i64::from(self.minutes_early);
        if missed > session_minutes {
            return Err(MarkError::MinutesExceedSession {
                late: self.minutes_late,
                early: self.minutes_early,
                session_minutes,
            });
        }
        if let Some(reason) = self.reason() {
            let chars = reason.chars().count();
            if chars > MAX_REASON_CHARS {
                return Err(MarkError::ReasonTooLong(chars));
            }
        }
        Ok(())
    }

    /// Checks a head teacher's correction of an earlier mark: valid, and with a reason
    /// (R-ATT-1: a reason is kept for every correction).
    pub fn validate_correction(&self, session_minutes: i64) -> Result<(), MarkError> {
        self.validate(session_minutes)?;
        if self.reason().is_none() {
            return Err(MarkError::ReasonRequired);
        }
        Ok(())
    }

    /// The reason, trimmed; None when absent or blank.
    pub fn reason(&self) -> Option<&str> {
        self.reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
    }
}

/// What the credit ledger needs to know about one trainee at one session (R-CRD-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SessionFacts {
    pub status: AttendanceStatus,
    /// Class hours earned by attendance: the session's hours less the part missed, rounded down
    /// to the hundredth; nothing for leave, absence or withdrawal.
    pub hours_attended: ClassHours,
    pub minutes_late: u32,
    pub minutes_early: u32,
    /// Absent without leave (deducted at double, R-CRD-1).
    pub unexcused_absence: bool,
    /// On approved leave: earns nothing and is not deducted (R-CRD-1), counts towards the leave
    /// cap (R-REG-5).
    pub on_leave: bool,
    /// Withdrawn (R-REG-5): the ledger reverses every hour of the class, not only this session's.
    pub withdrawn: bool,
}

/// The ledger's facts for a trainee marked `mark` at a session of `session_hours` class hours
/// lasting `session_minutes` clock minutes.
///
/// The mark is expected to be valid ([`Mark::validate`]); an invalid one does not panic: missed
/// minutes beyond the session, or a session of no minutes, give no hours.
pub fn session_facts(session_hours: ClassHours, session_minutes: i64, mark: &Mark) -> SessionFacts {
    use AttendanceStatus as S;
    let hours_attended = match mark.status {
        S::OnLeave | S::Absent | S::Withdrawn => ClassHours::ZERO,
        S::Present | S::Late | S::LeftEarly | S::LateAndLeftEarly => {
            let missed = i64::from(mark.minutes_late) + i64::from(mark.minutes_early);
            pro_rata(session_hours, session_minutes, session_minutes - missed)
        }
    };
    SessionFacts {
        status: mark.status,
        hours_attended,
        minutes_late: mark.minutes_late,
        minutes_early: mark.minutes_early,
        unexcused_absence: mark.status == S::Absent,
        on_leave: mark.status == S::OnLeave,
        withdrawn: mark.status == S::Withdrawn,
    }
}

/// `hours × attended / length`, rounded down to the hundredth; the whole session when attended
/// covers it, nothing when the session has no length or nothing was attended.
fn pro_rata(hours: ClassHours, length: i64, attended: i64) -> ClassHours {
    if length <= 0 || attended <= 0 {
        return ClassHours::ZERO;
    }
    if attended >= length {
        return hours;
    }
    // attended < length, both positive: the product fits in i128 and the quotient in u32.
    let hundredths = i128::from(hours.hundredths()) * i128::from(attended) / i128::from(length);
    ClassHours::from_hundredths(u32::try_from(hundredths).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hours(text: &str) -> ClassHours {
        ClassHours::parse(text).unwrap()
    }

    #[test]
    fn one_minute_late_in_a_three_hour_session_attends_two_point_nine_eight_hours() {
        let facts = session_facts(hours("3"), 180, &Mark::late(1));
        assert_eq!(facts.hours_attended, hours("2.98"));
        assert_eq!(facts.minutes_late, 1);
        assert!(!facts.unexcused_absence && !facts.on_leave && !facts.withdrawn);
    }

    #[test]
    fn present_attends_the_whole_session() {
        let facts = session_facts(hours("3"), 180, &Mark::present());
        assert_eq!(facts.hours_attended, hours("3"));
        assert_eq!((facts.minutes_late, facts.minutes_early), (0, 0));
    }

    #[test]
    fn late_and_early_minutes_both_come_off_and_round_down() {
        // 10 late + 20 early of 180: 150/180 × 3 = 2.5 exactly.
        let facts = session_facts(hours("3"), 180, &Mark::late_and_left_early(10, 20));
        assert_eq!(facts.hours_attended, hours("2.5"));
        // 7 early of a 170-minute session worth 2.75: 163/170 × 2.75 = 2.6367… → 2.63.
        let facts = session_facts(hours("2.75"), 170, &Mark::left_early(7));
        assert_eq!(facts.hours_attended, hours("2.63"));
        assert_eq!(facts.minutes_early, 7);
    }

    #[test]
    fn leave_absence_and_withdrawal_attend_nothing_and_say_why() {
        let leave = session_facts(hours("3"), 180, &Mark::on_leave());
        assert_eq!(leave.hours_attended, ClassHours::ZERO);
        assert!(leave.on_leave && !leave.unexcused_absence);
        let absent = session_facts(hours("3"), 180, &Mark::absent());
        assert_eq!(absent.hours_attended, ClassHours::ZERO);
        assert!(absent.unexcused_absence && !absent.on_leave);
        let withdrawn = session_facts(hours("3"), 180, &Mark::withdrawn());
        assert_eq!(withdrawn.hours_attended, ClassHours::ZERO);
        assert!(withdrawn.withdrawn && !withdrawn.unexcused_absence && !withdrawn.on_leave);
    }

    #[test]
    fn late_for_the_whole_session_attends_nothing_and_a_session_without_length_gives_nothing() {
        let facts = session_facts(hours("3"), 180, &Mark::late(180));
        assert_eq!(facts.hours_attended, ClassHours::ZERO);
        assert_eq!(
            session_facts(hours("3"), 0, &Mark::present()).hours_attended,
            ClassHours::ZERO
        );
        // An invalid mark does not panic.
        assert_eq!(
            session_facts(hours("3"), 180, &Mark::late(500)).hours_attended,
            ClassHours::ZERO
        );
    }

    #[test]
    fn minutes_are_required_exactly_when_the_status_carries_them() {
        Mark::present().validate(180).unwrap();
        Mark::late(1).validate(180).unwrap();
        Mark::late(180).validate(180).unwrap();
        Mark::late_and_left_early(90, 90).validate(180).unwrap();
        Mark::on_leave().validate(180).unwrap();

        let error = Mark::late(0).validate(180).unwrap_err();
        assert_eq!(error.code(), "MARK_LATE_MINUTES_REQUIRED");
        assert_eq!(
            error.to_string(),
            "标记为“迟到”时须填写迟到分钟数（大于 0）"
        );
        let error = Mark::late_and_left_early(5, 0).validate(180).unwrap_err();
        assert_eq!(error.code(), "MARK_EARLY_MINUTES_REQUIRED");
        assert_eq!(
            error.to_string(),
            "标记为“迟到并早退”时须填写早退分钟数（大于 0）"
        );
        let error = Mark {
            minutes_late: 5,
            ..Mark::present()
        }
        .validate(180)
        .unwrap_err();
        assert_eq!(error.code(), "MARK_UNEXPECTED_MINUTES");
        assert_eq!(
            error.to_string(),
            "标记为“出勤”时不应填写迟到分钟数，请清空或改选状态"
        );
        let error = Mark {
            minutes_early: 5,
            ..Mark::late(3)
        }
        .validate(180)
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "标记为“迟到”时不应填写早退分钟数，请清空或改选状态"
        );
    }

    #[test]
    fn minutes_beyond_the_session_are_refused() {
        let error = Mark::late(181).validate(180).unwrap_err();
        assert_eq!(error.code(), "MARK_MINUTES_EXCEED_SESSION");
        let error = Mark::late_and_left_early(100, 81)
            .validate(180)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "迟到 100 分钟、早退 81 分钟，超过本节课时长 180 分钟，请核对分钟数或改为“旷课”"
        );
    }

    #[test]
    fn a_correction_needs_a_reason_and_a_reason_has_a_length_limit() {
        let error = Mark::absent().validate_correction(180).unwrap_err();
        assert_eq!(error.code(), "MARK_REASON_REQUIRED");
        assert_eq!(error.to_string(), "更正考勤须填写原因");
        assert_eq!(
            Mark::absent()
                .because("  ")
                .validate_correction(180)
                .unwrap_err()
                .code(),
            "MARK_REASON_REQUIRED"
        );
        Mark::late(12)
            .because("签到时手机没电，班主任核实")
            .validate_correction(180)
            .unwrap();
        let error = Mark::present()
            .because("很".repeat(501))
            .validate(180)
            .unwrap_err();
        assert_eq!(error.code(), "MARK_REASON_TOO_LONG");
        assert_eq!(error.to_string(), "原因最多 500 字，实为 501 字");
    }

    #[test]
    fn statuses_have_stable_codes_and_chinese_labels() {
        let codes: Vec<_> = AttendanceStatus::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(
            codes,
            [
                "present",
                "late",
                "left_early",
                "late_and_left_early",
                "on_leave",
                "absent",
                "withdrawn"
            ]
        );
        assert_eq!(
            AttendanceStatus::parse("旷课"),
            Some(AttendanceStatus::Absent)
        );
        assert_eq!(
            AttendanceStatus::parse("请假"),
            Some(AttendanceStatus::OnLeave)
        );
        assert!(AttendanceStatus::Late.attended());
        assert!(!AttendanceStatus::OnLeave.attended());
    }

    #[test]
    fn a_mark_reads_from_json_with_minutes_defaulting_to_zero() {
        let mark: Mark = serde_json::from_str(r#"{"status":"late","minutes_late":5}"#).unwrap();
        assert_eq!(mark, Mark::late(5));
        let json = serde_json::to_string(&Mark::absent().because("未请假")).unwrap();
        assert_eq!(
            json,
            r#"{"status":"absent","minutes_late":0,"minutes_early":0,"reason":"未请假"}"#
        );
    }

    proptest! {
        #[test]
        fn hours_attended_never_exceed_the_session_and_shrink_with_missed_minutes(
            session_hundredths in 0u32..=600,
            length in 1i64..=600,
            a in 0u32..=600,
            b in 0u32..=600,
        ) {
            let session = ClassHours::from_hundredths(session_hundredths);
            let (fewer, more) = (a.min(b), a.max(b));
            let facts = |late: u32| {
                let mark = if late == 0 { Mark::present() } else { Mark::late(late) };
                session_facts(session, length, &mark).hours_attended
            };
            prop_assert!(facts(fewer) <= session);
            prop_assert!(facts(more) <= facts(fewer));
        }
    }
}
