//! Notices to units (arrival reports, attendance at the end of a class): inside a closed
//! intranet, "sent to the unit's administrators" means a notice their inbox lists. Sending lives
//! here; each reader's inbox (read state, filter by kind, pages) in `inbox`.

pub mod inbox;

use crate::db::Db;
use crate::entity::notice;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::NoticeId;
use ganxun_domain::UnitId;
use ganxun_domain::notices::NoticeKind;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use serde::Serialize;

pub use inbox::{Inbox, InboxFilter, InboxNotice, KindCount};

/// A notice as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub id: NoticeId,
    pub unit_id: UnitId,
    pub kind: NoticeKind,
    pub class_id: Option<ClassId>,
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl From<notice::Model> for Notice {
    fn from(n: notice::Model) -> Self {
        Self {
            id: n.id,
            unit_id: n.unit_id,
            kind: n.kind,
            class_id: n.class_id,
            title: n.title,
            body: n.body,
            created_at: n.created_at,
        }
    }
}

/// What to send to one unit.
#[derive(Debug, Clone)]
pub struct NewNotice {
    pub unit_id: UnitId,
    pub unit_path: String,
    pub kind: NoticeKind,
    pub class_id: Option<ClassId>,
    pub title: String,
    pub body: String,
}

/// Sends notices inside the caller's transaction, so they go out exactly when the change does.
pub(crate) async fn send_in(
    tx: &impl ConnectionTrait,
    now: DateTime<Utc>,
    notices: Vec<NewNotice>,
) -> StoreResult<()> {
    for n in notices {
        notice::ActiveModel {
            unit_id: Set(n.unit_id),
            unit_path: Set(n.unit_path),
            kind: Set(n.kind),
            class_id: Set(n.class_id),
            title: Set(n.title),
            body: Set(n.body),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(tx)
        .await?;
    }
    Ok(())
}

/// Sends notices in their own transaction, audited.
pub async fn send(
    db: &Db,
    actor: &crate::audit::Actor,
    now: DateTime<Utc>,
    notices: Vec<NewNotice>,
) -> StoreResult<usize> {
    let count = notices.len();
    let summary: Vec<(UnitId, String)> = notices
        .iter()
        .map(|n| (n.unit_id, n.title.clone()))
        .collect();
    let tx = db.begin_write().await?;
    send_in(&tx, now, notices).await?;
    crate::audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        crate::audit::AuditEvent::new("notice.send", "notice", count).after(&summary),
    )
    .await?;
    tx.commit().await?;
    Ok(count)
}
