//! ganxun's storage layer: the schema for SQLite and PostgreSQL, one transaction per use case,
//! personal data sealed at rest, and the hash-chained audit log. Nothing above this crate knows
//! which database it talks to.

// Features: the same names as in the domain, the application, the HTTP layer and the web.
pub mod accounts;
pub mod archive;
pub mod attendance;
pub mod audit;
pub mod classes;
pub mod compliance;
pub mod credits;
pub mod follow_ups;
pub mod grades;
pub mod learning;
pub mod notices;
pub mod org;
pub mod people;
pub mod plans;
pub mod pool;
pub mod rules;
pub mod second_factor;

// What every feature stands on: the connection, sealing, refusals, jobs, backups.
pub mod backup;
pub mod crypto;
pub mod db;
mod distrust;
mod entity;
pub mod error;
pub mod jobs;
pub mod meta;
mod migration;
mod rows_update;

pub use audit::{Actor, AuditEvent};
pub use crypto::DataKey;
pub use db::{DatabaseUrl, Db};
pub use error::{Constraint, StoreError, StoreResult};
pub use org::scope::AccessScope;
