//! ganxun's storage layer: the schema for SQLite and PostgreSQL, one transaction per use case,
//! personal data sealed at rest, and the hash-chained audit log. Nothing above this crate knows
//! which database it talks to.

pub mod accounts;
pub mod archive;
pub mod attendance;
pub mod audit;
pub mod audit_archive;
mod audit_base;
pub mod backup;
pub mod classes;
pub mod compliance;
pub mod compliance_board;
pub mod credit_facts;
pub mod crypto;
pub mod db;
pub mod documents;
mod entity;
pub mod error;
pub mod follow_ups;
pub mod grades;
pub mod jobs;
pub mod ledger;
pub mod meta;
mod migration;
pub mod notices;
pub mod org;
pub mod people;
pub mod plans;
pub mod publications;
pub mod reserve_pool;
pub mod scope;
pub mod second_factor;
pub mod sessions;
pub mod sign_in_counters;
pub mod standings;
pub mod training_records;

pub use audit::{Actor, AuditEvent};
pub use crypto::DataKey;
pub use db::{DatabaseUrl, Db};
pub use error::{Constraint, Refusal, StoreError, StoreResult};
pub use scope::AccessScope;
