//! What the accounts API returns: accounts, their grants and role holders, as API types made
//! from the storage rows (the contract lives here, not in storage).

use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::{Role, Scope};
use serde::Serialize;
use utoipa::ToSchema;

/// An account as administrators see it (never the hash).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountView {
    #[schema(value_type = i64)]
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    #[schema(value_type = Option<i64>)]
    pub person_id: Option<PersonId>,
    pub roles: Vec<Grant>,
    pub must_change_password: bool,
    /// The roles are kept but give no rights: an administrator chose the password (creation
    /// over the API, a reset) and the security administrator has not confirmed them since the
    /// holder chose their own (ADR 0004).
    pub roles_suspended: bool,
    /// When the password last changed, for the security administrator to compare with what the
    /// holder says before confirming roles.
    pub password_changed_at: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
    pub failed_attempts: i32,
    pub active: bool,
    /// Signs in with an authenticator app as well as the password.
    pub second_factor_enabled: bool,
}

impl From<ganxun_storage::accounts::AccountView> for AccountView {
    fn from(r: ganxun_storage::accounts::AccountView) -> Self {
        Self {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            person_id: r.person_id,
            roles: r.roles.into_iter().map(Into::into).collect(),
            must_change_password: r.must_change_password,
            roles_suspended: r.roles_suspended,
            password_changed_at: r.password_changed_at,
            locked_until: r.locked_until,
            failed_attempts: r.failed_attempts,
            active: r.active,
            second_factor_enabled: r.second_factor_enabled,
        }
    }
}

/// A role with the scope it grants.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Grant {
    #[schema(value_type = String)]
    pub role: Role,
    #[schema(value_type = ScopeDoc)]
    pub scope: Scope,
}

impl From<ganxun_storage::accounts::Grant> for Grant {
    fn from(r: ganxun_storage::accounts::Grant) -> Self {
        Self {
            role: r.role,
            scope: r.scope,
        }
    }
}

/// An active account holding a role, as pickers show it (no personal data).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoleHolder {
    #[schema(value_type = i64)]
    pub id: AccountId,
    pub display_name: String,
    pub unit_name: String,
}

impl From<ganxun_storage::accounts::RoleHolder> for RoleHolder {
    fn from(r: ganxun_storage::accounts::RoleHolder) -> Self {
        Self {
            id: r.id,
            display_name: r.display_name,
            unit_name: r.unit_name,
        }
    }
}

/// How a scope appears in the API (documentation of `ganxun_domain::Scope`).
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "exists only to describe the JSON shape in the OpenAPI document"
)]
pub struct ScopeDoc {
    /// `all`, `units`, `own_unit`, `own_unit_and_below` or `self`.
    kind: String,
    /// For `units`: the chosen units (each with its subtree).
    units: Option<Vec<i64>>,
}
