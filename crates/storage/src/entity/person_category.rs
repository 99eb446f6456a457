use ganxun_domain::Category;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use sea_orm::entity::prelude::*;

/// A category held from `valid_from` up to the day before `valid_to` (open when `None`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_category")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: PersonId,
    pub category: Category,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
    /// The person's current unit, path and status, copied for index-only counts.
    pub unit_id: UnitId,
    pub unit_path: String,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
