//! Watching online learning and reporting on it (R-ONL-4, seed 000: 每半月进行一次统计 … 每月一次的
//! 统计简报都将学习情况通报市领导小组和各区县): the periods statistics are made for, the even pace a
//! learner's required hours are measured against, and how far a laggard is escalated — to the
//! learner, then their unit, then the district or sub-centre above — by how many half-months in
//! a row they have been behind.

use crate::ClassHours;
use crate::code_enum;
use chrono::{Datelike, NaiveDate};

code_enum! {
    /// The two documents made on schedule.
    pub enum BriefingKind {
        HalfMonth => ("half_month", "半月统计", "Half-monthly statistics"),
        Month => ("month", "月度通报", "Monthly briefing"),
    }
}

code_enum! {
    /// Whom a laggard's follow-up goes to, rising with each half-month behind.
    pub enum Escalation {
        Learner => ("learner", "提醒本人", "Remind the learner"),
        Unit => ("unit", "告知所在单位", "Tell their unit"),
        District => ("district", "报区县（分中心）督办", "Report to the district or sub-centre"),
    }
}

impl Escalation {
    /// The level for a learner behind at the end of `periods` half-months in a row (at least 1).
    pub fn after(periods: u32) -> Self {
        match periods {
            0 | 1 => Escalation::Learner,
            2 => Escalation::Unit,
            _ => Escalation::District,
        }
    }
}

/// A period statistics are made for: a half-month (1st–15th, 16th–end) or a calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub kind: BriefingKind,
    pub year: i32,
    pub month: u32,
    /// For a half-month: the second half (16th to the month's end).
    pub second_half: bool,
}

impl Period {
    /// The period of `kind` a day lies in.
    pub fn containing(kind: BriefingKind, day: NaiveDate) -> Self {
        Period {
            kind,
            year: day.year(),
            month: day.month(),
            second_half: kind == BriefingKind::HalfMonth && day.day() > 15,
        }
    }

    /// The latest period of `kind` that ended before `today` (the one a schedule reports on).
    pub fn last_ended(kind: BriefingKind, today: NaiveDate) -> Self {
        Self::containing(kind, today).previous()
    }

    pub fn first_day(&self) -> NaiveDate {
        let day = if self.second_half { 16 } else { 1 };
        NaiveDate::from_ymd_opt(self.year, self.month, day).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(&self) -> NaiveDate {
        if self.kind == BriefingKind::HalfMonth && !self.second_half {
            return NaiveDate::from_ymd_opt(self.year, self.month, 15).unwrap_or(NaiveDate::MIN);
        }
        month_start(self.year, self.month)
            .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
            .and_then(|next| next.pred_opt())
            .unwrap_or(NaiveDate::MIN)
    }

    /// The period of the same kind just before this one.
    pub fn previous(&self) -> Self {
        let before = self.first_day().pred_opt().unwrap_or(NaiveDate::MIN);
        Self::containing(self.kind, before)
    }

    /// `2026-11` for a month, `2026-11-1` / `2026-11-2` for its halves: stable, sortable within
    /// a kind, used in file names and the API.
    pub fn code(&self) -> String {
        match self.kind {
            BriefingKind::Month => format!("{:04}-{:02}", self.year, self.month),
            BriefingKind::HalfMonth => format!(
                "{:04}-{:02}-{}",
                self.year,
                self.month,
                if self.second_half { 2 } else { 1 }
            ),
        }
    }

    /// Reads a [`Period::code`] back.
    pub fn parse(code: &str) -> Option<Self> {
        let mut parts = code.trim().split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let half = parts.next();
        if parts.next().is_some() || !(1..=12).contains(&month) || !(1900..=9999).contains(&year) {
            return None;
        }
        let (kind, second_half) = match half {
            None => (BriefingKind::Month, false),
            Some("1") => (BriefingKind::HalfMonth, false),
            Some("2") => (BriefingKind::HalfMonth, true),
            Some(_) => return None,
        };
        Some(Period {
            kind,
            year,
            month,
            second_half,
        })
    }

    /// "2026年11月上半月", "2026年11月".
    pub fn label_zh(&self) -> String {
        match self.kind {
            BriefingKind::Month => format!("{}年{}月", self.year, self.month),
            BriefingKind::HalfMonth => format!(
                "{}年{}月{}",
                self.year,
                self.month,
                if self.second_half {
                    "下半月"
                } else {
                    "上半月"
                }
            ),
        }
    }

    /// "November 2026, first half", "November 2026".
    pub fn label_en(&self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let name = MONTHS[(self.month.clamp(1, 12) - 1) as usize];
        match self.kind {
            BriefingKind::Month => format!("{name} {}", self.year),
            BriefingKind::HalfMonth => format!(
                "{name} {}, {} half",
                self.year,
                if self.second_half { "second" } else { "first" }
            ),
        }
    }
}

fn month_start(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// The hours a learner on an even pace has by the end of `day`: the yearly target spread over
/// the year's days (rounded down to hundredths), the whole target on 31 December.
pub fn expected_by(target: ClassHours, day: NaiveDate) -> ClassHours {
    let days_in_year = if NaiveDate::from_ymd_opt(day.year(), 2, 29).is_some() {
        366
    } else {
        365
    };
    let share = u64::from(target.hundredths()) * u64::from(day.ordinal()) / days_in_year;
    ClassHours::from_hundredths(u32::try_from(share).unwrap_or(u32::MAX))
}

/// The half-month ends of `day`'s year up to and including the one `day` closes, latest first:
/// the dates a run of "behind" is counted back over (a new year starts a new count).
pub fn half_month_ends_back_from(day: NaiveDate) -> Vec<NaiveDate> {
    let mut period = Period::containing(BriefingKind::HalfMonth, day);
    if period.last_day() != day {
        period = period.previous();
    }
    let mut ends = Vec::new();
    while period.year == day.year() {
        ends.push(period.last_day());
        period = period.previous();
    }
    ends
}

/// Where a learner stands against the year's target at the end of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The yearly target is reached.
    Done,
    /// At or ahead of the even pace.
    OnPace,
    /// Below the even pace by `short`.
    Behind { short: ClassHours },
}

impl Standing {
    /// `hours` of required courses finished by the end of `day`, against `target` a year.
    pub fn of(hours: ClassHours, target: ClassHours, day: NaiveDate) -> Self {
        if hours >= target {
            return Standing::Done;
        }
        let expected = expected_by(target, day);
        if hours >= expected {
            Standing::OnPace
        } else {
            Standing::Behind {
                short: ClassHours::from_hundredths(expected.hundredths() - hours.hundredths()),
            }
        }
    }

    pub fn is_behind(&self) -> bool {
        matches!(self, Standing::Behind { .. })
    }
}

/// How many half-months in a row, ending with the latest of `ends` (latest first), the learner
/// was behind, given their hours by the end of any day.
pub fn periods_behind(
    ends: &[NaiveDate],
    target: ClassHours,
    hours_by: impl Fn(NaiveDate) -> ClassHours,
) -> u32 {
    ends.iter()
        .take_while(|end| Standing::of(hours_by(**end), target, **end).is_behind())
        .count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn half_months_split_on_the_fifteenth_and_run_to_the_months_end() {
        let first = Period::containing(BriefingKind::HalfMonth, day(2026, 2, 15));
        assert_eq!(
            (first.first_day(), first.last_day()),
            (day(2026, 2, 1), day(2026, 2, 15))
        );
        let second = Period::containing(BriefingKind::HalfMonth, day(2026, 2, 16));
        assert_eq!(
            (second.first_day(), second.last_day()),
            (day(2026, 2, 16), day(2026, 2, 28))
        );
        let leap = Period::containing(BriefingKind::HalfMonth, day(2028, 2, 20));
        assert_eq!(leap.last_day(), day(2028, 2, 29));
        let month = Period::containing(BriefingKind::Month, day(2026, 12, 31));
        assert_eq!(
            (month.first_day(), month.last_day()),
            (day(2026, 12, 1), day(2026, 12, 31))
        );
    }

    #[test]
    fn the_period_before_crosses_months_and_years() {
        let january = Period::containing(BriefingKind::HalfMonth, day(2027, 1, 3));
        let before = january.previous();
        assert_eq!(before.code(), "2026-12-2");
        assert_eq!(before.previous().code(), "2026-12-1");
        assert_eq!(
            Period::last_ended(BriefingKind::Month, day(2027, 1, 1)).code(),
            "2026-12"
        );
        assert_eq!(
            Period::last_ended(BriefingKind::HalfMonth, day(2026, 11, 16)).code(),
            "2026-11-1"
        );
    }

    #[test]
    fn codes_read_back_and_nonsense_is_refused() {
        for code in ["2026-11", "2026-11-1", "2026-01-2"] {
            assert_eq!(Period::parse(code).unwrap().code(), code);
        }
        for bad in [
            "",
            "2026",
            "2026-13",
            "2026-11-3",
            "2026-11-1-1",
            "x-1",
            "2026-00",
        ] {
            assert!(Period::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            Period::parse("2026-11-2").unwrap().label_zh(),
            "2026年11月下半月"
        );
        assert_eq!(
            Period::parse("2026-11").unwrap().label_en(),
            "November 2026"
        );
    }

    #[test]
    fn the_even_pace_reaches_the_target_on_the_last_day() {
        let target = ClassHours::whole(50);
        assert_eq!(expected_by(target, day(2026, 12, 31)), target);
        assert_eq!(expected_by(target, day(2028, 12, 31)), target);
        // 1 July 2026 is the 182nd day of 365: 50 × 182 / 365 = 24.93.
        assert_eq!(
            expected_by(target, day(2026, 7, 1)),
            ClassHours::from_hundredths(2493)
        );
        assert_eq!(
            expected_by(ClassHours::ZERO, day(2026, 7, 1)),
            ClassHours::ZERO
        );
    }

    #[test]
    fn standing_is_done_on_pace_or_behind_by_the_shortfall() {
        let target = ClassHours::whole(50);
        let july = day(2026, 7, 1);
        assert_eq!(
            Standing::of(ClassHours::whole(50), target, july),
            Standing::Done
        );
        assert_eq!(
            Standing::of(ClassHours::whole(25), target, july),
            Standing::OnPace
        );
        assert_eq!(
            Standing::of(ClassHours::whole(20), target, july),
            Standing::Behind {
                short: ClassHours::from_hundredths(493)
            }
        );
    }

    #[test]
    fn a_run_behind_counts_back_over_half_month_ends_of_the_year() {
        let ends = half_month_ends_back_from(day(2026, 3, 31));
        assert_eq!(ends.len(), 6);
        assert_eq!(ends[0], day(2026, 3, 31));
        assert_eq!(ends[5], day(2026, 1, 15));
        // Mid-period: counting starts at the last end before it.
        assert_eq!(
            half_month_ends_back_from(day(2026, 3, 20))[0],
            day(2026, 3, 15)
        );
        let target = ClassHours::whole(50);
        // Nothing learned: behind at every end.
        assert_eq!(periods_behind(&ends, target, |_| ClassHours::ZERO), 6);
        // Ten hours learned in February: on pace at its ends, behind only at March's.
        let hours = |d: NaiveDate| {
            if d >= day(2026, 2, 10) {
                ClassHours::whole(10)
            } else {
                ClassHours::ZERO
            }
        };
        assert_eq!(periods_behind(&ends, target, hours), 2);
        assert_eq!(Escalation::after(2), Escalation::Unit);
        assert_eq!(Escalation::after(6), Escalation::District);
        assert_eq!(Escalation::after(1), Escalation::Learner);
    }
}
