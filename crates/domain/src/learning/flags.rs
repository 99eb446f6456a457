//! Signs that learning may not have been a person at a screen, kept for a person to review and
//! never acted on by themselves (issue 16): a presence check answered faster than anyone reads,
//! many learners starting from one address within minutes (one machine driving accounts), and
//! a playback whose heartbeats were refused again and again (a script feeding positions), and,
//! looking back over whole days, learning around the clock and the same hours day after day
//! (a scheduled script, not a person's day).

use crate::{PersonId, code_enum};
use chrono::{DateTime, NaiveDate, TimeDelta, Timelike, Utc};
use std::collections::BTreeMap;
use std::collections::BTreeSet;

code_enum! {
    /// What was seen.
    pub enum FlagKind {
        SuperhumanAnswer => ("superhuman_answer", "在线确认回答过快", "Presence check answered faster than a person reads"),
        SharedAddress => ("shared_address", "多个账号同一地址集中学习", "Many accounts learning from one address within minutes"),
        ManyRefused => ("many_refused", "大量心跳未被计时", "Many heartbeats refused in one playback"),
        RoundTheClock => ("round_the_clock", "全天候学习", "Learning around the clock"),
        IdenticalDays => ("identical_days", "每天学习时段完全相同", "The same learning hours day after day"),
        Metronomic => ("metronomic", "心跳间隔过于规律", "Heartbeats as regular as a metronome"),
    }
}

/// Learners starting from one address within this window count together.
pub const SHARED_ADDRESS_WINDOW: TimeDelta = TimeDelta::minutes(10);
/// This many different learners from one address within the window is flagged.
pub const SHARED_ADDRESS_PEOPLE: usize = 5;
/// A playback with this many refused heartbeats is flagged (once).
pub const MANY_REFUSED_BEATS: i32 = 20;

/// Whether the learners who started playbacks from one address (`starts`: person and time,
/// any order) include `SHARED_ADDRESS_PEOPLE` different people within `SHARED_ADDRESS_WINDOW`
/// of `now`.
pub fn shared_address(starts: &[(PersonId, DateTime<Utc>)], now: DateTime<Utc>) -> bool {
    let people: BTreeSet<PersonId> = starts
        .iter()
        .filter(|(_, at)| *at <= now && now - *at <= SHARED_ADDRESS_WINDOW)
        .map(|(person, _)| *person)
        .collect();
    people.len() >= SHARED_ADDRESS_PEOPLE
}

/// The gaps between a playback's heartbeat arrivals, as running sums (count, sum and sum of
/// squares, in milliseconds), so each heartbeat updates them in its own transaction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rhythm {
    pub count: i64,
    pub sum_ms: i64,
    pub square_sum: i64,
}

/// After this many gaps (ten minutes at the usual 15 s) the rhythm is judged, once.
pub const METRONOME_GAPS: i64 = 40;
/// Gaps whose standard deviation is below this many milliseconds come from a timer: a page in
/// a person's browser waits for each answer and reports at once on play, pause, seek and
/// switching away, so its gaps wander by far more.
pub const METRONOME_SPREAD_MS: f64 = 3.0;

impl Rhythm {
    /// The rhythm with one more gap (clamped to a day, so a sum can never overflow).
    pub fn with_gap(self, gap: TimeDelta) -> Rhythm {
        let gap = gap.num_milliseconds().clamp(0, 86_400_000);
        Rhythm {
            count: self.count.saturating_add(1),
            sum_ms: self.sum_ms.saturating_add(gap),
            square_sum: self.square_sum.saturating_add(gap * gap),
        }
    }

    /// The standard deviation of the gaps, in milliseconds.
    pub fn spread_ms(self) -> Option<f64> {
        if self.count < 2 {
            return None;
        }
        let n = self.count as f64;
        let mean = self.sum_ms as f64 / n;
        let variance = (self.square_sum as f64 / n - mean * mean).max(0.0);
        Some(variance.sqrt())
    }

    /// Judged once, when the gaps reach `METRONOME_GAPS`: too regular for a person's page.
    pub fn metronomic(self) -> bool {
        self.count == METRONOME_GAPS && self.spread_ms().is_some_and(|s| s < METRONOME_SPREAD_MS)
    }
}

/// Learning that earned time in this many different hours of one China day is flagged (a
/// person sleeps; a script left running does not).
pub const ROUND_THE_CLOCK_HOURS: usize = 18;

/// The hours (0–23, China time) of `day` in which any of the spans (from the start of a
/// playback to its last credited heartbeat) was learning.
pub fn active_hours(spans: &[Span], day: NaiveDate) -> BTreeSet<u32> {
    let mut hours = BTreeSet::new();
    let day_start = crate::calendar::china_midnight(day);
    for (from, to) in spans {
        let (from, to) = (
            (*from).max(day_start),
            (*to).min(day_start + TimeDelta::days(1)),
        );
        let mut at = from;
        while at < to {
            hours.insert(crate::calendar::china_datetime(at).hour());
            // To the start of the next hour.
            let local = crate::calendar::china_datetime(at);
            let into_hour = TimeDelta::minutes(i64::from(local.minute()))
                + TimeDelta::seconds(i64::from(local.second()));
            at = at - into_hour + TimeDelta::hours(1);
        }
    }
    hours
}

/// From the start of a playback to its last credited heartbeat.
pub type Span = (DateTime<Utc>, DateTime<Utc>);

/// This many days learning in the same hours (each day's first start and last credited
/// heartbeat within `SAME_SCHEDULE_SLACK` of the others') is flagged.
pub const SAME_SCHEDULE_DAYS: usize = 5;
/// How close two days' start and end must be to count as the same schedule.
pub const SAME_SCHEDULE_SLACK: TimeDelta = TimeDelta::minutes(1);

/// Whether the learning days given (each day's spans, China dates) include
/// `SAME_SCHEDULE_DAYS` days whose first start and last end, as clock times, all lie within
/// `SAME_SCHEDULE_SLACK` of one another: the mark of a scheduled script.
pub fn identical_days(days: &BTreeMap<NaiveDate, Vec<Span>>) -> bool {
    let clock = |at: DateTime<Utc>| {
        let local = crate::calendar::china_datetime(at);
        i64::from(local.num_seconds_from_midnight())
    };
    let schedules: Vec<(i64, i64)> = days
        .values()
        .filter_map(|spans| {
            let start = spans.iter().map(|(from, _)| *from).min()?;
            let end = spans.iter().map(|(_, to)| *to).max()?;
            Some((clock(start), clock(end)))
        })
        .collect();
    let slack = SAME_SCHEDULE_SLACK.num_seconds();
    // Any day can be the pattern; count the days close enough to it.
    schedules.iter().any(|(start, end)| {
        schedules
            .iter()
            .filter(|(s, e)| (s - start).abs() <= slack && (e - end).abs() <= slack)
            .count()
            >= SAME_SCHEDULE_DAYS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc)
            + TimeDelta::minutes(minute)
    }

    fn china(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T{hour:02}:{minute:02}:00+08:00"))
            .unwrap()
            .with_timezone(&Utc)
    }

    fn march(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
    }

    #[test]
    fn the_hours_of_a_day_count_only_that_days_part_of_each_span() {
        // 23:30 the day before to 01:10: hours 0 and 1 of the 2nd; 09:05–09:20: hour 9.
        let spans = [
            (china(1, 23, 30), china(2, 1, 10)),
            (china(2, 9, 5), china(2, 9, 20)),
        ];
        assert_eq!(active_hours(&spans, march(2)), BTreeSet::from([0, 1, 9]));
        assert_eq!(active_hours(&spans, march(1)), BTreeSet::from([23]));
        assert!(active_hours(&spans, march(3)).is_empty());
    }

    #[test]
    fn a_day_learning_in_eighteen_hours_is_round_the_clock_and_an_evening_is_not() {
        let script: Vec<_> = (0..18).map(|h| (china(2, h, 0), china(2, h, 30))).collect();
        assert!(active_hours(&script, march(2)).len() >= ROUND_THE_CLOCK_HOURS);
        let evening = [(china(2, 19, 0), china(2, 23, 0))];
        assert_eq!(active_hours(&evening, march(2)).len(), 4);
    }

    #[test]
    fn five_days_in_the_same_minutes_are_a_schedule_and_a_persons_week_is_not() {
        let day = |d: u32, start: (u32, u32), end: (u32, u32)| {
            (
                march(d),
                vec![(china(d, start.0, start.1), china(d, end.0, end.1))],
            )
        };
        let script: BTreeMap<_, _> = (2..=6).map(|d| day(d, (20, 0), (21, 30))).collect();
        assert!(identical_days(&script));
        let four: BTreeMap<_, _> = (2..=5).map(|d| day(d, (20, 0), (21, 30))).collect();
        assert!(!identical_days(&four));
        let person: BTreeMap<_, _> = [
            day(2, (20, 0), (21, 30)),
            day(3, (20, 12), (21, 5)),
            day(4, (19, 40), (21, 31)),
            day(5, (20, 1), (22, 10)),
            day(6, (21, 0), (21, 45)),
        ]
        .into_iter()
        .collect();
        assert!(!identical_days(&person));
    }

    #[test]
    fn a_timer_is_metronomic_after_forty_gaps_and_a_persons_page_is_not() {
        let timer = (0..METRONOME_GAPS).fold(Rhythm::default(), |r, _| {
            r.with_gap(TimeDelta::milliseconds(15_000))
        });
        assert!(timer.metronomic());
        assert_eq!(timer.spread_ms(), Some(0.0));
        // A page: 15 s after each answer, answers taking 20 to 180 ms, now and then a pause.
        let page = (0..METRONOME_GAPS).fold(Rhythm::default(), |r, i| {
            let answer = 20 + (i * 37) % 160;
            let gap = if i % 9 == 4 { 3_200 } else { 15_000 + answer };
            r.with_gap(TimeDelta::milliseconds(gap))
        });
        assert!(!page.metronomic());
        // Judged once: the forty-first gap does not judge again.
        assert!(!timer.with_gap(TimeDelta::milliseconds(15_000)).metronomic());
        // A gap of years cannot overflow the sums.
        let odd = Rhythm::default().with_gap(TimeDelta::days(3650));
        assert_eq!(odd.sum_ms, 86_400_000);
    }

    #[test]
    fn five_people_within_ten_minutes_from_one_address_are_flagged_and_four_are_not() {
        let four: Vec<_> = (1..=4).map(|p| (PersonId(p), at(p))).collect();
        assert!(!shared_address(&four, at(5)));
        let mut five = four.clone();
        five.push((PersonId(5), at(5)));
        assert!(shared_address(&five, at(5)));
        // The same person five times is one person.
        let one: Vec<_> = (1..=5).map(|m| (PersonId(7), at(m))).collect();
        assert!(!shared_address(&one, at(5)));
        // Spread over an hour, it is a computer room used in turn.
        let spread: Vec<_> = (1..=5).map(|p| (PersonId(p), at(p * 15))).collect();
        assert!(!shared_address(&spread, at(75)));
    }
}
