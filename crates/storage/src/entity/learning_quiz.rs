use ganxun_domain::LessonId;
use ganxun_domain::QuizId;
use sea_orm::entity::prelude::*;

/// A quiz lesson's questions and rules.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_quiz")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: QuizId,
    pub lesson_id: LessonId,
    pub body: String,
    pub pass_percent: i32,
    pub max_attempts: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
