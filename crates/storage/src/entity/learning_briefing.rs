use ganxun_domain::BriefingId;
use ganxun_domain::UnitId;
use sea_orm::entity::prelude::*;

/// A half-monthly statistics or monthly briefing of online learning, kept as issued.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_briefing")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: BriefingId,
    pub kind: String,
    pub period: String,
    pub first_day: Date,
    pub last_day: Date,
    pub unit_id: UnitId,
    pub unit_path: String,
    pub title: String,
    pub document: String,
    pub made_by: String,
    pub made_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
