//! When a trainee may sign in to a session, and whether they are late (R-ATT-1).
//!
//! Session times are China times (UTC+8, no daylight saving since 1991, as in
//! [`china_date`](crate::calendar::china_date)); the caller passes the server's `now` and the
//! server's clock decides, never the phone's.
//!
//! The window is half-open, `[opens_at, closed_at)`:
//! - it opens `opens_before_minutes` before the start: at exactly `opens_at` sign-in is open;
//! - it closes `closes_after_minutes` after the start, or at the end of the session if that comes
//!   first: at exactly `closed_at` it is closed, and only the head teacher can mark the trainee;
//! - signing in at or before the start is on time; after it, the time since the start is
//!   rounded to minutes by the deployment's [`MinuteRounding`](super::MinuteRounding), and more
//!   minutes than the grace is late by all those minutes.

use super::marks::Mark;
use super::settings::AttendanceSettings;
use crate::calendar::{china_datetime, china_instant};
use crate::classes::Session;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::Serialize;

/// An instant as China time, `2026-03-02 08:00`, for messages.
fn china_clock(instant: DateTime<Utc>) -> String {
    china_datetime(instant).format("%Y-%m-%d %H:%M").to_string()
}

/// When a session takes place: a China date with start and end times, the end after the start
/// (a session does not run past midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SessionTimes {
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
}

/// A session whose times cannot be signed in to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("课程结束时间 {end} 不晚于开始时间 {start}，请核对课程时间")]
pub struct SessionTimesError {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl SessionTimesError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        "SESSION_END_NOT_AFTER_START"
    }
}

/// Where a session stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionPhase {
    /// Not started: leave can still be asked for it (R-ATT-2).
    Upcoming,
    /// From the start (inclusive) to the end (exclusive).
    Underway,
    /// Ended.
    Over,
}

impl SessionTimes {
    pub fn new(
        date: NaiveDate,
        start: NaiveTime,
        end: NaiveTime,
    ) -> Result<Self, SessionTimesError> {
        if end <= start {
            return Err(SessionTimesError { start, end });
        }
        Ok(Self { date, start, end })
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn start(&self) -> NaiveTime {
        self.start
    }

    pub fn end(&self) -> NaiveTime {
        self.end
    }

    /// The instant the session starts.
    pub fn starts_at(&self) -> DateTime<Utc> {
        china_instant(self.date.and_time(self.start))
    }

    /// The instant the session ends.
    pub fn ends_at(&self) -> DateTime<Utc> {
        china_instant(self.date.and_time(self.end))
    }

    /// Clock minutes from start to end (always more than 0).
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    /// Whether the session is still to come, under way or over at `now`.
    pub fn phase(&self, now: DateTime<Utc>) -> SessionPhase {
        if now < self.starts_at() {
            SessionPhase::Upcoming
        } else if now < self.ends_at() {
            SessionPhase::Underway
        } else {
            SessionPhase::Over
        }
    }

    /// The first instant a trainee may sign in.
    pub fn sign_in_opens_at(&self, settings: &AttendanceSettings) -> DateTime<Utc> {
        self.starts_at() - TimeDelta::minutes(i64::from(settings.opens_before_minutes))
    }

    /// The instant sign-in closes (no longer possible from then on): `closes_after_minutes`
    /// after the start, but never after the end of the session.
    pub fn sign_in_closes_at(&self, settings: &AttendanceSettings) -> DateTime<Utc> {
        let closes =
            self.starts_at() + TimeDelta::minutes(i64::from(settings.closes_after_minutes));
        closes.min(self.ends_at())
    }
}

impl TryFrom<&Session> for SessionTimes {
    type Error = SessionTimesError;
    fn try_from(session: &Session) -> Result<Self, Self::Error> {
        SessionTimes::new(session.date, session.start, session.end)
    }
}

/// How a sign-in at an instant stands against a session's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "timing", rename_all = "snake_case")]
pub enum SignInTiming {
    /// The window has not opened yet (also a session on a later day).
    TooEarly { opens_at: DateTime<Utc> },
    /// Within the window, at or before the start, or late by no more than the grace.
    OnTime,
    /// Within the window, late by `minutes` (more than the grace).
    Late { minutes: u32 },
    /// The window has closed (also a session on an earlier day).
    Closed { closed_at: DateTime<Utc> },
}

/// Why a trainee's own sign-in was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignInRefused {
    #[error("签到尚未开始，将于 {} 开放，请届时再扫码签到", china_clock(*.opens_at))]
    NotOpen { opens_at: DateTime<Utc> },
    #[error("签到已于 {} 截止，如需补登请联系班主任", china_clock(*.closed_at))]
    Closed { closed_at: DateTime<Utc> },
}

impl SignInRefused {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            SignInRefused::NotOpen { .. } => "SIGN_IN_NOT_OPEN",
            SignInRefused::Closed { .. } => "SIGN_IN_CLOSED",
        }
    }
}

impl SignInTiming {
    /// The mark a sign-in with this timing earns, or why it is refused.
    pub fn accept(self) -> Result<Mark, SignInRefused> {
        match self {
            SignInTiming::OnTime => Ok(Mark::present()),
            SignInTiming::Late { minutes } => Ok(Mark::late(minutes)),
            SignInTiming::TooEarly { opens_at } => Err(SignInRefused::NotOpen { opens_at }),
            SignInTiming::Closed { closed_at } => Err(SignInRefused::Closed { closed_at }),
        }
    }
}

/// How a trainee's sign-in at `now` to `session` stands under `settings`.
pub fn sign_in_timing(
    session: &SessionTimes,
    now: DateTime<Utc>,
    settings: &AttendanceSettings,
) -> SignInTiming {
    let opens_at = session.sign_in_opens_at(settings);
    if now < opens_at {
        return SignInTiming::TooEarly { opens_at };
    }
    let closed_at = session.sign_in_closes_at(settings);
    if now >= closed_at {
        return SignInTiming::Closed { closed_at };
    }
    let minutes = settings.rounding.minutes(now - session.starts_at());
    if minutes <= settings.late_grace_minutes {
        SignInTiming::OnTime
    } else {
        SignInTiming::Late { minutes }
    }
}

/// Minutes a trainee who left at `left_at` left early, rounded like lateness; 0 when they left
/// at or after the end. For a head teacher who records the time someone left.
pub fn minutes_early(
    session: &SessionTimes,
    left_at: DateTime<Utc>,
    settings: &AttendanceSettings,
) -> u32 {
    let missed = session.ends_at() - left_at.max(session.starts_at());
    settings.rounding.minutes(missed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attendance::settings::MinuteRounding;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// A morning session on Monday 2 March 2026, 08:30–11:30 China time.
    fn morning() -> SessionTimes {
        let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        SessionTimes::new(date, time(8, 30), time(11, 30)).unwrap()
    }

    /// China time on the session's day.
    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        china_instant(
            NaiveDate::from_ymd_opt(2026, 3, 2)
                .unwrap()
                .and_hms_opt(h, m, s)
                .unwrap(),
        )
    }

    fn timing(now: DateTime<Utc>) -> SignInTiming {
        sign_in_timing(&morning(), now, &AttendanceSettings::default())
    }

    #[test]
    fn session_times_are_china_times() {
        assert_eq!(
            morning().starts_at(),
            Utc.with_ymd_and_hms(2026, 3, 2, 0, 30, 0).unwrap()
        );
        assert_eq!(morning().minutes(), 180);
    }

    #[test]
    fn a_session_must_end_after_it_starts() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let error = SessionTimes::new(date, time(9, 0), time(9, 0)).unwrap_err();
        assert_eq!(error.code(), "SESSION_END_NOT_AFTER_START");
        assert_eq!(
            error.to_string(),
            "课程结束时间 09:00:00 不晚于开始时间 09:00:00，请核对课程时间"
        );
    }

    #[test]
    fn the_window_opens_at_exactly_thirty_minutes_before_the_start() {
        assert_eq!(
            timing(at(7, 59, 59)),
            SignInTiming::TooEarly {
                opens_at: at(8, 0, 0)
            }
        );
        assert_eq!(timing(at(8, 0, 0)), SignInTiming::OnTime);
    }

    #[test]
    fn at_the_start_is_on_time_and_one_second_later_is_one_minute_late() {
        assert_eq!(timing(at(8, 30, 0)), SignInTiming::OnTime);
        assert_eq!(timing(at(8, 30, 1)), SignInTiming::Late { minutes: 1 });
        assert_eq!(timing(at(8, 31, 0)), SignInTiming::Late { minutes: 1 });
        assert_eq!(timing(at(8, 31, 1)), SignInTiming::Late { minutes: 2 });
    }

    #[test]
    fn the_window_is_closed_at_exactly_thirty_minutes_after_the_start() {
        assert_eq!(timing(at(8, 59, 59)), SignInTiming::Late { minutes: 30 });
        assert_eq!(
            timing(at(9, 0, 0)),
            SignInTiming::Closed {
                closed_at: at(9, 0, 0)
            }
        );
    }

    #[test]
    fn a_grace_period_excuses_lateness_up_to_it_and_counts_from_the_start_beyond() {
        let settings = AttendanceSettings {
            late_grace_minutes: 5,
            ..AttendanceSettings::default()
        };
        let timing = |now| sign_in_timing(&morning(), now, &settings);
        assert_eq!(timing(at(8, 35, 0)), SignInTiming::OnTime);
        assert_eq!(timing(at(8, 35, 1)), SignInTiming::Late { minutes: 6 });
    }

    #[test]
    fn with_completed_minutes_the_first_59_seconds_are_on_time() {
        let settings = AttendanceSettings {
            rounding: MinuteRounding::CompletedMinute,
            ..AttendanceSettings::default()
        };
        let timing = |now| sign_in_timing(&morning(), now, &settings);
        assert_eq!(timing(at(8, 30, 59)), SignInTiming::OnTime);
        assert_eq!(timing(at(8, 31, 0)), SignInTiming::Late { minutes: 1 });
    }

    #[test]
    fn the_window_never_stays_open_past_the_end_of_a_short_session() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let short = SessionTimes::new(date, time(8, 30), time(8, 50)).unwrap();
        let settings = AttendanceSettings::default();
        assert_eq!(short.sign_in_closes_at(&settings), at(8, 50, 0));
        assert_eq!(
            sign_in_timing(&short, at(8, 49, 59), &settings),
            SignInTiming::Late { minutes: 20 }
        );
        Mark::late(20).validate(short.minutes()).unwrap();
        assert!(matches!(
            sign_in_timing(&short, at(8, 50, 0), &settings),
            SignInTiming::Closed { .. }
        ));
    }

    #[test]
    fn sessions_on_other_days_are_too_early_or_closed() {
        let tomorrow = morning().starts_at() + TimeDelta::days(1);
        assert!(matches!(
            sign_in_timing(&morning(), tomorrow, &AttendanceSettings::default()),
            SignInTiming::Closed { .. }
        ));
        let yesterday = morning().starts_at() - TimeDelta::days(1);
        assert!(matches!(timing(yesterday), SignInTiming::TooEarly { .. }));
    }

    #[test]
    fn a_refused_sign_in_says_when_in_china_time() {
        let error = timing(at(7, 0, 0)).accept().unwrap_err();
        assert_eq!(error.code(), "SIGN_IN_NOT_OPEN");
        assert_eq!(
            error.to_string(),
            "签到尚未开始，将于 2026-03-02 08:00 开放，请届时再扫码签到"
        );
        let error = timing(at(10, 0, 0)).accept().unwrap_err();
        assert_eq!(error.code(), "SIGN_IN_CLOSED");
        assert_eq!(
            error.to_string(),
            "签到已于 2026-03-02 09:00 截止，如需补登请联系班主任"
        );
        assert_eq!(timing(at(8, 10, 0)).accept(), Ok(Mark::present()));
        assert_eq!(timing(at(8, 42, 30)).accept(), Ok(Mark::late(13)));
    }

    #[test]
    fn a_session_is_upcoming_then_underway_then_over() {
        let session = morning();
        assert_eq!(session.phase(at(8, 29, 59)), SessionPhase::Upcoming);
        assert_eq!(session.phase(at(8, 30, 0)), SessionPhase::Underway);
        assert_eq!(session.phase(at(11, 29, 59)), SessionPhase::Underway);
        assert_eq!(session.phase(at(11, 30, 0)), SessionPhase::Over);
    }

    #[test]
    fn early_leave_is_counted_to_the_end_of_the_session() {
        let settings = AttendanceSettings::default();
        assert_eq!(minutes_early(&morning(), at(11, 0, 0), &settings), 30);
        assert_eq!(minutes_early(&morning(), at(11, 0, 30), &settings), 30);
        assert_eq!(minutes_early(&morning(), at(11, 29, 59), &settings), 1);
        assert_eq!(minutes_early(&morning(), at(11, 30, 0), &settings), 0);
        assert_eq!(minutes_early(&morning(), at(12, 0, 0), &settings), 0);
        assert_eq!(
            minutes_early(&morning(), at(8, 0, 0), &settings),
            180,
            "leaving before the start misses the whole session, no more"
        );
    }

    #[test]
    fn a_plan_session_converts_to_session_times() {
        let session = Session {
            date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            start: time(14, 0),
            end: time(17, 0),
            topic: "党性教育".into(),
            instructor: None,
            declared_hours: None,
        };
        let times = SessionTimes::try_from(&session).unwrap();
        assert_eq!(times.minutes(), 180);
        let reversed = Session {
            end: time(13, 0),
            ..session
        };
        assert!(SessionTimes::try_from(&reversed).is_err());
    }

    fn rank(timing: SignInTiming) -> (u8, u32) {
        match timing {
            SignInTiming::TooEarly { .. } => (0, 0),
            SignInTiming::OnTime => (1, 0),
            SignInTiming::Late { minutes } => (2, minutes),
            SignInTiming::Closed { .. } => (3, 0),
        }
    }

    proptest! {
        /// Moving the clock forward never turns late back into on time, closed back into open,
        /// or fewer minutes late; a late trainee's minutes fit in the session.
        #[test]
        fn later_sign_ins_are_never_better(
            a in -7_200_000i64..14_400_000,
            b in -7_200_000i64..14_400_000,
            grace in 0u32..=30,
            completed in any::<bool>(),
        ) {
            let settings = AttendanceSettings {
                late_grace_minutes: grace,
                rounding: if completed { MinuteRounding::CompletedMinute } else { MinuteRounding::WholeMinute },
                ..AttendanceSettings::default()
            };
            let start = morning().starts_at();
            let (earlier, later) = (a.min(b), a.max(b));
            let timing = |ms| sign_in_timing(&morning(), start + TimeDelta::milliseconds(ms), &settings);
            prop_assert!(rank(timing(earlier)) <= rank(timing(later)));
            if let SignInTiming::Late { minutes } = timing(later) {
                prop_assert!(minutes > grace);
                Mark::late(minutes).validate(morning().minutes()).unwrap();
            }
        }
    }
}
