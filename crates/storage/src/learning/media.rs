//! Videos and documents the server measured: a video's duration and a document's pages are
//! read from the file when it is uploaded and never taken from a browser. The bytes live in the deployment's media folder under their
//! digest (written by the application before the row, so a row always has its file).

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::learning_media;
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use ganxun_domain::MediaId;
use ganxun_domain::learning::{MediaKind, VideoInfo};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// A measured video or document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    pub id: MediaId,
    pub kind: MediaKind,
    /// A document's pages (0 for a video).
    pub pages: u32,
    pub sha256: String,
    pub original_name: String,
    pub bytes: i64,
    pub duration_ms: u64,
    pub width: u16,
    pub height: u16,
    pub fast_start: bool,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

impl From<learning_media::Model> for Media {
    fn from(m: learning_media::Model) -> Self {
        Self {
            id: m.id,
            kind: m.kind,
            pages: u32::try_from(m.pages).unwrap_or(0),
            sha256: m.sha256,
            original_name: m.original_name,
            bytes: m.bytes,
            duration_ms: super::ms(m.duration_ms),
            width: u16::try_from(m.width).unwrap_or(0),
            height: u16::try_from(m.height).unwrap_or(0),
            fast_start: m.fast_start,
            uploaded_by: m.uploaded_by,
            uploaded_at: m.uploaded_at,
        }
    }
}

/// What the server read of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measured {
    Video(VideoInfo),
    /// A PDF and its pages.
    Document {
        pages: u32,
    },
}

/// Records a video or document whose file is already in the media folder. The same content
/// uploaded again is the same media (one copy, one row).
pub async fn record(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    sha256: &str,
    original_name: &str,
    bytes: i64,
    measured: Measured,
) -> StoreResult<Media> {
    let tx = db.begin_write().await?;
    if let Some(existing) = learning_media::Entity::find()
        .filter(learning_media::Column::Sha256.eq(sha256))
        .one(&tx)
        .await?
    {
        return Ok(existing.into());
    }
    let (kind, pages, info) = match measured {
        Measured::Video(info) => (MediaKind::Video, 0, info),
        Measured::Document { pages } => (
            MediaKind::Document,
            pages,
            VideoInfo {
                duration_ms: 0,
                width: 0,
                height: 0,
                fast_start: false,
            },
        ),
    };
    let row = learning_media::Entity::insert(learning_media::ActiveModel {
        sha256: Set(sha256.to_owned()),
        original_name: Set(original_name.to_owned()),
        bytes: Set(bytes),
        duration_ms: Set(super::db_ms(info.duration_ms)),
        width: Set(i32::from(info.width)),
        height: Set(i32::from(info.height)),
        fast_start: Set(info.fast_start),
        kind: Set(kind),
        pages: Set(i32::try_from(pages).unwrap_or(i32::MAX)),
        uploaded_by: Set(actor.name.clone()),
        uploaded_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.media.upload", "learning_media", row.id).after(
            serde_json::json!({
                "original_name": original_name,
                "sha256": sha256,
                "bytes": bytes,
                "kind": kind.code(),
                "duration_ms": info.duration_ms,
                "pages": pages,
            }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// One video or document.
pub async fn get(db: &Db, id: MediaId) -> StoreResult<Media> {
    learning_media::Entity::find_by_id(id)
        .one(db.connection())
        .await?
        .map(Media::from)
        .ok_or(StoreError::NotFound)
}

/// Every video and document, newest first.
pub async fn list(db: &Db) -> StoreResult<Vec<Media>> {
    Ok(learning_media::Entity::find()
        .order_by_desc(learning_media::Column::Id)
        .all(db.connection())
        .await?
        .into_iter()
        .map(Media::from)
        .collect())
}
