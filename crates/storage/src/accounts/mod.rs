//! Accounts, their role grants and sign-in bookkeeping (R-SEC-1). Password hashing and the
//! lock-out policy are decided by the application; this module records their outcome
//! atomically with the audit entry.

pub mod changes;
pub mod local_changes;
pub mod opening;
pub mod refusal;
pub mod sessions;
pub mod sign_in_counters;

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{account, account_role, org_unit, session};
use crate::error::{StoreError, StoreResult};
use crate::org::scope::AccessScope;
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::PersonId;
use ganxun_domain::{Role, Scope, UnitId};
use refusal::Refusal;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use serde::Serialize;

/// An account as administrators see it (never the hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountView {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
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

/// A role with the scope it grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub role: Role,
    pub scope: Scope,
}

/// What sign-in needs to know about an account.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub failed_attempts: i32,
    pub locked_until: Option<DateTime<Utc>>,
    pub active: bool,
    pub must_change_password: bool,
}

/// A new account; roles already checked against 三员分立 by the caller.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub unit_id: UnitId,
    pub person_id: Option<PersonId>,
    pub grants: Vec<Grant>,
    pub must_change_password: bool,
    /// True when the system administrator creates it over the API (ADR 0004).
    pub roles_suspended: bool,
}

/// Who chose a new password, which decides what else changes with it (ADR 0004, 0005).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChooser {
    /// The holder changed their own password: the pending change is done.
    Holder,
    /// The system administrator reset it: the holder must change it and the roles are held
    /// until the security administrator confirms them.
    Administrator,
    /// The operator on the server (`ganxun user reset-password`, the way back in when no
    /// administrator can sign in): the holder must change it; roles stay as they are.
    Operator,
}

impl PasswordChooser {
    fn action(self) -> &'static str {
        match self {
            PasswordChooser::Holder => "auth.password_change",
            PasswordChooser::Administrator | PasswordChooser::Operator => "account.password_reset",
        }
    }
}

/// Why a password or sign-in attempt failed, which decides what a lock-out also ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// A wrong password at sign-in. The holder's open sessions stay: a stranger guessing must
    /// not be able to sign the holder out.
    SignIn,
    /// A wrong old password when changing it: someone holds a session and is guessing, so a
    /// lock-out ends every session of the account.
    OldPassword,
    /// A wrong second-factor code: counted like a wrong password, so the six digits cannot be
    /// guessed either. `in_session`: typed in a signed-in session (to change or remove the
    /// factor), where a lock-out also ends every session, as for a wrong old password.
    SecondFactor { in_session: bool },
}

impl Failure {
    fn ends_sessions_on_lockout(self) -> bool {
        matches!(
            self,
            Failure::OldPassword | Failure::SecondFactor { in_session: true }
        )
    }
}

fn grant_of(row: &account_role::Model) -> Grant {
    let units = row
        .scope_units
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .map(UnitId)
        .collect();
    Grant {
        role: row.role,
        scope: Scope {
            kind: row.scope_kind,
            units,
        },
    }
}

async fn grants_of(conn: &impl ConnectionTrait, account_id: AccountId) -> StoreResult<Vec<Grant>> {
    Ok(account_role::Entity::find()
        .filter(account_role::Column::AccountId.eq(account_id))
        .order_by_asc(account_role::Column::Id)
        .all(conn)
        .await?
        .iter()
        .map(grant_of)
        .collect())
}

async fn view(conn: &impl ConnectionTrait, row: account::Model) -> StoreResult<AccountView> {
    let unit_name = org_unit::Entity::find_by_id(row.unit_id)
        .one(conn)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    Ok(AccountView {
        roles: grants_of(conn, row.id).await?,
        id: row.id,
        username: row.username,
        display_name: row.display_name,
        unit_id: row.unit_id,
        unit_name,
        person_id: row.person_id,
        must_change_password: row.must_change_password,
        roles_suspended: row.roles_suspended,
        password_changed_at: row.password_changed_at,
        locked_until: row.locked_until,
        failed_attempts: row.failed_attempts,
        active: row.active,
        second_factor_enabled: crate::second_factor::confirmed_in(conn, row.id).await?,
    })
}

async fn insert_grants(
    tx: &impl ConnectionTrait,
    account_id: AccountId,
    grants: &[Grant],
) -> StoreResult<()> {
    for grant in grants {
        account_role::ActiveModel {
            account_id: Set(account_id),
            role: Set(grant.role),
            scope_kind: Set(grant.scope.kind),
            scope_units: Set(grant
                .scope
                .units
                .iter()
                .map(|u| u.0.to_string())
                .collect::<Vec<_>>()
                .join(",")),
            ..Default::default()
        }
        .insert(tx)
        .await?;
    }
    Ok(())
}

/// Creates an account with its grants.
pub async fn create(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    new: NewAccount,
) -> StoreResult<AccountView> {
    let tx = db.begin_write().await?;
    let row = account::ActiveModel {
        username: Set(new.username),
        display_name: Set(new.display_name),
        password_hash: Set(new.password_hash),
        unit_id: Set(new.unit_id),
        person_id: Set(new.person_id),
        must_change_password: Set(new.must_change_password),
        roles_suspended: Set(new.roles_suspended),
        failed_attempts: Set(0),
        locked_until: Set(None),
        active: Set(true),
        password_changed_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    insert_grants(&tx, row.id, &new.grants).await?;
    let created = view(&tx, row).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("account.create", "account", created.id).after(&created),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Replaces an account's grants and ends its sessions (new rights apply at next sign-in).
/// Granting confirms the roles, unless the holder still has a password an administrator chose:
/// then they stay held until confirmed after the holder's own change (ADR 0004).
pub async fn set_grants(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: AccountId,
    grants: Vec<Grant>,
) -> StoreResult<AccountView> {
    let tx = db.begin_write().await?;
    let row = account::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let before = grants_of(&tx, id).await?;
    account_role::Entity::delete_many()
        .filter(account_role::Column::AccountId.eq(id))
        .exec(&tx)
        .await?;
    insert_grants(&tx, id, &grants).await?;
    sessions::end_all(&tx, id, now).await?;
    let held = row.must_change_password;
    let row = account::ActiveModel {
        id: Set(id),
        roles_suspended: Set(held),
        ..Default::default()
    }
    .update(&tx)
    .await?;
    let after = view(&tx, row).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("account.grants", "account", id)
            .before(&before)
            .after(serde_json::json!({ "roles": &after.roles, "roles_suspended": held })),
    )
    .await?;
    changes::commit(db, tx, id, now).await?;
    Ok(after)
}

/// The security administrator puts held roles back in force. Only once the holder has chosen
/// their own password, checked in the same statement that lifts the hold so a reset arriving
/// meanwhile cannot slip between the check and the write.
pub async fn confirm_roles(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: AccountId,
) -> StoreResult<AccountView> {
    let tx = db.begin_write().await?;
    let lifted = account::Entity::update_many()
        .col_expr(account::Column::RolesSuspended, Expr::value(false))
        .filter(account::Column::Id.eq(id))
        .filter(account::Column::RolesSuspended.eq(true))
        .filter(account::Column::MustChangePassword.eq(false))
        .exec(&tx)
        .await?
        .rows_affected;
    let row = account::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if lifted == 0 {
        return Err(StoreError::refused(if row.roles_suspended {
            Refusal::HolderPasswordPending
        } else {
            Refusal::RolesNotSuspended
        }));
    }
    let after = view(&tx, row).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("account.roles_confirmed", "account", id).after(&after.roles),
    )
    .await?;
    changes::commit(db, tx, id, now).await?;
    Ok(after)
}

/// All accounts whose unit lies in the scope.
pub async fn list(
    db: &Db,
    scope: &AccessScope,
    page: u64,
    page_size: u64,
) -> StoreResult<(Vec<AccountView>, u64)> {
    let units = org_unit::Entity::find()
        .select_only()
        .column(org_unit::Column::Id)
        .filter(scope.condition(
            org_unit::Column::Path,
            org_unit::Column::Id,
            None::<org_unit::Column>,
        ))
        .into_query();
    let query = account::Entity::find().filter(account::Column::UnitId.in_subquery(units));
    let total = query.clone().count(&db.conn).await?;
    let rows = query
        .order_by_asc(account::Column::Id)
        .offset(page.saturating_sub(1) * page_size)
        .limit(page_size)
        .all(&db.conn)
        .await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        views.push(view(&db.conn, row).await?);
    }
    Ok((views, total))
}

/// One account, if its unit lies in the scope.
pub async fn get(db: &Db, scope: &AccessScope, id: AccountId) -> StoreResult<AccountView> {
    let row = account::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let in_scope = org_unit::Entity::find()
        .filter(org_unit::Column::Id.eq(row.unit_id))
        .filter(scope.condition(
            org_unit::Column::Path,
            org_unit::Column::Id,
            None::<org_unit::Column>,
        ))
        .one(&db.conn)
        .await?
        .is_some();
    if !in_scope {
        return Err(StoreError::NotFound);
    }
    view(&db.conn, row).await
}

/// The account behind a session, with grants (unscoped: used to authenticate).
pub async fn principal(db: &Db, id: AccountId) -> StoreResult<AccountView> {
    let row = account::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    view(&db.conn, row).await
}

pub async fn credentials(db: &Db, username: &str) -> StoreResult<Option<Credentials>> {
    Ok(account::Entity::find()
        .filter(account::Column::Username.eq(username))
        .one(&db.conn)
        .await?
        .map(|row| Credentials {
            id: row.id,
            username: row.username,
            display_name: row.display_name,
            password_hash: row.password_hash,
            failed_attempts: row.failed_attempts,
            locked_until: row.locked_until,
            active: row.active,
            must_change_password: row.must_change_password,
        }))
}

pub async fn credentials_by_id(db: &Db, id: AccountId) -> StoreResult<Credentials> {
    let row = account::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    credentials(db, &row.username)
        .await?
        .ok_or(StoreError::NotFound)
}

/// A wrong password: counts it and locks the account at `lock_after` failures. The counter is
/// incremented in SQL so two servers failing at once both count. Sign-in failures and wrong
/// old passwords share the counter (issue 14 item 6).
pub async fn record_failure(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: AccountId,
    failure: Failure,
    lock_after: i32,
    lock_until: DateTime<Utc>,
) -> StoreResult<bool> {
    let tx = db.begin_write().await?;
    account::Entity::update_many()
        .col_expr(
            account::Column::FailedAttempts,
            Expr::col(account::Column::FailedAttempts).add(1),
        )
        .filter(account::Column::Id.eq(id))
        .exec(&tx)
        .await?;
    let row = account::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new(
            match failure {
                Failure::SignIn => "auth.login_failed",
                Failure::OldPassword => "auth.password_change_failed",
                Failure::SecondFactor { .. } => "auth.second_factor_failed",
            },
            "account",
            id,
        )
        .after(serde_json::json!({ "failed_attempts": row.failed_attempts })),
    )
    .await?;
    let locked = row.failed_attempts >= lock_after;
    if locked {
        account::ActiveModel {
            id: Set(id),
            locked_until: Set(Some(lock_until)),
            failed_attempts: Set(0),
            ..Default::default()
        }
        .update(&tx)
        .await?;
        if failure.ends_sessions_on_lockout() {
            sessions::end_all(&tx, id, now).await?;
        }
        audit::append(
            &tx,
            db.key()?,
            actor,
            now,
            AuditEvent::new("auth.lockout", "account", id)
                .after(serde_json::json!({ "locked_until": lock_until })),
        )
        .await?;
    }
    changes::commit(db, tx, id, now).await?;
    Ok(locked)
}

/// A new session after a correct password (and second factor, named in the audit entry when
/// one was asked): resets the failure counter, audits the login.
pub async fn record_login(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: AccountId,
    new_session: session::Model,
    second_factor: Option<&'static str>,
) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    account::ActiveModel {
        id: Set(id),
        failed_attempts: Set(0),
        locked_until: Set(None),
        ..Default::default()
    }
    .update(&tx)
    .await?;
    session::Entity::insert(session::ActiveModel::from(new_session))
        .exec_without_returning(&tx)
        .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        match second_factor {
            Some(method) => AuditEvent::new("auth.login", "account", id)
                .after(serde_json::json!({ "second_factor": method })),
            None => AuditEvent::new("auth.login", "account", id),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password hash; `chosen_by` decides whether the holder must change it and whether
/// the roles are held (ADR 0004). Every session of the account ends except `keep_session` (the
/// one that changed its own password).
pub async fn set_password(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: AccountId,
    password_hash: String,
    chosen_by: PasswordChooser,
    keep_session: Option<&str>,
) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    let mut change = account::ActiveModel {
        id: Set(id),
        password_hash: Set(password_hash),
        must_change_password: Set(chosen_by != PasswordChooser::Holder),
        password_changed_at: Set(now),
        failed_attempts: Set(0),
        locked_until: Set(None),
        ..Default::default()
    };
    if chosen_by == PasswordChooser::Administrator {
        change.roles_suspended = Set(true);
    }
    change.update(&tx).await?;
    let mut others = session::Entity::update_many()
        .col_expr(session::Column::EndedAt, Expr::value(now))
        .filter(session::Column::AccountId.eq(id))
        .filter(session::Column::EndedAt.is_null());
    if let Some(keep) = keep_session {
        others = others.filter(session::Column::Id.ne(keep));
    }
    others.exec(&tx).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        match chosen_by {
            PasswordChooser::Administrator => AuditEvent::new(chosen_by.action(), "account", id)
                .after(serde_json::json!({ "roles_suspended": true })),
            PasswordChooser::Holder | PasswordChooser::Operator => {
                AuditEvent::new(chosen_by.action(), "account", id)
            }
        },
    )
    .await?;
    changes::commit(db, tx, id, now).await?;
    Ok(())
}

/// Clears a lock-out.
pub async fn unlock(db: &Db, actor: &Actor, now: DateTime<Utc>, id: AccountId) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    account::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    account::ActiveModel {
        id: Set(id),
        locked_until: Set(None),
        failed_attempts: Set(0),
        ..Default::default()
    }
    .update(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("account.unlock", "account", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Activates or deactivates an account; deactivation ends its sessions at once.
pub async fn set_active(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: AccountId,
    active: bool,
) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    account::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    account::ActiveModel {
        id: Set(id),
        active: Set(active),
        ..Default::default()
    }
    .update(&tx)
    .await?;
    if !active {
        sessions::end_all(&tx, id, now).await?;
    }
    let action = if active {
        "account.activate"
    } else {
        "account.deactivate"
    };
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new(action, "account", id),
    )
    .await?;
    changes::commit(db, tx, id, now).await?;
    Ok(())
}

/// Whether any account exists (first start prints how to create one).
pub async fn count(db: &Db) -> StoreResult<u64> {
    Ok(account::Entity::find().count(&db.conn).await?)
}

/// An active account holding a role, as pickers show it (no personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleHolder {
    pub id: AccountId,
    pub display_name: String,
    pub unit_name: String,
}

/// The names of the accounts with these usernames (records keep the username of whoever acted;
/// people read names).
pub async fn display_names(
    db: &Db,
    usernames: &[String],
) -> StoreResult<std::collections::HashMap<String, String>> {
    if usernames.is_empty() {
        return Ok(Default::default());
    }
    Ok(account::Entity::find()
        .select_only()
        .column(account::Column::Username)
        .column(account::Column::DisplayName)
        .filter(account::Column::Username.is_in(usernames.to_vec()))
        .into_tuple::<(String, String)>()
        .all(&db.conn)
        .await?
        .into_iter()
        .collect())
}

/// Active accounts holding `role`, e.g. head teachers for the class form.
pub async fn holders_of(db: &Db, role: Role) -> StoreResult<Vec<RoleHolder>> {
    let holders = account_role::Entity::find()
        .select_only()
        .column(account_role::Column::AccountId)
        .filter(account_role::Column::Role.eq(role))
        .into_query();
    let rows = account::Entity::find()
        .filter(account::Column::Id.in_subquery(holders))
        .filter(account::Column::Active.eq(true))
        .order_by_asc(account::Column::DisplayName)
        .all(&db.conn)
        .await?;
    let mut found = Vec::with_capacity(rows.len());
    for row in rows {
        let unit_name = org_unit::Entity::find_by_id(row.unit_id)
            .one(&db.conn)
            .await?
            .map(|u| u.name)
            .unwrap_or_default();
        found.push(RoleHolder {
            id: row.id,
            display_name: row.display_name,
            unit_name,
        });
    }
    Ok(found)
}
