//! What the plans API returns, as API types made from the storage rows.

use chrono::{DateTime, Utc};
use ganxun_domain::UnitId;
use ganxun_domain::plans::{AdditionState, PlanState};
use ganxun_domain::{ClassId, ClassKind, PlanId, PlanItemId};
use serde::Serialize;
use utoipa::ToSchema;

/// One intended class of a plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanItem {
    #[schema(value_type = i64)]
    pub id: PlanItemId,
    pub title: String,
    #[schema(value_type = String)]
    pub kind: ClassKind,
    pub target_trainees: String,
    pub trainees: i32,
    pub days: i32,
    pub budget_fen: i64,
    pub quarter: Option<i32>,
    pub after_approval: bool,
    /// `none` for items of the plan as approved; `pending`, `approved` or `rejected` for
    /// temporary additions.
    #[schema(value_type = String)]
    pub addition_state: AdditionState,
    pub addition_reason: String,
    pub addition_decided_at: Option<DateTime<Utc>>,
    pub addition_decided_by: Option<String>,
    pub addition_decision_reason: Option<String>,
    /// Classes created from this item.
    #[schema(value_type = Vec<i64>)]
    pub class_ids: Vec<ClassId>,
}

impl From<ganxun_storage::plans::PlanItem> for PlanItem {
    fn from(r: ganxun_storage::plans::PlanItem) -> Self {
        Self {
            id: r.id,
            title: r.title,
            kind: r.kind,
            target_trainees: r.target_trainees,
            trainees: r.trainees,
            days: r.days,
            budget_fen: r.budget_fen,
            quarter: r.quarter,
            after_approval: r.after_approval,
            addition_state: r.addition_state,
            addition_reason: r.addition_reason,
            addition_decided_at: r.addition_decided_at,
            addition_decided_by: r.addition_decided_by,
            addition_decision_reason: r.addition_decision_reason,
            class_ids: r.class_ids,
        }
    }
}

/// A plan with its items.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Plan {
    #[schema(value_type = i64)]
    pub id: PlanId,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub year: i32,
    pub title: String,
    /// `draft`, `submitted`, `approved` or `rejected`.
    #[schema(value_type = String)]
    pub state: PlanState,
    pub budget_fen: i64,
    pub note: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<String>,
    pub late: bool,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
    pub decision_reason: Option<String>,
    pub version: i32,
    pub items: Vec<PlanItem>,
}

impl From<ganxun_storage::plans::Plan> for Plan {
    fn from(r: ganxun_storage::plans::Plan) -> Self {
        Self {
            id: r.id,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            year: r.year,
            title: r.title,
            state: r.state,
            budget_fen: r.budget_fen,
            note: r.note,
            submitted_at: r.submitted_at,
            submitted_by: r.submitted_by,
            late: r.late,
            decided_at: r.decided_at,
            decided_by: r.decided_by,
            decision_reason: r.decision_reason,
            version: r.version,
            items: r.items.into_iter().map(Into::into).collect(),
        }
    }
}
