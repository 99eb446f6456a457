//! Follow-ups, the outbox (issue 15 item 4): a change that requires more work elsewhere (a class
//! ends → its credits are posted; a mark of an ended class is corrected → they are posted anew)
//! writes a follow-up row in its own transaction, so the change and the promise to follow it
//! up commit together or not at all. The application does the work afterwards (at once, and
//! again by the worker until it succeeds); the work must be idempotent.
//!
//! A server takes a due follow-up by moving its due time ahead in one conditional update (a
//! lease), so two servers never work on the same one at once. After [`MAX_ATTEMPTS`] failures
//! a follow-up stays failed, listed with its last error, until someone retries it.

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::follow_up;
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Duration, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::FollowUpId;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// Failures before a follow-up waits for a person to retry it.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a server may work on one before another may take it over.
const LEASE: Duration = Duration::minutes(5);

/// A follow-up as the worker and the list need it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub kind: String,
    pub subject_id: i64,
    pub actor_id: Option<AccountId>,
    pub actor_name: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    /// Gave up after [`MAX_ATTEMPTS`]: waits for a person to retry it.
    pub failed: bool,
}

impl From<follow_up::Model> for FollowUp {
    fn from(m: follow_up::Model) -> Self {
        Self {
            failed: m.done_at.is_none() && m.attempts >= MAX_ATTEMPTS,
            id: m.id,
            kind: m.kind,
            subject_id: m.subject_id,
            actor_id: m.actor_id,
            actor_name: m.actor_name,
            created_at: m.created_at,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            last_error: m.last_error,
            done_at: m.done_at,
        }
    }
}

/// Promises a follow-up, inside the caller's transaction. One already waiting for the same
/// subject is made due now instead of adding another (the work is idempotent, once is enough).
pub async fn enqueue(
    tx: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
    kind: &str,
    subject_id: i64,
) -> StoreResult<()> {
    let waiting = follow_up::Entity::update_many()
        .col_expr(follow_up::Column::NextAttemptAt, Expr::value(now))
        .col_expr(follow_up::Column::Attempts, Expr::value(0))
        .filter(follow_up::Column::Kind.eq(kind))
        .filter(follow_up::Column::SubjectId.eq(subject_id))
        .filter(follow_up::Column::DoneAt.is_null())
        .exec(tx)
        .await?
        .rows_affected;
    if waiting > 0 {
        return Ok(());
    }
    follow_up::Entity::insert(follow_up::ActiveModel {
        kind: Set(kind.to_owned()),
        subject_id: Set(subject_id),
        actor_id: Set(actor.account_id),
        actor_name: Set(actor.name.clone()),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        done_at: Set(None),
        ..Default::default()
    })
    .exec_without_returning(tx)
    .await?;
    Ok(())
}

/// Takes up to `limit` due follow-ups (optionally of one subject) for this server: each is
/// leased by a conditional update, so a follow-up another server took meanwhile is skipped.
pub async fn take_due(
    db: &Db,
    now: DateTime<Utc>,
    subject: Option<(&str, i64)>,
    limit: u64,
) -> StoreResult<Vec<FollowUp>> {
    let mut query = follow_up::Entity::find()
        .filter(follow_up::Column::DoneAt.is_null())
        .filter(follow_up::Column::NextAttemptAt.lte(now))
        .filter(follow_up::Column::Attempts.lt(MAX_ATTEMPTS));
    if let Some((kind, id)) = subject {
        query = query
            .filter(follow_up::Column::Kind.eq(kind))
            .filter(follow_up::Column::SubjectId.eq(id));
    }
    let candidates = query
        .order_by_asc(follow_up::Column::NextAttemptAt)
        .limit(limit)
        .all(&db.conn)
        .await?;
    let mut taken = Vec::with_capacity(candidates.len());
    for row in candidates {
        let tx = db.begin_write().await?;
        let leased = follow_up::Entity::update_many()
            .col_expr(follow_up::Column::NextAttemptAt, Expr::value(now + LEASE))
            .filter(follow_up::Column::Id.eq(row.id))
            .filter(follow_up::Column::DoneAt.is_null())
            .filter(follow_up::Column::NextAttemptAt.lte(now))
            .exec(&tx)
            .await?
            .rows_affected;
        tx.commit().await?;
        if leased == 1 {
            taken.push(FollowUp::from(row));
        }
    }
    Ok(taken)
}

/// The work is done.
pub async fn finish(db: &Db, id: FollowUpId, now: DateTime<Utc>) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    follow_up::Entity::update_many()
        .col_expr(follow_up::Column::DoneAt, Expr::value(now))
        .col_expr(
            follow_up::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(follow_up::Column::Id.eq(id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The work failed: counted, the error kept, due again after a delay that doubles with each
/// failure (30 s, 1 min, 2 min … at most an hour).
pub async fn fail(
    db: &Db,
    id: FollowUpId,
    now: DateTime<Utc>,
    error: &str,
) -> StoreResult<FollowUp> {
    let tx = db.begin_write().await?;
    let row = follow_up::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let attempts = row.attempts.saturating_add(1);
    let delay =
        Duration::seconds(30 * (1_i64 << attempts.clamp(0, 7) as u32)).min(Duration::hours(1));
    follow_up::Entity::update_many()
        .col_expr(follow_up::Column::Attempts, Expr::value(attempts))
        .col_expr(follow_up::Column::NextAttemptAt, Expr::value(now + delay))
        .col_expr(
            follow_up::Column::LastError,
            Expr::value(error.chars().take(2000).collect::<String>()),
        )
        .filter(follow_up::Column::Id.eq(id))
        .exec(&tx)
        .await?;
    let after = follow_up::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(after.into())
}

/// Follow-ups not yet done, oldest first: waiting, being retried or failed.
pub async fn open(db: &Db, limit: u64) -> StoreResult<Vec<FollowUp>> {
    Ok(follow_up::Entity::find()
        .filter(follow_up::Column::DoneAt.is_null())
        .order_by_asc(follow_up::Column::CreatedAt)
        .limit(limit)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(FollowUp::from)
        .collect())
}

/// A person asks for another round of attempts (after fixing what made it fail).
pub async fn retry(db: &Db, actor: &Actor, now: DateTime<Utc>, id: FollowUpId) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    let changed = follow_up::Entity::update_many()
        .col_expr(follow_up::Column::Attempts, Expr::value(0))
        .col_expr(follow_up::Column::NextAttemptAt, Expr::value(now))
        .filter(follow_up::Column::Id.eq(id))
        .filter(follow_up::Column::DoneAt.is_null())
        .exec(&tx)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("follow_up.retry", "follow_up", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
