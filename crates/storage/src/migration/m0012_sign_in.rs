//! Sign-in hardening (issue 14 items 5 and 6): an account's roles can be held after an
//! administrator chose its password, and sign-in attempts are counted per address and per
//! account in the database so that several servers share the counters.

use super::columns::{big, flag, int, short, table, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("account"))
                    .add_column(flag("roles_suspended"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table("sign_in_counter")
                    // `address:<ip>` or `account:<username>`.
                    .col(short("counter_key"))
                    // Unix seconds when the counting window opened.
                    .col(big("window_start"))
                    .col(int("hits"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "ux_sign_in_counter_key",
            "sign_in_counter",
            &["counter_key"],
        )
        .await?;
        Ok(())
    }
}
