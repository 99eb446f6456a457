use ganxun_domain::{UnitId, UnitType};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_unit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: UnitId,
    pub code: String,
    pub name: String,
    pub unit_type: UnitType,
    pub parent_id: Option<UnitId>,
    /// Materialised path of ids, `/1/5/23/`: a subtree is a byte range of paths.
    pub path: String,
    pub depth: i32,
    pub sort_order: i32,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
