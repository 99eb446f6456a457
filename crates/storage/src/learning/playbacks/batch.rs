//! The rows a batch of heartbeats works on, and what it writes back (ADR 0019). The batch
//! takes what the writer kept of its learners ([`KeptRows`]) and reads the rest — playbacks,
//! lessons, progress and day totals — in one statement, runs every heartbeat's accounting on
//! those rows in memory — a person's second heartbeat sees what
//! their first one changed — and writes the outcome with a handful of statements however many
//! heartbeats it holds: one conditional update of every playback touched, one update of the
//! progress rows and one of the day totals, inserts only for rows new today, then the rare
//! rows (evidence of refused heartbeats, flags, finished lessons' follow-ups). The playbacks and
//! progress rows whose seldom-changed columns (presence check, refusals, page, hours, finish)
//! stayed as read are written by a narrower update without them, the others by a second one.
//!
//! Every update carries what its row held when read: the playback's version (and that it is
//! still open), the progress's and the day's totals. A row another report changed meanwhile
//! (another server sharing PostgreSQL, a stop, a presence answer) does not match, and the
//! flush answers [`Flushed::Raced`], so the caller rolls back.

use super::kept::KeptRows;
use super::rows::Rows;
use crate::audit::Actor;
use crate::entity::{
    learning_day, learning_flag, learning_lesson, learning_playback, learning_progress,
    learning_refusal,
};
use crate::error::StoreResult;
use crate::learning::LESSON_CREDITS;
use crate::rows_update::{RowsUpdate, padded};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::{LearningProgressId, LessonId, PersonId, PlaybackId};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, IdenStatic,
    Iterable, Statement, Value,
};
use std::collections::{BTreeMap, BTreeSet};

/// A progress or day row the batch made: written by an insert, not an update.
pub(super) const NEW_ROW: i64 = 0;

/// A lesson finished by a report of the batch: its follow-up is written once its progress row
/// has an id.
struct Finish {
    report: usize,
    key: (PersonId, LessonId),
    actor: Actor,
    at: DateTime<Utc>,
}

/// The rows one batch read and everything its reports will write.
#[derive(Default)]
pub(super) struct Batch {
    pub rows: Rows,
    /// Each playback changed, with the version it was read at (the guard of its update) and
    /// its seldom-changed columns as read.
    read_versions: BTreeMap<PlaybackId, (i32, PlaybackSeldom)>,
    /// Each progress row changed, with its totals (earned, resume) and seldom-changed columns
    /// as read (none for a new row).
    progress_changed: BTreeMap<(PersonId, LessonId), Option<ProgressRead>>,
    /// Each day total changed, with its total as read (none for a new row).
    days_changed: BTreeMap<(PersonId, NaiveDate), Option<i64>>,
    finished: Vec<Finish>,
    flags: Vec<learning_flag::ActiveModel>,
    refusals: Vec<learning_refusal::ActiveModel>,
}

/// How a flush came out.
pub(super) enum Flushed {
    /// Everything was written: the rows as they now are (every one with its id), and the
    /// progress row of each finished lesson, by report.
    Written {
        rows: Box<Rows>,
        finished: Vec<(usize, LearningProgressId)>,
    },
    /// A row changed since it was read (a playback, a progress or a day total): nothing of the
    /// batch may be kept, roll back.
    Raced,
}

impl Batch {
    /// The rows of the given reports (person, playback, arrival): those `kept` holds are
    /// moved in, the others read in ONE statement — the playbacks with their lessons, their
    /// people's progress on those lessons and the people's totals on the reports' days.
    pub(super) async fn read(
        conn: &impl ConnectionTrait,
        reports: impl IntoIterator<Item = (PersonId, PlaybackId, DateTime<Utc>)>,
        mut kept: Option<&mut KeptRows>,
    ) -> StoreResult<Batch> {
        let mut rows = Rows::default();
        let mut ids = BTreeSet::new();
        let mut days = BTreeSet::new();
        for (person_id, playback_id, now) in reports {
            let today = ganxun_domain::china_date(now);
            let lent = rows.holds(person_id, playback_id, today)
                || kept
                    .as_deref_mut()
                    .is_some_and(|kept| kept.lend(&mut rows, person_id, playback_id, today));
            if !lent {
                ids.insert(playback_id);
                days.insert(today);
            }
        }
        let ids: Vec<PlaybackId> = ids.into_iter().collect();
        for chunk in ids.chunks(256) {
            let ids = padded(chunk.to_vec());
            let days: Vec<NaiveDate> = days.iter().copied().collect();
            let backend = conn.get_database_backend();
            let sql = read_sql(backend, ids.len(), days.len());
            let values = days
                .iter()
                .map(|&day| Value::from(day))
                .chain(ids.iter().map(|id| Value::from(id.0)));
            for row in conn
                .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
                .await?
            {
                let playback = learning_playback::Model::from_query_result(&row, "p_")?;
                let lesson = learning_lesson::Model::from_query_result(&row, "l_")?;
                if let Some(progress) =
                    learning_progress::Model::from_query_result_optional(&row, "r_")?
                {
                    rows.progress
                        .insert((progress.person_id, progress.lesson_id), progress);
                }
                if let Some(day) = learning_day::Model::from_query_result_optional(&row, "d_")? {
                    rows.days.insert((day.person_id, day.day), day);
                }
                rows.lessons.insert(lesson.id, lesson);
                rows.playbacks.insert(playback.id, playback);
            }
        }
        Ok(Batch {
            rows,
            ..Batch::default()
        })
    }

    /// A report changed its playback (`read` as the report found it, `row` as it is now, its
    /// version already raised).
    pub(super) fn playback_changed(
        &mut self,
        read: &learning_playback::Model,
        row: learning_playback::Model,
    ) {
        // The first change of the batch holds the row as it was read.
        self.read_versions
            .entry(row.id)
            .or_insert_with(|| (read.version, PlaybackSeldom::of(read)));
        self.rows.playbacks.insert(row.id, row);
    }

    pub(super) fn progress_changed(&mut self, row: learning_progress::Model) {
        let key = (row.person_id, row.lesson_id);
        let read = self.rows.progress.get(&key);
        // The first change of the batch holds the row as it was read.
        self.progress_changed
            .entry(key)
            .or_insert_with(|| read.map(|r| ((r.earned_ms, r.resume_ms), ProgressSeldom::of(r))));
        self.rows.progress.insert(key, row);
    }

    pub(super) fn day_changed(&mut self, row: learning_day::Model) {
        let key = (row.person_id, row.day);
        let read = self.rows.days.get(&key).map(|r| r.earned_ms);
        self.days_changed.entry(key).or_insert(read);
        self.rows.days.insert(key, row);
    }

    pub(super) fn finished(
        &mut self,
        report: usize,
        key: (PersonId, LessonId),
        actor: &Actor,
        at: DateTime<Utc>,
    ) {
        self.finished.push(Finish {
            report,
            key,
            actor: actor.clone(),
            at,
        });
    }

    pub(super) fn flag(&mut self, flag: learning_flag::ActiveModel) {
        self.flags.push(flag);
    }

    pub(super) fn refusal(&mut self, refusal: learning_refusal::ActiveModel) {
        self.refusals.push(refusal);
    }

    /// Writes what the batch's reports changed, on the caller's transaction.
    pub(super) async fn flush(self, conn: &impl ConnectionTrait) -> StoreResult<Flushed> {
        let Batch {
            mut rows,
            read_versions,
            progress_changed,
            days_changed,
            finished,
            flags,
            refusals,
        } = self;
        // Most heartbeats leave the presence check, the refusals and the page alone: their rows
        // are written without those columns, the others in full.
        let (mut beats, mut whole) = (Vec::new(), Vec::new());
        for (id, (read_at, seldom)) in &read_versions {
            let row = &rows.playbacks[id];
            if PlaybackSeldom::of(row) == *seldom {
                beats.push(playback_beat_values(row, *read_at));
            } else {
                whole.push(playback_values(row, *read_at));
            }
        }
        if !PLAYBACK_BEATS.run(conn, beats).await? || !PLAYBACKS.run(conn, whole).await? {
            return Ok(Flushed::Raced);
        }
        let (mut beats, mut whole) = (Vec::new(), Vec::new());
        for (key, read) in &progress_changed {
            let row = rows.progress.get_mut(key).expect("a changed row is kept");
            if let Some((totals, seldom)) = read {
                if ProgressSeldom::of(row) == *seldom {
                    beats.push(progress_beat_values(row, *totals));
                } else {
                    whole.push(progress_values(row, *totals));
                }
            } else {
                row.id = learning_progress::Entity::insert(learning_progress::ActiveModel {
                    person_id: Set(row.person_id),
                    lesson_id: Set(row.lesson_id),
                    watched: Set(row.watched.clone()),
                    earned_ms: Set(row.earned_ms),
                    resume_ms: Set(row.resume_ms),
                    hours: Set(row.hours),
                    completed_at: Set(row.completed_at),
                    updated_at: Set(row.updated_at),
                    page_views: Set(row.page_views.clone()),
                    resume_page: Set(row.resume_page),
                    ..Default::default()
                })
                .exec(conn)
                .await?
                .last_insert_id;
            }
        }
        if !PROGRESS_BEATS.run(conn, beats).await? || !PROGRESS.run(conn, whole).await? {
            return Ok(Flushed::Raced);
        }
        let mut updates = Vec::with_capacity(days_changed.len());
        for (key, read) in &days_changed {
            let row = rows.days.get_mut(key).expect("a changed row is kept");
            if let Some(read) = read {
                updates.push(vec![row.id.into(), (*read).into(), row.earned_ms.into()]);
            } else {
                row.id = learning_day::Entity::insert(learning_day::ActiveModel {
                    person_id: Set(row.person_id),
                    day: Set(row.day),
                    earned_ms: Set(row.earned_ms),
                    ..Default::default()
                })
                .exec(conn)
                .await?
                .last_insert_id;
            }
        }
        if !DAYS.run(conn, updates).await? {
            return Ok(Flushed::Raced);
        }
        if !refusals.is_empty() {
            learning_refusal::Entity::insert_many(refusals)
                .exec_without_returning(conn)
                .await?;
        }
        if !flags.is_empty() {
            learning_flag::Entity::insert_many(flags)
                .exec_without_returning(conn)
                .await?;
        }
        let mut progress_ids = Vec::with_capacity(finished.len());
        if !finished.is_empty() {
            // Promised with the finish itself: compliance counts it, the ledger posts it.
            let at = finished.iter().map(|f| f.at).max().unwrap_or_default();
            crate::compliance::board::mark_dirty(conn, at, finished.iter().map(|f| f.key.0))
                .await?;
            for finish in finished {
                let id = rows.progress[&finish.key].id;
                crate::follow_ups::enqueue(conn, &finish.actor, finish.at, LESSON_CREDITS, id.0)
                    .await?;
                progress_ids.push((finish.report, id));
            }
        }
        Ok(Flushed::Written {
            rows: Box::new(rows),
            finished: progress_ids,
        })
    }
}

/// The batch's read: each playback with its lesson, its person's progress on that lesson and
/// the person's totals on the given days (none, one, or two around midnight), every column
/// named by its table's prefix.
fn read_sql(backend: DbBackend, ids: usize, days: usize) -> String {
    fn columns<C: IdenStatic + Iterable>(table: &str, prefix: &str) -> String {
        C::iter()
            .map(|c| format!("{table}.\"{0}\" AS \"{prefix}{0}\"", c.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
    let mut n = 0;
    let mut placeholders = |count: usize| {
        (0..count)
            .map(|_| {
                n += 1;
                match backend {
                    DbBackend::Postgres => format!("${n}"),
                    _ => "?".to_owned(),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Numbered in the order they appear (SQLite's `?` binds by position in the text).
    let days = placeholders(days);
    let ids = placeholders(ids);
    format!(
        "SELECT {}, {}, {}, {} FROM learning_playback p \
         JOIN learning_lesson l ON l.id = p.lesson_id \
         LEFT JOIN learning_progress r ON r.person_id = p.person_id AND r.lesson_id = p.lesson_id \
         LEFT JOIN learning_day d ON d.person_id = p.person_id AND d.day IN ({days}) \
         WHERE p.id IN ({ids})",
        columns::<learning_playback::Column>("p", "p_"),
        columns::<learning_lesson::Column>("l", "l_"),
        columns::<learning_progress::Column>("r", "r_"),
        columns::<learning_day::Column>("d", "d_"),
    )
}

/// A playback's columns that most heartbeats leave as they were.
#[derive(PartialEq)]
pub(super) struct PlaybackSeldom {
    presence_due_at: DateTime<Utc>,
    presence_since: Option<DateTime<Utc>>,
    presence_code: Option<String>,
    refused_beats: i32,
    last_page: Option<i32>,
}

impl PlaybackSeldom {
    fn of(row: &learning_playback::Model) -> PlaybackSeldom {
        PlaybackSeldom {
            presence_due_at: row.presence_due_at,
            presence_since: row.presence_since,
            presence_code: row.presence_code.clone(),
            refused_beats: row.refused_beats,
            last_page: row.last_page,
        }
    }
}

/// A playback as a heartbeat that changed none of its [`PlaybackSeldom`] columns leaves it.
const PLAYBACK_BEATS: RowsUpdate = RowsUpdate {
    name: "playback_beats",
    table: "learning_playback",
    key: "id",
    unchanged: &["version"],
    also: Some("\"open_key\" = 0"),
    set: &[
        "last_at",
        "last_position_ms",
        "held",
        "earned_ms",
        "version",
        "seen_at",
        "gap_count",
        "gap_sum_ms",
        "gap_square_sum",
    ],
};

fn playback_beat_values(row: &learning_playback::Model, read_at: i32) -> Vec<Value> {
    vec![
        row.id.0.into(),
        read_at.into(),
        row.last_at.into(),
        row.last_position_ms.into(),
        row.held.clone().into(),
        row.earned_ms.into(),
        row.version.into(),
        row.seen_at.into(),
        row.gap_count.into(),
        row.gap_sum_ms.into(),
        row.gap_square_sum.into(),
    ]
}

const PLAYBACKS: RowsUpdate = RowsUpdate {
    name: "playbacks",
    table: "learning_playback",
    key: "id",
    unchanged: &["version"],
    also: Some("\"open_key\" = 0"),
    // The narrow update's columns, then the seldom-changed ones.
    set: &[
        "last_at",
        "last_position_ms",
        "held",
        "earned_ms",
        "version",
        "seen_at",
        "gap_count",
        "gap_sum_ms",
        "gap_square_sum",
        "presence_due_at",
        "presence_since",
        "presence_code",
        "refused_beats",
        "last_page",
    ],
};

fn playback_values(row: &learning_playback::Model, read_at: i32) -> Vec<Value> {
    let mut values = playback_beat_values(row, read_at);
    values.extend([
        row.presence_due_at.into(),
        row.presence_since.into(),
        row.presence_code.clone().into(),
        row.refused_beats.into(),
        row.last_page.into(),
    ]);
    values
}

/// A changed progress row as read: its totals (earned, resume) and seldom-changed columns.
type ProgressRead = ((i64, i64), ProgressSeldom);

/// A progress row's columns that most heartbeats leave as they were.
#[derive(PartialEq)]
pub(super) struct ProgressSeldom {
    hours: i32,
    completed_at: Option<DateTime<Utc>>,
    page_views: String,
    resume_page: i32,
}

impl ProgressSeldom {
    fn of(row: &learning_progress::Model) -> ProgressSeldom {
        ProgressSeldom {
            hours: row.hours,
            completed_at: row.completed_at,
            page_views: row.page_views.clone(),
            resume_page: row.resume_page,
        }
    }
}

/// A progress row as a heartbeat that changed none of its [`ProgressSeldom`] columns leaves it.
const PROGRESS_BEATS: RowsUpdate = RowsUpdate {
    name: "progress_beats",
    table: "learning_progress",
    key: "id",
    unchanged: &["earned_ms", "resume_ms"],
    also: None,
    set: &["watched", "earned_ms", "resume_ms", "updated_at"],
};

fn progress_beat_values(
    row: &learning_progress::Model,
    (earned_ms, resume_ms): (i64, i64),
) -> Vec<Value> {
    vec![
        row.id.into(),
        earned_ms.into(),
        resume_ms.into(),
        row.watched.clone().into(),
        row.earned_ms.into(),
        row.resume_ms.into(),
        row.updated_at.into(),
    ]
}

const PROGRESS: RowsUpdate = RowsUpdate {
    name: "progress",
    table: "learning_progress",
    key: "id",
    unchanged: &["earned_ms", "resume_ms"],
    also: None,
    // The narrow update's columns, then the seldom-changed ones.
    set: &[
        "watched",
        "earned_ms",
        "resume_ms",
        "updated_at",
        "hours",
        "completed_at",
        "page_views",
        "resume_page",
    ],
};

fn progress_values(row: &learning_progress::Model, read: (i64, i64)) -> Vec<Value> {
    let mut values = progress_beat_values(row, read);
    values.extend([
        row.hours.into(),
        row.completed_at.into(),
        row.page_views.clone().into(),
        row.resume_page.into(),
    ]);
    values
}

const DAYS: RowsUpdate = RowsUpdate {
    name: "days",
    table: "learning_day",
    key: "id",
    unchanged: &["earned_ms"],
    also: None,
    set: &["earned_ms"],
};
