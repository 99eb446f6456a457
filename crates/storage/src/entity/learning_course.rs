use ganxun_domain::CourseId;
use sea_orm::entity::prelude::*;

/// A course of the online library.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_course")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: CourseId,
    pub title: String,
    pub category: String,
    pub summary: String,
    pub state: ganxun_domain::learning::CourseState,
    pub version: i32,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
