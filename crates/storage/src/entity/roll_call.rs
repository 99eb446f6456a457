use ganxun_domain::ClassId;
use ganxun_domain::RollCallId;
use ganxun_domain::SessionId;
use sea_orm::entity::prelude::*;

/// A session whose roll call the head teacher opened.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roll_call")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: RollCallId,
    pub class_id: ClassId,
    pub session_id: SessionId,
    pub opened_by: String,
    pub opened_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
