//! Completion certificates (结业证书, R-CLS-6): issued only for sanctioned classes (the
//! application checks), each with a number anyone can verify.

use super::dossier::{ClassVisibility, get, load_for_update};
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::certificate;
use crate::error::StoreResult;
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::CertificateId;
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

/// A certificate as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateRow {
    pub id: CertificateId,
    pub number: String,
    pub class_id: ClassId,
    pub person_id: PersonId,
    pub person_name: String,
    pub unit_name: String,
    pub class_title: String,
    pub period: String,
    /// Class hours in hundredths.
    pub class_hours: i64,
    pub issuer: String,
    pub host: String,
    pub issued_on: NaiveDate,
    pub issued_by: String,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
}

/// What the application decided to certify for one person.
#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub person_id: PersonId,
    pub person_name: String,
    pub unit_name: String,
    pub class_hours: i64,
}

fn row(m: certificate::Model) -> CertificateRow {
    CertificateRow {
        id: m.id,
        number: m.number,
        class_id: m.class_id,
        person_id: m.person_id,
        person_name: m.person_name,
        unit_name: m.unit_name,
        class_title: m.class_title,
        period: m.period,
        class_hours: m.class_hours,
        issuer: m.issuer,
        host: m.host,
        issued_on: m.issued_on,
        issued_by: m.issued_by,
        revoked_at: m.revoked_at,
        revoke_reason: m.revoke_reason,
    }
}

/// A number that reads as year, class and seat, with a random tail so that numbers cannot be
/// guessed from one another: `2026-00012-007-K3PX`.
fn number(year: i32, class_id: ClassId, seat: usize) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    let tail: String = (0..4)
        .map(|_| char::from(LETTERS[rng.gen_range(0..LETTERS.len())]))
        .collect();
    format!("{year}-{class_id:05}-{seat:03}-{tail}")
}

/// The certificates of a class, in issue order.
pub async fn list(
    db: &Db,
    visibility: &ClassVisibility,
    class_id: ClassId,
) -> StoreResult<Vec<CertificateRow>> {
    get(db, visibility, class_id).await?;
    Ok(certificate::Entity::find()
        .filter(certificate::Column::ClassId.eq(class_id))
        .order_by_asc(certificate::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(row)
        .collect())
}

/// Issues certificates to those who have none yet for this class; one transaction. Returns
/// every certificate of the class afterwards.
#[allow(
    clippy::too_many_arguments,
    reason = "the printed facts of a certificate"
)]
pub async fn issue(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    issued_on: NaiveDate,
    class_id: ClassId,
    period: &str,
    issuer: &str,
    host: &str,
    people: &[NewCertificate],
) -> StoreResult<Vec<CertificateRow>> {
    let tx = db.begin_write().await?;
    let class = load_for_update(&tx, class_id).await?;
    let existing = certificate::Entity::find()
        .filter(certificate::Column::ClassId.eq(class_id))
        .all(&tx)
        .await?;
    let mut seat = existing.len();
    let mut issued = Vec::new();
    for person in people {
        if existing.iter().any(|c| c.person_id == person.person_id) {
            continue;
        }
        seat += 1;
        let inserted = certificate::ActiveModel {
            number: Set(number(
                issued_on.format("%Y").to_string().parse().unwrap_or(0),
                class_id,
                seat,
            )),
            class_id: Set(class_id),
            person_id: Set(person.person_id),
            person_name: Set(person.person_name.clone()),
            unit_name: Set(person.unit_name.clone()),
            class_title: Set(class.title.clone()),
            period: Set(period.to_owned()),
            class_hours: Set(person.class_hours),
            issuer: Set(issuer.to_owned()),
            host: Set(host.to_owned()),
            issued_on: Set(issued_on),
            issued_at: Set(now),
            issued_by: Set(actor.name.clone()),
            revoked_at: Set(None),
            revoke_reason: Set(None),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
        issued.push(inserted.number.clone());
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("class.certificates.issue", "training_class", class_id)
            .after(serde_json::json!({ "numbers": issued })),
    )
    .await?;
    let all = certificate::Entity::find()
        .filter(certificate::Column::ClassId.eq(class_id))
        .order_by_asc(certificate::Column::Id)
        .all(&tx)
        .await?
        .into_iter()
        .map(row)
        .collect();
    tx.commit().await?;
    Ok(all)
}

/// A certificate by its number, for the public verification page.
pub async fn find_by_number(db: &Db, number: &str) -> StoreResult<Option<CertificateRow>> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::Number.eq(number.trim().to_uppercase()))
        .one(&db.conn)
        .await?
        .map(row))
}
