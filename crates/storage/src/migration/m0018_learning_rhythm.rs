//! The rhythm of a playback's heartbeats (issue 16): when the last one arrived and the running
//! count, sum and sum of squares of the gaps between arrivals, so a playback whose heartbeats
//! come like a metronome (a timer in a script, not a page a person is using) can be flagged.

use super::columns::{c, opt_instant};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        let counters = ["gap_count", "gap_sum_ms", "gap_square_sum"];
        manager
            .alter_table(
                Table::alter()
                    .table(c("learning_playback"))
                    .add_column(opt_instant("seen_at"))
                    .to_owned(),
            )
            .await?;
        for name in counters {
            manager
                .alter_table(
                    Table::alter()
                        .table(c("learning_playback"))
                        .add_column(
                            ColumnDef::new(c(name))
                                .big_integer()
                                .not_null()
                                .default(0)
                                .to_owned(),
                        )
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
