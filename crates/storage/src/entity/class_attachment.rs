use ganxun_domain::AttachmentId;
use ganxun_domain::ClassId;
use sea_orm::entity::prelude::*;

/// A file attached to a class dossier.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_attachment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: AttachmentId,
    pub class_id: ClassId,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub data: Vec<u8>,
    pub uploaded_by: String,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
