use ganxun_domain::AccountId;
use ganxun_domain::ClassDecisionId;
use ganxun_domain::ClassId;
use ganxun_domain::{ClassAction, ClassState};
use sea_orm::entity::prelude::*;

/// One decision on a class; never updated.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_decision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: ClassDecisionId,
    pub class_id: ClassId,
    pub action: ClassAction,
    pub from_state: ClassState,
    pub to_state: ClassState,
    pub reason: String,
    pub detail: String,
    pub actor_id: Option<AccountId>,
    pub actor_name: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
