//! The training archive (培训档案, R-ARC-1, GB/T 38860): its number and opening time, kept per
//! person; what the archive reads about a person besides the register (every class they held a
//! seat in to the end or left, with the certificate where one was issued, the approved external
//! records, the maintained credit totals); and the audit entry of every print or data export.

use crate::audit::{self, Actor, AuditEvent};
use crate::compliance::training_records::{self, TrainingRecordRow};
use crate::credits::ledger::{self, TotalRow};
use crate::db::Db;
use crate::entity::{
    certificate, class_enrolment, class_session, credit_entry, org_unit, person, training_archive,
    training_class,
};
use crate::error::{StoreError, StoreResult};
use crate::org::scope::AccessScope;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_domain::{ClassKind, ClassState, UnitType};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The archive's own identity (GB/T 38860 metadata: 档案编号, 建档时间).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchiveHead {
    pub number: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// The number of a new archive: "DA-<unit code>-<year opened>-<person id, 6 digits>". It is
/// stored, so it does not change when the person moves to another unit.
pub fn new_number(unit_code: &str, year: i32, person_id: PersonId) -> String {
    format!("DA-{unit_code}-{year}-{person_id:06}")
}

/// How an archive left the system, for the audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveExport {
    /// The printable form (PDF).
    Pdf,
    /// Data in the shape of GB/T 38860.
    Gbt38860,
}

/// What the export audit entry records: whose archive, which one and in what form.
#[derive(Serialize)]
struct ExportNote<'a> {
    person_id: PersonId,
    number: &'a str,
    format: ArchiveExport,
}

/// The person's archive, opened (numbered, with its audit entry) the first time it is asked
/// for; with `export`, the export is written to the audit log in the same transaction. The
/// caller has checked that the person is within its scope.
pub async fn open(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    person_id: PersonId,
    unit_code: &str,
    export: Option<ArchiveExport>,
) -> StoreResult<ArchiveHead> {
    let key = db.key()?;
    // The write transaction holds the audit head, so two first opens cannot both insert.
    let tx = db.begin_write().await?;
    let existing = training_archive::Entity::find()
        .filter(training_archive::Column::PersonId.eq(person_id))
        .one(&tx)
        .await?;
    let model = match existing {
        Some(model) => model,
        None => {
            let year = ganxun_domain::calendar::china_date(now).year();
            let saved = training_archive::ActiveModel {
                person_id: Set(person_id),
                number: Set(new_number(unit_code, year, person_id)),
                created_at: Set(now),
                created_by: Set(actor.name.clone()),
                ..Default::default()
            }
            .insert(&tx)
            .await?;
            audit::append(
                &tx,
                key,
                actor,
                now,
                AuditEvent::new("training_archive.create", "person", person_id).after(
                    ArchiveHead {
                        number: saved.number.clone(),
                        created_at: saved.created_at,
                        created_by: saved.created_by.clone(),
                    },
                ),
            )
            .await?;
            saved
        }
    };
    if let Some(format) = export {
        audit::append(
            &tx,
            key,
            actor,
            now,
            AuditEvent::new("training_archive.export", "person", person_id).after(ExportNote {
                person_id,
                number: &model.number,
                format,
            }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ArchiveHead {
        number: model.number,
        created_at: model.created_at,
        created_by: model.created_by,
    })
}

/// A class the person held a seat in: to the end (`enrolled`) or left (`withdrawn`, 退学).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchiveClass {
    pub class_id: ClassId,
    pub title: String,
    pub kind: ClassKind,
    /// 主办单位.
    pub organiser_name: String,
    /// 承办单位 (a unit of the tree or a name).
    pub host_name: String,
    pub host_type: UnitType,
    pub state: ClassState,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Class hours of the teaching plan, in hundredths.
    pub total_hours: i64,
    /// The distinct days the class's sessions fall on.
    pub session_days: u32,
    /// `enrolled` or `withdrawn`.
    pub enrolment: EnrolmentStatus,
    /// The completion certificate, unless revoked.
    pub certificate_number: Option<String>,
}

/// Everything the archive reads besides the person and the compliance review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveRows {
    /// By first day, then id.
    pub classes: Vec<ArchiveClass>,
    /// Approved external records, by last day, then id. Pending and rejected ones are not part
    /// of the archive.
    pub external: Vec<TrainingRecordRow>,
    /// The ledger's maintained totals, newest year first.
    pub totals: Vec<TotalRow>,
    /// The latest change to anything the archive shows (更新时间): the register entry, an
    /// approval, a certificate, a credit entry.
    pub updated_at: DateTime<Utc>,
}

/// The rows of person `id`'s archive, if `scope` reaches them (`NotFound` otherwise).
pub async fn rows_of(db: &Db, scope: &AccessScope, id: PersonId) -> StoreResult<ArchiveRows> {
    crate::people::get(db, scope, id).await?;
    let register = person::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let seats: HashMap<ClassId, EnrolmentStatus> = class_enrolment::Entity::find()
        .filter(class_enrolment::Column::PersonId.eq(id))
        .filter(
            class_enrolment::Column::Status
                .is_in([EnrolmentStatus::Enrolled, EnrolmentStatus::Withdrawn]),
        )
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|e| (e.class_id, e.status))
        .collect();
    let class_ids: Vec<ClassId> = seats.keys().copied().collect();
    let mut days: BTreeMap<ClassId, BTreeSet<NaiveDate>> = BTreeMap::new();
    for session in class_session::Entity::find()
        .filter(class_session::Column::ClassId.is_in(class_ids.clone()))
        .all(&db.conn)
        .await?
    {
        days.entry(session.class_id)
            .or_default()
            .insert(session.date);
    }
    let certificates: Vec<certificate::Model> = certificate::Entity::find()
        .filter(certificate::Column::PersonId.eq(id))
        .filter(certificate::Column::RevokedAt.is_null())
        .all(&db.conn)
        .await?;
    let classes: Vec<training_class::Model> = training_class::Entity::find()
        .filter(training_class::Column::Id.is_in(class_ids))
        .order_by_asc(training_class::Column::StartsOn)
        .order_by_asc(training_class::Column::Id)
        .all(&db.conn)
        .await?;
    let organisers: HashMap<UnitId, String> = org_unit::Entity::find()
        .filter(org_unit::Column::Id.is_in(classes.iter().map(|c| c.organiser_unit_id)))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let classes = classes
        .into_iter()
        .filter_map(|c| {
            Some(ArchiveClass {
                session_days: days
                    .get(&c.id)
                    .map_or(0, |d| u32::try_from(d.len()).unwrap_or(u32::MAX)),
                organiser_name: organisers
                    .get(&c.organiser_unit_id)
                    .cloned()
                    .unwrap_or_default(),
                enrolment: *seats.get(&c.id)?,
                certificate_number: certificates
                    .iter()
                    .find(|cert| cert.class_id == c.id)
                    .map(|cert| cert.number.clone()),
                class_id: c.id,
                title: c.title,
                kind: c.kind,
                host_name: c.host_name,
                host_type: c.host_type,
                state: c.state,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                total_hours: c.total_hours,
            })
        })
        .collect();
    let external = training_records::approved_of(db, id).await?;
    let totals = ledger::totals_of(db, id).await?;
    // The newest entry by id: the ledger appends, so it is also the latest entered.
    let last_entry = credit_entry::Entity::find()
        .filter(credit_entry::Column::PersonId.eq(id))
        .order_by_desc(credit_entry::Column::Id)
        .one(&db.conn)
        .await?
        .map(|e| e.entered_at);
    let updated_at = [register.updated_at]
        .into_iter()
        .chain(last_entry)
        .chain(external.iter().filter_map(|r| r.decided_at))
        .chain(certificates.iter().map(|c| c.issued_at))
        .max()
        .unwrap_or(register.updated_at);
    Ok(ArchiveRows {
        classes,
        external,
        totals,
        updated_at,
    })
}
