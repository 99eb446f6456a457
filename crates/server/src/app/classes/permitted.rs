//! Who may take which action on a class now (R-CLS-2): the permission each action needs, the
//! caller's reach over the class, and for approval or filing the body its route names — never
//! the account that submitted it. Used by the moves themselves and by the class page, which
//! offers only the actions that would succeed and says who may approve and why not the caller.

use super::organised_within;
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::AccountId;
use ganxun_domain::classes::RoutingDecision;
use ganxun_domain::{Approver, ClassAction, ClassState, Permission, Role, UnitType};
use ganxun_storage::classes::ClassRecord;
use ganxun_storage::org;
use serde::Serialize;
use utoipa::ToSchema;

/// The permission an action needs.
pub(super) fn permission_for(action: ClassAction) -> Permission {
    match action {
        ClassAction::Submit | ClassAction::Revise | ClassAction::Cancel => Permission::ClassWrite,
        ClassAction::Approve | ClassAction::File | ClassAction::Reject | ClassAction::Archive => {
            Permission::ClassApprove
        }
        ClassAction::OpenEnrolment
        | ClassAction::Start
        | ClassAction::End
        | ClassAction::Report => Permission::ClassRun,
    }
}

fn routing_of(class: &ClassRecord) -> Option<RoutingDecision> {
    class
        .route
        .as_ref()
        .and_then(|r| serde_json::to_value(r).ok())
        .and_then(|r| serde_json::from_value(r).ok())
}

/// Whether the caller's own unit is an organisation department.
async fn at_organisation_department(app: &App, principal: &Principal) -> AppResult<bool> {
    Ok(org::get_unit_unscoped(&app.db, principal.unit_id)
        .await?
        .unit_type
        == UnitType::OrganisationDepartment)
}

/// Why an account may not approve or file a submitted class; the class page words each (issue
/// 17 item 9: a class page says who may decide and why not the caller).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotApprover {
    /// The account's roles do not approve classes.
    NoPermission,
    /// The account's grants do not reach the organising unit.
    OutOfReach,
    /// The account submitted the class: nobody approves what they entered (R-CLS-2).
    SubmittedIt,
    /// The route names the organisation department and the account's unit is not one.
    NotOrganisationDepartment,
}

/// Who may approve or file a submitted class, and why not the caller.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApprovalInfo {
    /// The action that records the approver's "yes": `approve`, or `file` when the class is
    /// approved and then filed with the organisation department.
    pub decision: String,
    /// The accounts that may decide now: an approver of the class's own level other than the
    /// one who submitted it, or of a higher unit whose grants reach it. Empty when nobody can.
    pub approvers: Vec<ApproverName>,
    /// Why the caller may not decide; absent when the caller may.
    pub why_not_me: Option<NotApprover>,
}

/// An account that may decide, as the class page names it (no personal data).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApproverName {
    pub display_name: String,
    pub unit_name: String,
}

/// Why `principal` may not decide this class as `decision` routes it; None when it may. Reach
/// is the grants' scope: an approver of a higher unit whose scope covers the organising unit
/// decides like one of its own level.
async fn why_not(
    app: &App,
    principal: &Principal,
    class: &ClassRecord,
    decision: &RoutingDecision,
) -> AppResult<Option<NotApprover>> {
    if !principal.may(Permission::ClassApprove) {
        return Ok(Some(NotApprover::NoPermission));
    }
    let reach = super::visibility(app, principal, Permission::ClassApprove).await?;
    if !organised_within(class, &reach.organised_in) {
        return Ok(Some(NotApprover::OutOfReach));
    }
    if class.submitted_by == Some(principal.account_id) {
        return Ok(Some(NotApprover::SubmittedIt));
    }
    if decision.approver == Approver::OrganisationDepartment
        && !at_organisation_department(app, principal).await?
    {
        return Ok(Some(NotApprover::NotOrganisationDepartment));
    }
    Ok(None)
}

/// Checks that the caller is the right body to approve or file this class.
pub(super) async fn check_approver(
    app: &App,
    principal: &Principal,
    class: &ClassRecord,
    action: ClassAction,
) -> AppResult<()> {
    let decision = routing_of(class).ok_or_else(|| {
        AppError::rule(
            "CLASS_NOT_ROUTED",
            "该班次没有申报路由记录，请退回后重新申报",
        )
    })?;
    // The class was loaded through the caller's grants: permission and reach hold.
    let why = why_not(app, principal, class, &decision).await?;
    if why == Some(NotApprover::SubmittedIt) {
        return Err(AppError::rule(
            "SELF_APPROVAL",
            "您提交了此申报，不能审批本人申报的班次，须由本级其他审批人或上级单位审批",
        ));
    }
    if matches!(action, ClassAction::Approve | ClassAction::File) {
        let expected = decision.deciding_action();
        if action != expected {
            return Err(AppError::rule(
                "WRONG_DECISION",
                format!(
                    "按申报路由“{}”，该班次应“{}”",
                    decision.rule,
                    expected.label_zh()
                ),
            ));
        }
    }
    if why == Some(NotApprover::NotOrganisationDepartment) {
        return Err(AppError::rule(
            "APPROVER_MISMATCH",
            format!("按申报路由“{}”，该班次须由组织部门审批", decision.rule),
        ));
    }
    Ok(())
}

/// Who may approve or file a submitted class and why not the caller; None in other states.
pub async fn approval_info(
    app: &App,
    principal: &Principal,
    class: &ClassRecord,
) -> AppResult<Option<ApprovalInfo>> {
    if class.state != ClassState::Submitted {
        return Ok(None);
    }
    let Some(decision) = routing_of(class) else {
        return Ok(None);
    };
    let mut approvers = Vec::new();
    for role in Role::ALL
        .iter()
        .filter(|r| r.permits(Permission::ClassApprove))
    {
        for holder in ganxun_storage::accounts::holders_of(&app.db, *role).await? {
            if approvers
                .iter()
                .any(|(id, _): &(AccountId, ApproverName)| *id == holder.id)
            {
                continue;
            }
            let candidate = Principal::of_account(app, holder.id).await?;
            if why_not(app, &candidate, class, &decision).await?.is_none() {
                approvers.push((
                    holder.id,
                    ApproverName {
                        display_name: holder.display_name,
                        unit_name: holder.unit_name,
                    },
                ));
            }
        }
    }
    Ok(Some(ApprovalInfo {
        decision: decision.deciding_action().code().to_owned(),
        approvers: approvers.into_iter().map(|(_, name)| name).collect(),
        why_not_me: why_not(app, principal, class, &decision).await?,
    }))
}

/// The actions the caller may take on this class now.
pub async fn available_actions(
    app: &App,
    principal: &Principal,
    class: &ClassRecord,
) -> AppResult<Vec<String>> {
    let state = class.state;
    let mut actions = Vec::new();
    for action in state.allowed_actions() {
        if action == ClassAction::Report {
            continue;
        }
        let permission = permission_for(action);
        if !principal.may(permission) {
            continue;
        }
        let reach = super::visibility(app, principal, permission).await?;
        let reaches = organised_within(class, &reach.organised_in)
            || reach.head_teacher.is_some() && class.head_teacher_account_id == reach.head_teacher;
        if !reaches {
            continue;
        }
        if matches!(
            action,
            ClassAction::Approve | ClassAction::File | ClassAction::Reject
        ) && check_approver(app, principal, class, action).await.is_err()
        {
            continue;
        }
        actions.push(action.code().to_owned());
    }
    Ok(actions)
}
