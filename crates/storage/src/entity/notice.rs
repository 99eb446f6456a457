use ganxun_domain::ClassId;
use ganxun_domain::NoticeId;
use ganxun_domain::UnitId;
use ganxun_domain::notices::NoticeKind;
use sea_orm::entity::prelude::*;

/// A message to a unit's administrators.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notice")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: NoticeId,
    pub unit_id: UnitId,
    pub unit_path: String,
    pub kind: NoticeKind,
    pub class_id: Option<ClassId>,
    pub title: String,
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
