//! Training done outside the system (issue 7, R-ARC-1): party school elsewhere, study abroad,
//! degree study, secondment, self-study, online study elsewhere. Entered with evidence, they
//! count for compliance only once the training authority has approved them.

use super::columns::{at, big, date, flag, opt_instant, opt_text, plain, short, table, text};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("training_record")
                    .col(big("person_id"))
                    // party_school_elsewhere, study_abroad, degree_study, secondment,
                    // self_study, online, other
                    .col(short("kind"))
                    .col(text("title"))
                    .col(text("institution_name"))
                    // party_school, administrative_college, cadre_college,
                    // training_institution (compliance::Institution), or none
                    .col(opt_text("institution_type"))
                    .col(date("starts_on"))
                    .col(date("ends_on"))
                    // Hundredths of a day and of a class hour, as recorded.
                    .col(big("days"))
                    .col(big("hours"))
                    .col(flag("privately_arranged"))
                    .col(text("evidence"))
                    // pending, approved, rejected
                    .col(short("state"))
                    .col(short("entered_by"))
                    .col(at("entered_at"))
                    .col(opt_text("decided_by"))
                    .col(opt_instant("decided_at"))
                    .col(opt_text("decision_reason"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_training_record_person",
            "training_record",
            &["person_id"],
        )
        .await?;
        plain(
            manager,
            "ix_training_record_state",
            "training_record",
            &["state"],
        )
        .await?;
        Ok(())
    }
}
