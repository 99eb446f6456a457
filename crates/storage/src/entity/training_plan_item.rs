use ganxun_domain::ClassKind;
use ganxun_domain::PlanId;
use ganxun_domain::PlanItemId;
use ganxun_domain::plans::AdditionState;
use sea_orm::entity::prelude::*;

/// A class a plan intends.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_plan_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PlanItemId,
    pub plan_id: PlanId,
    pub title: String,
    pub kind: ClassKind,
    pub target_trainees: String,
    pub trainees: i32,
    pub days: i32,
    pub budget_fen: i64,
    pub quarter: Option<i32>,
    pub after_approval: bool,
    pub addition_state: AdditionState,
    pub addition_reason: String,
    pub addition_decided_at: Option<DateTimeUtc>,
    pub addition_decided_by: Option<String>,
    pub addition_decision_reason: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
