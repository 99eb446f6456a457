use ganxun_domain::PersonId;
use ganxun_domain::Rank;
use ganxun_domain::UnitId;
use sea_orm::entity::prelude::*;

/// One dated state of a person's post: from `valid_from` until the next record's date.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_post")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: PersonId,
    pub valid_from: Date,
    pub unit_id: UnitId,
    pub position: String,
    pub rank: Rank,
    pub recorded_at: DateTimeUtc,
    pub recorded_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
