use ganxun_domain::PlanId;
use ganxun_domain::UnitId;
use ganxun_domain::plans::PlanState;
use sea_orm::entity::prelude::*;

/// A unit's annual training plan (R-PLAN-1).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_plan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PlanId,
    pub unit_id: UnitId,
    pub unit_path: String,
    pub year: i32,
    pub title: String,
    pub state: PlanState,
    pub budget_fen: i64,
    pub note: String,
    pub submitted_at: Option<DateTimeUtc>,
    pub submitted_by: Option<String>,
    pub late: bool,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<String>,
    pub decision_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
