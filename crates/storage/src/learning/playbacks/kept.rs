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

use super::batch::Rows;
use crate::entity::{learning_day, learning_lesson, learning_playback, learning_progress};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use ganxun_domain::{LessonId, PersonId, PlaybackId};
use std::collections::HashMap;

/// People kept at most; past it, those not heard from for [`IDLE`] are dropped first. At about
/// a kilobyte each this is a few tens of megabytes: enough for every learner a server can take
/// at its peak rate (20,000 heartbeats a second at one per 15 s is 300,000 people across a
/// province's servers; each server keeps its own).
const MOST_PEOPLE: usize = 65_536;

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
#[derive(Debug, Default)]
pub struct KeptRows {
    people: HashMap<PersonId, Kept>,
    lessons: HashMap<LessonId, learning_lesson::Model>,
}

impl KeptRows {
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
        if self.people.len() > MOST_PEOPLE {
            self.people
                .retain(|_, kept| kept.playback.seen_at.is_some_and(|at| now - at < IDLE));
            if self.people.len() > MOST_PEOPLE {
                self.people.clear();
            }
        }
    }
}
