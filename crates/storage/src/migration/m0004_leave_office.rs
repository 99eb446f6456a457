//! A class may name the office that decides its trainees' leave (issue 5, e.g. 人事科).
//!
//! Added without a foreign key: SQLite cannot add one to an existing table, so the application
//! checks the unit exists when the dossier is saved (units are never deleted, only deactivated).
//! The approvers' inbox reads pending requests across classes, hence the index on the state.

use super::columns::{c, opt_big, plain};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(c("training_class"))
                    .add_column(opt_big("leave_office_unit_id"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_leave_request_state",
            "leave_request",
            &["state", "id"],
        )
        .await
    }
}
