//! The notices inbox (待办通知, issue 17 item 2): the notices sent to the units the reader's class
//! grants reach (arrival reports, class openings, end-of-class attendance), a page at a time,
//! by kind, read or unread, with the unread count the menu shows. Notices are written by the
//! features that send them (classes, attendance); reading them is this module's only concern.

use crate::app::paging::{Paging, Sizes, paging};
use crate::app::{App, AppResult, Principal};
use ganxun_domain::NoticeId;
use ganxun_domain::Permission;
use ganxun_domain::code_enum::Vocabulary;
use ganxun_domain::notices::NoticeKind;
use ganxun_storage::notices::{Inbox, InboxFilter, InboxNotice, inbox};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const PAGE_SIZES: Sizes = Sizes {
    field: "per_page",
    default: 20,
    max: 100,
};

/// Which notices a page of the inbox lists.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NoticeQuery {
    /// A notice kind code (`class_started`, `arrival_report`, `class_attendance`); all when absent.
    pub kind: Option<String>,
    /// Only the notices the caller has not read.
    pub unread: Option<bool>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// One page of the inbox.
#[derive(Debug, Clone)]
pub struct NoticePage {
    pub inbox: Inbox,
    pub page: u64,
    pub per_page: u64,
}

/// Which notices "mark all read" marks.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ReadAllInput {
    /// Only notices of this kind; every kind when absent.
    #[serde(default)]
    pub kind: Option<String>,
}

/// How many notices changed, or wait.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticeCount {
    pub count: u64,
}

/// A kind the caller asked for: `Ok(None)` for every kind, `Err(())` for a code no notice has
/// (which matches no notice, as an unknown class state does in the class list).
fn kind_of(code: Option<&str>) -> Result<Option<NoticeKind>, ()> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(code) => NoticeKind::from_code(code).map(Some).map_err(|_| ()),
    }
}

/// A page of the caller's inbox, newest first, with the counts per kind.
pub async fn list(app: &App, principal: &Principal, query: &NoticeQuery) -> AppResult<NoticePage> {
    let scope = principal.scope(app, Permission::ClassRead).await?;
    let Paging { page, size } = paging(query.page, query.per_page, PAGE_SIZES)?;
    let unread_only = query.unread.unwrap_or(false);
    let inbox = match kind_of(query.kind.as_deref()) {
        Ok(kind) => {
            let filter = InboxFilter { kind, unread_only };
            inbox::page(&app.db, &scope, principal.account_id, filter, page, size).await?
        }
        Err(()) => {
            // Still answer the counts, so the page can show its filter.
            let mut all = inbox::page(
                &app.db,
                &scope,
                principal.account_id,
                InboxFilter::default(),
                1,
                1,
            )
            .await?;
            all.items.clear();
            all.total = 0;
            all
        }
    };
    Ok(NoticePage {
        inbox,
        page,
        per_page: size,
    })
}

/// How many notices the caller has not read: the menu's badge.
pub async fn unread_count(app: &App, principal: &Principal) -> AppResult<NoticeCount> {
    let scope = principal.scope(app, Permission::ClassRead).await?;
    Ok(NoticeCount {
        count: inbox::unread_count(&app.db, &scope, principal.account_id).await?,
    })
}

/// Opens a notice: it is marked read for the caller the first time.
pub async fn open(app: &App, principal: &Principal, id: NoticeId) -> AppResult<InboxNotice> {
    let scope = principal.scope(app, Permission::ClassRead).await?;
    Ok(inbox::open(
        &app.db,
        &principal.actor(),
        app.now(),
        &scope,
        principal.account_id,
        id,
    )
    .await?)
}

/// Marks every unread notice (of one kind, if given) read for the caller.
pub async fn read_all(
    app: &App,
    principal: &Principal,
    input: &ReadAllInput,
) -> AppResult<NoticeCount> {
    let scope = principal.scope(app, Permission::ClassRead).await?;
    let Ok(kind) = kind_of(input.kind.as_deref()) else {
        return Ok(NoticeCount { count: 0 });
    };
    let count = inbox::read_all(
        &app.db,
        &principal.actor(),
        app.now(),
        &scope,
        principal.account_id,
        kind,
    )
    .await?;
    Ok(NoticeCount { count })
}
