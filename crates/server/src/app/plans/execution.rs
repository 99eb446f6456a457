//! How an annual plan was carried out (年度培训计划执行情况, issue 17 item 12): every class the
//! plan intends — its items and approved additions — against the classes held for it, where
//! each stands today, and the classes its unit held in the year outside the plan. Read with the
//! plan's own permission and scope.

use super::get;
use crate::app::{App, AppResult, Principal};
use chrono::NaiveDate;
use ganxun_domain::ClassKind;
use ganxun_domain::plans::execution::{self as rules, ItemProgress};
use ganxun_domain::plans::{AdditionState, PlanState};
use ganxun_domain::{ClassId, ClassState};
use ganxun_domain::{PlanId, PlanItemId};
use ganxun_storage::plans::execution::{HeldClass, held_classes};
use ganxun_storage::plans::{Plan, PlanItem};
use serde::Serialize;
use utoipa::ToSchema;

/// A plan against what was done.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Execution {
    #[schema(value_type = i64)]
    pub plan_id: PlanId,
    pub title: String,
    pub unit_name: String,
    pub year: i32,
    #[schema(value_type = String)]
    pub state: PlanState,
    /// The day the figures are for (today, China time).
    pub as_of: NaiveDate,
    pub items: Vec<ItemExecution>,
    /// Classes the unit organised in the year that no item names (计划外).
    pub unplanned: Vec<ClassHeld>,
    pub totals: ExecutionTotals,
}

/// One planned class against the classes held for it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemExecution {
    #[schema(value_type = i64)]
    pub item_id: PlanItemId,
    pub title: String,
    #[schema(value_type = String)]
    pub kind: ClassKind,
    pub quarter: Option<i32>,
    /// A temporary addition (临时增补), approved.
    pub addition: bool,
    pub planned_trainees: i32,
    pub planned_days: i32,
    pub budget_fen: i64,
    #[schema(value_type = String)]
    pub progress: ItemProgress,
    pub progress_label: String,
    /// The classes created from the item (returned or cancelled ones included, marked so).
    pub classes: Vec<ClassHeld>,
    /// Trainees enrolled in its classes that carry it out.
    pub enrolled: i64,
    /// Days of those classes.
    pub days_held: i64,
}

/// A class as the execution report shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClassHeld {
    #[schema(value_type = i64)]
    pub id: ClassId,
    pub title: String,
    #[schema(value_type = String)]
    pub state: ClassState,
    pub state_label: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub host_name: String,
    pub enrolled: i64,
    pub days: i64,
    /// Returned or cancelled: listed, not counted.
    pub counts: bool,
}

/// The plan's figures.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ExecutionTotals {
    pub items: usize,
    pub done: usize,
    pub running: usize,
    pub preparing: usize,
    pub not_started: usize,
    pub overdue: usize,
    /// Items done, in whole percent (none without items).
    pub done_percent: Option<u32>,
    pub planned_trainees: i64,
    pub enrolled: i64,
    pub planned_days: i64,
    pub days_held: i64,
    pub budget_fen: i64,
    pub unplanned_classes: usize,
    pub unplanned_enrolled: i64,
}

/// `GET /plans/{id}/execution`.
pub async fn execution(app: &App, principal: &Principal, id: PlanId) -> AppResult<Execution> {
    of_plan(app, get(app, principal, id).await?).await
}

/// The execution of a plan the caller has already read (and so may see).
pub async fn of_plan(app: &App, plan: Plan) -> AppResult<Execution> {
    let (planned, unplanned) = held_classes(&app.db, &plan).await?;
    Ok(assemble(plan, planned, unplanned, app.today()))
}

/// The items that are part of the plan: those drafted with it and additions once approved.
pub fn in_force(item: &PlanItem) -> bool {
    matches!(
        item.addition_state,
        AdditionState::InPlan | AdditionState::Approved
    )
}

fn held(class: HeldClass) -> ClassHeld {
    ClassHeld {
        days: rules::class_days(class.starts_on, class.ends_on),
        counts: rules::carries_out(class.state),
        state_label: class.state.label_zh().to_owned(),
        id: class.id,
        title: class.title,
        state: class.state,
        starts_on: class.starts_on,
        ends_on: class.ends_on,
        host_name: class.host_name,
        enrolled: class.enrolled,
    }
}

fn assemble(
    plan: Plan,
    planned: Vec<HeldClass>,
    unplanned: Vec<HeldClass>,
    today: NaiveDate,
) -> Execution {
    let mut totals = ExecutionTotals::default();
    let items: Vec<ItemExecution> = plan
        .items
        .iter()
        .filter(|item| in_force(item))
        .map(|item| {
            let classes: Vec<ClassHeld> = planned
                .iter()
                .filter(|c| c.plan_item_id == Some(item.id))
                .cloned()
                .map(held)
                .collect();
            let states: Vec<ClassState> = classes.iter().map(|c| c.state).collect();
            let progress = rules::progress(plan.year, item.quarter, &states, today);
            let counted = classes.iter().filter(|c| c.counts);
            let enrolled = counted.clone().map(|c| c.enrolled).sum();
            let days_held = counted.map(|c| c.days).sum();
            ItemExecution {
                item_id: item.id,
                title: item.title.clone(),
                kind: item.kind,
                quarter: item.quarter,
                addition: item.addition_state == AdditionState::Approved,
                planned_trainees: item.trainees,
                planned_days: item.days,
                budget_fen: item.budget_fen,
                progress,
                progress_label: progress.label_zh().to_owned(),
                classes,
                enrolled,
                days_held,
            }
        })
        .collect();
    for item in &items {
        totals.items += 1;
        match item.progress {
            ItemProgress::Done => totals.done += 1,
            ItemProgress::Running => totals.running += 1,
            ItemProgress::Preparing => totals.preparing += 1,
            ItemProgress::NotStarted => totals.not_started += 1,
            ItemProgress::Overdue => totals.overdue += 1,
        }
        totals.planned_trainees += i64::from(item.planned_trainees);
        totals.enrolled += item.enrolled;
        totals.planned_days += i64::from(item.planned_days);
        totals.days_held += item.days_held;
        totals.budget_fen += item.budget_fen;
    }
    totals.done_percent = rules::done_percent(totals.done, totals.items);
    let unplanned: Vec<ClassHeld> = unplanned
        .into_iter()
        .map(held)
        .filter(|c| c.counts)
        .collect();
    totals.unplanned_classes = unplanned.len();
    totals.unplanned_enrolled = unplanned.iter().map(|c| c.enrolled).sum();
    Execution {
        plan_id: plan.id,
        title: plan.title,
        unit_name: plan.unit_name,
        year: plan.year,
        state: plan.state,
        as_of: today,
        items,
        unplanned,
        totals,
    }
}
