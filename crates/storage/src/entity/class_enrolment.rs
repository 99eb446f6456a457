use ganxun_domain::ClassId;
use ganxun_domain::EnrolmentId;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::classes::{EnrolmentSource, EnrolmentStatus};
use sea_orm::entity::prelude::*;

/// A person's place in a class (or on its waiting list).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_enrolment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: EnrolmentId,
    pub class_id: ClassId,
    pub person_id: PersonId,
    pub unit_id: UnitId,
    pub unit_path: String,
    pub status: EnrolmentStatus,
    pub source: EnrolmentSource,
    pub arrived: Option<bool>,
    pub arrival_marked_at: Option<DateTimeUtc>,
    pub note: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
