//! SeaORM entities: one module per table. Only the storage layer sees them.

pub mod account;
pub mod account_role;
pub mod attendance_correction;
pub mod attendance_mark;
pub mod audit_head;
pub mod audit_log;
pub mod certificate;
pub mod class_attachment;
pub mod class_decision;
pub mod class_enrolment;
pub mod class_report;
pub mod class_session;
pub mod instructor;
pub mod leave_request;
pub mod meta;
pub mod notice;
pub mod org_unit;
pub mod person;
pub mod person_category;
pub mod person_post;
pub mod roll_call;
pub mod rule_document;
pub mod session;
pub mod training_class;
pub mod training_plan;
pub mod training_plan_item;
