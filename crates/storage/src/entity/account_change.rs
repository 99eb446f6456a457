use ganxun_domain::AccountId;
use sea_orm::entity::prelude::*;

/// That something a signed-in caller is (roles, sessions, password, second factor, active)
/// changed for an account: other servers forget what they keep of it in memory.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: AccountId,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
