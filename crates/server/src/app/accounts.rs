//! Account administration under 三员分立: the system administrator creates and deactivates
//! accounts, the security administrator assigns roles, unlocks and resets passwords, and no
//! account may combine the three administrator roles with anything else.

use super::paging::{Paging, Sizes, paging};
use super::{App, AppError, AppResult, FieldError, Principal, auth};
use ganxun_domain::role::check_role_set;
use ganxun_domain::{Permission, Role, Scope, ScopeKind, UnitId};
use ganxun_storage::accounts::{self, AccountView, Grant, NewAccount};
use ganxun_storage::{Actor, org};
use serde::Deserialize;
use utoipa::ToSchema;

/// A role with its scope, as sent by a client.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct GrantInput {
    /// A role code.
    pub role: String,
    /// A scope code; default: the role's default scope.
    pub scope: Option<String>,
    /// For the `units` scope: the chosen units.
    #[serde(default)]
    pub units: Vec<i64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AccountInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub unit_id: i64,
    pub person_id: Option<i64>,
    pub grants: Vec<GrantInput>,
}

fn parse_username(text: &str) -> Result<String, FieldError> {
    let name = text.trim();
    let ok = (3..=32).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if ok {
        Ok(name.to_owned())
    } else {
        Err(FieldError::new(
            "username",
            "USERNAME_INVALID",
            "用户名须为 3 至 32 位字母、数字或“._-”",
        ))
    }
}

/// Parses grants and applies the 三员分立 rule.
pub fn parse_grants(inputs: &[GrantInput]) -> Result<Vec<Grant>, AppError> {
    let mut errors = Vec::new();
    let mut grants = Vec::new();
    for input in inputs {
        let Some(role) = Role::parse(&input.role) else {
            errors.push(FieldError::new(
                "grants",
                "UNKNOWN_ROLE",
                format!("无法识别的角色：{}", input.role),
            ));
            continue;
        };
        let kind = match input.scope.as_deref() {
            None | Some("") => role.default_scope(),
            Some(text) => match ScopeKind::parse(text) {
                Some(kind) => kind,
                None => {
                    errors.push(FieldError::new(
                        "grants",
                        "UNKNOWN_SCOPE",
                        format!("无法识别的数据范围：{text}"),
                    ));
                    continue;
                }
            },
        };
        if kind == ScopeKind::Units && input.units.is_empty() {
            errors.push(FieldError::new(
                "grants",
                "SCOPE_UNITS_MISSING",
                "“指定单位”范围须至少选择一个单位",
            ));
        }
        let units = if kind == ScopeKind::Units {
            input.units.iter().copied().map(UnitId).collect()
        } else {
            Vec::new()
        };
        grants.push(Grant {
            role,
            scope: Scope { kind, units },
        });
    }
    let roles: Vec<Role> = grants.iter().map(|g| g.role).collect();
    if errors.is_empty()
        && let Err(e) = check_role_set(&roles)
    {
        errors.push(FieldError::new("grants", "SEPARATION_OF_DUTIES", e));
    }
    if errors.is_empty() {
        Ok(grants)
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Creates an account (system administrator; the command line uses `create_unchecked`).
pub async fn create(
    app: &App,
    principal: &Principal,
    input: &AccountInput,
) -> AppResult<AccountView> {
    let scope = principal.scope(app, Permission::AccountWrite).await?;
    org::get_unit(&app.db, &scope, input.unit_id).await?;
    create_unchecked(app, &principal.actor(), input, true).await
}

/// Creates an account without an acting principal (command line, demo), still validated.
pub async fn create_unchecked(
    app: &App,
    actor: &Actor,
    input: &AccountInput,
    must_change: bool,
) -> AppResult<AccountView> {
    let mut errors = Vec::new();
    let username = parse_username(&input.username)
        .map_err(|e| errors.push(e))
        .ok();
    let grants = parse_grants(&input.grants).map_err(|e| match e {
        AppError::Validation(mut list) => errors.append(&mut list),
        other => errors.push(FieldError::new("grants", "INVALID", other)),
    });
    if let Err(AppError::Validation(mut list)) =
        auth::check_policy(app, &input.username, &input.password)
    {
        for e in &mut list {
            e.field = "password".to_owned();
        }
        errors.append(&mut list);
    }
    let display_name = input.display_name.trim().to_owned();
    if display_name.is_empty() {
        errors.push(FieldError::new(
            "display_name",
            "DISPLAY_NAME_EMPTY",
            "请填写姓名",
        ));
    }
    let (Some(username), Ok(grants)) = (username, grants) else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let password_hash = auth::hash_password(&input.password)?;
    let new = NewAccount {
        username,
        display_name,
        password_hash,
        unit_id: input.unit_id,
        person_id: input.person_id,
        grants,
        must_change_password: must_change,
    };
    Ok(accounts::create(&app.db, actor, app.now(), new).await?)
}

/// Account lists: 50 accounts unless asked, at most 200.
const PAGE_SIZES: Sizes = Sizes {
    field: "page_size",
    default: 50,
    max: 200,
};

pub async fn list(
    app: &App,
    principal: &Principal,
    page: Option<u64>,
    page_size: Option<u64>,
) -> AppResult<(Vec<AccountView>, u64)> {
    let Paging { page, size } = paging(page, page_size, PAGE_SIZES)?;
    let scope = principal.scope(app, Permission::AccountRead).await?;
    Ok(accounts::list(&app.db, &scope, page, size).await?)
}

pub async fn get(app: &App, principal: &Principal, id: i64) -> AppResult<AccountView> {
    let scope = principal.scope(app, Permission::AccountRead).await?;
    Ok(accounts::get(&app.db, &scope, id).await?)
}

/// Replaces an account's roles (security administrator). Nobody changes their own roles.
pub async fn set_grants(
    app: &App,
    principal: &Principal,
    id: i64,
    inputs: &[GrantInput],
) -> AppResult<AccountView> {
    let scope = principal.scope(app, Permission::RoleAssign).await?;
    accounts::get(&app.db, &scope, id).await?;
    if id == principal.account_id {
        return Err(AppError::field("grants", "OWN_ROLES", "不能修改自己的角色"));
    }
    let grants = parse_grants(inputs)?;
    Ok(accounts::set_grants(&app.db, &principal.actor(), app.now(), id, grants).await?)
}

pub async fn unlock(app: &App, principal: &Principal, id: i64) -> AppResult<()> {
    let scope = principal.scope(app, Permission::AccountUnlock).await?;
    accounts::get(&app.db, &scope, id).await?;
    Ok(accounts::unlock(&app.db, &principal.actor(), app.now(), id).await?)
}

/// Sets a temporary password the user must change at next sign-in.
pub async fn reset_password(
    app: &App,
    principal: &Principal,
    id: i64,
    password: &str,
) -> AppResult<()> {
    let scope = principal.scope(app, Permission::AccountUnlock).await?;
    let target = accounts::get(&app.db, &scope, id).await?;
    auth::check_policy(app, &target.username, password)?;
    let hash = auth::hash_password(password)?;
    Ok(accounts::set_password(
        &app.db,
        &principal.actor(),
        app.now(),
        id,
        hash,
        true,
        None,
        "account.password_reset",
    )
    .await?)
}

pub async fn set_active(app: &App, principal: &Principal, id: i64, active: bool) -> AppResult<()> {
    let scope = principal.scope(app, Permission::AccountWrite).await?;
    accounts::get(&app.db, &scope, id).await?;
    if id == principal.account_id {
        return Err(AppError::field(
            "active",
            "OWN_ACCOUNT",
            "不能停用自己的账号",
        ));
    }
    Ok(accounts::set_active(&app.db, &principal.actor(), app.now(), id, active).await?)
}
