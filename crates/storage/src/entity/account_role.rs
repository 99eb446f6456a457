use ganxun_domain::AccountId;
use ganxun_domain::{Role, ScopeKind};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_role")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: AccountId,
    pub role: Role,
    pub scope_kind: ScopeKind,
    /// Comma-separated unit ids for the `units` scope; empty otherwise.
    pub scope_units: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
