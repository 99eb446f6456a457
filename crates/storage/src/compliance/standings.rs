//! Certificates held and central-group seats (ADR 0009): what the compliance rules ask about
//! besides training. A theory qualification certificate (理论水平任职资格证书) is needed for
//! promotion under seed 000 (R-CMP-4); a seat in a party committee's central group (中心组)
//! binds the member to its six days of study a year (R-CMP-2). Entered with evidence; revoked
//! with a reason, never deleted; each change marks the person for the compliance board.

use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::person_standing;
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::StandingId;
use ganxun_domain::compliance::{StandingKind, StandingState};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

/// A stored certificate or seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StandingRow {
    pub id: StandingId,
    pub person_id: PersonId,
    /// theory_certificate 理论水平任职资格证书, central_group 中心组成员
    pub kind: StandingKind,
    /// The certificate's number, or the party committee whose central group it is.
    pub title: String,
    /// Issued on, or the seat's first day.
    pub valid_from: NaiveDate,
    /// The day after the seat's last day; none for a certificate or a seat still held.
    pub valid_to: Option<NaiveDate>,
    pub evidence: String,
    /// active, revoked
    pub state: StandingState,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
    pub revoked_by: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
}

fn row(m: person_standing::Model) -> StandingRow {
    StandingRow {
        id: m.id,
        person_id: m.person_id,
        kind: m.kind,
        title: m.title,
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        evidence: m.evidence,
        state: m.state,
        entered_by: m.entered_by,
        entered_at: m.entered_at,
        revoked_by: m.revoked_by,
        revoked_at: m.revoked_at,
        revoke_reason: m.revoke_reason,
    }
}

/// A certificate or seat to store, checked by the application.
#[derive(Debug, Clone)]
pub struct NewStanding {
    pub person_id: PersonId,
    pub kind: StandingKind,
    pub title: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub evidence: String,
}

/// Records a certificate or seat, with its audit entry and the person's mark for the board.
pub async fn create(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    new: NewStanding,
) -> StoreResult<StandingRow> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let saved = row(person_standing::ActiveModel {
        person_id: Set(new.person_id),
        kind: Set(new.kind),
        title: Set(new.title),
        valid_from: Set(new.valid_from),
        valid_to: Set(new.valid_to),
        evidence: Set(new.evidence),
        state: Set(StandingState::Active),
        entered_by: Set(actor.name.clone()),
        entered_at: Set(now),
        revoked_by: Set(None),
        revoked_at: Set(None),
        revoke_reason: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await?);
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("standing.create", "person_standing", saved.id).after(&saved),
    )
    .await?;
    crate::compliance::board::mark_dirty(&tx, now, [saved.person_id]).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Revokes a certificate or seat entered in error (or withdrawn): it no longer counts.
pub async fn revoke(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: StandingId,
    reason: &str,
) -> StoreResult<StandingRow> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let current = person_standing::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.state != StandingState::Active {
        return Err(StoreError::refused(Refusal::StandingRevoked));
    }
    let before = row(current.clone());
    let mut model: person_standing::ActiveModel = current.into();
    model.state = Set(StandingState::Revoked);
    model.revoked_by = Set(Some(actor.name.clone()));
    model.revoked_at = Set(Some(now));
    model.revoke_reason = Set(Some(reason.to_owned()));
    let saved = row(model.update(&tx).await?);
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("standing.revoke", "person_standing", id)
            .before(&before)
            .after(&saved),
    )
    .await?;
    crate::compliance::board::mark_dirty(&tx, now, [saved.person_id]).await?;
    tx.commit().await?;
    Ok(saved)
}

pub async fn get(db: &Db, id: StandingId) -> StoreResult<StandingRow> {
    person_standing::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(row)
        .ok_or(StoreError::NotFound)
}

/// A person's certificates and seats in every state, newest first.
pub async fn of_person(db: &Db, person_id: PersonId) -> StoreResult<Vec<StandingRow>> {
    Ok(person_standing::Entity::find()
        .filter(person_standing::Column::PersonId.eq(person_id))
        .order_by_desc(person_standing::Column::ValidFrom)
        .order_by_desc(person_standing::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(row)
        .collect())
}

/// The active certificates and seats of many people (what compliance counts), oldest first.
pub(crate) async fn active_of_people(db: &Db, ids: &[PersonId]) -> StoreResult<Vec<StandingRow>> {
    Ok(person_standing::Entity::find()
        .filter(person_standing::Column::PersonId.is_in(ids.iter().copied()))
        .filter(person_standing::Column::State.eq(StandingState::Active))
        .order_by_asc(person_standing::Column::ValidFrom)
        .order_by_asc(person_standing::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(row)
        .collect())
}
