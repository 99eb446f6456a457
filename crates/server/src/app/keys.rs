//! Finding the data-encryption key at start-up (R-PPL-2, ADR 0003). The key never lives in the
//! database. A database that already holds sealed data refuses to start without its key; a
//! new database gets a new key file beside it, with a warning to back it up separately. The
//! crypto suite is chosen at set-up and a server configured with the other one refuses to start
//! (ADR 0014).

use crate::config::Settings;
use ganxun_storage::meta::{self, KeyCheck, SuiteCheck};
use ganxun_storage::{DataKey, Db};

/// Where the key came from, for the start-up message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Environment,
    File(std::path::PathBuf),
    Created(std::path::PathBuf),
}

/// Loads (or, for a database without sealed data, creates) the key and checks that it and the
/// configured crypto suite fit the data.
pub async fn load_key(db: &Db, settings: &Settings) -> anyhow::Result<(DataKey, KeySource)> {
    let (key, source) = if let Ok(hex) = std::env::var("GANXUN_DATA_KEY") {
        (DataKey::from_hex(&hex)?, KeySource::Environment)
    } else {
        let path = settings.key_path();
        if path.exists() {
            (DataKey::read_file(&path)?, KeySource::File(path))
        } else if meta::has_key(db).await? {
            anyhow::bail!(
                "找不到数据密钥文件 {}。该数据库中已有加密的个人信息，没有原密钥将无法解密。\
                 请从备份恢复密钥文件，或用 GANXUN_DATA_KEY / --key-file 指定密钥后再启动。",
                path.display()
            );
        } else {
            (DataKey::create_file(&path)?, KeySource::Created(path))
        }
    };
    let suite = settings.crypto_suite;
    let key = key.in_suite(suite);
    if let SuiteCheck::Mismatch { recorded } = meta::check_suite(db, suite).await? {
        anyhow::bail!(
            "密码算法套件与数据库不符：数据库在首次启动时选定了 {}，当前配置为 {}。\
             套件不能直接切换（已加密的个人信息、检索索引和审计链都依赖它），请将配置项 crypto_suite \
             改回 {}。\nThe database was set up with the {} crypto suite but this server is \
             configured for {}; refusing to start rather than switch silently.",
            recorded.describe(),
            suite.describe(),
            recorded.as_str(),
            recorded.as_str(),
            suite.as_str()
        );
    }
    match meta::check_key(db, &key).await? {
        KeyCheck::Adopted | KeyCheck::Matches => Ok((key, source)),
        KeyCheck::Mismatch { expected } => anyhow::bail!(
            "数据密钥与数据库不符（数据库记录的指纹为 {expected}，当前密钥为 {}）。请使用加密这些数据时的密钥。",
            key.fingerprint()
        ),
    }
}
