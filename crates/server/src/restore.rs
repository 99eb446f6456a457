//! Replacing a SQLite database with a backup, safely (issue 14 item 4):
//! - never under a running server: every process that opens the database holds a shared lock
//!   on `<database>.lock`; restore needs it exclusively. The operating system drops the lock
//!   when a process ends, even by kill -9, so a crash never blocks a later restore;
//! - only a ganxun backup of a schema this program knows, checked read-only (the source is
//!   never migrated);
//! - the previous database stays until the new one is complete: the backup is copied beside
//!   it, migrated and checked there, then renamed over it in one step.

use ganxun_storage::backup::check_sqlite_backup;
use ganxun_storage::{DatabaseUrl, Db};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The shared lock this process holds on its SQLite database, kept until the process ends.
static HELD: OnceLock<File> = OnceLock::new();

fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn open_lock_file(database: &Path) -> anyhow::Result<File> {
    let path = lock_path(database);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| anyhow::anyhow!("无法打开锁文件 {}：{e}", path.display()))
}

/// Declares that this process uses the database (a shared lock, held until exit). Called
/// before any command opens a SQLite database; PostgreSQL needs nothing here.
pub fn hold_database(url: &DatabaseUrl) -> anyhow::Result<()> {
    let DatabaseUrl::Sqlite(path) = url else {
        return Ok(());
    };
    if HELD.get().is_some() {
        return Ok(());
    }
    let file = open_lock_file(Path::new(path))?;
    match file.try_lock_shared() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            anyhow::bail!("数据库正在恢复中，请稍后再启动 (a restore is in progress): {path}")
        }
        Err(TryLockError::Error(e)) => anyhow::bail!("无法锁定数据库 {path}：{e}"),
    }
    let _ = HELD.set(file);
    Ok(())
}

/// Restores `backup` over the SQLite database at `target`.
/// `configured_key` is the fingerprint of the data key this installation would start with, when
/// one is configured: a backup sealed under another key is refused, since the server would then
/// refuse to start on it.
pub async fn restore(
    target: &str,
    backup: &Path,
    configured_key: Option<&str>,
) -> anyhow::Result<String> {
    let target_path = Path::new(target);
    anyhow::ensure!(backup.exists(), "备份文件不存在：{}", backup.display());
    anyhow::ensure!(
        std::fs::canonicalize(backup).ok() != std::fs::canonicalize(target_path).ok(),
        "备份文件就是当前数据库本身：{}",
        backup.display()
    );
    // 1. Nobody may use the database meanwhile.
    let lock = open_lock_file(target_path)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => anyhow::bail!(
            "数据库正被运行中的干训服务或命令使用，请先停止服务再恢复 (the database is in use: stop the server first): {target}"
        ),
        Err(TryLockError::Error(e)) => anyhow::bail!("无法锁定数据库 {target}：{e}"),
    }
    // 2. The file is a ganxun backup of a schema we know (read-only, nothing changed).
    let facts = check_sqlite_backup(backup)
        .await
        .map_err(|problem| anyhow::anyhow!("拒绝恢复 {}：{problem}", backup.display()))?;
    if let Some(configured) = configured_key.filter(|k| *k != facts.key_fingerprint) {
        anyhow::bail!(
            "拒绝恢复 {}：备份中的个人信息用另一把数据密钥加密（指纹 {}），当前配置的密钥指纹为 {configured}；\
             恢复后服务将无法解密和启动。请用 GANXUN_DATA_KEY 或 --key-file 指定该备份所用的密钥，或确认选对了备份文件 \
             (the backup was sealed with another data key)",
            backup.display(),
            facts.key_fingerprint
        );
    }
    // 3. A working copy beside the database, brought up to date and checked there.
    let staging = sibling(target_path, ".restoring");
    remove_database_files(&staging)?;
    std::fs::copy(backup, &staging)
        .map_err(|e| anyhow::anyhow!("无法复制备份到 {}：{e}", staging.display()))?;
    if let Err(e) = prepare_copy(&staging).await {
        let _ = remove_database_files(&staging);
        return Err(e);
    }
    // 4. The previous database's own journal is folded in first, so nothing of it is left to
    //    be replayed onto the restored file.
    settle_previous(target).await.inspect_err(|_| {
        let _ = remove_database_files(&staging);
    })?;
    std::fs::rename(&staging, target_path)
        .map_err(|e| anyhow::anyhow!("无法替换数据库 {target}：{e}"))?;
    if let Some(dir) = target_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)?.sync_all()?;
    }
    drop(lock);
    Ok(format!(
        "已从 {} 恢复到 {target}：结构版本 {} 个（本次升级 {} 个）。请确认使用原数据密钥（指纹 {}）。",
        backup.display(),
        facts.applied + facts.pending,
        facts.pending,
        facts.key_fingerprint
    ))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_database_files(path: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = sibling(path, suffix);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => anyhow::bail!("无法删除 {}：{e}", file.display()),
        }
    }
    Ok(())
}

/// Migrates the copy to this program's schema and checks it; on return it is one closed file
/// with no journal beside it.
async fn prepare_copy(staging: &Path) -> anyhow::Result<()> {
    let url = DatabaseUrl::Sqlite(staging.to_string_lossy().into_owned());
    let db = Db::open(&url)
        .await
        .map_err(|e| anyhow::anyhow!("无法打开恢复副本：{e:?}"))?;
    let check = db
        .integrity_check()
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    db.checkpoint()
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    db.close().await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    anyhow::ensure!(check == "ok", "恢复副本校验失败：{check}");
    anyhow::ensure!(
        !sibling(staging, "-wal").exists(),
        "恢复副本的日志未能合并：{}",
        staging.display()
    );
    File::open(staging)?.sync_all()?;
    Ok(())
}

/// Folds the previous database's write-ahead log into it (it is replaced next). When that is
/// impossible (a damaged file) the log is moved aside, never deleted.
async fn settle_previous(target: &str) -> anyhow::Result<()> {
    let target_path = Path::new(target);
    let wal = sibling(target_path, "-wal");
    if target_path.exists() && wal.exists() {
        let folded = async {
            let db = Db::open_existing_sqlite(target).await?;
            db.checkpoint().await?;
            db.close().await
        }
        .await;
        if folded.is_err() || wal.exists() {
            let aside = sibling(
                target_path,
                &format!("-wal.before-restore-{}", std::process::id()),
            );
            std::fs::rename(&wal, &aside)
                .map_err(|e| anyhow::anyhow!("无法移开旧日志 {}：{e}", wal.display()))?;
        }
    }
    let _ = std::fs::remove_file(sibling(target_path, "-shm"));
    Ok(())
}
