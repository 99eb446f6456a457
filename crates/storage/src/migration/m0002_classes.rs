//! Annual plans, class dossiers with their decisions, teaching plans, enrolment, performance
//! reports, certificates, attachments, notices to units, and the rule documents a deployment
//! edits (issue 4, SPEC §3).
//!
//! Money is in fen and class hours in hundredths, as integers (DESIGN "Chosen dependencies").

use super::columns::{
    at, big, byte_ordered_text, c, date, flag, int, opt_big, opt_date, opt_flag, opt_instant,
    opt_int, opt_text, plain, references, short, table, text, unique,
};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        rule_documents(manager).await?;
        plans(manager, backend).await?;
        classes(manager, backend).await?;
        teaching_plans(manager).await?;
        enrolment(manager, backend).await?;
        reports_and_certificates(manager).await?;
        notices(manager, backend).await?;
        Ok(())
    }
}

/// Versioned documents (routing rules, holiday calendar, hour conversion, class settings): a
/// save adds a version, history is never rewritten (DESIGN "Rules are data").
async fn rule_documents(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            table("rule_document")
                .col(short("kind"))
                .col(int("version"))
                .col(text("body"))
                .col(short("saved_by"))
                .col(at("saved_at"))
                .to_owned(),
        )
        .await?;
    unique(
        manager,
        "uq_rule_document_version",
        "rule_document",
        &["kind", "version"],
    )
    .await
}

async fn plans(manager: &SchemaManager<'_>, backend: DbBackend) -> Result<(), DbErr> {
    manager
        .create_table(
            table("training_plan")
                .col(big("unit_id"))
                .col(byte_ordered_text(backend, c("unit_path")))
                .col(int("year"))
                .col(short("title"))
                .col(short("state"))
                .col(big("budget_fen"))
                .col(text("note"))
                .col(opt_instant("submitted_at"))
                .col(opt_text("submitted_by"))
                .col(flag("late"))
                .col(opt_instant("decided_at"))
                .col(opt_text("decided_by"))
                .col(opt_text("decision_reason"))
                .col(int("version"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut references(
                    "fk_training_plan_unit",
                    ("training_plan", "unit_id"),
                    "org_unit",
                ))
                .to_owned(),
        )
        .await?;
    unique(
        manager,
        "uq_training_plan_unit_year",
        "training_plan",
        &["unit_id", "year"],
    )
    .await?;
    plain(
        manager,
        "ix_training_plan_path",
        "training_plan",
        &["unit_path", "year"],
    )
    .await?;

    manager
        .create_table(
            table("training_plan_item")
                .col(big("plan_id"))
                .col(short("title"))
                .col(short("kind"))
                .col(text("target_trainees"))
                .col(int("trainees"))
                .col(int("days"))
                .col(big("budget_fen"))
                .col(opt_int("quarter"))
                // Items added after the plan was approved are temporary additions (临时增补)
                // and count only once the authority has approved them.
                .col(flag("after_approval"))
                .col(short("addition_state"))
                .col(text("addition_reason"))
                .col(opt_instant("addition_decided_at"))
                .col(opt_text("addition_decided_by"))
                .col(opt_text("addition_decision_reason"))
                .col(at("created_at"))
                .foreign_key(&mut references(
                    "fk_plan_item_plan",
                    ("training_plan_item", "plan_id"),
                    "training_plan",
                ))
                .to_owned(),
        )
        .await?;
    plain(
        manager,
        "ix_plan_item_plan",
        "training_plan_item",
        &["plan_id"],
    )
    .await
}

async fn classes(manager: &SchemaManager<'_>, backend: DbBackend) -> Result<(), DbErr> {
    manager
        .create_table(
            table("instructor")
                .col(short("name"))
                .col(short("title"))
                .col(short("affiliation"))
                .col(opt_big("account_id"))
                .col(at("created_at"))
                .to_owned(),
        )
        .await?;

    manager
        .create_table(
            table("training_class")
                .col(short("title"))
                .col(short("kind"))
                .col(big("organiser_unit_id"))
                .col(byte_ordered_text(backend, c("organiser_path")))
                .col(opt_big("host_unit_id"))
                .col(short("host_name"))
                .col(short("host_type"))
                .col(text("target_trainees"))
                // Category codes, comma-separated: what the router and the report rule read.
                .col(short("trainee_categories"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(short("venue"))
                .col(short("funding_source"))
                .col(big("fee_fen"))
                .col(opt_int("capacity"))
                .col(opt_big("head_teacher_account_id"))
                .col(opt_big("monitor_person_id"))
                .col(short("liaison_name"))
                .col(ColumnDef::new(c("liaison_phone_cipher")).blob().null())
                .col(opt_text("liaison_phone_masked"))
                .col(text("eligibility"))
                .col(opt_big("plan_item_id"))
                .col(short("state"))
                .col(opt_text("route"))
                .col(big("total_hours"))
                .col(opt_instant("submitted_at"))
                .col(opt_big("submitted_by"))
                .col(opt_instant("decided_at"))
                .col(opt_date("report_due_on"))
                .col(int("version"))
                .col(big("created_by"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut references(
                    "fk_class_organiser",
                    ("training_class", "organiser_unit_id"),
                    "org_unit",
                ))
                .foreign_key(&mut references(
                    "fk_class_head_teacher",
                    ("training_class", "head_teacher_account_id"),
                    "account",
                ))
                .foreign_key(&mut references(
                    "fk_class_monitor",
                    ("training_class", "monitor_person_id"),
                    "person",
                ))
                .to_owned(),
        )
        .await?;
    plain(
        manager,
        "ix_class_organiser",
        "training_class",
        &["organiser_path", "starts_on"],
    )
    .await?;
    plain(
        manager,
        "ix_class_head_teacher",
        "training_class",
        &["head_teacher_account_id"],
    )
    .await?;
    plain(
        manager,
        "ix_class_state",
        "training_class",
        &["state", "starts_on"],
    )
    .await?;

    // Every decision on a class, in order: who, when, why (R-CLS-2). Never updated.
    manager
        .create_table(
            table("class_decision")
                .col(big("class_id"))
                .col(short("action"))
                .col(short("from_state"))
                .col(short("to_state"))
                .col(text("reason"))
                .col(text("detail"))
                .col(opt_big("actor_id"))
                .col(short("actor_name"))
                .col(at("at"))
                .foreign_key(&mut references(
                    "fk_class_decision_class",
                    ("class_decision", "class_id"),
                    "training_class",
                ))
                .to_owned(),
        )
        .await?;
    plain(
        manager,
        "ix_class_decision_class",
        "class_decision",
        &["class_id", "id"],
    )
    .await?;

    manager
        .create_table(
            table("class_attachment")
                .col(big("class_id"))
                .col(short("filename"))
                .col(short("content_type"))
                .col(big("size"))
                .col(short("sha256"))
                .col(ColumnDef::new(c("data")).blob().not_null())
                .col(short("uploaded_by"))
                .col(at("uploaded_at"))
                .foreign_key(&mut references(
                    "fk_attachment_class",
                    ("class_attachment", "class_id"),
                    "training_class",
                ))
                .to_owned(),
        )
        .await?;
    plain(
        manager,
        "ix_attachment_class",
        "class_attachment",
        &["class_id"],
    )
    .await
}

async fn teaching_plans(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            table("class_session")
                .col(big("class_id"))
                .col(int("seq"))
                .col(date("date"))
                .col(short("start_time"))
                .col(short("end_time"))
                .col(short("topic"))
                .col(opt_big("instructor_id"))
                .col(short("instructor_name"))
                .col(big("class_hours"))
                .col(opt_big("declared_hours"))
                .foreign_key(&mut references(
                    "fk_session_class",
                    ("class_session", "class_id"),
                    "training_class",
                ))
                .foreign_key(&mut references(
                    "fk_session_instructor",
                    ("class_session", "instructor_id"),
                    "instructor",
                ))
                .to_owned(),
        )
        .await?;
    plain(
        manager,
        "ix_session_class",
        "class_session",
        &["class_id", "seq"],
    )
    .await?;
    plain(
        manager,
        "ix_session_instructor",
        "class_session",
        &["instructor_id", "date"],
    )
    .await
}

async fn enrolment(manager: &SchemaManager<'_>, backend: DbBackend) -> Result<(), DbErr> {
    manager
        .create_table(
            table("class_enrolment")
                .col(big("class_id"))
                .col(big("person_id"))
                .col(big("unit_id"))
                .col(byte_ordered_text(backend, c("unit_path")))
                .col(short("status"))
                .col(short("source"))
                .col(opt_flag("arrived"))
                .col(opt_instant("arrival_marked_at"))
                .col(text("note"))
                .col(short("created_by"))
                .col(at("created_at"))
                .col(at("updated_at"))
                .foreign_key(&mut references(
                    "fk_enrolment_class",
                    ("class_enrolment", "class_id"),
                    "training_class",
                ))
                .foreign_key(&mut references(
                    "fk_enrolment_person",
                    ("class_enrolment", "person_id"),
                    "person",
                ))
                .to_owned(),
        )
        .await?;
    unique(
        manager,
        "uq_enrolment_person",
        "class_enrolment",
        &["class_id", "person_id"],
    )
    .await?;
    plain(
        manager,
        "ix_enrolment_person",
        "class_enrolment",
        &["person_id", "status"],
    )
    .await
}

async fn reports_and_certificates(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            table("class_report")
                .col(big("class_id"))
                .col(short("state"))
                .col(opt_date("due_on"))
                .col(text("body"))
                .col(at("drafted_at"))
                .col(at("updated_at"))
                .col(opt_instant("submitted_at"))
                .col(opt_text("submitted_by"))
                .col(flag("late"))
                .col(int("version"))
                .foreign_key(&mut references(
                    "fk_report_class",
                    ("class_report", "class_id"),
                    "training_class",
                ))
                .to_owned(),
        )
        .await?;
    unique(manager, "uq_report_class", "class_report", &["class_id"]).await?;

    manager
        .create_table(
            table("certificate")
                .col(short("number"))
                .col(big("class_id"))
                .col(big("person_id"))
                .col(short("person_name"))
                .col(short("unit_name"))
                .col(short("class_title"))
                .col(short("period"))
                .col(big("class_hours"))
                .col(short("issuer"))
                .col(short("host"))
                .col(date("issued_on"))
                .col(at("issued_at"))
                .col(short("issued_by"))
                .col(opt_instant("revoked_at"))
                .col(opt_text("revoke_reason"))
                .foreign_key(&mut references(
                    "fk_certificate_class",
                    ("certificate", "class_id"),
                    "training_class",
                ))
                .foreign_key(&mut references(
                    "fk_certificate_person",
                    ("certificate", "person_id"),
                    "person",
                ))
                .to_owned(),
        )
        .await?;
    unique(manager, "uq_certificate_number", "certificate", &["number"]).await?;
    unique(
        manager,
        "uq_certificate_person",
        "certificate",
        &["class_id", "person_id"],
    )
    .await
}

/// Messages to units (arrival reports, overdue reports): what "sent to the units'
/// administrators" means inside a closed intranet.
async fn notices(manager: &SchemaManager<'_>, backend: DbBackend) -> Result<(), DbErr> {
    manager
        .create_table(
            table("notice")
                .col(big("unit_id"))
                .col(byte_ordered_text(backend, c("unit_path")))
                .col(short("kind"))
                .col(opt_big("class_id"))
                .col(short("title"))
                .col(text("body"))
                .col(at("created_at"))
                .to_owned(),
        )
        .await?;
    plain(manager, "ix_notice_unit", "notice", &["unit_id", "id"]).await
}
