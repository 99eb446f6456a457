//! Each reader's inbox of notices (issue 17 item 2): the notices to the units the reader's scope
//! reaches, newest first, a page at a time, by kind, read or unread. Read state is per account
//! (`notice_read`): one administrator opening a notice does not mark it read for a colleague.
//! Marking read is audited (已阅 of an official notice is a record), only when it changes.

use super::Notice;
use crate::audit::{Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{notice, notice_read};
use crate::error::{StoreError, StoreResult};
use crate::org::scope::AccessScope;
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::NoticeId;
use ganxun_domain::notices::NoticeKind;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query, SelectStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde::Serialize;
use std::collections::HashMap;

/// Rows written per statement when many notices are marked read at once (bind-parameter limits).
const INSERT_CHUNK: usize = 300;

/// A notice as one reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InboxNotice {
    #[serde(flatten)]
    pub notice: Notice,
    /// The unit it was sent to: an authority reads the notices of many units.
    pub unit_name: String,
    /// When this reader opened it; None while unread.
    pub read_at: Option<DateTime<Utc>>,
}

/// Which notices a page lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InboxFilter {
    pub kind: Option<NoticeKind>,
    pub unread_only: bool,
}

/// How many notices of one kind the reader has, and how many of them are unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub kind: NoticeKind,
    pub total: u64,
    pub unread: u64,
}

/// One page of the inbox with the counts the page's filter and the menu's badge show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inbox {
    pub items: Vec<InboxNotice>,
    /// Notices matching the filter.
    pub total: u64,
    /// Unread notices of every kind.
    pub unread: u64,
    /// Per kind, every kind that has notices for the reader.
    pub kinds: Vec<KindCount>,
}

/// The ids of the notices `reader` has read.
fn read_by(reader: AccountId) -> SelectStatement {
    Query::select()
        .column(notice_read::Column::NoticeId)
        .from(notice_read::Entity)
        .and_where(Expr::col(notice_read::Column::AccountId).eq(reader))
        .to_owned()
}

fn in_scope(scope: &AccessScope) -> Condition {
    scope.condition(
        notice::Column::UnitPath,
        notice::Column::UnitId,
        None::<notice::Column>,
    )
}

fn filtered(scope: &AccessScope, reader: AccountId, filter: InboxFilter) -> Select<notice::Entity> {
    let mut query = notice::Entity::find().filter(in_scope(scope));
    if let Some(kind) = filter.kind {
        query = query.filter(notice::Column::Kind.eq(kind));
    }
    if filter.unread_only {
        query = query.filter(notice::Column::Id.not_in_subquery(read_by(reader)));
    }
    query
}

async fn kind_counts(
    conn: &impl ConnectionTrait,
    scope: &AccessScope,
    reader: AccountId,
) -> StoreResult<Vec<KindCount>> {
    let count = |unread_only| async move {
        let rows: Vec<(NoticeKind, i64)> = filtered(
            scope,
            reader,
            InboxFilter {
                kind: None,
                unread_only,
            },
        )
        .select_only()
        .column(notice::Column::Kind)
        .column_as(notice::Column::Id.count(), "n")
        .group_by(notice::Column::Kind)
        .into_tuple()
        .all(conn)
        .await?;
        StoreResult::Ok(
            rows.into_iter()
                .map(|(kind, n)| (kind, u64::try_from(n).unwrap_or(0)))
                .collect::<HashMap<_, _>>(),
        )
    };
    let totals = count(false).await?;
    let unread = count(true).await?;
    let mut kinds: Vec<KindCount> = totals
        .into_iter()
        .map(|(kind, total)| KindCount {
            kind,
            total,
            unread: unread.get(&kind).copied().unwrap_or(0),
        })
        .collect();
    kinds.sort_by_key(|k| k.kind);
    Ok(kinds)
}

/// When `reader` read each of `ids`.
async fn read_times(
    conn: &impl ConnectionTrait,
    reader: AccountId,
    ids: Vec<NoticeId>,
) -> StoreResult<HashMap<NoticeId, DateTime<Utc>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(notice_read::Entity::find()
        .filter(notice_read::Column::AccountId.eq(reader))
        .filter(notice_read::Column::NoticeId.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.notice_id, r.read_at))
        .collect())
}

/// One page of `reader`'s inbox: the notices to units inside `scope`, newest first.
pub async fn page(
    db: &Db,
    scope: &AccessScope,
    reader: AccountId,
    filter: InboxFilter,
    page: u64,
    per_page: u64,
) -> StoreResult<Inbox> {
    let query = filtered(scope, reader, filter);
    let total = query.clone().count(&db.conn).await?;
    let rows = query
        .order_by_desc(notice::Column::Id)
        .offset(page.saturating_sub(1) * per_page)
        .limit(per_page)
        .all(&db.conn)
        .await?;
    let read = read_times(&db.conn, reader, rows.iter().map(|n| n.id).collect()).await?;
    let units = crate::org::unit_names(&db.conn, rows.iter().map(|n| n.unit_id)).await?;
    let kinds = kind_counts(&db.conn, scope, reader).await?;
    Ok(Inbox {
        items: rows
            .into_iter()
            .map(|n| InboxNotice {
                read_at: read.get(&n.id).copied(),
                unit_name: units.get(&n.unit_id).cloned().unwrap_or_default(),
                notice: n.into(),
            })
            .collect(),
        total,
        unread: kinds.iter().map(|k| k.unread).sum(),
        kinds,
    })
}

/// How many notices inside `scope` `reader` has not read: the menu's badge.
pub async fn unread_count(db: &Db, scope: &AccessScope, reader: AccountId) -> StoreResult<u64> {
    let unread = InboxFilter {
        kind: None,
        unread_only: true,
    };
    Ok(filtered(scope, reader, unread).count(&db.conn).await?)
}

/// Records that `reader` read these notices; ones already read keep their first time.
async fn mark(
    tx: &impl ConnectionTrait,
    reader: AccountId,
    now: DateTime<Utc>,
    ids: &[NoticeId],
) -> StoreResult<()> {
    for chunk in ids.chunks(INSERT_CHUNK) {
        let on_conflict = OnConflict::columns([
            notice_read::Column::NoticeId,
            notice_read::Column::AccountId,
        ])
        .do_nothing()
        .to_owned();
        notice_read::Entity::insert_many(chunk.iter().map(|&notice_id| notice_read::ActiveModel {
            notice_id: Set(notice_id),
            account_id: Set(reader),
            read_at: Set(now),
            ..Default::default()
        }))
        .on_conflict(on_conflict)
        .exec_without_returning(tx)
        .await?;
    }
    Ok(())
}

/// Opens one notice inside `scope` for `reader`, marking it read the first time (audited).
/// A notice outside the scope is not found.
pub async fn open(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    reader: AccountId,
    id: NoticeId,
) -> StoreResult<InboxNotice> {
    let tx = db.begin_write().await?;
    let found = notice::Entity::find_by_id(id)
        .filter(in_scope(scope))
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let read_at = match read_times(&tx, reader, vec![id]).await?.get(&id) {
        Some(at) => *at,
        None => {
            mark(&tx, reader, now, &[id]).await?;
            crate::audit::append(
                &tx,
                db.key()?,
                actor,
                now,
                AuditEvent::new("notice.read", "notice", id)
                    .after(serde_json::json!({ "title": found.title })),
            )
            .await?;
            now
        }
    };
    let unit_name = crate::org::unit_names(&tx, [found.unit_id])
        .await?
        .remove(&found.unit_id)
        .unwrap_or_default();
    tx.commit().await?;
    Ok(InboxNotice {
        notice: found.into(),
        unit_name,
        read_at: Some(read_at),
    })
}

/// Marks every unread notice inside `scope` (of one kind, if given) read for `reader`, in one
/// transaction, audited with the count; returns how many were marked.
pub async fn read_all(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    reader: AccountId,
    kind: Option<NoticeKind>,
) -> StoreResult<u64> {
    let tx = db.begin_write().await?;
    let unread: Vec<NoticeId> = filtered(
        scope,
        reader,
        InboxFilter {
            kind,
            unread_only: true,
        },
    )
    .select_only()
    .column(notice::Column::Id)
    .into_tuple()
    .all(&tx)
    .await?;
    if !unread.is_empty() {
        mark(&tx, reader, now, &unread).await?;
        crate::audit::append(
            &tx,
            db.key()?,
            actor,
            now,
            AuditEvent::new("notice.read_all", "notice", unread.len()).after(serde_json::json!({
                "kind": kind.map(|k| k.code()),
                "count": unread.len(),
            })),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(u64::try_from(unread.len()).unwrap_or(u64::MAX))
}
