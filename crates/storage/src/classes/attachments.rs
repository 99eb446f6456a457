//! Files attached to a class dossier (approval letters, budgets, the printed plan).

use super::dossier::{ClassVisibility, get, load_for_update};
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::class_attachment;
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use ganxun_domain::AttachmentId;
use ganxun_domain::ClassId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// An attachment's description (the bytes are fetched separately).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentInfo {
    pub id: AttachmentId,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

fn info(m: &class_attachment::Model) -> AttachmentInfo {
    AttachmentInfo {
        id: m.id,
        filename: m.filename.clone(),
        content_type: m.content_type.clone(),
        size: m.size,
        sha256: m.sha256.clone(),
        uploaded_by: m.uploaded_by.clone(),
        uploaded_at: m.uploaded_at,
    }
}

pub async fn list(
    db: &Db,
    visibility: &ClassVisibility,
    class_id: ClassId,
) -> StoreResult<Vec<AttachmentInfo>> {
    get(db, visibility, class_id).await?;
    type Row = (
        AttachmentId,
        String,
        String,
        i64,
        String,
        String,
        DateTime<Utc>,
    );
    let rows: Vec<Row> = class_attachment::Entity::find()
        .select_only()
        .columns([
            class_attachment::Column::Id,
            class_attachment::Column::Filename,
            class_attachment::Column::ContentType,
            class_attachment::Column::Size,
            class_attachment::Column::Sha256,
            class_attachment::Column::UploadedBy,
            class_attachment::Column::UploadedAt,
        ])
        .filter(class_attachment::Column::ClassId.eq(class_id))
        .order_by_asc(class_attachment::Column::Id)
        .into_tuple()
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, filename, content_type, size, sha256, uploaded_by, uploaded_at)| AttachmentInfo {
                id,
                filename,
                content_type,
                size,
                sha256,
                uploaded_by,
                uploaded_at,
            },
        )
        .collect())
}

/// Attaches a file to a class.
pub async fn add(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    filename: &str,
    content_type: &str,
    data: Vec<u8>,
) -> StoreResult<AttachmentInfo> {
    let tx = db.begin_write().await?;
    load_for_update(&tx, class_id).await?;
    let sha256 = hex::encode(Sha256::digest(&data));
    let inserted = class_attachment::ActiveModel {
        class_id: Set(class_id),
        filename: Set(filename.to_owned()),
        content_type: Set(content_type.to_owned()),
        size: Set(i64::try_from(data.len()).unwrap_or(i64::MAX)),
        sha256: Set(sha256),
        data: Set(data),
        uploaded_by: Set(actor.name.clone()),
        uploaded_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let described = info(&inserted);
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("class.attachment.add", "training_class", class_id).after(&described),
    )
    .await?;
    tx.commit().await?;
    Ok(described)
}

/// One attachment with its bytes.
pub async fn fetch(
    db: &Db,
    visibility: &ClassVisibility,
    class_id: ClassId,
    id: AttachmentId,
) -> StoreResult<(AttachmentInfo, Vec<u8>)> {
    get(db, visibility, class_id).await?;
    let found = class_attachment::Entity::find_by_id(id)
        .filter(class_attachment::Column::ClassId.eq(class_id))
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok((info(&found), found.data))
}
