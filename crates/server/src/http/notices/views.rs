//! What the notices API returns, as API types made from the storage rows.

use crate::app::notices::NoticePage as AppPage;
use chrono::{DateTime, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::NoticeId;
use ganxun_domain::UnitId;
use ganxun_domain::notices::NoticeKind;
use ganxun_storage::notices::{InboxNotice, KindCount};
use serde::Serialize;
use utoipa::ToSchema;

/// A notice as the caller sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Notice {
    #[schema(value_type = i64)]
    pub id: NoticeId,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    /// The unit it was sent to.
    pub unit_name: String,
    /// class_started (开班通知), arrival_report (到位情况), class_attendance (考勤情况).
    #[schema(value_type = String)]
    pub kind: NoticeKind,
    #[schema(value_type = Option<i64>)]
    pub class_id: Option<ClassId>,
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// When the caller opened it; null while unread.
    pub read_at: Option<DateTime<Utc>>,
}

impl From<InboxNotice> for Notice {
    fn from(r: InboxNotice) -> Self {
        let n = r.notice;
        Self {
            id: n.id,
            unit_id: n.unit_id,
            unit_name: r.unit_name,
            kind: n.kind,
            class_id: n.class_id,
            title: n.title,
            body: n.body,
            created_at: n.created_at,
            read_at: r.read_at,
        }
    }
}

/// How many notices of a kind the caller has, and how many are unread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticeKindCount {
    #[schema(value_type = String)]
    pub kind: NoticeKind,
    pub total: u64,
    pub unread: u64,
}

impl From<KindCount> for NoticeKindCount {
    fn from(k: KindCount) -> Self {
        Self {
            kind: k.kind,
            total: k.total,
            unread: k.unread,
        }
    }
}

/// A page of the inbox.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticePage {
    pub items: Vec<Notice>,
    /// Notices matching the filter.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    /// Unread notices of every kind.
    pub unread: u64,
    /// Every kind the caller has notices of, with counts.
    pub kinds: Vec<NoticeKindCount>,
}

impl From<AppPage> for NoticePage {
    fn from(p: AppPage) -> Self {
        Self {
            items: crate::http::views::all(p.inbox.items),
            total: p.inbox.total,
            page: p.page,
            per_page: p.per_page,
            unread: p.inbox.unread,
            kinds: crate::http::views::all(p.inbox.kinds),
        }
    }
}
