use ganxun_domain::JobId;
use sea_orm::entity::prelude::*;

ganxun_domain::code_enum! {
    /// Where a run of a job stands.
    pub enum JobState {
        Running => ("running", "进行中", "Running"),
        Done => ("done", "已完成", "Done"),
        /// Failed, or taken over after its heartbeat stopped.
        Failed => ("failed", "失败", "Failed"),
    }
}

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
