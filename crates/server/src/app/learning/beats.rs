//! Group commit of heartbeats (ADR 0019). Every heartbeat of this server goes to one writer
//! task, which takes what queued while it was busy (up to [`MAX_BATCH`]) and runs each
//! heartbeat's accounting in turn inside ONE transaction, commits once and only then answers
//! each caller with its own result. A heartbeat refused (ended, someone else's, lost race)
//! writes nothing, so it never undoes the others. A database error fails the batch: nothing of
//! it was committed, and each of its heartbeats is retried alone in its own transaction, so a
//! heartbeat is acknowledged only after the commit that holds it.
//!
//! The writer keeps each learner's rows as its last batch committed them, so a batch reads only
//! what it lacks; whatever changes a learner's playback outside the writer (start, stop,
//! presence answer) tells it to forget that learner ([`Beats::forget`]).
//!
//! On PostgreSQL several servers share the database: each has its own writer, a batch is one
//! transaction of this server, and the guards of its updates (the playback's version, the
//! totals read) still make a report racing another server's count once.

use ganxun_domain::PersonId;
use ganxun_storage::learning::playbacks::{self as store, BeatJob, Counted, KeptRows};
use ganxun_storage::{Db, StoreError, StoreResult};
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::{mpsc, oneshot};

/// The most heartbeats one transaction takes: enough to amortise the commit, few enough that
/// the write lock is never held long (a batch of this size takes a few tens of milliseconds).
pub const MAX_BATCH: usize = 256;

/// Heartbeats waiting for the writer; past this a caller waits to queue (back-pressure).
const QUEUE: usize = 4096;

struct Job {
    beat: BeatJob,
    answer: oneshot::Sender<StoreResult<Counted>>,
}

/// The queue to this server's heartbeat writer, started on the first heartbeat.
#[derive(Default)]
pub struct Beats {
    queue: OnceLock<mpsc::Sender<Job>>,
    /// People whose rows changed outside the writer since its last batch.
    forgotten: Arc<Mutex<Vec<PersonId>>>,
}

impl std::fmt::Debug for Beats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Beats")
            .field("started", &self.queue.get().is_some())
            .finish()
    }
}

impl Beats {
    /// Takes a heartbeat through the writer and answers once its batch committed.
    pub async fn take(&self, db: &Db, beat: BeatJob) -> StoreResult<Counted> {
        let queue = self.queue.get_or_init(|| {
            let (queue, jobs) = mpsc::channel(QUEUE);
            tokio::spawn(write(db.clone(), jobs, self.forgotten.clone()));
            queue
        });
        let (answer, answered) = oneshot::channel();
        match queue.send(Job { beat, answer }).await {
            Ok(()) => answered.await.unwrap_or_else(|_| {
                // The writer stopped with this heartbeat in hand: it may or may not have been
                // committed, so it is not acknowledged.
                Err(StoreError::Other(anyhow::anyhow!(
                    "heartbeat writer stopped before answering"
                )))
            }),
            // The writer is gone (its runtime ended): the heartbeat is taken alone.
            Err(mpsc::error::SendError(job)) => store::beat_job(db, &job.beat).await,
        }
    }

    /// Tells the writer a person's playback or learning changed outside it (call it after the
    /// change committed): it reads their rows again instead of trusting what it kept. Without
    /// it the next batch holding them would race and be taken report by report.
    pub fn forget(&self, person_id: PersonId) {
        if self.queue.get().is_some() {
            self.forgotten
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(person_id);
        }
    }
}

/// The writer: one batch at a time, each made of what queued while the previous one was
/// written (nothing waits on purpose: under load the queue fills during a commit, and a lone
/// heartbeat is written at once).
async fn write(db: Db, mut jobs: mpsc::Receiver<Job>, forgotten: Arc<Mutex<Vec<PersonId>>>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut kept = KeptRows::default();
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (beats, answers): (Vec<BeatJob>, Vec<_>) =
            batch.drain(..).map(|job| (job.beat, job.answer)).unzip();
        for person_id in std::mem::take(
            &mut *forgotten
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        ) {
            kept.forget(person_id);
        }
        match store::beat_batch(&db, &beats, &mut kept).await {
            Ok(taken) => {
                for (answer, taken) in answers.into_iter().zip(taken) {
                    // A caller that went away meanwhile still had its heartbeat counted.
                    let _ = answer.send(taken);
                }
            }
            Err(error) => {
                tracing::warn!(
                    ?error,
                    size = beats.len(),
                    "heartbeat batch failed; taking each alone"
                );
                for (answer, beat) in answers.into_iter().zip(&beats) {
                    let _ = answer.send(store::beat_job(&db, beat).await);
                }
            }
        }
    }
}
