use ganxun_domain::CourseId;
use ganxun_domain::RequirementId;
use sea_orm::entity::prelude::*;

/// A course required in a year of whom the audience reaches (必修).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_requirement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: RequirementId,
    pub course_id: CourseId,
    pub year: i32,
    pub audience: String,
    /// A unit's, class's or person's id, as `audience` says: one column for several kinds.
    pub audience_id: Option<i64>,
    pub audience_code: Option<String>,
    pub audience_key: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
