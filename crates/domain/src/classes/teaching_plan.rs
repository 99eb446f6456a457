//! The teaching plan (教学计划, R-CLS-3): sessions with date, times, topic and instructor; the
//! class hours each session and the class count under the deployment's conversion (R-REG-8);
//! and the checks the approving department makes against the dossier (seed 000 item 7).
//!
//! The checks return every problem at once, so that a head teacher fixes a plan in one pass.
//! Whether a problem blocks submission is the caller's decision.

use super::dates::ClassDates;
use crate::class_hours::{ClassHours, HourConversion};
use crate::ids::InstructorId;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One session of the plan. Times are China local times on `date`; a session does not run past
/// midnight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub topic: String,
    /// None for sessions without a lecturer (discussion, self-study, a visit).
    pub instructor: Option<InstructorId>,
    /// The class hours the plan's author wrote, if any; checked against the computed hours.
    pub declared_hours: Option<ClassHours>,
}

impl Session {
    /// Clock minutes from start to end (negative when the end is before the start).
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

/// A problem found in a plan. Sessions are named by their index in the plan (0-based here,
/// "第 n 节" counting from 1 in messages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum PlanProblem {
    #[serde(rename = "PLAN_EMPTY_TOPIC")]
    EmptyTopic { session: usize },
    #[serde(rename = "PLAN_END_NOT_AFTER_START")]
    EndNotAfterStart {
        session: usize,
        start: NaiveTime,
        end: NaiveTime,
    },
    #[serde(rename = "PLAN_OUTSIDE_CLASS_DATES")]
    OutsideClassDates {
        session: usize,
        date: NaiveDate,
        class: ClassDates,
    },
    #[serde(rename = "PLAN_INSTRUCTOR_OVERLAP")]
    InstructorOverlap {
        instructor: InstructorId,
        first: usize,
        second: usize,
        date: NaiveDate,
    },
    #[serde(rename = "PLAN_HOURS_MISMATCH")]
    HoursMismatch {
        session: usize,
        declared: ClassHours,
        computed: ClassHours,
    },
    #[serde(rename = "PLAN_DAY_OVER_LIMIT")]
    DayOverLimit {
        date: NaiveDate,
        hours: ClassHours,
        limit: ClassHours,
    },
    #[serde(rename = "PLAN_TOTAL_OVER_LIMIT")]
    TotalOverLimit {
        total: ClassHours,
        days: u32,
        limit: ClassHours,
    },
}

impl PlanProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            PlanProblem::EmptyTopic { .. } => "PLAN_EMPTY_TOPIC",
            PlanProblem::EndNotAfterStart { .. } => "PLAN_END_NOT_AFTER_START",
            PlanProblem::OutsideClassDates { .. } => "PLAN_OUTSIDE_CLASS_DATES",
            PlanProblem::InstructorOverlap { .. } => "PLAN_INSTRUCTOR_OVERLAP",
            PlanProblem::HoursMismatch { .. } => "PLAN_HOURS_MISMATCH",
            PlanProblem::DayOverLimit { .. } => "PLAN_DAY_OVER_LIMIT",
            PlanProblem::TotalOverLimit { .. } => "PLAN_TOTAL_OVER_LIMIT",
        }
    }
}

impl std::fmt::Display for PlanProblem {
    /// The Chinese explanation.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = |time: &NaiveTime| time.format("%H:%M").to_string();
        match self {
            PlanProblem::EmptyTopic { session } => {
                write!(f, "第 {} 节缺少课程题目，请填写", session + 1)
            }
            PlanProblem::EndNotAfterStart {
                session,
                start,
                end,
            } => write!(
                f,
                "第 {} 节的结束时间 {} 不晚于开始时间 {}，请核对时间",
                session + 1,
                t(end),
                t(start)
            ),
            PlanProblem::OutsideClassDates {
                session,
                date,
                class,
            } => write!(
                f,
                "第 {} 节安排在 {date}，不在培训时间 {class} 之内",
                session + 1
            ),
            PlanProblem::InstructorOverlap {
                instructor,
                first,
                second,
                date,
            } => write!(
                f,
                "授课教师（编号 {instructor}）在 {date} 的第 {} 节和第 {} 节时间重叠，请调整",
                first + 1,
                second + 1
            ),
            PlanProblem::HoursMismatch {
                session,
                declared,
                computed,
            } => write!(
                f,
                "第 {} 节填写 {declared} 学时，按授课时长折算应为 {computed} 学时",
                session + 1
            ),
            PlanProblem::DayOverLimit { date, hours, limit } => write!(
                f,
                "{date} 共安排 {hours} 学时，超过每天 {limit} 学时的折算标准"
            ),
            PlanProblem::TotalOverLimit { total, days, limit } => write!(
                f,
                "教学计划共 {total} 学时，超过培训天数 {days} 天可折算的 {limit} 学时"
            ),
        }
    }
}

/// The hours of a plan and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanCheck {
    /// The computed class hours of each session, in plan order.
    pub session_hours: Vec<ClassHours>,
    /// The class's total class hours.
    pub total: ClassHours,
    /// Every problem found; empty for a sound plan.
    pub problems: Vec<PlanProblem>,
}

impl PlanCheck {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Whether two sessions on the same day share any time (touching ends do not overlap).
fn overlap(a: &Session, b: &Session) -> bool {
    a.date == b.date && a.start < b.end && b.start < a.end
}

/// Computes the class hours of a plan and checks it against the class dates and the conversion.
pub fn check_plan(
    class: ClassDates,
    sessions: &[Session],
    conversion: &HourConversion,
) -> PlanCheck {
    let mut problems = Vec::new();
    let session_hours: Vec<ClassHours> = sessions
        .iter()
        .map(|s| conversion.session_hours(s.minutes()))
        .collect();

    for (index, (session, computed)) in sessions.iter().zip(&session_hours).enumerate() {
        if session.topic.trim().is_empty() {
            problems.push(PlanProblem::EmptyTopic { session: index });
        }
        let ordered = session.end > session.start;
        if !ordered {
            problems.push(PlanProblem::EndNotAfterStart {
                session: index,
                start: session.start,
                end: session.end,
            });
        }
        if !class.contains(session.date) {
            problems.push(PlanProblem::OutsideClassDates {
                session: index,
                date: session.date,
                class,
            });
        }
        if let Some(declared) = session.declared_hours
            && ordered
            && declared != *computed
        {
            problems.push(PlanProblem::HoursMismatch {
                session: index,
                declared,
                computed: *computed,
            });
        }
    }

    for (i, a) in sessions.iter().enumerate() {
        let Some(instructor) = a.instructor else {
            continue;
        };
        for (j, b) in sessions.iter().enumerate().skip(i + 1) {
            if b.instructor == Some(instructor) && overlap(a, b) {
                problems.push(PlanProblem::InstructorOverlap {
                    instructor,
                    first: i,
                    second: j,
                    date: a.date,
                });
            }
        }
    }

    let mut per_day: BTreeMap<NaiveDate, ClassHours> = BTreeMap::new();
    for (session, hours) in sessions.iter().zip(&session_hours) {
        let day = per_day.entry(session.date).or_default();
        *day = *day + *hours;
    }
    for (date, hours) in per_day {
        if hours > conversion.hours_per_day {
            problems.push(PlanProblem::DayOverLimit {
                date,
                hours,
                limit: conversion.hours_per_day,
            });
        }
    }

    let total: ClassHours = session_hours.iter().copied().sum();
    let limit = conversion.hours_per_day.times(class.days());
    if total > limit {
        problems.push(PlanProblem::TotalOverLimit {
            total,
            days: class.days(),
            limit,
        });
    }

    PlanCheck {
        session_hours,
        total,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::tests::date;
    use proptest::prelude::*;

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn hours(text: &str) -> ClassHours {
        ClassHours::parse(text).unwrap()
    }

    /// A session on `day` of October 2026 from `from` to `to` (hours, minutes).
    fn session(day: u32, from: (u32, u32), to: (u32, u32), instructor: Option<i64>) -> Session {
        Session {
            date: date(2026, 10, day),
            start: time(from.0, from.1),
            end: time(to.0, to.1),
            topic: "习近平新时代中国特色社会主义思想专题".to_owned(),
            instructor: instructor.map(InstructorId),
            declared_hours: None,
        }
    }

    /// Mon 2026-10-12 to Wed 10-14.
    fn three_days() -> ClassDates {
        ClassDates::new(date(2026, 10, 12), date(2026, 10, 14)).unwrap()
    }

    #[test]
    fn a_sound_plan_counts_three_hours_a_half_day_and_has_no_problems() {
        let plan = [
            session(12, (8, 30), (11, 30), Some(1)),
            session(12, (14, 30), (17, 30), Some(2)),
            session(13, (8, 30), (10, 0), Some(1)),
            session(13, (10, 0), (11, 30), Some(1)),
        ];
        let check = check_plan(three_days(), &plan, &HourConversion::default());
        assert_eq!(
            check.session_hours,
            [hours("3"), hours("3"), hours("1.5"), hours("1.5")]
        );
        assert_eq!(check.total, hours("9"));
        assert!(check.is_sound(), "{:?}", check.problems);
    }

    #[test]
    fn a_session_outside_the_class_dates_is_reported() {
        let plan = [session(15, (8, 30), (11, 30), None)];
        let check = check_plan(three_days(), &plan, &HourConversion::default());
        assert_eq!(check.problems.len(), 1);
        assert_eq!(check.problems[0].code(), "PLAN_OUTSIDE_CLASS_DATES");
        assert_eq!(
            check.problems[0].to_string(),
            "第 1 节安排在 2026-10-15，不在培训时间 2026-10-12 至 2026-10-14 之内"
        );
    }

    #[test]
    fn a_session_ending_before_it_starts_is_reported_and_counts_nothing() {
        let plan = [session(12, (11, 0), (10, 0), Some(1))];
        let check = check_plan(three_days(), &plan, &HourConversion::default());
        assert_eq!(check.session_hours, [ClassHours::ZERO]);
        assert_eq!(
            check.problems[0].to_string(),
            "第 1 节的结束时间 10:00 不晚于开始时间 11:00，请核对时间"
        );
        let zero_length = [session(12, (10, 0), (10, 0), Some(1))];
        let check = check_plan(three_days(), &zero_length, &HourConversion::default());
        assert_eq!(check.problems[0].code(), "PLAN_END_NOT_AFTER_START");
    }

    #[test]
    fn one_instructor_in_two_overlapping_sessions_is_reported_once_per_pair() {
        let plan = [
            session(12, (8, 30), (11, 30), Some(7)),
            session(12, (11, 30), (12, 0), Some(7)),
            session(12, (10, 0), (11, 0), Some(7)),
            session(12, (10, 0), (11, 0), Some(8)),
            session(12, (10, 0), (11, 0), None),
        ];
        let check = check_plan(three_days(), &plan, &HourConversion::default());
        let overlaps: Vec<&PlanProblem> = check
            .problems
            .iter()
            .filter(|p| p.code() == "PLAN_INSTRUCTOR_OVERLAP")
            .collect();
        assert_eq!(
            overlaps.len(),
            1,
            "touching ends and other instructors do not overlap"
        );
        assert_eq!(
            overlaps[0].to_string(),
            "授课教师（编号 7）在 2026-10-12 的第 1 节和第 3 节时间重叠，请调整"
        );
    }

    #[test]
    fn the_same_times_on_different_days_do_not_overlap() {
        let plan = [
            session(12, (8, 30), (11, 30), Some(7)),
            session(13, (8, 30), (11, 30), Some(7)),
        ];
        assert!(check_plan(three_days(), &plan, &HourConversion::default()).is_sound());
    }

    #[test]
    fn declared_hours_that_disagree_with_the_conversion_are_reported() {
        let mut plan = [session(12, (8, 30), (11, 0), Some(1))];
        plan[0].declared_hours = Some(hours("3"));
        let check = check_plan(three_days(), &plan, &HourConversion::default());
        assert_eq!(
            check.problems,
            [PlanProblem::HoursMismatch {
                session: 0,
                declared: hours("3"),
                computed: hours("2.5"),
            }]
        );
        assert_eq!(
            check.problems[0].to_string(),
            "第 1 节填写 3 学时，按授课时长折算应为 2.5 学时"
        );
        plan[0].declared_hours = Some(hours("2.5"));
        assert!(check_plan(three_days(), &plan, &HourConversion::default()).is_sound());
    }

    #[test]
    fn a_day_with_more_than_a_days_hours_is_reported() {
        let plan = [
            session(12, (8, 0), (12, 0), None),
            session(12, (14, 0), (18, 0), None),
        ];
        let check = check_plan(three_days(), &plan, &HourConversion::default());
        assert_eq!(check.total, hours("8"));
        assert_eq!(
            check.problems,
            [PlanProblem::DayOverLimit {
                date: date(2026, 10, 12),
                hours: hours("8"),
                limit: hours("6"),
            }]
        );
        // Where a day counts 8 (R-REG-8), the same plan is sound.
        let eight = HourConversion {
            hours_per_day: hours("8"),
            hours_per_half_day: hours("4"),
            minutes_per_class_hour: 60,
            ..HourConversion::default()
        };
        assert!(check_plan(three_days(), &plan, &eight).is_sound());
    }

    #[test]
    fn a_total_beyond_days_times_hours_per_day_is_reported() {
        let one_day = ClassDates::new(date(2026, 10, 12), date(2026, 10, 12)).unwrap();
        let plan = [
            session(12, (8, 0), (12, 0), None),
            session(13, (8, 0), (12, 0), None),
        ];
        let check = check_plan(one_day, &plan, &HourConversion::default());
        let codes: Vec<&str> = check.problems.iter().map(PlanProblem::code).collect();
        assert_eq!(codes, ["PLAN_OUTSIDE_CLASS_DATES", "PLAN_TOTAL_OVER_LIMIT"]);
        assert_eq!(
            check.problems[1].to_string(),
            "教学计划共 8 学时，超过培训天数 1 天可折算的 6 学时"
        );
    }

    #[test]
    fn every_problem_is_returned_at_once() {
        let mut plan = [
            session(11, (9, 0), (8, 0), Some(3)),
            session(12, (8, 0), (11, 0), Some(3)),
            session(12, (9, 0), (12, 0), Some(3)),
        ];
        plan[1].topic = " ".to_owned();
        let check = check_plan(three_days(), &plan, &HourConversion::default());
        let codes: Vec<&str> = check.problems.iter().map(PlanProblem::code).collect();
        assert_eq!(
            codes,
            [
                "PLAN_END_NOT_AFTER_START",
                "PLAN_OUTSIDE_CLASS_DATES",
                "PLAN_EMPTY_TOPIC",
                "PLAN_INSTRUCTOR_OVERLAP",
            ]
        );
    }

    #[test]
    fn problems_serialise_with_their_codes() {
        let plan = [session(15, (8, 30), (11, 30), None)];
        let check = check_plan(three_days(), &plan, &HourConversion::default());
        let json = serde_json::to_value(&check).unwrap();
        assert_eq!(json["total"], "3");
        assert_eq!(json["problems"][0]["code"], "PLAN_OUTSIDE_CLASS_DATES");
    }

    proptest! {
        #[test]
        fn the_total_is_the_sum_of_the_sessions(
            spans in proptest::collection::vec((12u32..=14, 7u32..20, 0u32..4, 1u32..=240), 0..12)
        ) {
            let plan: Vec<Session> = spans
                .iter()
                .map(|&(day, hour, quarter, length)| {
                    let start = time(hour, quarter * 15);
                    let end = start + chrono::Duration::minutes(i64::from(length));
                    Session { end, ..session(day, (hour, quarter * 15), (hour, quarter * 15), None) }
                })
                .collect();
            let check = check_plan(three_days(), &plan, &HourConversion::default());
            let sum: ClassHours = check.session_hours.iter().copied().sum();
            prop_assert_eq!(check.total, sum);
            prop_assert_eq!(check.session_hours.len(), plan.len());
        }
    }
}
