//! The credit ledger (SPEC §5, DESIGN "The ledger"): entries are appended, never changed. Each
//! carries a keyed hash over its fields and the previous entry's hash, so an edit, deletion or
//! reordering behind the application's back breaks the chain; a correction is a new entry that
//! reverses an old one. Totals per person, year and category move in the same transaction.

use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent, GENESIS_HASH, format_instant};
use crate::crypto::DataKey;
use crate::db::Db;
use crate::entity::{credit_entry, credit_total, ledger_head};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use ganxun_domain::credits::CreditCategory;
use ganxun_domain::{CreditEntryId, PersonId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The rule document version that produced an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleRef {
    /// The stored document's id; none for a built-in set.
    pub document_id: Option<ganxun_domain::RuleDocumentId>,
    pub version: i32,
}

/// An entry to append, checked by the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub person_id: PersonId,
    pub date: NaiveDate,
    pub category: CreditCategory,
    /// Hundredths of a credit.
    pub amount: i64,
    pub rule: Option<RuleRef>,
    pub rule_id: String,
    pub source_kind: String,
    /// Whatever `source_kind` names: one column for several kinds.
    pub source_id: i64,
    pub explanation: String,
}

/// An entry as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryRow {
    pub id: CreditEntryId,
    pub person_id: PersonId,
    pub date: NaiveDate,
    pub year: i32,
    pub category: CreditCategory,
    /// Hundredths of a credit.
    pub amount: i64,
    pub rule_document_id: Option<ganxun_domain::RuleDocumentId>,
    pub rule_version: Option<i32>,
    pub rule_id: String,
    pub source_kind: String,
    /// Whatever `source_kind` names: one column for several kinds.
    pub source_id: i64,
    pub explanation: String,
    /// The entry this one reverses, and why.
    pub reverses: Option<CreditEntryId>,
    pub reason: String,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
}

fn row(m: credit_entry::Model) -> EntryRow {
    EntryRow {
        id: m.id,
        person_id: m.person_id,
        date: m.entry_date,
        year: m.year,
        category: m.category,
        amount: m.amount,
        rule_document_id: m.rule_document_id,
        rule_version: m.rule_version,
        rule_id: m.rule_id,
        source_kind: m.source_kind,
        source_id: m.source_id,
        explanation: m.explanation,
        reverses: m.reverses,
        reason: m.reason,
        entered_by: m.entered_by,
        entered_at: m.entered_at,
    }
}

/// The keyed hash of an entry: every stored field and the previous hash.
fn entry_hash(key: &DataKey, e: &credit_entry::Model) -> String {
    let canonical = serde_json::json!([
        "ledger",
        e.id,
        e.person_id,
        e.entry_date.to_string(),
        e.year,
        e.category,
        e.amount,
        e.rule_document_id,
        e.rule_version,
        e.rule_id,
        e.source_kind,
        e.source_id,
        e.explanation,
        e.reverses,
        e.reason,
        e.entered_by_account,
        e.entered_by,
        format_instant(e.entered_at),
        e.prev_hash,
    ]);
    key.chain_mac(canonical.to_string().as_bytes())
}

/// Rows per multi-row insert: well under SQLite's limit of bound parameters.
const INSERT_CHUNK: usize = 500;

/// Appends entries inside one write transaction. The chain's head is read once at the start and
/// written once at [`Appender::finish`]; entries go in as multi-row inserts and each touched total
/// moves once, so posting a class of 400 costs a handful of statements, not six per entry.
/// Write transactions are serialised (`Db::begin_write`), so no other appender can interleave.
struct Appender<'a, C: ConnectionTrait> {
    tx: &'a C,
    key: &'a DataKey,
    actor: &'a Actor,
    now: DateTime<Utc>,
    /// The next place in the chain (raw: the head counts places, not entries).
    next_id: i64,
    last_hash: String,
    unwritten: Vec<credit_entry::Model>,
    appended: bool,
    totals: BTreeMap<(PersonId, i32, CreditCategory), (i64, i64)>,
}

impl<'a, C: ConnectionTrait> Appender<'a, C> {
    async fn start(
        tx: &'a C,
        key: &'a DataKey,
        actor: &'a Actor,
        now: DateTime<Utc>,
    ) -> StoreResult<Self> {
        let head = ledger_head::Entity::find_by_id(1)
            .one(tx)
            .await?
            .ok_or_else(|| anyhow::anyhow!("ledger head row is missing"))?;
        // Normally head + 1; past any row planted behind our back (verify reports it).
        let highest: Option<i64> = credit_entry::Entity::find()
            .select_only()
            .column_as(credit_entry::Column::Id.max(), "max")
            .into_tuple()
            .one(tx)
            .await?
            .flatten();
        Ok(Self {
            tx,
            key,
            actor,
            now,
            next_id: head.last_id.max(highest.unwrap_or(0)) + 1,
            last_hash: head.last_hash,
            unwritten: Vec::new(),
            appended: false,
            totals: BTreeMap::new(),
        })
    }

    /// Chains one entry; it is written with the next chunk or at [`Self::finish`].
    async fn append(
        &mut self,
        new: NewEntry,
        reverses: Option<CreditEntryId>,
        reason: &str,
    ) -> StoreResult<credit_entry::Model> {
        let mut entry = credit_entry::Model {
            id: CreditEntryId(self.next_id),
            person_id: new.person_id,
            entry_date: new.date,
            year: new.date.year(),
            category: new.category,
            amount: new.amount,
            rule_document_id: new.rule.and_then(|r| r.document_id),
            rule_version: new.rule.map(|r| r.version),
            rule_id: new.rule_id,
            source_kind: new.source_kind,
            source_id: new.source_id,
            explanation: new.explanation,
            reverses,
            reason: reason.to_owned(),
            entered_by_account: self.actor.account_id,
            entered_by: self.actor.name.clone(),
            // Stored at microsecond precision, as both backends keep it, so the hash re-computes.
            entered_at: DateTime::from_timestamp_micros(self.now.timestamp_micros())
                .unwrap_or(self.now),
            prev_hash: std::mem::take(&mut self.last_hash),
            hash: String::new(),
        };
        entry.hash = entry_hash(self.key, &entry);
        self.next_id += 1;
        self.last_hash = entry.hash.clone();
        self.appended = true;
        let total = self
            .totals
            .entry((entry.person_id, entry.year, entry.category))
            .or_default();
        total.0 += entry.amount;
        total.1 += 1;
        self.unwritten.push(entry.clone());
        if self.unwritten.len() >= INSERT_CHUNK {
            self.write_entries().await?;
        }
        Ok(entry)
    }

    async fn write_entries(&mut self) -> StoreResult<()> {
        if self.unwritten.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.unwritten)
            .into_iter()
            .map(credit_entry::ActiveModel::from);
        credit_entry::Entity::insert_many(rows)
            .exec_without_returning(self.tx)
            .await?;
        Ok(())
    }

    /// Writes what is left, moves the head and every touched total.
    async fn finish(mut self) -> StoreResult<()> {
        if !self.appended {
            return Ok(());
        }
        self.write_entries().await?;
        ledger_head::Entity::update(ledger_head::ActiveModel {
            id: Set(1),
            last_id: Set(self.next_id - 1),
            last_hash: Set(self.last_hash.clone()),
        })
        .exec(self.tx)
        .await?;
        let totals: Vec<credit_total::ActiveModel> = std::mem::take(&mut self.totals)
            .into_iter()
            .map(
                |((person_id, year, category), (amount, entries))| credit_total::ActiveModel {
                    person_id: Set(person_id),
                    year: Set(year),
                    category: Set(category),
                    amount: Set(amount),
                    entries: Set(entries),
                    ..Default::default()
                },
            )
            .collect();
        for chunk in totals.chunks(INSERT_CHUNK) {
            add_to_totals(self.tx, chunk.to_vec()).await?;
        }
        Ok(())
    }
}

/// Adds amounts and entry counts to totals, creating the ones not there yet (one upsert; both
/// backends speak `ON CONFLICT … DO UPDATE`).
async fn add_to_totals(
    tx: &impl ConnectionTrait,
    rows: Vec<credit_total::ActiveModel>,
) -> StoreResult<()> {
    use sea_orm::sea_query::{Expr, OnConflict};
    let on_conflict = OnConflict::columns([
        credit_total::Column::PersonId,
        credit_total::Column::Year,
        credit_total::Column::Category,
    ])
    .value(
        credit_total::Column::Amount,
        Expr::cust(r#""credit_total"."amount" + "excluded"."amount""#),
    )
    .value(
        credit_total::Column::Entries,
        Expr::cust(r#""credit_total"."entries" + "excluded"."entries""#),
    )
    .to_owned();
    credit_total::Entity::insert_many(rows)
        .on_conflict(on_conflict)
        .exec_without_returning(tx)
        .await?;
    Ok(())
}

/// The reversal of `entry`: the same person, date, category, rule and source, the opposite
/// amount.
fn reversal_of(entry: &credit_entry::Model) -> NewEntry {
    NewEntry {
        person_id: entry.person_id,
        date: entry.entry_date,
        category: entry.category,
        amount: -entry.amount,
        rule: entry.rule_version.map(|version| RuleRef {
            document_id: entry.rule_document_id,
            version,
        }),
        rule_id: entry.rule_id.clone(),
        source_kind: entry.source_kind.clone(),
        source_id: entry.source_id,
        explanation: format!("冲销第 {} 号记录：{}", entry.id, entry.explanation),
    }
}

/// Appends entries (manual awards, scores) in one transaction.
pub async fn post(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    entries: Vec<NewEntry>,
    reason: &str,
) -> StoreResult<Vec<EntryRow>> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let mut appender = Appender::start(&tx, key, actor, now).await?;
    let mut posted = Vec::new();
    for new in entries {
        posted.push(row(appender.append(new, None, reason).await?));
    }
    appender.finish().await?;
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new(
            "ledger.post",
            "credit_entry",
            posted.first().map_or(0, |e| e.id.0),
        )
        .after(&posted),
    )
    .await?;
    tx.commit().await?;
    Ok(posted)
}

/// Live entries: neither a reversal nor reversed.
fn live(entries: Vec<credit_entry::Model>) -> Vec<credit_entry::Model> {
    let reversed: HashSet<CreditEntryId> = entries.iter().filter_map(|e| e.reverses).collect();
    entries
        .into_iter()
        .filter(|e| e.reverses.is_none() && !reversed.contains(&e.id))
        .collect()
}

/// Reverses one live entry with a reason (revocation of a falsified entry, R-CRD-7).
pub async fn reverse(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: CreditEntryId,
    reason: &str,
) -> StoreResult<EntryRow> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let entry = credit_entry::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let already = credit_entry::Entity::find()
        .filter(credit_entry::Column::Reverses.eq(id))
        .one(&tx)
        .await?;
    if entry.reverses.is_some() || already.is_some() {
        return Err(StoreError::refused(Refusal::EntryNotLive));
    }
    let mut appender = Appender::start(&tx, key, actor, now).await?;
    let reversal = row(appender
        .append(reversal_of(&entry), Some(id), reason)
        .await?);
    appender.finish().await?;
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("ledger.reverse", "credit_entry", id)
            .before(row(entry))
            .after(&reversal),
    )
    .await?;
    tx.commit().await?;
    Ok(reversal)
}

/// What re-evaluating a set of sources did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reconciled {
    pub posted: u32,
    pub reversed: u32,
    pub unchanged: u32,
}

type EntryKey = (PersonId, String, i64, String);

fn key_of(person_id: PersonId, source_kind: &str, source_id: i64, rule_id: &str) -> EntryKey {
    (
        person_id,
        source_kind.to_owned(),
        source_id,
        rule_id.to_owned(),
    )
}

/// Brings the live entries of `sources` in line with `desired`, in one transaction: an entry
/// still wanted with the same amount, date, category and rule version stays; one that changed is
/// reversed and posted anew; one no longer wanted is reversed. Nothing is ever rewritten.
pub async fn reconcile(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    sources: &[(&str, i64)],
    desired: Vec<NewEntry>,
    reason: &str,
) -> StoreResult<Reconciled> {
    let tx = db.begin_write().await?;
    let done = reconcile_in(&tx, db.key()?, actor, now, sources, desired, reason).await?;
    tx.commit().await?;
    Ok(done)
}

/// [`reconcile`] inside the caller's write transaction, so that a record and its credits are
/// saved together.
pub(crate) async fn reconcile_in(
    tx: &impl ConnectionTrait,
    key: &DataKey,
    actor: &Actor,
    now: DateTime<Utc>,
    sources: &[(&str, i64)],
    desired: Vec<NewEntry>,
    reason: &str,
) -> StoreResult<Reconciled> {
    let mut any = Condition::any();
    for (kind, id) in sources {
        any = any.add(
            Condition::all()
                .add(credit_entry::Column::SourceKind.eq(*kind))
                .add(credit_entry::Column::SourceId.eq(*id)),
        );
    }
    let existing = if sources.is_empty() {
        Vec::new()
    } else {
        credit_entry::Entity::find()
            .filter(any)
            .order_by_asc(credit_entry::Column::Id)
            .all(tx)
            .await?
    };
    let mut current: HashMap<EntryKey, credit_entry::Model> = live(existing)
        .into_iter()
        .map(|e| {
            (
                key_of(e.person_id, &e.source_kind, e.source_id, &e.rule_id),
                e,
            )
        })
        .collect();
    let mut done = Reconciled::default();
    let mut appender = Appender::start(tx, key, actor, now).await?;
    for new in desired {
        let k = key_of(new.person_id, &new.source_kind, new.source_id, &new.rule_id);
        if let Some(old) = current.remove(&k) {
            let same = old.amount == new.amount
                && old.entry_date == new.date
                && old.category == new.category
                && old.rule_version == new.rule.map(|r| r.version)
                && old.rule_document_id == new.rule.and_then(|r| r.document_id);
            if same {
                done.unchanged += 1;
                continue;
            }
            appender
                .append(reversal_of(&old), Some(old.id), reason)
                .await?;
            done.reversed += 1;
        }
        if new.amount != 0 {
            appender.append(new, None, reason).await?;
            done.posted += 1;
        }
    }
    // Sorted so that the chain's order does not depend on a hash map's.
    let stale: BTreeMap<CreditEntryId, credit_entry::Model> =
        current.into_values().map(|e| (e.id, e)).collect();
    for old in stale.into_values() {
        appender
            .append(reversal_of(&old), Some(old.id), reason)
            .await?;
        done.reversed += 1;
    }
    appender.finish().await?;
    let sources_text: Vec<String> = sources.iter().map(|(k, i)| format!("{k}:{i}")).collect();
    audit::append(
        tx,
        key,
        actor,
        now,
        AuditEvent::new("ledger.reconcile", "credit_entry", sources_text.join(","))
            .after(serde_json::json!({"result": &done, "reason": reason})),
    )
    .await?;
    Ok(done)
}

/// A person's entries, oldest first, optionally of one year.
pub async fn entries_of(
    db: &Db,
    person_id: PersonId,
    year: Option<i32>,
) -> StoreResult<Vec<EntryRow>> {
    let mut query =
        credit_entry::Entity::find().filter(credit_entry::Column::PersonId.eq(person_id));
    if let Some(year) = year {
        query = query.filter(credit_entry::Column::Year.eq(year));
    }
    Ok(query
        .order_by_asc(credit_entry::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(row)
        .collect())
}

/// One entry.
pub async fn entry(db: &Db, id: CreditEntryId) -> StoreResult<EntryRow> {
    credit_entry::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(row)
        .ok_or(StoreError::NotFound)
}

/// A maintained total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TotalRow {
    pub year: i32,
    pub category: CreditCategory,
    /// Hundredths of a credit.
    pub amount: i64,
    pub entries: i64,
}

/// A person's totals by year and category.
pub async fn totals_of(db: &Db, person_id: PersonId) -> StoreResult<Vec<TotalRow>> {
    Ok(credit_total::Entity::find()
        .filter(credit_total::Column::PersonId.eq(person_id))
        .order_by_desc(credit_total::Column::Year)
        .order_by_asc(credit_total::Column::Category)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|t| TotalRow {
            year: t.year,
            category: t.category,
            amount: t.amount,
            entries: t.entries,
        })
        .collect())
}

/// What went wrong in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LedgerProblem {
    /// The entry's content no longer matches its hash: edited.
    Tampered { id: CreditEntryId },
    /// The entry does not follow the one before it: one was deleted, inserted or reordered.
    Broken { id: CreditEntryId },
    /// The chain ends elsewhere than the head says.
    HeadMismatch { head_id: i64, last_id: i64 },
    /// A maintained total differs from the sum of its entries.
    Total {
        person_id: PersonId,
        year: i32,
        /// As stored (a problem report reads whatever it finds).
        category: String,
        kept: i64,
        summed: i64,
    },
}

/// The result of checking the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerReport {
    pub entries: u64,
    pub totals: u64,
    pub problems: Vec<LedgerProblem>,
}

/// Walks the chain in pages and compares every maintained total with the sum of its entries,
/// a range of people at a time, so memory stays flat at any size.
pub async fn verify(db: &Db) -> StoreResult<LedgerReport> {
    const PAGE: u64 = 10_000;
    let key = db.key()?;
    let head = ledger_head::Entity::find_by_id(1)
        .one(&db.conn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("ledger head row is missing"))?;
    let mut problems = Vec::new();
    let (mut prev_hash, mut last_id, mut count) = (GENESIS_HASH.to_owned(), 0, 0u64);
    loop {
        let page = credit_entry::Entity::find()
            .filter(credit_entry::Column::Id.gt(last_id))
            .order_by_asc(credit_entry::Column::Id)
            .limit(PAGE)
            .all(&db.conn)
            .await?;
        let Some(last) = page.last() else { break };
        last_id = last.id.0;
        for entry in page {
            count += 1;
            if entry.prev_hash != prev_hash {
                problems.push(LedgerProblem::Broken { id: entry.id });
            }
            if entry_hash(key, &entry) != entry.hash {
                problems.push(LedgerProblem::Tampered { id: entry.id });
            }
            prev_hash = entry.hash;
        }
    }
    if head.last_id != last_id || head.last_hash != prev_hash {
        problems.push(LedgerProblem::HeadMismatch {
            head_id: head.last_id,
            last_id,
        });
    }
    let highest = highest_person(&db.conn).await?;
    let mut from = 0;
    while from <= highest {
        let to = from + REBUILD_PEOPLE_PER_TRANSACTION;
        problems.extend(wrong_totals(&db.conn, from, to).await?);
        from = to;
    }
    let totals = number(&db.conn, "SELECT COUNT(*) FROM credit_total").await?;
    Ok(LedgerReport {
        entries: count,
        totals: u64::try_from(totals).unwrap_or(0),
        problems,
    })
}

/// The entries' sums per person, year and category for the people with `from <= id < to`.
fn entry_sums(from: i64, to: i64) -> String {
    // Only integers are formatted into these statements.
    format!(
        "SELECT person_id, year, category, CAST(SUM(amount) AS BIGINT) AS amount, \
         COUNT(*) AS entries FROM credit_entry \
         WHERE person_id >= {from} AND person_id < {to} GROUP BY person_id, year, category"
    )
}

/// Totals of the people with `from <= id < to` that differ from their entries: missing, of
/// another amount or entry count, or left with no entries at all.
async fn wrong_totals(
    conn: &impl ConnectionTrait,
    from: i64,
    to: i64,
) -> StoreResult<Vec<LedgerProblem>> {
    let sums = entry_sums(from, to);
    let sql = format!(
        "SELECT s.person_id, s.year, s.category, COALESCE(t.amount, 0), s.amount \
         FROM ({sums}) s LEFT JOIN credit_total t \
         ON t.person_id = s.person_id AND t.year = s.year AND t.category = s.category \
         WHERE t.id IS NULL OR t.amount <> s.amount OR t.entries <> s.entries \
         UNION ALL \
         SELECT t.person_id, t.year, t.category, t.amount, 0 FROM credit_total t \
         WHERE t.person_id >= {from} AND t.person_id < {to} AND NOT EXISTS \
         (SELECT 1 FROM credit_entry e WHERE e.person_id = t.person_id \
         AND e.year = t.year AND e.category = t.category)"
    );
    let rows = conn
        .query_all_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            sql,
        ))
        .await?;
    let mut problems = Vec::with_capacity(rows.len());
    for row in rows {
        problems.push(LedgerProblem::Total {
            person_id: row.try_get_by_index(0)?,
            year: row.try_get_by_index(1)?,
            category: row.try_get_by_index(2)?,
            kept: row.try_get_by_index(3)?,
            summed: row.try_get_by_index(4)?,
        });
    }
    Ok(problems)
}

/// The highest person id with an entry or a total (0 when the ledger is empty).
async fn highest_person(conn: &impl ConnectionTrait) -> StoreResult<i64> {
    Ok(number(conn, "SELECT MAX(person_id) FROM credit_entry")
        .await?
        .max(number(conn, "SELECT MAX(person_id) FROM credit_total").await?))
}

/// What rebuilding the totals found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RebuiltTotals {
    /// Totals after the rebuild.
    pub totals: u64,
    /// Totals that differed from their entries (or were missing, or had no entries) before.
    pub corrected: u64,
}

/// People whose totals are rebuilt per transaction: each write stays short, so a live server's
/// other writes wait for seconds, not for the whole rebuild.
pub const REBUILD_PEOPLE_PER_TRANSACTION: i64 = 20_000;

/// A single number from a query (a count, a maximum; none counts as 0).
async fn number(tx: &impl ConnectionTrait, sql: &str) -> StoreResult<i64> {
    let row = tx
        .query_one_raw(sea_orm::Statement::from_string(
            tx.get_database_backend(),
            sql.to_owned(),
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("a count returned no row"))?;
    Ok(row.try_get_by_index::<Option<i64>>(0)?.unwrap_or(0))
}

/// Rebuilds the totals of the people with `from <= id < to` from their entries, returning how
/// many were wrong (missing, different, or left without entries).
async fn rebuild_range(tx: &impl ConnectionTrait, from: i64, to: i64) -> StoreResult<u64> {
    let wrong = wrong_totals(tx, from, to).await?.len();
    tx.execute_unprepared(&format!(
        "DELETE FROM credit_total WHERE person_id >= {from} AND person_id < {to}"
    ))
    .await?;
    tx.execute_unprepared(&format!(
        "INSERT INTO credit_total (person_id, year, category, amount, entries) \
         SELECT person_id, year, category, amount, entries FROM ({}) s",
        entry_sums(from, to)
    ))
    .await?;
    Ok(u64::try_from(wrong).unwrap_or(0))
}

/// Recomputes every total from the entries (after a restore, a bulk load, or a mismatch
/// `verify` reported and someone explained), `people_per_transaction` (ids) at a time, normally
/// [`REBUILD_PEOPLE_PER_TRANSACTION`]; `progress` hears the highest person id done and the highest there is. Writes
/// are serialised, so each range is rebuilt against entries no one is appending to. The entries
/// are never touched; what was corrected is counted and written to the audit log.
pub async fn rebuild_totals(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    people_per_transaction: i64,
    mut progress: impl FnMut(i64, i64),
) -> StoreResult<RebuiltTotals> {
    let step = people_per_transaction.max(1);
    let highest = highest_person(&db.conn).await?;
    let mut corrected = 0;
    let mut from = 0;
    while from <= highest {
        let to = from + step;
        let tx = db.begin_write().await?;
        corrected += rebuild_range(&tx, from, to).await?;
        tx.commit().await?;
        progress(to.min(highest), highest);
        from = to;
    }
    let tx = db.begin_write().await?;
    let rebuilt = RebuiltTotals {
        totals: u64::try_from(number(&tx, "SELECT COUNT(*) FROM credit_total").await?).unwrap_or(0),
        corrected,
    };
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("ledger.rebuild_totals", "credit_total", 0).after(&rebuilt),
    )
    .await?;
    tx.commit().await?;
    Ok(rebuilt)
}

/// A revoked entry and its revocation, for the follow-up report (R-CRD-7, seed 004 §3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revocation {
    pub original: EntryRow,
    pub revocation: EntryRow,
}

/// Revocations (reversals whose reason starts with `prefix`), newest first.
pub async fn revocations(db: &Db, prefix: &str, limit: u64) -> StoreResult<Vec<Revocation>> {
    let reversals = credit_entry::Entity::find()
        .filter(credit_entry::Column::Reverses.is_not_null())
        .filter(credit_entry::Column::Reason.starts_with(prefix))
        .order_by_desc(credit_entry::Column::Id)
        .limit(limit)
        .all(&db.conn)
        .await?;
    let originals: HashMap<CreditEntryId, credit_entry::Model> = credit_entry::Entity::find()
        .filter(credit_entry::Column::Id.is_in(reversals.iter().filter_map(|r| r.reverses)))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    Ok(reversals
        .into_iter()
        .filter_map(|r| {
            let original = originals.get(&r.reverses?)?.clone();
            Some(Revocation {
                original: row(original),
                revocation: row(r),
            })
        })
        .collect())
}
