//! Training done outside the system (issue 7, R-ARC-1): entered with its evidence as pending,
//! approved or rejected by the training authority; only approved records count for compliance
//! (`compliance::rows_of`). Each change is one transaction with its audit entry.

use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::training_record;
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::TrainingRecordId;
use ganxun_domain::compliance::{ExternalKind, Institution};
use ganxun_domain::review::ReviewState;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;

/// A stored external training record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrainingRecordRow {
    pub id: TrainingRecordId,
    pub person_id: PersonId,
    /// party_school_elsewhere, study_abroad, degree_study, secondment, self_study, online, other
    pub kind: ExternalKind,
    pub title: String,
    pub institution_name: String,
    /// party_school, administrative_college, cadre_college, training_institution
    pub institution_type: Option<Institution>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Hundredths of a day.
    pub days: i64,
    /// Hundredths of a class hour.
    pub hours: i64,
    pub privately_arranged: bool,
    pub evidence: String,
    /// pending, approved, rejected
    pub state: ReviewState,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
}

pub(crate) fn row(m: training_record::Model) -> TrainingRecordRow {
    TrainingRecordRow {
        id: m.id,
        person_id: m.person_id,
        kind: m.kind,
        title: m.title,
        institution_name: m.institution_name,
        institution_type: m.institution_type,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        days: m.days,
        hours: m.hours,
        privately_arranged: m.privately_arranged,
        evidence: m.evidence,
        state: m.state,
        entered_by: m.entered_by,
        entered_at: m.entered_at,
        decided_by: m.decided_by,
        decided_at: m.decided_at,
        decision_reason: m.decision_reason,
    }
}

/// A record to store, checked by the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTrainingRecord {
    pub person_id: PersonId,
    pub kind: ExternalKind,
    pub title: String,
    pub institution_name: String,
    pub institution_type: Option<Institution>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub days: i64,
    pub hours: i64,
    pub privately_arranged: bool,
    pub evidence: String,
}

/// Enters a record as pending, with its audit entry.
pub async fn create(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    new: NewTrainingRecord,
) -> StoreResult<TrainingRecordRow> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let saved = row(training_record::ActiveModel {
        person_id: Set(new.person_id),
        kind: Set(new.kind),
        title: Set(new.title),
        institution_name: Set(new.institution_name),
        institution_type: Set(new.institution_type),
        starts_on: Set(new.starts_on),
        ends_on: Set(new.ends_on),
        days: Set(new.days),
        hours: Set(new.hours),
        privately_arranged: Set(new.privately_arranged),
        evidence: Set(new.evidence),
        state: Set(ReviewState::Pending),
        entered_by: Set(actor.name.clone()),
        entered_at: Set(now),
        decided_by: Set(None),
        decided_at: Set(None),
        decision_reason: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await?);
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("training_record.create", "training_record", saved.id).after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Approves or rejects a pending record; a decided one is refused (`TrainingRecordNotPending`).
pub async fn decide(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: TrainingRecordId,
    approve: bool,
    reason: &str,
) -> StoreResult<TrainingRecordRow> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let current = training_record::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.state != ReviewState::Pending {
        return Err(StoreError::refused(Refusal::TrainingRecordNotPending {
            state: current.state,
        }));
    }
    let before = row(current.clone());
    let mut model: training_record::ActiveModel = current.into();
    model.state = Set(if approve {
        ReviewState::Approved
    } else {
        ReviewState::Rejected
    });
    model.decided_by = Set(Some(actor.name.clone()));
    model.decided_at = Set(Some(now));
    model.decision_reason = Set(Some(reason.to_owned()));
    let saved = row(model.update(&tx).await?);
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("training_record.decide", "training_record", id)
            .before(&before)
            .after(&saved),
    )
    .await?;
    if approve {
        crate::compliance::board::mark_dirty(&tx, now, [saved.person_id]).await?;
    }
    tx.commit().await?;
    Ok(saved)
}

pub async fn get(db: &Db, id: TrainingRecordId) -> StoreResult<TrainingRecordRow> {
    training_record::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(row)
        .ok_or(StoreError::NotFound)
}

/// A person's records in every state, newest training first.
pub async fn of_person(db: &Db, person_id: PersonId) -> StoreResult<Vec<TrainingRecordRow>> {
    Ok(training_record::Entity::find()
        .filter(training_record::Column::PersonId.eq(person_id))
        .order_by_desc(training_record::Column::EndsOn)
        .order_by_desc(training_record::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(row)
        .collect())
}

/// A person's approved records, by last day then id: what compliance counts.
pub async fn approved_of(db: &Db, person_id: PersonId) -> StoreResult<Vec<TrainingRecordRow>> {
    Ok(training_record::Entity::find()
        .filter(training_record::Column::PersonId.eq(person_id))
        .filter(training_record::Column::State.eq(ReviewState::Approved))
        .order_by_asc(training_record::Column::EndsOn)
        .order_by_asc(training_record::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(row)
        .collect())
}

/// Records waiting for a decision, oldest first.
pub async fn pending(db: &Db, limit: u64) -> StoreResult<Vec<TrainingRecordRow>> {
    Ok(training_record::Entity::find()
        .filter(training_record::Column::State.eq(ReviewState::Pending))
        .order_by_asc(training_record::Column::Id)
        .limit(limit)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(row)
        .collect())
}
