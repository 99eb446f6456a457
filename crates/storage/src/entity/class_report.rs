use ganxun_domain::ClassId;
use ganxun_domain::classes::ReportState;
use sea_orm::entity::prelude::*;

/// A class's performance report (R-CLS-5).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub class_id: ClassId,
    pub state: ReportState,
    pub due_on: Option<Date>,
    pub body: String,
    pub drafted_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub submitted_by: Option<String>,
    pub late: bool,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
