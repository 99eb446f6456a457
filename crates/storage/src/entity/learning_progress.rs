use ganxun_domain::LearningProgressId;
use ganxun_domain::LessonId;
use ganxun_domain::PersonId;
use sea_orm::entity::prelude::*;

/// What the server credited one person for one lesson.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_progress")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: LearningProgressId,
    pub person_id: PersonId,
    pub lesson_id: LessonId,
    pub watched: String,
    pub earned_ms: i64,
    pub resume_ms: i64,
    pub hours: i32,
    pub completed_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    /// A document's milliseconds on screen per page, and the page to resume at (m0021).
    pub page_views: String,
    pub resume_page: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
