use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use sea_orm::entity::prelude::*;

/// A grade component's score entered by hand for one trainee.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_grade_score")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub class_id: ClassId,
    pub person_id: PersonId,
    pub component: String,
    pub score: i32,
    pub entered_by: String,
    pub entered_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
