use ganxun_domain::FlagId;
use ganxun_domain::PersonId;
use ganxun_domain::PlaybackId;
use sea_orm::entity::prelude::*;

/// A sign that learning may not have been a person at a screen, with its evidence and review.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_flag")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: FlagId,
    pub person_id: PersonId,
    pub playback_id: Option<PlaybackId>,
    pub kind: String,
    pub detail: String,
    pub at: DateTimeUtc,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub review_note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
