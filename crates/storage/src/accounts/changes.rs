//! Changes to what a signed-in caller is — roles, sessions, password, second factor, active —
//! so that servers may keep each session's account in memory (issue 16: a heartbeat's
//! authentication read five rows). A store that makes such a change writes a row here in its
//! own transaction (other servers read them, [`since`]) and, once committed, tells this
//! process ([`LocalChanges`]) so the change holds at once on the server that made it.

pub use super::local_changes::LocalChanges;
use crate::db::Db;
use crate::entity::account_change;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait};
use sea_orm::{QueryFilter, QuerySelect};

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
