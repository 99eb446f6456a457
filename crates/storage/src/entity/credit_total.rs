use ganxun_domain::PersonId;
use ganxun_domain::credits::CreditCategory;
use sea_orm::entity::prelude::*;

/// The sum of a person's entries in a year and category, kept with every posting.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_total")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: PersonId,
    pub year: i32,
    pub category: CreditCategory,
    pub amount: i64,
    pub entries: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
