//! Who is in a class, and the arrival of each unit's trainees.

use chrono::{DateTime, Utc};
use ganxun_domain::EnrolmentId;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::classes::{EnrolmentSource, EnrolmentStatus};
use ganxun_storage::classes::enrolment;
use serde::Serialize;
use utoipa::ToSchema;

/// One person's place in a class.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrolmentRow {
    #[schema(value_type = i64)]
    pub id: EnrolmentId,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    pub sex: String,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub position: String,
    pub phone_masked: Option<String>,
    /// `enrolled`, `waiting` or `removed`.
    #[schema(value_type = String)]
    pub status: EnrolmentStatus,
    /// `named` (点名调学 by the authority) or `nominated` (by a unit).
    #[schema(value_type = String)]
    pub source: EnrolmentSource,
    pub arrived: Option<bool>,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

impl From<enrolment::EnrolmentRow> for EnrolmentRow {
    fn from(r: enrolment::EnrolmentRow) -> Self {
        Self {
            id: r.id,
            person_id: r.person_id,
            name: r.name,
            sex: r.sex.map_or("", |s| s.code()).to_owned(),
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            position: r.position,
            phone_masked: r.phone_masked,
            status: r.status,
            source: r.source,
            arrived: r.arrived,
            note: r.note,
            created_at: r.created_at,
        }
    }
}

/// Arrival (到位情况) of one unit's trainees.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitArrival {
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub enrolled: u32,
    pub arrived: u32,
    /// Not (yet) marked as arrived, by name.
    pub missing: Vec<String>,
}

impl From<enrolment::UnitArrival> for UnitArrival {
    fn from(r: enrolment::UnitArrival) -> Self {
        Self {
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            enrolled: r.enrolled,
            arrived: r.arrived,
            missing: r.missing,
        }
    }
}
