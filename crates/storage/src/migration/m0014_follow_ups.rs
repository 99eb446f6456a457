//! Follow-ups (the outbox, issue 15 item 4): work that must happen because a change was made,
//! written in the change's own transaction and done afterwards, with retry.

use super::columns::{at, big, int, opt_big, opt_instant, opt_text, plain, short, table};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("follow_up")
                    // What to do (`class_credits` …) and to what.
                    .col(short("kind"))
                    .col(big("subject_id"))
                    // On whose behalf: the account whose change asked for it.
                    .col(opt_big("actor_id"))
                    .col(short("actor_name"))
                    .col(at("created_at"))
                    .col(int("attempts"))
                    // Due from then on; moved ahead while a server works on it (a lease).
                    .col(at("next_attempt_at"))
                    .col(opt_text("last_error"))
                    .col(opt_instant("done_at"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_follow_up_due",
            "follow_up",
            &["done_at", "next_attempt_at"],
        )
        .await?;
        plain(
            manager,
            "ix_follow_up_subject",
            "follow_up",
            &["kind", "subject_id"],
        )
        .await?;
        Ok(())
    }
}
