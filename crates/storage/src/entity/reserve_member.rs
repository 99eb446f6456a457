use ganxun_domain::PersonId;
use ganxun_domain::pool::MemberState;
use ganxun_domain::{PoolId, PoolMemberId};
use sea_orm::entity::prelude::*;

/// A person's membership of a reserve pool: entered, then left or ended by promotion.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reserve_member")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PoolMemberId,
    pub pool_id: PoolId,
    pub person_id: PersonId,
    pub entered_on: Date,
    pub reason: String,
    pub state: MemberState,
    /// 0 while open, the membership's own id once ended: the unique index (pool, person,
    /// open_key) allows one open membership and any number of ended ones.
    pub open_key: i64,
    pub ended_on: Option<Date>,
    pub end_reason: Option<String>,
    pub new_post: Option<String>,
    pub new_rank: Option<String>,
    pub eligible_when_promoted: Option<bool>,
    pub shortfall: Option<String>,
    pub entered_by: String,
    pub entered_at: DateTimeUtc,
    pub ended_by: Option<String>,
    pub ended_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
