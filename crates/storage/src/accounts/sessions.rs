//! Sessions live in the database so several servers share them; the cookie carries a random
//! token and the table keeps only its SHA-256.

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::session;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

pub use crate::entity::session::Model as Session;

/// A session that has not been ended (timeouts are judged by the caller, who has the clock).
pub async fn find_open(db: &Db, id: &str) -> StoreResult<Option<Session>> {
    Ok(session::Entity::find_by_id(id.to_owned())
        .filter(session::Column::EndedAt.is_null())
        .one(&db.conn)
        .await?)
}

/// Records activity. Callers throttle this so a busy page does not write on every request.
pub async fn touch(db: &Db, id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    let tx = db.begin().await?;
    session::ActiveModel {
        id: Set(id.to_owned()),
        last_seen_at: Set(now),
        ..Default::default()
    }
    .update(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a session because it timed out (no audit entry: nobody acted).
pub async fn expire(db: &Db, id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    session::Entity::update_many()
        .col_expr(
            session::Column::EndedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(session::Column::Id.eq(id))
        .filter(session::Column::EndedAt.is_null())
        .exec(&db.conn)
        .await?;
    Ok(())
}

/// Logout: ends the session and audits it.
pub async fn end(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: &str,
    account_id: AccountId,
) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    session::Entity::update_many()
        .col_expr(
            session::Column::EndedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(session::Column::Id.eq(id))
        .exec(&tx)
        .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("auth.logout", "account", account_id),
    )
    .await?;
    super::changes::commit(db, tx, account_id, now).await?;
    Ok(())
}

/// Ends every open session of an account (password reset, deactivation, second-factor reset),
/// inside the caller's transaction.
pub(crate) async fn end_all(
    tx: &impl ConnectionTrait,
    account_id: AccountId,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::EndedAt, Expr::value(now))
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::EndedAt.is_null())
        .exec(tx)
        .await?;
    Ok(())
}
