use ganxun_domain::AccountId;
use ganxun_domain::NoticeId;
use sea_orm::entity::prelude::*;

/// That an account read a notice, and when (one row per notice and reader).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notice_read")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub notice_id: NoticeId,
    pub account_id: AccountId,
    pub read_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
