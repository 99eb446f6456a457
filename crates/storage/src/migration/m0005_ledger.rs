//! The credit ledger (issue 6, SPEC §5, DESIGN "The ledger"): append-only entries, each with
//! the hash of the one before, a one-row head, and totals per person, year and category kept in
//! the same transaction as the entries; and the records credits are evaluated from besides roll
//! calls (scores, research outputs, salons, school terms), kept so a rule change can re-evaluate.

use super::columns::{
    at, big, c, date, int, opt_big, opt_instant, opt_int, opt_text, plain, short, table, text,
    unique,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("credit_entry")
                    .col(big("person_id"))
                    .col(date("entry_date"))
                    .col(int("year"))
                    .col(short("category"))
                    // Hundredths of a credit; negative for deductions and reversals.
                    .col(big("amount"))
                    // The rule document version that produced it (none for manual entries).
                    .col(opt_big("rule_document_id"))
                    .col(opt_int("rule_version"))
                    .col(short("rule_id"))
                    .col(short("source_kind"))
                    .col(big("source_id"))
                    .col(text("explanation"))
                    // The entry this one reverses, and why.
                    .col(opt_big("reverses"))
                    .col(text("reason"))
                    .col(opt_big("entered_by_account"))
                    .col(short("entered_by"))
                    .col(at("entered_at"))
                    .col(short("prev_hash"))
                    .col(short("hash"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_credit_person_year",
            "credit_entry",
            &["person_id", "year"],
        )
        .await?;
        plain(
            manager,
            "ix_credit_source",
            "credit_entry",
            &["source_kind", "source_id"],
        )
        .await?;
        // One reversal per entry at most.
        unique(manager, "uq_credit_reverses", "credit_entry", &["reverses"]).await?;

        manager
            .create_table(
                table("credit_fact")
                    // exam, assignment, research, salon, school_term
                    .col(short("kind"))
                    // None for a salon (its groups name the members).
                    .col(opt_big("person_id"))
                    .col(opt_big("class_id"))
                    .col(text("title"))
                    .col(date("fact_date"))
                    // The kind's details as JSON: a score, a level, the groups …
                    .col(text("data"))
                    .col(text("evidence"))
                    // pending (research awaiting approval), approved, rejected
                    .col(short("state"))
                    .col(opt_big("entered_by_account"))
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
            "ix_credit_fact_person",
            "credit_fact",
            &["person_id"],
        )
        .await?;
        plain(
            manager,
            "ix_credit_fact_state",
            "credit_fact",
            &["state", "kind"],
        )
        .await?;

        // Yearly publication (公示, R-CRD-7): the list as published, and objections to it.
        manager
            .create_table(
                table("credit_publication")
                    .col(big("unit_id"))
                    .col(short("unit_path"))
                    .col(int("year"))
                    .col(text("title"))
                    .col(date("closes_on"))
                    // The rows as published, JSON: later postings do not change what was shown.
                    .col(text("snapshot"))
                    .col(short("published_by"))
                    .col(at("published_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table("credit_objection")
                    .col(big("publication_id"))
                    .col(big("person_id"))
                    .col(opt_big("entry_id"))
                    .col(text("text"))
                    // open, upheld, dismissed
                    .col(short("state"))
                    .col(short("raised_by"))
                    .col(at("raised_at"))
                    .col(opt_text("answer"))
                    .col(opt_text("answered_by"))
                    .col(opt_instant("answered_at"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_credit_objection_publication",
            "credit_objection",
            &["publication_id"],
        )
        .await?;

        // Final grades (R-GRD-1): a class's grading scheme and the scores entered by hand.
        manager
            .create_table(
                table("class_grading")
                    .col(big("class_id"))
                    .col(text("scheme"))
                    .col(short("saved_by"))
                    .col(at("saved_at"))
                    .to_owned(),
            )
            .await?;
        unique(manager, "uq_class_grading", "class_grading", &["class_id"]).await?;
        manager
            .create_table(
                table("class_grade_score")
                    .col(big("class_id"))
                    .col(big("person_id"))
                    .col(short("component"))
                    // Hundredths of a point.
                    .col(int("score"))
                    .col(short("entered_by"))
                    .col(at("entered_at"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_class_grade_score",
            "class_grade_score",
            &["class_id", "person_id", "component"],
        )
        .await?;

        manager
            .create_table(
                table("credit_total")
                    .col(big("person_id"))
                    .col(int("year"))
                    .col(short("category"))
                    .col(big("amount"))
                    .col(big("entries"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_credit_total",
            "credit_total",
            &["person_id", "year", "category"],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(c("ledger_head"))
                    .col(ColumnDef::new(c("id")).integer().not_null().primary_key())
                    .col(big("last_id"))
                    .col(short("last_hash"))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(c("ledger_head"))
                    .columns([c("id"), c("last_id"), c("last_hash")])
                    .values_panic([
                        1.into(),
                        0i64.into(),
                        crate::audit::genesis::GENESIS_HASH.into(),
                    ])
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
