//! The seeds' rules worked by hand (seed 004 rules 1–5, seed 001), at every boundary, and the
//! evaluator's invariants as properties.

use super::evaluate::{self, *};
use super::{CreditCategory, CreditRuleSet, Credits, ResearchKind, ResearchLevel};
use crate::attendance::{AttendanceStatus as S, Mark};
use crate::{ClassHours, PersonId};
use chrono::NaiveDate;
use proptest::prelude::*;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn mark(status: S, late: u32, early: u32) -> Mark {
    Mark {
        status,
        minutes_late: late,
        minutes_early: early,
        reason: None,
    }
}

/// A 3-day class of six 3-hour sessions (180 minutes each), 18 class hours.
fn class_with(marks: &[Mark]) -> ClassAttendance {
    ClassAttendance {
        class_id: crate::ids::ClassId(1),
        class_title: "后备干部培训班".to_owned(),
        ends_on: day(4),
        collective: true,
        withdrawn: false,
        sessions: marks
            .iter()
            .enumerate()
            .map(|(i, m)| SessionAttendance {
                session_id: crate::SessionId(i as i64 + 10),
                date: day(2 + i as u32 / 2),
                topic: format!("第{}讲", i + 1),
                hours: ClassHours::whole(3),
                minutes: 180,
                mark: m.clone(),
            })
            .collect(),
    }
}

fn present() -> Mark {
    mark(S::Present, 0, 0)
}

fn amounts(e: &Evaluation) -> Vec<(&'static str, i64)> {
    e.credits
        .iter()
        .map(|c| (c.rule, c.amount.hundredths()))
        .collect()
}

#[test]
fn a_full_attendance_of_three_days_earns_eighteen() {
    let rules = CreditRuleSet::seed_004();
    let e = evaluate::class_hours(&rules, &class_with(&vec![present(); 6]));
    assert_eq!(amounts(&e), [("class_hours.earned", 1800)]);
    assert_eq!(
        e.credits[0].explanation,
        "《后备干部培训班》出勤 6 节，共 18 学时，每学时 1 学分"
    );
}

#[test]
fn ten_minutes_late_costs_the_missed_part_and_two_whole_hours() {
    // 10 of 180 minutes missed: 3 × 170 / 180 = 2.833… → 2.83 earned for that session, and the
    // missed 0.17 hour counts as 1 whole hour, deducted twice: −2.
    let mut marks = vec![present(); 6];
    marks[0] = mark(S::Late, 10, 0);
    let e = evaluate::class_hours(&CreditRuleSet::seed_004(), &class_with(&marks));
    assert_eq!(
        amounts(&e),
        [("class_hours.earned", 1783), ("class_hours.late", -200)]
    );
    assert_eq!(e.total(), Credits::from_hundredths(1583));
    assert!(
        e.credits[1]
            .explanation
            .contains("迟到 10 分钟，计 1 学时，不足 1 学时按 1 学时计，按 2 倍扣 2 学分"),
        "{}",
        e.credits[1].explanation
    );
}

#[test]
fn exactly_one_hour_late_is_one_hour_and_sixty_one_minutes_is_two() {
    let rules = CreditRuleSet::seed_004();
    let deducted = |late: u32| {
        let mut marks = vec![present(); 6];
        marks[2] = mark(S::Late, late, 0);
        evaluate::class_hours(&rules, &class_with(&marks)).credits[1]
            .amount
            .hundredths()
    };
    assert_eq!(deducted(60), -200);
    assert_eq!(deducted(61), -400);
    assert_eq!(deducted(1), -200);
}

#[test]
fn an_absence_without_leave_earns_nothing_and_deducts_double() {
    let mut marks = vec![present(); 6];
    marks[5] = mark(S::Absent, 0, 0);
    let e = evaluate::class_hours(&CreditRuleSet::seed_004(), &class_with(&marks));
    assert_eq!(
        amounts(&e),
        [("class_hours.earned", 1500), ("class_hours.absence", -600)]
    );
}

#[test]
fn leave_earns_nothing_and_costs_nothing() {
    let mut marks = vec![present(); 6];
    marks[1] = mark(S::OnLeave, 0, 0);
    let e = evaluate::class_hours(&CreditRuleSet::seed_004(), &class_with(&marks));
    assert_eq!(amounts(&e), [("class_hours.earned", 1500)]);
}

#[test]
fn a_late_and_early_session_never_counts_more_than_its_hours() {
    // 100 minutes late and 100 early of a 3-hour session: 1.67 → 2 and 1.67 → 2, capped at 3.
    let mut marks = vec![present(); 6];
    marks[0] = mark(S::LateAndLeftEarly, 100, 100);
    let e = evaluate::class_hours(&CreditRuleSet::seed_004(), &class_with(&marks));
    assert_eq!(
        amounts(&e),
        [
            ("class_hours.earned", 1500),
            ("class_hours.late", -400),
            ("class_hours.early", -200),
        ]
    );
}

#[test]
fn an_absence_from_a_part_hour_session_counts_whole_hours() {
    let mut record = class_with(&[mark(S::Absent, 0, 0)]);
    record.sessions[0].hours = ClassHours::from_hundredths(250);
    let e = evaluate::class_hours(&CreditRuleSet::seed_004(), &record);
    assert_eq!(amounts(&e), [("class_hours.absence", -600)]);
}

#[test]
fn training_that_is_not_collective_is_not_deducted() {
    let mut record = class_with(&[mark(S::Absent, 0, 0), mark(S::Late, 30, 0)]);
    record.collective = false;
    let e = evaluate::class_hours(&CreditRuleSet::seed_004(), &record);
    assert_eq!(amounts(&e), [("class_hours.earned", 250)]);
}

#[test]
fn a_withdrawn_trainee_earns_nothing_from_the_class() {
    let mut record = class_with(&vec![present(); 6]);
    record.withdrawn = true;
    let e = evaluate::class_hours(&CreditRuleSet::seed_004(), &record);
    assert!(e.credits.is_empty());
    assert!(e.notes[0].contains("已退学"), "{:?}", e.notes);
}

fn score(points: u32) -> ScoreRecord {
    ScoreRecord {
        id: 5,
        title: "教育法规".to_owned(),
        date: day(20),
        score: points,
    }
}

#[test]
fn exam_bands_include_their_lower_bound() {
    let rules = CreditRuleSet::seed_004();
    let earned = |hundredths: u32| {
        evaluate::exam(&rules, &score(hundredths))
            .total()
            .hundredths()
    };
    let table = [
        (10000, 2000),
        (8500, 2000),
        (8499, 1500),
        (8450, 1500),
        (7000, 1500),
        (6999, 1000),
        (6900, 1000),
        (6000, 1000),
        (5900, 0),
        (5999, 0),
        (0, 0),
    ];
    for (points, credits) in table {
        assert_eq!(earned(points), credits, "score {points}");
    }
    let fail = evaluate::exam(&rules, &score(5900));
    assert_eq!(fail.notes, ["考试《教育法规》59 分，不合格，不计分"]);
    let pass = evaluate::assignment(&rules, &score(6000));
    assert_eq!(
        pass.credits[0].explanation,
        "作业《教育法规》60 分，合格（60 分以上），记 10 学分"
    );
}

fn output(kind: ResearchKind, level: ResearchLevel, co: bool) -> ResearchRecord {
    ResearchRecord {
        id: 9,
        kind,
        level,
        title: "农村小学课堂管理".to_owned(),
        date: day(15),
        co_authored: co,
        supplement: false,
    }
}

#[test]
fn research_outputs_earn_by_kind_and_level_and_papers_halve_when_co_written() {
    use ResearchKind as K;
    use ResearchLevel as L;
    let rules = CreditRuleSet::seed_004();
    let table = [
        (K::Paper, L::Municipal, false, 500),
        (K::Paper, L::Municipal, true, 250),
        (K::Paper, L::Provincial, false, 1000),
        (K::Paper, L::National, false, 1000),
        (K::Paper, L::NationalCore, false, 2000),
        (K::Paper, L::NationalCore, true, 1000),
        (K::Paper, L::County, false, 0),
        (K::Project, L::County, false, 300),
        (K::Project, L::Municipal, false, 600),
        (K::Project, L::Provincial, false, 1000),
        (K::Project, L::National, false, 1500),
        // Only papers are halved when co-written.
        (K::Project, L::National, true, 1500),
        (K::Monograph, L::Provincial, false, 2000),
        (K::PublicLesson, L::County, false, 300),
        (K::PublicLesson, L::Provincial, false, 1000),
        (K::ExperienceTalk, L::Municipal, false, 600),
    ];
    for (kind, level, co, credits) in table {
        let e = evaluate::research(&rules, &output(kind, level, co));
        assert_eq!(e.total().hundredths(), credits, "{kind} {level} {co}");
    }
    let mut supplement = output(K::Paper, L::NationalCore, false);
    supplement.supplement = true;
    let e = evaluate::research(&rules, &supplement);
    assert_eq!(e.notes, ["论文《农村小学课堂管理》发表于增刊，不计分"]);
    let co = evaluate::research(&rules, &output(K::Paper, L::Municipal, true));
    assert_eq!(
        co.credits[0].explanation,
        "论文《农村小学课堂管理》，市级5 分，与他人合作按 1/2 计，记 2.5 学分"
    );
}

fn groups(scores: &[u32]) -> SalonRecord {
    SalonRecord {
        id: 3,
        title: "《教育的目的》".to_owned(),
        date: day(12),
        groups: scores
            .iter()
            .enumerate()
            .map(|(i, &score)| SalonGroup {
                name: format!("第{}", i + 1),
                score,
                members: vec![PersonId(i as i64 * 10 + 1), PersonId(i as i64 * 10 + 2)],
            })
            .collect(),
    }
}

fn salon_by_person(record: &SalonRecord) -> Vec<(i64, i64)> {
    let mut got: Vec<(i64, i64)> = evaluate::salon(&CreditRuleSet::seed_004(), record)
        .unwrap()
        .into_iter()
        .map(|(p, c)| (p.0, c.amount.hundredths()))
        .collect();
    got.sort_unstable();
    got
}

#[test]
fn salon_groups_top_half_excellent_and_every_member_gets_the_groups_score() {
    // Four groups: the two best excellent (10), the rest good (7), both members alike.
    let got = salon_by_person(&groups(&[8000, 9000, 7000, 8500]));
    assert_eq!(
        got,
        [
            (1, 700),
            (2, 700),
            (11, 1000),
            (12, 1000),
            (21, 700),
            (22, 700),
            (31, 1000),
            (32, 1000)
        ]
    );
    // Three groups: half of three rounds up to two.
    let got = salon_by_person(&groups(&[6000, 9000, 7000]));
    assert_eq!(got.iter().filter(|(_, c)| *c == 1000).count(), 4);
    // A tie with the last excellent group is excellent too.
    let got = salon_by_person(&groups(&[9000, 8000, 8000, 7000]));
    assert_eq!(got.iter().filter(|(_, c)| *c == 1000).count(), 6);
}

#[test]
fn a_school_term_gives_thirty_base_ten_a_session_and_thirty_a_lesson_taught() {
    let record = SchoolTermRecord {
        id: 2,
        term: "2026 年春季学期".to_owned(),
        ends_on: NaiveDate::from_ymd_opt(2026, 7, 10).unwrap(),
        attended: 6,
        taught: 1,
    };
    let e = evaluate::school_term(&CreditRuleSet::seed_001(), &record);
    assert_eq!(e.total(), Credits::whole(30 + 60 + 30));
    assert!(
        e.credits
            .iter()
            .all(|c| c.category == CreditCategory::SchoolBased)
    );
    // Seed 004 has no school-based section: nothing, and why.
    let none = evaluate::school_term(&CreditRuleSet::seed_004(), &record);
    assert!(none.credits.is_empty() && !none.notes.is_empty());
}

fn any_mark() -> impl Strategy<Value = Mark> {
    prop_oneof![
        Just(present()),
        (1u32..200).prop_map(|m| mark(S::Late, m, 0)),
        (1u32..200).prop_map(|m| mark(S::LeftEarly, 0, m)),
        (1u32..100, 1u32..100).prop_map(|(a, b)| mark(S::LateAndLeftEarly, a, b)),
        Just(mark(S::Absent, 0, 0)),
        Just(mark(S::OnLeave, 0, 0)),
    ]
}

proptest! {
    /// Deductions never exceed what the rule says: per session, the multiplier times the credits
    /// of the session's hours rounded up; earnings never exceed the hours held.
    #[test]
    fn deductions_and_earnings_stay_within_the_rule(
        sessions in proptest::collection::vec((any_mark(), 1u32..=16, 30u32..=240), 1..20),
    ) {
        let rules = CreditRuleSet::seed_004();
        let mut record = class_with(&sessions.iter().map(|(m, _, _)| m.clone()).collect::<Vec<_>>());
        for (s, (_, quarters, minutes)) in record.sessions.iter_mut().zip(&sessions) {
            s.hours = ClassHours::from_hundredths(quarters * 25);
            s.minutes = *minutes;
        }
        let e = evaluate::class_hours(&rules, &record);
        let held: i64 = record.sessions.iter().map(|s| i64::from(s.hours.hundredths())).sum();
        let earned: i64 = e.credits.iter().filter(|c| c.amount.hundredths() > 0).map(|c| c.amount.hundredths()).sum();
        prop_assert!(earned <= held);
        for s in &record.sessions {
            let deducted: i64 = e.credits.iter()
                .filter(|c| c.source == ("session", s.session_id.0))
                .map(|c| -c.amount.hundredths())
                .sum();
            let cap = i64::from(s.hours.hundredths().div_ceil(100) * 100) * 2;
            prop_assert!(deducted >= 0 && deducted <= cap, "{deducted} > {cap}");
        }
    }

    /// No rounding drift: a class of sessions all attended earns exactly the sum of their hours,
    /// however the quarters add up.
    #[test]
    fn full_attendance_earns_exactly_the_hours_held(quarters in proptest::collection::vec(1u32..=32, 1..40)) {
        let mut record = class_with(&vec![present(); quarters.len()]);
        for (s, q) in record.sessions.iter_mut().zip(&quarters) {
            s.hours = ClassHours::from_hundredths(q * 25);
        }
        let e = evaluate::class_hours(&CreditRuleSet::seed_004(), &record);
        let held: i64 = quarters.iter().map(|q| i64::from(q * 25)).sum();
        prop_assert_eq!(e.total().hundredths(), held);
    }

    /// Co-author halving is exact: twice the share is the whole, or one hundredth short of it.
    #[test]
    fn co_author_halving_is_exact(value in 0i64..1_000_000) {
        let full = Credits::from_hundredths(value);
        let half = full.share(1, 2).hundredths();
        prop_assert!(2 * half == value || 2 * half + 1 == value);
    }

    /// A higher score never earns less.
    #[test]
    fn exam_credits_grow_with_the_score(a in 0u32..=10_000, b in 0u32..=10_000) {
        let rules = CreditRuleSet::seed_004();
        let (low, high) = (a.min(b), a.max(b));
        prop_assert!(evaluate::exam(&rules, &score(low)).total() <= evaluate::exam(&rules, &score(high)).total());
    }

    /// Every member of a salon group gets the same credit, and the excellent groups are at least
    /// half (rounded up) and include every group scoring at the bar.
    #[test]
    fn salon_members_share_their_groups_grade(scores in proptest::collection::vec(0u32..=10_000, 1..12)) {
        let record = groups(&scores);
        let got = evaluate::salon(&CreditRuleSet::seed_004(), &record).unwrap();
        for pair in got.chunks(2) {
            prop_assert_eq!(pair[0].1.amount, pair[1].1.amount);
        }
        let excellent = got.iter().filter(|(_, c)| c.amount == Credits::whole(10)).count() / 2;
        prop_assert!(excellent >= scores.len().div_ceil(2));
    }
}

#[test]
fn a_lesson_finished_online_earns_its_hours_at_the_class_hour_rate() {
    let rules = CreditRuleSet::seed_004();
    let lesson = FinishedLesson {
        progress_id: crate::LearningProgressId(9),
        course_title: "党纪学习教育".to_owned(),
        lesson_title: "第一讲".to_owned(),
        minutes: 35,
        hours: ClassHours::whole(1),
        finished_on: day(5),
    };
    let evaluation = online_lesson(&rules, &lesson);
    let per_hour = evaluate::class_hours(&rules, &class_with(&[present()]))
        .total()
        .hundredths()
        / 3;
    assert_eq!(amounts(&evaluation), vec![("online.earned", per_hour)]);
    let credit = &evaluation.credits[0];
    assert_eq!(credit.source, ("lesson", 9));
    assert_eq!(credit.date, day(5));
    assert!(credit.explanation.contains("党纪学习教育") && credit.explanation.contains("35 分钟"));
    // A lesson of no hours earns nothing, and says so.
    let nothing = online_lesson(
        &rules,
        &FinishedLesson {
            hours: ClassHours::ZERO,
            ..lesson
        },
    );
    assert!(nothing.credits.is_empty() && !nothing.notes.is_empty());
}
