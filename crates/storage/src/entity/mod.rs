//! SeaORM entities: one module per table. Only the storage layer sees them.

pub mod account;
pub mod account_role;
pub mod audit_head;
pub mod audit_log;
pub mod meta;
pub mod org_unit;
pub mod person;
pub mod person_category;
pub mod person_post;
pub mod session;
