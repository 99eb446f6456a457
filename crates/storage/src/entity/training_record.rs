use ganxun_domain::PersonId;
use ganxun_domain::TrainingRecordId;
use ganxun_domain::compliance::{ExternalKind, Institution};
use ganxun_domain::review::ReviewState;
use sea_orm::entity::prelude::*;

/// Training done outside the system, entered with evidence and approved before it counts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_record")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: TrainingRecordId,
    pub person_id: PersonId,
    pub kind: ExternalKind,
    pub title: String,
    pub institution_name: String,
    pub institution_type: Option<Institution>,
    pub starts_on: Date,
    pub ends_on: Date,
    pub days: i64,
    pub hours: i64,
    pub privately_arranged: bool,
    pub evidence: String,
    pub state: ReviewState,
    pub entered_by: String,
    pub entered_at: DateTimeUtc,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
