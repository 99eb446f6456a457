use ganxun_domain::SessionId;
use ganxun_domain::{ClassId, InstructorId};
use sea_orm::entity::prelude::*;

/// One session of a class's teaching plan.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: SessionId,
    pub class_id: ClassId,
    pub seq: i32,
    pub date: Date,
    pub start_time: String,
    pub end_time: String,
    pub topic: String,
    pub instructor_id: Option<InstructorId>,
    pub instructor_name: String,
    pub class_hours: i64,
    pub declared_hours: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
