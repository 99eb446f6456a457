use ganxun_domain::UnitId;
use ganxun_domain::compliance::BoardStatus;
use sea_orm::entity::prelude::*;

/// How many people of a unit stand at a status under a rule (derived from `compliance_status`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "compliance_tally")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: UnitId,
    pub unit_path: String,
    pub kind: String,
    pub rule_id: String,
    pub status: BoardStatus,
    pub people: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
