//! Changes to what a signed-in caller is (issue 16, the heartbeat path): servers keep each
//! session's account in memory and forget an account when a row here names it — one server's
//! logout, role change or deactivation reaches the others within about a second. Rows older
//! than a day are pruned by the servers reading them.

use super::columns::{at, big, plain, table};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("account_change")
                    .col(big("account_id"))
                    .col(at("changed_at"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_account_change_at",
            "account_change",
            &["changed_at"],
        )
        .await
    }
}
