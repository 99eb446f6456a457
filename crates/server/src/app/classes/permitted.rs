//! Who may take which action on a class now (R-CLS-2): the permission each action needs, the
//! caller's reach over the class, and for approval or filing the body its route names — never
//! the account that submitted it. Used by the moves themselves and by the class page, which
//! offers only the actions that would succeed.

use super::organised_within;
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::classes::RoutingDecision;
use ganxun_domain::{Approver, ClassAction, Permission, UnitType};
use ganxun_storage::classes::ClassRecord;
use ganxun_storage::org;

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
    if class.submitted_by == Some(principal.account_id) {
        return Err(AppError::rule(
            "SELF_APPROVAL",
            "不能审批本人申报的班次，请由审批部门的其他人员审批",
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
    if decision.approver == Approver::OrganisationDepartment
        && !at_organisation_department(app, principal).await?
    {
        return Err(AppError::rule(
            "APPROVER_MISMATCH",
            format!("按申报路由“{}”，该班次须由组织部门审批", decision.rule),
        ));
    }
    Ok(())
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
