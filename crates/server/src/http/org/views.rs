//! What the units API returns, as API types made from the storage rows.

use ganxun_domain::UnitId;
use ganxun_domain::UnitType;
use serde::Serialize;
use utoipa::ToSchema;

/// A unit as the application sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Unit {
    #[schema(value_type = i64)]
    pub id: UnitId,
    pub code: String,
    pub name: String,
    #[schema(value_type = String)]
    pub unit_type: UnitType,
    #[schema(value_type = Option<i64>)]
    pub parent_id: Option<UnitId>,
    pub path: String,
    pub depth: i32,
    pub sort_order: i32,
    pub active: bool,
}

impl From<ganxun_storage::org::Unit> for Unit {
    fn from(r: ganxun_storage::org::Unit) -> Self {
        Self {
            id: r.id,
            code: r.code,
            name: r.name,
            unit_type: r.unit_type,
            parent_id: r.parent_id,
            path: r.path,
            depth: r.depth,
            sort_order: r.sort_order,
            active: r.active,
        }
    }
}
