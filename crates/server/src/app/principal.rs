//! The signed-in account and what it may see: each permission resolves, through the account's
//! role grants, to an `AccessScope` that every store query applies.

use crate::app::{App, AppError, AppResult};
use ganxun_domain::AccountId;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::{Permission, ScopeKind};
use ganxun_storage::accounts::Grant;
use ganxun_storage::{AccessScope, Actor, org};

/// Who is calling, established from the session cookie.
#[derive(Debug, Clone)]
pub struct Principal {
    pub account_id: AccountId,
    pub username: String,
    pub display_name: String,
    pub unit_id: UnitId,
    pub person_id: Option<PersonId>,
    /// The grants in force: none while the roles are suspended.
    pub grants: Vec<Grant>,
    /// A first sign-in, a reset, or (under the 等保 password profile) an expired password.
    pub must_change_password: bool,
    /// The password is older than the policy allows (the reason for `must_change_password`).
    pub password_expired: bool,
    /// A role of the account requires a second factor and none is set up yet: nothing but
    /// setting one up is allowed (issue 14 item 8).
    pub second_factor_pending: bool,
    /// An administrator chose the password and the security administrator has not confirmed
    /// the roles since (ADR 0004).
    pub roles_suspended: bool,
    /// The session's id (hash of the cookie token) and its CSRF token.
    pub session_id: String,
    pub csrf_token: String,
    pub ip: String,
}

impl Principal {
    pub fn actor(&self) -> Actor {
        Actor {
            account_id: Some(self.account_id),
            name: self.username.clone(),
            ip: self.ip.clone(),
        }
    }

    pub fn may(&self, permission: Permission) -> bool {
        self.grants.iter().any(|g| g.role.permits(permission))
    }

    /// Fails with `Forbidden` unless some role grants `permission`.
    pub fn require(&self, permission: Permission) -> AppResult<()> {
        if self.may(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Fails with `Forbidden` unless some role grants one of `permissions` (an operation whose
    /// exact permission depends on its input refuses those who hold none before reading it).
    pub fn require_any(&self, permissions: &[Permission]) -> AppResult<()> {
        if permissions.iter().any(|p| self.may(*p)) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The union of the scopes of every grant that permits `permission`.
    pub async fn scope(&self, app: &App, permission: Permission) -> AppResult<AccessScope> {
        self.require(permission)?;
        let mut scope = AccessScope::nothing();
        for grant in self.grants.iter().filter(|g| g.role.permits(permission)) {
            scope = scope.union(self.grant_scope(app, grant, permission).await?);
        }
        Ok(scope)
    }

    /// What one grant reaches for `permission`.
    pub async fn grant_scope(
        &self,
        app: &App,
        grant: &Grant,
        permission: Permission,
    ) -> AppResult<AccessScope> {
        Ok(match grant.scope.kind {
            ScopeKind::All => AccessScope::everything(),
            ScopeKind::Units => {
                // Chosen units reach their subtrees (ADR 0004).
                let mut subtrees = Vec::new();
                for unit in &grant.scope.units {
                    if let Ok(found) = org::get_unit_unscoped(&app.db, *unit).await {
                        subtrees.push(found.path);
                    }
                }
                AccessScope {
                    subtrees,
                    ..AccessScope::default()
                }
            }
            ScopeKind::OwnUnit => AccessScope {
                units: vec![self.unit_id],
                ..AccessScope::default()
            },
            ScopeKind::OwnUnitAndBelow => {
                let own = org::get_unit_unscoped(&app.db, self.unit_id).await?;
                AccessScope {
                    subtrees: vec![own.path],
                    ..AccessScope::default()
                }
            }
            ScopeKind::SelfOnly => AccessScope {
                people: self.person_id.into_iter().collect(),
                // For the tree, "self" means one's own unit.
                units: if matches!(permission, Permission::OrgRead) {
                    vec![self.unit_id]
                } else {
                    Vec::new()
                },
                ..AccessScope::default()
            },
        })
    }
}

impl Principal {
    /// The principal of an account acting without a session: the demo generator and the
    /// benchmarks act as the demo accounts through the same use cases the web app calls.
    pub async fn of_username(app: &App, username: &str) -> AppResult<Principal> {
        let credentials = ganxun_storage::accounts::credentials(&app.db, username)
            .await?
            .ok_or(AppError::NotFound)?;
        Self::of_account(app, credentials.id).await
    }

    /// The principal of another account, as it would act (its grants in force): for asking
    /// who else may take a decision, e.g. who may approve a class (issue 17 item 9).
    pub async fn of_account(app: &App, account_id: AccountId) -> AppResult<Principal> {
        let view = ganxun_storage::accounts::principal(&app.db, account_id).await?;
        Ok(Principal {
            account_id: view.id,
            username: view.username,
            display_name: view.display_name,
            unit_id: view.unit_id,
            person_id: view.person_id,
            grants: if view.roles_suspended {
                Vec::new()
            } else {
                view.roles
            },
            must_change_password: false,
            password_expired: false,
            second_factor_pending: false,
            roles_suspended: view.roles_suspended,
            session_id: String::new(),
            csrf_token: String::new(),
            ip: "local".to_owned(),
        })
    }
}
