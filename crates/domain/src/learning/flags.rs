//! Signs that learning may not have been a person at a screen, kept for a person to review and
//! never acted on by themselves (issue 16): a presence check answered faster than anyone reads,
//! many learners starting from one address within minutes (one machine driving accounts), and
//! a playback whose heartbeats were refused again and again (a script feeding positions).

use crate::code_enum;
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::BTreeSet;

code_enum! {
    /// What was seen.
    pub enum FlagKind {
        SuperhumanAnswer => ("superhuman_answer", "在线确认回答过快", "Presence check answered faster than a person reads"),
        SharedAddress => ("shared_address", "多个账号同一地址集中学习", "Many accounts learning from one address within minutes"),
        ManyRefused => ("many_refused", "大量心跳未被计时", "Many heartbeats refused in one playback"),
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
pub fn shared_address(starts: &[(i64, DateTime<Utc>)], now: DateTime<Utc>) -> bool {
    let people: BTreeSet<i64> = starts
        .iter()
        .filter(|(_, at)| *at <= now && now - *at <= SHARED_ADDRESS_WINDOW)
        .map(|(person, _)| *person)
        .collect();
    people.len() >= SHARED_ADDRESS_PEOPLE
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

    #[test]
    fn five_people_within_ten_minutes_from_one_address_are_flagged_and_four_are_not() {
        let four: Vec<_> = (1..=4).map(|p| (p, at(p))).collect();
        assert!(!shared_address(&four, at(5)));
        let mut five = four.clone();
        five.push((5, at(5)));
        assert!(shared_address(&five, at(5)));
        // The same person five times is one person.
        let one: Vec<_> = (1..=5).map(|m| (7, at(m))).collect();
        assert!(!shared_address(&one, at(5)));
        // Spread over an hour, it is a computer room used in turn.
        let spread: Vec<_> = (1..=5).map(|p| (p, at(p * 15))).collect();
        assert!(!shared_address(&spread, at(75)));
    }
}
