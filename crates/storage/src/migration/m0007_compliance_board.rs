//! Maintained compliance statuses (issue 7, the dashboard): one row per person and rule that
//! binds them, as the evaluator judged it; counts per unit, rule and status kept beside them so
//! the authority's dashboard reads a few thousand rows, not a million people; the people whose
//! facts changed and wait for their statuses to be refreshed; and background jobs with progress.

use super::columns::{
    at, big, byte_ordered_text, c, date, int, opt_big, opt_date, opt_instant, opt_text, plain,
    short, table, text, unique,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        manager
            .create_table(
                table("compliance_status")
                    .col(big("person_id"))
                    .col(big("unit_id"))
                    .col(byte_ordered_text(backend, c("unit_path")))
                    // compliance_national, compliance_county, compliance_org_cadres
                    .col(short("kind"))
                    .col(short("rule_id"))
                    // requirement (per person) or coverage (the person's part in a unit share)
                    .col(short("rule_type"))
                    // met, at_risk, not_met
                    .col(short("status"))
                    .col(opt_date("window_from"))
                    .col(date("window_to"))
                    // Hundredths of a day and of a class hour; times as counted.
                    .col(opt_big("required_days"))
                    .col(opt_big("required_hours"))
                    .col(opt_big("required_times"))
                    .col(opt_big("done_days"))
                    .col(opt_big("done_hours"))
                    .col(opt_big("done_times"))
                    .col(opt_big("missing_days"))
                    .col(opt_big("missing_hours"))
                    .col(opt_big("missing_times"))
                    // The last day of the newest record this rule counts (any time, not only
                    // in the window): "not trained for longest" sorts by it.
                    .col(opt_date("last_trained_on"))
                    .col(int("rule_version"))
                    .col(date("as_of"))
                    .col(at("updated_at"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_compliance_status_rule",
            "compliance_status",
            &["person_id", "kind", "rule_id"],
        )
        .await?;
        plain(
            manager,
            "ix_compliance_status_unit",
            "compliance_status",
            &["unit_id"],
        )
        .await?;
        plain(
            manager,
            "ix_compliance_status_list",
            "compliance_status",
            &["kind", "rule_id", "status", "unit_path"],
        )
        .await?;

        manager
            .create_table(
                table("compliance_tally")
                    .col(big("unit_id"))
                    .col(byte_ordered_text(backend, c("unit_path")))
                    .col(short("kind"))
                    .col(short("rule_id"))
                    .col(short("status"))
                    .col(big("people"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_compliance_tally",
            "compliance_tally",
            &["unit_id", "kind", "rule_id", "status"],
        )
        .await?;
        plain(
            manager,
            "ix_compliance_tally_path",
            "compliance_tally",
            &["unit_path"],
        )
        .await?;

        // People whose facts changed since their statuses were judged. `version` grows with
        // each mark, so a refresh that read version 3 does not clear a mark made meanwhile.
        manager
            .create_table(
                Table::create()
                    .table(c("compliance_dirty"))
                    .col(
                        ColumnDef::new(c("person_id"))
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(big("version"))
                    .col(at("marked_at"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                table("job")
                    // compliance_recompute, …
                    .col(short("kind"))
                    // running, done, failed
                    .col(short("state"))
                    .col(opt_date("as_of"))
                    .col(big("total"))
                    .col(big("done"))
                    .col(text("message"))
                    .col(short("started_by"))
                    .col(at("started_at"))
                    .col(at("heartbeat_at"))
                    .col(opt_instant("finished_at"))
                    .col(opt_text("error"))
                    .col(opt_big("result"))
                    .to_owned(),
            )
            .await?;
        plain(manager, "ix_job_kind_state", "job", &["kind", "state"]).await?;
        Ok(())
    }
}
