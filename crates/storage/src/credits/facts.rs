//! Records that credits are evaluated from besides roll calls: exam and assignment scores,
//! research outputs (approved before they count), reading salons and school terms (R-CRD-2…5).
//! A record and the credits it gives are saved in one transaction; the evaluation itself is
//! the caller's pure function, run inside it on the stored record.

use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent};
use crate::credits::ledger::{self, NewEntry, Reconciled};
use crate::db::Db;
use crate::entity::credit_fact;
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::credits::FactKind;
use ganxun_domain::review::ReviewState;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;

/// A stored record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactRow {
    pub id: ganxun_domain::CreditFactId,
    /// exam, assignment, research, salon, school_term
    pub kind: FactKind,
    pub person_id: Option<PersonId>,
    pub class_id: Option<ClassId>,
    pub title: String,
    pub date: NaiveDate,
    /// The kind's details: `{"score": 8450}`, `{"kind": "paper", "level": "provincial", …}`.
    pub data: serde_json::Value,
    pub evidence: String,
    /// pending, approved, rejected
    pub state: ReviewState,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
}

fn row(m: credit_fact::Model) -> FactRow {
    FactRow {
        id: m.id,
        kind: m.kind,
        person_id: m.person_id,
        class_id: m.class_id,
        title: m.title,
        date: m.fact_date,
        data: serde_json::from_str(&m.data).unwrap_or(serde_json::Value::Null),
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
#[derive(Debug, Clone, PartialEq)]
pub struct NewFact {
    pub kind: FactKind,
    pub person_id: Option<PersonId>,
    pub class_id: Option<ClassId>,
    pub title: String,
    pub date: NaiveDate,
    pub data: serde_json::Value,
    pub evidence: String,
    /// Pending for outputs awaiting approval, else approved.
    pub state: ReviewState,
}

/// Stores records and posts the credits `evaluate` gives each approved one, all or nothing.
pub async fn record(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    facts: Vec<NewFact>,
    evaluate: impl Fn(&FactRow) -> Vec<NewEntry>,
    reason: &str,
) -> StoreResult<(Vec<FactRow>, Reconciled)> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let mut rows = Vec::new();
    let mut done = Reconciled::default();
    for fact in facts {
        let saved = row(credit_fact::ActiveModel {
            kind: Set(fact.kind),
            person_id: Set(fact.person_id),
            class_id: Set(fact.class_id),
            title: Set(fact.title),
            fact_date: Set(fact.date),
            data: Set(fact.data.to_string()),
            evidence: Set(fact.evidence),
            state: Set(fact.state),
            entered_by_account: Set(actor.account_id),
            entered_by: Set(actor.name.clone()),
            entered_at: Set(now),
            decided_by: Set(None),
            decided_at: Set(None),
            decision_reason: Set(None),
            ..Default::default()
        }
        .insert(&tx)
        .await?);
        if saved.state == ReviewState::Approved {
            let posted = ledger::reconcile_in(
                &tx,
                key,
                actor,
                now,
                &[(saved.kind.code(), saved.id.0)],
                evaluate(&saved),
                reason,
            )
            .await?;
            done.posted += posted.posted;
        }
        rows.push(saved);
    }
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new(
            "credit.fact.record",
            "credit_fact",
            rows.first().map_or(0, |r| r.id.0),
        )
        .after(&rows),
    )
    .await?;
    tx.commit().await?;
    Ok((rows, done))
}

/// Approves (posting its credits) or rejects a pending record.
pub async fn decide(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: ganxun_domain::CreditFactId,
    approve: bool,
    reason: &str,
    evaluate: impl Fn(&FactRow) -> Vec<NewEntry>,
) -> StoreResult<(FactRow, Reconciled)> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let current = credit_fact::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.state != ReviewState::Pending {
        return Err(StoreError::refused(Refusal::FactNotPending {
            state: current.state,
        }));
    }
    let before = row(current.clone());
    let mut model: credit_fact::ActiveModel = current.into();
    model.state = Set(if approve {
        ReviewState::Approved
    } else {
        ReviewState::Rejected
    });
    model.decided_by = Set(Some(actor.name.clone()));
    model.decided_at = Set(Some(now));
    model.decision_reason = Set(Some(reason.to_owned()));
    let saved = row(model.update(&tx).await?);
    let mut credits = Reconciled::default();
    if approve {
        credits = ledger::reconcile_in(
            &tx,
            key,
            actor,
            now,
            &[(saved.kind.code(), id.0)],
            evaluate(&saved),
            reason,
        )
        .await?;
    }
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("credit.fact.decide", "credit_fact", id)
            .before(&before)
            .after(&saved),
    )
    .await?;
    tx.commit().await?;
    Ok((saved, credits))
}

pub async fn get(db: &Db, id: ganxun_domain::CreditFactId) -> StoreResult<FactRow> {
    credit_fact::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(row)
        .ok_or(StoreError::NotFound)
}

/// Records waiting for approval, oldest first.
pub async fn pending(db: &Db, limit: u64) -> StoreResult<Vec<FactRow>> {
    Ok(credit_fact::Entity::find()
        .filter(credit_fact::Column::State.eq(ReviewState::Pending))
        .order_by_asc(credit_fact::Column::Id)
        .limit(limit)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(row)
        .collect())
}

/// A person's records, newest first.
pub async fn of_person(db: &Db, person_id: PersonId) -> StoreResult<Vec<FactRow>> {
    Ok(credit_fact::Entity::find()
        .filter(credit_fact::Column::PersonId.eq(person_id))
        .order_by_desc(credit_fact::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(row)
        .collect())
}

/// Approved records dated in `year`, oldest first: what a re-evaluation goes through.
pub async fn approved_in_year(db: &Db, year: i32) -> StoreResult<Vec<FactRow>> {
    let (first, last) = (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
    );
    Ok(credit_fact::Entity::find()
        .filter(credit_fact::Column::State.eq(ReviewState::Approved))
        .filter(credit_fact::Column::FactDate.between(first, last))
        .order_by_asc(credit_fact::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(row)
        .collect())
}

/// Who entered each of these facts (kind and id, as a ledger entry names its source): the
/// person a revocation report holds to account, not the reviewer who let it count.
pub async fn entered_by(
    db: &Db,
    sources: &[(FactKind, i64)],
) -> StoreResult<std::collections::HashMap<(FactKind, i64), String>> {
    if sources.is_empty() {
        return Ok(Default::default());
    }
    let ids: Vec<i64> = sources.iter().map(|(_, id)| *id).collect();
    Ok(credit_fact::Entity::find()
        .filter(credit_fact::Column::Id.is_in(ids))
        .all(&db.conn)
        .await?
        .into_iter()
        .filter(|fact| sources.contains(&(fact.kind, fact.id.0)))
        .map(|fact| ((fact.kind, fact.id.0), fact.entered_by))
        .collect())
}
