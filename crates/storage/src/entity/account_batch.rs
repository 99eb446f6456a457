use ganxun_domain::AccountBatchId;
use ganxun_domain::AccountId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_batch")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: AccountBatchId,
    pub opened_by: AccountId,
    pub opened_at: DateTimeUtc,
    pub slips_until: DateTimeUtc,
    pub slips: Option<Vec<u8>>,
    pub opened: i32,
    pub skipped: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
