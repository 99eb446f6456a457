//! Sign-in attempts counted per address and per account in fixed windows (issue 14 item 6).
//! The counters live in the database so that several servers behind one address share them;
//! each attempt is one upsert that increments in SQL, so concurrent attempts all count.

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::sign_in_counter;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// One counter an attempt is charged to, and how many attempts its window allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    /// `address:<ip>` or `account:<digest of the name>`.
    pub key: String,
    pub limit: i32,
}

/// Charges one attempt to every counter. Returns the seconds to wait when any counter is past
/// its limit. Crossing a limit is audited once per window, not on every refused attempt, so a
/// flood cannot flood the log too.
pub async fn charge(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    window_seconds: i64,
    counters: &[Counter],
) -> StoreResult<Option<i64>> {
    let now_s = now.timestamp();
    let tx = db.begin_write().await?;
    // Closed windows start afresh; deleting them here also keeps the table small.
    sign_in_counter::Entity::delete_many()
        .filter(sign_in_counter::Column::WindowStart.lte(now_s - window_seconds))
        .exec(&tx)
        .await?;
    let mut wait: Option<i64> = None;
    for counter in counters {
        let on_conflict = OnConflict::column(sign_in_counter::Column::CounterKey)
            .value(
                sign_in_counter::Column::Hits,
                Expr::cust(r#""sign_in_counter"."hits" + 1"#),
            )
            .to_owned();
        sign_in_counter::Entity::insert(sign_in_counter::ActiveModel {
            counter_key: Set(counter.key.clone()),
            window_start: Set(now_s),
            hits: Set(1),
            ..Default::default()
        })
        .on_conflict(on_conflict)
        .exec_without_returning(&tx)
        .await?;
        let Some(row) = sign_in_counter::Entity::find()
            .filter(sign_in_counter::Column::CounterKey.eq(counter.key.as_str()))
            .one(&tx)
            .await?
        else {
            continue;
        };
        if row.hits <= counter.limit {
            continue;
        }
        let left = (row.window_start + window_seconds - now_s).max(1);
        wait = Some(wait.map_or(left, |w| w.max(left)));
        if row.hits == counter.limit + 1 {
            let kind = counter.key.split(':').next().unwrap_or_default();
            audit::append(
                &tx,
                db.key()?,
                actor,
                now,
                AuditEvent::new("auth.throttled", "sign_in", kind).after(serde_json::json!({
                    "counter": kind,
                    "limit": counter.limit,
                    "window_seconds": window_seconds,
                })),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(wait)
}
