//! The performance report (培训绩效报告, R-CLS-5): drafted by the system, edited by the
//! institution, submitted to the authority; late ones flagged, overdue ones listed.

use super::dossier::{ClassVisibility, DecisionEffects, Step, decide_in, get, load_for_update};
use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{class_report, org_unit, training_class};
use crate::error::{StaleVersion, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::UnitId;
use ganxun_domain::classes::ReportState;
use ganxun_domain::{ClassAction, ClassState};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use std::collections::HashMap;

/// A report as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportView {
    pub class_id: ClassId,
    /// `draft` or `submitted`.
    pub state: ReportState,
    pub due_on: Option<NaiveDate>,
    pub body: serde_json::Value,
    pub drafted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<String>,
    pub late: bool,
    pub version: i32,
}

fn view(m: class_report::Model) -> ReportView {
    ReportView {
        class_id: m.class_id,
        state: m.state,
        due_on: m.due_on,
        body: serde_json::from_str(&m.body).unwrap_or(serde_json::Value::Null),
        drafted_at: m.drafted_at,
        updated_at: m.updated_at,
        submitted_at: m.submitted_at,
        submitted_by: m.submitted_by,
        late: m.late,
        version: m.version,
    }
}

/// The class's report, if one was drafted.
pub async fn get_report(
    db: &Db,
    visibility: &ClassVisibility,
    class_id: ClassId,
) -> StoreResult<Option<ReportView>> {
    get(db, visibility, class_id).await?;
    Ok(class_report::Entity::find()
        .filter(class_report::Column::ClassId.eq(class_id))
        .one(&db.conn)
        .await?
        .map(view))
}

/// Saves the report's text. The first save creates it; later saves must name the version read.
#[allow(clippy::too_many_arguments, reason = "one save has this many facts")]
pub async fn save_draft(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    due_on: Option<NaiveDate>,
    expected_version: Option<i32>,
    body: serde_json::Value,
) -> StoreResult<ReportView> {
    let tx = db.begin_write().await?;
    load_for_update(&tx, class_id).await?;
    let existing = class_report::Entity::find()
        .filter(class_report::Column::ClassId.eq(class_id))
        .one(&tx)
        .await?;
    let saved = match existing {
        None => {
            class_report::ActiveModel {
                class_id: Set(class_id),
                state: Set(ReportState::Draft),
                due_on: Set(due_on),
                body: Set(body.to_string()),
                drafted_at: Set(now),
                updated_at: Set(now),
                submitted_at: Set(None),
                submitted_by: Set(None),
                late: Set(false),
                version: Set(1),
                ..Default::default()
            }
            .insert(&tx)
            .await?
        }
        Some(current) => {
            if current.state != ReportState::Draft {
                return Err(StoreError::refused(Refusal::ReportSubmitted));
            }
            if expected_version.is_some_and(|v| v != current.version) {
                return Err(StoreError::refused(StaleVersion));
            }
            let version = current.version + 1;
            let mut model: class_report::ActiveModel = current.into();
            model.body = Set(body.to_string());
            model.updated_at = Set(now);
            model.version = Set(version);
            model.update(&tx).await?
        }
    };
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("class.report.save", "training_class", class_id).after(&body),
    )
    .await?;
    tx.commit().await?;
    Ok(view(saved))
}

/// Submits the report and moves the class from `ended` to `reported`, in one transaction.
pub async fn submit(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    expected_version: i32,
    late: bool,
) -> StoreResult<ReportView> {
    let tx = db.begin_write().await?;
    let current = class_report::Entity::find()
        .filter(class_report::Column::ClassId.eq(class_id))
        .one(&tx)
        .await?
        .ok_or(StoreError::refused(Refusal::ReportMissing))?;
    if current.state != ReportState::Draft {
        return Err(StoreError::refused(Refusal::ReportSubmitted));
    }
    if current.version != expected_version {
        return Err(StoreError::refused(StaleVersion));
    }
    let version = current.version + 1;
    let mut model: class_report::ActiveModel = current.into();
    model.state = Set(ReportState::Submitted);
    model.submitted_at = Set(Some(now));
    model.submitted_by = Set(Some(actor.name.clone()));
    model.late = Set(late);
    model.updated_at = Set(now);
    model.version = Set(version);
    let saved = model.update(&tx).await?;
    let reason = if late {
        "绩效报告逾期报送"
    } else {
        "绩效报告按时报送"
    };
    let step = Step {
        action: ClassAction::Report,
        from: ClassState::Ended,
        to: ClassState::Reported,
        reason,
        detail: super::DecisionDetail {
            late: Some(late),
            ..Default::default()
        },
    };
    decide_in(
        &tx,
        db.key()?,
        actor,
        now,
        class_id,
        step,
        DecisionEffects::default(),
    )
    .await?;
    tx.commit().await?;
    Ok(view(saved))
}

/// A report the authority is waiting for, or one that came late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueReport {
    pub class_id: ClassId,
    pub title: String,
    pub organiser_name: String,
    pub ends_on: NaiveDate,
    pub due_on: NaiveDate,
    pub state: ClassState,
    /// Days past the due day: until today while unsubmitted, until submission otherwise.
    pub days_late: i64,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Reports past their due day: unsubmitted (class still `ended`) or submitted late.
pub async fn overdue(
    db: &Db,
    visibility: &ClassVisibility,
    today: NaiveDate,
) -> StoreResult<Vec<OverdueReport>> {
    let classes = training_class::Entity::find()
        .filter(visibility.condition())
        .filter(training_class::Column::ReportDueOn.is_not_null())
        .filter(training_class::Column::State.is_in(ClassState::FINISHED.iter().copied()))
        .order_by_asc(training_class::Column::ReportDueOn)
        .all(&db.conn)
        .await?;
    let reports: HashMap<ClassId, class_report::Model> = class_report::Entity::find()
        .filter(
            class_report::Column::ClassId.is_in(classes.iter().map(|c| c.id).collect::<Vec<_>>()),
        )
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|r| (r.class_id, r))
        .collect();
    let units: HashMap<UnitId, String> = org_unit::Entity::find()
        .filter(
            org_unit::Column::Id.is_in(
                classes
                    .iter()
                    .map(|c| c.organiser_unit_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut found = Vec::new();
    for class in classes {
        let Some(due_on) = class.report_due_on else {
            continue;
        };
        let report = reports.get(&class.id);
        let submitted_at = report.and_then(|r| r.submitted_at);
        let until = submitted_at.map(ganxun_domain::china_date).unwrap_or(today);
        if until <= due_on {
            continue;
        }
        found.push(OverdueReport {
            class_id: class.id,
            organiser_name: units
                .get(&class.organiser_unit_id)
                .cloned()
                .unwrap_or_default(),
            title: class.title,
            ends_on: class.ends_on,
            due_on,
            state: class.state,
            days_late: (until - due_on).num_days(),
            submitted_at,
        });
    }
    Ok(found)
}
