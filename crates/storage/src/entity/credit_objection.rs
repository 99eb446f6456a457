use ganxun_domain::PersonId;
use ganxun_domain::credits::ObjectionState;
use ganxun_domain::{CreditEntryId, ObjectionId, PublicationId};
use sea_orm::entity::prelude::*;

/// An objection to a published credit list.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_objection")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: ObjectionId,
    pub publication_id: PublicationId,
    pub person_id: PersonId,
    pub entry_id: Option<CreditEntryId>,
    pub text: String,
    pub state: ObjectionState,
    pub raised_by: String,
    pub raised_at: DateTimeUtc,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
