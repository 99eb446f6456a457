//! Annual training plan use cases (R-PLAN-1, R-REG-10): a unit drafts and submits by the
//! configured date (late submissions are accepted and flagged), the authority approves or
//! returns it with a reason, and later additions are approved one by one.

pub mod execution;
pub mod print;

use crate::app::classes::rules;
use crate::app::{App, AppError, AppResult, FieldError, Principal};
use ganxun_domain::UnitId;
use ganxun_domain::code_enum::Vocabulary;
use ganxun_domain::plans::PlanState;
use ganxun_domain::{ClassKind, Permission};
use ganxun_domain::{PlanId, PlanItemId};
use ganxun_storage::plans::{self, ItemFields, Plan, PlanStep};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AnnualPlanInput {
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub year: i32,
    pub title: String,
    #[serde(default)]
    pub budget_fen: i64,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PlanPatch {
    pub version: i32,
    pub title: String,
    #[serde(default)]
    pub budget_fen: i64,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ItemInput {
    pub title: String,
    pub kind: String,
    #[serde(default)]
    pub target_trainees: String,
    #[serde(default)]
    pub trainees: i32,
    #[serde(default)]
    pub days: i32,
    #[serde(default)]
    pub budget_fen: i64,
    pub quarter: Option<i32>,
    /// Required for a temporary addition to an approved plan.
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct DecisionInput {
    /// `approve` or `reject` (plans and additions alike).
    pub decision: String,
    #[serde(default)]
    pub reason: String,
}

fn check_title(title: &str, errors: &mut Vec<FieldError>) {
    if title.trim().is_empty() || title.chars().count() > 100 {
        errors.push(FieldError::new(
            "title",
            "TITLE_INVALID",
            "名称不能为空，且不超过 100 个字",
        ));
    }
}

fn check_money(field: &str, fen: i64, errors: &mut Vec<FieldError>) {
    if !(0..=100_000_000_000).contains(&fen) {
        errors.push(FieldError::new(
            field,
            "BUDGET_INVALID",
            "预算须在 0 至 10 亿元之间",
        ));
    }
}

pub async fn list(
    app: &App,
    principal: &Principal,
    year: Option<i32>,
    state: Option<&str>,
) -> AppResult<Vec<Plan>> {
    let scope = principal.scope(app, Permission::ClassRead).await?;
    // A state no plan can be in matches no plan.
    let state = match state.map(PlanState::from_code).transpose() {
        Ok(state) => state,
        Err(_) => return Ok(Vec::new()),
    };
    Ok(plans::list(&app.db, &scope, year, state).await?)
}

pub async fn get(app: &App, principal: &Principal, id: PlanId) -> AppResult<Plan> {
    let scope = principal.scope(app, Permission::ClassRead).await?;
    Ok(plans::get(&app.db, &scope, id).await?)
}

pub async fn create(app: &App, principal: &Principal, input: &AnnualPlanInput) -> AppResult<Plan> {
    let scope = principal.scope(app, Permission::PlanWrite).await?;
    let mut errors = Vec::new();
    check_title(&input.title, &mut errors);
    check_money("budget_fen", input.budget_fen, &mut errors);
    if !(2000..=2100).contains(&input.year) {
        errors.push(FieldError::new(
            "year",
            "YEAR_INVALID",
            "年度须在 2000 至 2100 之间",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(plans::create(
        &app.db,
        &principal.actor(),
        app.now(),
        &scope,
        input.unit_id,
        input.year,
        input.title.trim(),
        input.budget_fen,
        input.note.trim(),
    )
    .await?)
}

pub async fn update(
    app: &App,
    principal: &Principal,
    id: PlanId,
    patch: &PlanPatch,
) -> AppResult<Plan> {
    let scope = principal.scope(app, Permission::PlanWrite).await?;
    let mut errors = Vec::new();
    check_title(&patch.title, &mut errors);
    check_money("budget_fen", patch.budget_fen, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(plans::update(
        &app.db,
        &principal.actor(),
        app.now(),
        &scope,
        id,
        patch.version,
        patch.title.trim(),
        patch.budget_fen,
        patch.note.trim(),
    )
    .await?)
}

pub async fn add_item(
    app: &App,
    principal: &Principal,
    plan_id: PlanId,
    input: &ItemInput,
) -> AppResult<Plan> {
    let scope = principal.scope(app, Permission::PlanWrite).await?;
    let plan = plans::get(&app.db, &scope, plan_id).await?;
    let mut errors = Vec::new();
    check_title(&input.title, &mut errors);
    check_money("budget_fen", input.budget_fen, &mut errors);
    let kind = ClassKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "UNKNOWN_CLASS_KIND",
            format!("无法识别的培训类型：{}", input.kind),
        ));
    }
    if input.quarter.is_some_and(|q| !(1..=4).contains(&q)) {
        errors.push(FieldError::new(
            "quarter",
            "QUARTER_INVALID",
            "季度须为 1 至 4",
        ));
    }
    if !(0..=100_000).contains(&input.trainees) || !(0..=366).contains(&input.days) {
        errors.push(FieldError::new(
            "trainees",
            "PLAN_ITEM_SIZE",
            "人数须在 0 至 100000、天数须在 0 至 366 之间",
        ));
    }
    if plan.state == PlanState::Approved && input.reason.trim().is_empty() {
        errors.push(FieldError::new(
            "reason",
            "REASON_REQUIRED",
            "计划已批准，临时增补须说明原因",
        ));
    }
    let Some(kind) = kind.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let fields = ItemFields {
        title: input.title.trim().to_owned(),
        kind,
        target_trainees: input.target_trainees.trim().to_owned(),
        trainees: input.trainees,
        days: input.days,
        budget_fen: input.budget_fen,
        quarter: input.quarter,
    };
    Ok(plans::add_item(
        &app.db,
        &principal.actor(),
        app.now(),
        &scope,
        plan_id,
        fields,
        input.reason.trim(),
    )
    .await?)
}

pub async fn remove_item(
    app: &App,
    principal: &Principal,
    plan_id: PlanId,
    item_id: PlanItemId,
) -> AppResult<Plan> {
    let scope = principal.scope(app, Permission::PlanWrite).await?;
    Ok(plans::remove_item(
        &app.db,
        &principal.actor(),
        app.now(),
        &scope,
        plan_id,
        item_id,
    )
    .await?)
}

/// Submits a draft; a submission after the configured date is flagged late.
pub async fn submit(app: &App, principal: &Principal, id: PlanId) -> AppResult<Plan> {
    let scope = principal.scope(app, Permission::PlanWrite).await?;
    let plan = plans::get(&app.db, &scope, id).await?;
    if plan.items.is_empty() {
        return Err(AppError::rule(
            "PLAN_EMPTY",
            "计划中还没有班次，请先添加再报送",
        ));
    }
    let settings = rules::load(app).await?.settings;
    let late = app.today() > settings.plan_due_on(plan.year);
    let step = PlanStep {
        from: PlanState::Draft,
        to: PlanState::Submitted,
        late: Some(late),
        decision_reason: None,
    };
    plans::step(&app.db, &principal.actor(), app.now(), &scope, id, step)
        .await
        .map_err(|e| wrong_state(e, plan.state, "报送"))
}

fn wrong_state(err: ganxun_storage::StoreError, state: PlanState, what: &str) -> AppError {
    match err.refusal::<ganxun_storage::error::StaleVersion>() {
        Some(_) => AppError::rule(
            "PLAN_WRONG_STATE",
            format!("计划当前状态为“{}”，不能{what}", state.label_zh()),
        ),
        None => err.into(),
    }
}

/// Approves or returns a submitted plan.
pub async fn decide(
    app: &App,
    principal: &Principal,
    id: PlanId,
    input: &DecisionInput,
) -> AppResult<Plan> {
    let scope = principal.scope(app, Permission::PlanApprove).await?;
    let plan = plans::get(&app.db, &scope, id).await?;
    let (to, verb) = match input.decision.as_str() {
        "approve" => (PlanState::Approved, "审批"),
        "reject" => (PlanState::Rejected, "退回"),
        other => {
            return Err(AppError::field(
                "decision",
                "UNKNOWN_DECISION",
                format!("无法识别的决定：{other}"),
            ));
        }
    };
    if to == PlanState::Rejected && input.reason.trim().is_empty() {
        return Err(AppError::field(
            "reason",
            "REASON_REQUIRED",
            "退回计划须说明原因",
        ));
    }
    if plan.submitted_by.as_deref() == Some(principal.username.as_str()) {
        return Err(AppError::rule("SELF_APPROVAL", "不能审批本人报送的计划"));
    }
    let step = PlanStep {
        from: PlanState::Submitted,
        to,
        late: None,
        decision_reason: Some(input.reason.trim().to_owned()),
    };
    plans::step(&app.db, &principal.actor(), app.now(), &scope, id, step)
        .await
        .map_err(|e| wrong_state(e, plan.state, verb))
}

/// Reopens a returned plan as a draft.
pub async fn revise(app: &App, principal: &Principal, id: PlanId) -> AppResult<Plan> {
    let scope = principal.scope(app, Permission::PlanWrite).await?;
    let plan = plans::get(&app.db, &scope, id).await?;
    let step = PlanStep {
        from: PlanState::Rejected,
        to: PlanState::Draft,
        late: None,
        decision_reason: None,
    };
    plans::step(&app.db, &principal.actor(), app.now(), &scope, id, step)
        .await
        .map_err(|e| wrong_state(e, plan.state, "修改"))
}

/// Decides a temporary addition.
pub async fn decide_addition(
    app: &App,
    principal: &Principal,
    plan_id: PlanId,
    item_id: PlanItemId,
    input: &DecisionInput,
) -> AppResult<Plan> {
    let scope = principal.scope(app, Permission::PlanApprove).await?;
    let approve = match input.decision.as_str() {
        "approve" => true,
        "reject" => false,
        other => {
            return Err(AppError::field(
                "decision",
                "UNKNOWN_DECISION",
                format!("无法识别的决定：{other}"),
            ));
        }
    };
    if !approve && input.reason.trim().is_empty() {
        return Err(AppError::field(
            "reason",
            "REASON_REQUIRED",
            "不同意临时增补须说明原因",
        ));
    }
    Ok(plans::decide_addition(
        &app.db,
        &principal.actor(),
        app.now(),
        &scope,
        plan_id,
        item_id,
        approve,
        input.reason.trim(),
    )
    .await?)
}
