//! Opening the database: the one place that knows which backend it talks to (STYLE 6).

use crate::crypto::DataKey;
use crate::distrust::connections_distrusted;
use crate::error::{StoreError, StoreResult};
use crate::migration::Migrator;
use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::sqlx::{Connection as _, Executor as _};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, SqliteTransactionMode,
    SqlxPostgresConnector, SqlxSqliteConnector, Statement, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::str::FromStr;
use std::time::Duration;

/// Where the data lives, parsed from `--database`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file path.
    Sqlite(String),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl DatabaseUrl {
    /// Accepts `postgres://…`, `postgresql://…`, `sqlite://path`, `sqlite:path` or a plain path.
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return DatabaseUrl::Postgres(text.to_owned());
        }
        let path = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
            .unwrap_or(text);
        let path = path.split('?').next().unwrap_or(path);
        DatabaseUrl::Sqlite(path.to_owned())
    }

    /// The same location with any password removed, for logs and messages.
    pub fn display_safe(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => path.clone(),
            DatabaseUrl::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(scheme_end), Some(at)) if at > scheme_end => {
                    let credentials = &url[scheme_end + 3..at];
                    let user = credentials.split(':').next().unwrap_or_default();
                    format!("{}{}@{}", &url[..scheme_end + 3], user, &url[at + 1..])
                }
                _ => url.clone(),
            },
        }
    }
}

/// The SQLite pool: WAL, FULL synchronous, foreign keys, and connections checked on their way
/// back (see `sqlite_reusable`).
async fn sqlite_pool(path: &str, create: bool) -> StoreResult<DatabaseConnection> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
        .map_err(|e| StoreError::Other(anyhow::anyhow!("SQLite 路径无效：{e}")))?
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: an acknowledged write survives a power cut, not only a crash.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        .after_release(|conn, _| Box::pin(sqlite_reusable(conn)))
        .before_acquire(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
        .connect_with(options)
        .await
        .map_err(|e| {
            StoreError::Unavailable(sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(
                e.into(),
            )))
        })?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// Whether a SQLite connection handed back to the pool may serve the next request.
///
/// A failed COMMIT (a full disk, an I/O error) leaves the transaction object "open", so dropping
/// it queues a ROLLBACK. When SQLite had already rolled back by itself, that ROLLBACK fails and
/// sqlx keeps counting the connection as inside a transaction: its next BEGIN would become a
/// SAVEPOINT inside a transaction that never commits, acknowledging writes that are lost and
/// holding the write lock (issue 14 item 1). So: flush the queued rollback (ping), then keep the
/// connection only if both sqlx's count and SQLite itself say no transaction is open; otherwise
/// it is closed, and closing a SQLite connection rolls back whatever it held.
async fn sqlite_reusable(
    conn: &mut sea_orm::sqlx::SqliteConnection,
) -> Result<bool, sea_orm::sqlx::Error> {
    if !connections_distrusted() {
        return Ok(!conn.is_in_transaction());
    }
    conn.ping().await?;
    if conn.is_in_transaction() {
        tracing::warn!("discarding a SQLite connection left inside a transaction");
        return Ok(false);
    }
    // SQLite's own view: BEGIN fails when a transaction is still open on this connection.
    if conn.execute("BEGIN").await.is_err() {
        tracing::warn!("discarding a SQLite connection SQLite still holds in a transaction");
        return Ok(false);
    }
    conn.execute("ROLLBACK").await?;
    Ok(true)
}

/// The same check for PostgreSQL: a connection whose rollback could not be sent or that still
/// counts an open transaction is closed rather than reused.
async fn postgres_reusable(
    conn: &mut sea_orm::sqlx::PgConnection,
) -> Result<bool, sea_orm::sqlx::Error> {
    if !connections_distrusted() {
        return Ok(!conn.is_in_transaction());
    }
    conn.ping().await?;
    if conn.is_in_transaction() {
        tracing::warn!("discarding a PostgreSQL connection left inside a transaction");
        return Ok(false);
    }
    Ok(true)
}

/// The connection pool plus what the stores need to know about it.
#[derive(Debug, Clone)]
pub struct Db {
    pub(crate) conn: DatabaseConnection,
    /// The data key, attached once it is known (it is checked against the database first).
    key: std::sync::Arc<std::sync::OnceLock<DataKey>>,
    /// Account changes this process committed (see `accounts::changes`).
    changes: std::sync::Arc<crate::accounts::local_changes::LocalChanges>,
}

impl Db {
    /// Connects (creating a SQLite file when missing) and brings the schema up to date.
    pub async fn open(url: &DatabaseUrl) -> StoreResult<Db> {
        let conn = match url {
            DatabaseUrl::Sqlite(path) => sqlite_pool(path, true).await?,
            DatabaseUrl::Postgres(url) => {
                let options = PgConnectOptions::from_str(url).map_err(|e| {
                    StoreError::Other(anyhow::anyhow!("PostgreSQL 连接串无效：{e}"))
                })?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .after_release(|conn, _| Box::pin(postgres_reusable(conn)))
                    .before_acquire(|conn, _| {
                        Box::pin(async move { Ok(!conn.is_in_transaction()) })
                    })
                    .connect_with(options)
                    .await
                    .map_err(|e| {
                        StoreError::Unavailable(sea_orm::DbErr::Conn(
                            sea_orm::RuntimeErr::SqlxError(e.into()),
                        ))
                    })?;
                SqlxPostgresConnector::from_sqlx_postgres_pool(pool)
            }
        };
        let db = Db {
            conn,
            key: Default::default(),
            changes: Default::default(),
        };
        Migrator::up(&db.conn, None).await?;
        Ok(db)
    }

    /// Opens an existing SQLite file as it is: nothing created, no migration (maintenance tools
    /// such as restore, which must not change a file it only inspects or settles).
    pub async fn open_existing_sqlite(path: &str) -> StoreResult<Db> {
        Ok(Db {
            conn: sqlite_pool(path, false).await?,
            key: Default::default(),
            changes: Default::default(),
        })
    }

    /// Folds SQLite's write-ahead log into the database file and empties it; PostgreSQL has
    /// nothing to do.
    pub async fn checkpoint(&self) -> StoreResult<()> {
        if self.backend() == DbBackend::Sqlite {
            self.conn
                .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await?;
        }
        Ok(())
    }

    /// Attaches the data key; the audit chain is keyed with it. The first key attached stays.
    pub fn attach_key(&self, key: &DataKey) {
        let _ = self.key.set(key.clone());
    }

    /// The attached key; writing or verifying the audit chain without one is a programming error.
    pub(crate) fn key(&self) -> StoreResult<&DataKey> {
        self.key.get().ok_or_else(|| {
            StoreError::Other(anyhow::anyhow!(
                "the data key is not attached to the database"
            ))
        })
    }

    /// The raw connection, for tests that tamper behind the application's back (to prove the
    /// audit chain notices) and for maintenance tools. Business code uses the store functions.
    /// The account changes this process committed, for caches of signed-in callers.
    pub fn account_changes(&self) -> &crate::accounts::local_changes::LocalChanges {
        &self.changes
    }

    pub fn connection(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Closes the pool: later calls fail as "storage unavailable" (used at shutdown and by the
    /// 503 test).
    pub async fn close_pool(&self) {
        match self.conn.get_database_backend() {
            DbBackend::Sqlite => self.conn.get_sqlite_connection_pool().close().await,
            _ => self.conn.get_postgres_connection_pool().close().await,
        }
    }

    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// Starts a transaction that will write and be audited. It takes the audit chain's head
    /// first, which serialises writers on both backends and, on SQLite, makes the transaction a
    /// write transaction from its first statement (no "database is locked" on upgrade).
    pub(crate) async fn begin_write(&self) -> StoreResult<DatabaseTransaction> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        let tx = self.conn.begin_with_options(options).await?;
        tx.execute_unprepared("UPDATE audit_head SET last_id = last_id WHERE id = 1")
            .await?;
        Ok(tx)
    }

    /// A write transaction outside the audit chain, for bookkeeping that is counted, not audited
    /// (learning heartbeats): immediate on SQLite like audited writes, so it never fails to
    /// upgrade from reading to writing, but without taking the audit head.
    pub(crate) async fn begin_counting(&self) -> StoreResult<DatabaseTransaction> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(self.conn.begin_with_options(options).await?)
    }

    /// A plain transaction for unaudited bookkeeping (session activity).
    pub(crate) async fn begin(&self) -> StoreResult<DatabaseTransaction> {
        Ok(self.conn.begin().await?)
    }

    /// Checks that the database answers (health checks, readiness).
    pub async fn ping(&self) -> StoreResult<()> {
        self.conn.execute_unprepared("SELECT 1").await?;
        Ok(())
    }

    /// Refreshes the planner's statistics after a bulk load. On PostgreSQL also `VACUUM`, which
    /// marks pages all-visible so index-only scans (the capped counts) need no heap fetches.
    pub async fn analyze(&self) -> StoreResult<()> {
        let statement = match self.backend() {
            DbBackend::Postgres => "VACUUM ANALYZE",
            _ => "ANALYZE",
        };
        self.conn.execute_unprepared(statement).await?;
        Ok(())
    }

    /// SQLite's `PRAGMA integrity_check`; PostgreSQL answers "ok" (it has no equivalent).
    pub async fn integrity_check(&self) -> StoreResult<String> {
        if self.backend() != DbBackend::Sqlite {
            return Ok("ok".to_owned());
        }
        let row = self
            .conn
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA integrity_check",
            ))
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(row.try_get_by_index::<String>(0)?)
    }

    /// Copies a SQLite database to `target` while it stays online (`VACUUM INTO`).
    pub async fn sqlite_backup(&self, target: &str) -> StoreResult<()> {
        if self.backend() != DbBackend::Sqlite {
            return Err(StoreError::Other(anyhow::anyhow!(
                "PostgreSQL 请使用 pg_dump 备份"
            )));
        }
        let stmt =
            Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [target.into()]);
        self.conn.execute_raw(stmt).await?;
        Ok(())
    }

    pub async fn close(self) -> StoreResult<()> {
        self.conn.close().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The state a failed COMMIT leaves (issue 14 item 1): SQLite has no transaction any more,
    /// so the ROLLBACK queued when the transaction object is dropped fails and sqlx still counts
    /// one. Such a connection must never go back into the pool.
    #[tokio::test]
    async fn a_connection_whose_rollback_failed_is_not_reused() {
        let dir = std::env::temp_dir().join(format!("ganxun-pool-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("pool.db").to_string_lossy().into_owned();
        let conn = sqlite_pool(&path, true).await.unwrap();
        let tx = conn.begin().await.unwrap();
        tx.execute_unprepared("CREATE TABLE t (x INTEGER)")
            .await
            .unwrap();
        // Ends the transaction behind sqlx's back, as SQLite's own rollback after SQLITE_FULL does.
        tx.execute_unprepared("COMMIT").await.unwrap();
        drop(tx);
        // Let the pool take the connection back (its release runs on a spawned task).
        tokio::time::sleep(Duration::from_millis(300)).await;
        let pool = conn.get_sqlite_connection_pool();
        let mut held = Vec::new();
        for _ in 0..pool.num_idle() {
            held.push(pool.acquire().await.unwrap());
        }
        assert!(
            held.iter().all(|c| !c.is_in_transaction()),
            "a connection still counted inside a transaction was handed out"
        );
        // And writes on the pool commit for real: a second pool sees them.
        drop(held);
        let tx = conn.begin().await.unwrap();
        tx.execute_unprepared("INSERT INTO t VALUES (1)")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let other = sqlite_pool(&path, false).await.unwrap();
        let row = other
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT count(*) FROM t",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get_by_index::<i64>(0).unwrap(), 1);
        conn.close().await.unwrap();
        other.close().await.unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn database_urls_choose_the_backend_and_hide_passwords() {
        assert_eq!(
            DatabaseUrl::parse("./ganxun.db"),
            DatabaseUrl::Sqlite("./ganxun.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.db?mode=rwc"),
            DatabaseUrl::Sqlite("data/x.db".into())
        );
        let pg = DatabaseUrl::parse("postgres://app:secret@db:5432/ganxun");
        assert!(matches!(pg, DatabaseUrl::Postgres(_)));
        assert_eq!(pg.display_safe(), "postgres://app@db:5432/ganxun");
    }
}
