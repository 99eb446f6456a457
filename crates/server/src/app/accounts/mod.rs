//! Account administration under 三员分立 (ADR 0004): the system administrator creates,
//! deactivates and resets the passwords of accounts but gives no roles; the security
//! administrator assigns and confirms roles and unlocks, but sets no password; no account may
//! combine the three administrator roles with anything else. Whoever chose an account's
//! password cannot give it rights: roles given to an account that still carries an
//! administrator's password, or held by one whose password was reset, are suspended until the
//! security administrator confirms them after the holder chose their own password.

pub mod auth;
pub mod names;
pub mod opening;
pub mod refusal;
pub mod signed_in;
pub mod slips;

use crate::app::paging::{Paging, Sizes, paging};
use crate::app::{App, AppError, AppResult, FieldError, Principal};
use ganxun_domain::AccountId;
use ganxun_domain::PersonId;
use ganxun_domain::role::check_role_set;
use ganxun_domain::{Permission, Role, Scope, ScopeKind, UnitId};
use ganxun_storage::accounts::{self, AccountView, Grant, NewAccount, PasswordChooser};
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
    #[schema(value_type = Vec<i64>)]
    pub units: Vec<UnitId>,
}

/// An account made by the operator, the demo or a test, roles included (`create_unchecked`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AccountInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    #[schema(value_type = Option<i64>)]
    pub person_id: Option<PersonId>,
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
            input.units.clone()
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

/// An account the system administrator creates: no roles, an initial password the holder must
/// change. Roles come from the security administrator.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewAccountRequest {
    pub username: String,
    pub display_name: String,
    /// The initial password; the holder must change it at first sign-in.
    pub password: String,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    #[schema(value_type = Option<i64>)]
    pub person_id: Option<PersonId>,
    /// Refused when present: read only to say so clearly instead of dropping it in silence.
    #[serde(default)]
    #[schema(ignore)]
    pub grants: Option<serde::de::IgnoredAny>,
}

/// Creates an account without roles (system administrator). Its roles, once the security
/// administrator gives them, stay suspended until confirmed after the holder's own password.
pub async fn create(
    app: &App,
    principal: &Principal,
    request: &NewAccountRequest,
) -> AppResult<AccountView> {
    let scope = principal.scope(app, Permission::AccountWrite).await?;
    if request.grants.is_some() {
        return Err(AppError::field(
            "grants",
            "ROLES_BY_SECURITY_ADMIN",
            "三员分立：系统管理员创建账号时不能分配角色，角色由安全管理员在账号创建后分配",
        ));
    }
    org::get_unit(&app.db, &scope, request.unit_id).await?;
    let input = AccountInput {
        username: request.username.clone(),
        display_name: request.display_name.clone(),
        password: request.password.clone(),
        unit_id: request.unit_id,
        person_id: request.person_id,
        grants: Vec::new(),
    };
    insert(app, &principal.actor(), &input, Ok(Vec::new()), true, true).await
}

/// Creates an account with its roles in force, without an acting principal (the operator's
/// command line, the demo, tests), still validated.
pub async fn create_unchecked(
    app: &App,
    actor: &Actor,
    input: &AccountInput,
    must_change: bool,
) -> AppResult<AccountView> {
    let grants = parse_grants(&input.grants).map_err(|e| match e {
        AppError::Validation(list) => list,
        other => vec![FieldError::new("grants", "INVALID", other)],
    });
    insert(app, actor, input, grants, must_change, false).await
}

/// Validates the account's own fields and stores it with its parsed `grants`, reporting every
/// problem at once.
async fn insert(
    app: &App,
    actor: &Actor,
    input: &AccountInput,
    grants: Result<Vec<Grant>, Vec<FieldError>>,
    must_change: bool,
    roles_suspended: bool,
) -> AppResult<AccountView> {
    let mut errors = Vec::new();
    let username = parse_username(&input.username)
        .map_err(|e| errors.push(e))
        .ok();
    let grants = grants.map_err(|mut list| errors.append(&mut list)).ok();
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
    let (Some(username), Some(grants), true) = (username, grants, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let password_hash = auth::hash_password(&input.password)?;
    let new = NewAccount {
        username,
        display_name,
        password_hash,
        unit_id: input.unit_id,
        person_id: input.person_id,
        grants,
        must_change_password: must_change,
        roles_suspended,
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

pub async fn get(app: &App, principal: &Principal, id: AccountId) -> AppResult<AccountView> {
    let scope = principal.scope(app, Permission::AccountRead).await?;
    Ok(accounts::get(&app.db, &scope, id).await?)
}

/// Replaces an account's roles (security administrator). Nobody changes their own roles. The
/// roles are in force at once unless the holder still has a password an administrator chose.
pub async fn set_grants(
    app: &App,
    principal: &Principal,
    id: AccountId,
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

/// Puts suspended roles back in force (security administrator), once the holder has replaced
/// the password an administrator chose. Nobody confirms their own roles.
pub async fn confirm_roles(
    app: &App,
    principal: &Principal,
    id: AccountId,
) -> AppResult<AccountView> {
    let scope = principal.scope(app, Permission::RoleAssign).await?;
    accounts::get(&app.db, &scope, id).await?;
    if id == principal.account_id {
        return Err(AppError::field("grants", "OWN_ROLES", "不能确认自己的角色"));
    }
    Ok(accounts::confirm_roles(&app.db, &principal.actor(), app.now(), id).await?)
}

pub async fn unlock(app: &App, principal: &Principal, id: AccountId) -> AppResult<()> {
    let scope = principal.scope(app, Permission::AccountUnlock).await?;
    accounts::get(&app.db, &scope, id).await?;
    Ok(accounts::unlock(&app.db, &principal.actor(), app.now(), id).await?)
}

/// Sets a temporary password the holder must change at next sign-in (system administrator).
/// The account's roles are suspended until the security administrator confirms them, so the
/// administrator who knows the temporary password gains nothing by signing in with it.
pub async fn reset_password(
    app: &App,
    principal: &Principal,
    id: AccountId,
    password: &str,
) -> AppResult<()> {
    let scope = principal.scope(app, Permission::PasswordReset).await?;
    let target = accounts::get(&app.db, &scope, id).await?;
    if id == principal.account_id {
        return Err(AppError::field(
            "password",
            "OWN_ACCOUNT",
            "不能重置自己的密码，请在“修改密码”中修改",
        ));
    }
    auth::check_policy(app, &target.username, password)?;
    let hash = auth::hash_password(password)?;
    Ok(accounts::set_password(
        &app.db,
        &principal.actor(),
        app.now(),
        id,
        hash,
        PasswordChooser::Administrator,
        None,
    )
    .await?)
}

pub async fn set_active(
    app: &App,
    principal: &Principal,
    id: AccountId,
    active: bool,
) -> AppResult<()> {
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
