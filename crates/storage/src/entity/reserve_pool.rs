use ganxun_domain::PoolId;
use ganxun_domain::UnitId;
use sea_orm::entity::prelude::*;

/// A reserve-cadre pool kept by a unit (后备干部资源库).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reserve_pool")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PoolId,
    pub name: String,
    pub unit_id: UnitId,
    pub description: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
