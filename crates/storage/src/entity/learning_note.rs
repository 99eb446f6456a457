use ganxun_domain::LessonId;
use ganxun_domain::NoteId;
use ganxun_domain::PersonId;
use sea_orm::entity::prelude::*;

/// A learner's note or reflection on a lesson, with the reader's comment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_note")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: NoteId,
    pub person_id: PersonId,
    pub lesson_id: LessonId,
    pub kind: String,
    pub body: String,
    pub position_ms: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub comment: Option<String>,
    pub commented_by: Option<String>,
    pub commented_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
