use ganxun_domain::UnitId;
use sea_orm::entity::prelude::*;

/// How a unit's imports read a file's headers (issue 17 item 10): the last column mapping its
/// officers chose, per kind of import, as JSON `{header: field or null}` keyed by the header's
/// normal form. The next upload from the unit starts with it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_mapping")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: UnitId,
    /// `people`.
    pub kind: String,
    pub mapping: String,
    pub updated_at: DateTimeUtc,
    pub updated_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
