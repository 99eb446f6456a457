//! Trainee accounts opened in bulk and sign-ins carried through the first sign-in (issue 17
//! item 6, ADR 0022).
//!
//! - `account_batch`: one opening of trainee accounts — who opened it, when, how many — and the
//!   slips with the first passwords, sealed with the data key, kept for the opener to print for
//!   an hour and erased after (`slips` becomes null).
//! - `sign_in_hold`: a sign-in code checked when the phone scanned it, held for a few minutes
//!   while the trainee signs in and replaces the first password, then redeemed once. Only the
//!   digest of the hold's token is kept.

use super::columns::{at, big, c, int, opt_big, opt_instant, plain, short, table, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("account_batch")
                    .col(big("opened_by"))
                    .col(at("opened_at"))
                    .col(at("slips_until"))
                    .col(ColumnDef::new(c("slips")).blob().null())
                    .col(int("opened"))
                    .col(int("skipped"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table("sign_in_hold")
                    .col(short("token_digest"))
                    .col(big("session_id"))
                    .col(ColumnDef::new(c("device")).string().null())
                    .col(at("scanned_at"))
                    .col(at("expires_at"))
                    .col(opt_instant("redeemed_at"))
                    .col(opt_big("account_id"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_sign_in_hold_token",
            "sign_in_hold",
            &["token_digest"],
        )
        .await?;
        plain(
            manager,
            "ix_sign_in_hold_expires",
            "sign_in_hold",
            &["expires_at"],
        )
        .await?;
        Ok(())
    }
}
