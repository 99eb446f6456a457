use ganxun_domain::CertificateId;
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use sea_orm::entity::prelude::*;

/// A completion certificate (R-CLS-6).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: CertificateId,
    pub number: String,
    pub class_id: ClassId,
    pub person_id: PersonId,
    pub person_name: String,
    pub unit_name: String,
    pub class_title: String,
    pub period: String,
    pub class_hours: i64,
    pub issuer: String,
    pub host: String,
    pub issued_on: Date,
    pub issued_at: DateTimeUtc,
    pub issued_by: String,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoke_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
