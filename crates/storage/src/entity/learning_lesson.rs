use ganxun_domain::CourseId;
use ganxun_domain::LessonId;
use ganxun_domain::MediaId;
use sea_orm::entity::prelude::*;

/// A lesson of a course: one video, or a quiz (`kind`; a quiz has no media, `media_id` 0).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_lesson")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: LessonId,
    pub course_id: CourseId,
    pub position: i32,
    pub title: String,
    pub media_id: MediaId,
    pub duration_ms: i64,
    pub kind: ganxun_domain::learning::LessonKind,
    /// A document lesson's pages (m0021; 0 otherwise).
    pub pages: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
