//! Who may host a class (承办机构, issue 17 item 8): a unit administrator drafting a class picks
//! the county party school, which lies outside their own scope. The choices are the active party
//! schools and training institutions in the caller's class-writing scope and those directly
//! under a unit above the caller; a dossier naming any other unit as host is refused.

use super::own_unit_and_ancestors;
use crate::app::{App, AppResult, FieldError, Principal};
use ganxun_domain::{Permission, UnitId, UnitType};
use ganxun_storage::classes::hosts::{self, HOST_TYPES};
use ganxun_storage::org;
use serde::Serialize;
use utoipa::ToSchema;

/// A unit that may host the caller's classes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HostUnit {
    #[schema(value_type = i64)]
    pub id: UnitId,
    pub name: String,
    /// `party_school` or `institution`.
    #[schema(value_type = String)]
    pub unit_type: UnitType,
    /// Inside the caller's own scope; otherwise under a unit above them.
    pub in_scope: bool,
}

async fn reachable(app: &App, principal: &Principal) -> AppResult<Vec<hosts::HostUnit>> {
    let scope = principal.scope(app, Permission::ClassWrite).await?;
    let above = own_unit_and_ancestors(app, principal).await?;
    Ok(hosts::host_units(&app.db, &scope, &above).await?)
}

/// `GET /classes/hosts`: the units the caller may name as host, the highest first.
pub async fn host_units(app: &App, principal: &Principal) -> AppResult<Vec<HostUnit>> {
    Ok(reachable(app, principal)
        .await?
        .into_iter()
        .map(|u| HostUnit {
            id: u.id,
            name: u.name,
            unit_type: u.unit_type,
            in_scope: u.in_scope,
        })
        .collect())
}

/// The host unit of a dossier, if the caller may name it: its name and type, or the problem.
pub(super) async fn check_host(
    app: &App,
    principal: &Principal,
    id: UnitId,
) -> AppResult<Result<(String, UnitType), FieldError>> {
    let refused =
        |code: &str, message: &str| Ok(Err(FieldError::new("host_unit_id", code, message)));
    let Ok(unit) = org::get_unit_unscoped(&app.db, id).await else {
        return refused("UNKNOWN_UNIT", "承办机构不存在");
    };
    if !HOST_TYPES.contains(&unit.unit_type) {
        return refused(
            "HOST_NOT_TRAINING_BODY",
            "承办机构须是党校或培训机构；其他承办方请只填写承办机构名称",
        );
    }
    if !unit.active {
        return refused("HOST_INACTIVE", "所选承办机构已停用");
    }
    if !reachable(app, principal).await?.iter().any(|u| u.id == id) {
        return refused(
            "HOST_OUT_OF_REACH",
            "只能选择本单位范围内或上级单位所属的党校、培训机构",
        );
    }
    Ok(Ok((unit.name, unit.unit_type)))
}
