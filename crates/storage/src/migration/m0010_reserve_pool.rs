//! The reserve-cadre pool (后备干部资源库, R-POOL-1, seed 004): pools kept by a unit, their
//! training phases, and memberships that are entered, left or ended by promotion, never deleted.

use super::columns::{
    at, big, date, int, opt_date, opt_flag, opt_instant, opt_text, plain, short, table, text,
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
                table("reserve_pool")
                    .col(text("name"))
                    // The unit that keeps the pool (e.g. 县教育局 for the education reserves);
                    // its members come from its subtree.
                    .col(big("unit_id"))
                    // How the reserves were chosen (公开选拔, 民主推荐…) and what the pool is for.
                    .col(text("description"))
                    .col(short("created_by"))
                    .col(at("created_at"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_reserve_pool_unit",
            "reserve_pool",
            &["unit_id"],
        )
        .await?;
        manager
            .create_table(
                table("reserve_phase")
                    .col(big("pool_id"))
                    .col(int("seq"))
                    .col(text("name"))
                    .col(date("starts_on"))
                    .col(date("ends_on"))
                    // What the phase asks for, in hundredths of a day and of a class hour:
                    // met when either is reached; both 0 means the phase is followed, not scored.
                    .col(big("required_days"))
                    .col(big("required_hours"))
                    // 培训内容与方式: reading, visits, secondment, study, online…
                    .col(text("content"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_reserve_phase_pool",
            "reserve_phase",
            &["pool_id"],
        )
        .await?;
        manager
            .create_table(
                table("reserve_member")
                    .col(big("pool_id"))
                    .col(big("person_id"))
                    .col(date("entered_on"))
                    .col(text("reason"))
                    // active, left, promoted
                    .col(short("state"))
                    // 0 while the person is in the pool, the membership's own id once it ends:
                    // with the unique index below, one open membership per person and pool on
                    // both backends, and any number of closed ones.
                    .col(big("open_key"))
                    .col(opt_date("ended_on"))
                    .col(opt_text("end_reason"))
                    // The post taken up on promotion, and whether the training rules were met
                    // that day (R-CMP-4), with what was missing.
                    .col(opt_text("new_post"))
                    .col(opt_text("new_rank"))
                    .col(opt_flag("eligible_when_promoted"))
                    .col(opt_text("shortfall"))
                    .col(short("entered_by"))
                    .col(at("entered_at"))
                    .col(opt_text("ended_by"))
                    .col(opt_instant("ended_at"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_reserve_member_open",
            "reserve_member",
            &["pool_id", "person_id", "open_key"],
        )
        .await?;
        plain(
            manager,
            "ix_reserve_member_person",
            "reserve_member",
            &["person_id"],
        )
        .await?;
        Ok(())
    }
}
