use ganxun_domain::PersonId;
use ganxun_domain::PlaybackId;
use ganxun_domain::RefusalId;
use sea_orm::entity::prelude::*;

/// A heartbeat that earned nothing, with why: evidence for review.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_refusal")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: RefusalId,
    pub playback_id: PlaybackId,
    pub person_id: PersonId,
    pub at: DateTimeUtc,
    pub reason: String,
    pub position_ms: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
