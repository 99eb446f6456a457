//! What the notices API returns, as API types made from the storage rows.

use chrono::{DateTime, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::UnitId;
use ganxun_domain::notices::NoticeKind;
use ganxun_storage::notices;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Notice {
    pub id: i64,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    #[schema(value_type = String)]
    pub kind: NoticeKind,
    #[schema(value_type = Option<i64>)]
    pub class_id: Option<ClassId>,
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl From<notices::Notice> for Notice {
    fn from(r: notices::Notice) -> Self {
        Self {
            id: r.id,
            unit_id: r.unit_id,
            kind: r.kind,
            class_id: r.class_id,
            title: r.title,
            body: r.body,
            created_at: r.created_at,
        }
    }
}
