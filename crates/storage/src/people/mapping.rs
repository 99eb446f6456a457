//! The column mapping a unit last chose for an import (issue 17 item 10), remembered so that the
//! next upload from the unit starts with it. Written inside the import's own transaction and
//! audited with it: a mapping is kept only when the import it served was.

use crate::audit::{self, Actor, AuditEvent};
use crate::crypto::DataKey;
use crate::db::Db;
use crate::entity::import_mapping;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use ganxun_domain::UnitId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use std::collections::BTreeMap;

/// The kind of import a mapping is for.
pub const PEOPLE: &str = "people";

/// A mapping: each header (in its normal form) and the field it is read as, `None` for a
/// column left out.
pub type Mapping = BTreeMap<String, Option<String>>;

/// What a unit's officers chose the last time, if anything.
pub async fn remembered(db: &Db, unit_id: UnitId, kind: &str) -> StoreResult<Option<Mapping>> {
    let row = import_mapping::Entity::find()
        .filter(import_mapping::Column::UnitId.eq(unit_id))
        .filter(import_mapping::Column::Kind.eq(kind))
        .one(&db.conn)
        .await?;
    // A stored text that no longer reads (never written so) counts as nothing remembered.
    Ok(row.and_then(|r| serde_json::from_str(&r.mapping).ok()))
}

/// Lays `mapping` over what the unit remembered (headers of other files are kept) and audits
/// the change, inside the caller's write transaction. Nothing is written when nothing changes.
pub(crate) async fn remember(
    tx: &impl ConnectionTrait,
    key: &DataKey,
    actor: &Actor,
    now: DateTime<Utc>,
    unit_id: UnitId,
    kind: &str,
    mapping: &Mapping,
) -> StoreResult<()> {
    let current = import_mapping::Entity::find()
        .filter(import_mapping::Column::UnitId.eq(unit_id))
        .filter(import_mapping::Column::Kind.eq(kind))
        .one(tx)
        .await?;
    let before: Mapping = current
        .as_ref()
        .and_then(|r| serde_json::from_str(&r.mapping).ok())
        .unwrap_or_default();
    let mut after = before.clone();
    after.extend(mapping.iter().map(|(h, f)| (h.clone(), f.clone())));
    if current.is_some() && after == before {
        return Ok(());
    }
    let text = serde_json::to_string(&after).map_err(anyhow::Error::from)?;
    let id = match current {
        Some(row) => {
            let id = row.id;
            let mut model: import_mapping::ActiveModel = row.into();
            model.mapping = Set(text);
            model.updated_at = Set(now);
            model.updated_by = Set(actor.name.clone());
            model.update(tx).await?;
            id
        }
        None => {
            import_mapping::ActiveModel {
                unit_id: Set(unit_id),
                kind: Set(kind.to_owned()),
                mapping: Set(text),
                updated_at: Set(now),
                updated_by: Set(actor.name.clone()),
                ..Default::default()
            }
            .insert(tx)
            .await?
            .id
        }
    };
    audit::append(
        tx,
        key,
        actor,
        now,
        AuditEvent::new("import.mapping.remember", "import_mapping", id)
            .before(serde_json::json!({ "unit_id": unit_id, "kind": kind, "mapping": before }))
            .after(serde_json::json!({ "unit_id": unit_id, "kind": kind, "mapping": after })),
    )
    .await?;
    Ok(())
}
