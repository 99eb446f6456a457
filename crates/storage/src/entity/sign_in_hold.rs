use ganxun_domain::AccountId;
use ganxun_domain::SessionId;
use ganxun_domain::SignInHoldId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_hold")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: SignInHoldId,
    pub token_digest: String,
    pub session_id: SessionId,
    pub device: Option<String>,
    pub scanned_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub redeemed_at: Option<DateTimeUtc>,
    pub account_id: Option<AccountId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
