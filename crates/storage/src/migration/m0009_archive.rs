//! The training archive (培训档案, R-ARC-1, GB/T 38860): one row per person holding the archive
//! number (档案编号) and when the archive was opened (建档时间), made the first time anyone
//! reads or exports it, so the number stays the same when the person moves to another unit.

use super::columns::{at, big, short, table, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("training_archive")
                    .col(big("person_id"))
                    // "DA-<unit code>-<year opened>-<person id, 6 digits>", fixed once made.
                    .col(short("number"))
                    .col(at("created_at"))
                    .col(short("created_by"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_training_archive_person",
            "training_archive",
            &["person_id"],
        )
        .await?;
        unique(
            manager,
            "uq_training_archive_number",
            "training_archive",
            &["number"],
        )
        .await?;
        Ok(())
    }
}
