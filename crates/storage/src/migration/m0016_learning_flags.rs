//! Online-learning flags (issue 16): what looked like a script rather than a person, with the
//! evidence, kept for review — never acted on by itself.

use super::columns::{at, big, opt_big, opt_instant, opt_text, plain, short, table, text};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("learning_flag")
                    .col(big("person_id"))
                    .col(opt_big("playback_id"))
                    // superhuman_answer, shared_address, many_refused
                    .col(short("kind"))
                    // What was seen, in words, with the figures.
                    .col(text("detail"))
                    .col(at("at"))
                    .col(opt_text("reviewed_by"))
                    .col(opt_instant("reviewed_at"))
                    .col(opt_text("review_note"))
                    .to_owned(),
            )
            .await?;
        plain(manager, "ix_learning_flag_at", "learning_flag", &["at"]).await?;
        plain(
            manager,
            "ix_learning_flag_person",
            "learning_flag",
            &["person_id", "kind"],
        )
        .await?;
        plain(
            manager,
            "ix_learning_playback_ip",
            "learning_playback",
            &["ip", "started_at"],
        )
        .await?;
        Ok(())
    }
}
