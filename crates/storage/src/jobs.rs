//! Background jobs with progress (DESIGN "Scheduled work"): a row per run, so any server of
//! several sharing one database can tell whether a job of a kind is already running and
//! anyone can watch its progress. A running job beats its heartbeat; one whose heartbeat
//! stopped (its server died) is taken over as failed when the next run starts.

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::job;
pub use crate::entity::job::JobState;
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::JobId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobRow {
    pub id: JobId,
    /// e.g. `compliance_recompute`
    pub kind: String,
    /// running, done, failed
    pub state: JobState,
    /// The day the job judges, when it judges one.
    pub as_of: Option<NaiveDate>,
    pub total: i64,
    pub done: i64,
    pub message: String,
    pub started_by: String,
    pub started_at: DateTime<Utc>,
    pub heartbeat_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub error: Option<String>,
    /// What it produced (for a recomputation: the status rows written).
    pub result: Option<i64>,
}

fn row(m: job::Model) -> JobRow {
    JobRow {
        id: m.id,
        kind: m.kind,
        state: m.state,
        as_of: m.as_of,
        total: m.total,
        done: m.done,
        message: m.message,
        started_by: m.started_by,
        started_at: m.started_at,
        heartbeat_at: m.heartbeat_at,
        finished_at: m.finished_at,
        error: m.error,
        result: m.result,
    }
}

/// What `start` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Started {
    /// A new run, now running.
    New(JobRow),
    /// A run of the same kind is already going (heartbeat newer than the limit).
    AlreadyRunning(JobRow),
}

/// Starts a run of `kind` unless one is running with a heartbeat after `alive_since`; runs
/// whose heartbeat stopped are closed as failed first. Audited: who started what, for which day.
pub async fn start(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    kind: &str,
    as_of: Option<NaiveDate>,
    total: i64,
    alive_since: DateTime<Utc>,
) -> StoreResult<Started> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let running = job::Entity::find()
        .filter(job::Column::Kind.eq(kind))
        .filter(job::Column::State.eq(JobState::Running))
        .order_by_desc(job::Column::Id)
        .all(&tx)
        .await?;
    for stale in running {
        if stale.heartbeat_at > alive_since {
            return Ok(Started::AlreadyRunning(row(stale)));
        }
        let mut model: job::ActiveModel = stale.into();
        model.state = Set(JobState::Failed);
        model.finished_at = Set(Some(now));
        model.error = Set(Some("运行中断（服务器停止），已由新任务接替".to_owned()));
        model.update(&tx).await?;
    }
    let saved = row(job::ActiveModel {
        kind: Set(kind.to_owned()),
        state: Set(JobState::Running),
        as_of: Set(as_of),
        total: Set(total),
        done: Set(0),
        message: Set(String::new()),
        started_by: Set(actor.name.clone()),
        started_at: Set(now),
        heartbeat_at: Set(now),
        finished_at: Set(None),
        error: Set(None),
        result: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await?);
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("job.start", "job", saved.id).after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok(Started::New(saved))
}

/// Records progress (and beats the heartbeat).
pub async fn progress(
    db: &Db,
    id: JobId,
    now: DateTime<Utc>,
    done: i64,
    message: &str,
) -> StoreResult<()> {
    job::Entity::update_many()
        .col_expr(job::Column::Done, sea_orm::sea_query::Expr::value(done))
        .col_expr(
            job::Column::Message,
            sea_orm::sea_query::Expr::value(message.to_owned()),
        )
        .col_expr(
            job::Column::HeartbeatAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(job::Column::Id.eq(id))
        .exec(&db.conn)
        .await?;
    Ok(())
}

/// Ends a run: done with its result, or failed with the error.
pub async fn finish(
    db: &Db,
    id: JobId,
    now: DateTime<Utc>,
    outcome: Result<i64, String>,
) -> StoreResult<JobRow> {
    let current = job::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut model: job::ActiveModel = current.into();
    model.finished_at = Set(Some(now));
    model.heartbeat_at = Set(now);
    match outcome {
        Ok(result) => {
            model.state = Set(JobState::Done);
            model.result = Set(Some(result));
        }
        Err(error) => {
            model.state = Set(JobState::Failed);
            model.error = Set(Some(error));
        }
    }
    Ok(row(model.update(&db.conn).await?))
}

pub async fn get(db: &Db, id: JobId) -> StoreResult<JobRow> {
    job::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(row)
        .ok_or(StoreError::NotFound)
}

/// The newest run of `kind`, if any.
pub async fn latest(db: &Db, kind: &str) -> StoreResult<Option<JobRow>> {
    Ok(job::Entity::find()
        .filter(job::Column::Kind.eq(kind))
        .order_by_desc(job::Column::Id)
        .one(&db.conn)
        .await?
        .map(row))
}

/// The newest run of `kind` that finished well, if any.
pub async fn latest_done(db: &Db, kind: &str) -> StoreResult<Option<JobRow>> {
    Ok(job::Entity::find()
        .filter(job::Column::Kind.eq(kind))
        .filter(job::Column::State.eq(JobState::Done))
        .order_by_desc(job::Column::Id)
        .one(&db.conn)
        .await?
        .map(row))
}
