//! What a server's heartbeat writer keeps between batches (ADR 0019): for each learner it
//! wrote last, the open playback, the progress on its lesson and the day's total, as the last
//! committed batch left them, and the lessons those playbacks play. A batch whose reports all
//! find their rows here reads nothing; the others read what they lack.
//!
//! A kept row is only a guess of what the database holds: every update of a batch carries the
//! values it was read at (the playback's version, the progress and day totals) and a row
//! changed elsewhere meanwhile (a presence answer, a stop, another server) does not match, so
//! the batch rolls back and everything kept is dropped. The application tells the writer which
//! people it changed outside a batch ([`KeptRows::forget`]), so this stays rare.

use super::rows::Rows;
use crate::entity::{learning_day, learning_lesson, learning_playback, learning_progress};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use ganxun_domain::{LessonId, PersonId, PlaybackId};
use std::collections::HashMap;

/// People kept at most; past it, those not heard from for [`IDLE`] are dropped first. Under a
/// kilobyte each, a couple of hundred megabytes at the most: the 200,000 learners of a
/// province's year-end peak fit on one server (each server keeps its own learners).
const MOST_PEOPLE: usize = 262_144;

/// A person silent this long is dropped first when the writer keeps too many.
const IDLE: TimeDelta = TimeDelta::minutes(2);

/// Lessons kept at most (every lesson of a large course library fits).
const MOST_LESSONS: usize = 16_384;

/// One learner's rows as the last batch holding them committed them.
#[derive(Debug)]
struct Kept {
    playback: learning_playback::Model,
    progress: learning_progress::Model,
    day: learning_day::Model,
}

/// The rows a server's heartbeat writer keeps between batches; empty at start.
#[derive(Debug)]
pub struct KeptRows {
    people: HashMap<PersonId, Kept>,
    lessons: HashMap<LessonId, learning_lesson::Model>,
    most_people: usize,
}

impl Default for KeptRows {
    fn default() -> Self {
        KeptRows::with_limit(MOST_PEOPLE)
    }
}

impl KeptRows {
    fn with_limit(most_people: usize) -> Self {
        KeptRows {
            people: HashMap::new(),
            lessons: HashMap::new(),
            most_people,
        }
    }

    /// Drops what is kept of a person (their playback or learning changed outside a batch).
    pub fn forget(&mut self, person_id: PersonId) {
        self.people.remove(&person_id);
    }

    /// Drops everything (a batch raced or failed: what it held may no longer be true).
    pub fn clear(&mut self) {
        self.people.clear();
        self.lessons.clear();
    }

    /// How many people are kept.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Moves a report's rows into the batch, when all of them are kept: its playback, its
    /// lesson, its progress and its day's total. False when the batch must read them.
    pub(super) fn lend(
        &mut self,
        rows: &mut Rows,
        person_id: PersonId,
        playback_id: PlaybackId,
        today: NaiveDate,
    ) -> bool {
        let Some(kept) = self.people.get(&person_id) else {
            return false;
        };
        let Some(lesson) = self.lessons.get(&kept.playback.lesson_id) else {
            return false;
        };
        if kept.playback.id != playback_id || kept.day.day != today {
            return false;
        }
        rows.lessons.insert(lesson.id, lesson.clone());
        let kept = self.people.remove(&person_id).expect("looked up above");
        rows.progress.insert(
            (kept.progress.person_id, kept.progress.lesson_id),
            kept.progress,
        );
        rows.days
            .insert((kept.day.person_id, kept.day.day), kept.day);
        rows.playbacks.insert(kept.playback.id, kept.playback);
        true
    }

    /// Keeps what a committed batch left: each open playback with its progress and the latest
    /// of its person's day totals, when both rows exist.
    pub(super) fn keep(&mut self, mut rows: Rows, now: DateTime<Utc>) {
        if self.lessons.len() > MOST_LESSONS {
            self.lessons.clear();
        }
        self.lessons.extend(rows.lessons);
        // Around midnight a person may have two days in the batch: the later one is kept.
        let mut latest: HashMap<PersonId, learning_day::Model> = HashMap::new();
        for (_, day) in rows.days {
            match latest.get(&day.person_id) {
                Some(kept) if kept.day >= day.day => {}
                _ => {
                    latest.insert(day.person_id, day);
                }
            }
        }
        for (_, playback) in rows.playbacks {
            let person_id = playback.person_id;
            let progress = rows.progress.remove(&(person_id, playback.lesson_id));
            match (playback.open_key, progress, latest.remove(&person_id)) {
                (0, Some(progress), Some(day)) => {
                    self.people.insert(
                        person_id,
                        Kept {
                            playback,
                            progress,
                            day,
                        },
                    );
                }
                _ => {
                    self.people.remove(&person_id);
                }
            }
        }
        if self.people.len() > self.most_people {
            self.people
                .retain(|_, kept| kept.playback.seen_at.is_some_and(|at| now - at < IDLE));
            // Still too many, every one of them active: a quarter goes (any of them, read
            // again at their next heartbeat), so the sweep is not redone at every batch.
            let room = self.most_people / 4 * 3;
            if self.people.len() > self.most_people {
                let mut over = self.people.len() - room;
                self.people.retain(|_, _| {
                    let drop = over > 0;
                    over = over.saturating_sub(1);
                    !drop
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use ganxun_domain::learning::LessonKind;
    use ganxun_domain::{AccountId, CourseId, LearningProgressId, MediaId};

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 2, minute, 0).unwrap()
    }

    fn today() -> NaiveDate {
        ganxun_domain::china_date(at(0))
    }

    /// What a committed batch holds of one learner: an open playback of lesson 1 last heard
    /// at `seen`, its progress and the day's total.
    fn committed(rows: &mut Rows, person: i64, seen: DateTime<Utc>) {
        let playback = learning_playback::Model {
            id: PlaybackId(100 + person),
            person_id: PersonId(person),
            lesson_id: LessonId(1),
            account_id: AccountId(person),
            ip: "10.0.0.1".to_owned(),
            started_at: at(0),
            last_at: Some(seen),
            last_position_ms: Some(0),
            presence_due_at: at(30),
            presence_since: None,
            presence_code: None,
            held: "[]".to_owned(),
            earned_ms: 0,
            refused_beats: 0,
            version: 2,
            open_key: 0,
            ended_at: None,
            end_reason: None,
            seen_at: Some(seen),
            gap_count: 0,
            gap_sum_ms: 0,
            gap_square_sum: 0,
            last_page: None,
        };
        rows.progress.insert(
            (PersonId(person), LessonId(1)),
            learning_progress::Model {
                id: LearningProgressId(200 + person),
                person_id: PersonId(person),
                lesson_id: LessonId(1),
                watched: "[]".to_owned(),
                earned_ms: 0,
                resume_ms: 0,
                hours: 0,
                completed_at: None,
                updated_at: seen,
                page_views: String::new(),
                resume_page: 0,
            },
        );
        rows.days.insert(
            (PersonId(person), today()),
            learning_day::Model {
                id: 300 + person,
                person_id: PersonId(person),
                day: today(),
                earned_ms: 15_000,
            },
        );
        rows.playbacks.insert(playback.id, playback);
        rows.lessons.insert(
            LessonId(1),
            learning_lesson::Model {
                id: LessonId(1),
                course_id: CourseId(1),
                position: 1,
                title: "第一课".to_owned(),
                media_id: MediaId(1),
                duration_ms: 1_800_000,
                kind: LessonKind::Video,
                pages: 0,
            },
        );
    }

    #[test]
    fn a_report_whose_rows_are_all_kept_borrows_them_once() {
        let mut kept = KeptRows::default();
        let mut rows = Rows::default();
        committed(&mut rows, 1, at(1));
        kept.keep(rows, at(1));
        assert_eq!(kept.len(), 1);

        let mut batch = Rows::default();
        // Another playback of the person, or tomorrow's report, must be read.
        assert!(!kept.lend(&mut batch, PersonId(1), PlaybackId(999), today()));
        assert!(!kept.lend(
            &mut batch,
            PersonId(1),
            PlaybackId(101),
            today().succ_opt().unwrap()
        ));
        assert!(kept.lend(&mut batch, PersonId(1), PlaybackId(101), today()));
        assert!(batch.playbacks.contains_key(&PlaybackId(101)));
        assert!(batch.progress.contains_key(&(PersonId(1), LessonId(1))));
        assert!(batch.days.contains_key(&(PersonId(1), today())));
        // Lent, not copied: a failed batch leaves nothing behind to trust.
        assert!(kept.is_empty());
        assert!(!kept.lend(&mut Rows::default(), PersonId(1), PlaybackId(101), today()));
    }

    #[test]
    fn an_ended_playback_or_a_forgotten_person_is_not_kept() {
        let mut kept = KeptRows::default();
        let mut rows = Rows::default();
        committed(&mut rows, 1, at(1));
        committed(&mut rows, 2, at(1));
        kept.keep(rows, at(1));
        assert_eq!(kept.len(), 2);

        let mut rows = Rows::default();
        committed(&mut rows, 1, at(2));
        rows.playbacks.get_mut(&PlaybackId(101)).unwrap().open_key = 101;
        kept.keep(rows, at(2));
        assert_eq!(kept.len(), 1, "the ended playback's person is dropped");
        kept.forget(PersonId(2));
        assert!(kept.is_empty());
    }

    #[test]
    fn around_midnight_the_later_day_is_kept() {
        let mut kept = KeptRows::default();
        let mut rows = Rows::default();
        committed(&mut rows, 1, at(1));
        let tomorrow = today().succ_opt().unwrap();
        rows.days.insert(
            (PersonId(1), tomorrow),
            learning_day::Model {
                id: 999,
                person_id: PersonId(1),
                day: tomorrow,
                earned_ms: 1_000,
            },
        );
        kept.keep(rows, at(1));
        let mut batch = Rows::default();
        assert!(!kept.lend(&mut batch, PersonId(1), PlaybackId(101), today()));
        assert!(kept.lend(&mut batch, PersonId(1), PlaybackId(101), tomorrow));
        assert_eq!(batch.days[&(PersonId(1), tomorrow)].id, 999);
    }

    #[test]
    fn past_the_limit_the_idle_go_first_then_a_quarter() {
        let mut kept = KeptRows::with_limit(8);
        let mut rows = Rows::default();
        for person in 1..=8 {
            committed(&mut rows, person, at(0));
        }
        kept.keep(rows, at(0));
        assert_eq!(kept.len(), 8);
        // Three minutes later one more learner: the silent ones are dropped.
        let mut rows = Rows::default();
        committed(&mut rows, 9, at(3));
        kept.keep(rows, at(3));
        assert_eq!(kept.len(), 1);
        // Nine learners all active at once: down to three quarters of the limit.
        let mut rows = Rows::default();
        for person in 10..=18 {
            committed(&mut rows, person, at(4));
        }
        kept.keep(rows, at(4));
        assert_eq!(kept.len(), 6);
    }
}
