//! The audit log (R-SEC-1): every change, login, failed login, lock-out and reveal, in the same
//! transaction as the change itself, append-only and hash-chained. `verify` walks the chain and
//! names each entry that was edited, deleted, inserted or reordered behind the application's back.

pub mod archive;
pub(crate) mod base;
pub(crate) mod genesis;

use crate::crypto::DataKey;
use crate::db::Db;
use crate::entity::{audit_head, audit_log};
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;

/// The `prev_hash` of the first entry.
pub use crate::audit::base::GENESIS_HASH;

/// Who is acting and from where; every store method that changes data takes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account_id: Option<AccountId>,
    pub name: String,
    pub ip: String,
}

impl Actor {
    /// The command line, run by an operator on the server itself.
    pub fn system(what: &str) -> Self {
        Self {
            account_id: None,
            name: format!("system:{what}"),
            ip: "local".to_owned(),
        }
    }
}

/// One thing that happened, before it is chained.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub action: &'static str,
    pub entity_type: &'static str,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl AuditEvent {
    pub fn new(action: &'static str, entity_type: &'static str, entity_id: impl ToString) -> Self {
        Self {
            action,
            entity_type,
            entity_id: entity_id.to_string(),
            before: None,
            after: None,
        }
    }

    pub fn before(mut self, value: impl Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    pub fn after(mut self, value: impl Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }
}

/// The stored text of an instant: fixed width, UTC, microseconds. It is hashed as stored.
pub fn format_instant(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The hash of an entry: HMAC-SHA-256 (keyed by the data key) over a JSON array of every stored
/// field and the previous hash.
pub(crate) fn entry_hash(key: &DataKey, entry: &audit_log::Model) -> String {
    let canonical = serde_json::json!([
        entry.id,
        entry.at,
        entry.actor_id,
        entry.actor_name,
        entry.ip,
        entry.action,
        entry.entity_type,
        entry.entity_id,
        entry.before,
        entry.after,
        entry.prev_hash,
    ]);
    key.chain_mac(canonical.to_string().as_bytes())
}

/// Appends an event inside the caller's write transaction (begun with `Db::begin_write`, which
/// already holds the head, so the chain cannot fork). Returns its id.
pub(crate) async fn append(
    tx: &impl ConnectionTrait,
    key: &DataKey,
    actor: &Actor,
    at: DateTime<Utc>,
    event: AuditEvent,
) -> StoreResult<i64> {
    append_many(tx, key, actor, at, vec![event]).await
}

/// Appends many events inside the caller's write transaction (an import's rows): the chain is
/// computed in memory from the head and inserted in batches, each entry exactly what appending
/// it alone would write. Returns the id of the last entry (the head's, when there were none).
pub(crate) async fn append_many(
    tx: &impl ConnectionTrait,
    key: &DataKey,
    actor: &Actor,
    at: DateTime<Utc>,
    events: Vec<AuditEvent>,
) -> StoreResult<i64> {
    /// 12 columns a row: far below both databases' limits on bound values.
    const BATCH: usize = 500;
    let head = audit_head::Entity::find_by_id(1)
        .one(tx)
        .await?
        .ok_or_else(|| anyhow::anyhow!("audit head row is missing"))?;
    if events.is_empty() {
        return Ok(head.last_id);
    }
    // Normally head + 1. If a row was planted behind our back with that id, step past it so the
    // log keeps working; the planted row and the jump are what `verify` then reports.
    let highest: Option<i64> = audit_log::Entity::find()
        .select_only()
        .column_as(audit_log::Column::Id.max(), "max")
        .into_tuple()
        .one(tx)
        .await?
        .flatten();
    let mut last_id = head.last_id.max(highest.unwrap_or(0));
    let mut last_hash = head.last_hash;
    let at = format_instant(at);
    let mut entries = Vec::with_capacity(events.len());
    for event in events {
        let mut entry = audit_log::Model {
            id: last_id + 1,
            at: at.clone(),
            actor_id: actor.account_id,
            actor_name: actor.name.clone(),
            ip: actor.ip.clone(),
            action: event.action.to_owned(),
            entity_type: event.entity_type.to_owned(),
            entity_id: event.entity_id,
            before: event.before.map(|v| v.to_string()),
            after: event.after.map(|v| v.to_string()),
            prev_hash: last_hash,
            hash: String::new(),
        };
        entry.hash = entry_hash(key, &entry);
        last_id = entry.id;
        last_hash = entry.hash.clone();
        entries.push(entry);
    }
    while !entries.is_empty() {
        let rest = entries.split_off(entries.len().min(BATCH));
        audit_log::Entity::insert_many(entries.into_iter().map(audit_log::ActiveModel::from))
            .exec_without_returning(tx)
            .await?;
        entries = rest;
    }
    audit_head::Entity::update(audit_head::ActiveModel {
        id: Set(1),
        last_id: Set(last_id),
        last_hash: Set(last_hash),
    })
    .exec(tx)
    .await?;
    Ok(last_id)
}

/// Appends one event in its own transaction (logins, failed logins: nothing else changes).
pub async fn record(
    db: &Db,
    actor: &Actor,
    at: DateTime<Utc>,
    event: AuditEvent,
) -> StoreResult<i64> {
    let tx = db.begin_write().await?;
    let id = append(&tx, db.key()?, actor, at, event).await?;
    tx.commit().await?;
    Ok(id)
}

/// What is wrong with one place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainProblem {
    /// The entry's content no longer matches its hash: edited.
    Edited { id: i64 },
    /// The entry does not follow the one before it: something was deleted, inserted or moved.
    BrokenLink { id: i64, expected_prev: String },
    /// Ids jump: entries between were deleted.
    Gap { after: i64, next: i64 },
    /// The chain ends elsewhere than the head says: entries at the end were deleted or added.
    HeadMismatch { head_id: i64, last_id: i64 },
}

/// The result of walking the chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainReport {
    pub entries: u64,
    pub head_id: i64,
    pub head_hash: String,
    pub problems: Vec<ChainProblem>,
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Walks the online chain in id order, in pages, from the last archived entry (or the start),
/// and reports every problem found.
pub async fn verify(db: &Db) -> StoreResult<ChainReport> {
    const PAGE: u64 = 5_000;
    let key = db.key()?;
    let head = audit_head::Entity::find_by_id(1)
        .one(&db.conn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("audit head row is missing"))?;
    let mut problems = Vec::new();
    let mut entries = 0u64;
    // Entries moved to archive files are checked there (`audit_archive::verify_files`); the
    // online chain continues from the last one, as its `audit.archive` entry records.
    let (mut prev_id, mut prev_hash) = crate::audit::base::archived_base(&db.conn).await?;
    loop {
        let page = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(prev_id))
            .order_by_asc(audit_log::Column::Id)
            .limit(PAGE)
            .all(&db.conn)
            .await?;
        let done = (page.len() as u64) < PAGE;
        for entry in page {
            entries += 1;
            if entry.id != prev_id + 1 {
                problems.push(ChainProblem::Gap {
                    after: prev_id,
                    next: entry.id,
                });
            }
            if entry.prev_hash != prev_hash {
                problems.push(ChainProblem::BrokenLink {
                    id: entry.id,
                    expected_prev: prev_hash.clone(),
                });
            }
            if entry_hash(key, &entry) != entry.hash {
                problems.push(ChainProblem::Edited { id: entry.id });
            }
            prev_id = entry.id;
            prev_hash = entry.hash;
        }
        if done {
            break;
        }
    }
    if head.last_id != prev_id || head.last_hash != prev_hash {
        problems.push(ChainProblem::HeadMismatch {
            head_id: head.last_id,
            last_id: prev_id,
        });
    }
    Ok(ChainReport {
        entries,
        head_id: head.last_id,
        head_hash: head.last_hash,
        problems,
    })
}

/// Filters for reading the log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_name: Option<String>,
    pub action_prefix: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// A page of the log, newest first.
pub async fn list(
    db: &Db,
    filter: &AuditFilter,
    page: u64,
    page_size: u64,
) -> StoreResult<(Vec<audit_log::Model>, u64)> {
    let mut query = audit_log::Entity::find();
    if let Some(name) = &filter.actor_name {
        query = query.filter(audit_log::Column::ActorName.eq(name.as_str()));
    }
    if let Some(prefix) = &filter.action_prefix {
        query = query.filter(audit_log::Column::Action.starts_with(prefix.as_str()));
    }
    if let Some(entity_type) = &filter.entity_type {
        query = query.filter(audit_log::Column::EntityType.eq(entity_type.as_str()));
    }
    if let Some(entity_id) = &filter.entity_id {
        query = query.filter(audit_log::Column::EntityId.eq(entity_id.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_log::Column::At.gte(format_instant(from)));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_log::Column::At.lt(format_instant(to)));
    }
    let total = query.clone().count(&db.conn).await?;
    let rows = query
        .order_by_desc(audit_log::Column::Id)
        .offset(page.saturating_sub(1) * page_size)
        .limit(page_size)
        .all(&db.conn)
        .await?;
    Ok((rows, total))
}
