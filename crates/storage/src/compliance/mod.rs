//! What the compliance review reads about one person (issue 7, ADR 0009): the dated post
//! records with their ids (a promotion is named by the record that made it), the category
//! history, the classes the person was enrolled in, with the days their sessions fell on, and
//! the approved records of training done outside the system (R-ARC-1), and the certificates
//! and central-group seats the person holds.
//! The application turns these rows into the evaluator's `ComplianceFacts`.

pub mod board;
pub mod refusal;
pub mod standings;
pub mod training_records;

use crate::db::Db;
use crate::entity::{
    class_enrolment, class_session, person, person_category, person_post, training_class,
    training_record,
};
use crate::error::StoreResult;
use crate::org::scope::AccessScope;
use chrono::NaiveDate;
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_domain::{Category, ClassKind, ClassState, Rank, UnitType};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, BTreeSet};

/// One dated post record: it holds from `valid_from` until the next record's `valid_from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostStep {
    pub id: i64,
    pub valid_from: NaiveDate,
    pub rank: Rank,
}

/// A category held from `valid_from` up to the day before `valid_to` (open when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategorySpan {
    pub category: Category,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

/// A class the person holds a seat in (enrolled: not waiting, removed or withdrawn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassTaken {
    pub class_id: ClassId,
    pub title: String,
    pub kind: ClassKind,
    pub host_type: UnitType,
    pub host_name: String,
    pub state: ClassState,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Class hours of the teaching plan, in hundredths.
    pub total_hours: i64,
    /// The distinct days the class's sessions fall on.
    pub session_days: u32,
    /// The hours this person attended, in hundredths, where the class had a roll call
    /// ([`crate::attendance::attended_hours`], ADR 0023); `None` without one.
    pub attended_hours: Option<i64>,
}

/// Everything stored about one person that compliance reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplianceRows {
    /// Oldest first; records of the same day in the order they were made.
    pub posts: Vec<PostStep>,
    pub categories: Vec<CategorySpan>,
    /// By last day, then id.
    pub classes: Vec<ClassTaken>,
    /// Approved external training records, by last day, then id. Pending and rejected ones
    /// never count.
    pub external: Vec<crate::compliance::training_records::TrainingRecordRow>,
    /// Active certificates and central-group seats, oldest first.
    pub standings: Vec<crate::compliance::standings::StandingRow>,
    /// Online lessons finished, oldest first (the server's own accounting, R-REG-4).
    pub online: Vec<crate::learning::playbacks::FinishedLesson>,
}

/// The rows of person `id`, if `scope` reaches them (`NotFound` otherwise, as for the person).
pub async fn rows_of(db: &Db, scope: &AccessScope, id: PersonId) -> StoreResult<ComplianceRows> {
    crate::people::get(db, scope, id).await?;
    let mut people = rows_of_people(db, &[id]).await?;
    Ok(people.pop().map(|p| p.rows).unwrap_or_default())
}

/// Where a person sits in the tree, beside their rows: the maintained statuses are kept per unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRows {
    pub person_id: PersonId,
    /// The person's name, for lists that say who (a rule draft's preview).
    pub name: String,
    pub unit_id: UnitId,
    pub unit_path: String,
    pub active: bool,
    pub rows: ComplianceRows,
}

/// The rows of many people at once (a recomputation reads a few thousand per batch with six
/// queries instead of six per person), in the order of `ids`; ids with no person are left out.
/// No scope: the callers are the background refresh and recomputation, which see everyone.
pub async fn rows_of_people(db: &Db, ids: &[PersonId]) -> StoreResult<Vec<PersonRows>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let people: BTreeMap<PersonId, person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut rows: BTreeMap<PersonId, ComplianceRows> = BTreeMap::new();
    for p in person_post::Entity::find()
        .filter(person_post::Column::PersonId.is_in(ids.iter().copied()))
        .order_by_asc(person_post::Column::ValidFrom)
        .order_by_asc(person_post::Column::Id)
        .all(&db.conn)
        .await?
    {
        rows.entry(p.person_id).or_default().posts.push(PostStep {
            id: p.id,
            valid_from: p.valid_from,
            rank: p.rank,
        });
    }
    for c in person_category::Entity::find()
        .filter(person_category::Column::PersonId.is_in(ids.iter().copied()))
        .order_by_asc(person_category::Column::ValidFrom)
        .order_by_asc(person_category::Column::Id)
        .all(&db.conn)
        .await?
    {
        rows.entry(c.person_id)
            .or_default()
            .categories
            .push(CategorySpan {
                category: c.category,
                valid_from: c.valid_from,
                valid_to: c.valid_to,
            });
    }
    let seats: Vec<(PersonId, ClassId)> = class_enrolment::Entity::find()
        .filter(class_enrolment::Column::PersonId.is_in(ids.iter().copied()))
        .filter(class_enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|e| (e.person_id, e.class_id))
        .collect();
    let classes = classes_taken(db, seats.iter().map(|(_, class)| *class).collect()).await?;
    let attended = crate::attendance::attended_hours(db, &seats).await?;
    for (person_id, class_id) in seats {
        if let Some(class) = classes.get(&class_id) {
            let mut class = class.clone();
            class.attended_hours = attended
                .get(&(person_id, class_id))
                .map(|a| i64::from(a.attended.hundredths()));
            rows.entry(person_id).or_default().classes.push(class);
        }
    }
    for r in training_record::Entity::find()
        .filter(training_record::Column::PersonId.is_in(ids.iter().copied()))
        .filter(training_record::Column::State.eq(ganxun_domain::review::ReviewState::Approved))
        .order_by_asc(training_record::Column::EndsOn)
        .order_by_asc(training_record::Column::Id)
        .all(&db.conn)
        .await?
    {
        rows.entry(r.person_id)
            .or_default()
            .external
            .push(crate::compliance::training_records::row(r));
    }
    for lesson in crate::learning::playbacks::finished_of_people(&db.conn, ids).await? {
        rows.entry(lesson.person_id)
            .or_default()
            .online
            .push(lesson);
    }
    for standing in crate::compliance::standings::active_of_people(db, ids).await? {
        rows.entry(standing.person_id)
            .or_default()
            .standings
            .push(standing);
    }
    Ok(ids
        .iter()
        .filter_map(|id| {
            let person = people.get(id)?;
            let mut rows = rows.remove(id).unwrap_or_default();
            rows.classes.sort_by_key(|c| (c.ends_on, c.class_id));
            Some(PersonRows {
                person_id: *id,
                name: person.name.clone(),
                unit_id: person.unit_id,
                unit_path: person.unit_path.clone(),
                active: person.active,
                rows,
            })
        })
        .collect())
}

/// The classes of `ids` with the number of distinct days their sessions fall on.
async fn classes_taken(
    db: &Db,
    ids: BTreeSet<ClassId>,
) -> StoreResult<BTreeMap<ClassId, ClassTaken>> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let mut days: BTreeMap<ClassId, BTreeSet<NaiveDate>> = BTreeMap::new();
    for session in class_session::Entity::find()
        .filter(class_session::Column::ClassId.is_in(ids.iter().copied()))
        .all(&db.conn)
        .await?
    {
        days.entry(session.class_id)
            .or_default()
            .insert(session.date);
    }
    Ok(training_class::Entity::find()
        .filter(training_class::Column::Id.is_in(ids))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|c| {
            let class = ClassTaken {
                session_days: days
                    .get(&c.id)
                    .map_or(0, |d| u32::try_from(d.len()).unwrap_or(u32::MAX)),
                class_id: c.id,
                title: c.title,
                kind: c.kind,
                host_type: c.host_type,
                host_name: c.host_name,
                state: c.state,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                total_hours: c.total_hours,
                attended_hours: None,
            };
            (class.class_id, class)
        })
        .collect())
}
