//! Who may host a class (承办机构, issue 17 item 8): the party schools and training institutions
//! a class's author reaches — those in their own scope, and those standing directly under a
//! unit above them (the county party school for a township's administrator), outside the scope
//! the author otherwise has.

use crate::db::Db;
use crate::entity::org_unit;
use crate::error::StoreResult;
use crate::org::scope::AccessScope;
use ganxun_domain::{UnitId, UnitType};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};

/// The kinds of unit that host classes.
pub const HOST_TYPES: [UnitType; 2] = [UnitType::PartySchool, UnitType::Institution];

/// A unit that may host a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostUnit {
    pub id: UnitId,
    pub name: String,
    pub unit_type: UnitType,
    pub path: String,
    pub depth: i32,
    /// Inside the caller's own scope (else under a unit above them).
    pub in_scope: bool,
}

/// Active party schools and institutions in `scope` or directly under one of `above`, the
/// highest first.
pub async fn host_units(
    db: &Db,
    scope: &AccessScope,
    above: &[UnitId],
) -> StoreResult<Vec<HostUnit>> {
    use org_unit::Column as U;
    let reach = Condition::any()
        .add(scope.condition(U::Path, U::Id, None::<U>))
        .add(U::ParentId.is_in(above.iter().copied()));
    Ok(org_unit::Entity::find()
        .filter(U::Active.eq(true))
        .filter(U::UnitType.is_in(HOST_TYPES))
        .filter(reach)
        .order_by_asc(U::Depth)
        .order_by_asc(U::SortOrder)
        .order_by_asc(U::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|u| HostUnit {
            in_scope: scope.reaches(&u.path, u.id, ganxun_domain::PersonId(0)),
            id: u.id,
            name: u.name,
            unit_type: u.unit_type,
            path: u.path,
            depth: u.depth,
        })
        .collect())
}
