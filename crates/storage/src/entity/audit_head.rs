use sea_orm::entity::prelude::*;

/// The one-row head of the audit chain. Every write transaction updates it first, which
/// serialises writers on both backends (row lock on PostgreSQL, write lock on SQLite).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_head")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// The chain's last place (an `audit_log` id, counted, not looked up).
    pub last_id: i64,
    pub last_hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
