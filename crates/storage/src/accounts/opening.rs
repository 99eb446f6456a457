//! Trainee accounts opened in bulk (issue 17 item 6, ADR 0022): every account of a batch, its
//! trainee grant and the batch with its sealed slips in one transaction, each account audited.
//! A person who has an account already is never given a second: checked again inside the
//! transaction, which is serialised with every other write (`Db::begin_write`).

use super::refusal::Refusal;
use super::{Grant, insert_grants};
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{account, account_batch};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::{AccountBatchId, AccountId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One account to open, its password already hashed by the application.
#[derive(Debug, Clone)]
pub struct Opening {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub unit_id: UnitId,
    pub person_id: PersonId,
    pub grant: Grant,
}

/// An account a batch opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opened {
    pub account_id: AccountId,
    pub username: String,
    pub person_id: PersonId,
}

/// What one batch did: its id and the accounts opened.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    pub batch_id: AccountBatchId,
    pub opened: Vec<Opened>,
}

/// An existing account of a person: its username and whether it is in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub username: String,
    pub active: bool,
}

/// The accounts the given people already have.
pub async fn existing_of(db: &Db, people: &[PersonId]) -> StoreResult<HashMap<PersonId, Existing>> {
    let mut found = HashMap::new();
    for chunk in people.chunks(500) {
        let rows = account::Entity::find()
            .filter(account::Column::PersonId.is_in(chunk.iter().copied()))
            .all(&db.conn)
            .await?;
        for row in rows {
            if let Some(person) = row.person_id {
                found.insert(
                    person,
                    Existing {
                        username: row.username,
                        active: row.active,
                    },
                );
            }
        }
    }
    Ok(found)
}

/// Which of the names are taken already.
pub async fn taken_usernames(db: &Db, names: &[String]) -> StoreResult<HashSet<String>> {
    let mut taken = HashSet::new();
    for chunk in names.chunks(500) {
        let rows: Vec<String> = account::Entity::find()
            .select_only()
            .column(account::Column::Username)
            .filter(account::Column::Username.is_in(chunk.iter().cloned()))
            .into_tuple()
            .all(&db.conn)
            .await?;
        taken.extend(rows);
    }
    Ok(taken)
}

/// Opens the accounts and records the batch with its sealed slips, readable by the opener
/// until `slips_until`. Slips of earlier batches past their time are erased in passing.
pub async fn open(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    accounts: Vec<Opening>,
    skipped: usize,
    slips: Vec<u8>,
    slips_until: DateTime<Utc>,
) -> StoreResult<BatchOutcome> {
    let opened_by = actor.account_id.ok_or(StoreError::NotFound)?;
    let tx = db.begin_write().await?;
    account_batch::Entity::update_many()
        .col_expr(
            account_batch::Column::Slips,
            sea_orm::sea_query::Expr::value(Option::<Vec<u8>>::None),
        )
        .filter(account_batch::Column::SlipsUntil.lt(now))
        .filter(account_batch::Column::Slips.is_not_null())
        .exec(&tx)
        .await?;
    let mut opened = Vec::with_capacity(accounts.len());
    for new in accounts {
        // Someone gave one of them an account since the caller looked: the whole batch is
        // refused (its slips would be wrong), to be opened again without them.
        let has = account::Entity::find()
            .filter(account::Column::PersonId.eq(new.person_id))
            .one(&tx)
            .await?
            .is_some();
        if has {
            return Err(StoreError::refused(Refusal::PersonHasAccount));
        }
        let row = account::ActiveModel {
            username: Set(new.username.clone()),
            display_name: Set(new.display_name.clone()),
            password_hash: Set(new.password_hash),
            unit_id: Set(new.unit_id),
            person_id: Set(Some(new.person_id)),
            must_change_password: Set(true),
            roles_suspended: Set(false),
            failed_attempts: Set(0),
            locked_until: Set(None),
            active: Set(true),
            password_changed_at: Set(now),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
        insert_grants(&tx, row.id, std::slice::from_ref(&new.grant)).await?;
        audit::append(
            &tx,
            db.key()?,
            actor,
            now,
            AuditEvent::new("account.open", "account", row.id).after(serde_json::json!({
                "username": new.username,
                "display_name": new.display_name,
                "unit_id": new.unit_id,
                "person_id": new.person_id,
                "roles": [&new.grant],
                "must_change_password": true,
            })),
        )
        .await?;
        opened.push(Opened {
            account_id: row.id,
            username: new.username,
            person_id: new.person_id,
        });
    }
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    let batch = account_batch::ActiveModel {
        opened_by: Set(opened_by),
        opened_at: Set(now),
        slips_until: Set(slips_until),
        slips: Set(Some(slips)),
        opened: Set(count(opened.len())),
        skipped: Set(count(skipped)),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("account.open_batch", "account_batch", batch.id).after(serde_json::json!({
            "opened": opened.len(),
            "skipped": skipped,
            "slips_until": slips_until,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(BatchOutcome {
        batch_id: batch.id,
        opened,
    })
}

/// The sealed slips of a batch, for the account that opened it and only until their time;
/// reading them is audited with the format asked for. Another's batch is "not found".
pub async fn slips(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    batch_id: AccountBatchId,
    format: &str,
) -> StoreResult<Vec<u8>> {
    let tx = db.begin_write().await?;
    let batch = account_batch::Entity::find_by_id(batch_id)
        .one(&tx)
        .await?
        .filter(|b| Some(b.opened_by) == actor.account_id)
        .ok_or(StoreError::NotFound)?;
    let sealed = match batch.slips {
        Some(sealed) if batch.slips_until >= now => sealed,
        _ => return Err(StoreError::refused(Refusal::SlipsGone)),
    };
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("account.slips_export", "account_batch", batch_id)
            .after(serde_json::json!({ "format": format, "accounts": batch.opened })),
    )
    .await?;
    tx.commit().await?;
    Ok(sealed)
}

/// Erases a batch's slips before their time (the opener has printed them).
pub async fn discard_slips(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    batch_id: AccountBatchId,
) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    let batch = account_batch::Entity::find_by_id(batch_id)
        .one(&tx)
        .await?
        .filter(|b| Some(b.opened_by) == actor.account_id)
        .ok_or(StoreError::NotFound)?;
    account_batch::ActiveModel {
        id: Set(batch.id),
        slips: Set(None),
        ..Default::default()
    }
    .update(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("account.slips_discarded", "account_batch", batch_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
