//! Importing units in bulk (issue 17 item 10): the units a roster names that the tree does not
//! have yet, each under a parent inside the importer's scope, all in one transaction with an
//! audit entry per unit. A dry run does the same and rolls back, so its report is exact.

use super::Unit;
use super::scope::AccessScope;
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::org_unit;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use ganxun_domain::org::names::normal;
use ganxun_domain::{UnitCode, UnitId, UnitType};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Where a new unit goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parent {
    /// A unit already in the tree.
    Unit(UnitId),
    /// The unit an earlier row of the same file creates (by its row number).
    Row(usize),
}

/// One checked row: the parent resolved, the rows ordered so that a parent comes first.
#[derive(Debug, Clone)]
pub struct UnitImportRow {
    pub row_number: usize,
    pub name: String,
    pub unit_type: UnitType,
    /// `None`: one is made from the parent's code.
    pub code: Option<UnitCode>,
    pub parent: Parent,
}

/// What happened to one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum UnitRowOutcome {
    Created {
        unit_id: UnitId,
        code: String,
    },
    /// The parent already has a unit of this name: nothing is made twice.
    Exists {
        unit_id: UnitId,
        code: String,
    },
    /// Another unit has the code.
    CodeTaken,
    /// The parent is outside the importer's scope (or gone).
    ParentOutOfScope,
    ParentInactive,
    /// The row's parent was a row that was not created.
    ParentNotCreated,
}

/// Creates the rows' units in one transaction (or, for a dry run, reports what would happen
/// and writes nothing).
pub async fn import_units(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    rows: &[UnitImportRow],
    dry_run: bool,
) -> StoreResult<Vec<(usize, UnitRowOutcome)>> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let mut created: HashMap<usize, org_unit::Model> = HashMap::new();
    let mut codes_taken: HashSet<String> = HashSet::new();
    let mut outcomes = Vec::with_capacity(rows.len());
    for row in rows {
        let parent = match row.parent {
            Parent::Row(number) => match created.get(&number) {
                Some(parent) => parent.clone(),
                None => {
                    outcomes.push((row.row_number, UnitRowOutcome::ParentNotCreated));
                    continue;
                }
            },
            Parent::Unit(id) => match in_scope(&tx, scope, id).await? {
                Some(parent) => parent,
                None => {
                    outcomes.push((row.row_number, UnitRowOutcome::ParentOutOfScope));
                    continue;
                }
            },
        };
        if !parent.active {
            outcomes.push((row.row_number, UnitRowOutcome::ParentInactive));
            continue;
        }
        if let Some(sibling) = sibling_named(&tx, parent.id, &row.name).await? {
            // A row of an earlier run of the same file, or a unit made by hand since.
            // Later rows may still hang under it.
            outcomes.push((
                row.row_number,
                UnitRowOutcome::Exists {
                    unit_id: sibling.id,
                    code: sibling.code.clone(),
                },
            ));
            created.insert(row.row_number, sibling);
            continue;
        }
        let code = match &row.code {
            Some(code) => {
                let code = code.as_str().to_owned();
                if codes_taken.contains(&code) || code_exists(&tx, &code).await? {
                    outcomes.push((row.row_number, UnitRowOutcome::CodeTaken));
                    continue;
                }
                code
            }
            None => free_code(&tx, &parent, &codes_taken).await?,
        };
        codes_taken.insert(code.clone());
        let unit = insert(&tx, now, &parent, &row.name, row.unit_type, &code).await?;
        audit::append(
            &tx,
            key,
            actor,
            now,
            AuditEvent::new("org.unit.create", "org_unit", unit.id)
                .after(Unit::from_model(unit.clone())),
        )
        .await?;
        outcomes.push((
            row.row_number,
            UnitRowOutcome::Created {
                unit_id: unit.id,
                code,
            },
        ));
        created.insert(row.row_number, unit);
    }
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(outcomes)
}

/// The unit, if it lies in the scope.
async fn in_scope(
    tx: &impl ConnectionTrait,
    scope: &AccessScope,
    id: UnitId,
) -> StoreResult<Option<org_unit::Model>> {
    Ok(org_unit::Entity::find()
        .filter(org_unit::Column::Id.eq(id))
        .filter(scope.condition(
            org_unit::Column::Path,
            org_unit::Column::Id,
            None::<org_unit::Column>,
        ))
        .one(tx)
        .await?)
}

/// A child of `parent` whose name is `name` once spaces and full-width forms are set aside.
async fn sibling_named(
    tx: &impl ConnectionTrait,
    parent: UnitId,
    name: &str,
) -> StoreResult<Option<org_unit::Model>> {
    let wanted = normal(name);
    Ok(org_unit::Entity::find()
        .filter(org_unit::Column::ParentId.eq(parent))
        .all(tx)
        .await?
        .into_iter()
        .find(|u| normal(&u.name) == wanted))
}

async fn code_exists(tx: &impl ConnectionTrait, code: &str) -> StoreResult<bool> {
    Ok(org_unit::Entity::find()
        .filter(org_unit::Column::Code.eq(code))
        .one(tx)
        .await?
        .is_some())
}

/// The first free code of the form `PARENT-01`, `PARENT-02` …; a parent code too long for the
/// suffix gives `U<parent id>-01` instead.
async fn free_code(
    tx: &impl ConnectionTrait,
    parent: &org_unit::Model,
    taken_here: &HashSet<String>,
) -> StoreResult<String> {
    let base = if parent.code.len() <= 28 {
        parent.code.clone()
    } else {
        format!("U{}", parent.id)
    };
    let prefix = format!("{base}-");
    let existing: HashSet<String> = org_unit::Entity::find()
        .select_only()
        .column(org_unit::Column::Code)
        .filter(org_unit::Column::Code.starts_with(&prefix))
        .into_tuple()
        .all(tx)
        .await?
        .into_iter()
        .collect();
    let code = (1..)
        .map(|n| format!("{prefix}{n:02}"))
        .find(|c| !existing.contains(c) && !taken_here.contains(c))
        .unwrap_or_default();
    Ok(code)
}

async fn insert(
    tx: &impl ConnectionTrait,
    now: DateTime<Utc>,
    parent: &org_unit::Model,
    name: &str,
    unit_type: UnitType,
    code: &str,
) -> StoreResult<org_unit::Model> {
    let inserted = org_unit::ActiveModel {
        code: Set(code.to_owned()),
        name: Set(name.to_owned()),
        unit_type: Set(unit_type),
        parent_id: Set(Some(parent.id)),
        // The id is known only after the insert; the path is completed right after.
        path: Set(format!("{}?", parent.path)),
        depth: Set(parent.depth + 1),
        sort_order: Set(0),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    let mut model: org_unit::ActiveModel = inserted.clone().into();
    model.path = Set(format!("{}{}/", parent.path, inserted.id));
    Ok(model.update(tx).await?)
}
