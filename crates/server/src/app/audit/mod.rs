//! Reading and verifying the audit log (audit administrator and auditor).

pub mod retention;

use crate::app::accounts::names::names_of;
use crate::app::paging::{Paging, Sizes, paging};
use crate::app::{App, AppResult, Principal};
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::Permission;
use ganxun_storage::audit::{self, AuditFilter, ChainReport};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditSearch {
    /// Username of the actor.
    pub actor: Option<String>,
    /// Action or its prefix, e.g. `auth.` or `person.reveal`.
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    #[schema(value_type = Option<i64>)]
    pub actor_id: Option<AccountId>,
    /// The actor's username as the log keeps it (what `actor` searches by).
    pub actor_name: String,
    /// The actor as a person reads it: the account's name, or 系统（演示数据） for the
    /// server's own work (issue 17 item 5: the log showed `system:demo`).
    pub actor_label: String,
    pub ip: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

/// Audit pages: 50 entries unless asked, at most 500.
const PAGE_SIZES: Sizes = Sizes {
    field: "page_size",
    default: 50,
    max: 500,
};

pub async fn list(app: &App, principal: &Principal, search: &AuditSearch) -> AppResult<AuditPage> {
    principal.require(Permission::AuditRead)?;
    let filter = AuditFilter {
        actor_name: search.actor.clone().filter(|s| !s.is_empty()),
        action_prefix: search.action.clone().filter(|s| !s.is_empty()),
        entity_type: search.entity_type.clone().filter(|s| !s.is_empty()),
        entity_id: search.entity_id.clone().filter(|s| !s.is_empty()),
        from: search.from,
        to: search.to,
    };
    let Paging { page, size } = paging(search.page, search.page_size, PAGE_SIZES)?;
    let page_size = size;
    let (rows, total) = audit::list(&app.db, &filter, page, page_size).await?;
    let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    let names = names_of(app, rows.iter().map(|r| r.actor_name.as_str())).await?;
    let items = rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: r.at,
            actor_id: r.actor_id,
            actor_label: names.of(&r.actor_name),
            actor_name: r.actor_name,
            ip: r.ip,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            before: parse(r.before),
            after: parse(r.after),
        })
        .collect();
    Ok(AuditPage {
        items,
        total,
        page,
        page_size,
    })
}

/// Walks the whole chain; the verification itself is audited.
pub async fn verify(app: &App, principal: &Principal) -> AppResult<ChainReport> {
    principal.require(Permission::AuditVerify)?;
    let report = audit::verify(&app.db).await?;
    audit::record(
        &app.db,
        &principal.actor(),
        app.now(),
        ganxun_storage::AuditEvent::new("audit.verify", "audit_log", report.head_id)
            .after(serde_json::json!({ "entries": report.entries, "intact": report.is_intact() })),
    )
    .await?;
    Ok(report)
}
