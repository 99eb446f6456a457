//! Small facts about the database itself: the data key's fingerprint, and named values such
//! as the rule versions the maintained compliance statuses were judged by.

use crate::crypto::DataKey;
use crate::db::Db;
use crate::entity::meta;
use crate::error::StoreResult;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

const KEY_FINGERPRINT: &str = "data_key_fingerprint";

/// How the key relates to the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyCheck {
    /// The database had no key yet; this one is now recorded.
    Adopted,
    /// The key is the one the data was sealed with.
    Matches,
    /// Another key sealed this data: starting would make personal data unreadable.
    Mismatch { expected: String },
}

/// Compares the key's fingerprint with the one recorded, recording it on first use.
pub async fn check_key(db: &Db, key: &DataKey) -> StoreResult<KeyCheck> {
    match meta::Entity::find_by_id(KEY_FINGERPRINT.to_owned())
        .one(&db.conn)
        .await?
    {
        Some(row) if row.value == key.fingerprint() => Ok(KeyCheck::Matches),
        Some(row) => Ok(KeyCheck::Mismatch {
            expected: row.value,
        }),
        None => {
            meta::ActiveModel {
                key: Set(KEY_FINGERPRINT.to_owned()),
                value: Set(key.fingerprint().to_owned()),
            }
            .insert(&db.conn)
            .await?;
            Ok(KeyCheck::Adopted)
        }
    }
}

/// Whether a key was ever recorded (a database that holds sealed data needs its key).
pub async fn has_key(db: &Db) -> StoreResult<bool> {
    Ok(meta::Entity::find_by_id(KEY_FINGERPRINT.to_owned())
        .one(&db.conn)
        .await?
        .is_some())
}

/// A stored fact by name (e.g. which rule versions the compliance statuses were judged by).
pub async fn get(db: &Db, name: &str) -> StoreResult<Option<String>> {
    Ok(meta::Entity::find_by_id(name.to_owned())
        .one(&db.conn)
        .await?
        .map(|row| row.value))
}

/// Stores a fact by name, replacing the value it had.
pub async fn set(db: &Db, name: &str, value: &str) -> StoreResult<()> {
    let on_conflict = sea_orm::sea_query::OnConflict::column(meta::Column::Key)
        .update_column(meta::Column::Value)
        .to_owned();
    meta::Entity::insert(meta::ActiveModel {
        key: Set(name.to_owned()),
        value: Set(value.to_owned()),
    })
    .on_conflict(on_conflict)
    .exec_without_returning(&db.conn)
    .await?;
    Ok(())
}
