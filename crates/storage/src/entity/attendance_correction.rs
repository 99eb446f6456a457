use ganxun_domain::CorrectionId;
use ganxun_domain::MarkId;
use sea_orm::entity::prelude::*;

/// A correction of a mark, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendance_correction")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: CorrectionId,
    pub mark_id: MarkId,
    pub before: String,
    pub after: String,
    pub reason: String,
    pub corrected_by: String,
    pub corrected_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
