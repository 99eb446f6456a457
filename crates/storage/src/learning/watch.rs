//! What watching online learning reads (R-ONL-4): the learners of a unit's subtree or a class,
//! each one's year (which courses are required of them, the lessons they finished), the time
//! they learned in a period, and who is learning at this moment. Read-only; the figures are
//! made from these by the application.

use super::playbacks::FinishedLesson;
use crate::entity::{
    class_enrolment, learning_course, learning_day, learning_lesson, learning_playback, org_unit,
    person,
};
use crate::error::StoreResult;
use crate::org::scope::{AccessScope, subtree_condition};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::CourseId;
use ganxun_domain::LessonId;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::classes::enrolment::EnrolmentStatus;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeMap, BTreeSet};

/// How many ids one `IN (…)` list holds: far below every backend's bound-parameter limit.
const CHUNK: usize = 1_000;

/// A person watched: name and unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    pub person_id: PersonId,
    pub name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub unit_path: String,
}

/// Whose learning is watched.
#[derive(Debug, Clone, Copy)]
pub enum Within<'a> {
    /// The active people of a unit and every unit below it.
    Subtree(&'a str),
    /// The trainees enrolled in a class.
    Class(ClassId),
}

/// The people watched, inside the scope, ordered by unit path and name.
pub async fn people(
    conn: &impl ConnectionTrait,
    scope: &AccessScope,
    within: Within<'_>,
) -> StoreResult<Vec<Watched>> {
    let mut query = person::Entity::find()
        .select_only()
        .columns([
            person::Column::Id,
            person::Column::Name,
            person::Column::UnitId,
            person::Column::UnitPath,
        ])
        .filter(person::Column::Active.eq(true))
        .filter(scope.condition(
            person::Column::UnitPath,
            person::Column::UnitId,
            Some(person::Column::Id),
        ));
    query = match within {
        Within::Subtree(path) => query.filter(subtree_condition(person::Column::UnitPath, path)),
        Within::Class(class_id) => {
            let enrolled: Vec<PersonId> = class_enrolment::Entity::find()
                .select_only()
                .column(class_enrolment::Column::PersonId)
                .filter(class_enrolment::Column::ClassId.eq(class_id))
                .filter(class_enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
                .into_tuple()
                .all(conn)
                .await?;
            query.filter(person::Column::Id.is_in(enrolled))
        }
    };
    let rows: Vec<(PersonId, String, UnitId, String)> = query
        .order_by_asc(person::Column::UnitPath)
        .order_by_asc(person::Column::Name)
        .into_tuple()
        .all(conn)
        .await?;
    let unit_names: BTreeMap<UnitId, String> = org_unit::Entity::find()
        .select_only()
        .columns([org_unit::Column::Id, org_unit::Column::Name])
        .filter(
            org_unit::Column::Id.is_in(
                rows.iter()
                    .map(|(_, _, unit, _)| *unit)
                    .collect::<BTreeSet<_>>(),
            ),
        )
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(person_id, name, unit_id, unit_path)| Watched {
            person_id,
            name,
            unit_id,
            unit_name: unit_names.get(&unit_id).cloned().unwrap_or_default(),
            unit_path,
        })
        .collect())
}

/// Whether any active person works in a unit or below it (one row read, not the subtree).
pub async fn anyone_in(conn: &impl ConnectionTrait, path: &str) -> StoreResult<bool> {
    Ok(person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::Active.eq(true))
        .filter(subtree_condition(person::Column::UnitPath, path))
        .into_tuple::<i64>()
        .one(conn)
        .await?
        .is_some())
}

/// One learner's year as the statistics count it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearnerYear {
    /// The courses required of them this year.
    pub required_courses: BTreeSet<CourseId>,
    /// The lessons those courses hold today.
    pub required_lessons: usize,
    /// The lessons they finished this year, required and optional, oldest first.
    pub finished: Vec<FinishedLesson>,
}

/// Each person's year: the required courses that reach them (by the year's assignments) and
/// what they finished in it. People who are given and have nothing are present with nothing.
pub async fn years(
    conn: &impl ConnectionTrait,
    people: &[PersonId],
    year: i32,
) -> StoreResult<BTreeMap<PersonId, LearnerYear>> {
    use chrono::Datelike;
    let assignments = super::requirements::assignments(conn).await?;
    let lessons_per_course: BTreeMap<CourseId, usize> = learning_lesson::Entity::find()
        .select_only()
        .column(learning_lesson::Column::CourseId)
        .into_tuple::<CourseId>()
        .all(conn)
        .await?
        .into_iter()
        .fold(BTreeMap::new(), |mut counts, course| {
            *counts.entry(course).or_insert(0) += 1;
            counts
        });
    let mut years: BTreeMap<PersonId, LearnerYear> = BTreeMap::new();
    for chunk in people.chunks(CHUNK) {
        let learners = super::requirements::learners(conn, chunk, year).await?;
        for (person_id, learner) in &learners {
            let required = ganxun_domain::learning::required_courses(&assignments, learner, year);
            let entry = years.entry(*person_id).or_default();
            entry.required_lessons = required
                .iter()
                .map(|c| lessons_per_course.get(c).copied().unwrap_or(0))
                .sum();
            entry.required_courses = required;
        }
        for lesson in super::playbacks::finished_of_people(conn, chunk).await? {
            if lesson.finished_on.year() == year {
                years
                    .entry(lesson.person_id)
                    .or_default()
                    .finished
                    .push(lesson);
            }
        }
    }
    Ok(years)
}

/// The time each person learned (credited) on the days `first..=last`, in milliseconds; people
/// who learned nothing are absent.
pub async fn learned_ms(
    conn: &impl ConnectionTrait,
    people: &[PersonId],
    first: NaiveDate,
    last: NaiveDate,
) -> StoreResult<BTreeMap<PersonId, u64>> {
    let mut learned: BTreeMap<PersonId, u64> = BTreeMap::new();
    for chunk in people.chunks(CHUNK) {
        let rows: Vec<(PersonId, i64)> = learning_day::Entity::find()
            .select_only()
            .columns([
                learning_day::Column::PersonId,
                learning_day::Column::EarnedMs,
            ])
            .filter(learning_day::Column::PersonId.is_in(chunk.iter().copied()))
            .filter(learning_day::Column::Day.gte(first))
            .filter(learning_day::Column::Day.lte(last))
            .into_tuple()
            .all(conn)
            .await?;
        for (person_id, earned) in rows {
            *learned.entry(person_id).or_insert(0) += super::ms(earned);
        }
    }
    Ok(learned)
}

/// A playback open now whose last heartbeat came at or after the moment asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learning {
    pub person_id: PersonId,
    pub course_title: String,
    pub lesson_title: String,
    pub started_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// Credited in this playback so far.
    pub earned_ms: u64,
}

/// Who is learning now: open playbacks heard from since `since` (one per person: the lease).
pub async fn learning_since(
    conn: &impl ConnectionTrait,
    since: DateTime<Utc>,
) -> StoreResult<Vec<Learning>> {
    let open = learning_playback::Entity::find()
        .filter(learning_playback::Column::OpenKey.eq(0))
        .filter(learning_playback::Column::LastAt.gte(since))
        .all(conn)
        .await?;
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let lessons: BTreeMap<LessonId, (CourseId, String)> = learning_lesson::Entity::find()
        .filter(learning_lesson::Column::Id.is_in(open.iter().map(|p| p.lesson_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| (l.id, (l.course_id, l.title)))
        .collect();
    let courses: BTreeMap<CourseId, String> = learning_course::Entity::find()
        .filter(learning_course::Column::Id.is_in(lessons.values().map(|(c, _)| *c)))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    Ok(open
        .into_iter()
        .filter_map(|p| {
            let (course_id, lesson_title) = lessons.get(&p.lesson_id)?.clone();
            Some(Learning {
                person_id: p.person_id,
                course_title: courses.get(&course_id).cloned().unwrap_or_default(),
                lesson_title,
                started_at: p.started_at,
                last_at: p.last_at?,
                earned_ms: super::ms(p.earned_ms),
            })
        })
        .collect())
}

/// The units directly below a unit, active ones, in their order.
pub async fn children(
    conn: &impl ConnectionTrait,
    unit_id: UnitId,
) -> StoreResult<Vec<(UnitId, String, String)>> {
    Ok(org_unit::Entity::find()
        .select_only()
        .columns([
            org_unit::Column::Id,
            org_unit::Column::Name,
            org_unit::Column::Path,
        ])
        .filter(org_unit::Column::ParentId.eq(unit_id))
        .filter(org_unit::Column::Active.eq(true))
        .order_by_asc(org_unit::Column::SortOrder)
        .order_by_asc(org_unit::Column::Id)
        .into_tuple()
        .all(conn)
        .await?)
}
