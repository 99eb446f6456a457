//! Importing a roster (R-PPL-3): every row of a file in one write transaction, in batches, so
//! that 100,000 rows cost a few hundred statements instead of a million. Units, people already
//! registered and scope are looked up for a whole batch at once; new people are written with
//! multi-row inserts; each gets its own audit entry (chained in memory, inserted in batches) and
//! is marked for the compliance refresh in the same transaction.

use super::mapping::Mapping;
use super::{ID_KIND, NewPerson, PHONE_KIND, PersonChanges, PostChange, apply_changes, scoped};
use super::{insertable, new_row, view_of, views};
use crate::audit::{self, Actor, AuditEvent};
use crate::crypto::DataKey;
use crate::db::Db;
use crate::entity::{org_unit, person, person_category, person_post};
use crate::error::StoreResult;
use crate::org::scope::AccessScope;
use chrono::{DateTime, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Rows per multi-row insert: the person table's 21 columns stay far below both databases'
/// limits on bound values.
const BATCH: usize = 500;

/// What an import should do with rows whose ID number is already in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExistingPeople {
    /// Report them as duplicates and leave them alone.
    Reject,
    /// Update them from the row.
    Update,
}

/// How an import treats people already registered, whether it only reports, and the column
/// mapping to remember for the importing unit once the import is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions<'a> {
    pub existing: ExistingPeople,
    pub dry_run: bool,
    pub remember: Option<(UnitId, &'a Mapping)>,
}

/// One validated row of an import.
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub row_number: usize,
    pub person: NewPerson,
    /// Whether the file gave a rank: a person already registered keeps theirs when it did not
    /// (a new one is registered with the rank in `person`).
    pub rank_given: bool,
}

/// What happened to one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RowOutcome {
    Created {
        person_id: PersonId,
    },
    Updated {
        person_id: PersonId,
    },
    Unchanged {
        person_id: PersonId,
    },
    /// Already in the register (or earlier in the same file) and the import was not asked to
    /// update.
    Duplicate,
    /// The row's unit is outside the importer's scope.
    UnitOutOfScope,
    /// The row's unit has been deactivated.
    UnitInactive,
}

/// Imports validated rows in one transaction: every row is created, updated or reported; if
/// anything unexpected fails, nothing is written. `dry_run` reports the same outcomes and
/// writes nothing. `progress` is told how many rows are done after each batch.
#[allow(clippy::too_many_arguments)]
pub async fn import(
    db: &Db,
    key: &DataKey,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    rows: &[ImportRow],
    options: ImportOptions<'_>,
    progress: &(dyn Fn(usize) + Sync),
) -> StoreResult<Vec<(usize, RowOutcome)>> {
    let ImportOptions {
        existing,
        dry_run,
        remember,
    } = options;
    let tx = db.begin_write().await?;
    let units = units_in_scope(&tx, scope, rows).await?;
    let hashes: Vec<String> = rows
        .iter()
        .map(|r| key.blind_index(ID_KIND, r.person.id_card.as_str()))
        .collect();
    let registered = registered_people(&tx, &hashes).await?;
    let visible = if scope.all || existing == ExistingPeople::Reject {
        None
    } else {
        let ids: Vec<PersonId> = registered.values().map(|p| p.id).collect();
        Some(people_in_scope(&tx, scope, &ids).await?)
    };

    // Sort every row into what it needs; the outcome list keeps the file's order.
    let mut outcomes: Vec<Option<RowOutcome>> = vec![None; rows.len()];
    let mut to_create: Vec<usize> = Vec::new();
    let mut to_update: Vec<usize> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        match units.get(&row.person.unit_id) {
            None => {
                outcomes[index] = Some(RowOutcome::UnitOutOfScope);
                continue;
            }
            Some(unit) if !unit.active => {
                outcomes[index] = Some(RowOutcome::UnitInactive);
                continue;
            }
            Some(_) => {}
        }
        let hash = hashes[index].as_str();
        if !seen.insert(hash) {
            outcomes[index] = Some(RowOutcome::Duplicate);
            continue;
        }
        match (registered.get(hash), existing) {
            (None, _) => to_create.push(index),
            (Some(_), ExistingPeople::Reject) => outcomes[index] = Some(RowOutcome::Duplicate),
            (Some(current), ExistingPeople::Update) => {
                if visible.as_ref().is_some_and(|v| !v.contains(&current.id)) {
                    outcomes[index] = Some(RowOutcome::UnitOutOfScope);
                } else {
                    to_update.push(index);
                }
            }
        }
    }

    let mut done = rows.len() - to_create.len() - to_update.len();
    progress(done);
    for batch in to_create.chunks(BATCH) {
        let ids = create_batch(&tx, key, actor, now, &units, rows, batch).await?;
        for (&index, id) in batch.iter().zip(ids) {
            outcomes[index] = Some(RowOutcome::Created { person_id: id });
        }
        done += batch.len();
        progress(done);
    }
    for batch in to_update.chunks(BATCH) {
        let current: Vec<person::Model> = batch
            .iter()
            .filter_map(|&i| registered.get(hashes[i].as_str()).cloned())
            .collect();
        let current = views(&tx, current).await?;
        for (&index, view) in batch.iter().zip(current) {
            let row = &rows[index].person;
            let phone_hash = row
                .phone
                .as_ref()
                .map(|p| key.blind_index(PHONE_KIND, p.as_str()));
            let stored_phone = registered
                .get(hashes[index].as_str())
                .and_then(|p| p.phone_hash.clone());
            let outcome = match changes_for(
                &view,
                row,
                rows[index].rank_given,
                phone_hash != stored_phone,
            ) {
                None => RowOutcome::Unchanged { person_id: view.id },
                Some(changes) => {
                    let (_, after) = apply_changes(&tx, key, actor, now, view.id, changes).await?;
                    RowOutcome::Updated {
                        person_id: after.id,
                    }
                }
            };
            outcomes[index] = Some(outcome);
        }
        done += batch.len();
        progress(done);
    }

    if let Some((unit_id, mapping)) = remember {
        super::mapping::remember(
            &tx,
            key,
            actor,
            now,
            unit_id,
            super::mapping::PEOPLE,
            mapping,
        )
        .await?;
    }
    // A dry run does everything a real one does and then rolls back, so its report is exact.
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(rows
        .iter()
        .zip(outcomes)
        .map(|(row, outcome)| {
            // Every row was sorted above; an unsorted one would be a bug, reported as such.
            (
                row.row_number,
                outcome.unwrap_or(RowOutcome::UnitOutOfScope),
            )
        })
        .collect())
}

/// The rows' units that lie in the scope, by id, in one query per batch of ids.
async fn units_in_scope(
    tx: &impl ConnectionTrait,
    scope: &AccessScope,
    rows: &[ImportRow],
) -> StoreResult<HashMap<UnitId, org_unit::Model>> {
    let ids: BTreeSet<UnitId> = rows.iter().map(|r| r.person.unit_id).collect();
    let ids: Vec<UnitId> = ids.into_iter().collect();
    let mut units = HashMap::new();
    for chunk in ids.chunks(BATCH) {
        for unit in org_unit::Entity::find()
            .filter(org_unit::Column::Id.is_in(chunk.iter().copied()))
            .filter(scope.condition(
                org_unit::Column::Path,
                org_unit::Column::Id,
                None::<org_unit::Column>,
            ))
            .all(tx)
            .await?
        {
            units.insert(unit.id, unit);
        }
    }
    Ok(units)
}

/// People already registered under any of the ID hashes, by hash.
async fn registered_people(
    tx: &impl ConnectionTrait,
    hashes: &[String],
) -> StoreResult<HashMap<String, person::Model>> {
    let mut found = HashMap::new();
    for chunk in hashes.chunks(BATCH) {
        for model in person::Entity::find()
            .filter(person::Column::IdCardHash.is_in(chunk.iter().cloned()))
            .all(tx)
            .await?
        {
            found.insert(model.id_card_hash.clone(), model);
        }
    }
    Ok(found)
}

/// Which of the people lie in the scope.
async fn people_in_scope(
    tx: &impl ConnectionTrait,
    scope: &AccessScope,
    ids: &[PersonId],
) -> StoreResult<HashSet<PersonId>> {
    let mut visible = HashSet::new();
    for chunk in ids.chunks(BATCH) {
        for model in scoped(scope)
            .filter(person::Column::Id.is_in(chunk.iter().copied()))
            .all(tx)
            .await?
        {
            visible.insert(model.id);
        }
    }
    Ok(visible)
}

/// Writes one batch of new people with their first post, categories, audit entries and
/// compliance marks; returns their ids in the batch's order.
async fn create_batch(
    tx: &impl ConnectionTrait,
    key: &DataKey,
    actor: &Actor,
    now: DateTime<Utc>,
    units: &HashMap<UnitId, org_unit::Model>,
    rows: &[ImportRow],
    batch: &[usize],
) -> StoreResult<Vec<PersonId>> {
    let unit_of = |new: &NewPerson| units.get(&new.unit_id);
    let models: Vec<person::Model> = batch
        .iter()
        .map(|&i| {
            let new = &rows[i].person;
            let path = unit_of(new).map(|u| u.path.clone()).unwrap_or_default();
            new_row(key, new, path, now)
        })
        .collect();
    let ids = person::Entity::insert_many(models.iter().cloned().map(insertable))
        .exec_with_returning_keys(tx)
        .await?;

    let posts = batch.iter().zip(&ids).map(|(&i, &id)| {
        let new = &rows[i].person;
        person_post::ActiveModel {
            person_id: Set(id),
            valid_from: Set(new.effective_date),
            unit_id: Set(new.unit_id),
            position: Set(new.position.clone()),
            rank: Set(new.rank),
            recorded_at: Set(now),
            recorded_by: Set(actor.name.clone()),
            ..Default::default()
        }
    });
    person_post::Entity::insert_many(posts)
        .exec_without_returning(tx)
        .await?;

    let mut held: BTreeMap<PersonId, Vec<ganxun_domain::Category>> = BTreeMap::new();
    let mut categories = Vec::new();
    for (&i, &id) in batch.iter().zip(&ids) {
        let new = &rows[i].person;
        let mut wanted = new.categories.clone();
        wanted.sort();
        wanted.dedup();
        for category in &wanted {
            categories.push(person_category::ActiveModel {
                person_id: Set(id),
                category: Set(*category),
                valid_from: Set(new.effective_date),
                valid_to: Set(None),
                unit_id: Set(new.unit_id),
                unit_path: Set(unit_of(new).map(|u| u.path.clone()).unwrap_or_default()),
                active: Set(true),
                ..Default::default()
            });
        }
        held.insert(id, wanted);
    }
    for chunk in categories.chunks(BATCH) {
        person_category::Entity::insert_many(chunk.iter().cloned())
            .exec_without_returning(tx)
            .await?;
    }

    let events = models.into_iter().zip(&ids).map(|(mut model, &id)| {
        model.id = id;
        let unit_name = units
            .get(&model.unit_id)
            .map(|u| u.name.clone())
            .unwrap_or_default();
        let view = view_of(model, unit_name, held.remove(&id).unwrap_or_default());
        AuditEvent::new("person.create", "person", id).after(&view)
    });
    audit::append_many(tx, key, actor, now, events.collect()).await?;
    crate::compliance::board::mark_dirty(tx, now, ids.iter().copied()).await?;
    Ok(ids)
}

/// What an import row changes in a registered person; `None` when nothing differs.
fn changes_for(
    view: &super::PersonView,
    row: &NewPerson,
    rank_given: bool,
    phone_differs: bool,
) -> Option<PersonChanges> {
    let rank = if rank_given { row.rank } else { view.rank };
    let mut changes = PersonChanges::default();
    if view.name != row.name.as_str() {
        changes.name = Some(row.name.clone());
    }
    if phone_differs {
        changes.phone = Some(row.phone.clone());
    }
    if view.education != row.education && row.education.is_some() {
        changes.education = Some(row.education);
    }
    if row.post_start_date.is_some() && view.post_start_date != row.post_start_date {
        changes.post_start_date = Some(row.post_start_date);
    }
    if view.unit_id != row.unit_id || view.position != row.position || view.rank != rank {
        changes.post = Some(PostChange {
            unit_id: row.unit_id,
            position: row.position.clone(),
            rank,
            effective_date: row.effective_date,
        });
    }
    let mut wanted = row.categories.clone();
    wanted.sort();
    wanted.dedup();
    if wanted != view.categories {
        changes.categories = Some((wanted, row.effective_date));
    }
    let nothing = changes.name.is_none()
        && changes.phone.is_none()
        && changes.education.is_none()
        && changes.post_start_date.is_none()
        && changes.post.is_none()
        && changes.categories.is_none();
    (!nothing).then_some(changes)
}
