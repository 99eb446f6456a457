//! Migrated, empty databases that each test's database is copied from. Running every migration
//! takes about two seconds per PostgreSQL database and a quarter of a second per SQLite file,
//! and each of the several hundred stories needs a fresh one; a copy of a database migrated once
//! per test process (`CREATE DATABASE … TEMPLATE`, a file copy) gives the same schema for a
//! fraction of that. `Db::open` still runs the migrator on the copy, which finds nothing to do.
//!
//! A template belongs to the process that made it (its id is in the name), as do the test
//! databases; the next process removes those whose process has ended.

use super::{admin_exec, postgres_admin_url, replace_database};
use ganxun_storage::{DatabaseUrl, Db};
use std::path::{Path, PathBuf};
use tokio::sync::OnceCell;

const PREFIX: &str = "ganxun_template_";

static POSTGRES: OnceCell<Option<String>> = OnceCell::const_new();
static SQLITE: OnceCell<PathBuf> = OnceCell::const_new();

/// Whether the process is known to have ended; without `/proc` nothing is known, and nothing
/// is removed.
fn process_has_ended(pid: &str) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && pid.parse::<u32>().is_ok() && !proc.join(pid).exists()
}

/// The name of this process's migrated PostgreSQL template, or `None` when no server answers
/// (the caller then reports the missing server as it always has).
pub async fn postgres() -> Option<&'static str> {
    POSTGRES
        .get_or_init(|| async {
            let admin = postgres_admin_url();
            drop_stale_postgres(&admin).await;
            let name = format!("{PREFIX}{}", std::process::id());
            admin_exec(
                &admin,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await
            .ok()?;
            admin_exec(&admin, &format!("CREATE DATABASE {name}"))
                .await
                .ok()?;
            let db = Db::open(&DatabaseUrl::Postgres(replace_database(&admin, &name)))
                .await
                .ok()?;
            // A database being copied must have no one connected to it.
            db.close().await.ok()?;
            Some(name)
        })
        .await
        .as_deref()
}

/// Drops the templates and the test databases (`ganxun_t<process>_…`) of ended processes.
async fn drop_stale_postgres(admin: &str) {
    use sea_orm::sqlx::{Connection, PgConnection};
    let Ok(mut conn) = PgConnection::connect(admin).await else {
        return;
    };
    let names: Vec<String> = sea_orm::sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE datname LIKE 'ganxun_t%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap_or_default();
    for name in names {
        let pid = match name.strip_prefix(PREFIX) {
            Some(pid) => pid,
            None => name["ganxun_t".len()..]
                .split('_')
                .next()
                .unwrap_or_default(),
        };
        if process_has_ended(pid) {
            // Best effort: another process may be removing it at the same moment.
            let _ = admin_exec(
                admin,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await;
        }
    }
}

/// This process's migrated SQLite template file.
pub async fn sqlite() -> &'static Path {
    SQLITE
        .get_or_init(|| async {
            let dir = std::env::temp_dir();
            drop_stale_sqlite(&dir);
            let path = dir.join(format!("{PREFIX}{}.db", std::process::id()));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            let url = DatabaseUrl::Sqlite(path.to_string_lossy().into_owned());
            let db = Db::open(&url).await.expect("the SQLite template database");
            // Closing the last connection folds the write-ahead log into the file, so the
            // file alone is the whole database.
            db.close().await.expect("closing the SQLite template");
            path
        })
        .await
}

fn drop_stale_sqlite(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(PREFIX) else {
            continue;
        };
        let pid = rest.split('.').next().unwrap_or_default();
        if process_has_ended(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
