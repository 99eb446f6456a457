use ganxun_domain::PublicationId;
use ganxun_domain::UnitId;
use sea_orm::entity::prelude::*;

/// A unit's credits for a year as published (公示).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_publication")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PublicationId,
    pub unit_id: UnitId,
    pub unit_path: String,
    pub year: i32,
    pub title: String,
    pub closes_on: Date,
    pub snapshot: String,
    pub published_by: String,
    pub published_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
