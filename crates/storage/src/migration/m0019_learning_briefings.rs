//! Online learning's briefings (issue 16, R-ONL-4): the half-monthly statistics and the monthly
//! briefing of each district or sub-centre and of the whole tree, kept as issued (the figures
//! as a typed document) so that one downloaded later says what it said on the day it was made.

use super::columns::{at, big, date, short, table, text, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("learning_briefing")
                    // half_month or month
                    .col(short("kind"))
                    // `2026-11-1`, `2026-11`
                    .col(short("period"))
                    .col(date("first_day"))
                    .col(date("last_day"))
                    // The unit reported on (its subtree), with its path for the readers' scope.
                    .col(big("unit_id"))
                    .col(text("unit_path"))
                    .col(text("title"))
                    // The figures as issued (JSON of the application's briefing document).
                    .col(text("document"))
                    // `定时生成` or the name of whoever asked for it.
                    .col(text("made_by"))
                    .col(at("made_at"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_learning_briefing",
            "learning_briefing",
            &["kind", "period", "unit_id"],
        )
        .await
    }
}
