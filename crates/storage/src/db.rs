//! Opening the database: the one place that knows which backend it talks to (STYLE 6).

use crate::crypto::DataKey;
use crate::error::{StoreError, StoreResult};
use crate::migration::Migrator;
use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
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

/// The connection pool plus what the stores need to know about it.
#[derive(Debug, Clone)]
pub struct Db {
    pub(crate) conn: DatabaseConnection,
    /// The data key, attached once it is known (it is checked against the database first).
    key: std::sync::Arc<std::sync::OnceLock<DataKey>>,
}

impl Db {
    /// Connects (creating a SQLite file when missing) and brings the schema up to date.
    pub async fn open(url: &DatabaseUrl) -> StoreResult<Db> {
        let conn = match url {
            DatabaseUrl::Sqlite(path) => {
                let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
                    .map_err(|e| StoreError::Other(anyhow::anyhow!("SQLite 路径无效：{e}")))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // FULL: an acknowledged write survives a power cut, not only a crash.
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10));
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await
                    .map_err(|e| {
                        StoreError::Unavailable(sea_orm::DbErr::Conn(
                            sea_orm::RuntimeErr::SqlxError(e.into()),
                        ))
                    })?;
                SqlxSqliteConnector::from_sqlx_sqlite_pool(pool)
            }
            DatabaseUrl::Postgres(url) => {
                let options = PgConnectOptions::from_str(url).map_err(|e| {
                    StoreError::Other(anyhow::anyhow!("PostgreSQL 连接串无效：{e}"))
                })?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
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
        };
        Migrator::up(&db.conn, None).await?;
        Ok(db)
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
