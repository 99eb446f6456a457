//! The second factor at sign-in (issue 14 item 8): one authenticator secret per account,
//! sealed with the data key, with the last time step accepted (so no code works twice), and
//! the account's one-use recovery codes as keyed hashes.

use super::columns::{at, big, c, opt_big, opt_instant, references, short, table, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("second_factor")
                    .col(big("account_id"))
                    .col(ColumnDef::new(c("secret_cipher")).blob().not_null())
                    // Null while the holder has not yet typed a first code from the app.
                    .col(opt_instant("confirmed_at"))
                    .col(opt_big("last_step"))
                    .col(at("created_at"))
                    .foreign_key(&mut references(
                        "fk_second_factor_account",
                        ("second_factor", "account_id"),
                        "account",
                    ))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "ux_second_factor_account",
            "second_factor",
            &["account_id"],
        )
        .await?;
        manager
            .create_table(
                table("recovery_code")
                    .col(big("account_id"))
                    .col(short("code_digest"))
                    .col(opt_instant("used_at"))
                    .foreign_key(&mut references(
                        "fk_recovery_code_account",
                        ("recovery_code", "account_id"),
                        "account",
                    ))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "ux_recovery_code_account_digest",
            "recovery_code",
            &["account_id", "code_digest"],
        )
        .await?;
        Ok(())
    }
}
