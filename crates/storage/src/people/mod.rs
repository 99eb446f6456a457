//! The cadre register (R-PPL-1, R-PPL-2): people with dated post and category history,
//! personal numbers sealed at rest, search that stays an index scan at a million rows.

use crate::audit::{self, Actor, AuditEvent};
use crate::crypto::DataKey;
use crate::db::Db;
use crate::entity::{org_unit, person, person_category, person_post};
use crate::error::{StaleVersion, StoreError, StoreResult};
use crate::org::refusal::Refusal;
use crate::org::scope::{AccessScope, subtree_condition};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::code_enum::Vocabulary;
use ganxun_domain::{
    Category, Education, IdCardNumber, PersonName, Phone, Rank, Sex, people::pinyin_initials,
};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod import;
pub mod mapping;
pub use import::{ExistingPeople, ImportOptions, ImportRow, RowOutcome, import};

/// Counting stops here: beyond it the total is shown as "more than".
pub const COUNT_CAP: u64 = 10_000;

/// A person as every response sees them: personal numbers masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonView {
    pub id: PersonId,
    pub name: String,
    pub name_initials: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub id_card_masked: String,
    pub phone_masked: Option<String>,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub position: String,
    pub rank: Rank,
    pub categories: Vec<Category>,
    pub education: Option<Education>,
    pub post_start_date: Option<NaiveDate>,
    pub active: bool,
    pub version: i32,
}

/// A new person, already validated.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub name: PersonName,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub id_card: IdCardNumber,
    pub phone: Option<Phone>,
    pub unit_id: UnitId,
    pub position: String,
    pub rank: Rank,
    pub categories: Vec<Category>,
    pub education: Option<Education>,
    pub post_start_date: Option<NaiveDate>,
    /// The date the first post and categories are recorded from.
    pub effective_date: NaiveDate,
}

/// A dated change of unit, position or rank.
#[derive(Debug, Clone)]
pub struct PostChange {
    pub unit_id: UnitId,
    pub position: String,
    pub rank: Rank,
    pub effective_date: NaiveDate,
}

/// Changes to a person; `None` leaves a field alone. `expected_version` guards lost updates.
#[derive(Debug, Clone, Default)]
pub struct PersonChanges {
    pub expected_version: Option<i32>,
    pub name: Option<PersonName>,
    pub id_card: Option<IdCardNumber>,
    pub phone: Option<Option<Phone>>,
    pub education: Option<Option<Education>>,
    pub post_start_date: Option<Option<NaiveDate>>,
    pub active: Option<bool>,
    pub post: Option<PostChange>,
    pub categories: Option<(Vec<Category>, NaiveDate)>,
}

/// Search filters; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct PeopleQuery {
    pub name_prefix: Option<String>,
    pub initials_prefix: Option<String>,
    pub id_card: Option<IdCardNumber>,
    pub phone: Option<Phone>,
    /// A unit and everything below it.
    pub unit_subtree: Option<UnitId>,
    pub category: Option<Category>,
    pub rank: Option<Rank>,
    pub include_inactive: bool,
}

/// One page of a list.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub page_size: u64,
    /// Exact when `total_exact`, else a lower bound (`COUNT_CAP`).
    pub total: u64,
    pub total_exact: bool,
}

/// The dated history of a person.
#[derive(Debug, Clone, Serialize)]
pub struct PersonHistory {
    pub posts: Vec<PostRecord>,
    pub categories: Vec<CategoryRecord>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PostRecord {
    pub valid_from: NaiveDate,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub position: String,
    pub rank: Rank,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryRecord {
    pub category: Category,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

/// What a person was on a given date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonAsOf {
    pub date: NaiveDate,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub position: String,
    pub rank: Rank,
    pub categories: Vec<Category>,
}

/// Which personal numbers to reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevealField {
    IdCard,
    Phone,
}

#[derive(Debug, Clone, Serialize)]
pub struct Revealed {
    pub id_card: Option<String>,
    pub phone: Option<String>,
}

const ID_KIND: &str = "id_card";
const PHONE_KIND: &str = "phone";

fn scoped(scope: &AccessScope) -> sea_orm::Select<person::Entity> {
    person::Entity::find().filter(scope.condition(
        person::Column::UnitPath,
        person::Column::UnitId,
        Some(person::Column::Id),
    ))
}

/// `column` starts with `prefix`, as an index range.
fn prefix_condition(column: person::Column, prefix: &str) -> sea_orm::Condition {
    let mut upper = prefix.to_owned();
    upper.push(char::MAX);
    sea_orm::Condition::all()
        .add(column.gte(prefix))
        .add(column.lt(upper))
}

/// How a category filter is written. The two forms select the same people; each suits a
/// different plan: a page reads people in index order and probes each one's categories
/// (`Probe`), a count starts from the category index (`Drive`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CategoryShape {
    Probe,
    Drive,
}

fn holds_category(category: Category, shape: CategoryShape) -> sea_orm::Condition {
    let current = |q: &mut sea_orm::sea_query::SelectStatement| {
        q.and_where(person_category::Column::Category.eq(category))
            .and_where(person_category::Column::ValidTo.is_null());
    };
    match shape {
        CategoryShape::Probe => {
            let mut probe = Query::select();
            probe
                .expr(Expr::val(1))
                .from(person_category::Entity)
                .and_where(sea_orm::sea_query::ExprTrait::equals(
                    Expr::col((person_category::Entity, person_category::Column::PersonId)),
                    (person::Entity, person::Column::Id),
                ));
            current(&mut probe);
            sea_orm::Condition::all().add(Expr::exists(probe))
        }
        CategoryShape::Drive => {
            let mut holders = Query::select();
            holders
                .column(person_category::Column::PersonId)
                .from(person_category::Entity);
            current(&mut holders);
            sea_orm::Condition::all().add(person::Column::Id.in_subquery(holders))
        }
    }
}

/// The path of the unit a query asks for, looked up once per request.
async fn asked_unit_path(db: &Db, query: &PeopleQuery) -> StoreResult<Option<String>> {
    match query.unit_subtree {
        Some(unit_id) => Ok(Some(
            org_unit::Entity::find_by_id(unit_id)
                .one(&db.conn)
                .await?
                .ok_or(StoreError::NotFound)?
                .path,
        )),
        None => Ok(None),
    }
}

/// The caller's scope, narrowed to the asked unit's subtree. When the asked unit lies inside a
/// subtree the caller may see, its own range implies the scope, so the condition stays a single
/// range on the path column (one index range scan).
fn where_visible<C: sea_orm::sea_query::IntoColumnRef + Copy>(
    scope: &AccessScope,
    unit_path: Option<&str>,
    path: C,
    unit_id: C,
    person_id: C,
) -> sea_orm::Condition {
    let scope_condition = || scope.condition(path, unit_id, Some(person_id));
    match unit_path {
        Some(asked) => {
            let implied = scope.all || scope.subtrees.iter().any(|s| asked.starts_with(s.as_str()));
            let within = subtree_condition(path, asked);
            if implied {
                within
            } else {
                sea_orm::Condition::all().add(scope_condition()).add(within)
            }
        }
        None => scope_condition(),
    }
}

/// A category-only search is counted on the category rows alone: their copies of unit path and
/// status make it one index range, with no look-up of the people themselves.
fn count_category_holders(
    scope: &AccessScope,
    query: &PeopleQuery,
    unit_path: Option<&str>,
) -> Option<sea_orm::sea_query::SelectStatement> {
    let category = query.category?;
    let other_filters = query.name_prefix.is_some()
        || query.initials_prefix.is_some()
        || query.id_card.is_some()
        || query.phone.is_some()
        || query.rank.is_some();
    if other_filters {
        return None;
    }
    let mut holders = person_category::Entity::find()
        .select_only()
        .column(person_category::Column::PersonId)
        .filter(person_category::Column::Category.eq(category))
        .filter(person_category::Column::ValidTo.is_null())
        .filter(where_visible(
            scope,
            unit_path,
            person_category::Column::UnitPath,
            person_category::Column::UnitId,
            person_category::Column::PersonId,
        ));
    if !query.include_inactive {
        holders = holders.filter(person_category::Column::Active.eq(true));
    }
    Some(holders.limit(COUNT_CAP + 1).into_query())
}

fn apply_query(
    key: &DataKey,
    scope: &AccessScope,
    query: &PeopleQuery,
    unit_path: Option<&str>,
    shape: CategoryShape,
) -> sea_orm::Select<person::Entity> {
    let mut select = person::Entity::find().filter(where_visible(
        scope,
        unit_path,
        person::Column::UnitPath,
        person::Column::UnitId,
        person::Column::Id,
    ));
    if !query.include_inactive {
        select = select.filter(person::Column::Active.eq(true));
    }
    if let Some(prefix) = query.name_prefix.as_deref().filter(|p| !p.is_empty()) {
        select = select.filter(prefix_condition(person::Column::Name, prefix));
    }
    if let Some(prefix) = query.initials_prefix.as_deref().filter(|p| !p.is_empty()) {
        select = select.filter(prefix_condition(
            person::Column::NameInitials,
            &prefix.to_lowercase(),
        ));
    }
    if let Some(id_card) = &query.id_card {
        select = select
            .filter(person::Column::IdCardHash.eq(key.blind_index(ID_KIND, id_card.as_str())));
    }
    if let Some(phone) = &query.phone {
        select = select
            .filter(person::Column::PhoneHash.eq(key.blind_index(PHONE_KIND, phone.as_str())));
    }
    if let Some(rank) = query.rank {
        select = select.filter(person::Column::Rank.eq(rank));
    }
    if let Some(category) = query.category {
        select = select.filter(holds_category(category, shape));
    }
    select
}

/// The order of a result list, chosen to match the index the query's main filter uses, so a
/// page is read in index order instead of sorting every match: by name for name searches, by
/// initials for initials searches, otherwise by the tree (unit, then registration order).
fn ordered(
    select: sea_orm::Select<person::Entity>,
    query: &PeopleQuery,
) -> sea_orm::Select<person::Entity> {
    let first = if query.name_prefix.as_deref().is_some_and(|p| !p.is_empty()) {
        person::Column::Name
    } else if query
        .initials_prefix
        .as_deref()
        .is_some_and(|p| !p.is_empty())
    {
        person::Column::NameInitials
    } else {
        person::Column::UnitPath
    };
    // The search indexes are (column, active, [unit_path,] id): `active` and the unit path sit in
    // the index so filtering by them and counting never touch the table (ADR 0001). Ordering by
    // the same columns lets the index deliver the page without sorting every match.
    let select = select
        .order_by_asc(first)
        .order_by_asc(person::Column::Active);
    let select = if matches!(first, person::Column::UnitPath) {
        select
    } else {
        select.order_by_asc(person::Column::UnitPath)
    };
    select.order_by_asc(person::Column::Id)
}

/// Searches the register inside the scope, a page of `page_size` at a time.
pub async fn search(
    db: &Db,
    key: &DataKey,
    scope: &AccessScope,
    query: &PeopleQuery,
    page: u64,
    page_size: u64,
) -> StoreResult<Page<PersonView>> {
    search_narrowed(
        db,
        key,
        scope,
        query,
        sea_orm::Condition::all(),
        page,
        page_size,
    )
    .await
}

/// The search, narrowed further by a condition on `person` another feature writes (a class's
/// candidates: not trained this year, short of a compliance rule), paged and counted the same.
pub(crate) async fn search_narrowed(
    db: &Db,
    key: &DataKey,
    scope: &AccessScope,
    query: &PeopleQuery,
    narrow: sea_orm::Condition,
    page: u64,
    page_size: u64,
) -> StoreResult<Page<PersonView>> {
    let unit_path = asked_unit_path(db, query).await?;
    let narrowed = !narrow.is_empty();
    let select = apply_query(
        key,
        scope,
        query,
        unit_path.as_deref(),
        CategoryShape::Probe,
    )
    .filter(narrow.clone());
    let page = page.max(1);
    let rows = ordered(select, query)
        .offset((page - 1) * page_size)
        .limit(page_size)
        .all(&db.conn)
        .await?;
    // Count at most COUNT_CAP + 1 rows, so a count never scans a province.
    let shortcut = if narrowed {
        None
    } else {
        count_category_holders(scope, query, unit_path.as_deref())
    };
    let capped = shortcut.unwrap_or_else(|| {
        apply_query(
            key,
            scope,
            query,
            unit_path.as_deref(),
            CategoryShape::Drive,
        )
        .filter(narrow)
        .select_only()
        .column(person::Column::Id)
        .limit(COUNT_CAP + 1)
        .into_query()
    });
    let count_stmt = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(capped, Alias::new("capped"))
        .to_owned();
    let counted: i64 = db
        .conn
        .query_one(&count_stmt)
        .await?
        .map(|row| row.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0);
    let counted = u64::try_from(counted).unwrap_or(0);
    let items = views(&db.conn, rows).await?;
    Ok(Page {
        items,
        page,
        page_size,
        total: counted.min(COUNT_CAP),
        total_exact: counted <= COUNT_CAP,
    })
}

/// Every person matching the query, in batches, for exports. `each` receives each batch.
pub async fn for_each_batch(
    db: &Db,
    key: &DataKey,
    scope: &AccessScope,
    query: &PeopleQuery,
    mut each: impl FnMut(Vec<PersonView>) -> StoreResult<()>,
) -> StoreResult<u64> {
    const BATCH: u64 = 2_000;
    let unit_path = asked_unit_path(db, query).await?;
    let select = apply_query(
        key,
        scope,
        query,
        unit_path.as_deref(),
        CategoryShape::Drive,
    );
    let mut after = PersonId(0);
    let mut total = 0u64;
    loop {
        let rows = select
            .clone()
            .filter(person::Column::Id.gt(after))
            .order_by_asc(person::Column::Id)
            .limit(BATCH)
            .all(&db.conn)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let len = rows.len() as u64;
        total += len;
        each(views(&db.conn, rows).await?)?;
        if len < BATCH {
            break;
        }
    }
    Ok(total)
}

/// Turns rows into views: unit names and current categories in two queries for the batch.
async fn views(
    conn: &impl ConnectionTrait,
    rows: Vec<person::Model>,
) -> StoreResult<Vec<PersonView>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let unit_ids: BTreeSet<UnitId> = rows.iter().map(|r| r.unit_id).collect();
    let unit_names: BTreeMap<UnitId, String> = org_unit::Entity::find()
        .filter(org_unit::Column::Id.is_in(unit_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let person_ids: Vec<PersonId> = rows.iter().map(|r| r.id).collect();
    let mut categories: BTreeMap<PersonId, Vec<Category>> = BTreeMap::new();
    for held in person_category::Entity::find()
        .filter(person_category::Column::PersonId.is_in(person_ids))
        .filter(person_category::Column::ValidTo.is_null())
        .all(conn)
        .await?
    {
        categories
            .entry(held.person_id)
            .or_default()
            .push(held.category);
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut held = categories.remove(&row.id).unwrap_or_default();
            held.sort();
            view_of(
                row.clone(),
                unit_names.get(&row.unit_id).cloned().unwrap_or_default(),
                held,
            )
        })
        .collect())
}

fn view_of(row: person::Model, unit_name: String, categories: Vec<Category>) -> PersonView {
    PersonView {
        id: row.id,
        name: row.name,
        name_initials: row.name_initials,
        sex: row.sex,
        birth_date: row.birth_date,
        id_card_masked: row.id_card_masked,
        phone_masked: row.phone_masked,
        unit_id: row.unit_id,
        unit_name,
        position: row.position,
        rank: row.rank,
        categories,
        education: row.education,
        post_start_date: row.post_start_date,
        active: row.active,
        version: row.version,
    }
}

/// One person inside the scope.
pub async fn get(db: &Db, scope: &AccessScope, id: PersonId) -> StoreResult<PersonView> {
    let row = scoped(scope)
        .filter(person::Column::Id.eq(id))
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    views(&db.conn, vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

async fn active_unit(conn: &impl ConnectionTrait, unit_id: UnitId) -> StoreResult<org_unit::Model> {
    let unit = crate::org::load(conn, unit_id).await?;
    if !unit.active {
        return Err(StoreError::refused(Refusal::UnitInactive));
    }
    Ok(unit)
}

/// A new person's row as stored: numbers sealed and indexed for exact search, masked copies
/// for lists. The id is 0 until the database assigns one.
fn new_row(key: &DataKey, new: &NewPerson, unit_path: String, now: DateTime<Utc>) -> person::Model {
    person::Model {
        id: PersonId(0),
        name: new.name.as_str().to_owned(),
        name_initials: pinyin_initials::initials(new.name.as_str()),
        sex: new.sex,
        birth_date: new.birth_date,
        id_card_cipher: key.seal(new.id_card.as_str()),
        id_card_hash: key.blind_index(ID_KIND, new.id_card.as_str()),
        id_card_masked: new.id_card.masked(),
        phone_cipher: new.phone.as_ref().map(|p| key.seal(p.as_str())),
        phone_hash: new
            .phone
            .as_ref()
            .map(|p| key.blind_index(PHONE_KIND, p.as_str())),
        phone_masked: new.phone.as_ref().map(Phone::masked),
        unit_id: new.unit_id,
        unit_path,
        position: new.position.clone(),
        rank: new.rank,
        education: new.education,
        post_start_date: new.post_start_date,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// A row to insert: every field set but the id, which the database assigns.
fn insertable(row: person::Model) -> person::ActiveModel {
    let mut active = row.into_active_model().reset_all();
    active.id = sea_orm::ActiveValue::NotSet;
    active
}

/// Inserts a person with their first post and categories, inside an open write transaction.
pub(crate) async fn insert_person(
    tx: &impl ConnectionTrait,
    key: &DataKey,
    actor: &Actor,
    now: DateTime<Utc>,
    new: &NewPerson,
) -> StoreResult<PersonView> {
    let unit = active_unit(tx, new.unit_id).await?;
    let inserted = insertable(new_row(key, new, unit.path.clone(), now))
        .insert(tx)
        .await?;
    person_post::ActiveModel {
        person_id: Set(inserted.id),
        valid_from: Set(new.effective_date),
        unit_id: Set(unit.id),
        position: Set(new.position.clone()),
        rank: Set(new.rank),
        recorded_at: Set(now),
        recorded_by: Set(actor.name.clone()),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    let mut categories = new.categories.clone();
    categories.sort();
    categories.dedup();
    for category in &categories {
        person_category::ActiveModel {
            person_id: Set(inserted.id),
            category: Set(*category),
            valid_from: Set(new.effective_date),
            valid_to: Set(None),
            unit_id: Set(unit.id),
            unit_path: Set(unit.path.clone()),
            active: Set(true),
            ..Default::default()
        }
        .insert(tx)
        .await?;
    }
    let view = view_of(inserted, unit.name, categories);
    audit::append(
        tx,
        key,
        actor,
        now,
        AuditEvent::new("person.create", "person", view.id).after(&view),
    )
    .await?;
    crate::compliance::board::mark_dirty(tx, now, [view.id]).await?;
    Ok(view)
}

/// Adds a person to the register (the unit must lie in the scope).
pub async fn create(
    db: &Db,
    key: &DataKey,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    new: NewPerson,
) -> StoreResult<PersonView> {
    crate::org::get_unit(db, scope, new.unit_id).await?;
    let tx = db.begin_write().await?;
    let view = insert_person(&tx, key, actor, now, &new).await?;
    tx.commit().await?;
    Ok(view)
}

/// Applies changes inside an open write transaction; returns (before, after).
pub(crate) async fn apply_changes(
    tx: &impl ConnectionTrait,
    key: &DataKey,
    actor: &Actor,
    now: DateTime<Utc>,
    id: PersonId,
    changes: PersonChanges,
) -> StoreResult<(PersonView, PersonView)> {
    let row = person::Entity::find_by_id(id)
        .one(tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if changes.expected_version.is_some_and(|v| v != row.version) {
        return Err(StoreError::refused(StaleVersion));
    }
    let before = views(tx, vec![row.clone()])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)?;
    let mut model: person::ActiveModel = row.clone().into();
    if let Some(name) = &changes.name {
        model.name = Set(name.as_str().to_owned());
        model.name_initials = Set(pinyin_initials::initials(name.as_str()));
    }
    if let Some(id_card) = &changes.id_card {
        model.id_card_cipher = Set(key.seal(id_card.as_str()));
        model.id_card_hash = Set(key.blind_index(ID_KIND, id_card.as_str()));
        model.id_card_masked = Set(id_card.masked());
        model.birth_date = Set(id_card.birth_date());
        model.sex = Set(id_card.sex());
    }
    if let Some(phone) = &changes.phone {
        model.phone_cipher = Set(phone.as_ref().map(|p| key.seal(p.as_str())));
        model.phone_hash = Set(phone
            .as_ref()
            .map(|p| key.blind_index(PHONE_KIND, p.as_str())));
        model.phone_masked = Set(phone.as_ref().map(Phone::masked));
    }
    if let Some(education) = changes.education {
        model.education = Set(education);
    }
    if let Some(post_start_date) = changes.post_start_date {
        model.post_start_date = Set(post_start_date);
    }
    if let Some(active) = changes.active {
        model.active = Set(active);
    }
    if let Some(post) = &changes.post {
        let unit = active_unit(tx, post.unit_id).await?;
        record_post(tx, actor, now, id, post).await?;
        // The current columns follow the latest dated post.
        let latest = person_post::Entity::find()
            .filter(person_post::Column::PersonId.eq(id))
            .order_by_desc(person_post::Column::ValidFrom)
            .one(tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let latest_unit = if latest.unit_id == unit.id {
            unit
        } else {
            crate::org::load(tx, latest.unit_id).await?
        };
        model.unit_id = Set(latest_unit.id);
        model.unit_path = Set(latest_unit.path);
        model.position = Set(latest.position);
        model.rank = Set(latest.rank);
    }
    if let Some((categories, date)) = &changes.categories {
        change_categories(tx, id, categories, *date).await?;
    }
    model.version = Set(row.version + 1);
    model.updated_at = Set(now);
    let updated = model.update(tx).await?;
    sync_category_copies(tx, &updated).await?;
    let after = views(tx, vec![updated])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)?;
    audit::append(
        tx,
        key,
        actor,
        now,
        AuditEvent::new("person.update", "person", id)
            .before(&before)
            .after(&after),
    )
    .await?;
    // A new post, category or unit may change which rules bind them (ADR 0012).
    crate::compliance::board::mark_dirty(tx, now, [id]).await?;
    Ok((before, after))
}

/// Updates a person inside the scope; a new unit must also lie in the scope.
pub async fn update(
    db: &Db,
    key: &DataKey,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    id: PersonId,
    changes: PersonChanges,
) -> StoreResult<PersonView> {
    get(db, scope, id).await?;
    if let Some(post) = &changes.post {
        crate::org::get_unit(db, scope, post.unit_id).await?;
    }
    let tx = db.begin_write().await?;
    let (_, after) = apply_changes(&tx, key, actor, now, id, changes).await?;
    tx.commit().await?;
    Ok(after)
}

/// Records a dated post; a second record for the same date corrects the first.
async fn record_post(
    tx: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
    person_id: PersonId,
    post: &PostChange,
) -> StoreResult<()> {
    let existing = person_post::Entity::find()
        .filter(person_post::Column::PersonId.eq(person_id))
        .filter(person_post::Column::ValidFrom.eq(post.effective_date))
        .one(tx)
        .await?;
    let mut model = match existing {
        Some(row) => row.into(),
        None => person_post::ActiveModel {
            person_id: Set(person_id),
            valid_from: Set(post.effective_date),
            ..Default::default()
        },
    };
    model.unit_id = Set(post.unit_id);
    model.position = Set(post.position.clone());
    model.rank = Set(post.rank);
    model.recorded_at = Set(now);
    model.recorded_by = Set(actor.name.clone());
    model.save(tx).await.map_err(StoreError::from)?;
    Ok(())
}

/// Copies the person's unit and status onto all their category rows.
async fn sync_category_copies(
    tx: &impl ConnectionTrait,
    person: &person::Model,
) -> StoreResult<()> {
    person_category::Entity::update_many()
        .col_expr(person_category::Column::UnitId, Expr::value(person.unit_id))
        .col_expr(
            person_category::Column::UnitPath,
            Expr::value(person.unit_path.clone()),
        )
        .col_expr(person_category::Column::Active, Expr::value(person.active))
        .filter(person_category::Column::PersonId.eq(person.id))
        .exec(tx)
        .await?;
    Ok(())
}

/// Closes categories no longer held on `date` and opens new ones from `date`.
async fn change_categories(
    tx: &impl ConnectionTrait,
    person_id: PersonId,
    wanted: &[Category],
    date: NaiveDate,
) -> StoreResult<()> {
    let current = person_category::Entity::find()
        .filter(person_category::Column::PersonId.eq(person_id))
        .filter(person_category::Column::ValidTo.is_null())
        .all(tx)
        .await?;
    let wanted: BTreeSet<Category> = wanted.iter().copied().collect();
    for held in &current {
        if !wanted.contains(&held.category) {
            if held.valid_from >= date {
                // Opened and closed on the same day: it never held, remove the open record.
                person_category::Entity::delete_by_id(held.id)
                    .exec(tx)
                    .await?;
            } else {
                person_category::ActiveModel {
                    id: Set(held.id),
                    valid_to: Set(Some(date)),
                    ..Default::default()
                }
                .update(tx)
                .await?;
            }
        }
    }
    let held: BTreeSet<Category> = current.iter().map(|c| c.category).collect();
    for category in wanted.difference(&held) {
        // Unit and status are copied from the person row by `sync_category_copies` afterwards.
        person_category::ActiveModel {
            person_id: Set(person_id),
            category: Set(*category),
            valid_from: Set(date),
            valid_to: Set(None),
            unit_id: Set(UnitId(0)),
            unit_path: Set(String::new()),
            active: Set(true),
            ..Default::default()
        }
        .insert(tx)
        .await?;
    }
    Ok(())
}

/// The dated history of a person inside the scope.
pub async fn history(db: &Db, scope: &AccessScope, id: PersonId) -> StoreResult<PersonHistory> {
    get(db, scope, id).await?;
    let posts = person_post::Entity::find()
        .filter(person_post::Column::PersonId.eq(id))
        .order_by_asc(person_post::Column::ValidFrom)
        .all(&db.conn)
        .await?;
    let unit_ids: BTreeSet<UnitId> = posts.iter().map(|p| p.unit_id).collect();
    let names: BTreeMap<UnitId, String> = org_unit::Entity::find()
        .filter(org_unit::Column::Id.is_in(unit_ids))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let categories = person_category::Entity::find()
        .filter(person_category::Column::PersonId.eq(id))
        .order_by_asc(person_category::Column::ValidFrom)
        .order_by_asc(person_category::Column::Category)
        .all(&db.conn)
        .await?;
    Ok(PersonHistory {
        posts: posts
            .into_iter()
            .map(|p| PostRecord {
                valid_from: p.valid_from,
                unit_name: names.get(&p.unit_id).cloned().unwrap_or_default(),
                unit_id: p.unit_id,
                position: p.position,
                rank: p.rank,
                recorded_by: p.recorded_by,
                recorded_at: p.recorded_at,
            })
            .collect(),
        categories: categories
            .into_iter()
            .map(|c| CategoryRecord {
                category: c.category,
                valid_from: c.valid_from,
                valid_to: c.valid_to,
            })
            .collect(),
    })
}

/// "What was this person's rank on 2022-05-01?" `None` when the record starts later.
pub async fn as_of(
    db: &Db,
    scope: &AccessScope,
    id: PersonId,
    date: NaiveDate,
) -> StoreResult<Option<PersonAsOf>> {
    get(db, scope, id).await?;
    let Some(post) = person_post::Entity::find()
        .filter(person_post::Column::PersonId.eq(id))
        .filter(person_post::Column::ValidFrom.lte(date))
        .order_by_desc(person_post::Column::ValidFrom)
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    let unit = crate::org::load(&db.conn, post.unit_id).await?;
    let mut categories: Vec<Category> = person_category::Entity::find()
        .filter(person_category::Column::PersonId.eq(id))
        .filter(person_category::Column::ValidFrom.lte(date))
        .filter(
            sea_orm::Condition::any()
                .add(person_category::Column::ValidTo.is_null())
                .add(person_category::Column::ValidTo.gt(date)),
        )
        .all(&db.conn)
        .await?
        .iter()
        .map(|c| c.category)
        .collect();
    categories.sort();
    categories.dedup();
    Ok(Some(PersonAsOf {
        date,
        unit_id: unit.id,
        unit_name: unit.name,
        position: post.position,
        rank: post.rank,
        categories,
    }))
}

/// Decrypts the asked numbers of a person inside the scope, auditing the reveal in the same
/// transaction: no audit entry, no plaintext.
pub async fn reveal(
    db: &Db,
    key: &DataKey,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    id: PersonId,
    fields: &[RevealField],
) -> StoreResult<Revealed> {
    let row = scoped(scope)
        .filter(person::Column::Id.eq(id))
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let open = |sealed: &[u8]| {
        key.open(sealed)
            .map_err(|e| StoreError::Other(anyhow::anyhow!(e)))
    };
    let revealed = Revealed {
        id_card: if fields.contains(&RevealField::IdCard) {
            Some(open(&row.id_card_cipher)?)
        } else {
            None
        },
        phone: match (&row.phone_cipher, fields.contains(&RevealField::Phone)) {
            (Some(sealed), true) => Some(open(sealed)?),
            _ => None,
        },
    };
    let names: Vec<&str> = fields
        .iter()
        .map(|f| match f {
            RevealField::IdCard => "id_card",
            RevealField::Phone => "phone",
        })
        .collect();
    let tx = db.begin_write().await?;
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("person.reveal", "person", id)
            .after(serde_json::json!({ "fields": names, "name": row.name })),
    )
    .await?;
    tx.commit().await?;
    Ok(revealed)
}

/// Loads many people at once (the demo and benchmark generator): multi-row inserts in one
/// transaction, with one audit entry for the batch instead of one per person.
pub async fn bulk_load(
    db: &Db,
    key: &DataKey,
    actor: &Actor,
    now: DateTime<Utc>,
    rows: &[NewPerson],
) -> StoreResult<Vec<PersonId>> {
    const CHUNK: usize = 400;
    let tx = db.begin_write().await?;
    let mut units: BTreeMap<UnitId, String> = BTreeMap::new();
    for row in rows {
        if let std::collections::btree_map::Entry::Vacant(entry) = units.entry(row.unit_id) {
            entry.insert(crate::org::load(&tx, row.unit_id).await?.path);
        }
    }
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let models = chunk.iter().map(|new| {
            let path = units.get(&new.unit_id).cloned().unwrap_or_default();
            insertable(new_row(key, new, path, now))
        });
        let chunk_ids = person::Entity::insert_many(models)
            .exec_with_returning_keys(&tx)
            .await?;
        let posts = chunk
            .iter()
            .zip(&chunk_ids)
            .map(|(new, id)| person_post::ActiveModel {
                person_id: Set(*id),
                valid_from: Set(new.effective_date),
                unit_id: Set(new.unit_id),
                position: Set(new.position.clone()),
                rank: Set(new.rank),
                recorded_at: Set(now),
                recorded_by: Set(actor.name.clone()),
                ..Default::default()
            });
        person_post::Entity::insert_many(posts)
            .exec_without_returning(&tx)
            .await?;
        let units = &units;
        let categories: Vec<person_category::ActiveModel> = chunk
            .iter()
            .zip(&chunk_ids)
            .flat_map(|(new, id)| {
                new.categories
                    .iter()
                    .map(move |c| person_category::ActiveModel {
                        person_id: Set(*id),
                        category: Set(*c),
                        valid_from: Set(new.effective_date),
                        valid_to: Set(None),
                        unit_id: Set(new.unit_id),
                        unit_path: Set(units.get(&new.unit_id).cloned().unwrap_or_default()),
                        active: Set(true),
                        ..Default::default()
                    })
            })
            .collect();
        if !categories.is_empty() {
            person_category::Entity::insert_many(categories)
                .exec_without_returning(&tx)
                .await?;
        }
        ids.extend(chunk_ids);
    }
    audit::append(
        &tx,
        key,
        actor,
        now,
        AuditEvent::new("person.bulk_load", "person", "*")
            .after(serde_json::json!({ "rows": rows.len() })),
    )
    .await?;
    tx.commit().await?;
    Ok(ids)
}

/// A count under a label, for dashboards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: u64,
}

/// People under one unit, for dashboards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitCount {
    pub unit_id: UnitId,
    pub name: String,
    pub count: u64,
}

/// Active people in a scope, counted by category, rank and by the direct children of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeopleStats {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub total: u64,
    pub by_category: Vec<Count>,
    pub by_rank: Vec<Count>,
    /// Each direct child of the unit with its whole subtree; the unit's own people first.
    pub by_unit: Vec<UnitCount>,
}

/// Grouped counts by stored code, labelled and in the vocabulary's own order.
fn labelled<T: Vocabulary>(rows: Vec<(String, i64)>) -> Vec<Count> {
    let mut counts: Vec<(T, i64)> = rows
        .into_iter()
        .filter_map(|(code, n)| Some((T::parse(&code)?, n)))
        .collect();
    counts.sort_by_key(|(term, _)| *term);
    counts
        .into_iter()
        .map(|(term, n)| Count {
            code: term.code().into(),
            label: term.label_zh().into(),
            count: u64::try_from(n).unwrap_or(0),
        })
        .collect()
}

async fn count_where(db: &Db, select: sea_orm::Select<person::Entity>) -> StoreResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(select.count(&db.conn).await?)
}

/// Counts the active people of `unit_id`'s subtree that lie in the scope.
pub async fn stats(db: &Db, scope: &AccessScope, unit_id: UnitId) -> StoreResult<PeopleStats> {
    let unit = crate::org::get_unit(db, scope, unit_id).await?;
    let base = || {
        scoped(scope)
            .filter(person::Column::Active.eq(true))
            .filter(subtree_condition(person::Column::UnitPath, &unit.path))
    };
    let total = count_where(db, base()).await?;
    let ranks = base()
        .select_only()
        .column(person::Column::Rank)
        .column_as(person::Column::Id.count(), "n")
        .group_by(person::Column::Rank)
        .into_tuple::<(String, i64)>()
        .all(&db.conn)
        .await?;
    let ids = base().select_only().column(person::Column::Id).into_query();
    let categories = person_category::Entity::find()
        .select_only()
        .column(person_category::Column::Category)
        .column_as(person_category::Column::Id.count(), "n")
        .filter(person_category::Column::ValidTo.is_null())
        .filter(person_category::Column::PersonId.in_subquery(ids))
        .group_by(person_category::Column::Category)
        .into_tuple::<(String, i64)>()
        .all(&db.conn)
        .await?;
    let by_rank = labelled::<Rank>(ranks);
    let by_category = labelled::<Category>(categories);
    let own = count_where(
        db,
        scoped(scope)
            .filter(person::Column::Active.eq(true))
            .filter(person::Column::UnitId.eq(unit.id)),
    )
    .await?;
    let mut by_unit = vec![UnitCount {
        unit_id: unit.id,
        name: format!("{}（本级）", unit.name),
        count: own,
    }];
    let children = org_unit::Entity::find()
        .filter(org_unit::Column::ParentId.eq(unit.id))
        .filter(org_unit::Column::Active.eq(true))
        .order_by_asc(org_unit::Column::SortOrder)
        .order_by_asc(org_unit::Column::Id)
        .all(&db.conn)
        .await?;
    for child in children {
        let count = count_where(
            db,
            scoped(scope)
                .filter(person::Column::Active.eq(true))
                .filter(subtree_condition(person::Column::UnitPath, &child.path)),
        )
        .await?;
        by_unit.push(UnitCount {
            unit_id: child.id,
            name: child.name,
            count,
        });
    }
    Ok(PeopleStats {
        unit_id: unit.id,
        unit_name: unit.name,
        total,
        by_category,
        by_rank,
        by_unit,
    })
}
