//! Is this file a ganxun backup we may restore? Read without changing it: opened read-only,
//! never migrated (issue 14 item 4: an unrelated file was accepted and the source migrated in
//! place).

use crate::migration::Migrator;
use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::sqlx::{ConnectOptions, Connection, Row};
use sea_orm_migration::MigratorTrait;
use std::path::Path;

/// Why a file cannot be restored, in words for the operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupProblem {
    #[error("不是 SQLite 数据库或无法读取 (not a readable SQLite database): {0}")]
    Unreadable(String),
    #[error("数据库文件已损坏 (integrity check failed): {0}")]
    Damaged(String),
    #[error("不是干训的备份：缺少 {0} (not a ganxun backup)")]
    NotGanxun(&'static str),
    #[error(
        "备份来自更新版本的干训（未知的结构版本 {0:?}），请用相应版本恢复 (backup from a newer schema)"
    )]
    NewerSchema(Vec<String>),
}

/// What a good backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFacts {
    /// Migrations already applied in the backup.
    pub applied: usize,
    /// Migrations this program would still apply to the restored copy (an older backup).
    pub pending: usize,
    /// The fingerprint of the data key the backup's personal data was sealed with.
    pub key_fingerprint: String,
}

/// The migrations this program knows, by name.
pub fn known_migrations() -> Vec<String> {
    Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect()
}

/// Checks `path` read-only: a SQLite file that passes `PRAGMA integrity_check`, with ganxun's
/// migration table and data-key fingerprint, and no migration this program does not know.
pub async fn check_sqlite_backup(path: &Path) -> Result<BackupFacts, BackupProblem> {
    let unreadable = |e: sea_orm::sqlx::Error| BackupProblem::Unreadable(e.to_string());
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false)
        .connect()
        .await
        .map_err(unreadable)?;
    let verdict = inspect(&mut conn).await;
    let _ = conn.close().await;
    verdict
}

async fn inspect(conn: &mut sea_orm::sqlx::SqliteConnection) -> Result<BackupFacts, BackupProblem> {
    let unreadable = |e: sea_orm::sqlx::Error| BackupProblem::Unreadable(e.to_string());
    let check: String = sea_orm::sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut *conn)
        .await
        .map_err(unreadable)?
        .try_get(0)
        .map_err(unreadable)?;
    if check != "ok" {
        return Err(BackupProblem::Damaged(check));
    }
    for (table, what) in [
        ("seaql_migrations", "结构版本表 seaql_migrations"),
        ("meta", "元数据表 meta"),
    ] {
        let found = sea_orm::sqlx::query(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
        )
        .bind(table)
        .fetch_one(&mut *conn)
        .await
        .map_err(unreadable)?
        .try_get::<i64, _>(0)
        .map_err(unreadable)?;
        if found == 0 {
            return Err(BackupProblem::NotGanxun(what));
        }
    }
    let key_fingerprint: Option<String> =
        sea_orm::sqlx::query("SELECT value FROM meta WHERE key = 'data_key_fingerprint'")
            .fetch_optional(&mut *conn)
            .await
            .map_err(unreadable)?
            .map(|row| row.try_get(0))
            .transpose()
            .map_err(unreadable)?;
    let Some(key_fingerprint) = key_fingerprint else {
        return Err(BackupProblem::NotGanxun(
            "数据密钥指纹 data key fingerprint",
        ));
    };
    let applied: Vec<String> = sea_orm::sqlx::query("SELECT version FROM seaql_migrations")
        .fetch_all(&mut *conn)
        .await
        .map_err(unreadable)?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()
        .map_err(unreadable)?;
    let known = known_migrations();
    let unknown: Vec<String> = applied
        .iter()
        .filter(|name| !known.contains(name))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(BackupProblem::NewerSchema(unknown));
    }
    Ok(BackupFacts {
        applied: applied.len(),
        pending: known.len() - applied.len(),
        key_fingerprint,
    })
}
