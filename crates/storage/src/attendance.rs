//! Roll call and leave (issue 5, SPEC §4): opening a session's roll call, sign-ins that count
//! once however often they arrive, marks and their corrections (each with its reason), and leave
//! requests whose approval writes the leave marks — all one transaction per use case, audited.
//! The rules (windows, codes, the 1/7 cap) are the domain's; the application applies them.

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{
    attendance_correction, attendance_mark, class_enrolment, class_session, leave_request,
    org_unit, person, roll_call, sign_in_hold,
};
use crate::error::{Constraint, StaleVersion, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::LeaveId;
use ganxun_domain::MarkId;
use ganxun_domain::PersonId;
use ganxun_domain::Problem;
use ganxun_domain::SessionId;
use ganxun_domain::SignInHoldId;
use ganxun_domain::UnitId;
use ganxun_domain::attendance::{AttendanceStatus, LeaveState, MarkSource};
use ganxun_domain::classes::EnrolmentStatus;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::HashMap;

/// A session of a class's teaching plan, as roll calls need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub id: SessionId,
    pub class_id: ClassId,
    pub seq: i32,
    pub date: NaiveDate,
    pub start_time: String,
    pub end_time: String,
    pub topic: String,
    /// Hundredths of a class hour.
    pub class_hours: i64,
}

fn info(m: class_session::Model) -> SessionInfo {
    SessionInfo {
        id: m.id,
        class_id: m.class_id,
        seq: m.seq,
        date: m.date,
        start_time: m.start_time,
        end_time: m.end_time,
        topic: m.topic,
        class_hours: m.class_hours,
    }
}

/// One session by id (the caller checks the class's visibility).
pub async fn session(db: &Db, id: SessionId) -> StoreResult<SessionInfo> {
    class_session::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(info)
        .ok_or(StoreError::NotFound)
}

/// Every session of a class, in plan order.
pub async fn sessions_of_class(db: &Db, class_id: ClassId) -> StoreResult<Vec<SessionInfo>> {
    Ok(class_session::Entity::find()
        .filter(class_session::Column::ClassId.eq(class_id))
        .order_by_asc(class_session::Column::Seq)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(info)
        .collect())
}

/// When the session's roll call was opened, if it was.
pub async fn roll_call_opened(
    db: &Db,
    session_id: SessionId,
) -> StoreResult<Option<DateTime<Utc>>> {
    Ok(roll_call::Entity::find()
        .filter(roll_call::Column::SessionId.eq(session_id))
        .one(&db.conn)
        .await?
        .map(|r| r.opened_at))
}

/// Opens a session's roll call (again: nothing changes).
pub async fn open_roll_call(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    session_id: SessionId,
) -> StoreResult<DateTime<Utc>> {
    if let Some(at) = roll_call_opened(db, session_id).await? {
        return Ok(at);
    }
    let tx = db.begin_write().await?;
    roll_call::ActiveModel {
        class_id: Set(class_id),
        session_id: Set(session_id),
        opened_by: Set(actor.name.clone()),
        opened_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("attendance.open", "class_session", session_id),
    )
    .await?;
    tx.commit().await?;
    Ok(now)
}

/// A mark as shown and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkRow {
    pub id: MarkId,
    pub session_id: SessionId,
    pub person_id: PersonId,
    pub status: AttendanceStatus,
    pub minutes_late: i32,
    pub minutes_early: i32,
    pub source: MarkSource,
    pub signed_at: Option<DateTime<Utc>>,
    pub reason: String,
    pub marked_by: String,
    pub marked_at: DateTime<Utc>,
    /// A device fingerprint (hashed by the application), for spotting one phone used for two.
    #[serde(skip)]
    pub device: Option<String>,
}

fn mark_row(m: attendance_mark::Model) -> MarkRow {
    MarkRow {
        id: m.id,
        session_id: m.session_id,
        person_id: m.person_id,
        status: m.status,
        minutes_late: m.minutes_late,
        minutes_early: m.minutes_early,
        source: m.source,
        signed_at: m.signed_at,
        reason: m.reason,
        marked_by: m.marked_by,
        marked_at: m.marked_at,
        device: m.device,
    }
}

/// The marks of one session.
pub async fn marks_of_session(db: &Db, session_id: SessionId) -> StoreResult<Vec<MarkRow>> {
    Ok(attendance_mark::Entity::find()
        .filter(attendance_mark::Column::SessionId.eq(session_id))
        .order_by_asc(attendance_mark::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(mark_row)
        .collect())
}

/// The marks of a whole class (reports, the ledger's facts).
pub async fn marks_of_class(db: &Db, class_id: ClassId) -> StoreResult<Vec<MarkRow>> {
    Ok(attendance_mark::Entity::find()
        .filter(attendance_mark::Column::ClassId.eq(class_id))
        .order_by_asc(attendance_mark::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(mark_row)
        .collect())
}

/// What a sign-in records: status and lateness from the domain's window rule.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub class_id: ClassId,
    pub session_id: SessionId,
    pub person_id: PersonId,
    pub status: AttendanceStatus,
    pub minutes_late: i32,
    pub device: Option<String>,
    /// When the code was shown: now, or when a held scan was made (ADR 0022).
    pub signed_at: DateTime<Utc>,
    /// The held scan this sign-in redeems, in the same transaction.
    pub hold: Option<SignInHoldId>,
}

/// Records a trainee's own sign-in. A second one for the same session — a retry, a double tap,
/// two phones — is refused with the time of the first; nothing is counted twice, also under
/// concurrency (the unique index decides).
pub async fn sign_in(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    sign_in: SignIn,
) -> StoreResult<MarkRow> {
    let tx = db.begin_write().await?;
    if let Some(hold) = sign_in.hold {
        // Once, and only while it is held: the same statement checks and redeems.
        let redeemed = sign_in_hold::Entity::update_many()
            .col_expr(
                sign_in_hold::Column::RedeemedAt,
                sea_orm::sea_query::Expr::value(Some(now)),
            )
            .col_expr(
                sign_in_hold::Column::AccountId,
                sea_orm::sea_query::Expr::value(actor.account_id),
            )
            .filter(sign_in_hold::Column::Id.eq(hold))
            .filter(sign_in_hold::Column::RedeemedAt.is_null())
            .filter(sign_in_hold::Column::ExpiresAt.gte(now))
            .exec(&tx)
            .await?
            .rows_affected;
        if redeemed == 0 {
            return Err(StoreError::refused(Refusal::HoldSpent));
        }
    }
    let inserted = attendance_mark::ActiveModel {
        class_id: Set(sign_in.class_id),
        session_id: Set(sign_in.session_id),
        person_id: Set(sign_in.person_id),
        status: Set(sign_in.status),
        minutes_late: Set(sign_in.minutes_late),
        minutes_early: Set(0),
        source: Set(MarkSource::SignIn),
        device: Set(sign_in.device),
        signed_at: Set(Some(sign_in.signed_at)),
        reason: Set(String::new()),
        marked_by: Set(actor.name.clone()),
        marked_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&tx)
    .await;
    let inserted = match inserted {
        Ok(row) => row,
        Err(err) => {
            let err = StoreError::from(err);
            if matches!(err, StoreError::Conflict(Constraint::MarkSessionPerson)) {
                drop(tx);
                let first = attendance_mark::Entity::find()
                    .filter(attendance_mark::Column::SessionId.eq(sign_in.session_id))
                    .filter(attendance_mark::Column::PersonId.eq(sign_in.person_id))
                    .one(&db.conn)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                return Err(StoreError::refused(Refusal::AlreadyMarked {
                    at: first.signed_at.unwrap_or(first.marked_at),
                    status: first.status,
                }));
            }
            return Err(err);
        }
    };
    let row = mark_row(inserted);
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("attendance.sign_in", "class_session", row.session_id)
            .after(match sign_in.hold {
                None => serde_json::json!({ "person_id": row.person_id, "status": row.status, "minutes_late": row.minutes_late }),
                Some(hold) => serde_json::json!({ "person_id": row.person_id, "status": row.status, "minutes_late": row.minutes_late, "scanned_at": sign_in.signed_at, "hold": hold }),
            }),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// A mark set by the head teacher (or by approved leave).
#[derive(Debug, Clone, Serialize)]
pub struct MarkChange {
    pub status: AttendanceStatus,
    pub minutes_late: i32,
    pub minutes_early: i32,
    pub source: MarkSource,
    pub reason: String,
    /// A follow-up of the class promised with the mark (`class_credits` when the class has
    /// ended and its credits must move with the correction).
    #[serde(skip)]
    pub follow_up: Option<&'static str>,
}

async fn set_mark_in(
    tx: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    session_id: SessionId,
    person_id: PersonId,
    change: &MarkChange,
) -> StoreResult<MarkRow> {
    let existing = attendance_mark::Entity::find()
        .filter(attendance_mark::Column::SessionId.eq(session_id))
        .filter(attendance_mark::Column::PersonId.eq(person_id))
        .one(tx)
        .await?;
    let saved = match existing {
        None => {
            attendance_mark::ActiveModel {
                class_id: Set(class_id),
                session_id: Set(session_id),
                person_id: Set(person_id),
                status: Set(change.status),
                minutes_late: Set(change.minutes_late),
                minutes_early: Set(change.minutes_early),
                source: Set(change.source),
                device: Set(None),
                signed_at: Set(None),
                reason: Set(change.reason.clone()),
                marked_by: Set(actor.name.clone()),
                marked_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(tx)
            .await?
        }
        Some(before) => {
            let before_row = mark_row(before.clone());
            let version = before.version + 1;
            let mut model: attendance_mark::ActiveModel = before.into();
            model.status = Set(change.status);
            model.minutes_late = Set(change.minutes_late);
            model.minutes_early = Set(change.minutes_early);
            model.source = Set(change.source);
            model.reason = Set(change.reason.clone());
            model.marked_by = Set(actor.name.clone());
            model.marked_at = Set(now);
            model.version = Set(version);
            let after = model.update(tx).await?;
            attendance_correction::ActiveModel {
                mark_id: Set(after.id),
                before: Set(serde_json::to_string(&before_row).unwrap_or_default()),
                after: Set(serde_json::to_string(change).unwrap_or_default()),
                reason: Set(change.reason.clone()),
                corrected_by: Set(actor.name.clone()),
                corrected_at: Set(now),
                ..Default::default()
            }
            .insert(tx)
            .await?;
            after
        }
    };
    Ok(mark_row(saved))
}

/// Sets or corrects a mark; a correction keeps the old mark and the reason.
#[allow(clippy::too_many_arguments, reason = "one mark has this many facts")]
pub async fn set_mark(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    session_id: SessionId,
    person_id: PersonId,
    change: MarkChange,
) -> StoreResult<MarkRow> {
    let tx = db.begin_write().await?;
    let row = set_mark_in(&tx, actor, now, class_id, session_id, person_id, &change).await?;
    if let Some(kind) = change.follow_up {
        crate::follow_ups::enqueue(&tx, actor, now, kind, class_id.0).await?;
        // A correction after the end moves the hours compliance counts (ADR 0023).
        crate::compliance::board::mark_dirty(&tx, now, [person_id]).await?;
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("attendance.mark", "class_session", session_id)
            .after(serde_json::json!({ "person_id": person_id, "mark": &change })),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// The corrections of a mark, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    pub before: String,
    pub after: String,
    pub reason: String,
    pub corrected_by: String,
    pub corrected_at: DateTime<Utc>,
}

pub async fn corrections(db: &Db, mark_id: MarkId) -> StoreResult<Vec<Correction>> {
    Ok(attendance_correction::Entity::find()
        .filter(attendance_correction::Column::MarkId.eq(mark_id))
        .order_by_asc(attendance_correction::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|c| Correction {
            before: c.before,
            after: c.after,
            reason: c.reason,
            corrected_by: c.corrected_by,
            corrected_at: c.corrected_at,
        })
        .collect())
}

/// A leave request as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeaveRow {
    pub id: LeaveId,
    pub class_id: ClassId,
    pub person_id: PersonId,
    /// The trainee's name and unit, for the approver's list.
    pub person_name: String,
    pub unit_name: String,
    pub first_session_id: SessionId,
    pub last_session_id: SessionId,
    /// Hundredths of a class hour.
    pub hours: i64,
    pub reason: String,
    /// pending, approved, refused, cancelled, returned (销假: back before the leave ran out).
    pub state: LeaveState,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    /// Set when approving this leave withdrew the trainee (退学).
    pub withdrawal: bool,
    pub version: i32,
}

/// Leave rows with the trainees' names and units, in the order given.
async fn leave_rows(
    conn: &impl ConnectionTrait,
    models: Vec<leave_request::Model>,
) -> StoreResult<Vec<LeaveRow>> {
    let people: HashMap<PersonId, person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(models.iter().map(|m| m.person_id).collect::<Vec<_>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let units: HashMap<UnitId, String> = org_unit::Entity::find()
        .filter(org_unit::Column::Id.is_in(people.values().map(|p| p.unit_id).collect::<Vec<_>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(models
        .into_iter()
        .map(|m| {
            let who = people.get(&m.person_id);
            LeaveRow {
                id: m.id,
                class_id: m.class_id,
                person_id: m.person_id,
                person_name: who.map(|p| p.name.clone()).unwrap_or_default(),
                unit_name: who
                    .and_then(|p| units.get(&p.unit_id).cloned())
                    .unwrap_or_default(),
                first_session_id: m.first_session_id,
                last_session_id: m.last_session_id,
                hours: m.hours,
                reason: m.reason,
                state: m.state,
                requested_by: m.requested_by,
                requested_at: m.requested_at,
                decided_by: m.decided_by,
                decided_at: m.decided_at,
                decision_reason: m.decision_reason,
                withdrawal: m.withdrawal_of.is_some(),
                version: m.version,
            }
        })
        .collect())
}

async fn leave_row(
    conn: &impl ConnectionTrait,
    model: leave_request::Model,
) -> StoreResult<LeaveRow> {
    let mut rows = leave_rows(conn, vec![model]).await?;
    rows.pop().ok_or(StoreError::NotFound)
}

/// A new leave request, checked by the application.
#[derive(Debug, Clone)]
pub struct NewLeave {
    pub class_id: ClassId,
    pub person_id: PersonId,
    pub first_session_id: SessionId,
    pub last_session_id: SessionId,
    pub hours: i64,
    pub reason: String,
}

pub async fn request_leave(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    new: NewLeave,
) -> StoreResult<LeaveRow> {
    let tx = db.begin_write().await?;
    let inserted = leave_request::ActiveModel {
        class_id: Set(new.class_id),
        person_id: Set(new.person_id),
        first_session_id: Set(new.first_session_id),
        last_session_id: Set(new.last_session_id),
        hours: Set(new.hours),
        reason: Set(new.reason),
        state: Set(LeaveState::Pending),
        requested_by: Set(actor.name.clone()),
        requested_at: Set(now),
        decided_by: Set(None),
        decided_at: Set(None),
        decision_reason: Set(None),
        withdrawal_of: Set(None),
        version: Set(1),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let row = leave_row(&tx, inserted).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("leave.request", "leave_request", row.id).after(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn get_leave(db: &Db, id: LeaveId) -> StoreResult<LeaveRow> {
    let model = leave_request::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    leave_row(&db.conn, model).await
}

/// Leave requests of a class, optionally of one person, newest first.
pub async fn leave_of_class(
    db: &Db,
    class_id: ClassId,
    person_id: Option<PersonId>,
) -> StoreResult<Vec<LeaveRow>> {
    let mut query =
        leave_request::Entity::find().filter(leave_request::Column::ClassId.eq(class_id));
    if let Some(person_id) = person_id {
        query = query.filter(leave_request::Column::PersonId.eq(person_id));
    }
    let models = query
        .order_by_desc(leave_request::Column::Id)
        .all(&db.conn)
        .await?;
    leave_rows(&db.conn, models).await
}

/// Pending leave requests of every class, oldest first, at most `limit`: the application keeps
/// those the caller may decide.
pub async fn pending_leave(db: &Db, limit: u64) -> StoreResult<Vec<LeaveRow>> {
    let models = leave_request::Entity::find()
        .filter(leave_request::Column::State.eq(LeaveState::Pending))
        .order_by_asc(leave_request::Column::Id)
        .limit(limit)
        .all(&db.conn)
        .await?;
    leave_rows(&db.conn, models).await
}

/// Hours of a person's approved leave in a class, in hundredths.
pub async fn approved_leave_hours(
    conn: &impl ConnectionTrait,
    class_id: ClassId,
    person_id: PersonId,
) -> StoreResult<i64> {
    Ok(leave_request::Entity::find()
        .filter(leave_request::Column::ClassId.eq(class_id))
        .filter(leave_request::Column::PersonId.eq(person_id))
        .filter(leave_request::Column::State.is_in([LeaveState::Approved, LeaveState::Returned]))
        .all(conn)
        .await?
        .iter()
        .map(|l| l.hours)
        .sum())
}

/// The decision on a pending leave request.
#[derive(Debug, Clone)]
pub struct LeaveDecision {
    pub approve: bool,
    pub reason: String,
    /// Approving past the cap: the trainee is withdrawn from the class (退学).
    pub withdraw: bool,
    /// The sessions the leave covers (approval marks them as on leave).
    pub sessions: Vec<SessionId>,
    /// The leave hours already approved when the application checked the cap; checked again
    /// inside the transaction so two approvals at once cannot both slip under it.
    pub approved_before: i64,
}

/// Approves or refuses a pending request. Approval writes an on-leave mark for every covered
/// session (a correction where a mark exists); with a withdrawal it also withdraws the trainee.
pub async fn decide_leave(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: LeaveId,
    decision: LeaveDecision,
) -> StoreResult<LeaveRow> {
    let tx = db.begin_write().await?;
    let current = leave_request::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.state != LeaveState::Pending {
        return Err(StoreError::refused(Refusal::LeaveNotPending {
            state: current.state,
        }));
    }
    if decision.approve
        && approved_leave_hours(&tx, current.class_id, current.person_id).await?
            != decision.approved_before
    {
        return Err(StoreError::refused(StaleVersion));
    }
    let (class_id, person_id) = (current.class_id, current.person_id);
    let mut model: leave_request::ActiveModel = current.clone().into();
    model.state = Set(if decision.approve {
        LeaveState::Approved
    } else {
        LeaveState::Refused
    });
    model.decided_by = Set(Some(actor.name.clone()));
    model.decided_at = Set(Some(now));
    model.decision_reason = Set(Some(decision.reason.clone()));
    model.version = Set(current.version + 1);
    if decision.approve && decision.withdraw {
        model.withdrawal_of = Set(Some(person_id));
    }
    let saved = leave_row(&tx, model.update(&tx).await?).await?;
    if decision.approve {
        let change = MarkChange {
            status: AttendanceStatus::OnLeave,
            minutes_late: 0,
            minutes_early: 0,
            source: MarkSource::Leave,
            reason: format!("请假已批准：{}", saved.reason),
            follow_up: None,
        };
        for session_id in &decision.sessions {
            set_mark_in(&tx, actor, now, class_id, *session_id, person_id, &change).await?;
        }
    }
    if decision.approve && decision.withdraw {
        let enrolment = class_enrolment::Entity::find()
            .filter(class_enrolment::Column::ClassId.eq(class_id))
            .filter(class_enrolment::Column::PersonId.eq(person_id))
            .one(&tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut model: class_enrolment::ActiveModel = enrolment.into();
        model.status = Set(EnrolmentStatus::Withdrawn);
        model.note = Set(format!("请假超过规定比例，退学：{}", decision.reason));
        model.updated_at = Set(now);
        model.update(&tx).await?;
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("leave.decide", "leave_request", id)
            .before(serde_json::json!({ "state": LeaveState::Pending }))
            .after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Removes the on-leave marks an approval wrote for `sessions`, so the trainee signs in to them.
async fn release_leave_marks(
    tx: &impl ConnectionTrait,
    person_id: PersonId,
    sessions: &[SessionId],
) -> StoreResult<()> {
    attendance_mark::Entity::delete_many()
        .filter(attendance_mark::Column::PersonId.eq(person_id))
        .filter(attendance_mark::Column::SessionId.is_in(sessions.to_vec()))
        .filter(attendance_mark::Column::Source.eq(MarkSource::Leave))
        .exec(tx)
        .await?;
    Ok(())
}

/// Cancels a pending or approved request before its sessions; approved leave marks written by
/// it for `sessions` (those not yet held) are removed.
pub async fn cancel_leave(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: LeaveId,
    sessions: &[SessionId],
) -> StoreResult<LeaveRow> {
    let tx = db.begin_write().await?;
    let current = leave_request::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if !matches!(current.state, LeaveState::Pending | LeaveState::Approved)
        || current.withdrawal_of.is_some()
    {
        return Err(StoreError::refused(Refusal::LeaveNotPending {
            state: current.state,
        }));
    }
    release_leave_marks(&tx, current.person_id, sessions).await?;
    let version = current.version + 1;
    let mut model: leave_request::ActiveModel = current.into();
    model.state = Set(LeaveState::Cancelled);
    model.version = Set(version);
    let saved = leave_row(&tx, model.update(&tx).await?).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("leave.cancel", "leave_request", id).after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Many marks in one transaction with one audit entry: the demo's history, imports of paper
/// sign-in sheets.
pub async fn bulk_marks(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    marks: Vec<(SessionId, PersonId, MarkChange)>,
) -> StoreResult<usize> {
    let count = marks.len();
    let tx = db.begin_write().await?;
    for (session_id, person_id, change) in &marks {
        set_mark_in(&tx, actor, now, class_id, *session_id, *person_id, change).await?;
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("attendance.bulk", "training_class", class_id)
            .after(serde_json::json!({ "marks": count })),
    )
    .await?;
    tx.commit().await?;
    Ok(count)
}

/// 销假: the trainee is back. Approved leave keeps only the sessions already under way or past
/// (`used_hours`); the leave marks of `unused` sessions are removed, so they can sign in.
pub async fn return_from_leave(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: LeaveId,
    unused: &[SessionId],
    used_hours: i64,
) -> StoreResult<LeaveRow> {
    let tx = db.begin_write().await?;
    let current = leave_request::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.state != LeaveState::Approved || current.withdrawal_of.is_some() {
        return Err(StoreError::refused(Refusal::LeaveNotPending {
            state: current.state,
        }));
    }
    release_leave_marks(&tx, current.person_id, unused).await?;
    let version = current.version + 1;
    let mut model: leave_request::ActiveModel = current.into();
    model.state = Set(LeaveState::Returned);
    model.hours = Set(used_hours);
    model.version = Set(version);
    let saved = leave_row(&tx, model.update(&tx).await?).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("leave.return", "leave_request", id).after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Inserts marks for sessions nobody has marked yet, in chunks, in one transaction: for seeding
/// benchmarks and importing a finished class's paper records. Existing marks make it fail.
pub async fn insert_marks(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    marks: Vec<(SessionId, PersonId, MarkChange)>,
) -> StoreResult<usize> {
    let count = marks.len();
    let tx = db.begin_write().await?;
    let rows: Vec<attendance_mark::ActiveModel> = marks
        .into_iter()
        .map(
            |(session_id, person_id, change)| attendance_mark::ActiveModel {
                class_id: Set(class_id),
                session_id: Set(session_id),
                person_id: Set(person_id),
                status: Set(change.status),
                minutes_late: Set(change.minutes_late),
                minutes_early: Set(change.minutes_early),
                source: Set(change.source),
                device: Set(None),
                signed_at: Set(None),
                reason: Set(change.reason),
                marked_by: Set(actor.name.clone()),
                marked_at: Set(now),
                version: Set(1),
                ..Default::default()
            },
        )
        .collect();
    for chunk in rows.chunks(500) {
        attendance_mark::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&tx)
            .await?;
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("attendance.insert", "training_class", class_id)
            .after(serde_json::json!({ "marks": count })),
    )
    .await?;
    tx.commit().await?;
    Ok(count)
}

/// One cell of a class's attendance grid: session, person, status, minutes late and early.
pub type GridCell = (SessionId, PersonId, AttendanceStatus, i32, i32);

/// The marks of a class as bare cells, for reports over hundreds of thousands of marks: only the
/// five columns they read.
pub async fn grid_of_class(db: &Db, class_id: ClassId) -> StoreResult<Vec<GridCell>> {
    Ok(attendance_mark::Entity::find()
        .select_only()
        .column(attendance_mark::Column::SessionId)
        .column(attendance_mark::Column::PersonId)
        .column(attendance_mark::Column::Status)
        .column(attendance_mark::Column::MinutesLate)
        .column(attendance_mark::Column::MinutesEarly)
        .filter(attendance_mark::Column::ClassId.eq(class_id))
        .into_tuple()
        .all(&db.conn)
        .await?)
}

/// A scan held for a trainee who must sign in (or replace a first password) before the sign-in
/// can be recorded: the code was checked when the phone presented it (ADR 0022).
#[derive(Debug, Clone)]
pub struct NewHold {
    /// The digest of the token the phone keeps; the token itself is never stored.
    pub token_digest: String,
    pub session_id: SessionId,
    pub device: Option<String>,
    pub scanned_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A held scan as the sign-in reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub id: SignInHoldId,
    pub session_id: SessionId,
    pub device: Option<String>,
    pub scanned_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub redeemed: bool,
}

/// Keeps a scan, audited without an account (nobody is signed in yet). Holds long expired are
/// deleted in passing.
pub async fn hold_scan(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    hold: NewHold,
) -> StoreResult<SignInHoldId> {
    let tx = db.begin_write().await?;
    sign_in_hold::Entity::delete_many()
        .filter(sign_in_hold::Column::ExpiresAt.lt(now - chrono::Duration::days(1)))
        .exec(&tx)
        .await?;
    let row = sign_in_hold::ActiveModel {
        token_digest: Set(hold.token_digest),
        session_id: Set(hold.session_id),
        device: Set(hold.device),
        scanned_at: Set(hold.scanned_at),
        expires_at: Set(hold.expires_at),
        redeemed_at: Set(None),
        account_id: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("attendance.scan_held", "class_session", row.session_id)
            .after(serde_json::json!({ "hold": row.id, "expires_at": row.expires_at })),
    )
    .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The held scan with this token digest.
pub async fn hold(db: &Db, token_digest: &str) -> StoreResult<Option<Hold>> {
    Ok(sign_in_hold::Entity::find()
        .filter(sign_in_hold::Column::TokenDigest.eq(token_digest))
        .one(&db.conn)
        .await?
        .map(|row| Hold {
            id: row.id,
            session_id: row.session_id,
            device: row.device,
            scanned_at: row.scanned_at,
            expires_at: row.expires_at,
            redeemed: row.redeemed_at.is_some(),
        }))
}

/// The hours each seat attended (ADR 0023), for the seats `(person, class)` whose class had a
/// roll call (a session whose roll call was opened, or in which anyone was marked present,
/// late, early or absent — leave and withdrawal marks come from decisions); seats of a
/// class without one are left out (their planned hours count). The domain's
/// [`ganxun_domain::classes::attendance`] does the counting, so grades, completion, compliance
/// and the archive read one figure.
pub async fn attended_hours(
    db: &Db,
    seats: &[(PersonId, ClassId)],
) -> StoreResult<HashMap<(PersonId, ClassId), ganxun_domain::classes::Attendance>> {
    let conn = &db.conn;
    use ganxun_domain::ClassHours;
    use ganxun_domain::attendance::Mark;
    use ganxun_domain::classes::{SessionRoll, attendance};
    use std::collections::{BTreeSet, HashSet};
    if seats.is_empty() {
        return Ok(HashMap::new());
    }
    let classes: BTreeSet<ClassId> = seats.iter().map(|(_, c)| *c).collect();
    let people: BTreeSet<PersonId> = seats.iter().map(|(p, _)| *p).collect();
    let mut sessions: HashMap<ClassId, Vec<SessionInfo>> = HashMap::new();
    for s in class_session::Entity::find()
        .filter(class_session::Column::ClassId.is_in(classes.iter().copied()))
        .order_by_asc(class_session::Column::Seq)
        .all(conn)
        .await?
    {
        sessions.entry(s.class_id).or_default().push(info(s));
    }
    let mut called: HashSet<SessionId> = roll_call::Entity::find()
        .filter(roll_call::Column::ClassId.is_in(classes.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.session_id)
        .collect();
    let mut marks: HashMap<(SessionId, PersonId), Mark> = HashMap::new();
    let cells: Vec<(SessionId, PersonId, AttendanceStatus, i32, i32)> =
        attendance_mark::Entity::find()
            .select_only()
            .column(attendance_mark::Column::SessionId)
            .column(attendance_mark::Column::PersonId)
            .column(attendance_mark::Column::Status)
            .column(attendance_mark::Column::MinutesLate)
            .column(attendance_mark::Column::MinutesEarly)
            .filter(attendance_mark::Column::ClassId.is_in(classes.iter().copied()))
            .into_tuple()
            .all(conn)
            .await?;
    for (session, person, status, late, early) in cells {
        // Leave and withdrawal marks are written by decisions, not by a roll call.
        if !matches!(
            status,
            AttendanceStatus::OnLeave | AttendanceStatus::Withdrawn
        ) {
            called.insert(session);
        }
        if people.contains(&person) {
            marks.insert(
                (session, person),
                Mark {
                    status,
                    minutes_late: u32::try_from(late).unwrap_or(0),
                    minutes_early: u32::try_from(early).unwrap_or(0),
                    reason: None,
                },
            );
        }
    }
    let minutes = |s: &SessionInfo| {
        let parse = |t: &str| chrono::NaiveTime::parse_from_str(t, "%H:%M").ok();
        match (parse(&s.start_time), parse(&s.end_time)) {
            (Some(start), Some(end)) => (end - start).num_minutes(),
            _ => 0,
        }
    };
    let mut out = HashMap::new();
    for &(person, class) in seats {
        let Some(list) = sessions.get(&class) else {
            continue;
        };
        let rolls: Vec<SessionRoll<'_>> = list
            .iter()
            .map(|s| SessionRoll {
                hours: ClassHours::from_hundredths(u32::try_from(s.class_hours).unwrap_or(0)),
                minutes: minutes(s),
                called: called.contains(&s.id),
                mark: marks.get(&(s.id, person)),
            })
            .collect();
        if let Some(a) = attendance(&rolls, false) {
            out.insert((person, class), a);
        }
    }
    Ok(out)
}

/// What roll call and leave refuse inside the transaction that would change them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The trainee already has a mark for the session (signed in before).
    AlreadyMarked {
        at: chrono::DateTime<chrono::Utc>,
        status: AttendanceStatus,
    },
    /// The leave request was already decided or cancelled.
    LeaveNotPending { state: LeaveState },
    /// The held scan was redeemed meanwhile, or its time ran out.
    HoldSpent,
}

impl Problem for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::AlreadyMarked { .. } => "ALREADY_SIGNED_IN",
            Refusal::LeaveNotPending { .. } => "LEAVE_NOT_PENDING",
            Refusal::HoldSpent => "SIGN_IN_HOLD_SPENT",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::AlreadyMarked { at, .. } => format!(
                "本节课已有考勤记录（{}），无需重复签到",
                ganxun_domain::china_datetime(*at).format("%H:%M:%S")
            ),
            Refusal::LeaveNotPending { state } => {
                format!("该请假申请当前为“{}”，不能再处理", state.label_zh())
            }
            Refusal::HoldSpent => {
                "这次扫码已经用过或已超过保留时间，请重新扫描屏幕上的二维码".to_owned()
            }
        }
    }
}
