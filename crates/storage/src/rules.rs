//! Rule documents a deployment edits (routing rules, holiday calendar, hour conversion, class
//! settings): every save is a new version; nothing is overwritten (DESIGN "Rules are data").
//! Validation belongs to the domain type of each kind; this layer only keeps the text.

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::rule_document;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

/// One saved version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentVersion {
    /// The stored row's id: ledger entries name the version that produced them by it.
    pub id: ganxun_domain::RuleDocumentId,
    pub kind: String,
    pub version: i32,
    pub body: String,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
}

fn version_of(m: rule_document::Model) -> DocumentVersion {
    DocumentVersion {
        id: m.id,
        kind: m.kind,
        version: m.version,
        body: m.body,
        saved_by: m.saved_by,
        saved_at: m.saved_at,
    }
}

/// The newest version of a kind, if any was saved.
pub async fn latest(db: &Db, kind: &str) -> StoreResult<Option<DocumentVersion>> {
    Ok(rule_document::Entity::find()
        .filter(rule_document::Column::Kind.eq(kind))
        .order_by_desc(rule_document::Column::Version)
        .one(&db.conn)
        .await?
        .map(version_of))
}

/// Every version of a kind, newest first.
pub async fn history(db: &Db, kind: &str) -> StoreResult<Vec<DocumentVersion>> {
    Ok(rule_document::Entity::find()
        .filter(rule_document::Column::Kind.eq(kind))
        .order_by_desc(rule_document::Column::Version)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(version_of)
        .collect())
}

/// Saves a new version (the caller has validated `body`).
pub async fn save(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    kind: &str,
    body: &str,
) -> StoreResult<DocumentVersion> {
    let tx = db.begin_write().await?;
    let previous = rule_document::Entity::find()
        .filter(rule_document::Column::Kind.eq(kind))
        .order_by_desc(rule_document::Column::Version)
        .one(&tx)
        .await?;
    let version = previous.as_ref().map_or(1, |p| p.version + 1);
    let saved = version_of(
        rule_document::ActiveModel {
            kind: Set(kind.to_owned()),
            version: Set(version),
            body: Set(body.to_owned()),
            saved_by: Set(actor.name.clone()),
            saved_at: Set(now),
            ..Default::default()
        }
        .insert(&tx)
        .await?,
    );
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("rules.save", "rule_document", format!("{kind}:{version}"))
            .before(previous.map(|p| p.body))
            .after(body),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}
