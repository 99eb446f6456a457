use ganxun_domain::AccountId;
use ganxun_domain::LessonId;
use ganxun_domain::PersonId;
use ganxun_domain::PlaybackId;
use sea_orm::entity::prelude::*;

/// One playback of one lesson by one person: the lease heartbeats must hold.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_playback")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PlaybackId,
    pub person_id: PersonId,
    pub lesson_id: LessonId,
    pub account_id: AccountId,
    pub ip: String,
    pub started_at: DateTimeUtc,
    pub last_at: Option<DateTimeUtc>,
    pub last_position_ms: Option<i64>,
    pub presence_due_at: DateTimeUtc,
    pub presence_since: Option<DateTimeUtc>,
    pub presence_code: Option<String>,
    pub held: String,
    pub earned_ms: i64,
    pub refused_beats: i32,
    pub version: i32,
    pub open_key: i64,
    pub ended_at: Option<DateTimeUtc>,
    pub end_reason: Option<ganxun_domain::learning::PlaybackEnd>,
    /// When the last heartbeat arrived, and the gaps between arrivals so far (m0018).
    pub seen_at: Option<DateTimeUtc>,
    pub gap_count: i64,
    pub gap_sum_ms: i64,
    pub gap_square_sum: i64,
    /// The page a document lesson's last heartbeat showed (m0021).
    pub last_page: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
