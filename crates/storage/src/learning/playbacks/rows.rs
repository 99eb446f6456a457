//! The rows a batch of heartbeats works on (ADR 0019): read from the database or lent by what
//! the writer kept, changed in memory by the batch's reports, written back by its flush.

use crate::entity::{learning_day, learning_lesson, learning_playback, learning_progress};
use chrono::NaiveDate;
use ganxun_domain::{LessonId, PersonId, PlaybackId};
use std::collections::HashMap;

/// The rows a batch works on, as its heartbeats have left them so far.
#[derive(Debug, Default)]
pub(super) struct Rows {
    pub playbacks: HashMap<PlaybackId, learning_playback::Model>,
    pub lessons: HashMap<LessonId, learning_lesson::Model>,
    pub progress: HashMap<(PersonId, LessonId), learning_progress::Model>,
    pub days: HashMap<(PersonId, NaiveDate), learning_day::Model>,
}

impl Rows {
    /// The batch already holds every row a report needs (an earlier report of the same
    /// learner brought them).
    pub(super) fn holds(
        &self,
        person_id: PersonId,
        playback_id: PlaybackId,
        today: NaiveDate,
    ) -> bool {
        self.playbacks.get(&playback_id).is_some_and(|playback| {
            self.lessons.contains_key(&playback.lesson_id)
                && self.progress.contains_key(&(person_id, playback.lesson_id))
                && self.days.contains_key(&(person_id, today))
        })
    }
}
