use ganxun_domain::ClassId;
use ganxun_domain::MarkId;
use ganxun_domain::PersonId;
use ganxun_domain::SessionId;
use ganxun_domain::attendance::{AttendanceStatus, MarkSource};
use sea_orm::entity::prelude::*;

/// A trainee's mark for one session.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendance_mark")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: MarkId,
    pub class_id: ClassId,
    pub session_id: SessionId,
    pub person_id: PersonId,
    pub status: AttendanceStatus,
    pub minutes_late: i32,
    pub minutes_early: i32,
    pub source: MarkSource,
    pub device: Option<String>,
    pub signed_at: Option<DateTimeUtc>,
    pub reason: String,
    pub marked_by: String,
    pub marked_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
