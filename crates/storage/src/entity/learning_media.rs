use ganxun_domain::MediaId;
use sea_orm::entity::prelude::*;

/// A video the server measured, kept in the media folder under its digest.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_media")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: MediaId,
    pub sha256: String,
    pub original_name: String,
    pub bytes: i64,
    pub duration_ms: i64,
    pub width: i32,
    pub height: i32,
    pub fast_start: bool,
    pub uploaded_by: String,
    pub uploaded_at: DateTimeUtc,
    /// `video` or `document` (a PDF), and a document's pages (m0021).
    pub kind: ganxun_domain::learning::MediaKind,
    pub pages: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
