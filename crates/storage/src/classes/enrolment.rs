//! Enrolment (R-CLS-4): seats and the waiting list, removal with promotion from the list, and
//! arrival (到位情况) per unit.

use super::dossier::{ClassVisibility, get, load_for_update};
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{class_enrolment, org_unit, person};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::classes::allocate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

use ganxun_domain::ClassId;
use ganxun_domain::EnrolmentId;
use ganxun_domain::Sex;
use ganxun_domain::UnitId;
use ganxun_domain::classes::{EnrolmentSource, EnrolmentStatus};

/// One person's place in a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnrolmentRow {
    pub id: EnrolmentId,
    pub person_id: PersonId,
    pub name: String,
    /// None only for a place whose person row is gone (the foreign key keeps it from happening).
    pub sex: Option<Sex>,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub position: String,
    pub phone_masked: Option<String>,
    /// `enrolled`, `waiting` or `removed`.
    pub status: EnrolmentStatus,
    /// `named` (点名调学 by the authority) or `nominated` (by a unit).
    pub source: EnrolmentSource,
    pub arrived: Option<bool>,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// What an enrolment request did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EnrolOutcome {
    pub enrolled: Vec<PersonId>,
    pub waiting: Vec<PersonId>,
    /// Already enrolled or waiting; nothing changed for them.
    pub duplicates: Vec<PersonId>,
}

async fn rows(conn: &impl ConnectionTrait, class_id: ClassId) -> StoreResult<Vec<EnrolmentRow>> {
    let enrolments = class_enrolment::Entity::find()
        .filter(class_enrolment::Column::ClassId.eq(class_id))
        .order_by_asc(class_enrolment::Column::Id)
        .all(conn)
        .await?;
    let people: HashMap<PersonId, person::Model> = person::Entity::find()
        .filter(
            person::Column::Id.is_in(enrolments.iter().map(|e| e.person_id).collect::<Vec<_>>()),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let units: HashMap<UnitId, String> = org_unit::Entity::find()
        .filter(
            org_unit::Column::Id.is_in(enrolments.iter().map(|e| e.unit_id).collect::<Vec<_>>()),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(enrolments
        .into_iter()
        .map(|e| {
            let who = people.get(&e.person_id);
            EnrolmentRow {
                id: e.id,
                person_id: e.person_id,
                name: who.map(|p| p.name.clone()).unwrap_or_default(),
                sex: who.map(|p| p.sex),
                unit_id: e.unit_id,
                unit_name: units.get(&e.unit_id).cloned().unwrap_or_default(),
                position: who.map(|p| p.position.clone()).unwrap_or_default(),
                phone_masked: who.and_then(|p| p.phone_masked.clone()),
                status: e.status,
                source: e.source,
                arrived: e.arrived,
                note: e.note,
                created_at: e.created_at,
            }
        })
        .collect())
}

/// Everyone who asked for a place in a class, in the order they asked.
pub async fn list(
    db: &Db,
    visibility: &ClassVisibility,
    class_id: ClassId,
) -> StoreResult<Vec<EnrolmentRow>> {
    get(db, visibility, class_id).await?;
    rows(&db.conn, class_id).await
}

/// The class ids a person is enrolled in (or waiting for), with their status.
pub async fn of_person(
    db: &Db,
    person_id: PersonId,
) -> StoreResult<Vec<(ClassId, EnrolmentStatus)>> {
    Ok(class_enrolment::Entity::find()
        .filter(class_enrolment::Column::PersonId.eq(person_id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|e| (e.class_id, e.status))
        .collect())
}

/// Everyone who asked for a place in a class, with their status (no scope: the caller has
/// checked the class).
pub async fn of_class(db: &Db, class_id: ClassId) -> StoreResult<Vec<(PersonId, EnrolmentStatus)>> {
    Ok(class_enrolment::Entity::find()
        .filter(class_enrolment::Column::ClassId.eq(class_id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|e| (e.person_id, e.status))
        .collect())
}

/// Enrols `people` (already checked for scope and eligibility by the application) in request
/// order: free seats first, then the waiting list. One transaction: seats are counted inside
/// it, so two administrators enrolling at once never overfill a class.
#[allow(
    clippy::too_many_arguments,
    reason = "one enrolment has this many facts"
)]
pub async fn enrol(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    capacity: Option<u32>,
    people: &[PersonId],
    source: EnrolmentSource,
    note: &str,
) -> StoreResult<EnrolOutcome> {
    let tx = db.begin_write().await?;
    load_for_update(&tx, class_id).await?;
    let existing = class_enrolment::Entity::find()
        .filter(class_enrolment::Column::ClassId.eq(class_id))
        .all(&tx)
        .await?;
    let holding: Vec<PersonId> = existing
        .iter()
        .filter(|e| e.status == EnrolmentStatus::Enrolled)
        .map(|e| e.person_id)
        .collect();
    let waiting: Vec<PersonId> = existing
        .iter()
        .filter(|e| e.status == EnrolmentStatus::Waiting)
        .map(|e| e.person_id)
        .collect();
    // The waiting list goes first (a seat freed or added since goes to whoever waited longest);
    // new requests queue behind it.
    let mut queue: Vec<PersonId> = waiting.clone();
    queue.extend(people.iter().copied());
    let allocation = allocate(capacity, &holding, &queue);
    let mut outcome = EnrolOutcome {
        enrolled: allocation.enrolled,
        waiting: allocation
            .waitlisted
            .into_iter()
            .filter(|p| !waiting.contains(p))
            .collect(),
        duplicates: allocation.duplicates,
    };
    // Someone asked for again while waiting stays a duplicate unless a seat came their way.
    let enrolled_now = outcome.enrolled.clone();
    outcome.duplicates.retain(|d| !enrolled_now.contains(d));
    let previous: HashMap<PersonId, class_enrolment::Model> = existing
        .into_iter()
        .filter(|e| e.status == EnrolmentStatus::Removed || e.status == EnrolmentStatus::Waiting)
        .map(|e| (e.person_id, e))
        .collect();
    for (status, ids) in [
        (EnrolmentStatus::Enrolled, &outcome.enrolled),
        (EnrolmentStatus::Waiting, &outcome.waiting),
    ] {
        for &person_id in ids {
            let who = person::Entity::find_by_id(person_id)
                .one(&tx)
                .await?
                .ok_or(StoreError::NotFound)?;
            match previous.get(&person_id) {
                // Someone waiting who now gets a seat, or removed earlier and asked for
                // again: the same row changes, so the class keeps one row per person.
                Some(old) => {
                    let mut model: class_enrolment::ActiveModel = old.clone().into();
                    model.status = Set(status);
                    if old.status == EnrolmentStatus::Removed {
                        model.source = Set(source);
                        model.note = Set(note.to_owned());
                    }
                    model.unit_id = Set(who.unit_id);
                    model.unit_path = Set(who.unit_path);
                    model.updated_at = Set(now);
                    model.update(&tx).await?;
                }
                None => {
                    class_enrolment::ActiveModel {
                        class_id: Set(class_id),
                        person_id: Set(person_id),
                        unit_id: Set(who.unit_id),
                        unit_path: Set(who.unit_path),
                        status: Set(status),
                        source: Set(source),
                        arrived: Set(None),
                        arrival_marked_at: Set(None),
                        note: Set(note.to_owned()),
                        created_by: Set(actor.name.clone()),
                        created_at: Set(now),
                        updated_at: Set(now),
                        ..Default::default()
                    }
                    .insert(&tx)
                    .await?;
                }
            }
        }
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("class.enrol", "training_class", class_id)
            .after(serde_json::json!({ "source": source, "outcome": &outcome })),
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Takes a person off a class (or its waiting list) and gives a freed seat to the first person
/// waiting. Returns who was promoted.
pub async fn remove(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    capacity: Option<u32>,
    person_id: PersonId,
    reason: &str,
) -> StoreResult<Option<PersonId>> {
    let tx = db.begin_write().await?;
    let row = class_enrolment::Entity::find()
        .filter(class_enrolment::Column::ClassId.eq(class_id))
        .filter(class_enrolment::Column::PersonId.eq(person_id))
        .filter(class_enrolment::Column::Status.ne(EnrolmentStatus::Removed))
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let freed_seat = row.status == EnrolmentStatus::Enrolled;
    let mut model: class_enrolment::ActiveModel = row.into();
    model.status = Set(EnrolmentStatus::Removed);
    model.note = Set(reason.to_owned());
    model.updated_at = Set(now);
    model.update(&tx).await?;
    let mut promoted = None;
    if freed_seat {
        let holding = class_enrolment::Entity::find()
            .filter(class_enrolment::Column::ClassId.eq(class_id))
            .filter(class_enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
            .all(&tx)
            .await?
            .len();
        let seat_free = capacity.is_none_or(|c| holding < c as usize);
        let first_waiting = class_enrolment::Entity::find()
            .filter(class_enrolment::Column::ClassId.eq(class_id))
            .filter(class_enrolment::Column::Status.eq(EnrolmentStatus::Waiting))
            .order_by_asc(class_enrolment::Column::Id)
            .one(&tx)
            .await?;
        if let Some(next) = first_waiting.filter(|_| seat_free) {
            promoted = Some(next.person_id);
            let mut model: class_enrolment::ActiveModel = next.into();
            model.status = Set(EnrolmentStatus::Enrolled);
            model.updated_at = Set(now);
            model.update(&tx).await?;
        }
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("class.unenrol", "training_class", class_id).after(
            serde_json::json!({ "person_id": person_id, "reason": reason, "promoted": promoted }),
        ),
    )
    .await?;
    // Harmless before a class ends; after, the class no longer counts for them (ADR 0012).
    crate::compliance::board::mark_dirty(
        &tx,
        now,
        [Some(person_id), promoted].into_iter().flatten(),
    )
    .await?;
    tx.commit().await?;
    Ok(promoted)
}

/// Records whether enrolled people arrived (到位) when the class opened.
pub async fn mark_arrival(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    marks: &[(PersonId, bool)],
) -> StoreResult<usize> {
    let tx = db.begin_write().await?;
    let mut changed = 0;
    for &(person_id, arrived) in marks {
        let row = class_enrolment::Entity::find()
            .filter(class_enrolment::Column::ClassId.eq(class_id))
            .filter(class_enrolment::Column::PersonId.eq(person_id))
            .filter(class_enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
            .one(&tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut model: class_enrolment::ActiveModel = row.into();
        model.arrived = Set(Some(arrived));
        model.arrival_marked_at = Set(Some(now));
        model.updated_at = Set(now);
        model.update(&tx).await?;
        changed += 1;
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("class.arrival", "training_class", class_id)
            .after(serde_json::json!({ "marks": marks })),
    )
    .await?;
    tx.commit().await?;
    Ok(changed)
}

/// Arrival (到位情况) of one unit's trainees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct UnitArrival {
    pub unit_id: UnitId,
    pub unit_name: String,
    #[serde(skip)]
    pub unit_path: String,
    pub enrolled: u32,
    pub arrived: u32,
    /// Not (yet) marked as arrived, by name.
    pub missing: Vec<String>,
}

/// Arrival per unit, units in tree order.
pub async fn arrival_by_unit(
    db: &Db,
    visibility: &ClassVisibility,
    class_id: ClassId,
) -> StoreResult<Vec<UnitArrival>> {
    get(db, visibility, class_id).await?;
    arrival_rows(&db.conn, class_id).await
}

pub(crate) async fn arrival_rows(
    conn: &impl ConnectionTrait,
    class_id: ClassId,
) -> StoreResult<Vec<UnitArrival>> {
    let enrolled = class_enrolment::Entity::find()
        .filter(class_enrolment::Column::ClassId.eq(class_id))
        .filter(class_enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
        .all(conn)
        .await?;
    let people = rows(conn, class_id).await?;
    let names: HashMap<PersonId, (String, String)> = people
        .into_iter()
        .map(|r| (r.person_id, (r.name, r.unit_name)))
        .collect();
    let mut by_unit: BTreeMap<(String, UnitId), UnitArrival> = BTreeMap::new();
    for e in enrolled {
        let (name, unit_name) = names.get(&e.person_id).cloned().unwrap_or_default();
        let entry = by_unit
            .entry((e.unit_path.clone(), e.unit_id))
            .or_insert_with(|| UnitArrival {
                unit_id: e.unit_id,
                unit_name,
                unit_path: e.unit_path.clone(),
                enrolled: 0,
                arrived: 0,
                missing: Vec::new(),
            });
        entry.enrolled += 1;
        if e.arrived == Some(true) {
            entry.arrived += 1;
        } else {
            entry.missing.push(name);
        }
    }
    Ok(by_unit.into_values().collect())
}
