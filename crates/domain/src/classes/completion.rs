//! Completion (结业, ADR 0023): who completed a class, and so gets its certificate.
//!
//! A trainee completes a class when, at its end,
//!
//! 1. they held their seat to the end (not withdrawn, 退学);
//! 2. where a roll call was taken, they attended at least the class's hours less the leave cap
//!    (R-REG-5): with the national 1/7, at least 6/7 of the hours. Leave past the cap withdraws a
//!    trainee (Art. 15); missing the same hours without leave, late or leaving early cannot leave
//!    anyone better off, so the cap on leave is the floor on attendance. Without a roll call,
//!    arriving (not recorded absent at the opening, 到位) is all that is known and is required;
//!    with one, the roll calls supersede the arrival mark (someone who came on the second day
//!    and attended enough completed);
//! 3. where the class has a grading scheme, their final grade passed. A component nobody entered
//!    is not a 0: it keeps the verdict pending (待定) until it is entered.
//!
//! The hours a trainee attended are the same figure everywhere (grades' attendance component,
//! completion, compliance, the archive): each session with a roll call counts what its mark
//! says (pro rata for late and early, nothing for leave or absence, nothing when the trainee
//! was not marked in it); a session with no roll call (none opened, nobody marked present, late,
//! early or absent — leave marks are written by decisions, not by a roll call) counts in full.
//! A class with no roll call at all has no attendance figure: its planned hours count.

use crate::attendance::{LeaveCap, Mark, session_facts};
use crate::class_hours::ClassHours;
use crate::credits::grades::GradeVerdict;
use serde::Serialize;

crate::code_enum! {
    /// The completion verdict of one trainee in one ended class.
    pub enum CompletionVerdict {
        /// Met every condition: gets the certificate.
        Completed => ("completed", "结业", "Completed"),
        /// Fell short of a condition (肄业): no certificate.
        NotCompleted => ("not_completed", "未结业", "Not completed"),
        /// Met the attendance, but scores are still to be entered.
        Pending => ("pending", "待定（成绩未录全）", "Pending (scores missing)"),
        /// Left the class (退学, R-REG-5): no hours, no certificate.
        Withdrawn => ("withdrawn", "退学", "Withdrawn"),
    }
}

/// One session as completion reads it: its hours and length, whether a roll call was taken in
/// it (opened, or anyone marked present, late, early or absent), and this trainee's mark.
#[derive(Debug, Clone, Copy)]
pub struct SessionRoll<'a> {
    pub hours: ClassHours,
    pub minutes: i64,
    pub called: bool,
    pub mark: Option<&'a Mark>,
}

/// A trainee's attendance over a class with a roll call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendance {
    /// Class hours attended ("15.5").
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub attended: ClassHours,
    /// Class hours of the teaching plan.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub planned: ClassHours,
}

impl Attendance {
    /// Attended over planned, in hundredths of a percent (8571 is 85.71 %), rounded down; 100 %
    /// for a class of no hours.
    pub fn rate(&self) -> u32 {
        if self.planned == ClassHours::ZERO {
            return 10_000;
        }
        let rate =
            u64::from(self.attended.hundredths()) * 10_000 / u64::from(self.planned.hundredths());
        u32::try_from(rate.min(10_000)).unwrap_or(10_000)
    }
}

/// The hours attended over `sessions` (see the module's text), or `None` when no session had a
/// roll call. A withdrawn trainee attended nothing.
pub fn attendance(sessions: &[SessionRoll<'_>], withdrawn: bool) -> Option<Attendance> {
    if !sessions.iter().any(|s| s.called) {
        return None;
    }
    let planned: ClassHours = sessions.iter().map(|s| s.hours).sum();
    let attended = if withdrawn {
        ClassHours::ZERO
    } else {
        sessions
            .iter()
            .map(|s| match (s.called, s.mark) {
                (false, _) => s.hours,
                (true, None) => ClassHours::ZERO,
                (true, Some(mark)) => session_facts(s.hours, s.minutes, mark).hours_attended,
            })
            .sum()
    };
    Some(Attendance { attended, planned })
}

/// The fewest hours a trainee must attend: the planned hours less the leave the cap allows
/// (60 hours under 1/7: 60 − 8.57 = 51.43).
pub fn required_hours(planned: ClassHours, cap: LeaveCap) -> ClassHours {
    ClassHours::from_hundredths(
        planned
            .hundredths()
            .saturating_sub(cap.allowance(planned).hundredths()),
    )
}

/// A trainee's grade as completion reads it (only for a class with a grading scheme).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeFacts {
    pub verdict: GradeVerdict,
    /// Hundredths of a point, when every component was entered.
    pub total: Option<u32>,
    /// Points needed to pass.
    pub pass_mark: u32,
    /// The labels of the components not entered yet.
    pub missing: Vec<String>,
}

/// What completion knows of one trainee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionFacts {
    pub withdrawn: bool,
    /// Recorded as absent when the class opened (到位).
    pub absent_at_opening: bool,
    /// `None` when the class had no roll call.
    pub attendance: Option<Attendance>,
    /// The leave cap in force (R-REG-5); its complement is the attendance required.
    pub leave_cap: LeaveCap,
    /// `None` when the class has no grading scheme.
    pub grade: Option<GradeFacts>,
}

/// Why a trainee has not (yet) completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = CompletionShortfall))]
pub enum Shortfall {
    /// Withdrawn (退学).
    Withdrawn,
    /// Recorded absent when the class opened.
    AbsentAtOpening,
    /// Attended fewer hours than required.
    Attendance {
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        attended: ClassHours,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        required: ClassHours,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        planned: ClassHours,
        /// The leave cap the requirement comes from ("1/7").
        cap: String,
    },
    /// The final grade is below the pass mark.
    Failed {
        /// Hundredths of a point.
        total: u32,
        pass_mark: u32,
    },
    /// Components not entered yet (their labels).
    ScoresMissing { components: Vec<String> },
}

impl Shortfall {
    /// The reason in Chinese, as exports print it.
    pub fn text_zh(&self) -> String {
        match self {
            Shortfall::Withdrawn => "已退学".to_owned(),
            Shortfall::AbsentAtOpening => "开班时未到位".to_owned(),
            Shortfall::Attendance {
                attended,
                required,
                planned,
                cap,
            } => format!(
                "出勤 {attended} 学时，未达到总学时 {planned} 扣除请假上限 {cap} 后的 {required} 学时"
            ),
            Shortfall::Failed { total, pass_mark } => format!(
                "总评 {} 分，低于合格分 {pass_mark} 分",
                ClassHours::from_hundredths(*total)
            ),
            Shortfall::ScoresMissing { components } => {
                format!("成绩未录全：{}未录入", components.join("、"))
            }
        }
    }
}

/// A trainee's completion: the verdict and, unless completed, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completion {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub verdict: CompletionVerdict,
    pub reasons: Vec<Shortfall>,
}

impl Completion {
    pub fn completed(&self) -> bool {
        self.verdict == CompletionVerdict::Completed
    }

    /// "未结业：开班时未到位；…", as exports print it.
    pub fn text_zh(&self) -> String {
        let reasons: Vec<String> = self.reasons.iter().map(Shortfall::text_zh).collect();
        if reasons.is_empty() || self.verdict == CompletionVerdict::Withdrawn {
            self.verdict.label_zh().to_owned()
        } else {
            format!("{}：{}", self.verdict.label_zh(), reasons.join("；"))
        }
    }
}

/// The completion rule (ADR 0023). Withdrawal decides alone; otherwise every condition that
/// fails is named; a grade still waiting for scores keeps the verdict pending only when nothing
/// else has already decided it.
pub fn completion(facts: &CompletionFacts) -> Completion {
    if facts.withdrawn {
        return Completion {
            verdict: CompletionVerdict::Withdrawn,
            reasons: vec![Shortfall::Withdrawn],
        };
    }
    let mut reasons = Vec::new();
    if facts.absent_at_opening && facts.attendance.is_none() {
        reasons.push(Shortfall::AbsentAtOpening);
    }
    if let Some(a) = facts.attendance {
        let required = required_hours(a.planned, facts.leave_cap);
        if a.attended < required {
            reasons.push(Shortfall::Attendance {
                attended: a.attended,
                required,
                planned: a.planned,
                cap: facts.leave_cap.to_string(),
            });
        }
    }
    let mut missing = None;
    if let Some(grade) = &facts.grade {
        match grade.verdict {
            GradeVerdict::Passed => {}
            GradeVerdict::Failed => reasons.push(Shortfall::Failed {
                total: grade.total.unwrap_or(0),
                pass_mark: grade.pass_mark,
            }),
            GradeVerdict::Pending => {
                missing = Some(Shortfall::ScoresMissing {
                    components: grade.missing.clone(),
                });
            }
        }
    }
    let verdict = match (&reasons[..], &missing) {
        ([], None) => CompletionVerdict::Completed,
        ([], Some(_)) => CompletionVerdict::Pending,
        _ => CompletionVerdict::NotCompleted,
    };
    reasons.extend(missing);
    Completion { verdict, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(text: &str) -> ClassHours {
        ClassHours::parse(text).unwrap()
    }

    fn facts(attended: &str, planned: &str) -> CompletionFacts {
        CompletionFacts {
            withdrawn: false,
            absent_at_opening: false,
            attendance: Some(Attendance {
                attended: hours(attended),
                planned: hours(planned),
            }),
            leave_cap: LeaveCap::ONE_SEVENTH,
            grade: None,
        }
    }

    fn graded(verdict: GradeVerdict, total: Option<u32>, missing: &[&str]) -> Option<GradeFacts> {
        Some(GradeFacts {
            verdict,
            total,
            pass_mark: 60,
            missing: missing.iter().map(|m| (*m).to_owned()).collect(),
        })
    }

    #[test]
    fn the_attendance_floor_is_the_hours_less_the_leave_cap() {
        // 60 hours allow 8.57 of leave: 51.43 must be attended, and 51.43 is enough.
        assert_eq!(
            required_hours(hours("60"), LeaveCap::ONE_SEVENTH),
            hours("51.43")
        );
        assert_eq!(
            completion(&facts("51.43", "60")).verdict,
            CompletionVerdict::Completed
        );
        let short = completion(&facts("51.42", "60"));
        assert_eq!(short.verdict, CompletionVerdict::NotCompleted);
        assert_eq!(
            short.text_zh(),
            "未结业：出勤 51.42 学时，未达到总学时 60 扣除请假上限 1/7 后的 51.43 学时"
        );
        // The demo's 64 %: 11.52 of 18 hours (15.43 needed).
        let demo = completion(&facts("11.52", "18"));
        assert_eq!(demo.verdict, CompletionVerdict::NotCompleted);
        assert_eq!(facts("11.52", "18").attendance.unwrap().rate(), 6400);
    }

    #[test]
    fn scores_not_entered_keep_the_verdict_pending_not_failed() {
        let mut f = facts("18", "18");
        f.grade = graded(GradeVerdict::Pending, None, &["研修成果"]);
        let c = completion(&f);
        assert_eq!(c.verdict, CompletionVerdict::Pending);
        assert_eq!(
            c.text_zh(),
            "待定（成绩未录全）：成绩未录全：研修成果未录入"
        );
        // Once entered and passed, completed.
        f.grade = graded(GradeVerdict::Passed, Some(7_500), &[]);
        assert!(completion(&f).completed());
        // Entered and failed: not completed, with the score.
        f.grade = graded(GradeVerdict::Failed, Some(5_628), &[]);
        let c = completion(&f);
        assert_eq!(c.verdict, CompletionVerdict::NotCompleted);
        assert_eq!(c.text_zh(), "未结业：总评 56.28 分，低于合格分 60 分");
    }

    #[test]
    fn a_shortfall_decides_even_while_scores_are_missing() {
        let mut f = facts("10", "18");
        f.grade = graded(GradeVerdict::Pending, None, &["作业"]);
        let c = completion(&f);
        assert_eq!(c.verdict, CompletionVerdict::NotCompleted);
        assert_eq!(c.reasons.len(), 2, "both named: {c:?}");
        assert!(matches!(c.reasons[1], Shortfall::ScoresMissing { .. }));
    }

    #[test]
    fn the_roll_calls_supersede_the_arrival_mark() {
        // Recorded absent at the opening, but came the next day and attended 16 of 18 hours.
        let mut f = facts("16", "18");
        f.absent_at_opening = true;
        assert!(completion(&f).completed());
        f.attendance = Some(Attendance {
            attended: hours("12"),
            planned: hours("18"),
        });
        let c = completion(&f);
        assert_eq!(c.reasons.len(), 1, "only the attendance is named: {c:?}");
    }

    #[test]
    fn no_roll_call_and_no_scheme_leave_only_the_seat_and_the_arrival() {
        let mut f = facts("0", "0");
        f.attendance = None;
        assert!(completion(&f).completed());
        f.absent_at_opening = true;
        assert_eq!(completion(&f).text_zh(), "未结业：开班时未到位");
        f.withdrawn = true;
        assert_eq!(completion(&f).text_zh(), "退学");
    }

    #[test]
    fn attended_hours_count_each_roll_call_and_the_sessions_without_one() {
        let present = Mark::present();
        let absent = Mark::absent();
        let late = Mark::late(45);
        let s = |h: &str, called, mark| SessionRoll {
            hours: hours(h),
            minutes: 180,
            called,
            mark,
        };
        // Present 3, late 45 of 180 minutes in 3 (2.25), absent 3, unmarked in a called
        // session 3 (nothing), a session nobody was marked in 3 (counts in full).
        let sessions = [
            s("3", true, Some(&present)),
            s("3", true, Some(&late)),
            s("3", true, Some(&absent)),
            s("3", true, None),
            s("3", false, None),
        ];
        let a = attendance(&sessions, false).unwrap();
        assert_eq!((a.attended, a.planned), (hours("8.25"), hours("15")));
        assert_eq!(a.rate(), 5500);
        assert_eq!(
            attendance(&sessions, true).unwrap().attended,
            ClassHours::ZERO
        );
        assert_eq!(attendance(&sessions[4..], false), None);
    }
}
