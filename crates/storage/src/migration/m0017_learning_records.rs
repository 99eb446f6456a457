//! Online learning's records (issue 16): which courses are required of whom in a year (必修;
//! every other course is optional, 拓展), and the learners' notes and reflections on lessons
//! with the comments of those who read them (有记录、有笔记、有心得, R-ONL-5).

use super::columns::{
    at, big, int, opt_big, opt_instant, opt_text, plain, short, table, text, unique,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("learning_requirement")
                    .col(big("course_id"))
                    .col(int("year"))
                    // everyone, category, unit, class, person
                    .col(short("audience"))
                    // The unit, class or person the audience names.
                    .col(opt_big("audience_id"))
                    // The person category the audience names.
                    .col(opt_text("audience_code"))
                    // One text naming the audience, so the same assignment cannot be made twice
                    // (NULLs would not collide in a unique index).
                    .col(short("audience_key"))
                    .col(text("created_by"))
                    .col(at("created_at"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "ux_learning_requirement",
            "learning_requirement",
            &["course_id", "year", "audience_key"],
        )
        .await?;
        plain(
            manager,
            "ix_learning_requirement_year",
            "learning_requirement",
            &["year", "course_id"],
        )
        .await?;
        manager
            .create_table(
                table("learning_note")
                    .col(big("person_id"))
                    .col(big("lesson_id"))
                    // note (笔记) or reflection (心得)
                    .col(short("kind"))
                    .col(text("body"))
                    // Where in the lesson a note was taken.
                    .col(opt_big("position_ms"))
                    .col(at("created_at"))
                    .col(at("updated_at"))
                    .col(opt_text("comment"))
                    .col(opt_text("commented_by"))
                    .col(opt_instant("commented_at"))
                    .col(int("version"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_learning_note_person",
            "learning_note",
            &["person_id", "lesson_id"],
        )
        .await?;
        Ok(())
    }
}
