//! Maintained compliance statuses (issue 7, the authority's dashboard; ADR 0012).
//!
//! The evaluator judges one person at a time; the dashboard asks about a province. So each
//! person's result per rule is kept in `compliance_status`, and counts per unit, rule and status
//! in `compliance_tally`, derived from those rows in the same transaction that writes them.
//! A change to a person's facts (a class ending, an external record approved, a new post) marks
//! them in `compliance_dirty` inside the transaction that makes the change; the application
//! refreshes marked people shortly after, and recomputes everyone once a day and after a rule
//! change. The rows are a cache of the evaluator: the person page always judges live.

use crate::db::Db;
use crate::entity::{compliance_dirty, compliance_status, compliance_tally, org_unit, person};
use crate::error::StoreResult;
use crate::org::scope::{AccessScope, subtree_condition};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::compliance::{BoardStatus, RuleType};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{BTreeMap, BTreeSet};

/// Rows per multi-row insert: 24 columns × 400 stays far below either backend's parameter limit.
const INSERT_CHUNK: usize = 400;

/// A person's result under one rule, as the application judged it. Figures are hundredths of a
/// day or class hour (times as counted); `None` where the rule asks for no such figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow {
    pub kind: String,
    pub rule_id: String,
    pub rule_type: RuleType,
    pub status: BoardStatus,
    pub window_from: Option<NaiveDate>,
    pub window_to: NaiveDate,
    pub required: [Option<i64>; 3],
    pub done: [Option<i64>; 3],
    pub missing: [Option<i64>; 3],
    pub last_trained_on: Option<NaiveDate>,
    pub rule_version: i32,
}

/// One person judged: where they sit, and their rows (none when inactive: they leave the board).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub person_id: PersonId,
    pub unit_id: UnitId,
    pub unit_path: String,
    pub rows: Vec<StatusRow>,
}

/// A dirty mark as read: the person and the version of the mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirtyMark {
    pub person_id: PersonId,
    pub version: i64,
}

/// Marks people for a refresh, inside the transaction that changes their facts, so a change
/// is never committed without its mark. Marking twice bumps the version.
pub(crate) async fn mark_dirty(
    tx: &impl ConnectionTrait,
    now: DateTime<Utc>,
    people: impl IntoIterator<Item = PersonId>,
) -> StoreResult<()> {
    let people: BTreeSet<PersonId> = people.into_iter().collect();
    let ids: Vec<PersonId> = people.into_iter().collect();
    for chunk in ids.chunks(INSERT_CHUNK) {
        let on_conflict = OnConflict::column(compliance_dirty::Column::PersonId)
            .value(
                compliance_dirty::Column::Version,
                Expr::cust(r#""compliance_dirty"."version" + 1"#),
            )
            .value(
                compliance_dirty::Column::MarkedAt,
                Expr::cust(r#""excluded"."marked_at""#),
            )
            .to_owned();
        compliance_dirty::Entity::insert_many(chunk.iter().map(|&person_id| {
            compliance_dirty::ActiveModel {
                person_id: Set(person_id),
                version: Set(1),
                marked_at: Set(now),
            }
        }))
        .on_conflict(on_conflict)
        .exec_without_returning(tx)
        .await?;
    }
    Ok(())
}

/// Marks people for a refresh outside any other change (a rule set saved, a repair).
pub async fn mark(db: &Db, now: DateTime<Utc>, people: &[PersonId]) -> StoreResult<()> {
    let tx = db.begin().await?;
    mark_dirty(&tx, now, people.iter().copied()).await?;
    tx.commit().await?;
    Ok(())
}

/// The oldest marks, at most `limit`.
pub async fn dirty(db: &Db, limit: u64) -> StoreResult<Vec<DirtyMark>> {
    Ok(compliance_dirty::Entity::find()
        .order_by_asc(compliance_dirty::Column::MarkedAt)
        .order_by_asc(compliance_dirty::Column::PersonId)
        .limit(limit)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|m| DirtyMark {
            person_id: m.person_id,
            version: m.version,
        })
        .collect())
}

/// The marks of these people, read before their rows so that clearing them after the refresh
/// never drops a change the refresh did not see (a mark is committed with its change).
pub async fn marks_of(db: &Db, people: &[PersonId]) -> StoreResult<Vec<DirtyMark>> {
    let mut marks = Vec::new();
    for chunk in people.chunks(INSERT_CHUNK * 5) {
        marks.extend(
            compliance_dirty::Entity::find()
                .filter(compliance_dirty::Column::PersonId.is_in(chunk.iter().copied()))
                .all(&db.conn)
                .await?
                .into_iter()
                .map(|m| DirtyMark {
                    person_id: m.person_id,
                    version: m.version,
                }),
        );
    }
    Ok(marks)
}

/// How many people wait for a refresh.
pub async fn dirty_count(db: &Db) -> StoreResult<u64> {
    Ok(compliance_dirty::Entity::find().count(&db.conn).await?)
}

/// Replaces the statuses of the people judged, recounts the units they were and are in, and
/// clears the marks that were read (a mark made since, with a higher version, stays): one
/// transaction, so the counts always equal the rows.
pub async fn replace(
    db: &Db,
    now: DateTime<Utc>,
    as_of: NaiveDate,
    judged: &[Judged],
    cleared: &[DirtyMark],
) -> StoreResult<usize> {
    let tx = db.begin_write().await?;
    let ids: Vec<PersonId> = judged.iter().map(|j| j.person_id).collect();
    // What the rows of these people count for, before and after: the tallies move by the
    // difference, so a batch costs the same whether the units hold ten people or ten thousand.
    let mut delta: BTreeMap<TallyKey, i64> = BTreeMap::new();
    for chunk in ids.chunks(INSERT_CHUNK) {
        use compliance_status::Column as S;
        let before: Vec<(UnitId, String, String, String, BoardStatus, i64)> =
            compliance_status::Entity::find()
                .select_only()
                .columns([S::UnitId, S::UnitPath, S::Kind, S::RuleId, S::Status])
                .expr(Expr::col(S::Id).count())
                .filter(S::PersonId.is_in(chunk.iter().copied()))
                .group_by(S::UnitId)
                .group_by(S::UnitPath)
                .group_by(S::Kind)
                .group_by(S::RuleId)
                .group_by(S::Status)
                .into_tuple()
                .all(&tx)
                .await?;
        for (unit_id, unit_path, kind, rule_id, status, people) in before {
            *delta
                .entry((unit_id, unit_path, kind, rule_id, status))
                .or_default() -= people;
        }
        compliance_status::Entity::delete_many()
            .filter(S::PersonId.is_in(chunk.iter().copied()))
            .exec(&tx)
            .await?;
    }
    for j in judged {
        for row in &j.rows {
            *delta
                .entry((
                    j.unit_id,
                    j.unit_path.clone(),
                    row.kind.clone(),
                    row.rule_id.clone(),
                    row.status,
                ))
                .or_default() += 1;
        }
    }
    let models: Vec<compliance_status::ActiveModel> = judged
        .iter()
        .flat_map(|j| j.rows.iter().map(move |row| model(j, row, as_of, now)))
        .collect();
    let written = models.len();
    let mut models = models.into_iter().peekable();
    while models.peek().is_some() {
        let chunk: Vec<_> = models.by_ref().take(INSERT_CHUNK).collect();
        compliance_status::Entity::insert_many(chunk)
            .exec_without_returning(&tx)
            .await?;
    }
    add_to_tallies(&tx, delta).await?;
    for chunk in cleared.chunks(INSERT_CHUNK) {
        let mut any = Condition::any();
        for mark in chunk {
            any = any.add(
                Condition::all()
                    .add(compliance_dirty::Column::PersonId.eq(mark.person_id))
                    .add(compliance_dirty::Column::Version.eq(mark.version)),
            );
        }
        compliance_dirty::Entity::delete_many()
            .filter(any)
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(written)
}

fn model(
    judged: &Judged,
    row: &StatusRow,
    as_of: NaiveDate,
    now: DateTime<Utc>,
) -> compliance_status::ActiveModel {
    compliance_status::ActiveModel {
        person_id: Set(judged.person_id),
        unit_id: Set(judged.unit_id),
        unit_path: Set(judged.unit_path.clone()),
        kind: Set(row.kind.clone()),
        rule_id: Set(row.rule_id.clone()),
        rule_type: Set(row.rule_type),
        status: Set(row.status),
        window_from: Set(row.window_from),
        window_to: Set(row.window_to),
        required_days: Set(row.required[0]),
        required_hours: Set(row.required[1]),
        required_times: Set(row.required[2]),
        done_days: Set(row.done[0]),
        done_hours: Set(row.done[1]),
        done_times: Set(row.done[2]),
        missing_days: Set(row.missing[0]),
        missing_hours: Set(row.missing[1]),
        missing_times: Set(row.missing[2]),
        last_trained_on: Set(row.last_trained_on),
        rule_version: Set(row.rule_version),
        as_of: Set(as_of),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// (unit id, unit path, kind, rule id, status) of a tally.
type TallyKey = (UnitId, String, String, String, BoardStatus);

/// Moves the tallies by `delta` (one upsert per chunk; both backends speak `ON CONFLICT … DO
/// UPDATE`) and drops those that reach zero.
async fn add_to_tallies(
    tx: &impl ConnectionTrait,
    delta: BTreeMap<TallyKey, i64>,
) -> StoreResult<()> {
    let changed: Vec<(TallyKey, i64)> = delta.into_iter().filter(|(_, n)| *n != 0).collect();
    if changed.is_empty() {
        return Ok(());
    }
    let units: BTreeSet<UnitId> = changed.iter().map(|((unit, ..), _)| *unit).collect();
    for chunk in changed.chunks(INSERT_CHUNK) {
        let on_conflict = OnConflict::columns([
            compliance_tally::Column::UnitId,
            compliance_tally::Column::Kind,
            compliance_tally::Column::RuleId,
            compliance_tally::Column::Status,
        ])
        .value(
            compliance_tally::Column::People,
            Expr::cust(r#""compliance_tally"."people" + "excluded"."people""#),
        )
        .to_owned();
        compliance_tally::Entity::insert_many(chunk.iter().map(
            |((unit_id, unit_path, kind, rule_id, status), people)| compliance_tally::ActiveModel {
                unit_id: Set(*unit_id),
                unit_path: Set(unit_path.clone()),
                kind: Set(kind.clone()),
                rule_id: Set(rule_id.clone()),
                status: Set(*status),
                people: Set(*people),
                ..Default::default()
            },
        ))
        .on_conflict(on_conflict)
        .exec_without_returning(tx)
        .await?;
    }
    let units: Vec<UnitId> = units.into_iter().collect();
    for chunk in units.chunks(INSERT_CHUNK) {
        compliance_tally::Entity::delete_many()
            .filter(compliance_tally::Column::UnitId.is_in(chunk.iter().copied()))
            .filter(compliance_tally::Column::People.lte(0))
            .exec(tx)
            .await?;
    }
    Ok(())
}

/// Recounts every tally from the status rows.
async fn recount_all(tx: &impl ConnectionTrait) -> StoreResult<()> {
    compliance_tally::Entity::delete_many().exec(tx).await?;
    use compliance_status::Column as S;
    let select = Query::select()
        .columns([S::UnitId, S::UnitPath, S::Kind, S::RuleId, S::Status])
        .expr(Expr::col(S::Id).count())
        .from(compliance_status::Entity)
        .group_by_columns([S::UnitId, S::UnitPath, S::Kind, S::RuleId, S::Status])
        .to_owned();
    use compliance_tally::Column as T;
    let insert = Query::insert()
        .into_table(compliance_tally::Entity)
        .columns([
            T::UnitId,
            T::UnitPath,
            T::Kind,
            T::RuleId,
            T::Status,
            T::People,
        ])
        .select_from(select)
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?
        .to_owned();
    tx.execute(&insert).await?;
    Ok(())
}

/// Drops the rows of people who no longer exist or are inactive but were not judged again, and
/// recounts every tally: the end of a full recomputation.
pub async fn finish_recomputation(db: &Db) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    let inactive = Query::select()
        .column(person::Column::Id)
        .from(person::Entity)
        .and_where(Expr::col(person::Column::Active).eq(true))
        .to_owned();
    compliance_status::Entity::delete_many()
        .filter(compliance_status::Column::PersonId.not_in_subquery(inactive))
        .exec(&tx)
        .await?;
    recount_all(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Ids of every person, active or not, from `after` on, at most `limit`, in order (a full
/// recomputation walks them in batches; inactive people are judged to leave the board).
pub async fn people_after(db: &Db, after: PersonId, limit: u64) -> StoreResult<Vec<PersonId>> {
    Ok(person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::Id.gt(after))
        .order_by_asc(person::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(&db.conn)
        .await?)
}

/// How many people there are (a recomputation's total).
pub async fn people_count(db: &Db) -> StoreResult<u64> {
    Ok(person::Entity::find().count(&db.conn).await?)
}

/// One count of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyRow {
    pub unit_id: UnitId,
    pub unit_path: String,
    pub kind: String,
    pub rule_id: String,
    pub status: BoardStatus,
    pub people: i64,
}

/// The counts of every unit in `scope` inside the subtree at `under`.
pub async fn tallies(db: &Db, scope: &AccessScope, under: &str) -> StoreResult<Vec<TallyRow>> {
    use compliance_tally::Column as T;
    Ok(compliance_tally::Entity::find()
        .filter(scope.condition(T::UnitPath, T::UnitId, None::<T>))
        .filter(subtree_condition(T::UnitPath, under))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|t| TallyRow {
            unit_id: t.unit_id,
            unit_path: t.unit_path,
            kind: t.kind,
            rule_id: t.rule_id,
            status: t.status,
            people: t.people,
        })
        .collect())
}

/// When the statuses were last judged: the oldest and newest evaluation days and the last write.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Freshness {
    pub oldest_as_of: Option<NaiveDate>,
    pub newest_as_of: Option<NaiveDate>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// The evaluation days of every row and the last write.
pub async fn freshness(db: &Db) -> StoreResult<Freshness> {
    use compliance_status::Column as S;
    type Row = (Option<NaiveDate>, Option<NaiveDate>, Option<DateTime<Utc>>);
    let row: Option<Row> = compliance_status::Entity::find()
        .select_only()
        .expr(Expr::col(S::AsOf).min())
        .expr(Expr::col(S::AsOf).max())
        .expr(Expr::col(S::UpdatedAt).max())
        .into_tuple()
        .one(&db.conn)
        .await?;
    let (oldest_as_of, newest_as_of, updated_at) = row.unwrap_or_default();
    Ok(Freshness {
        oldest_as_of,
        newest_as_of,
        updated_at,
    })
}

/// Which statuses to list.
#[derive(Debug, Clone, Default)]
pub struct StatusFilter {
    /// Subtree path of the unit chosen.
    pub under: String,
    pub kind: Option<String>,
    pub rule_id: Option<String>,
    pub statuses: Vec<BoardStatus>,
    /// Longest untrained first (last training day, never trained first) instead of the largest
    /// shortfall first.
    pub longest_untrained: bool,
    /// Every make-up under this promotion rule (their ids are `rule@promotion`).
    pub make_ups_of: Option<String>,
}

/// A listed status with the person's name and unit name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedStatus {
    pub row: compliance_status::Model,
    pub person_name: String,
    pub unit_name: String,
}

/// A page of statuses in `scope` matching `filter`, with the total.
pub async fn list(
    db: &Db,
    scope: &AccessScope,
    filter: &StatusFilter,
    offset: u64,
    limit: u64,
) -> StoreResult<(Vec<ListedStatus>, u64)> {
    use compliance_status::Column as S;
    let mut query = compliance_status::Entity::find()
        .filter(scope.condition(S::UnitPath, S::UnitId, Some(S::PersonId)))
        .filter(subtree_condition(S::UnitPath, &filter.under));
    if let Some(kind) = &filter.kind {
        query = query.filter(S::Kind.eq(kind.as_str()));
    }
    if let Some(rule_id) = &filter.rule_id {
        query = query.filter(S::RuleId.eq(rule_id.as_str()));
    }
    if let Some(rule) = &filter.make_ups_of {
        query = query.filter(S::RuleId.starts_with(format!("{rule}@")));
    }
    if !filter.statuses.is_empty() {
        query = query.filter(S::Status.is_in(filter.statuses.iter().copied()));
    }
    let total = query.clone().count(&db.conn).await?;
    query = if filter.longest_untrained {
        query.order_by_with_nulls(
            S::LastTrainedOn,
            sea_orm::Order::Asc,
            sea_orm::sea_query::NullOrdering::First,
        )
    } else {
        // Rules without a figure leave it null: last on both backends (PostgreSQL would put
        // nulls first in a descending order).
        let last = sea_orm::sea_query::NullOrdering::Last;
        query
            .order_by_with_nulls(S::MissingDays, sea_orm::Order::Desc, last)
            .order_by_with_nulls(S::MissingHours, sea_orm::Order::Desc, last)
    };
    let rows = query
        .order_by_asc(S::PersonId)
        .order_by_asc(S::Kind)
        .order_by_asc(S::RuleId)
        .offset(offset)
        .limit(limit)
        .all(&db.conn)
        .await?;
    let people: BTreeMap<PersonId, String> = person::Entity::find()
        .select_only()
        .columns([person::Column::Id, person::Column::Name])
        .filter(person::Column::Id.is_in(rows.iter().map(|r| r.person_id)))
        .into_tuple()
        .all(&db.conn)
        .await?
        .into_iter()
        .collect();
    let units: BTreeMap<UnitId, String> = org_unit::Entity::find()
        .select_only()
        .columns([org_unit::Column::Id, org_unit::Column::Name])
        .filter(org_unit::Column::Id.is_in(rows.iter().map(|r| r.unit_id)))
        .into_tuple()
        .all(&db.conn)
        .await?
        .into_iter()
        .collect();
    let listed = rows
        .into_iter()
        .map(|row| ListedStatus {
            person_name: people.get(&row.person_id).cloned().unwrap_or_default(),
            unit_name: units.get(&row.unit_id).cloned().unwrap_or_default(),
            row,
        })
        .collect();
    Ok((listed, total))
}

/// Every count and every row agree: each tally equals the number of its status rows. Returns
/// the number of tallies that do not (a check for tests and `verify-audit`).
pub async fn tally_mismatches(db: &Db) -> StoreResult<usize> {
    use compliance_status::Column as S;
    let counted: Vec<(UnitId, String, String, BoardStatus, i64)> =
        compliance_status::Entity::find()
            .select_only()
            .columns([S::UnitId, S::Kind, S::RuleId, S::Status])
            .expr(Expr::col(S::Id).count())
            .group_by(S::UnitId)
            .group_by(S::Kind)
            .group_by(S::RuleId)
            .group_by(S::Status)
            .into_tuple()
            .all(&db.conn)
            .await?;
    let counted: BTreeMap<(UnitId, String, String, BoardStatus), i64> = counted
        .into_iter()
        .map(|(u, k, r, s, n)| ((u, k, r, s), n))
        .collect();
    let kept: BTreeMap<(UnitId, String, String, BoardStatus), i64> =
        compliance_tally::Entity::find()
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|t| ((t.unit_id, t.kind, t.rule_id, t.status), t.people))
            .collect();
    Ok(counted
        .keys()
        .chain(kept.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|key| counted.get(*key) != kept.get(*key))
        .count())
}

/// One maintained status, briefly: what a list of named people (a reserve pool) shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusBrief {
    pub person_id: PersonId,
    pub kind: String,
    pub rule_id: String,
    pub rule_type: RuleType,
    pub status: BoardStatus,
    pub as_of: NaiveDate,
}

/// The maintained statuses of the given people (no scope: the caller has checked each person).
pub async fn of_people(db: &Db, ids: &[PersonId]) -> StoreResult<Vec<StatusBrief>> {
    use compliance_status::Column as S;
    Ok(compliance_status::Entity::find()
        .filter(S::PersonId.is_in(ids.iter().copied()))
        .order_by_asc(S::PersonId)
        .order_by_asc(S::Kind)
        .order_by_asc(S::RuleId)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|m| StatusBrief {
            person_id: m.person_id,
            kind: m.kind,
            rule_id: m.rule_id,
            rule_type: m.rule_type,
            status: m.status,
            as_of: m.as_of,
        })
        .collect())
}
