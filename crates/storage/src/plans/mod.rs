//! Annual training plans (年度培训计划, R-PLAN-1): a unit drafts the classes it intends and a
//! budget, submits by the configured date, the authority approves; after approval, additions
//! are temporary additions (临时增补) that count only once approved themselves.

pub mod execution;

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{org_unit, training_class, training_plan, training_plan_item};
use crate::error::{StaleVersion, StoreError, StoreResult};
use crate::org::scope::AccessScope;
use chrono::{DateTime, Utc};
use ganxun_domain::PlanId;
use ganxun_domain::PlanItemId;
use ganxun_domain::UnitId;
use ganxun_domain::plans::{AdditionState, PlanState};
use ganxun_domain::{ClassId, ClassKind, Problem};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use std::collections::HashMap;

/// One intended class of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    pub id: PlanItemId,
    pub title: String,
    pub kind: ClassKind,
    pub target_trainees: String,
    pub trainees: i32,
    pub days: i32,
    pub budget_fen: i64,
    pub quarter: Option<i32>,
    pub after_approval: bool,
    /// `none` for items of the plan as approved; `pending`, `approved` or `rejected` for
    /// temporary additions.
    pub addition_state: AdditionState,
    pub addition_reason: String,
    pub addition_decided_at: Option<DateTime<Utc>>,
    pub addition_decided_by: Option<String>,
    pub addition_decision_reason: Option<String>,
    /// Classes created from this item.
    pub class_ids: Vec<ClassId>,
}

/// A plan with its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub id: PlanId,
    pub unit_id: UnitId,
    pub unit_name: String,
    #[serde(skip)]
    pub unit_path: String,
    pub year: i32,
    pub title: String,
    /// `draft`, `submitted`, `approved` or `rejected`.
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

/// The fields of an item as a unit enters them.
#[derive(Debug, Clone)]
pub struct ItemFields {
    pub title: String,
    pub kind: ClassKind,
    pub target_trainees: String,
    pub trainees: i32,
    pub days: i32,
    pub budget_fen: i64,
    pub quarter: Option<i32>,
}

async fn assemble(
    conn: &impl ConnectionTrait,
    plans: Vec<training_plan::Model>,
) -> StoreResult<Vec<Plan>> {
    let ids: Vec<PlanId> = plans.iter().map(|p| p.id).collect();
    let items = training_plan_item::Entity::find()
        .filter(training_plan_item::Column::PlanId.is_in(ids))
        .order_by_asc(training_plan_item::Column::Id)
        .all(conn)
        .await?;
    let mut classes: HashMap<PlanItemId, Vec<ClassId>> = HashMap::new();
    for class in training_class::Entity::find()
        .filter(
            training_class::Column::PlanItemId
                .is_in(items.iter().map(|i| i.id).collect::<Vec<_>>()),
        )
        .all(conn)
        .await?
    {
        if let Some(item) = class.plan_item_id {
            classes.entry(item).or_default().push(class.id);
        }
    }
    let units: HashMap<UnitId, String> = org_unit::Entity::find()
        .filter(org_unit::Column::Id.is_in(plans.iter().map(|p| p.unit_id).collect::<Vec<_>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut by_plan: HashMap<PlanId, Vec<PlanItem>> = HashMap::new();
    for i in items {
        by_plan.entry(i.plan_id).or_default().push(PlanItem {
            class_ids: classes.remove(&i.id).unwrap_or_default(),
            id: i.id,
            title: i.title,
            kind: i.kind,
            target_trainees: i.target_trainees,
            trainees: i.trainees,
            days: i.days,
            budget_fen: i.budget_fen,
            quarter: i.quarter,
            after_approval: i.after_approval,
            addition_state: i.addition_state,
            addition_reason: i.addition_reason,
            addition_decided_at: i.addition_decided_at,
            addition_decided_by: i.addition_decided_by,
            addition_decision_reason: i.addition_decision_reason,
        });
    }
    Ok(plans
        .into_iter()
        .map(|p| Plan {
            items: by_plan.remove(&p.id).unwrap_or_default(),
            unit_name: units.get(&p.unit_id).cloned().unwrap_or_default(),
            id: p.id,
            unit_id: p.unit_id,
            unit_path: p.unit_path,
            year: p.year,
            title: p.title,
            state: p.state,
            budget_fen: p.budget_fen,
            note: p.note,
            submitted_at: p.submitted_at,
            submitted_by: p.submitted_by,
            late: p.late,
            decided_at: p.decided_at,
            decided_by: p.decided_by,
            decision_reason: p.decision_reason,
            version: p.version,
        })
        .collect())
}

fn scoped(scope: &AccessScope) -> sea_orm::Select<training_plan::Entity> {
    training_plan::Entity::find().filter(scope.condition(
        training_plan::Column::UnitPath,
        training_plan::Column::UnitId,
        None::<training_plan::Column>,
    ))
}

/// Plans inside the scope, for one year or all, by unit.
pub async fn list(
    db: &Db,
    scope: &AccessScope,
    year: Option<i32>,
    state: Option<PlanState>,
) -> StoreResult<Vec<Plan>> {
    let mut query = scoped(scope);
    if let Some(year) = year {
        query = query.filter(training_plan::Column::Year.eq(year));
    }
    if let Some(state) = state {
        query = query.filter(training_plan::Column::State.eq(state));
    }
    let plans = query
        .order_by_desc(training_plan::Column::Year)
        .order_by_asc(training_plan::Column::UnitPath)
        .all(&db.conn)
        .await?;
    assemble(&db.conn, plans).await
}

/// One plan inside the scope.
pub async fn get(db: &Db, scope: &AccessScope, id: PlanId) -> StoreResult<Plan> {
    let plan = scoped(scope)
        .filter(training_plan::Column::Id.eq(id))
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    assemble(&db.conn, vec![plan])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

async fn reload(conn: &impl ConnectionTrait, id: PlanId) -> StoreResult<Plan> {
    let plan = training_plan::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    assemble(conn, vec![plan])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Starts a unit's plan for a year (one per unit and year).
#[allow(clippy::too_many_arguments, reason = "the fields of a plan")]
pub async fn create(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    unit_id: UnitId,
    year: i32,
    title: &str,
    budget_fen: i64,
    note: &str,
) -> StoreResult<Plan> {
    let unit = crate::org::get_unit(db, scope, unit_id).await?;
    let tx = db.begin_write().await?;
    let inserted = training_plan::ActiveModel {
        unit_id: Set(unit_id),
        unit_path: Set(unit.path),
        year: Set(year),
        title: Set(title.to_owned()),
        state: Set(PlanState::Draft),
        budget_fen: Set(budget_fen),
        note: Set(note.to_owned()),
        submitted_at: Set(None),
        submitted_by: Set(None),
        late: Set(false),
        decided_at: Set(None),
        decided_by: Set(None),
        decision_reason: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let plan = reload(&tx, inserted.id).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("plan.create", "training_plan", plan.id).after(&plan),
    )
    .await?;
    tx.commit().await?;
    Ok(plan)
}

/// Changes the plan's own fields while it is a draft.
#[allow(clippy::too_many_arguments, reason = "the fields of a plan")]
pub async fn update(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    id: PlanId,
    expected_version: i32,
    title: &str,
    budget_fen: i64,
    note: &str,
) -> StoreResult<Plan> {
    let before = get(db, scope, id).await?;
    let tx = db.begin_write().await?;
    let current = training_plan::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::refused(StaleVersion));
    }
    if current.state != PlanState::Draft {
        return Err(StoreError::refused(Refusal::PlanNotEditable {
            state: current.state,
        }));
    }
    let mut model: training_plan::ActiveModel = current.into();
    model.title = Set(title.to_owned());
    model.budget_fen = Set(budget_fen);
    model.note = Set(note.to_owned());
    model.version = Set(expected_version + 1);
    model.updated_at = Set(now);
    model.update(&tx).await?;
    let after = reload(&tx, id).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("plan.update", "training_plan", id)
            .before(&before)
            .after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Adds an item. To a draft it is part of the plan; to an approved plan it is a temporary
/// addition waiting for approval, with the unit's reason. Other states refuse.
pub async fn add_item(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    plan_id: PlanId,
    fields: ItemFields,
    addition_reason: &str,
) -> StoreResult<Plan> {
    get(db, scope, plan_id).await?;
    let tx = db.begin_write().await?;
    let plan = training_plan::Entity::find_by_id(plan_id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let after_approval = match plan.state {
        PlanState::Draft => false,
        PlanState::Approved => true,
        _ => {
            return Err(StoreError::refused(Refusal::PlanNotEditable {
                state: plan.state,
            }));
        }
    };
    let item = training_plan_item::ActiveModel {
        plan_id: Set(plan_id),
        title: Set(fields.title),
        kind: Set(fields.kind),
        target_trainees: Set(fields.target_trainees),
        trainees: Set(fields.trainees),
        days: Set(fields.days),
        budget_fen: Set(fields.budget_fen),
        quarter: Set(fields.quarter),
        after_approval: Set(after_approval),
        addition_state: Set(if after_approval {
            AdditionState::Pending
        } else {
            AdditionState::InPlan
        }),
        addition_reason: Set(addition_reason.to_owned()),
        addition_decided_at: Set(None),
        addition_decided_by: Set(None),
        addition_decision_reason: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let action = if after_approval {
        "plan.addition.request"
    } else {
        "plan.item.add"
    };
    audit::append(&tx, db.key()?, actor, now, AuditEvent::new(action, "training_plan", plan_id).after(serde_json::json!({ "item_id": item.id, "title": item.title, "reason": addition_reason }))).await?;
    let after = reload(&tx, plan_id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Removes an item from a draft plan.
pub async fn remove_item(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    plan_id: PlanId,
    item_id: PlanItemId,
) -> StoreResult<Plan> {
    get(db, scope, plan_id).await?;
    let tx = db.begin_write().await?;
    let plan = training_plan::Entity::find_by_id(plan_id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if plan.state != PlanState::Draft {
        return Err(StoreError::refused(Refusal::PlanNotEditable {
            state: plan.state,
        }));
    }
    let removed = training_plan_item::Entity::delete_many()
        .filter(training_plan_item::Column::Id.eq(item_id))
        .filter(training_plan_item::Column::PlanId.eq(plan_id))
        .exec(&tx)
        .await?
        .rows_affected;
    if removed == 0 {
        return Err(StoreError::NotFound);
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("plan.item.remove", "training_plan", plan_id)
            .after(serde_json::json!({ "item_id": item_id })),
    )
    .await?;
    let after = reload(&tx, plan_id).await?;
    tx.commit().await?;
    Ok(after)
}

/// A move of a plan between states, as the application decided it.
#[derive(Debug, Clone)]
pub struct PlanStep {
    pub from: PlanState,
    pub to: PlanState,
    /// Submission: whether it came after the configured date.
    pub late: Option<bool>,
    /// Approval or rejection: the reason kept with it.
    pub decision_reason: Option<String>,
}

/// Moves a plan from one state to another, refusing if it is no longer in `from`.
pub async fn step(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    id: PlanId,
    step: PlanStep,
) -> StoreResult<Plan> {
    get(db, scope, id).await?;
    let tx = db.begin_write().await?;
    let mut update = Query::update();
    update
        .table(training_plan::Entity)
        .value(training_plan::Column::State, step.to)
        .value(
            training_plan::Column::Version,
            Expr::col(training_plan::Column::Version).add(1),
        )
        .value(training_plan::Column::UpdatedAt, now)
        .and_where(Expr::col(training_plan::Column::Id).eq(id))
        .and_where(Expr::col(training_plan::Column::State).eq(step.from));
    if let Some(late) = step.late {
        update
            .value(training_plan::Column::Late, late)
            .value(training_plan::Column::SubmittedAt, now)
            .value(training_plan::Column::SubmittedBy, actor.name.as_str());
    }
    if let Some(reason) = &step.decision_reason {
        update
            .value(training_plan::Column::DecidedAt, now)
            .value(training_plan::Column::DecidedBy, actor.name.as_str())
            .value(training_plan::Column::DecisionReason, reason.as_str());
    }
    if tx.execute(&update).await?.rows_affected() == 0 {
        return Err(StoreError::refused(StaleVersion));
    }
    audit::append(&tx, db.key()?, actor, now, AuditEvent::new("plan.decision", "training_plan", id)
        .before(serde_json::json!({ "state": step.from }))
        .after(serde_json::json!({ "state": step.to, "late": step.late, "reason": step.decision_reason }))).await?;
    let after = reload(&tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// The authority's decision on a temporary addition.
#[allow(
    clippy::too_many_arguments,
    reason = "one decision has this many facts"
)]
pub async fn decide_addition(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    plan_id: PlanId,
    item_id: PlanItemId,
    approve: bool,
    reason: &str,
) -> StoreResult<Plan> {
    get(db, scope, plan_id).await?;
    let tx = db.begin_write().await?;
    let item = training_plan_item::Entity::find_by_id(item_id)
        .filter(training_plan_item::Column::PlanId.eq(plan_id))
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if item.addition_state != AdditionState::Pending {
        return Err(StoreError::refused(Refusal::AdditionNotPending));
    }
    let mut model: training_plan_item::ActiveModel = item.into();
    model.addition_state = Set(if approve {
        AdditionState::Approved
    } else {
        AdditionState::Rejected
    });
    model.addition_decided_at = Set(Some(now));
    model.addition_decided_by = Set(Some(actor.name.clone()));
    model.addition_decision_reason = Set(Some(reason.to_owned()));
    model.update(&tx).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("plan.addition.decide", "training_plan", plan_id)
            .after(serde_json::json!({ "item_id": item_id, "approve": approve, "reason": reason })),
    )
    .await?;
    let after = reload(&tx, plan_id).await?;
    tx.commit().await?;
    Ok(after)
}

/// One plan item by id, with its plan's unit path (for linking a class to it).
pub async fn item_with_plan(
    db: &Db,
    item_id: PlanItemId,
) -> StoreResult<(training_plan_item::Model, training_plan::Model)> {
    let item = training_plan_item::Entity::find_by_id(item_id)
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let plan = training_plan::Entity::find_by_id(item.plan_id)
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok((item, plan))
}

/// What a plan refuses inside the transaction that would change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A plan changes only as a draft (items: also as a temporary addition once approved).
    PlanNotEditable { state: PlanState },
    /// The temporary addition was already decided.
    AdditionNotPending,
}

impl Problem for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::PlanNotEditable { .. } => "PLAN_NOT_EDITABLE",
            Refusal::AdditionNotPending => "ADDITION_NOT_PENDING",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::PlanNotEditable { state } => format!(
                "培训计划当前状态为“{}”，不能修改；已批准的计划只能申请临时增补",
                state.label_zh()
            ),
            Refusal::AdditionNotPending => "该临时增补已经审批过，不能重复审批".to_owned(),
        }
    }
}
