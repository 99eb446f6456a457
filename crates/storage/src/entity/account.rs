use ganxun_domain::AccountId;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub unit_id: UnitId,
    pub person_id: Option<PersonId>,
    pub must_change_password: bool,
    pub roles_suspended: bool,
    pub failed_attempts: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub active: bool,
    pub password_changed_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
