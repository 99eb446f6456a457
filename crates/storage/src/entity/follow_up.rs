use ganxun_domain::AccountId;
use ganxun_domain::FollowUpId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_up")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: FollowUpId,
    pub kind: String,
    /// The id of whatever `kind` follows up (a class, a lesson's progress …): several kinds.
    pub subject_id: i64,
    pub actor_id: Option<AccountId>,
    pub actor_name: String,
    pub created_at: DateTimeUtc,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub last_error: Option<String>,
    pub done_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
