use ganxun_domain::PersonId;
use ganxun_domain::StandingId;
use ganxun_domain::compliance::{StandingKind, StandingState};
use sea_orm::entity::prelude::*;

/// A theory qualification certificate held, or a seat in a central group.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_standing")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: StandingId,
    pub person_id: PersonId,
    pub kind: StandingKind,
    pub title: String,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
    pub evidence: String,
    pub state: StandingState,
    pub entered_by: String,
    pub entered_at: DateTimeUtc,
    pub revoked_by: Option<String>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoke_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
