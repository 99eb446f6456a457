//! Quizzes in the course library (issue 16, R-REG-8: 学习测试通过得 0.5 学时): a lesson is a
//! video or a quiz; a quiz's questions (with their answers, never sent to a page) and each
//! learner's sittings with what they answered and how it was graded.

use super::columns::{at, big, c, flag, int, plain, table, text, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // video or quiz; every lesson made before was a video. (A quiz has no media: id 0.)
        manager
            .alter_table(
                Table::alter()
                    .table(c("learning_lesson"))
                    .add_column(
                        ColumnDef::new(c("kind"))
                            .string()
                            .not_null()
                            .default("video"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table("learning_quiz")
                    .col(big("lesson_id"))
                    // The questions with their right options (JSON of the domain's `Quiz`).
                    .col(text("body"))
                    .col(int("pass_percent"))
                    .col(int("max_attempts"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_learning_quiz_lesson",
            "learning_quiz",
            &["lesson_id"],
        )
        .await?;
        manager
            .create_table(
                table("learning_quiz_attempt")
                    .col(big("person_id"))
                    .col(big("lesson_id"))
                    // The options chosen for each question, as given.
                    .col(text("answers"))
                    .col(int("correct"))
                    .col(int("total"))
                    .col(flag("passed"))
                    .col(at("at"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_learning_quiz_attempt_person",
            "learning_quiz_attempt",
            &["person_id", "lesson_id"],
        )
        .await
    }
}
