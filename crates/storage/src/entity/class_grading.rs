use ganxun_domain::ClassId;
use sea_orm::entity::prelude::*;

/// A class's grading scheme (JSON), when it differs from the default.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_grading")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub class_id: ClassId,
    pub scheme: String,
    pub saved_by: String,
    pub saved_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
