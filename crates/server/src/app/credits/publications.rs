//! Yearly publication of credits (公示, R-CRD-7): the authority publishes a unit's credits for a
//! year; everyone in the unit reads the list; people object to their own line until the closing
//! day; the authority answers each objection (and revokes or corrects entries separately).

use crate::app::{App, AppError, AppResult, Principal, two_way};
use chrono::NaiveDate;
use ganxun_domain::Permission;
use ganxun_domain::UnitId;
use ganxun_domain::china_date;
use ganxun_domain::{CreditEntryId, ObjectionId, PublicationId};
use ganxun_storage::credits::publications::{self, Objection, Publication};
use ganxun_storage::{AccessScope, org};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PublishInput {
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub year: i32,
    /// The last day objections are accepted.
    pub closes_on: NaiveDate,
}

/// Publishes a unit's credits for a year.
pub async fn publish(
    app: &App,
    principal: &Principal,
    input: &PublishInput,
) -> AppResult<Publication> {
    let scope = principal.scope(app, Permission::CreditAudit).await?;
    if !(2000..=2100).contains(&input.year) {
        return Err(AppError::field(
            "year",
            "YEAR_INVALID",
            "年度须在 2000 至 2100 之间",
        ));
    }
    if input.closes_on < china_date(app.now()) {
        return Err(AppError::field(
            "closes_on",
            "CLOSES_IN_PAST",
            "公示截止日期不能早于今天",
        ));
    }
    Ok(publications::publish(
        &app.db,
        &principal.actor(),
        app.now(),
        &scope,
        input.unit_id,
        input.year,
        input.closes_on,
    )
    .await?)
}

/// Whether `scope` reaches the unit at `path` (`/1/5/9/`).
fn reaches(scope: &AccessScope, path: &str) -> bool {
    let unit = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .and_then(|id| id.parse::<i64>().ok())
        .map(UnitId);
    scope.all
        || scope.subtrees.iter().any(|s| path.starts_with(s.as_str()))
        || unit.is_some_and(|u| scope.units.contains(&u))
}

/// Whether the caller may read a publication covering `unit_path`: the authority within its
/// scope, or anyone whose own unit lies inside the published unit.
async fn may_read(app: &App, principal: &Principal, unit_path: &str) -> AppResult<bool> {
    if principal.may(Permission::CreditAudit) {
        let scope = principal.scope(app, Permission::CreditAudit).await?;
        if reaches(&scope, unit_path) {
            return Ok(true);
        }
    }
    let own = org::get_unit_unscoped(&app.db, principal.unit_id).await?;
    Ok(own.path.starts_with(unit_path))
}

pub async fn get(app: &App, principal: &Principal, id: PublicationId) -> AppResult<Publication> {
    let path = publications::unit_path_of(&app.db, id).await?;
    if !may_read(app, principal, &path).await? {
        return Err(AppError::NotFound);
    }
    Ok(publications::get(&app.db, id).await?)
}

/// A publication in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicationItem {
    #[schema(value_type = i64)]
    pub id: PublicationId,
    pub title: String,
    pub closes_on: NaiveDate,
    /// Objections are still accepted.
    pub open: bool,
}

/// How many recent publications the authority's list looks through.
const AUTHORITY_LIST_LIMIT: u64 = 2_000;

/// The publications the caller may read, newest first: those covering the caller's own unit,
/// and for the authority also those it published within its scope.
pub async fn list(app: &App, principal: &Principal) -> AppResult<Vec<PublicationItem>> {
    let own = org::get_unit_unscoped(&app.db, principal.unit_id).await?;
    let today = china_date(app.now());
    let item = |(id, title, closes_on): (PublicationId, String, NaiveDate)| PublicationItem {
        id,
        title,
        closes_on,
        open: today <= closes_on,
    };
    if !principal.may(Permission::CreditAudit) {
        let covering = publications::covering(&app.db, &own.path).await?;
        return Ok(covering.into_iter().map(item).collect());
    }
    let scope = principal.scope(app, Permission::CreditAudit).await?;
    Ok(publications::recent(&app.db, AUTHORITY_LIST_LIMIT)
        .await?
        .into_iter()
        .filter(|(_, _, _, path)| own.path.starts_with(path.as_str()) || reaches(&scope, path))
        .map(|(id, title, closes_on, _)| item((id, title, closes_on)))
        .collect())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ObjectionInput {
    pub text: String,
    /// The entry objected to, if one.
    #[schema(value_type = Option<i64>)]
    pub entry_id: Option<CreditEntryId>,
}

/// A person objects to their own line while the publication is open.
pub async fn object(
    app: &App,
    principal: &Principal,
    id: PublicationId,
    input: &ObjectionInput,
) -> AppResult<Objection> {
    let publication = get(app, principal, id).await?;
    let person_id = principal.person_id.ok_or(AppError::Forbidden)?;
    if !publication.lines.iter().any(|l| l.person_id == person_id) {
        return Err(AppError::rule(
            "NOT_IN_PUBLICATION",
            "公示名单中没有您，只能对本人的学分提出异议",
        ));
    }
    if china_date(app.now()) > publication.closes_on {
        return Err(AppError::rule(
            "PUBLICATION_CLOSED",
            format!("公示已于 {} 截止，不再受理异议", publication.closes_on),
        ));
    }
    let text = input.text.trim();
    if text.is_empty() || text.chars().count() > 1000 {
        return Err(AppError::field(
            "text",
            "REQUIRED",
            "请写明异议内容（不超过 1000 字）",
        ));
    }
    if let Some(entry) = input.entry_id {
        let found = ganxun_storage::credits::ledger::entry(&app.db, entry).await?;
        if found.person_id != person_id {
            return Err(AppError::NotFound);
        }
    }
    Ok(publications::object(
        &app.db,
        &principal.actor(),
        app.now(),
        id,
        person_id,
        input.entry_id,
        text,
    )
    .await?)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AnswerInput {
    /// uphold or dismiss
    pub decision: String,
    pub answer: String,
}

/// The authority answers an objection.
pub async fn answer(
    app: &App,
    principal: &Principal,
    objection_id: ObjectionId,
    input: &AnswerInput,
) -> AppResult<Objection> {
    principal.require(Permission::CreditAudit)?;
    let publication = publications::publication_of_objection(&app.db, objection_id).await?;
    let path = publications::unit_path_of(&app.db, publication).await?;
    let scope = principal.scope(app, Permission::CreditAudit).await?;
    if !reaches(&scope, &path) {
        return Err(AppError::NotFound);
    }
    let upheld = two_way(&input.decision, "uphold", "dismiss")?;
    let answer = input.answer.trim();
    if answer.is_empty() {
        return Err(AppError::field("answer", "REQUIRED", "请填写答复意见"));
    }
    Ok(publications::answer(
        &app.db,
        &principal.actor(),
        app.now(),
        objection_id,
        upheld,
        answer,
    )
    .await?)
}
