//! Playbacks and their heartbeats. A playback is the lease a person's heartbeats must hold:
//! one open per person across every lesson and device (a second one takes over or is refused,
//! as the settings say). The domain's accounting decides what each heartbeat earns; the
//! playback, the lesson's progress, the day's total and — when it earned nothing — the evidence
//! row are written in one transaction. A conditional update on the playback's version makes
//! two heartbeats racing for the same playback count once.
//!
//! Heartbeats are taken in batches ([`beat_batch`], the group commit of ADR 0019; a lone one is
//! a batch of one): the batch reads its rows once, settles every heartbeat's accounting on them
//! in memory and writes the outcome with a few multi-row statements ([`batch`]).

use super::refusal::Refusal;
use super::{db_ms, ms, segments, stored};
use crate::audit::Actor;
use crate::db::Db;
use crate::entity::{
    learning_course, learning_day, learning_lesson, learning_playback, learning_progress,
    learning_refusal,
};
use crate::error::{StoreError, StoreResult};
use batch::{Batch, Flushed};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::CourseId;
use ganxun_domain::LearningProgressId;
use ganxun_domain::LessonId;
use ganxun_domain::PersonId;
use ganxun_domain::PlaybackId;
use ganxun_domain::class_hours::OnlineCourseHours;
use ganxun_domain::learning::flags::Rhythm;
use ganxun_domain::learning::reading::page_needed_ms;
use ganxun_domain::learning::{
    Answered, Beat, Credit, LearningSettings, LessonKind, NoCredit, PageViews, Playback,
    PlaybackEnd, SecondPlayback,
};
use rows::Rows;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter,
};

mod batch;
mod kept;
mod rows;

pub use kept::KeptRows;

/// A playback just started: where to resume and what is credited already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub playback_id: PlaybackId,
    pub lesson_id: LessonId,
    pub duration_ms: u64,
    pub resume_ms: u64,
    pub watched_ms: u64,
    /// Another open playback of the person was ended by this one.
    pub took_over: bool,
    pub kind: LessonKind,
    /// A document's pages, the page to resume at (1-based), and the pages read so far.
    pub pages: u32,
    pub resume_page: u32,
    pub pages_read: u32,
}

/// What one heartbeat or answer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub earned_ms: u64,
    pub held_ms: u64,
    pub refused: Option<NoCredit>,
    /// Everything credited for the lesson now, and the lesson's length.
    pub watched_ms: u64,
    pub duration_ms: u64,
    pub completed: bool,
    /// A presence check waits for its answer (the page shows it).
    pub presence_waiting: bool,
    /// Credited today on every lesson.
    pub today_ms: u64,
    /// The learner's progress row, when this heartbeat finished the lesson (its credits wait as
    /// a follow-up).
    pub finished_progress: Option<LearningProgressId>,
    /// A document's pages, how many were read, and the first page not read yet.
    pub pages: u32,
    pub pages_read: u32,
    pub first_unread_page: Option<u32>,
}

/// How a presence answer came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerOutcome {
    pub answered: Answered,
    pub counted: Counted,
}

/// One heartbeat as the page sends it (the time is the server's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heartbeat {
    pub position_ms: u64,
    pub playing: bool,
    pub visible: bool,
    /// The page on screen, for a document lesson (1-based).
    pub page: Option<u32>,
}

/// Starts playing a lesson of a published course.
#[allow(clippy::too_many_arguments)]
pub async fn start(
    db: &Db,
    person_id: PersonId,
    account_id: AccountId,
    ip: &str,
    now: DateTime<Utc>,
    lesson_id: LessonId,
    settings: &LearningSettings,
    first_check_after: TimeDelta,
) -> StoreResult<Started> {
    let second = settings.second_playback;
    let tx = db.begin_counting().await?;
    let lesson = super::courses::published_lesson(&tx, lesson_id).await?;
    if lesson.kind == LessonKind::Quiz {
        return Err(StoreError::refused(Refusal::LessonIsQuiz));
    }
    let open = learning_playback::Entity::find()
        .filter(learning_playback::Column::PersonId.eq(person_id))
        .filter(learning_playback::Column::OpenKey.eq(0))
        .all(&tx)
        .await?;
    // Said to the learner only when the other one was live: one left open yesterday (a closed
    // laptop) is ended without a word.
    let took_over = open
        .iter()
        .any(|p| now - p.seen_at.unwrap_or(p.started_at) <= settings.max_gap());
    for playback in open {
        if second == SecondPlayback::Refuse {
            return Err(StoreError::refused(Refusal::PlaybackElsewhere));
        }
        end(&tx, playback, now, PlaybackEnd::TakenOver).await?;
    }
    let row = learning_playback::Entity::insert(learning_playback::ActiveModel {
        person_id: Set(person_id),
        lesson_id: Set(lesson_id),
        account_id: Set(account_id),
        ip: Set(ip.chars().take(64).collect()),
        started_at: Set(now),
        last_at: Set(None),
        last_position_ms: Set(None),
        presence_due_at: Set(now + first_check_after),
        presence_since: Set(None),
        presence_code: Set(None),
        held: Set("[]".to_owned()),
        earned_ms: Set(0),
        refused_beats: Set(0),
        version: Set(1),
        open_key: Set(0),
        ended_at: Set(None),
        end_reason: Set(None),
        ..Default::default()
    })
    .exec_with_returning(&tx)
    .await?;
    super::flags::check_shared_address(&tx, person_id, row.id, ip, now).await?;
    let progress = progress_of(&tx, person_id, lesson_id).await?;
    let watched = progress
        .as_ref()
        .map(|p| segments(&p.watched))
        .unwrap_or_default();
    let duration_ms = ms(lesson.duration_ms);
    let pages = u32::try_from(lesson.pages).unwrap_or(0);
    let views = PageViews::parse(progress.as_ref().map_or("", |p| &p.page_views), pages);
    let unfinished = progress.filter(|p| p.completed_at.is_none());
    let started = Started {
        playback_id: row.id,
        lesson_id,
        duration_ms,
        // A finished lesson starts again from the beginning.
        resume_ms: unfinished
            .as_ref()
            .map_or(0, |p| ms(p.resume_ms).min(duration_ms)),
        watched_ms: watched.covered(),
        took_over,
        kind: lesson.kind,
        pages,
        resume_page: unfinished
            .as_ref()
            .and_then(|p| u32::try_from(p.resume_page).ok())
            .filter(|&page| views.has(page))
            .unwrap_or(1),
        pages_read: views.seen(page_needed_ms(settings, duration_ms, pages)),
    };
    tx.commit().await?;
    Ok(started)
}

async fn end(
    conn: &impl ConnectionTrait,
    playback: learning_playback::Model,
    now: DateTime<Utc>,
    reason: PlaybackEnd,
) -> StoreResult<()> {
    let id = playback.id;
    let mut model: learning_playback::ActiveModel = playback.into();
    model.open_key = Set(id.0);
    model.ended_at = Set(Some(now));
    model.end_reason = Set(Some(reason));
    model.update(conn).await?;
    Ok(())
}

/// Ends the person's playback (the page was left).
pub async fn stop(
    db: &Db,
    person_id: PersonId,
    playback_id: PlaybackId,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let tx = db.begin_counting().await?;
    let playback = open_playback(&tx, person_id, playback_id).await?;
    end(&tx, playback, now, PlaybackEnd::Stopped).await?;
    tx.commit().await?;
    Ok(())
}

async fn open_playback(
    conn: &impl ConnectionTrait,
    person_id: PersonId,
    playback_id: PlaybackId,
) -> StoreResult<learning_playback::Model> {
    let playback = learning_playback::Entity::find_by_id(playback_id)
        .one(conn)
        .await?;
    checked_open(playback, person_id)
}

/// The playback when it is the person's and still open.
fn checked_open(
    playback: Option<learning_playback::Model>,
    person_id: PersonId,
) -> StoreResult<learning_playback::Model> {
    let playback = playback
        // Someone else's playback is as absent as a missing one.
        .filter(|p| p.person_id == person_id)
        .ok_or(StoreError::NotFound)?;
    if playback.open_key != 0 {
        return Err(StoreError::refused(Refusal::PlaybackEnded {
            reason: playback.end_reason,
        }));
    }
    Ok(playback)
}

async fn progress_of(
    conn: &impl ConnectionTrait,
    person_id: PersonId,
    lesson_id: LessonId,
) -> StoreResult<Option<learning_progress::Model>> {
    Ok(learning_progress::Entity::find()
        .filter(learning_progress::Column::PersonId.eq(person_id))
        .filter(learning_progress::Column::LessonId.eq(lesson_id))
        .one(conn)
        .await?)
}

/// Everything one heartbeat or answer reads, and writes back.
struct Ledger {
    playback: learning_playback::Model,
    progress: Option<learning_progress::Model>,
    day: Option<learning_day::Model>,
    today: NaiveDate,
    state: Playback,
    /// A heartbeat arrived now: the rhythm of arrivals with its gap (answers leave it alone).
    arrival: Option<(DateTime<Utc>, Rhythm)>,
    /// A document lesson's pages, as read so far.
    document: Option<Document>,
}

/// What the server keeps of a document being read.
struct Document {
    views: PageViews,
    /// Time on screen a page needs to count as read.
    needed_ms: u64,
    /// The page the last accepted heartbeat showed (what was on screen since).
    last_page: Option<u32>,
}

impl Ledger {
    /// A report's rows, from what its batch read (and its earlier reports changed).
    fn from_rows(
        rows: &Rows,
        settings: &LearningSettings,
        person_id: PersonId,
        playback_id: PlaybackId,
        now: DateTime<Utc>,
    ) -> StoreResult<Ledger> {
        let playback = checked_open(rows.playbacks.get(&playback_id).cloned(), person_id)?;
        let lesson = rows
            .lessons
            .get(&playback.lesson_id)
            .ok_or(StoreError::NotFound)?;
        let progress = rows.progress.get(&(person_id, playback.lesson_id)).cloned();
        let today = ganxun_domain::china_date(now);
        let day = rows.days.get(&(person_id, today)).cloned();
        Ok(Ledger::of(settings, playback, lesson, progress, day, today))
    }

    fn of(
        settings: &LearningSettings,
        playback: learning_playback::Model,
        lesson: &learning_lesson::Model,
        progress: Option<learning_progress::Model>,
        day: Option<learning_day::Model>,
        today: NaiveDate,
    ) -> Ledger {
        let duration_ms = lesson.duration_ms;
        let document = (lesson.kind == LessonKind::Document).then(|| {
            let pages = u32::try_from(lesson.pages).unwrap_or(0);
            Document {
                views: PageViews::parse(progress.as_ref().map_or("", |p| &p.page_views), pages),
                needed_ms: page_needed_ms(settings, ms(duration_ms), pages),
                last_page: playback.last_page.and_then(|p| u32::try_from(p).ok()),
            }
        });
        let mut state = Playback::new(
            ms(duration_ms),
            progress
                .as_ref()
                .map(|p| segments(&p.watched))
                .unwrap_or_default(),
        );
        state.last = playback
            .last_at
            .zip(playback.last_position_ms)
            .map(|(at, position)| (at, ms(position)));
        state.presence_since = playback.presence_since;
        state.held = segments(&playback.held);
        Ledger {
            playback,
            progress,
            day,
            today,
            state,
            arrival: None,
            document,
        }
    }

    /// The rhythm after this report: with the new gap for a heartbeat, as stored otherwise.
    fn rhythm(&self) -> Rhythm {
        self.arrival.map_or(
            Rhythm {
                count: self.playback.gap_count,
                sum_ms: self.playback.gap_sum_ms,
                square_sum: self.playback.gap_square_sum,
            },
            |(_, rhythm)| rhythm,
        )
    }

    /// Notes a heartbeat's arrival: the gap since the previous one joins the rhythm.
    fn arrived(&mut self, now: DateTime<Utc>) {
        let stored = Rhythm {
            count: self.playback.gap_count,
            sum_ms: self.playback.gap_sum_ms,
            square_sum: self.playback.gap_square_sum,
        };
        let rhythm = match self.playback.seen_at {
            Some(previous) => stored.with_gap(now - previous),
            None => stored,
        };
        self.arrival = Some((now, rhythm));
    }

    fn today_ms(&self) -> u64 {
        self.day.as_ref().map_or(0, |d| ms(d.earned_ms))
    }

    /// Settles what the accounting changed into the batch (written when it is flushed). A
    /// lesson finished now earns its class hours by `hours`; its credits and the compliance
    /// refresh are promised with the finish (see [`Batch::flush`]).
    #[allow(clippy::too_many_arguments)]
    fn settle(
        self,
        batch: &mut Batch,
        report: usize,
        actor: &Actor,
        hours: &OnlineCourseHours,
        now: DateTime<Utc>,
        earned_ms: u64,
        refused: Option<(NoCredit, u64)>,
        position_ms: Option<u64>,
        presence_due_at: DateTime<Utc>,
        presence_code: Option<String>,
    ) -> Counted {
        let rhythm = self.rhythm();
        let Ledger {
            playback: read,
            progress,
            day,
            today,
            state,
            arrival,
            document,
        } = self;
        let (last_at, last_position) = state.last.unzip();
        let playback = learning_playback::Model {
            last_at,
            last_position_ms: last_position.map(db_ms),
            presence_due_at,
            presence_since: state.presence_since,
            presence_code,
            held: stored(&state.held),
            earned_ms: read.earned_ms + db_ms(earned_ms),
            refused_beats: read.refused_beats + i32::from(refused.is_some()),
            version: read.version + 1,
            seen_at: arrival.map_or(read.seen_at, |(at, _)| Some(at)),
            gap_count: rhythm.count,
            gap_sum_ms: rhythm.sum_ms,
            gap_square_sum: rhythm.square_sum,
            last_page: document
                .as_ref()
                .and_then(|d| d.last_page)
                .and_then(|p| i32::try_from(p).ok()),
            ..read.clone()
        };
        batch.playback_changed(&read, playback);
        let duration_ms = state.duration_ms;
        let watched_ms = state.watched.covered();
        // A document is read when its reading time is covered and every page was on screen.
        let completed = state.missing_ms() == 0
            && document
                .as_ref()
                .is_none_or(|d| d.views.all_seen(d.needed_ms));
        let resume_ms = position_ms.map(|p| p.min(duration_ms));
        let resume_page = document
            .as_ref()
            .and_then(|d| d.last_page)
            .and_then(|p| i32::try_from(p).ok());
        let finished_now = completed && progress.as_ref().is_none_or(|p| p.completed_at.is_none());
        let earned_hours = i32::try_from(
            hours
                .hours(
                    u32::try_from(duration_ms / 60_000).unwrap_or(u32::MAX),
                    false,
                )
                .hundredths(),
        )
        .unwrap_or(i32::MAX);
        let mut row = progress.unwrap_or_else(|| learning_progress::Model {
            id: LearningProgressId(batch::NEW_ROW),
            person_id: read.person_id,
            lesson_id: read.lesson_id,
            watched: String::new(),
            earned_ms: 0,
            resume_ms: 0,
            hours: 0,
            completed_at: None,
            updated_at: now,
            page_views: String::new(),
            resume_page: 0,
        });
        row.watched = stored(&state.watched);
        row.earned_ms = db_ms(watched_ms);
        row.updated_at = now;
        if resume_page.is_some() || row.id.0 == batch::NEW_ROW {
            row.page_views = document
                .as_ref()
                .map_or_else(String::new, |d| d.views.stored());
        }
        if let Some(page) = resume_page {
            row.resume_page = page;
        }
        if let Some(resume) = resume_ms {
            row.resume_ms = db_ms(resume);
        }
        if finished_now {
            row.completed_at = Some(now);
            row.hours = earned_hours;
        }
        batch.progress_changed(row);
        let today_ms = day.as_ref().map_or(0, |d| ms(d.earned_ms)) + earned_ms;
        if earned_ms > 0 {
            batch.day_changed(learning_day::Model {
                earned_ms: db_ms(today_ms),
                ..day.unwrap_or(learning_day::Model {
                    id: batch::NEW_ROW,
                    person_id: read.person_id,
                    day: today,
                    earned_ms: 0,
                })
            });
        }
        if finished_now {
            batch.finished(report, (read.person_id, read.lesson_id), actor, now);
        }
        if refused.is_some()
            && read.refused_beats + 1 == ganxun_domain::learning::flags::MANY_REFUSED_BEATS
        {
            batch.flag(super::flags::new_flag(
                read.person_id,
                Some(read.id),
                ganxun_domain::learning::FlagKind::ManyRefused,
                format!(
                    "一次播放中已有 {} 次进度报告未被计时（拖动、倍速、后台或伪造的进度）",
                    ganxun_domain::learning::flags::MANY_REFUSED_BEATS
                ),
                now,
            ));
        }
        if let Some((_, rhythm)) = arrival.filter(|(_, rhythm)| rhythm.metronomic()) {
            batch.flag(super::flags::new_flag(
                read.person_id,
                Some(read.id),
                ganxun_domain::learning::FlagKind::Metronomic,
                format!(
                    "一次播放中连续 {} 次心跳的间隔平均 {:.0} 毫秒，上下浮动仅 {:.1} 毫秒（网页随操作和网络起伏，定时脚本才如此整齐）",
                    rhythm.count,
                    rhythm.sum_ms as f64 / rhythm.count as f64,
                    rhythm.spread_ms().unwrap_or(0.0)
                ),
                now,
            ));
        }
        if let Some((reason, position)) = refused {
            batch.refusal(learning_refusal::ActiveModel {
                playback_id: Set(read.id),
                person_id: Set(read.person_id),
                at: Set(now),
                reason: Set(reason.code().to_owned()),
                position_ms: Set(db_ms(position)),
                ..Default::default()
            });
        }
        Counted {
            earned_ms,
            held_ms: 0,
            refused: refused.map(|(reason, _)| reason),
            watched_ms,
            duration_ms,
            completed,
            presence_waiting: state.presence_since.is_some(),
            today_ms,
            // Known once the batch is written (a new progress row has no id before).
            finished_progress: None,
            pages: document.as_ref().map_or(0, |d| d.views.pages()),
            pages_read: document.as_ref().map_or(0, |d| d.views.seen(d.needed_ms)),
            first_unread_page: document
                .as_ref()
                .and_then(|d| d.views.first_unseen(d.needed_ms)),
        }
    }
}

/// Takes one heartbeat in its own transaction. `next_check` draws when the next presence
/// check comes and its code, called only when a check is issued now.
#[allow(clippy::too_many_arguments)]
pub async fn beat(
    db: &Db,
    actor: &Actor,
    settings: &LearningSettings,
    hours: &OnlineCourseHours,
    person_id: PersonId,
    playback_id: PlaybackId,
    now: DateTime<Utc>,
    heartbeat: Heartbeat,
    next_check: impl FnOnce() -> (TimeDelta, String),
) -> StoreResult<Counted> {
    let tx = db.begin_counting().await?;
    let mut batch = Batch::read(&tx, [(person_id, playback_id, now)], None).await?;
    let mut counted = take(
        &mut batch,
        0,
        actor,
        settings,
        hours,
        person_id,
        playback_id,
        now,
        heartbeat,
        next_check,
    )?;
    flush_alone(tx, batch, playback_id, &mut counted).await?;
    Ok(counted)
}

/// Writes a lone report's batch and commits it; a playback changed since it was read makes
/// the report's refusal (ended meanwhile, or the race lost), and nothing is written.
async fn flush_alone(
    tx: DatabaseTransaction,
    batch: Batch,
    playback_id: PlaybackId,
    counted: &mut Counted,
) -> StoreResult<()> {
    match batch.flush(&tx).await? {
        Flushed::Written { finished, .. } => {
            tx.commit().await?;
            counted.finished_progress = finished.into_iter().map(|(_, id)| id).next();
            Ok(())
        }
        Flushed::Raced => {
            let refusal = lost_race(&tx, playback_id).await;
            tx.rollback().await?;
            Err(refusal)
        }
    }
}

/// One heartbeat waiting to be taken, with everything it needs (the group commit's unit: the
/// application collects them and hands a batch to [`beat_batch`]).
#[derive(Debug, Clone)]
pub struct BeatJob {
    pub actor: Actor,
    pub settings: std::sync::Arc<LearningSettings>,
    pub hours: OnlineCourseHours,
    pub person_id: PersonId,
    pub playback_id: PlaybackId,
    /// The server's arrival time.
    pub now: DateTime<Utc>,
    pub heartbeat: Heartbeat,
    /// Drawn in advance: when the check after the next one comes and the next one's code,
    /// used only when this heartbeat issues a presence check.
    pub check: (TimeDelta, String),
}

/// What one heartbeat of a batch came to: counted, or refused (not found, ended, lost race)
/// before anything of it was written, so the batch's other heartbeats go on.
pub type Taken = Result<Counted, StoreError>;

/// Takes one job alone, in its own transaction (a batch that failed is retried this way).
pub async fn beat_job(db: &Db, job: &BeatJob) -> StoreResult<Counted> {
    let check = job.check.clone();
    beat(
        db,
        &job.actor,
        &job.settings,
        &job.hours,
        job.person_id,
        job.playback_id,
        job.now,
        job.heartbeat,
        || check,
    )
    .await
}

/// Takes a batch of heartbeats in arrival order inside ONE transaction and commits once (group
/// commit: one fsync for the batch instead of one per heartbeat). Each job's accounting is
/// exactly the single path's, run on the rows the batch read (a person's later heartbeat sees
/// what their earlier one changed), and everything is written together at the end by a few
/// multi-row statements ([`Batch::flush`]); a job refused adds nothing to write. A database
/// error fails the whole batch (nothing of it is committed): `Err`, and the caller decides what
/// each job then gets — never an acknowledgement.
///
/// `kept` is what the writer kept of its learners from earlier batches: the batch reads only
/// what it lacks, and leaves there what it committed. A race or an error drops all of it.
pub async fn beat_batch(db: &Db, jobs: &[BeatJob], kept: &mut KeptRows) -> StoreResult<Vec<Taken>> {
    let taken = beat_batch_keeping(db, jobs, kept).await;
    if !matches!(taken, Ok(Some(_))) {
        kept.clear();
    }
    match taken? {
        Some(taken) => Ok(taken),
        None => {
            // Another report of a playback committed after the batch read it (a stop, a
            // takeover, another server): nothing was written. Each heartbeat is taken alone,
            // where the version check decides which of them count.
            let mut taken = Vec::with_capacity(jobs.len());
            for job in jobs {
                taken.push(beat_job(db, job).await);
            }
            Ok(taken)
        }
    }
}

/// The batch in one transaction: `None` when it raced and was rolled back.
async fn beat_batch_keeping(
    db: &Db,
    jobs: &[BeatJob],
    kept: &mut KeptRows,
) -> StoreResult<Option<Vec<Taken>>> {
    let tx = db.begin_counting().await?;
    let mut batch = Batch::read(
        &tx,
        jobs.iter().map(|j| (j.person_id, j.playback_id, j.now)),
        Some(kept),
    )
    .await?;
    let mut taken: Vec<Taken> = jobs
        .iter()
        .enumerate()
        .map(|(report, job)| {
            let check = job.check.clone();
            take(
                &mut batch,
                report,
                &job.actor,
                &job.settings,
                &job.hours,
                job.person_id,
                job.playback_id,
                job.now,
                job.heartbeat,
                || check,
            )
        })
        .collect();
    match batch.flush(&tx).await? {
        Flushed::Written { rows, finished } => {
            tx.commit().await?;
            for (report, progress_id) in finished {
                if let Ok(counted) = &mut taken[report] {
                    counted.finished_progress = Some(progress_id);
                }
            }
            let last = jobs.iter().map(|j| j.now).max().unwrap_or_default();
            kept.keep(*rows, last);
            Ok(Some(taken))
        }
        Flushed::Raced => {
            tx.rollback().await?;
            tracing::info!(
                size = jobs.len(),
                "heartbeat batch raced; taking each alone"
            );
            Ok(None)
        }
    }
}

/// The accounting of one heartbeat, settled into its batch (written when the batch is
/// flushed). A refusal is decided before anything is settled: the playback missing, someone
/// else's or ended.
#[allow(clippy::too_many_arguments)]
fn take(
    batch: &mut Batch,
    report: usize,
    actor: &Actor,
    settings: &LearningSettings,
    hours: &OnlineCourseHours,
    person_id: PersonId,
    playback_id: PlaybackId,
    now: DateTime<Utc>,
    heartbeat: Heartbeat,
    next_check: impl FnOnce() -> (TimeDelta, String),
) -> Taken {
    let mut ledger = Ledger::from_rows(&batch.rows, settings, person_id, playback_id, now)?;
    ledger.arrived(now);
    let today_ms = ledger.today_ms();
    let credit = match ledger.document.as_mut() {
        None => ledger.state.beat(
            settings,
            Beat {
                at: now,
                position_ms: heartbeat.position_ms,
                playing: heartbeat.playing,
                visible: heartbeat.visible,
            },
            today_ms,
        ),
        Some(document) => read(
            &mut ledger.state,
            document,
            settings,
            now,
            heartbeat,
            today_ms,
        ),
    };
    let mut due_at = ledger.playback.presence_due_at;
    let mut code = ledger.playback.presence_code.clone();
    // A check is issued only to someone watching; a paused or hidden page gets it later.
    if credit.refused.is_none()
        && heartbeat.playing
        && heartbeat.visible
        && ledger.state.presence_since.is_none()
        && now >= due_at
    {
        let (after, drawn) = next_check();
        ledger.state.ask_presence(now);
        due_at = now + after;
        code = Some(drawn);
    }
    let refused = credit.refused.map(|r| (r, heartbeat.position_ms));
    let mut counted = ledger.settle(
        batch,
        report,
        actor,
        hours,
        now,
        credit.earned_ms,
        refused,
        Some(heartbeat.position_ms),
        due_at,
        code,
    );
    counted.held_ms = credit.held_ms;
    Ok(counted)
}

/// A heartbeat of a document lesson: the time on screen since the last accepted one is
/// counted by the server ([`Playback::read`]) and goes to the page that was on screen; a page
/// the document does not have earns nothing and is kept as evidence.
fn read(
    state: &mut Playback,
    document: &mut Document,
    settings: &LearningSettings,
    now: DateTime<Utc>,
    heartbeat: Heartbeat,
    today_ms: u64,
) -> Credit {
    let Some(page) = heartbeat.page.filter(|&p| document.views.has(p)) else {
        return Credit::refused(NoCredit::NoSuchPage);
    };
    let (credit, on_screen_ms) = state.read(settings, now, heartbeat.visible, today_ms);
    if let Some(shown) = document.last_page {
        document.views.add(shown, on_screen_ms);
    }
    document.last_page = Some(page);
    credit
}

/// Why the playback changed under a heartbeat or answer (it then counts nothing): ended
/// meanwhile (taken over elsewhere), or another report of the same playback committed first.
async fn lost_race(conn: &impl ConnectionTrait, playback_id: PlaybackId) -> StoreError {
    match learning_playback::Entity::find_by_id(playback_id)
        .one(conn)
        .await
    {
        Ok(Some(playback)) if playback.open_key != 0 => {
            StoreError::refused(Refusal::PlaybackEnded {
                reason: playback.end_reason,
            })
        }
        Ok(_) => StoreError::refused(Refusal::ReportRaced),
        Err(e) => e.into(),
    }
}

/// The code the waiting presence check shows, for the page to draw (only to its own person).
pub async fn presence_code(
    db: &Db,
    person_id: PersonId,
    playback_id: PlaybackId,
) -> StoreResult<String> {
    let playback = open_playback(db.connection(), person_id, playback_id).await?;
    match (playback.presence_since, playback.presence_code) {
        (Some(_), Some(code)) => Ok(code),
        _ => Err(StoreError::NotFound),
    }
}

/// Takes the answer to the waiting presence check.
#[allow(clippy::too_many_arguments)]
pub async fn answer(
    db: &Db,
    actor: &Actor,
    settings: &LearningSettings,
    hours: &OnlineCourseHours,
    person_id: PersonId,
    playback_id: PlaybackId,
    now: DateTime<Utc>,
    given: &str,
) -> StoreResult<AnswerOutcome> {
    let tx = db.begin_counting().await?;
    let mut batch = Batch::read(&tx, [(person_id, playback_id, now)], None).await?;
    let mut ledger = Ledger::from_rows(&batch.rows, settings, person_id, playback_id, now)?;
    let correct = ledger
        .playback
        .presence_code
        .as_deref()
        .is_some_and(|code| code == given.trim());
    let today = ledger.today_ms();
    let answered = ledger.state.answer_presence(settings, now, correct, today);
    let earned_ms = match answered {
        Answered::InTime { earned_ms, .. } => earned_ms,
        _ => 0,
    };
    let refused = matches!(answered, Answered::Late).then(|| {
        (
            NoCredit::PresenceOverdue,
            ledger.state.last.map_or(0, |(_, p)| p),
        )
    });
    if let Answered::InTime {
        superhuman: true, ..
    } = answered
    {
        let waited = ledger
            .playback
            .presence_since
            .map_or(0, |since| (now - since).num_milliseconds());
        batch.flag(super::flags::new_flag(
            person_id,
            Some(playback_id),
            ganxun_domain::learning::FlagKind::SuperhumanAnswer,
            format!("在线确认在出现后 {waited} 毫秒即答对（快于常人读题）"),
            now,
        ));
    }
    let due_at = ledger.playback.presence_due_at;
    let code = match answered {
        Answered::Wrong => ledger.playback.presence_code.clone(),
        _ => None,
    };
    let mut counted = ledger.settle(
        &mut batch, 0, actor, hours, now, earned_ms, refused, None, due_at, code,
    );
    flush_alone(tx, batch, playback_id, &mut counted).await?;
    Ok(AnswerOutcome { answered, counted })
}

/// A person's progress on each lesson they started.
pub async fn progress(db: &Db, person_id: PersonId) -> StoreResult<Vec<LessonProgress>> {
    Ok(learning_progress::Entity::find()
        .filter(learning_progress::Column::PersonId.eq(person_id))
        .all(db.connection())
        .await?
        .into_iter()
        .map(|p| LessonProgress {
            lesson_id: p.lesson_id,
            watched_ms: segments(&p.watched).covered(),
            resume_ms: ms(p.resume_ms),
            completed_at: p.completed_at,
            hours: i64::from(p.hours),
        })
        .collect())
}

/// What one person has of one lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonProgress {
    pub lesson_id: LessonId,
    pub watched_ms: u64,
    pub resume_ms: u64,
    pub completed_at: Option<DateTime<Utc>>,
    /// Class hours earned when finished, in hundredths.
    pub hours: i64,
}

/// Heartbeats of a person that earned nothing, newest first (evidence for review).
pub async fn refusals(
    db: &Db,
    person_id: PersonId,
) -> StoreResult<Vec<(DateTime<Utc>, String, u64)>> {
    use sea_orm::QueryOrder;
    Ok(learning_refusal::Entity::find()
        .filter(learning_refusal::Column::PersonId.eq(person_id))
        .order_by_desc(learning_refusal::Column::Id)
        .all(db.connection())
        .await?
        .into_iter()
        .map(|r| (r.at, r.reason, ms(r.position_ms)))
        .collect())
}

/// A lesson a person finished, as compliance counts it (R-REG-4: the online bucket).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishedLesson {
    pub person_id: PersonId,
    pub progress_id: LearningProgressId,
    pub course_id: CourseId,
    pub course_title: String,
    pub lesson_title: String,
    /// The course's category code (`theory`, `policy` …).
    pub category: String,
    /// The day it was finished, China time.
    pub finished_on: NaiveDate,
    /// Class hours earned, in hundredths.
    pub hours: i32,
    /// The lesson's length in whole minutes.
    pub minutes: u32,
    /// The course was required of the person in the year it was finished (必修); an optional
    /// one (拓展) is shown but counts towards no total (R-ONL-1).
    pub required: bool,
}

/// The lessons the given people finished, oldest first.
pub async fn finished_of_people(
    conn: &impl ConnectionTrait,
    people: &[PersonId],
) -> StoreResult<Vec<FinishedLesson>> {
    use sea_orm::QueryOrder;
    let progress = learning_progress::Entity::find()
        .filter(learning_progress::Column::PersonId.is_in(people.iter().copied()))
        .filter(learning_progress::Column::CompletedAt.is_not_null())
        .order_by_asc(learning_progress::Column::CompletedAt)
        .order_by_asc(learning_progress::Column::Id)
        .all(conn)
        .await?;
    if progress.is_empty() {
        return Ok(Vec::new());
    }
    let lessons: std::collections::BTreeMap<LessonId, learning_lesson::Model> =
        learning_lesson::Entity::find()
            .filter(learning_lesson::Column::Id.is_in(progress.iter().map(|p| p.lesson_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect();
    let courses: std::collections::BTreeMap<CourseId, learning_course::Model> =
        learning_course::Entity::find()
            .filter(learning_course::Column::Id.is_in(lessons.values().map(|l| l.course_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
    let mut finished: Vec<FinishedLesson> = progress
        .into_iter()
        .filter_map(|p| {
            let lesson = lessons.get(&p.lesson_id)?;
            let course = courses.get(&lesson.course_id)?;
            Some(FinishedLesson {
                person_id: p.person_id,
                progress_id: p.id,
                course_id: course.id,
                course_title: course.title.clone(),
                lesson_title: lesson.title.clone(),
                category: course.category.clone(),
                finished_on: ganxun_domain::china_date(p.completed_at?),
                hours: p.hours,
                minutes: u32::try_from(lesson.duration_ms / 60_000).unwrap_or(0),
                required: false,
            })
        })
        .collect();
    mark_required(conn, &mut finished).await?;
    Ok(finished)
}

/// Says of each finished lesson whether its course was required of its learner that year.
async fn mark_required(
    conn: &impl ConnectionTrait,
    finished: &mut [FinishedLesson],
) -> StoreResult<()> {
    use chrono::Datelike;
    let assignments = super::requirements::assignments(conn).await?;
    if assignments.is_empty() {
        return Ok(());
    }
    let years: std::collections::BTreeSet<i32> =
        finished.iter().map(|l| l.finished_on.year()).collect();
    let people: Vec<PersonId> = finished
        .iter()
        .map(|l| l.person_id)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for year in years {
        let learners = super::requirements::learners(conn, &people, year).await?;
        for lesson in finished.iter_mut().filter(|l| l.finished_on.year() == year) {
            lesson.required = learners.get(&lesson.person_id).is_some_and(|learner| {
                ganxun_domain::learning::required_courses(&assignments, learner, year)
                    .contains(&lesson.course_id)
            });
        }
    }
    Ok(())
}

/// The lessons finished in a China calendar year: (progress id, person id), oldest first.
pub async fn finished_in_year(
    db: &Db,
    year: i32,
) -> StoreResult<Vec<(LearningProgressId, PersonId)>> {
    use sea_orm::QueryOrder;
    let (Some(first), Some(next)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year + 1, 1, 1),
    ) else {
        return Ok(Vec::new());
    };
    Ok(learning_progress::Entity::find()
        .filter(
            learning_progress::Column::CompletedAt
                .gte(ganxun_domain::calendar::china_midnight(first)),
        )
        .filter(
            learning_progress::Column::CompletedAt
                .lt(ganxun_domain::calendar::china_midnight(next)),
        )
        .order_by_asc(learning_progress::Column::CompletedAt)
        .all(db.connection())
        .await?
        .into_iter()
        .map(|p| (p.id, p.person_id))
        .collect())
}

/// One finished lesson by its progress id (for posting its credits).
pub async fn finished(db: &Db, progress_id: LearningProgressId) -> StoreResult<FinishedLesson> {
    let person_id = learning_progress::Entity::find_by_id(progress_id)
        .one(db.connection())
        .await?
        .ok_or(StoreError::NotFound)?
        .person_id;
    finished_of_people(db.connection(), &[person_id])
        .await?
        .into_iter()
        .find(|l| l.progress_id == progress_id)
        .ok_or(StoreError::NotFound)
}
