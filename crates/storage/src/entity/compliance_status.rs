use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::compliance::{BoardStatus, RuleType};
use sea_orm::entity::prelude::*;

/// A person's status under one rule, as last judged (a cache of the evaluator).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "compliance_status")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: PersonId,
    pub unit_id: UnitId,
    pub unit_path: String,
    pub kind: String,
    pub rule_id: String,
    pub rule_type: RuleType,
    pub status: BoardStatus,
    pub window_from: Option<Date>,
    pub window_to: Date,
    pub required_days: Option<i64>,
    pub required_hours: Option<i64>,
    pub required_times: Option<i64>,
    pub done_days: Option<i64>,
    pub done_hours: Option<i64>,
    pub done_times: Option<i64>,
    pub missing_days: Option<i64>,
    pub missing_hours: Option<i64>,
    pub missing_times: Option<i64>,
    pub last_trained_on: Option<Date>,
    pub rule_version: i32,
    pub as_of: Date,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
