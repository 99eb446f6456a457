//! Notices as an inbox (issue 17 item 2): who read which notice, and when — per account, so one
//! administrator opening a notice leaves it unread for a colleague. Notices are listed newest
//! first by the units a reader's scope reaches (`ix_notice_unit`); the unread filter looks up the
//! reader's reads by account (`ix_notice_read_account`).
//!
//! Notices sent when a class started were titled “…”到位情况 like the arrival reports; they are
//! retitled “…”开班通知, the title they now get when sent.

use super::columns::{at, big, c, plain, references, table, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("notice_read")
                    .col(big("notice_id"))
                    .col(big("account_id"))
                    .col(at("read_at"))
                    .foreign_key(&mut references(
                        "fk_notice_read_notice",
                        ("notice_read", "notice_id"),
                        "notice",
                    ))
                    .foreign_key(&mut references(
                        "fk_notice_read_account",
                        ("notice_read", "account_id"),
                        "account",
                    ))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_notice_read",
            "notice_read",
            &["notice_id", "account_id"],
        )
        .await?;
        plain(
            manager,
            "ix_notice_read_account",
            "notice_read",
            &["account_id", "notice_id"],
        )
        .await?;
        plain(manager, "ix_notice_kind", "notice", &["kind", "id"]).await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(c("notice"))
                    .value(
                        c("title"),
                        Func::cust(Alias::new("REPLACE")).args([
                            Expr::col(c("title")),
                            Expr::val("”到位情况"),
                            Expr::val("”开班通知"),
                        ]),
                    )
                    .and_where(Expr::col(c("kind")).eq("class_started"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
