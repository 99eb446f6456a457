//! The briefings of online learning as issued (R-ONL-4): one per kind, period and unit, never
//! rewritten — a briefing downloaded next year says what it said on the day it was made.

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::learning_briefing;
use crate::error::{StoreError, StoreResult};
use crate::org::scope::AccessScope;
use chrono::{DateTime, Utc};
use ganxun_domain::BriefingId;
use ganxun_domain::UnitId;
use ganxun_domain::learning::Period;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// A briefing as listed (the figures are read one at a time, by [`get`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Briefing {
    pub id: BriefingId,
    pub period: Period,
    pub unit_id: UnitId,
    pub unit_path: String,
    pub title: String,
    pub made_by: String,
    pub made_at: DateTime<Utc>,
}

/// A briefing about to be kept.
#[derive(Debug, Clone)]
pub struct NewBriefing<'a> {
    pub period: Period,
    pub unit_id: UnitId,
    pub unit_path: &'a str,
    pub title: &'a str,
    /// The figures, as the application's document in JSON.
    pub document: &'a str,
    pub made_by: &'a str,
}

fn briefing(row: &learning_briefing::Model) -> Option<Briefing> {
    Some(Briefing {
        id: row.id,
        period: Period::parse(&row.period)?,
        unit_id: row.unit_id,
        unit_path: row.unit_path.clone(),
        title: row.title.clone(),
        made_by: row.made_by.clone(),
        made_at: row.made_at,
    })
}

/// Whether the briefing of a period and unit has been made.
pub async fn exists(db: &Db, period: Period, unit_id: UnitId) -> StoreResult<bool> {
    Ok(learning_briefing::Entity::find()
        .select_only()
        .column(learning_briefing::Column::Id)
        .filter(learning_briefing::Column::Kind.eq(period.kind.code()))
        .filter(learning_briefing::Column::Period.eq(period.code()))
        .filter(learning_briefing::Column::UnitId.eq(unit_id))
        .into_tuple::<BriefingId>()
        .one(db.connection())
        .await?
        .is_some())
}

/// Keeps a briefing, audited; `None` when the same one was made first (by the schedule on
/// another server, or a second click), which is then left as it is.
pub async fn record(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    new: NewBriefing<'_>,
) -> StoreResult<Option<Briefing>> {
    if exists(db, new.period, new.unit_id).await? {
        return Ok(None);
    }
    let tx = db.begin_write().await?;
    let inserted = learning_briefing::Entity::insert(learning_briefing::ActiveModel {
        kind: Set(new.period.kind.code().to_owned()),
        period: Set(new.period.code()),
        first_day: Set(new.period.first_day()),
        last_day: Set(new.period.last_day()),
        unit_id: Set(new.unit_id),
        unit_path: Set(new.unit_path.to_owned()),
        title: Set(new.title.to_owned()),
        document: Set(new.document.to_owned()),
        made_by: Set(new.made_by.to_owned()),
        made_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&tx)
    .await;
    let row = match inserted {
        Ok(row) => row,
        // Made meanwhile by another server: the unique index kept one.
        Err(error) => {
            drop(tx);
            return if exists(db, new.period, new.unit_id).await? {
                Ok(None)
            } else {
                Err(error.into())
            };
        }
    };
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.briefing.make", "learning_briefing", row.id).after(
            serde_json::json!({ "period": row.period, "unit_id": row.unit_id, "title": row.title }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(briefing(&row))
}

/// A listed briefing's columns: id, period, unit id and path, title, made by, made at.
type Listed = (
    BriefingId,
    String,
    UnitId,
    String,
    String,
    String,
    DateTime<Utc>,
);

/// The briefings about units the scope reaches, newest period first; of one kind when asked.
pub async fn list(
    db: &Db,
    scope: &AccessScope,
    kind: Option<ganxun_domain::learning::BriefingKind>,
) -> StoreResult<Vec<Briefing>> {
    let mut query = learning_briefing::Entity::find()
        .order_by_desc(learning_briefing::Column::LastDay)
        .order_by_asc(learning_briefing::Column::Kind)
        .order_by_asc(learning_briefing::Column::UnitPath);
    if let Some(kind) = kind {
        query = query.filter(learning_briefing::Column::Kind.eq(kind.code()));
    }
    // Briefings are few (a few units × 36 a year): the scope is applied to the loaded rows.
    // Their documents (thousands of laggards each) are not read for a list.
    let rows: Vec<Listed> = query
        .select_only()
        .columns([
            learning_briefing::Column::Id,
            learning_briefing::Column::Period,
            learning_briefing::Column::UnitId,
            learning_briefing::Column::UnitPath,
            learning_briefing::Column::Title,
            learning_briefing::Column::MadeBy,
            learning_briefing::Column::MadeAt,
        ])
        .into_tuple()
        .all(db.connection())
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, _, path, ..)| reaches(scope, path))
        .filter_map(
            |(id, period, unit_id, unit_path, title, made_by, made_at)| {
                Some(Briefing {
                    id,
                    period: Period::parse(&period)?,
                    unit_id,
                    unit_path,
                    title,
                    made_by,
                    made_at,
                })
            },
        )
        .collect())
}

/// A unit's briefing is read by those whose scope holds the whole unit.
fn reaches(scope: &AccessScope, unit_path: &str) -> bool {
    scope.all
        || scope
            .subtrees
            .iter()
            .any(|subtree| unit_path.starts_with(subtree.as_str()))
}

/// One briefing the scope reaches, with its document.
pub async fn get(db: &Db, scope: &AccessScope, id: BriefingId) -> StoreResult<(Briefing, String)> {
    let row = learning_briefing::Entity::find_by_id(id)
        .one(db.connection())
        .await?
        .filter(|row| reaches(scope, &row.unit_path))
        .ok_or(StoreError::NotFound)?;
    let listed = briefing(&row).ok_or(StoreError::NotFound)?;
    Ok((listed, row.document))
}
