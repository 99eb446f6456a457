//! Learning time counted by the server alone (R-ONL-2, REGULATIONS OL-03). The page reports a
//! heartbeat every few seconds with the playhead; the server credits only the part of the
//! timeline between two accepted heartbeats, never more than the wall-clock time between them
//! at the allowed rate, and only what was not watched before. Nothing the browser says about
//! "finished", "duration" or "progress" is read: the duration is the file's own, the time is
//! the server's.
//!
//! A heartbeat earns nothing, with a typed reason kept as evidence, when the video is paused,
//! the page is hidden or unfocused, too long passed since the last one (a closed laptop, a
//! script that stopped), the playhead went back or jumped ahead or moved faster than real
//! time, it points past the end, a presence check waits for its answer too long, or the day's
//! limit is reached. While a presence check waits, what is watched is held and is credited only
//! if the right answer comes in time.

use super::segments::Segments;
use super::settings::LearningSettings;
use crate::code_enum;
use chrono::{DateTime, Utc};

code_enum! {
    /// Why a heartbeat earned nothing (or less than it asked).
    pub enum NoCredit {
        Paused => ("paused", "暂停中", "Paused"),
        Hidden => ("hidden", "页面不在前台", "Page hidden or not focused"),
        Stale => ("stale", "距上次报告太久", "Too long since the last heartbeat"),
        Rewound => ("rewound", "向后拖动", "Went back"),
        JumpedAhead => ("jumped_ahead", "向前拖动", "Skipped ahead"),
        TooFast => ("too_fast", "快于正常播放", "Faster than real time"),
        PastEnd => ("past_end", "超出课程时长", "Position past the end"),
        Replayed => ("replayed", "重复或过期的报告", "A repeated or out-of-order heartbeat"),
        PresenceOverdue => ("presence_overdue", "未及时回答在线确认", "Presence check not answered in time"),
        DailyCap => ("daily_cap", "已达当日上限", "Daily limit reached"),
        NoSuchPage => ("no_such_page", "页码不在文档中", "Page not in the document"),
    }
}

code_enum! {
    /// Why a playback ended.
    pub enum PlaybackEnd {
        TakenOver => ("taken_over", "您在另一处开始了学习", "Taken over elsewhere"),
        Stopped => ("stopped", "已退出播放", "Left the lesson"),
    }
}

/// What the page reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Beat {
    /// The server's clock when the heartbeat arrived (never the browser's).
    pub at: DateTime<Utc>,
    pub position_ms: u64,
    pub playing: bool,
    /// The page is visible and focused.
    pub visible: bool,
}

/// What one heartbeat earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credit {
    /// Newly covered milliseconds credited now.
    pub earned_ms: u64,
    /// Held while a presence check waits (credited if answered in time).
    pub held_ms: u64,
    /// Why it earned nothing or less than it asked.
    pub refused: Option<NoCredit>,
}

impl Credit {
    fn nothing() -> Self {
        Credit {
            earned_ms: 0,
            held_ms: 0,
            refused: None,
        }
    }

    /// Nothing earned, for this reason.
    pub fn refused(reason: NoCredit) -> Self {
        Credit {
            earned_ms: 0,
            held_ms: 0,
            refused: Some(reason),
        }
    }
}

/// How a presence check was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// In time: what was held is credited; `superhuman` flags an answer faster than a person
    /// reads (for review, never punished by itself).
    InTime { earned_ms: u64, superhuman: bool },
    /// Too late: what was held is dropped.
    Late,
    /// Wrong: the check still waits (until its window ends).
    Wrong,
    /// No check was waiting.
    NotAsked,
}

/// One person's playback of one lesson, as the server keeps it between heartbeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Playback {
    /// The lesson's length, read from the media file by the server.
    pub duration_ms: u64,
    /// Everything credited so far for this lesson.
    pub watched: Segments,
    /// The last accepted heartbeat: when, and where the playhead was.
    pub last: Option<(DateTime<Utc>, u64)>,
    /// A presence check waiting for its answer: when it was issued.
    pub presence_since: Option<DateTime<Utc>>,
    /// What was watched while the check waited.
    pub held: Segments,
}

impl Playback {
    /// A playback starting (or resuming) with what was already credited.
    pub fn new(duration_ms: u64, watched: Segments) -> Self {
        Self {
            duration_ms,
            watched,
            last: None,
            presence_since: None,
            held: Segments::new(),
        }
    }

    /// Milliseconds of the lesson not yet credited.
    pub fn missing_ms(&self) -> u64 {
        self.watched.missing_of(self.duration_ms)
    }

    /// Takes one heartbeat. `credited_today_ms` is what the person earned today on every
    /// lesson, for the daily limit.
    pub fn beat(
        &mut self,
        settings: &LearningSettings,
        beat: Beat,
        credited_today_ms: u64,
    ) -> Credit {
        let tolerance = u64::from(settings.tolerance_ms);
        if beat.position_ms > self.duration_ms + tolerance {
            // A forged position: it neither earns nor moves the anchor.
            return Credit::refused(NoCredit::PastEnd);
        }
        let position = beat.position_ms.min(self.duration_ms);
        let (elapsed, last_position) =
            match self.arrive(settings, beat.at, position, beat.playing, beat.visible) {
                Ok(Some(accepted)) => accepted,
                Ok(None) => return Credit::nothing(),
                Err(reason) => return Credit::refused(reason),
            };
        if position < last_position {
            return Credit::refused(NoCredit::Rewound);
        }
        let moved = position - last_position;
        let allowed = elapsed * u64::from(settings.rate_percent) / 100 + tolerance;
        if moved > allowed {
            // Up to four times real time is a fast playback rate; more is a seek.
            let reason = if moved <= elapsed * 4 + tolerance {
                NoCredit::TooFast
            } else {
                NoCredit::JumpedAhead
            };
            return Credit::refused(reason);
        }
        self.take_span(settings, last_position, position, credited_today_ms)
    }

    /// Takes one heartbeat of a document open on screen (a PDF lesson): there is no playhead
    /// to trust, so the reading time between two accepted heartbeats — never more than the
    /// wall clock between them — fills the lesson's length from its first uncovered point.
    /// Returns the credit and how long the page was on screen in that interval (for the page
    /// the reader was on).
    pub fn read(
        &mut self,
        settings: &LearningSettings,
        at: DateTime<Utc>,
        visible: bool,
        credited_today_ms: u64,
    ) -> (Credit, u64) {
        let mut read_so_far = self.watched.clone();
        for &(start, end) in self.held.spans() {
            read_so_far.add(start, end);
        }
        let from = read_so_far.first_missing().min(self.duration_ms);
        let elapsed = match self.arrive(settings, at, from, true, visible) {
            Ok(Some((elapsed, _))) => elapsed,
            Ok(None) => return (Credit::nothing(), 0),
            Err(reason) => return (Credit::refused(reason), 0),
        };
        let to = (from + elapsed).min(self.duration_ms);
        let credit = self.take_span(settings, from, to, credited_today_ms);
        (credit, elapsed)
    }

    /// The checks every heartbeat passes before what it covers is looked at: the first one
    /// only anchors (`Ok(None)`); a repeated, stale, paused, hidden or overdue one earns
    /// nothing. The anchor moves to `position` from the second check on. On success, the
    /// wall-clock milliseconds since the last accepted heartbeat and where it was.
    fn arrive(
        &mut self,
        settings: &LearningSettings,
        at: DateTime<Utc>,
        position: u64,
        playing: bool,
        visible: bool,
    ) -> Result<Option<(u64, u64)>, NoCredit> {
        let Some((last_at, last_position)) = self.last else {
            self.last = Some((at, position));
            return Ok(None);
        };
        let elapsed = u64::try_from((at - last_at).num_milliseconds())
            .ok()
            .filter(|&e| e > 0)
            .ok_or(NoCredit::Replayed)?;
        // From here on the playhead is where the page says; what lies between earns or not.
        self.last = Some((at, position));
        if at - last_at > settings.max_gap() {
            return Err(NoCredit::Stale);
        }
        if !playing {
            return Err(NoCredit::Paused);
        }
        if !visible {
            return Err(NoCredit::Hidden);
        }
        if let Some(since) = self.presence_since
            && at - since > settings.answer_window()
        {
            self.held = Segments::new();
            return Err(NoCredit::PresenceOverdue);
        }
        Ok(Some((elapsed, last_position)))
    }

    /// Credits `[start, end)`, or holds it while a presence check waits.
    fn take_span(
        &mut self,
        settings: &LearningSettings,
        start: u64,
        end: u64,
        credited_today_ms: u64,
    ) -> Credit {
        if self.presence_since.is_some() {
            let before = self.held.covered();
            self.held.add(start, end);
            return Credit {
                earned_ms: 0,
                held_ms: self.held.covered() - before,
                refused: None,
            };
        }
        self.credit(settings, start, end, credited_today_ms)
    }

    /// Credits `[start, end)` within the day's limit.
    fn credit(
        &mut self,
        settings: &LearningSettings,
        start: u64,
        end: u64,
        credited_today_ms: u64,
    ) -> Credit {
        let room = settings.daily_cap_ms().saturating_sub(credited_today_ms);
        if room == 0 {
            return Credit::refused(NoCredit::DailyCap);
        }
        // Newly covered time is never more than the span, so a span cut to the room fits it.
        let capped_end = end.min(start + room);
        let earned_ms = self.watched.add(start, capped_end);
        Credit {
            earned_ms,
            held_ms: 0,
            refused: (capped_end < end).then_some(NoCredit::DailyCap),
        }
    }

    /// A presence check is shown now; what is watched from here is held until it is answered.
    pub fn ask_presence(&mut self, at: DateTime<Utc>) {
        self.presence_since = Some(at);
        self.held = Segments::new();
    }

    /// The answer to the waiting presence check arrives at `at`.
    pub fn answer_presence(
        &mut self,
        settings: &LearningSettings,
        at: DateTime<Utc>,
        correct: bool,
        credited_today_ms: u64,
    ) -> Answered {
        let Some(since) = self.presence_since else {
            return Answered::NotAsked;
        };
        if at - since > settings.answer_window() {
            self.presence_since = None;
            self.held = Segments::new();
            return Answered::Late;
        }
        if !correct {
            return Answered::Wrong;
        }
        self.presence_since = None;
        let held = std::mem::take(&mut self.held);
        let mut earned_ms = 0;
        let mut today = credited_today_ms;
        for &(start, end) in held.spans() {
            let credit = self.credit(settings, start, end, today);
            earned_ms += credit.earned_ms;
            today += credit.earned_ms;
        }
        let superhuman = (at - since).num_milliseconds() < i64::from(settings.superhuman_answer_ms);
        Answered::InTime {
            earned_ms,
            superhuman,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;
    use proptest::prelude::*;

    const MINUTE: u64 = 60_000;

    fn start() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn beat(seconds: i64, position_ms: u64) -> Beat {
        Beat {
            at: start() + TimeDelta::seconds(seconds),
            position_ms,
            playing: true,
            visible: true,
        }
    }

    /// Plays a 30-minute lesson honestly, a heartbeat every 15 s, and returns what it earned.
    fn honest(playback: &mut Playback, settings: &LearningSettings, until_s: i64) -> u64 {
        let mut earned = 0;
        for s in (0..=until_s).step_by(15) {
            let at = u64::try_from(s).unwrap() * 1000;
            earned += playback.beat(settings, beat(s, at), earned).earned_ms;
        }
        earned
    }

    #[test]
    fn watching_at_normal_speed_earns_the_time_watched_and_no_more() {
        let settings = LearningSettings::default();
        let mut playback = Playback::new(30 * MINUTE, Segments::new());
        assert_eq!(honest(&mut playback, &settings, 600), 10 * MINUTE);
        assert_eq!(playback.missing_ms(), 20 * MINUTE);
    }

    #[test]
    fn playing_at_four_times_speed_earns_nothing() {
        let settings = LearningSettings::default();
        let mut playback = Playback::new(30 * MINUTE, Segments::new());
        let mut refused = Vec::new();
        for i in 0..=20u64 {
            let credit = playback.beat(&settings, beat(i as i64 * 15, i * 60_000), 0);
            assert_eq!(credit.earned_ms, 0);
            refused.extend(credit.refused);
        }
        assert!(
            refused.iter().all(|r| *r == NoCredit::TooFast),
            "{refused:?}"
        );
    }

    #[test]
    fn a_skip_ahead_earns_nothing_and_watching_after_it_earns_from_there() {
        let settings = LearningSettings::default();
        let mut playback = Playback::new(30 * MINUTE, Segments::new());
        playback.beat(&settings, beat(0, 0), 0);
        assert_eq!(
            playback.beat(&settings, beat(15, 15_000), 0).earned_ms,
            15_000
        );
        let jump = playback.beat(&settings, beat(30, 25 * MINUTE), 15_000);
        assert_eq!(jump.refused, Some(NoCredit::JumpedAhead));
        let after = playback.beat(&settings, beat(45, 25 * MINUTE + 15_000), 15_000);
        assert_eq!(after.earned_ms, 15_000);
        assert_eq!(playback.missing_ms(), 30 * MINUTE - 30_000);
    }

    #[test]
    fn a_page_left_open_paused_hidden_or_silent_earns_nothing() {
        let settings = LearningSettings::default();
        let mut playback = Playback::new(30 * MINUTE, Segments::new());
        playback.beat(&settings, beat(0, 0), 0);
        let mut paused = beat(15, 0);
        paused.playing = false;
        assert_eq!(
            playback.beat(&settings, paused, 0).refused,
            Some(NoCredit::Paused)
        );
        let mut hidden = beat(30, 15_000);
        hidden.visible = false;
        assert_eq!(
            playback.beat(&settings, hidden, 0).refused,
            Some(NoCredit::Hidden)
        );
        // The laptop closed for ten minutes: the playhead "moved" 10 minutes, earns nothing.
        let silent = playback.beat(&settings, beat(630, 15_000 + 10 * MINUTE), 0);
        assert_eq!(silent.refused, Some(NoCredit::Stale));
        assert_eq!(playback.watched.covered(), 0);
    }

    #[test]
    fn forged_positions_replays_and_rewinds_earn_nothing() {
        let settings = LearningSettings::default();
        let mut playback = Playback::new(30 * MINUTE, Segments::new());
        playback.beat(&settings, beat(0, 0), 0);
        let past = playback.beat(&settings, beat(15, 31 * MINUTE), 0);
        assert_eq!(past.refused, Some(NoCredit::PastEnd));
        assert_eq!(
            playback.beat(&settings, beat(15, 15_000), 0).earned_ms,
            15_000
        );
        let again = playback.beat(&settings, beat(15, 15_000), 15_000);
        assert_eq!(again.refused, Some(NoCredit::Replayed));
        let back = playback.beat(&settings, beat(30, 5_000), 15_000);
        assert_eq!(back.refused, Some(NoCredit::Rewound));
        // Watching the first seconds again covers nothing new.
        assert_eq!(
            playback.beat(&settings, beat(40, 15_000), 15_000).earned_ms,
            0
        );
    }

    #[test]
    fn the_daily_limit_cuts_the_span_that_crosses_it() {
        let settings = LearningSettings::default();
        let mut playback = Playback::new(30 * MINUTE, Segments::new());
        let cap = settings.daily_cap_ms();
        playback.beat(&settings, beat(0, 0), cap - 5_000);
        let crossing = playback.beat(&settings, beat(15, 15_000), cap - 5_000);
        assert_eq!(
            (crossing.earned_ms, crossing.refused),
            (5_000, Some(NoCredit::DailyCap))
        );
        let after = playback.beat(&settings, beat(30, 30_000), cap);
        assert_eq!(after.refused, Some(NoCredit::DailyCap));
    }

    #[test]
    fn time_watched_during_a_presence_check_counts_only_with_an_answer_in_time() {
        let settings = LearningSettings::default();
        let mut playback = Playback::new(30 * MINUTE, Segments::new());
        playback.beat(&settings, beat(0, 0), 0);
        playback.ask_presence(start() + TimeDelta::seconds(5));
        let held = playback.beat(&settings, beat(15, 15_000), 0);
        assert_eq!((held.earned_ms, held.held_ms), (0, 15_000));
        let wrong = playback.answer_presence(&settings, start() + TimeDelta::seconds(20), false, 0);
        assert_eq!(wrong, Answered::Wrong);
        let right = playback.answer_presence(&settings, start() + TimeDelta::seconds(21), true, 0);
        assert_eq!(
            right,
            Answered::InTime {
                earned_ms: 15_000,
                superhuman: false
            }
        );

        // The next check is not answered within the minute: what was watched meanwhile is
        // lost, and heartbeats past the window earn nothing until the answer comes.
        playback.ask_presence(start() + TimeDelta::seconds(25));
        for s in [30, 45, 60, 75] {
            let credit =
                playback.beat(&settings, beat(s, u64::try_from(s).unwrap() * 1000), 15_000);
            assert_eq!((credit.earned_ms, credit.refused), (0, None), "held at {s}");
        }
        let overdue = playback.beat(&settings, beat(90, 90_000), 15_000);
        assert_eq!(overdue.refused, Some(NoCredit::PresenceOverdue));
        let late =
            playback.answer_presence(&settings, start() + TimeDelta::seconds(100), true, 15_000);
        assert_eq!(late, Answered::Late);
        assert_eq!(playback.watched.covered(), 15_000);
        assert_eq!(
            playback
                .beat(&settings, beat(105, 105_000), 15_000)
                .earned_ms,
            15_000
        );
    }

    #[test]
    fn an_answer_faster_than_a_person_reads_is_flagged_not_refused() {
        let settings = LearningSettings::default();
        let mut playback = Playback::new(30 * MINUTE, Segments::new());
        playback.ask_presence(start());
        let answered =
            playback.answer_presence(&settings, start() + TimeDelta::milliseconds(300), true, 0);
        assert_eq!(
            answered,
            Answered::InTime {
                earned_ms: 0,
                superhuman: true
            }
        );
    }

    proptest! {
        /// Whatever a script sends, a lesson never earns more than the wall-clock time it ran
        /// (at the allowed rate, plus the tolerance per heartbeat) nor more than its length.
        #[test]
        fn no_sequence_of_heartbeats_earns_more_than_real_time_or_the_lesson(
            beats in proptest::collection::vec(
                (1i64..40_000, 0u64..2_000_000, any::<bool>(), any::<bool>()), 1..200)
        ) {
            let settings = LearningSettings::default();
            let duration = 20 * MINUTE;
            let mut playback = Playback::new(duration, Segments::new());
            let mut at = start();
            let mut earned = 0;
            let mut beats_taken = 0u64;
            for (step_ms, position, playing, visible) in beats {
                at += TimeDelta::milliseconds(step_ms);
                let credit = playback.beat(
                    &settings,
                    Beat { at, position_ms: position, playing, visible },
                    earned,
                );
                earned += credit.earned_ms;
                beats_taken += 1;
            }
            let wall = u64::try_from((at - start()).num_milliseconds()).unwrap();
            prop_assert!(earned <= wall + beats_taken * u64::from(settings.tolerance_ms));
            prop_assert!(earned <= duration);
            prop_assert_eq!(earned, playback.watched.covered());
        }

        /// A document earns at most the wall clock, never more than its reading time, and
        /// whatever the intervals, what it earned is what it covers.
        #[test]
        fn reading_a_document_never_earns_more_than_the_wall_clock(
            beats in proptest::collection::vec((-5_000i64..60_000, any::<bool>()), 1..200)
        ) {
            let settings = LearningSettings::default();
            let duration = 10 * MINUTE;
            let mut playback = Playback::new(duration, Segments::new());
            let mut at = start();
            // The wall clock runs from the first report to the last one (a clock stepping back
            // may put the first report before the start).
            let (mut earliest, mut latest) = (None, at);
            let mut earned = 0;
            for (step_ms, visible) in beats {
                at += TimeDelta::milliseconds(step_ms);
                earliest = Some(earliest.unwrap_or(at).min(at));
                latest = latest.max(at);
                earned += playback.read(&settings, at, visible, earned).0.earned_ms;
            }
            let wall = u64::try_from((latest - earliest.unwrap_or(latest)).num_milliseconds())
                .unwrap_or(0);
            prop_assert!(earned <= wall);
            prop_assert!(earned <= duration);
            prop_assert_eq!(earned, playback.watched.covered());
        }
    }

    #[test]
    fn a_document_on_screen_earns_real_time_and_a_hidden_or_silent_one_nothing() {
        let settings = LearningSettings::default();
        let mut playback = Playback::new(MINUTE, Segments::new());
        let at = |s: i64| start() + TimeDelta::seconds(s);
        assert_eq!(
            playback.read(&settings, at(0), true, 0),
            (Credit::nothing(), 0)
        );
        let (credit, on_screen) = playback.read(&settings, at(15), true, 0);
        assert_eq!((credit.earned_ms, on_screen), (15_000, 15_000));
        let (hidden, on_screen) = playback.read(&settings, at(30), false, 0);
        assert_eq!((hidden.refused, on_screen), (Some(NoCredit::Hidden), 0));
        let (stale, _) = playback.read(&settings, at(300), true, 0);
        assert_eq!(stale.refused, Some(NoCredit::Stale));
        // Reading goes on from the first unread millisecond, up to the reading time.
        for s in [315, 330, 345, 360] {
            playback.read(&settings, at(s), true, 0);
        }
        assert_eq!(playback.watched.spans(), &[(0, MINUTE)]);
        assert_eq!(playback.missing_ms(), 0);
        // Read again, it adds nothing, though the page is on screen.
        let (again, on_screen) = playback.read(&settings, at(375), true, 0);
        assert_eq!((again.earned_ms, on_screen), (0, 15_000));
    }

    #[test]
    fn a_document_read_during_a_presence_check_counts_with_the_answer() {
        let settings = LearningSettings::default();
        let mut playback = Playback::new(10 * MINUTE, Segments::new());
        let at = |s: i64| start() + TimeDelta::seconds(s);
        playback.read(&settings, at(0), true, 0);
        playback.read(&settings, at(15), true, 0);
        playback.ask_presence(at(16));
        let (held, _) = playback.read(&settings, at(30), true, 15_000);
        assert_eq!((held.earned_ms, held.held_ms), (0, 15_000));
        // Held time is not read twice: the next span starts after it.
        let (more, _) = playback.read(&settings, at(45), true, 15_000);
        assert_eq!(more.held_ms, 15_000);
        let answered = playback.answer_presence(&settings, at(50), true, 15_000);
        assert_eq!(
            answered,
            Answered::InTime {
                earned_ms: 30_000,
                superhuman: false
            }
        );
        assert_eq!(playback.watched.spans(), &[(0, 45_000)]);
    }
}
