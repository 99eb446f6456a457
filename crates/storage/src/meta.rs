//! Small facts about the database itself: the data key's fingerprint, the crypto suite, and
//! named values such as the rule versions the maintained compliance statuses were judged by.

use crate::crypto::{CryptoSuite, DataKey};
use crate::db::Db;
use crate::entity::meta;
use crate::error::StoreResult;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

const KEY_FINGERPRINT: &str = "data_key_fingerprint";
const CRYPTO_SUITE: &str = "crypto_suite";

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

/// How the configured crypto suite relates to the database (ADR 0014).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuiteCheck {
    /// Nothing was recorded; this suite now is.
    Adopted,
    Matches,
    /// The data was protected under another suite: switching silently would leave numbers
    /// unreadable, searches empty and both chains "broken".
    Mismatch {
        recorded: CryptoSuite,
    },
}

/// Compares the configured suite with the one recorded, recording it on first use. A database
/// that holds a key fingerprint but no suite was set up before suites existed: international.
/// Call before [`check_key`], whose fingerprint depends on the suite.
pub async fn check_suite(db: &Db, suite: CryptoSuite) -> StoreResult<SuiteCheck> {
    let recorded = match get(db, CRYPTO_SUITE).await? {
        Some(text) => Some(
            CryptoSuite::parse(&text)
                .ok_or_else(|| anyhow::anyhow!("数据库记录的密码算法套件无法识别：{text}"))?,
        ),
        None if has_key(db).await? => Some(CryptoSuite::International),
        None => None,
    };
    match recorded {
        Some(recorded) if recorded != suite => Ok(SuiteCheck::Mismatch { recorded }),
        Some(_) => {
            set(db, CRYPTO_SUITE, suite.as_str()).await?;
            Ok(SuiteCheck::Matches)
        }
        None => {
            set(db, CRYPTO_SUITE, suite.as_str()).await?;
            Ok(SuiteCheck::Adopted)
        }
    }
}

/// The suite recorded in the database, if any.
pub async fn recorded_suite(db: &Db) -> StoreResult<Option<CryptoSuite>> {
    Ok(get(db, CRYPTO_SUITE)
        .await?
        .and_then(|text| CryptoSuite::parse(&text)))
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
