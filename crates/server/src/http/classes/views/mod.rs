//! What the classes API returns: the dossier, its route and decisions, enrolment, teaching,
//! certificates, attachments and the performance report, as API types made from the storage
//! rows and the application's pages that hold them.

mod dossier;
mod enrolment;
mod reports;
mod teaching;

pub use dossier::{ClassDetail, ClassPage, ClassRecord, ClassSummary, Decision};
pub use enrolment::{EnrolmentRow, UnitArrival};
pub use reports::{OverdueReport, ReportPage};
pub use teaching::{Instructor, TeachingPlan};

use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::AttachmentId;
use ganxun_domain::CertificateId;
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use serde::Serialize;
use utoipa::ToSchema;

/// A certificate as stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificateRow {
    #[schema(value_type = i64)]
    pub id: CertificateId,
    pub number: String,
    #[schema(value_type = i64)]
    pub class_id: ClassId,
    #[schema(value_type = i64)]
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

impl From<ganxun_storage::classes::certificates::CertificateRow> for CertificateRow {
    fn from(r: ganxun_storage::classes::certificates::CertificateRow) -> Self {
        Self {
            id: r.id,
            number: r.number,
            class_id: r.class_id,
            person_id: r.person_id,
            person_name: r.person_name,
            unit_name: r.unit_name,
            class_title: r.class_title,
            period: r.period,
            class_hours: r.class_hours,
            issuer: r.issuer,
            host: r.host,
            issued_on: r.issued_on,
            issued_by: r.issued_by,
            revoked_at: r.revoked_at,
            revoke_reason: r.revoke_reason,
        }
    }
}

/// An attachment's description (the bytes are fetched separately).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttachmentInfo {
    #[schema(value_type = i64)]
    pub id: AttachmentId,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

impl From<ganxun_storage::classes::attachments::AttachmentInfo> for AttachmentInfo {
    fn from(r: ganxun_storage::classes::attachments::AttachmentInfo) -> Self {
        Self {
            id: r.id,
            filename: r.filename,
            content_type: r.content_type,
            size: r.size,
            sha256: r.sha256,
            uploaded_by: r.uploaded_by,
            uploaded_at: r.uploaded_at,
        }
    }
}
