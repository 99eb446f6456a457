//! Many rows updated by ONE statement, each with its own values:
//! `WITH v(…) AS (VALUES (…), (…)) UPDATE t SET c = v.c, … FROM v WHERE t.id = v.id …`.
//! A batch of heartbeats writes its playbacks, progress and day totals this way: three
//! statements for the batch instead of three per heartbeat (ADR 0019). SQLite (3.33 and later)
//! and PostgreSQL take the same statement; only the placeholders differ.

use crate::error::StoreResult;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The most rows one statement carries (SQLite allows 32,766 bound values; PostgreSQL 65,535);
/// a power of two, as [`padded`] makes every count.
const ROWS_PER_STATEMENT: usize = 256;

/// Pads a list to the next power of two by repeating its last item (at most doubling it): a
/// statement's text depends on how many values it carries, and each connection keeps a
/// prepared statement per text, so a handful of lengths are prepared once instead of one per
/// batch size. A repeated key is harmless: an `IN` list or an update's row matches once.
pub(crate) fn padded<T: Clone>(mut items: Vec<T>) -> Vec<T> {
    if let Some(last) = items.last().cloned() {
        items.resize(items.len().next_power_of_two(), last);
    }
    items
}

/// What to update: the table, its key, extra equalities a row must meet (the version read, for
/// a conditional update), a fixed condition, and the columns set.
pub(crate) struct RowsUpdate<'a> {
    /// Names the statement's text among those kept: one name per update.
    pub name: &'static str,
    pub table: &'static str,
    pub key: &'a str,
    /// Columns that must still hold the row's given value (`version` = the version read).
    pub unchanged: &'a [&'a str],
    /// A further condition on the table's own columns, written as SQL (`"open_key" = 0`).
    pub also: Option<&'a str>,
    pub set: &'a [&'a str],
}

impl RowsUpdate<'_> {
    /// Updates the rows, each given as its key, then its `unchanged` values, then its `set`
    /// values, and answers whether every one matched (none changed since it was read). The
    /// keys must be distinct: a row is counted once however many times a padded list names it.
    pub(crate) async fn run(
        &self,
        conn: &impl ConnectionTrait,
        rows: Vec<Vec<Value>>,
    ) -> StoreResult<bool> {
        let width = 1 + self.unchanged.len() + self.set.len();
        let given = rows.len() as u64;
        let mut matched = 0;
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk = padded(rows.by_ref().take(ROWS_PER_STATEMENT).collect::<Vec<_>>());
            let backend = conn.get_database_backend();
            let sql = self.cached_sql(backend, chunk.len(), width);
            let values = chunk.into_iter().flat_map(|row| {
                debug_assert_eq!(row.len(), width, "a row's values match the columns");
                row
            });
            // Both databases update a row once however many of the list's rows name it, and
            // count it once.
            matched += conn
                .execute_raw(Statement::from_sql_and_values(backend, &*sql, values))
                .await?
                .rows_affected();
        }
        Ok(matched == given)
    }

    /// The statement's text, written once per table, database and (padded) row count: a
    /// batch's text took a few percent of a heartbeat's time when written anew each time.
    fn cached_sql(&self, backend: DbBackend, rows: usize, width: usize) -> Arc<str> {
        type Key = (&'static str, bool, usize);
        static TEXTS: OnceLock<Mutex<HashMap<Key, Arc<str>>>> = OnceLock::new();
        let key = (self.name, backend == DbBackend::Postgres, rows);
        let mut texts = TEXTS
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        texts
            .entry(key)
            .or_insert_with(|| self.sql(backend, rows, width).into())
            .clone()
    }

    fn sql(&self, backend: DbBackend, rows: usize, width: usize) -> String {
        let table = quoted(self.table);
        // The CTE's columns are named by position so no table column is shadowed.
        let columns: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
        let mut placeholder = 0;
        let values: Vec<String> = (0..rows)
            .map(|_| {
                let row: Vec<String> = (0..width)
                    .map(|_| {
                        placeholder += 1;
                        match backend {
                            DbBackend::Postgres => format!("${placeholder}"),
                            _ => "?".to_owned(),
                        }
                    })
                    .collect();
                format!("({})", row.join(", "))
            })
            .collect();
        let set: Vec<String> = self
            .set
            .iter()
            .enumerate()
            .map(|(i, column)| format!("{} = v.c{}", quoted(column), 1 + self.unchanged.len() + i))
            .collect();
        let mut conditions = vec![format!("{table}.{} = v.c0", quoted(self.key))];
        conditions.extend(
            self.unchanged
                .iter()
                .enumerate()
                .map(|(i, column)| format!("{table}.{} = v.c{}", quoted(column), 1 + i)),
        );
        if let Some(also) = self.also {
            conditions.push(format!("{table}.{also}"));
        }
        format!(
            "WITH v({}) AS (VALUES {}) UPDATE {table} SET {} FROM v WHERE {}",
            columns.join(", "),
            values.join(", "),
            set.join(", "),
            conditions.join(" AND "),
        )
    }
}

fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_padded_to_a_power_of_two_with_their_last_item() {
        assert_eq!(padded(Vec::<u8>::new()), Vec::<u8>::new());
        assert_eq!(padded(vec![1]), [1]);
        assert_eq!(padded(vec![1, 2, 3]), [1, 2, 3, 3]);
        for n in 1..600 {
            let list = padded((0..n).collect::<Vec<_>>());
            assert!(list.len().is_power_of_two() && list.len() < 2 * n.max(1));
            assert_eq!(&list[..n], (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn one_statement_names_every_row_by_position() {
        let update = RowsUpdate {
            name: "t",
            table: "t",
            key: "id",
            unchanged: &["version"],
            also: Some("\"open\" = 1"),
            set: &["a", "version"],
        };
        assert_eq!(
            update.sql(DbBackend::Postgres, 2, 4),
            "WITH v(c0, c1, c2, c3) AS (VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)) \
             UPDATE \"t\" SET \"a\" = v.c2, \"version\" = v.c3 FROM v \
             WHERE \"t\".\"id\" = v.c0 AND \"t\".\"version\" = v.c1 AND \"t\".\"open\" = 1"
        );
        assert!(
            update
                .sql(DbBackend::Sqlite, 1, 4)
                .contains("VALUES (?, ?, ?, ?)")
        );
    }
}
