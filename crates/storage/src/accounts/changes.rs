//! Changes to what a signed-in caller is — roles, sessions, password, second factor, active —
//! so that servers may keep each session's account in memory (issue 16: a heartbeat's
//! authentication read five rows). A store that makes such a change writes a row here in its
//! own transaction (other servers read them, [`since`]) and, once committed, tells this
//! process ([`LocalChanges`]) so the change holds at once on the server that made it.

use crate::db::Db;
use crate::entity::account_change;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait};
use sea_orm::{QueryFilter, QuerySelect};
use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many of this process's changes are remembered for caches that have not looked yet; a
/// cache further behind forgets everything.
const REMEMBERED: usize = 4096;

/// Records, in the caller's transaction, that `account_id` changed.
pub(crate) async fn note(
    conn: &impl ConnectionTrait,
    account_id: AccountId,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    account_change::ActiveModel {
        account_id: Set(account_id),
        changed_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The accounts changed at or after `from`, by any server.
pub async fn since(db: &Db, from: DateTime<Utc>) -> StoreResult<Vec<AccountId>> {
    Ok(account_change::Entity::find()
        .select_only()
        .column(account_change::Column::AccountId)
        .distinct()
        .filter(account_change::Column::ChangedAt.gte(from))
        .into_tuple()
        .all(&db.conn)
        .await?)
}

/// Forgets changes recorded before `before` (long read by every server).
pub async fn prune(db: &Db, before: DateTime<Utc>) -> StoreResult<u64> {
    Ok(account_change::Entity::delete_many()
        .filter(account_change::Column::ChangedAt.lt(before))
        .exec(&db.conn)
        .await?
        .rows_affected)
}

/// The changes this process committed, numbered, for its caches to catch up with.
#[derive(Debug, Default)]
pub struct LocalChanges {
    last: AtomicU64,
    recent: Mutex<VecDeque<(u64, AccountId)>>,
}

impl LocalChanges {
    /// Called after the commit that holds the change.
    pub(crate) fn committed(&self, account_id: AccountId) {
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        let number = self.last.fetch_add(1, Ordering::AcqRel) + 1;
        recent.push_back((number, account_id));
        if recent.len() > REMEMBERED {
            recent.pop_front();
        }
    }

    /// The number of the latest change.
    pub fn last(&self) -> u64 {
        self.last.load(Ordering::Acquire)
    }

    /// The accounts changed after change number `seen`, up to `last`; `None` when some of them
    /// are no longer remembered (the caller forgets everything).
    pub fn between(&self, seen: u64, last: u64) -> Option<Vec<AccountId>> {
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        match recent.front() {
            Some(&(first, _)) if first <= seen + 1 => Some(
                recent
                    .iter()
                    .filter(|(number, _)| *number > seen && *number <= last)
                    .map(|(_, account)| *account)
                    .collect(),
            ),
            None if seen >= last => Some(Vec::new()),
            _ => None,
        }
    }
}

/// Commits `tx`, which changed what `account_id` is as a signed-in caller, with the row that
/// tells the other servers; then tells this process.
pub(crate) async fn commit(
    db: &Db,
    tx: sea_orm::DatabaseTransaction,
    account_id: AccountId,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    note(&tx, account_id, now).await?;
    tx.commit().await?;
    db.account_changes().committed(account_id);
    Ok(())
}
