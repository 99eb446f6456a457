//! What the compliance rules ask about besides training (issue 7): theory qualification
//! certificates (理论水平任职资格证书, R-CMP-4) and seats in a party committee's central group
//! (中心组, R-CMP-2). Entered with evidence; revoked with a reason, never deleted.

use super::columns::{at, big, date, opt_date, opt_instant, opt_text, plain, short, table, text};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("person_standing")
                    .col(big("person_id"))
                    // theory_certificate, central_group
                    .col(short("kind"))
                    // The certificate's number, or the central group's party committee.
                    .col(text("title"))
                    // Issued on (a certificate), or the seat's first day.
                    .col(date("valid_from"))
                    // The day a seat ended (exclusive); none for a certificate.
                    .col(opt_date("valid_to"))
                    .col(text("evidence"))
                    // active, revoked
                    .col(short("state"))
                    .col(short("entered_by"))
                    .col(at("entered_at"))
                    .col(opt_text("revoked_by"))
                    .col(opt_instant("revoked_at"))
                    .col(opt_text("revoke_reason"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_person_standing_person",
            "person_standing",
            &["person_id"],
        )
        .await?;
        Ok(())
    }
}
