//! The organisation tree (R-ORG-1): any depth, materialised paths, moves that carry a subtree's
//! people along, deactivation that refuses to orphan anyone.

pub mod import;
pub mod refusal;
pub mod scope;

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{org_unit, person, person_category};
use crate::error::{StoreError, StoreResult};
use crate::org::scope::{AccessScope, subtree_condition};
use chrono::{DateTime, Utc};
use ganxun_domain::UnitId;
use ganxun_domain::{UnitCode, UnitType};
use refusal::Refusal;
use sea_orm::sea_query::{BinOper, Expr, ExprTrait, Func, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

/// A unit as the application sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: UnitId,
    pub code: String,
    pub name: String,
    pub unit_type: UnitType,
    pub parent_id: Option<UnitId>,
    pub path: String,
    pub depth: i32,
    pub sort_order: i32,
    pub active: bool,
}

impl Unit {
    fn from_model(m: org_unit::Model) -> Self {
        Unit {
            id: m.id,
            code: m.code,
            name: m.name,
            unit_type: m.unit_type,
            parent_id: m.parent_id,
            path: m.path,
            depth: m.depth,
            sort_order: m.sort_order,
            active: m.active,
        }
    }
}

/// A new unit. `parent_id: None` makes a root (only the command line and the demo do that).
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: UnitCode,
    pub name: String,
    pub unit_type: UnitType,
    pub parent_id: Option<UnitId>,
    pub sort_order: i32,
}

/// Changes to a unit's own fields; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UnitChanges {
    pub code: Option<UnitCode>,
    pub name: Option<String>,
    pub unit_type: Option<UnitType>,
    pub sort_order: Option<i32>,
}

fn scoped(scope: &AccessScope) -> sea_orm::Select<org_unit::Entity> {
    org_unit::Entity::find().filter(scope.condition(
        org_unit::Column::Path,
        org_unit::Column::Id,
        None::<org_unit::Column>,
    ))
}

/// Every unit inside the scope, in tree order (by path, then sort order).
pub async fn list_units(
    db: &Db,
    scope: &AccessScope,
    include_inactive: bool,
) -> StoreResult<Vec<Unit>> {
    let mut query = scoped(scope);
    if !include_inactive {
        query = query.filter(org_unit::Column::Active.eq(true));
    }
    let rows = query
        .order_by_asc(org_unit::Column::Depth)
        .order_by_asc(org_unit::Column::SortOrder)
        .order_by_asc(org_unit::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(Unit::from_model).collect())
}

/// One unit, if it is inside the scope.
pub async fn get_unit(db: &Db, scope: &AccessScope, id: UnitId) -> StoreResult<Unit> {
    scoped(scope)
        .filter(org_unit::Column::Id.eq(id))
        .one(&db.conn)
        .await?
        .map(Unit::from_model)
        .ok_or(StoreError::NotFound)
}

/// Looks a unit up by code, inside the scope (imports name units by code).
pub async fn find_by_code(db: &Db, scope: &AccessScope, code: &str) -> StoreResult<Option<Unit>> {
    Ok(scoped(scope)
        .filter(org_unit::Column::Code.eq(code))
        .one(&db.conn)
        .await?
        .map(Unit::from_model))
}

/// Any unit by id, ignoring scope: for resolving an account's own unit.
pub async fn get_unit_unscoped(db: &Db, id: UnitId) -> StoreResult<Unit> {
    org_unit::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(Unit::from_model)
        .ok_or(StoreError::NotFound)
}

pub(crate) async fn load(tx: &impl ConnectionTrait, id: UnitId) -> StoreResult<org_unit::Model> {
    org_unit::Entity::find_by_id(id)
        .one(tx)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Creates a unit under `parent_id` (which must lie in `scope`) and audits it.
pub async fn create_unit(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    new: NewUnit,
) -> StoreResult<Unit> {
    if let Some(parent_id) = new.parent_id {
        get_unit(db, scope, parent_id).await?;
    } else if !scope.all {
        return Err(StoreError::NotFound);
    }
    let tx = db.begin_write().await?;
    let (parent_path, depth) = match new.parent_id {
        Some(parent_id) => {
            let parent = load(&tx, parent_id).await?;
            if !parent.active {
                return Err(StoreError::refused(Refusal::UnitInactive));
            }
            (parent.path, parent.depth + 1)
        }
        None => ("/".to_owned(), 0),
    };
    let inserted = org_unit::ActiveModel {
        code: Set(new.code.as_str().to_owned()),
        name: Set(new.name),
        unit_type: Set(new.unit_type),
        parent_id: Set(new.parent_id),
        // The id is known only after the insert; the path is completed right after.
        path: Set(format!("{parent_path}?")),
        depth: Set(depth),
        sort_order: Set(new.sort_order),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let mut model: org_unit::ActiveModel = inserted.clone().into();
    model.path = Set(format!("{parent_path}{}/", inserted.id));
    let unit = Unit::from_model(model.update(&tx).await?);
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("org.unit.create", "org_unit", unit.id).after(&unit),
    )
    .await?;
    tx.commit().await?;
    Ok(unit)
}

/// Renames or recodes a unit.
pub async fn update_unit(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    id: UnitId,
    changes: UnitChanges,
) -> StoreResult<Unit> {
    get_unit(db, scope, id).await?;
    let tx = db.begin_write().await?;
    let before = load(&tx, id).await?;
    let mut model: org_unit::ActiveModel = before.clone().into();
    if let Some(code) = changes.code {
        model.code = Set(code.as_str().to_owned());
    }
    if let Some(name) = changes.name {
        model.name = Set(name);
    }
    if let Some(unit_type) = changes.unit_type {
        model.unit_type = Set(unit_type);
    }
    if let Some(sort_order) = changes.sort_order {
        model.sort_order = Set(sort_order);
    }
    model.updated_at = Set(now);
    let after = Unit::from_model(model.update(&tx).await?);
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("org.unit.update", "org_unit", id)
            .before(Unit::from_model(before))
            .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Moves a unit and its whole subtree under `new_parent_id`. People keep their unit; their
/// copied paths follow. Both ends must lie in the scope.
pub async fn move_unit(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    id: UnitId,
    new_parent_id: UnitId,
) -> StoreResult<Unit> {
    get_unit(db, scope, id).await?;
    get_unit(db, scope, new_parent_id).await?;
    let tx = db.begin_write().await?;
    let unit = load(&tx, id).await?;
    let new_parent = load(&tx, new_parent_id).await?;
    if unit.parent_id.is_none() {
        return Err(StoreError::refused(Refusal::RootUnit));
    }
    if new_parent.path.starts_with(&unit.path) {
        return Err(StoreError::refused(Refusal::MoveIntoOwnSubtree));
    }
    if !new_parent.active {
        return Err(StoreError::refused(Refusal::UnitInactive));
    }
    let old_prefix = unit.path.clone();
    let new_prefix = format!("{}{}/", new_parent.path, unit.id);
    let depth_change = new_parent.depth + 1 - unit.depth;
    // Rewrite the prefix of every path in the subtree: new prefix || rest after the old one.
    // i32: PostgreSQL has substr(text, integer), not substr(text, bigint).
    let keep_from = i32::try_from(old_prefix.len()).unwrap_or(i32::MAX) + 1;
    tx.execute(
        &Query::update()
            .table(org_unit::Entity)
            .value(
                org_unit::Column::Path,
                reprefix(org_unit::Column::Path, &new_prefix, keep_from),
            )
            .value(
                org_unit::Column::Depth,
                Expr::col(org_unit::Column::Depth).add(depth_change),
            )
            .value(org_unit::Column::UpdatedAt, now)
            .cond_where(subtree_condition(org_unit::Column::Path, &old_prefix))
            .to_owned(),
    )
    .await?;
    tx.execute(
        &Query::update()
            .table(person::Entity)
            .value(
                person::Column::UnitPath,
                reprefix(person::Column::UnitPath, &new_prefix, keep_from),
            )
            .cond_where(subtree_condition(person::Column::UnitPath, &old_prefix))
            .to_owned(),
    )
    .await?;
    tx.execute(
        &Query::update()
            .table(person_category::Entity)
            .value(
                person_category::Column::UnitPath,
                reprefix(person_category::Column::UnitPath, &new_prefix, keep_from),
            )
            .cond_where(subtree_condition(
                person_category::Column::UnitPath,
                &old_prefix,
            ))
            .to_owned(),
    )
    .await?;
    org_unit::ActiveModel {
        id: Set(id),
        parent_id: Set(Some(new_parent_id)),
        ..Default::default()
    }
    .update(&tx)
    .await?;
    let after = Unit::from_model(load(&tx, id).await?);
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("org.unit.move", "org_unit", id)
            .before(serde_json::json!({ "parent_id": unit.parent_id, "path": old_prefix }))
            .after(serde_json::json!({ "parent_id": new_parent_id, "path": after.path })),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// `new_prefix || substr(column, keep_from)`, built from portable parts for both backends.
fn reprefix(
    column: impl sea_orm::sea_query::IntoColumnRef,
    new_prefix: &str,
    keep_from: i32,
) -> Expr {
    let rest = Func::cust("substr").arg(Expr::col(column)).arg(keep_from);
    Expr::val(new_prefix)
        .cast_as("text")
        .binary(BinOper::Custom("||"), rest)
}

/// Deactivates a unit, refusing while it still has active child units or active people.
pub async fn set_unit_active(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    id: UnitId,
    active: bool,
) -> StoreResult<Unit> {
    get_unit(db, scope, id).await?;
    let tx = db.begin_write().await?;
    let unit = load(&tx, id).await?;
    if !active {
        let child_units = org_unit::Entity::find()
            .filter(org_unit::Column::ParentId.eq(id))
            .filter(org_unit::Column::Active.eq(true))
            .count(&tx)
            .await?;
        let people = person::Entity::find()
            .filter(person::Column::UnitId.eq(id))
            .filter(person::Column::Active.eq(true))
            .count(&tx)
            .await?;
        if child_units > 0 || people > 0 {
            return Err(StoreError::refused(Refusal::UnitNotEmpty {
                child_units,
                people,
            }));
        }
    } else if let Some(parent_id) = unit.parent_id
        && !load(&tx, parent_id).await?.active
    {
        return Err(StoreError::refused(Refusal::UnitInactive));
    }
    let updated = org_unit::ActiveModel {
        id: Set(id),
        active: Set(active),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&tx)
    .await?;
    let action = if active {
        "org.unit.activate"
    } else {
        "org.unit.deactivate"
    };
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new(action, "org_unit", id)
            .before(serde_json::json!({ "active": unit.active }))
            .after(serde_json::json!({ "active": active })),
    )
    .await?;
    tx.commit().await?;
    Ok(Unit::from_model(updated))
}

/// Counts of units, for start-up messages and the demo.
pub async fn count_units(db: &Db) -> StoreResult<u64> {
    Ok(org_unit::Entity::find().count(&db.conn).await?)
}

/// The names of the given units, by id (what lists show beside a unit id). Columns only, one
/// query; an empty list asks nothing.
pub(crate) async fn unit_names(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = UnitId>,
) -> StoreResult<std::collections::HashMap<UnitId, String>> {
    let ids: Vec<UnitId> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(org_unit::Entity::find()
        .select_only()
        .columns([org_unit::Column::Id, org_unit::Column::Name])
        .filter(org_unit::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}
