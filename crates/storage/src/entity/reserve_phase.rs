use ganxun_domain::{PoolId, PoolPhaseId};
use sea_orm::entity::prelude::*;

/// A training phase of a reserve pool, with what it asks for.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reserve_phase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PoolPhaseId,
    pub pool_id: PoolId,
    pub seq: i32,
    pub name: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub required_days: i64,
    pub required_hours: i64,
    pub content: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
