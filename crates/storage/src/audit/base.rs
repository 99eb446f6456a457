//! Where the online audit chain starts: genesis, or the last entry moved to an archive file
//! (ADR 0002, ADR 0014). A leaf that the chain (`audit`), the archive (`audit_archive`) and the
//! migrations that seed the chain's head all read, so none of them imports another in a circle.

use crate::entity::audit_log;
use crate::error::StoreResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

pub use super::genesis::GENESIS_HASH;

/// The action of the entry that records an archive run.
pub const ARCHIVE_ACTION: &str = "audit.archive";

/// The part of an archive run's record the online chain continues from.
#[derive(Deserialize)]
struct ArchivedThrough {
    through_id: i64,
    through_hash: String,
}

/// The last archived entry (id and hash) the online chain continues from: genesis when nothing
/// was archived. Read from the newest `audit.archive` entry, which the chain itself protects:
/// a forged starting point would need a forged entry.
pub(crate) async fn archived_base(conn: &impl ConnectionTrait) -> StoreResult<(i64, String)> {
    let newest = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(ARCHIVE_ACTION))
        .order_by_desc(audit_log::Column::Id)
        .one(conn)
        .await?;
    let record = newest
        .and_then(|entry| entry.after)
        .and_then(|after| serde_json::from_str::<ArchivedThrough>(&after).ok());
    Ok(match record {
        Some(r) => (r.through_id, r.through_hash),
        None => (0, GENESIS_HASH.to_owned()),
    })
}
