use ganxun_domain::AccountId;
use ganxun_domain::ClassId;
use ganxun_domain::CreditFactId;
use ganxun_domain::PersonId;
use ganxun_domain::credits::FactKind;
use ganxun_domain::review::ReviewState;
use sea_orm::entity::prelude::*;

/// A record credits are evaluated from (a score, a research output, a salon, a school term).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_fact")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: CreditFactId,
    pub kind: FactKind,
    pub person_id: Option<PersonId>,
    pub class_id: Option<ClassId>,
    pub title: String,
    pub fact_date: Date,
    pub data: String,
    pub evidence: String,
    pub state: ReviewState,
    pub entered_by_account: Option<AccountId>,
    pub entered_by: String,
    pub entered_at: DateTimeUtc,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
