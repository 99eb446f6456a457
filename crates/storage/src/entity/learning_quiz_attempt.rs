use ganxun_domain::LessonId;
use ganxun_domain::PersonId;
use ganxun_domain::QuizAttemptId;
use sea_orm::entity::prelude::*;

/// One sitting of a quiz by a learner.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_quiz_attempt")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: QuizAttemptId,
    pub person_id: PersonId,
    pub lesson_id: LessonId,
    pub answers: String,
    pub correct: i32,
    pub total: i32,
    pub passed: bool,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
