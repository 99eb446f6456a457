use ganxun_domain::AccountId;
use ganxun_domain::InstructorId;
use sea_orm::entity::prelude::*;

/// An instructor of the pool (师资库).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "instructor")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: InstructorId,
    pub name: String,
    pub title: String,
    pub affiliation: String,
    pub account_id: Option<AccountId>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
