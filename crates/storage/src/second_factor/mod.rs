//! The second factor's records (issue 14 item 8): the authenticator secret sealed with the data
//! key, the last accepted time step, and the recovery codes as keyed hashes. Every change is
//! one transaction with its audit entry. Which codes are right and who must have a factor is
//! the application's to decide; this module makes "each code works once" hold even when
//! several servers check codes at the same instant: acceptance is a conditional update.

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{account, recovery_code, second_factor};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

/// An account's authenticator as sign-in and the settings page need it.
#[derive(Debug, Clone)]
pub struct Factor {
    /// The base32 secret, opened.
    pub secret: String,
    /// `None` while set-up waits for the first code from the app.
    pub confirmed_at: Option<DateTime<Utc>>,
    pub recovery_codes_left: u64,
}

/// The key under which recovery codes are hashed (the data key's index key), so a copy of the
/// table alone does not let anyone try codes offline.
pub fn recovery_digest(db: &Db, normalised_code: &str) -> StoreResult<String> {
    Ok(db.key()?.blind_index("recovery_code", normalised_code))
}

pub async fn find(db: &Db, account_id: AccountId) -> StoreResult<Option<Factor>> {
    let Some(row) = second_factor::Entity::find()
        .filter(second_factor::Column::AccountId.eq(account_id))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    let secret = db
        .key()?
        .open(&row.secret_cipher)
        .map_err(|e| StoreError::Other(anyhow::anyhow!("second-factor secret: {e}")))?;
    let recovery_codes_left = recovery_code::Entity::find()
        .filter(recovery_code::Column::AccountId.eq(account_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(&db.conn)
        .await?;
    Ok(Some(Factor {
        secret,
        confirmed_at: row.confirmed_at,
        recovery_codes_left,
    }))
}

/// Whether the account has a factor in force: one indexed lookup, for every request of an
/// account whose role requires it (nothing opened, nothing counted).
pub async fn is_confirmed(db: &Db, account_id: AccountId) -> StoreResult<bool> {
    confirmed_in(&db.conn, account_id).await
}

/// [`is_confirmed`] inside a transaction or on any connection (the account list reads it too).
pub(crate) async fn confirmed_in(
    conn: &impl ConnectionTrait,
    account_id: AccountId,
) -> StoreResult<bool> {
    Ok(second_factor::Entity::find()
        .filter(second_factor::Column::AccountId.eq(account_id))
        .filter(second_factor::Column::ConfirmedAt.is_not_null())
        .count(conn)
        .await?
        > 0)
}

/// Starts set-up with a new secret, replacing an unconfirmed one. `false` (nothing written)
/// when the account already has a confirmed factor: that one must be removed first.
pub async fn begin(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    account_id: AccountId,
    secret: &str,
) -> StoreResult<bool> {
    let tx = db.begin_write().await?;
    let existing = second_factor::Entity::find()
        .filter(second_factor::Column::AccountId.eq(account_id))
        .one(&tx)
        .await?;
    if existing
        .as_ref()
        .is_some_and(|row| row.confirmed_at.is_some())
    {
        return Ok(false);
    }
    if let Some(row) = existing {
        second_factor::Entity::delete_by_id(row.id)
            .exec(&tx)
            .await?;
    }
    second_factor::Entity::insert(second_factor::ActiveModel {
        account_id: Set(account_id),
        secret_cipher: Set(db.key()?.seal(secret)),
        confirmed_at: Set(None),
        last_step: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("auth.second_factor_setup", "account", account_id),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The first right code from the app: the factor is in force from now, at `step`, with fresh
/// recovery codes. `false` when there was no set-up waiting.
pub async fn confirm(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    account_id: AccountId,
    step: i64,
    recovery_digests: &[String],
) -> StoreResult<bool> {
    let tx = db.begin_write().await?;
    let confirmed = second_factor::Entity::update_many()
        .col_expr(second_factor::Column::ConfirmedAt, Expr::value(now))
        .col_expr(second_factor::Column::LastStep, Expr::value(step))
        .filter(second_factor::Column::AccountId.eq(account_id))
        .filter(second_factor::Column::ConfirmedAt.is_null())
        .exec(&tx)
        .await?
        .rows_affected;
    if confirmed == 0 {
        return Ok(false);
    }
    put_recovery_codes(&tx, account_id, recovery_digests).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("auth.second_factor_enrolled", "account", account_id)
            .after(serde_json::json!({ "recovery_codes": recovery_digests.len() })),
    )
    .await?;
    crate::accounts::changes::commit(db, tx, account_id, now).await?;
    Ok(true)
}

async fn put_recovery_codes(
    tx: &impl ConnectionTrait,
    account_id: AccountId,
    digests: &[String],
) -> StoreResult<()> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::AccountId.eq(account_id))
        .exec(tx)
        .await?;
    if digests.is_empty() {
        return Ok(());
    }
    recovery_code::Entity::insert_many(digests.iter().map(|digest| recovery_code::ActiveModel {
        account_id: Set(account_id),
        code_digest: Set(digest.clone()),
        used_at: Set(None),
        ..Default::default()
    }))
    .exec_without_returning(tx)
    .await?;
    Ok(())
}

/// Takes a right app code's time step for the account. `false` when that step or a later one
/// was already taken: the same code (or an older one) cannot be used again, on any server.
pub async fn accept_step(db: &Db, account_id: AccountId, step: i64) -> StoreResult<bool> {
    let tx = db.begin_write().await?;
    let taken = second_factor::Entity::update_many()
        .col_expr(second_factor::Column::LastStep, Expr::value(step))
        .filter(second_factor::Column::AccountId.eq(account_id))
        .filter(second_factor::Column::ConfirmedAt.is_not_null())
        .filter(
            second_factor::Column::LastStep
                .is_null()
                .or(second_factor::Column::LastStep.lt(step)),
        )
        .exec(&tx)
        .await?
        .rows_affected;
    tx.commit().await?;
    Ok(taken == 1)
}

/// Uses up a recovery code. `false` when the account has no such unused code.
pub async fn use_recovery_code(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    account_id: AccountId,
    digest: &str,
) -> StoreResult<bool> {
    let tx = db.begin_write().await?;
    let used = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(now))
        .filter(recovery_code::Column::AccountId.eq(account_id))
        .filter(recovery_code::Column::CodeDigest.eq(digest))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(&tx)
        .await?
        .rows_affected;
    if used == 0 {
        return Ok(false);
    }
    let left = recovery_code::Entity::find()
        .filter(recovery_code::Column::AccountId.eq(account_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(&tx)
        .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("auth.recovery_code_used", "account", account_id)
            .after(serde_json::json!({ "recovery_codes_left": left })),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// New recovery codes in place of all old ones, used or not.
pub async fn replace_recovery_codes(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    account_id: AccountId,
    digests: &[String],
) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    put_recovery_codes(&tx, account_id, digests).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("auth.recovery_codes_replaced", "account", account_id)
            .after(serde_json::json!({ "recovery_codes": digests.len() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Who removes a factor, which decides what else changes with it (ADR 0004).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remover {
    /// The holder, with a right code, where no role requires a factor.
    Holder,
    /// The system administrator (a lost phone): every session of the account ends and its
    /// roles are held until the security administrator confirms them, as after a password
    /// reset — otherwise one administrator could reset both factors and walk in.
    Administrator,
    /// The operator on the server (`ganxun user reset-second-factor`, the way back in when no
    /// administrator can sign in): the account's sessions end; roles stay as they are.
    Operator,
}

/// Removes the account's factor and recovery codes. `false` when it had none.
pub async fn remove(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    account_id: AccountId,
    by: Remover,
) -> StoreResult<bool> {
    let tx = db.begin_write().await?;
    let removed = second_factor::Entity::delete_many()
        .filter(second_factor::Column::AccountId.eq(account_id))
        .exec(&tx)
        .await?
        .rows_affected;
    if removed == 0 {
        return Ok(false);
    }
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::AccountId.eq(account_id))
        .exec(&tx)
        .await?;
    if by != Remover::Holder {
        crate::accounts::sessions::end_all(&tx, account_id, now).await?;
    }
    let event = match by {
        Remover::Holder => AuditEvent::new("auth.second_factor_removed", "account", account_id),
        Remover::Operator => AuditEvent::new("account.second_factor_reset", "account", account_id),
        Remover::Administrator => {
            account::Entity::update_many()
                .col_expr(account::Column::RolesSuspended, Expr::value(true))
                .filter(account::Column::Id.eq(account_id))
                .exec(&tx)
                .await?;
            AuditEvent::new("account.second_factor_reset", "account", account_id)
                .after(serde_json::json!({ "roles_suspended": true }))
        }
    };
    audit::append(&tx, db.key()?, actor, now, event).await?;
    crate::accounts::changes::commit(db, tx, account_id, now).await?;
    Ok(true)
}
