//! Organisation tree use cases (R-ORG-1); `import`: units in bulk (issue 17 item 10).

pub mod import;

use crate::app::{App, AppError, AppResult, FieldError, Principal};
use ganxun_domain::UnitId;
use ganxun_domain::{Permission, UnitCode, UnitType};
use ganxun_storage::org::{self, NewUnit, Unit, UnitChanges};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct UnitInput {
    pub code: String,
    pub name: String,
    /// A unit type code (see `/api/v1/vocabularies`).
    pub unit_type: String,
    #[schema(value_type = i64)]
    pub parent_id: UnitId,
    #[serde(default)]
    pub sort_order: i32,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UnitPatch {
    pub code: Option<String>,
    pub name: Option<String>,
    pub unit_type: Option<String>,
    pub sort_order: Option<i32>,
}

fn parse_code(text: &str, errors: &mut Vec<FieldError>) -> Option<UnitCode> {
    UnitCode::parse(text)
        .map_err(|e| errors.push(FieldError::new("code", "UNIT_CODE_INVALID", e)))
        .ok()
}

fn parse_name(text: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError::new(
            "name",
            "UNIT_NAME_INVALID",
            "单位名称不能为空，且不超过 100 个字",
        ));
        return None;
    }
    Some(name.to_owned())
}

fn parse_type(text: &str, errors: &mut Vec<FieldError>) -> Option<UnitType> {
    let parsed = UnitType::parse(text);
    if parsed.is_none() {
        errors.push(FieldError::new(
            "unit_type",
            "UNKNOWN_UNIT_TYPE",
            format!("无法识别的单位类型：{text}"),
        ));
    }
    parsed
}

pub async fn list(
    app: &App,
    principal: &Principal,
    include_inactive: bool,
) -> AppResult<Vec<Unit>> {
    let scope = principal.scope(app, Permission::OrgRead).await?;
    Ok(org::list_units(&app.db, &scope, include_inactive).await?)
}

pub async fn get(app: &App, principal: &Principal, id: UnitId) -> AppResult<Unit> {
    let scope = principal.scope(app, Permission::OrgRead).await?;
    Ok(org::get_unit(&app.db, &scope, id).await?)
}

pub async fn create(app: &App, principal: &Principal, input: &UnitInput) -> AppResult<Unit> {
    let scope = principal.scope(app, Permission::OrgWrite).await?;
    let mut errors = Vec::new();
    let code = parse_code(&input.code, &mut errors);
    let name = parse_name(&input.name, &mut errors);
    let unit_type = parse_type(&input.unit_type, &mut errors);
    let (Some(code), Some(name), Some(unit_type)) = (code, name, unit_type) else {
        return Err(AppError::Validation(errors));
    };
    let new = NewUnit {
        code,
        name,
        unit_type,
        parent_id: Some(input.parent_id),
        sort_order: input.sort_order,
    };
    Ok(org::create_unit(&app.db, &principal.actor(), app.now(), &scope, new).await?)
}

pub async fn update(
    app: &App,
    principal: &Principal,
    id: UnitId,
    patch: &UnitPatch,
) -> AppResult<Unit> {
    let scope = principal.scope(app, Permission::OrgWrite).await?;
    let mut errors = Vec::new();
    let changes = UnitChanges {
        code: patch
            .code
            .as_deref()
            .and_then(|c| parse_code(c, &mut errors)),
        name: patch
            .name
            .as_deref()
            .and_then(|n| parse_name(n, &mut errors)),
        unit_type: patch
            .unit_type
            .as_deref()
            .and_then(|t| parse_type(t, &mut errors)),
        sort_order: patch.sort_order,
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(org::update_unit(&app.db, &principal.actor(), app.now(), &scope, id, changes).await?)
}

pub async fn move_to(
    app: &App,
    principal: &Principal,
    id: UnitId,
    parent_id: UnitId,
) -> AppResult<Unit> {
    let scope = principal.scope(app, Permission::OrgWrite).await?;
    Ok(org::move_unit(
        &app.db,
        &principal.actor(),
        app.now(),
        &scope,
        id,
        parent_id,
    )
    .await?)
}

pub async fn set_active(
    app: &App,
    principal: &Principal,
    id: UnitId,
    active: bool,
) -> AppResult<Unit> {
    let scope = principal.scope(app, Permission::OrgWrite).await?;
    Ok(org::set_unit_active(&app.db, &principal.actor(), app.now(), &scope, id, active).await?)
}
