use ganxun_domain::RuleDocumentId;
use sea_orm::entity::prelude::*;

/// A saved version of a rule document.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rule_document")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: RuleDocumentId,
    pub kind: String,
    pub version: i32,
    pub body: String,
    pub saved_by: String,
    pub saved_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
