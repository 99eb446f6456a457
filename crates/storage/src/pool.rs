//! The reserve-cadre pool (后备干部资源库, R-POOL-1, ADR 0011): pools kept by a unit, their
//! training phases, and memberships. A membership is never deleted: leaving or promotion closes
//! it with the day, the reason and (on promotion) the post and the training verdict of that day,
//! so the pool's history stays readable. Each change is one transaction with its audit entry.

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{person, reserve_member, reserve_phase, reserve_pool};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::Problem;
use ganxun_domain::UnitId;
use ganxun_domain::pool::MemberState;
use ganxun_domain::{PoolId, PoolMemberId, PoolPhaseId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// A pool with its keeping unit's name and how many people are in it, left it and rose to a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PoolRow {
    pub id: PoolId,
    pub name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub description: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub active: u64,
    pub left: u64,
    pub promoted: u64,
}

/// A training phase (培训阶段) and what it asks for, in hundredths of a day and of a class hour
/// (met when either is reached; both 0: followed, not scored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseRow {
    pub id: PoolPhaseId,
    pub pool_id: PoolId,
    pub seq: i32,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub required_days: i64,
    pub required_hours: i64,
    pub content: String,
}

/// A membership with the person's name, unit and the pool's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRow {
    pub id: PoolMemberId,
    pub pool_id: PoolId,
    pub pool_name: String,
    pub person_id: PersonId,
    pub person_name: String,
    pub unit_name: String,
    pub entered_on: NaiveDate,
    pub reason: String,
    /// active 在库, left 出库, promoted 已提拔使用
    pub state: MemberState,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub new_post: Option<String>,
    pub new_rank: Option<String>,
    /// Whether the training rules were met on the day of promotion (R-CMP-4).
    pub eligible_when_promoted: Option<bool>,
    /// What was missing that day, as the verdict listed it.
    pub shortfall: Option<String>,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
    pub ended_by: Option<String>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// A pool to create, checked by the application.
#[derive(Debug, Clone)]
pub struct NewPool {
    pub name: String,
    pub unit_id: UnitId,
    pub description: String,
}

/// A phase to add, checked by the application.
#[derive(Debug, Clone)]
pub struct NewPhase {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub required_days: i64,
    pub required_hours: i64,
    pub content: String,
}

/// How a membership ends: left (出库) or promoted (提拔使用), with the day and reason.
#[derive(Debug, Clone)]
pub struct Ending {
    pub promoted: bool,
    pub ended_on: NaiveDate,
    pub reason: String,
    pub new_post: Option<String>,
    pub new_rank: Option<String>,
    pub eligible: Option<bool>,
    pub shortfall: Option<String>,
}

fn phase_row(m: reserve_phase::Model) -> PhaseRow {
    PhaseRow {
        id: m.id,
        pool_id: m.pool_id,
        seq: m.seq,
        name: m.name,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        required_days: m.required_days,
        required_hours: m.required_hours,
        content: m.content,
    }
}

/// Memberships with the names they are shown with, in the order given.
async fn member_rows(
    conn: &impl ConnectionTrait,
    models: Vec<reserve_member::Model>,
) -> StoreResult<Vec<MemberRow>> {
    let people: BTreeMap<PersonId, (String, UnitId)> = person::Entity::find()
        .select_only()
        .columns([
            person::Column::Id,
            person::Column::Name,
            person::Column::UnitId,
        ])
        .filter(person::Column::Id.is_in(models.iter().map(|m| m.person_id)))
        .into_tuple::<(PersonId, String, UnitId)>()
        .all(conn)
        .await?
        .into_iter()
        .map(|(id, name, unit)| (id, (name, unit)))
        .collect();
    let units = crate::org::unit_names(conn, people.values().map(|(_, unit)| *unit)).await?;
    let pools: BTreeMap<PoolId, String> = reserve_pool::Entity::find()
        .select_only()
        .columns([reserve_pool::Column::Id, reserve_pool::Column::Name])
        .filter(reserve_pool::Column::Id.is_in(models.iter().map(|m| m.pool_id)))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    Ok(models
        .into_iter()
        .map(|m| {
            let (person_name, unit_id) = people
                .get(&m.person_id)
                .cloned()
                .map_or((String::new(), None), |(name, unit)| (name, Some(unit)));
            MemberRow {
                id: m.id,
                pool_id: m.pool_id,
                pool_name: pools.get(&m.pool_id).cloned().unwrap_or_default(),
                person_id: m.person_id,
                person_name,
                unit_name: unit_id
                    .and_then(|unit| units.get(&unit).cloned())
                    .unwrap_or_default(),
                entered_on: m.entered_on,
                reason: m.reason,
                state: m.state,
                ended_on: m.ended_on,
                end_reason: m.end_reason,
                new_post: m.new_post,
                new_rank: m.new_rank,
                eligible_when_promoted: m.eligible_when_promoted,
                shortfall: m.shortfall,
                entered_by: m.entered_by,
                entered_at: m.entered_at,
                ended_by: m.ended_by,
                ended_at: m.ended_at,
            }
        })
        .collect())
}

/// Pools with their counts and unit names, newest first.
async fn pool_rows(
    conn: &impl ConnectionTrait,
    models: Vec<reserve_pool::Model>,
) -> StoreResult<Vec<PoolRow>> {
    let counts: Vec<(PoolId, MemberState, i64)> = reserve_member::Entity::find()
        .select_only()
        .column(reserve_member::Column::PoolId)
        .column(reserve_member::Column::State)
        .column_as(reserve_member::Column::Id.count(), "n")
        .filter(reserve_member::Column::PoolId.is_in(models.iter().map(|m| m.id)))
        .group_by(reserve_member::Column::PoolId)
        .group_by(reserve_member::Column::State)
        .into_tuple()
        .all(conn)
        .await?;
    let count = |pool: PoolId, state: MemberState| {
        counts
            .iter()
            .find(|(p, s, _)| *p == pool && *s == state)
            .map_or(0, |(_, _, n)| u64::try_from(*n).unwrap_or(0))
    };
    let units = crate::org::unit_names(conn, models.iter().map(|m| m.unit_id)).await?;
    Ok(models
        .into_iter()
        .map(|m| PoolRow {
            active: count(m.id, MemberState::Active),
            left: count(m.id, MemberState::Left),
            promoted: count(m.id, MemberState::Promoted),
            unit_name: units.get(&m.unit_id).cloned().unwrap_or_default(),
            id: m.id,
            name: m.name,
            unit_id: m.unit_id,
            description: m.description,
            created_by: m.created_by,
            created_at: m.created_at,
        })
        .collect())
}

/// Every pool, newest first (the application keeps those whose unit the caller may read).
pub async fn pools(db: &Db) -> StoreResult<Vec<PoolRow>> {
    let models = reserve_pool::Entity::find()
        .order_by_desc(reserve_pool::Column::Id)
        .all(&db.conn)
        .await?;
    pool_rows(&db.conn, models).await
}

pub async fn pool(db: &Db, id: PoolId) -> StoreResult<PoolRow> {
    let model = reserve_pool::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(pool_rows(&db.conn, vec![model]).await?.remove(0))
}

/// Creates a pool, with its audit entry.
pub async fn create_pool(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    new: NewPool,
) -> StoreResult<PoolRow> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let model = reserve_pool::ActiveModel {
        name: Set(new.name),
        unit_id: Set(new.unit_id),
        description: Set(new.description),
        created_by: Set(actor.name.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let saved = pool_rows(&tx, vec![model]).await?.remove(0);
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("reserve_pool.create", "reserve_pool", saved.id).after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// A pool's phases in order.
pub async fn phases(db: &Db, pool_id: PoolId) -> StoreResult<Vec<PhaseRow>> {
    Ok(reserve_phase::Entity::find()
        .filter(reserve_phase::Column::PoolId.eq(pool_id))
        .order_by_asc(reserve_phase::Column::Seq)
        .order_by_asc(reserve_phase::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(phase_row)
        .collect())
}

pub async fn phase(db: &Db, id: PoolPhaseId) -> StoreResult<PhaseRow> {
    reserve_phase::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(phase_row)
        .ok_or(StoreError::NotFound)
}

/// Adds a phase after the pool's last one, with its audit entry.
pub async fn add_phase(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    pool_id: PoolId,
    new: NewPhase,
) -> StoreResult<PhaseRow> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let last: Option<i32> = reserve_phase::Entity::find()
        .select_only()
        .column_as(reserve_phase::Column::Seq.max(), "seq")
        .filter(reserve_phase::Column::PoolId.eq(pool_id))
        .into_tuple::<Option<i32>>()
        .one(&tx)
        .await?
        .flatten();
    let saved = phase_row(
        reserve_phase::ActiveModel {
            pool_id: Set(pool_id),
            seq: Set(last.unwrap_or(0) + 1),
            name: Set(new.name),
            starts_on: Set(new.starts_on),
            ends_on: Set(new.ends_on),
            required_days: Set(new.required_days),
            required_hours: Set(new.required_hours),
            content: Set(new.content),
            ..Default::default()
        }
        .insert(&tx)
        .await?,
    );
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("reserve_pool.phase_add", "reserve_phase", saved.id).after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Removes a phase (a plan changed); what it was goes to the audit log.
pub async fn remove_phase(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: PoolPhaseId,
) -> StoreResult<()> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let current = reserve_phase::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let before = phase_row(current.clone());
    reserve_phase::Entity::delete_by_id(current.id)
        .exec(&tx)
        .await?;
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("reserve_pool.phase_remove", "reserve_phase", id).before(&before),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A pool's memberships, open ones first, then by the day they began.
pub async fn members(db: &Db, pool_id: PoolId) -> StoreResult<Vec<MemberRow>> {
    let mut models = reserve_member::Entity::find()
        .filter(reserve_member::Column::PoolId.eq(pool_id))
        .order_by_asc(reserve_member::Column::EnteredOn)
        .order_by_asc(reserve_member::Column::Id)
        .all(&db.conn)
        .await?;
    models.sort_by_key(|m| m.state != MemberState::Active);
    member_rows(&db.conn, models).await
}

pub async fn member(db: &Db, id: PoolMemberId) -> StoreResult<MemberRow> {
    let model = reserve_member::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(member_rows(&db.conn, vec![model]).await?.remove(0))
}

/// Every membership a person has had, in any pool, oldest first.
pub async fn memberships_of(db: &Db, person_id: PersonId) -> StoreResult<Vec<MemberRow>> {
    let models = reserve_member::Entity::find()
        .filter(reserve_member::Column::PersonId.eq(person_id))
        .order_by_asc(reserve_member::Column::EnteredOn)
        .order_by_asc(reserve_member::Column::Id)
        .all(&db.conn)
        .await?;
    member_rows(&db.conn, models).await
}

/// Puts a person into a pool. A second open membership of the same pool is refused by the
/// unique index (`Constraint::ReserveMemberOpen`), whoever wins a race.
pub async fn add_member(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    pool_id: PoolId,
    person_id: PersonId,
    entered_on: NaiveDate,
    reason: &str,
) -> StoreResult<MemberRow> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let model = reserve_member::ActiveModel {
        pool_id: Set(pool_id),
        person_id: Set(person_id),
        entered_on: Set(entered_on),
        reason: Set(reason.to_owned()),
        state: Set(MemberState::Active),
        open_key: Set(0),
        ended_on: Set(None),
        end_reason: Set(None),
        new_post: Set(None),
        new_rank: Set(None),
        eligible_when_promoted: Set(None),
        shortfall: Set(None),
        entered_by: Set(actor.name.clone()),
        entered_at: Set(now),
        ended_by: Set(None),
        ended_at: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let saved = member_rows(&tx, vec![model]).await?.remove(0);
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("reserve_pool.member_add", "reserve_member", saved.id).after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Closes an open membership: left the pool, or promoted to a post. A closed one is refused
/// (`Refusal::MembershipEnded`).
pub async fn end_member(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: PoolMemberId,
    ending: Ending,
) -> StoreResult<MemberRow> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let current = reserve_member::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.state != MemberState::Active {
        return Err(StoreError::refused(Refusal::MembershipEnded {
            state: current.state,
        }));
    }
    let before = member_rows(&tx, vec![current.clone()]).await?.remove(0);
    let mut model: reserve_member::ActiveModel = current.into();
    model.state = Set(if ending.promoted {
        MemberState::Promoted
    } else {
        MemberState::Left
    });
    model.open_key = Set(id.0);
    model.ended_on = Set(Some(ending.ended_on));
    model.end_reason = Set(Some(ending.reason));
    model.new_post = Set(ending.new_post);
    model.new_rank = Set(ending.new_rank);
    model.eligible_when_promoted = Set(ending.eligible);
    model.shortfall = Set(ending.shortfall);
    model.ended_by = Set(Some(actor.name.clone()));
    model.ended_at = Set(Some(now));
    let saved = member_rows(&tx, vec![model.update(&tx).await?])
        .await?
        .remove(0);
    let action = if ending.promoted {
        "reserve_pool.member_promote"
    } else {
        "reserve_pool.member_leave"
    };
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new(action, "reserve_member", id)
            .before(&before)
            .after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// What the reserve pool refuses inside the transaction that would change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The membership was already closed (left or promoted).
    MembershipEnded { state: MemberState },
}

impl Problem for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::MembershipEnded { .. } => "MEMBERSHIP_ENDED",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::MembershipEnded { state } => {
                format!("该干部已{}，不能再办理出库或提拔", state.label_zh())
            }
        }
    }
}
