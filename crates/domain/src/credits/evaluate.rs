//! The evaluator: a pure function of (rule set, facts) → credits, each with the rule that gave it
//! and a Chinese explanation a trainee can check by hand (R-CRD-1…5). Nothing is rounded twice:
//! every amount is integer hundredths computed once from the facts.
//!
//! Class hours (seed 004 rule 1), as ADR 0008 spells out with examples:
//! - a session attended earns its class hours, less the part missed by lateness or early leave
//!   (pro rata to the clock, rounded down to the hundredth), at `credits_per_hour`;
//! - leave earns nothing and costs nothing; a withdrawn trainee earns nothing from the class;
//! - in collective training, each lateness, early leave or absence without leave also deducts
//!   `deduction_multiplier` × the credits of the hours missed, part of an hour counted as a whole
//!   one; the hours counted for one session never exceed the session's hours rounded up.

use super::amount::Credits;
use super::rules::{
    BandedRule, ClassHoursRule, CreditCategory, CreditRuleSet, ResearchKind, ResearchLevel,
    SalonRule, SchoolTermRule, fraction,
};
use crate::ClassHours;
use crate::SessionId;
use crate::attendance::{AttendanceStatus, Mark, session_facts};
use crate::ids::{ClassId, LearningProgressId, PersonId};
use chrono::NaiveDate;

/// One credit (or deduction) the rules give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    pub category: CreditCategory,
    pub amount: Credits,
    /// The rule that produced it: `class_hours.earned`, `class_hours.absence`, `exam.band` …
    pub rule: &'static str,
    /// What it is for, in Chinese, with the numbers.
    pub explanation: String,
    /// The day it counts for (the year's totals follow it).
    pub date: NaiveDate,
    /// The record it comes from, such as `("class", 12)` or `("session", 77)`: with the rule, it
    /// identifies the credit when facts or rules change and the class is evaluated again.
    pub source: (&'static str, i64),
}

/// A trainee's attendance at one session of a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionAttendance {
    pub session_id: SessionId,
    pub date: NaiveDate,
    pub topic: String,
    pub hours: ClassHours,
    /// Clock minutes of the session.
    pub minutes: u32,
    pub mark: Mark,
}

/// A trainee's attendance in a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassAttendance {
    pub class_id: ClassId,
    pub class_title: String,
    /// The day the class's hours count for (its last day).
    pub ends_on: NaiveDate,
    /// Collective (集体) training: deductions apply.
    pub collective: bool,
    pub withdrawn: bool,
    pub sessions: Vec<SessionAttendance>,
}

/// What the rules make of a record: the credits, and why a record earned nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evaluation {
    pub credits: Vec<Credit>,
    pub notes: Vec<String>,
}

impl Evaluation {
    fn note(text: impl Into<String>) -> Self {
        Evaluation {
            credits: Vec::new(),
            notes: vec![text.into()],
        }
    }

    pub fn total(&self) -> Credits {
        self.credits.iter().map(|c| c.amount).sum()
    }
}

/// `hours` rounded up to a whole class hour.
fn whole_hours_up(hours: u32) -> u32 {
    hours.div_ceil(100) * 100
}

/// Class hours missed by `minutes` of a session of `hours` lasting `length` minutes, rounded up
/// to the hundredth (and to a whole hour when the rule says so).
fn missed_hours(rule: &ClassHoursRule, hours: ClassHours, length: u32, minutes: u32) -> u32 {
    if minutes == 0 || length == 0 {
        return 0;
    }
    let exact = (u64::from(hours.hundredths()) * u64::from(minutes)).div_ceil(u64::from(length));
    let exact = u32::try_from(exact).unwrap_or(u32::MAX);
    if rule.round_missed_up {
        whole_hours_up(exact)
    } else {
        exact
    }
}

/// A lesson finished in the online library, as the server counted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishedLesson {
    /// The learner's progress row on the lesson: the credit's source.
    pub progress_id: LearningProgressId,
    pub course_title: String,
    pub lesson_title: String,
    pub minutes: u32,
    /// Class hours the lesson earned by its length (R-REG-8), fixed when it was finished.
    pub hours: ClassHours,
    pub finished_on: NaiveDate,
}

/// The class-hour credits of a lesson finished online, at the rule set's rate per class hour
/// (the same rate as in class: a class hour is a class hour, R-CRD-1, R-REG-8).
pub fn online_lesson(rules: &CreditRuleSet, lesson: &FinishedLesson) -> Evaluation {
    let Some(rule) = &rules.class_hours else {
        return Evaluation::note(format!("规则“{}”未规定学时学分", rules.name));
    };
    let amount = rule.credits_per_hour.per_hour(lesson.hours);
    if amount.is_zero() {
        return Evaluation::note(format!(
            "网络学习《{}》（{}）计 0 学时",
            lesson.course_title, lesson.lesson_title
        ));
    }
    Evaluation {
        credits: vec![Credit {
            category: CreditCategory::ClassHours,
            amount,
            rule: "online.earned",
            explanation: format!(
                "网络学习《{}》（{}）{}，计 {} 学时，每学时 {} 学分",
                lesson.course_title,
                lesson.lesson_title,
                // Only a quiz has no length: passing it is what earns.
                if lesson.minutes == 0 {
                    "测验通过".to_owned()
                } else {
                    format!("学完，课节 {} 分钟", lesson.minutes)
                },
                lesson.hours,
                rule.credits_per_hour
            ),
            date: lesson.finished_on,
            source: ("lesson", lesson.progress_id.0),
        }],
        notes: Vec::new(),
    }
}

/// Class-hour credits and deductions of one trainee in one class (R-CRD-1).
pub fn class_hours(rules: &CreditRuleSet, record: &ClassAttendance) -> Evaluation {
    let Some(rule) = &rules.class_hours else {
        return Evaluation::note(format!("规则“{}”未规定学时学分", rules.name));
    };
    if record.withdrawn {
        return Evaluation::note(format!("已退学，《{}》不计学时学分", record.class_title));
    }
    let deducts = rule.deduction_multiplier > 0 && (record.collective || !rule.collective_only);
    let mut earned_hours = ClassHours::ZERO;
    let mut attended = 0;
    let mut deductions = Vec::new();
    for s in &record.sessions {
        let facts = session_facts(s.hours, i64::from(s.minutes), &s.mark);
        if facts.hours_attended > ClassHours::ZERO {
            attended += 1;
        }
        earned_hours = earned_hours + facts.hours_attended;
        if deducts {
            deductions.extend(session_deductions(rule, s));
        }
    }
    let mut credits = Vec::new();
    let earned = rule.credits_per_hour.per_hour(earned_hours);
    if !earned.is_zero() {
        credits.push(Credit {
            category: CreditCategory::ClassHours,
            amount: earned,
            rule: "class_hours.earned",
            explanation: format!(
                "《{}》出勤 {attended} 节，共 {earned_hours} 学时，每学时 {} 学分",
                record.class_title, rule.credits_per_hour
            ),
            date: record.ends_on,
            source: ("class", record.class_id.0),
        });
    }
    credits.extend(deductions);
    let mut evaluation = Evaluation {
        credits,
        notes: Vec::new(),
    };
    if evaluation.credits.is_empty() {
        evaluation
            .notes
            .push(format!("《{}》没有出勤记录，不计学分", record.class_title));
    }
    evaluation
}

/// The deductions of one session: lateness, early leave, or absence without leave.
fn session_deductions(rule: &ClassHoursRule, s: &SessionAttendance) -> Vec<Credit> {
    use AttendanceStatus as S;
    let cap = whole_hours_up(s.hours.hundredths());
    let mut parts: Vec<(&'static str, u32, String)> = Vec::new();
    match s.mark.status {
        S::Absent => parts.push((
            "class_hours.absence",
            if rule.round_missed_up {
                cap
            } else {
                s.hours.hundredths()
            },
            format!("无故缺勤，缺 {} 学时", s.hours),
        )),
        S::Late | S::LeftEarly | S::LateAndLeftEarly | S::Present => {
            let late = missed_hours(rule, s.hours, s.minutes, s.mark.minutes_late);
            if late > 0 {
                let said = format!("迟到 {} 分钟", s.mark.minutes_late);
                parts.push(("class_hours.late", late, said));
            }
            let early = missed_hours(rule, s.hours, s.minutes, s.mark.minutes_early);
            if early > 0 {
                let said = format!("早退 {} 分钟", s.mark.minutes_early);
                parts.push(("class_hours.early", early, said));
            }
        }
        S::OnLeave | S::Withdrawn => {}
    }
    let mut counted = 0;
    let mut credits = Vec::new();
    for (rule_id, hours, said) in parts {
        // Lateness and early leave together never count more than the whole session.
        let hours = hours.min(cap - counted);
        counted += hours;
        if hours == 0 {
            continue;
        }
        let hours = ClassHours::from_hundredths(hours);
        let amount = rule
            .credits_per_hour
            .per_hour(hours)
            .times(i64::from(rule.deduction_multiplier));
        let rounding = if rule.round_missed_up {
            "，不足 1 学时按 1 学时计"
        } else {
            ""
        };
        credits.push(Credit {
            category: CreditCategory::ClassHours,
            amount: -amount,
            rule: rule_id,
            explanation: format!(
                "{} {}：{said}，计 {hours} 学时{rounding}，按 {} 倍扣 {amount} 学分",
                s.date, s.topic, rule.deduction_multiplier
            ),
            date: s.date,
            source: ("session", s.session_id.0),
        });
    }
    credits
}

/// An exam or an assignment scored on 100 points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreRecord {
    pub id: i64,
    pub title: String,
    pub date: NaiveDate,
    /// Hundredths of a point: 8450 is 84.5.
    pub score: u32,
}

fn banded(
    rule: Option<&BandedRule>,
    category: CreditCategory,
    rule_id: &'static str,
    source: &'static str,
    record: &ScoreRecord,
) -> Evaluation {
    let Some(rule) = rule else {
        return Evaluation::note(format!("学分规则未规定{}计分", category.label_zh()));
    };
    let score = Credits::from_hundredths(i64::from(record.score));
    // “以上”含本数: a score equal to a band's start is in the band.
    match rule.bands.iter().find(|b| record.score >= b.from * 100) {
        Some(band) if !band.credits.is_zero() => Evaluation {
            credits: vec![Credit {
                category,
                amount: band.credits,
                rule: rule_id,
                explanation: format!(
                    "{}《{}》{score} 分，{}（{} 分以上），记 {} 学分",
                    category.label_zh(),
                    record.title,
                    band.label,
                    band.from,
                    band.credits
                ),
                date: record.date,
                source: (source, record.id),
            }],
            notes: Vec::new(),
        },
        found => Evaluation::note(format!(
            "{}《{}》{score} 分，{}，不计分",
            category.label_zh(),
            record.title,
            found.map_or(rule.below_label.as_str(), |b| b.label.as_str())
        )),
    }
}

/// Exam credits (R-CRD-4).
pub fn exam(rules: &CreditRuleSet, record: &ScoreRecord) -> Evaluation {
    banded(
        rules.exam.as_ref(),
        CreditCategory::Exam,
        "exam.band",
        "exam",
        record,
    )
}

/// Assignment credits (R-CRD-4, rule 5).
pub fn assignment(rules: &CreditRuleSet, record: &ScoreRecord) -> Evaluation {
    banded(
        rules.assignment.as_ref(),
        CreditCategory::Assignment,
        "assignment.band",
        "assignment",
        record,
    )
}

/// A research output, approved before it counts (R-CRD-3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResearchRecord {
    pub id: i64,
    pub kind: ResearchKind,
    pub level: ResearchLevel,
    pub title: String,
    pub date: NaiveDate,
    pub co_authored: bool,
    /// Published in a supplement (增刊).
    pub supplement: bool,
}

/// Research credits (R-CRD-3).
pub fn research(rules: &CreditRuleSet, record: &ResearchRecord) -> Evaluation {
    let what = format!("{}《{}》", record.kind.label_zh(), record.title);
    let Some(rule) = rules.research.get(&record.kind) else {
        return Evaluation::note(format!("学分规则未规定{}计分", record.kind.label_zh()));
    };
    if record.supplement && rule.excludes_supplements {
        return Evaluation::note(format!("{what}发表于增刊，不计分"));
    }
    let found = rule
        .levels
        .get(&record.level)
        .or_else(|| rule.levels.get(&ResearchLevel::Any));
    let Some(&full) = found else {
        return Evaluation::note(format!(
            "{what}为{}，学分规则未规定该级别的分值",
            record.level.label_zh()
        ));
    };
    let share = record
        .co_authored
        .then(|| rule.co_authored_share.as_deref().and_then(fraction))
        .flatten();
    let (amount, how) = match share {
        Some((n, d)) => (full.share(n, d), format!("，与他人合作按 {n}/{d} 计")),
        None => (full, String::new()),
    };
    Evaluation {
        credits: vec![Credit {
            category: CreditCategory::Research,
            amount,
            rule: "research.output",
            explanation: format!(
                "{what}，{}{full} 分{how}，记 {amount} 学分",
                record.level.label_zh()
            ),
            date: record.date,
            source: ("research", record.id),
        }],
        notes: Vec::new(),
    }
}

/// A group at a reading salon, scored by its drawn representative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalonGroup {
    pub name: String,
    /// The representative's score, in hundredths of a point.
    pub score: u32,
    pub members: Vec<PersonId>,
}

/// A salon activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalonRecord {
    pub id: i64,
    pub title: String,
    pub date: NaiveDate,
    pub groups: Vec<SalonGroup>,
}

/// How many of `groups` groups are excellent: `percent` of them, halves rounded up (one group of
/// one is excellent, two of three), at least one.
fn excellent_groups(groups: usize, percent: u32) -> usize {
    let scaled = groups * percent as usize;
    scaled.div_ceil(100).max(1).min(groups)
}

/// Salon credits for every member (R-CRD-2): groups ranked by their representative's score; the
/// top share is excellent, and a group tied with the last excellent one is excellent too.
pub fn salon(
    rules: &CreditRuleSet,
    record: &SalonRecord,
) -> Result<Vec<(PersonId, Credit)>, String> {
    let rule: &SalonRule = rules
        .salon
        .as_ref()
        .ok_or_else(|| format!("规则“{}”未规定读书沙龙计分", rules.name))?;
    let mut ranked: Vec<&SalonGroup> = record.groups.iter().collect();
    ranked.sort_by_key(|g| std::cmp::Reverse(g.score));
    let top = excellent_groups(ranked.len(), rule.excellent_percent);
    let bar = ranked.get(top.saturating_sub(1)).map_or(0, |g| g.score);
    let mut credits = Vec::new();
    for group in ranked {
        let excellent = group.score >= bar;
        let (grade, amount) = if excellent {
            ("优秀", rule.excellent)
        } else {
            ("良好", rule.good)
        };
        for &person in &group.members {
            credits.push((
                person,
                Credit {
                    category: CreditCategory::Salon,
                    amount,
                    rule: if excellent {
                        "salon.excellent"
                    } else {
                        "salon.good"
                    },
                    explanation: format!(
                        "读书沙龙《{}》：{}组代表得 {} 分，评为{grade}，组员每人记 {amount} 学分",
                        record.title,
                        group.name,
                        Credits::from_hundredths(i64::from(group.score))
                    ),
                    date: record.date,
                    source: ("salon", record.id),
                },
            ));
        }
    }
    Ok(credits)
}

/// A teacher's school-based training in one term (R-CRD-5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolTermRecord {
    pub id: i64,
    pub term: String,
    /// The term's last day (results are published at term end).
    pub ends_on: NaiveDate,
    pub attended: u32,
    pub taught: u32,
}

/// School-based points for a term: base, attendance and teaching as three credits.
pub fn school_term(rules: &CreditRuleSet, record: &SchoolTermRecord) -> Evaluation {
    let Some(rule): Option<&SchoolTermRule> = rules.school_term.as_ref() else {
        return Evaluation::note(format!("规则“{}”未规定校本培训积分", rules.name));
    };
    let credit = |rule_id, amount: Credits, explanation: String| Credit {
        category: CreditCategory::SchoolBased,
        amount,
        rule: rule_id,
        explanation,
        date: record.ends_on,
        source: ("school_term", record.id),
    };
    let attended = rule.per_session_attended.times(i64::from(record.attended));
    let taught = rule.per_session_taught.times(i64::from(record.taught));
    let credits = vec![
        credit(
            "school_term.base",
            rule.base,
            format!("{}基础分 {}", record.term, rule.base),
        ),
        credit(
            "school_term.attended",
            attended,
            format!(
                "{}参加培训 {} 次，每次 {}，计 {attended}",
                record.term, record.attended, rule.per_session_attended
            ),
        ),
        credit(
            "school_term.taught",
            taught,
            format!(
                "{}主讲 {} 次，每次 {}，计 {taught}",
                record.term, record.taught, rule.per_session_taught
            ),
        ),
    ];
    Evaluation {
        credits: credits
            .into_iter()
            .filter(|c| !c.amount.is_zero())
            .collect(),
        notes: Vec::new(),
    }
}
