//! Yearly publication of credits (公示, R-CRD-7): the authority publishes a unit's credits for a
//! year, the list is kept as published, and people object until the closing day.

use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{credit_objection, credit_publication, credit_total, org_unit, person};
use crate::error::{StoreError, StoreResult};
use crate::org::scope::{AccessScope, subtree_condition};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::credits::ObjectionState;
use ganxun_domain::{CreditEntryId, ObjectionId, PublicationId};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The most people one publication lists; a larger unit publishes by its sub-units.
pub const MAX_PEOPLE: u64 = 20_000;

/// One person's line in a publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedLine {
    pub person_id: PersonId,
    pub name: String,
    pub unit_name: String,
    /// Hundredths per category code.
    pub by_category: BTreeMap<String, i64>,
    pub total: i64,
}

/// A publication as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Publication {
    pub id: PublicationId,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub year: i32,
    pub title: String,
    /// Objections are accepted until the end of this day.
    pub closes_on: NaiveDate,
    pub published_by: String,
    pub published_at: DateTime<Utc>,
    pub lines: Vec<PublishedLine>,
    pub objections: Vec<Objection>,
}

/// An objection and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Objection {
    pub id: ObjectionId,
    pub publication_id: PublicationId,
    pub person_id: PersonId,
    pub entry_id: Option<CreditEntryId>,
    pub text: String,
    /// open, upheld, dismissed
    pub state: ObjectionState,
    pub raised_by: String,
    pub raised_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

fn objection(m: credit_objection::Model) -> Objection {
    Objection {
        id: m.id,
        publication_id: m.publication_id,
        person_id: m.person_id,
        entry_id: m.entry_id,
        text: m.text,
        state: m.state,
        raised_by: m.raised_by,
        raised_at: m.raised_at,
        answer: m.answer,
        answered_by: m.answered_by,
        answered_at: m.answered_at,
    }
}

/// The lines of a unit's subtree for a year: every active person, with their totals.
async fn lines_of(db: &Db, unit_path: &str, year: i32) -> StoreResult<Vec<PublishedLine>> {
    let in_unit = subtree_condition(person::Column::UnitPath, unit_path);
    let count = person::Entity::find()
        .filter(in_unit.clone())
        .filter(person::Column::Active.eq(true))
        .count(&db.conn)
        .await?;
    if count > MAX_PEOPLE {
        return Err(StoreError::refused(Refusal::PublicationTooLarge {
            people: count,
            max: MAX_PEOPLE,
        }));
    }
    let people = person::Entity::find()
        .filter(in_unit.clone())
        .filter(person::Column::Active.eq(true))
        .order_by_asc(person::Column::UnitPath)
        .order_by_asc(person::Column::Id)
        .all(&db.conn)
        .await?;
    let units: HashMap<UnitId, String> = org_unit::Entity::find()
        .filter(subtree_condition(org_unit::Column::Path, unit_path))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut totals: HashMap<PersonId, BTreeMap<String, i64>> = HashMap::new();
    let people_here = Query::select()
        .column(person::Column::Id)
        .from(person::Entity)
        .cond_where(in_unit)
        .to_owned();
    for t in credit_total::Entity::find()
        .filter(credit_total::Column::Year.eq(year))
        .filter(credit_total::Column::PersonId.in_subquery(people_here))
        .all(&db.conn)
        .await?
    {
        totals
            .entry(t.person_id)
            .or_default()
            .insert(t.category.code().to_owned(), t.amount);
    }
    Ok(people
        .into_iter()
        .map(|p| {
            let by_category = totals.remove(&p.id).unwrap_or_default();
            PublishedLine {
                person_id: p.id,
                name: p.name,
                unit_name: units.get(&p.unit_id).cloned().unwrap_or_default(),
                total: by_category.values().sum(),
                by_category,
            }
        })
        .collect())
}

/// Publishes a unit's credits for a year.
pub async fn publish(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    unit_id: UnitId,
    year: i32,
    closes_on: NaiveDate,
) -> StoreResult<Publication> {
    let unit = crate::org::get_unit(db, scope, unit_id).await?;
    let lines = lines_of(db, &unit.path, year).await?;
    let tx = db.begin_write().await?;
    let saved = credit_publication::ActiveModel {
        unit_id: Set(unit.id),
        unit_path: Set(unit.path.clone()),
        year: Set(year),
        title: Set(format!("{}{year}年度学时学分公示", unit.name)),
        closes_on: Set(closes_on),
        snapshot: Set(serde_json::to_string(&lines).map_err(anyhow::Error::from)?),
        published_by: Set(actor.name.clone()),
        published_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("credit.publish", "credit_publication", saved.id).after(
            serde_json::json!({"unit_id": unit.id, "year": year, "closes_on": closes_on, "people": lines.len()}),
        ),
    )
    .await?;
    tx.commit().await?;
    get(db, saved.id).await
}

/// One publication with its objections.
pub async fn get(db: &Db, id: PublicationId) -> StoreResult<Publication> {
    let p = credit_publication::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let unit_name = org_unit::Entity::find_by_id(p.unit_id)
        .one(&db.conn)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let objections = credit_objection::Entity::find()
        .filter(credit_objection::Column::PublicationId.eq(id))
        .order_by_asc(credit_objection::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(objection)
        .collect();
    Ok(Publication {
        id: p.id,
        unit_id: p.unit_id,
        unit_name,
        year: p.year,
        title: p.title,
        closes_on: p.closes_on,
        published_by: p.published_by,
        published_at: p.published_at,
        lines: serde_json::from_str(&p.snapshot).unwrap_or_default(),
        objections,
    })
}

/// The unit path a publication covers (for scope checks).
pub async fn unit_path_of(db: &Db, id: PublicationId) -> StoreResult<String> {
    credit_publication::Entity::find_by_id(id)
        .select_only()
        .column(credit_publication::Column::UnitPath)
        .into_tuple()
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Publications covering a unit path or one of its ancestors, newest first: what a person of
/// that unit may read and object to.
pub async fn covering(
    db: &Db,
    unit_path: &str,
) -> StoreResult<Vec<(PublicationId, String, NaiveDate)>> {
    let ancestors: Vec<String> = unit_path
        .trim_matches('/')
        .split('/')
        .scan(String::from("/"), |acc, id| {
            acc.push_str(id);
            acc.push('/');
            Some(acc.clone())
        })
        .collect();
    Ok(credit_publication::Entity::find()
        .filter(credit_publication::Column::UnitPath.is_in(ancestors))
        .order_by_desc(credit_publication::Column::Id)
        .select_only()
        .column(credit_publication::Column::Id)
        .column(credit_publication::Column::Title)
        .column(credit_publication::Column::ClosesOn)
        .into_tuple()
        .all(&db.conn)
        .await?)
}

/// The newest publications with the unit path each covers, for the authority's list (the
/// application keeps those within its scope).
pub async fn recent(
    db: &Db,
    limit: u64,
) -> StoreResult<Vec<(PublicationId, String, NaiveDate, String)>> {
    Ok(credit_publication::Entity::find()
        .order_by_desc(credit_publication::Column::Id)
        .limit(limit)
        .select_only()
        .column(credit_publication::Column::Id)
        .column(credit_publication::Column::Title)
        .column(credit_publication::Column::ClosesOn)
        .column(credit_publication::Column::UnitPath)
        .into_tuple()
        .all(&db.conn)
        .await?)
}

/// Records an objection; the application has checked the period and the person.
pub async fn object(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    publication_id: PublicationId,
    person_id: PersonId,
    entry_id: Option<CreditEntryId>,
    text: &str,
) -> StoreResult<Objection> {
    let tx = db.begin_write().await?;
    let saved = objection(
        credit_objection::ActiveModel {
            publication_id: Set(publication_id),
            person_id: Set(person_id),
            entry_id: Set(entry_id),
            text: Set(text.to_owned()),
            state: Set(ObjectionState::Open),
            raised_by: Set(actor.name.clone()),
            raised_at: Set(now),
            answer: Set(None),
            answered_by: Set(None),
            answered_at: Set(None),
            ..Default::default()
        }
        .insert(&tx)
        .await?,
    );
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("credit.object", "credit_objection", saved.id).after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Answers an open objection: upheld or dismissed, with the answer.
pub async fn answer(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: ObjectionId,
    upheld: bool,
    text: &str,
) -> StoreResult<Objection> {
    let tx = db.begin_write().await?;
    let current = credit_objection::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.state != ObjectionState::Open {
        return Err(StoreError::refused(Refusal::ObjectionAnswered));
    }
    let mut model: credit_objection::ActiveModel = current.into();
    model.state = Set(if upheld {
        ObjectionState::Upheld
    } else {
        ObjectionState::Dismissed
    });
    model.answer = Set(Some(text.to_owned()));
    model.answered_by = Set(Some(actor.name.clone()));
    model.answered_at = Set(Some(now));
    let saved = objection(model.update(&tx).await?);
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("credit.objection.answer", "credit_objection", id).after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// The publication an objection belongs to.
pub async fn publication_of_objection(db: &Db, id: ObjectionId) -> StoreResult<PublicationId> {
    credit_objection::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(|o| o.publication_id)
        .ok_or(StoreError::NotFound)
}

/// Objections still waiting for an answer on the given publications: how many, and when the
/// oldest was raised (the workbench's count).
pub async fn open_objections(
    db: &Db,
    publication_ids: &[PublicationId],
) -> StoreResult<(u64, Option<DateTime<Utc>>)> {
    if publication_ids.is_empty() {
        return Ok((0, None));
    }
    let open = credit_objection::Entity::find()
        .filter(credit_objection::Column::PublicationId.is_in(publication_ids.iter().copied()))
        .filter(credit_objection::Column::State.eq(ObjectionState::Open))
        .select_only()
        .column(credit_objection::Column::RaisedAt)
        .into_tuple::<DateTime<Utc>>()
        .all(&db.conn)
        .await?;
    Ok((open.len() as u64, open.into_iter().min()))
}
