//! Roll call and leave (issue 5, SPEC §4): which sessions have an open roll call, each trainee's
//! mark per session with every correction and its reason, and leave requests.

use super::columns::{
    at, big, int, opt_big, opt_instant, opt_text, plain, references, short, table, text, unique,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("roll_call")
                    .col(big("class_id"))
                    .col(big("session_id"))
                    .col(short("opened_by"))
                    .col(at("opened_at"))
                    .foreign_key(&mut references(
                        "fk_roll_call_session",
                        ("roll_call", "session_id"),
                        "class_session",
                    ))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_roll_call_session",
            "roll_call",
            &["session_id"],
        )
        .await?;

        manager
            .create_table(
                table("attendance_mark")
                    .col(big("class_id"))
                    .col(big("session_id"))
                    .col(big("person_id"))
                    .col(short("status"))
                    .col(int("minutes_late"))
                    .col(int("minutes_early"))
                    // `sign_in` (the trainee's own), `teacher`, or `leave` (approved leave).
                    .col(short("source"))
                    .col(opt_text("device"))
                    .col(opt_instant("signed_at"))
                    .col(text("reason"))
                    .col(short("marked_by"))
                    .col(at("marked_at"))
                    .col(int("version"))
                    .foreign_key(&mut references(
                        "fk_mark_session",
                        ("attendance_mark", "session_id"),
                        "class_session",
                    ))
                    .foreign_key(&mut references(
                        "fk_mark_person",
                        ("attendance_mark", "person_id"),
                        "person",
                    ))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_mark_session_person",
            "attendance_mark",
            &["session_id", "person_id"],
        )
        .await?;
        plain(
            manager,
            "ix_mark_class_person",
            "attendance_mark",
            &["class_id", "person_id"],
        )
        .await?;
        plain(
            manager,
            "ix_mark_session_device",
            "attendance_mark",
            &["session_id", "device"],
        )
        .await?;

        manager
            .create_table(
                table("attendance_correction")
                    .col(big("mark_id"))
                    .col(text("before"))
                    .col(text("after"))
                    .col(text("reason"))
                    .col(short("corrected_by"))
                    .col(at("corrected_at"))
                    .foreign_key(&mut references(
                        "fk_correction_mark",
                        ("attendance_correction", "mark_id"),
                        "attendance_mark",
                    ))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_correction_mark",
            "attendance_correction",
            &["mark_id"],
        )
        .await?;

        manager
            .create_table(
                table("leave_request")
                    .col(big("class_id"))
                    .col(big("person_id"))
                    .col(big("first_session_id"))
                    .col(big("last_session_id"))
                    .col(big("hours"))
                    .col(text("reason"))
                    // pending, approved, refused, cancelled.
                    .col(short("state"))
                    .col(short("requested_by"))
                    .col(at("requested_at"))
                    .col(opt_text("decided_by"))
                    .col(opt_instant("decided_at"))
                    .col(opt_text("decision_reason"))
                    .col(opt_big("withdrawal_of"))
                    .col(int("version"))
                    .foreign_key(&mut references(
                        "fk_leave_class",
                        ("leave_request", "class_id"),
                        "training_class",
                    ))
                    .foreign_key(&mut references(
                        "fk_leave_person",
                        ("leave_request", "person_id"),
                        "person",
                    ))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_leave_class_person",
            "leave_request",
            &["class_id", "person_id"],
        )
        .await
    }
}
