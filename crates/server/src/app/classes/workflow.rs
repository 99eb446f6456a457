//! Moving a class through its states (R-CLS-2): submission with routing and flags, approval or
//! filing by the right body, rejection and revision with history, and the running stages.
//! Every move is checked against the domain's state machine and recorded with who, when, why.

use super::dossier::{ClassDetail, get};
use super::permitted::{check_approver, permission_for};
use super::{load, rules, teaching};
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::ClassId;
use ganxun_domain::classes::{ClassFacts, RoutingDecision, route, transition};
use ganxun_domain::notices::NoticeKind;
use ganxun_domain::{Category, ClassAction, ClassState, Permission};
use ganxun_storage::classes::{
    self, ClassRecord, ClassRoute, DecisionDetail, DecisionEffects, enrolment,
};
use ganxun_storage::notices::NewNotice;
use serde::Deserialize;
use utoipa::ToSchema;

/// A decision on a class.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ActionInput {
    /// An action code: submit, approve, file, reject, revise, open_enrolment, start, end,
    /// archive, cancel.
    pub action: String,
    /// Why: required to reject, cancel or end early; kept with the decision.
    #[serde(default)]
    pub reason: String,
}

fn facts(class: &ClassRecord) -> AppResult<ClassFacts> {
    Ok(ClassFacts {
        kind: class.kind,
        trainee_categories: class
            .trainee_categories
            .iter()
            .filter_map(|c| Category::parse(c))
            .collect(),
        host_type: class.host_type,
        starts_on: class.starts_on,
    })
}

fn require_reason(reason: &str, what: &str) -> AppResult<()> {
    if reason.trim().is_empty() {
        return Err(AppError::field(
            "reason",
            "REASON_REQUIRED",
            format!("{what}须说明原因"),
        ));
    }
    Ok(())
}

/// Notices to each unit with trainees in the class: who is expected, and who has not arrived.
async fn arrival_notices(
    app: &App,
    class: &ClassRecord,
    kind: NoticeKind,
) -> AppResult<Vec<NewNotice>> {
    let everything = ganxun_storage::classes::ClassVisibility::everything();
    let units = enrolment::arrival_by_unit(&app.db, &everything, class.id).await?;
    Ok(units
        .into_iter()
        .map(|u| NewNotice {
            unit_id: u.unit_id,
            unit_path: u.unit_path.clone(),
            kind,
            class_id: Some(class.id),
            // The kind's own name: a class opening is 开班通知, not 到位情况.
            title: format!("“{}”{}", class.title, kind.label_zh()),
            body: if kind == NoticeKind::ClassStarted {
                format!(
                    "“{}”于 {} 开班，贵单位应参训 {} 人。",
                    class.title, class.starts_on, u.enrolled
                )
            } else if u.missing.is_empty() {
                format!(
                    "“{}”贵单位应到 {} 人，实到 {} 人，全部到位。",
                    class.title, u.enrolled, u.arrived
                )
            } else {
                format!(
                    "“{}”贵单位应到 {} 人，实到 {} 人，未到：{}。",
                    class.title,
                    u.enrolled,
                    u.arrived,
                    u.missing.join("、")
                )
            },
        })
        .collect())
}

/// Notices to each unit with trainees when the class ends: its attendance rate and who was
/// absent without leave (R-ATT-3).
async fn attendance_notices(app: &App, class: &ClassRecord) -> AppResult<Vec<NewNotice>> {
    let lines = crate::app::attendance::report::unit_lines(app, class).await?;
    let arrival = enrolment::arrival_by_unit(
        &app.db,
        &ganxun_storage::classes::ClassVisibility::everything(),
        class.id,
    )
    .await?;
    Ok(arrival
        .into_iter()
        .map(|unit| {
            // The unit's own line, the same figure as the class page's attendance report.
            let line = lines.iter().find(|l| l.unit_id == unit.unit_id);
            let absentees = line.map(|l| l.absentees.join("、")).unwrap_or_default();
            // No session held or marked: no rate to state, and no "—" in an official notice.
            let attendance = match (line.and_then(|l| l.rate), absentees.is_empty()) {
                (None, _) => "未记录考勤".to_owned(),
                (Some(rate), true) => format!("出勤率 {rate:.1}%，无旷课"),
                (Some(rate), false) => format!("出勤率 {rate:.1}%；有旷课记录：{absentees}"),
            };
            NewNotice {
                unit_id: unit.unit_id,
                unit_path: unit.unit_path.clone(),
                kind: NoticeKind::ClassAttendance,
                class_id: Some(class.id),
                title: format!(
                    "“{}”{}",
                    class.title,
                    NoticeKind::ClassAttendance.label_zh()
                ),
                body: format!(
                    "“{}”已结束，贵单位 {} 人参训，{attendance}。",
                    class.title, unit.enrolled
                ),
            }
        })
        .collect())
}

/// Takes one decision on a class.
pub async fn act(
    app: &App,
    principal: &Principal,
    id: ClassId,
    input: &ActionInput,
) -> AppResult<ClassDetail> {
    // Who may act at all is settled before the input is read (the exact permission follows
    // from the action).
    principal.require_any(&[
        Permission::ClassWrite,
        Permission::ClassApprove,
        Permission::ClassRun,
    ])?;
    let action = ClassAction::parse(&input.action).ok_or_else(|| {
        AppError::field(
            "action",
            "UNKNOWN_ACTION",
            format!("无法识别的操作：{}", input.action),
        )
    })?;
    if action == ClassAction::Report {
        return Err(AppError::rule(
            "USE_REPORT_SUBMIT",
            "请在“绩效报告”中编辑并报送报告，报送后班次自动转为已报送",
        ));
    }
    let permission = permission_for(action);
    let class = load(app, principal, permission, id).await?;
    let from = class.state;
    let to = transition(from, action).map_err(|e| AppError::rule(e.code(), e))?;
    let today = app.today();
    let reason = input.reason.trim();
    let mut effects = DecisionEffects::default();
    let mut detail = DecisionDetail::default();
    match action {
        ClassAction::Submit => {
            let rules = rules::load(app).await?;
            teaching::require_sound_plan(app, &class, &rules).await?;
            let decision = route(&rules.routing, &facts(&class)?, today, &rules.calendar);
            let route = kept_route(&decision)?;
            effects.route =
                Some(serde_json::to_string(&route).map_err(|e| AppError::Internal(e.into()))?);
            detail.route = Some(route);
            effects.submitted = true;
        }
        ClassAction::Approve | ClassAction::File => {
            check_approver(app, principal, &class, action).await?;
            let rules = rules::load(app).await?;
            let categories = facts(&class)?.trainee_categories;
            effects.report_due_on = rules.settings.report_due_on(class.ends_on, &categories);
            effects.decided = true;
        }
        ClassAction::Reject => {
            check_approver(app, principal, &class, action).await?;
            require_reason(reason, "退回")?;
            effects.decided = true;
        }
        ClassAction::Cancel => require_reason(reason, "取消班次")?,
        ClassAction::Start => {
            if today < class.starts_on {
                return Err(AppError::rule(
                    "CLASS_NOT_STARTED_YET",
                    format!("开班日期为 {}，不能提前开班", class.starts_on),
                ));
            }
            if class.enrolled == 0 {
                return Err(AppError::rule(
                    "CLASS_HAS_NO_TRAINEES",
                    "班次还没有报名学员，不能开班",
                ));
            }
            effects.notices = arrival_notices(app, &class, NoticeKind::ClassStarted).await?;
        }
        ClassAction::End => {
            effects.notices = attendance_notices(app, &class).await?;
            // Promised with the end, in its transaction: the class never stays ended without
            // its credits, even if the posting below fails or the server stops (issue 15).
            effects.follow_ups = vec![crate::app::follow_ups::CLASS_CREDITS];
            if today < class.ends_on && reason.is_empty() {
                return Err(AppError::field(
                    "reason",
                    "REASON_REQUIRED",
                    format!("结束日期为 {}，提前结束须说明原因", class.ends_on),
                ));
            }
        }
        ClassAction::Revise
        | ClassAction::OpenEnrolment
        | ClassAction::Archive
        | ClassAction::Report => {}
    }
    classes::decide(
        &app.db,
        &principal.actor(),
        app.now(),
        id,
        action,
        from,
        to,
        reason,
        detail,
        effects,
    )
    .await?;
    if action == ClassAction::End {
        crate::app::follow_ups::run_for(app, crate::app::follow_ups::CLASS_CREDITS, id.0).await;
    }
    get(app, principal, id).await
}

/// Sends the arrival report (到位情况) of a running class to the trainees' units.
pub async fn send_arrival_report(
    app: &App,
    principal: &Principal,
    id: ClassId,
) -> AppResult<usize> {
    let class = load(app, principal, Permission::ClassRun, id).await?;
    if !matches!(class.state, ClassState::InProgress | ClassState::Ended) {
        return Err(AppError::rule(
            "CLASS_NOT_RUNNING",
            "开班后才能报送到位情况",
        ));
    }
    let notices = arrival_notices(app, &class, NoticeKind::ArrivalReport).await?;
    Ok(ganxun_storage::notices::send(&app.db, &principal.actor(), app.now(), notices).await?)
}

/// The routing decision as the class keeps it: the domain's decision with the Chinese
/// explanation beside each flag, as the approver reads it.
fn kept_route(decision: &RoutingDecision) -> AppResult<ClassRoute> {
    let value = serde_json::to_value(decision).map_err(|e| AppError::Internal(e.into()))?;
    let mut route: ClassRoute =
        serde_json::from_value(value).map_err(|e| AppError::Internal(e.into()))?;
    for (kept, flag) in route.flags.iter_mut().zip(&decision.flags) {
        kept.message = flag.to_string();
    }
    Ok(route)
}
