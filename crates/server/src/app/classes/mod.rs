//! Training class use cases (issue 4, SPEC §3): the dossier, its approval and filing, the
//! teaching plan, enrolment and arrival, the performance report and certificates.
//!
//! Who sees a class: accounts whose class grants reach the organising unit, head teachers for
//! the classes they lead, trainees for the classes they are enrolled in, and — while a class is
//! enrolling — the administrators of the units that may nominate people to it (they see only
//! their own people on its roster).

pub mod attachments;
pub mod candidates;
pub mod certificates;
pub mod dossier;
pub mod enrolment;
pub mod exports;
pub mod hosts;
pub mod name_list;
pub mod permitted;
pub mod reports;
pub mod rules;
pub mod teaching;
pub mod workflow;

use super::{App, AppError, AppResult, Principal};
use ganxun_domain::{ClassActivity, ClassId, Permission, Role, UnitId};
use ganxun_storage::AccessScope;
use ganxun_storage::classes::{self, ClassRecord, ClassVisibility};

/// The classes `principal` reaches through `permission`.
pub async fn visibility(
    app: &App,
    principal: &Principal,
    permission: Permission,
) -> AppResult<ClassVisibility> {
    principal.require(permission)?;
    let mut visibility = ClassVisibility::default();
    for grant in principal
        .grants
        .iter()
        .filter(|g| g.role.permits(permission))
    {
        match grant.role {
            Role::HeadTeacher => visibility.head_teacher = Some(principal.account_id),
            Role::Trainee => visibility.enrolled_person = principal.person_id,
            _ => {
                let part = principal.grant_scope(app, grant, permission).await?;
                let merged = std::mem::take(&mut visibility.organised_in).union(part);
                visibility.organised_in = merged;
            }
        }
    }
    // The office a class names for leave reads the class (its plan and roster) to decide.
    if permission == Permission::ClassRead && principal.may(Permission::LeaveApprove) {
        visibility.leave_office_in = own_unit_and_ancestors(app, principal).await?;
    }
    Ok(visibility)
}

/// The caller's unit and every unit above it: the offices the caller belongs to.
pub(crate) async fn own_unit_and_ancestors(
    app: &App,
    principal: &Principal,
) -> AppResult<Vec<UnitId>> {
    let unit = ganxun_storage::org::get_unit_unscoped(&app.db, principal.unit_id).await?;
    Ok(unit
        .path
        .split('/')
        .filter_map(|part| part.parse().ok())
        .map(UnitId)
        .collect())
}

/// The class, if the caller reaches it through `permission`.
pub async fn load(
    app: &App,
    principal: &Principal,
    permission: Permission,
    id: ClassId,
) -> AppResult<ClassRecord> {
    let visibility = visibility(app, principal, permission).await?;
    Ok(classes::get(&app.db, &visibility, id).await?)
}

/// Refuses with `CLASS_NOT_APPROVED` (or a wrong-stage code) unless the class may `activity`.
pub fn require_activity(class: &ClassRecord, activity: ClassActivity) -> AppResult<()> {
    class
        .state
        .require(activity)
        .map_err(|e| AppError::rule(e.code(), e))
}

/// Whether the class is organised inside `scope`.
pub fn organised_within(class: &ClassRecord, scope: &AccessScope) -> bool {
    scope.all
        || scope.units.contains(&class.organiser_unit_id)
        || scope
            .subtrees
            .iter()
            .any(|prefix| class.organiser_path.starts_with(prefix.as_str()))
}
