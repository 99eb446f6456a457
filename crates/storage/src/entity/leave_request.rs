use ganxun_domain::ClassId;
use ganxun_domain::LeaveId;
use ganxun_domain::PersonId;
use ganxun_domain::SessionId;
use ganxun_domain::attendance::LeaveState;
use sea_orm::entity::prelude::*;

/// A trainee's request for leave from a range of sessions.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leave_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: LeaveId,
    pub class_id: ClassId,
    pub person_id: PersonId,
    pub first_session_id: SessionId,
    pub last_session_id: SessionId,
    pub hours: i64,
    pub reason: String,
    pub state: LeaveState,
    pub requested_by: String,
    pub requested_at: DateTimeUtc,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_reason: Option<String>,
    pub withdrawal_of: Option<PersonId>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
