use ganxun_domain::AccountId;
use ganxun_domain::CreditEntryId;
use ganxun_domain::PersonId;
use ganxun_domain::credits::CreditCategory;
use sea_orm::entity::prelude::*;

/// One ledger entry: never updated, never deleted; a correction is a new entry reversing it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_entry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    /// Also its place in the hash chain: entries are numbered in the order they are chained.
    pub id: CreditEntryId,
    pub person_id: PersonId,
    pub entry_date: Date,
    pub year: i32,
    pub category: CreditCategory,
    pub amount: i64,
    pub rule_document_id: Option<ganxun_domain::RuleDocumentId>,
    pub rule_version: Option<i32>,
    pub rule_id: String,
    pub source_kind: String,
    /// The id of whatever `source_kind` names (a class, a fact, a lesson's progress …).
    pub source_id: i64,
    pub explanation: String,
    pub reverses: Option<CreditEntryId>,
    pub reason: String,
    pub entered_by_account: Option<AccountId>,
    pub entered_by: String,
    pub entered_at: DateTimeUtc,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
