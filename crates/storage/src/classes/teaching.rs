//! The teaching plan of a class (R-CLS-3) and the instructor pool it draws on.

use super::dossier::{ClassVisibility, get, load_for_update};
use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{class_session, instructor, training_class};
use crate::error::{StaleVersion, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::ClassState;
use ganxun_domain::SessionId;
use ganxun_domain::{ClassId, InstructorId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

/// One session as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRow {
    pub id: SessionId,
    pub seq: i32,
    pub date: NaiveDate,
    /// "HH:MM", China time.
    pub start_time: String,
    pub end_time: String,
    pub topic: String,
    pub instructor_id: Option<InstructorId>,
    pub instructor_name: String,
    /// Computed class hours, in hundredths.
    pub class_hours: i64,
    pub declared_hours: Option<i64>,
}

/// A session to store: already checked by the domain's `check_plan`.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub date: NaiveDate,
    pub start_time: String,
    pub end_time: String,
    pub topic: String,
    pub instructor_id: Option<InstructorId>,
    pub instructor_name: String,
    pub class_hours: i64,
    pub declared_hours: Option<i64>,
}

fn row(m: class_session::Model) -> SessionRow {
    SessionRow {
        id: m.id,
        seq: m.seq,
        date: m.date,
        start_time: m.start_time,
        end_time: m.end_time,
        topic: m.topic,
        instructor_id: m.instructor_id,
        instructor_name: m.instructor_name,
        class_hours: m.class_hours,
        declared_hours: m.declared_hours,
    }
}

/// The sessions of a class in plan order.
pub async fn sessions(
    db: &Db,
    visibility: &ClassVisibility,
    class_id: ClassId,
) -> StoreResult<Vec<SessionRow>> {
    get(db, visibility, class_id).await?;
    Ok(class_session::Entity::find()
        .filter(class_session::Column::ClassId.eq(class_id))
        .order_by_asc(class_session::Column::Seq)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(row)
        .collect())
}

/// Sessions of the given instructors between two dates in other classes: the application
/// checks them for double bookings.
pub async fn instructor_sessions(
    db: &Db,
    instructors: &[InstructorId],
    from: NaiveDate,
    to: NaiveDate,
    except_class: ClassId,
) -> StoreResult<Vec<(ClassId, String, SessionRow)>> {
    if instructors.is_empty() {
        return Ok(Vec::new());
    }
    let found = class_session::Entity::find()
        .filter(class_session::Column::InstructorId.is_in(instructors.to_vec()))
        .filter(class_session::Column::Date.gte(from))
        .filter(class_session::Column::Date.lte(to))
        .filter(class_session::Column::ClassId.ne(except_class))
        .all(&db.conn)
        .await?;
    let class_ids: Vec<ClassId> = found.iter().map(|s| s.class_id).collect();
    // Cancelled classes no longer hold anyone's time.
    let classes: std::collections::HashMap<ClassId, String> = training_class::Entity::find()
        .filter(training_class::Column::Id.is_in(class_ids))
        .filter(training_class::Column::State.ne(ClassState::Cancelled))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    Ok(found
        .into_iter()
        .filter_map(|s| {
            let title = classes.get(&s.class_id)?.clone();
            Some((s.class_id, title, row(s)))
        })
        .collect())
}

/// Replaces the teaching plan and the class's total hours in one transaction, over the version
/// the caller read.
#[allow(
    clippy::too_many_arguments,
    reason = "one plan replacement has this many facts"
)]
pub async fn replace_plan(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    visibility: &ClassVisibility,
    class_id: ClassId,
    expected_version: i32,
    editable_states: &[ClassState],
    new_sessions: Vec<NewSession>,
) -> StoreResult<Vec<SessionRow>> {
    let before = sessions(db, visibility, class_id).await?;
    let tx = db.begin_write().await?;
    let class = load_for_update(&tx, class_id).await?;
    if class.version != expected_version {
        return Err(StoreError::refused(StaleVersion));
    }
    if !editable_states.contains(&class.state) {
        return Err(StoreError::refused(Refusal::ClassNotEditable {
            state: class.state,
        }));
    }
    class_session::Entity::delete_many()
        .filter(class_session::Column::ClassId.eq(class_id))
        .exec(&tx)
        .await?;
    let total: i64 = new_sessions.iter().map(|s| s.class_hours).sum();
    let mut stored = Vec::with_capacity(new_sessions.len());
    for (seq, s) in new_sessions.into_iter().enumerate() {
        let inserted = class_session::ActiveModel {
            class_id: Set(class_id),
            seq: Set(i32::try_from(seq).unwrap_or(i32::MAX) + 1),
            date: Set(s.date),
            start_time: Set(s.start_time),
            end_time: Set(s.end_time),
            topic: Set(s.topic),
            instructor_id: Set(s.instructor_id),
            instructor_name: Set(s.instructor_name),
            class_hours: Set(s.class_hours),
            declared_hours: Set(s.declared_hours),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
        stored.push(row(inserted));
    }
    let mut model: training_class::ActiveModel = class.into();
    model.total_hours = Set(total);
    model.version = Set(expected_version + 1);
    model.updated_at = Set(now);
    model.update(&tx).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("class.teaching_plan", "training_class", class_id)
            .before(&before)
            .after(&stored),
    )
    .await?;
    tx.commit().await?;
    Ok(stored)
}

/// An instructor of the pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instructor {
    pub id: InstructorId,
    pub name: String,
    pub title: String,
    pub affiliation: String,
    pub account_id: Option<AccountId>,
}

fn instructor_of(m: instructor::Model) -> Instructor {
    Instructor {
        id: m.id,
        name: m.name,
        title: m.title,
        affiliation: m.affiliation,
        account_id: m.account_id,
    }
}

/// The whole pool, by name. Instructors are not personal data beyond their public title.
pub async fn instructors(db: &Db) -> StoreResult<Vec<Instructor>> {
    Ok(instructor::Entity::find()
        .order_by_asc(instructor::Column::Name)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(instructor_of)
        .collect())
}

pub async fn get_instructor(db: &Db, id: InstructorId) -> StoreResult<Instructor> {
    instructor::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(instructor_of)
        .ok_or(StoreError::NotFound)
}

/// Adds an instructor to the pool.
pub async fn add_instructor(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    name: &str,
    title: &str,
    affiliation: &str,
    account_id: Option<AccountId>,
) -> StoreResult<Instructor> {
    let tx = db.begin_write().await?;
    let inserted = instructor_of(
        instructor::ActiveModel {
            name: Set(name.to_owned()),
            title: Set(title.to_owned()),
            affiliation: Set(affiliation.to_owned()),
            account_id: Set(account_id),
            created_at: Set(now),
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
        AuditEvent::new("instructor.create", "instructor", inserted.id).after(&inserted),
    )
    .await?;
    tx.commit().await?;
    Ok(inserted)
}
