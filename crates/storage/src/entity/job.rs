use crate::jobs::JobState;
use ganxun_domain::JobId;
use sea_orm::entity::prelude::*;

/// A background job (a full compliance recomputation, …) with its progress.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: JobId,
    pub kind: String,
    pub state: JobState,
    pub as_of: Option<Date>,
    pub total: i64,
    pub done: i64,
    pub message: String,
    pub started_by: String,
    pub started_at: DateTimeUtc,
    pub heartbeat_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    pub error: Option<String>,
    pub result: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
