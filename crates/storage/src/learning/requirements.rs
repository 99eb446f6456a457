//! Required courses (必修): which course is required of whom in a year. Making or withdrawing
//! an assignment changes whether lessons already finished count, so the same transaction
//! promises their re-posting (one follow-up per finished lesson of that course and year) and
//! marks their learners for the compliance refresh.

use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{
    class_enrolment, learning_course, learning_lesson, learning_progress, learning_requirement,
    org_unit, person, person_category, training_class,
};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::Category;
use ganxun_domain::CourseId;
use ganxun_domain::LessonId;
use ganxun_domain::learning::{Assignment, Audience, AudienceKind, Learner};
use ganxun_domain::{ClassId, PersonId, RequirementId, UnitId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::{BTreeMap, BTreeSet};

/// Whom a new assignment names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewAudience {
    Everyone,
    Category(Category),
    Unit(UnitId),
    Class(ClassId),
    Person(PersonId),
}

impl NewAudience {
    fn kind(self) -> AudienceKind {
        match self {
            NewAudience::Everyone => AudienceKind::Everyone,
            NewAudience::Category(_) => AudienceKind::Category,
            NewAudience::Unit(_) => AudienceKind::Unit,
            NewAudience::Class(_) => AudienceKind::Class,
            NewAudience::Person(_) => AudienceKind::Person,
        }
    }

    fn id(self) -> Option<i64> {
        match self {
            NewAudience::Unit(id) => Some(id.0),
            NewAudience::Class(id) => Some(id.0),
            // The column holds whichever id the kind names.
            NewAudience::Person(id) => Some(id.0),
            NewAudience::Everyone | NewAudience::Category(_) => None,
        }
    }

    fn code(self) -> Option<&'static str> {
        match self {
            NewAudience::Category(category) => Some(category.code()),
            _ => None,
        }
    }

    /// One text naming the audience, unique per course and year.
    fn key(self) -> String {
        match (self.id(), self.code()) {
            (Some(id), _) => format!("{}:{id}", self.kind().code()),
            (None, Some(code)) => format!("{}:{code}", self.kind().code()),
            (None, None) => self.kind().code().to_owned(),
        }
    }
}

/// An assignment as the library's keepers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub id: RequirementId,
    pub course_id: CourseId,
    pub course_title: String,
    pub year: i32,
    pub audience: AudienceKind,
    /// The unit's, class's or person's id, as the audience kind says (a raw number for that).
    pub audience_id: Option<i64>,
    /// Whom it reaches, in words: 全体学员, a category's name, a unit's, a class's or a person's.
    pub audience_name: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// Makes a course required of an audience in a year; `by` is the keeper's name.
#[allow(clippy::too_many_arguments)]
pub async fn add(
    db: &Db,
    actor: &Actor,
    by: &str,
    now: DateTime<Utc>,
    course_id: CourseId,
    year: i32,
    audience: NewAudience,
) -> StoreResult<Requirement> {
    let tx = db.begin_write().await?;
    let course = learning_course::Entity::find_by_id(course_id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if course.state == ganxun_domain::learning::CourseState::Retired {
        return Err(StoreError::refused(Refusal::CourseRetired));
    }
    let audience_name = name_of(&tx, audience).await?;
    let key = audience.key();
    let taken = learning_requirement::Entity::find()
        .filter(learning_requirement::Column::CourseId.eq(course_id))
        .filter(learning_requirement::Column::Year.eq(year))
        .filter(learning_requirement::Column::AudienceKey.eq(key.as_str()))
        .one(&tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::refused(Refusal::RequirementExists));
    }
    let row = learning_requirement::Entity::insert(learning_requirement::ActiveModel {
        course_id: Set(course_id),
        year: Set(year),
        audience: Set(audience.kind().code().to_owned()),
        audience_id: Set(audience.id()),
        audience_code: Set(audience.code().map(str::to_owned)),
        audience_key: Set(key),
        created_by: Set(by.to_owned()),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.requirement.add", "learning_course", course_id).after(
            serde_json::json!({ "year": year, "audience": audience.kind().code(),
                "audience_name": audience_name }),
        ),
    )
    .await?;
    recount(&tx, actor, now, course_id, year).await?;
    tx.commit().await?;
    Ok(Requirement {
        id: row.id,
        course_id,
        course_title: course.title,
        year,
        audience: audience.kind(),
        audience_id: audience.id(),
        audience_name,
        created_by: row.created_by,
        created_at: row.created_at,
    })
}

/// Withdraws an assignment: what was finished under it counts as optional from now on.
pub async fn remove(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: RequirementId,
) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    let row = learning_requirement::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    learning_requirement::Entity::delete_by_id(id)
        .exec(&tx)
        .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new(
            "learning.requirement.remove",
            "learning_course",
            row.course_id,
        )
        .before(
            serde_json::json!({ "year": row.year, "audience": row.audience,
                "audience_key": row.audience_key }),
        ),
    )
    .await?;
    recount(&tx, actor, now, row.course_id, row.year).await?;
    tx.commit().await?;
    Ok(())
}

/// The assignments of a year, by course then audience.
pub async fn list(db: &Db, year: i32) -> StoreResult<Vec<Requirement>> {
    let conn = db.connection();
    let rows = learning_requirement::Entity::find()
        .filter(learning_requirement::Column::Year.eq(year))
        .order_by_asc(learning_requirement::Column::CourseId)
        .order_by_asc(learning_requirement::Column::Id)
        .all(conn)
        .await?;
    let courses: BTreeMap<CourseId, String> = learning_course::Entity::find()
        .filter(learning_course::Column::Id.is_in(rows.iter().map(|r| r.course_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(audience) = stored_audience(&row) else {
            continue;
        };
        // A unit, class or person removed since keeps its assignment listed, named as gone.
        let audience_name = match name_of(conn, audience).await {
            Ok(name) => name,
            Err(_) => format!("（已删除的{}）", audience.kind().label_zh()),
        };
        out.push(Requirement {
            id: row.id,
            course_id: row.course_id,
            course_title: courses.get(&row.course_id).cloned().unwrap_or_default(),
            year: row.year,
            audience: audience.kind(),
            audience_id: row.audience_id,
            audience_name,
            created_by: row.created_by,
            created_at: row.created_at,
        });
    }
    Ok(out)
}

fn stored_audience(row: &learning_requirement::Model) -> Option<NewAudience> {
    Some(match AudienceKind::parse(&row.audience)? {
        AudienceKind::Everyone => NewAudience::Everyone,
        AudienceKind::Category => {
            NewAudience::Category(Category::parse(row.audience_code.as_deref()?)?)
        }
        AudienceKind::Unit => NewAudience::Unit(UnitId(row.audience_id?)),
        AudienceKind::Class => NewAudience::Class(ClassId(row.audience_id?)),
        AudienceKind::Person => NewAudience::Person(PersonId(row.audience_id?)),
    })
}

/// The audience in words; a unit, class or person that does not exist is refused.
async fn name_of(conn: &impl ConnectionTrait, audience: NewAudience) -> StoreResult<String> {
    let missing = |kind: &'static str| StoreError::refused(Refusal::AudienceUnknown { kind });
    Ok(match audience {
        NewAudience::Everyone => AudienceKind::Everyone.label_zh().to_owned(),
        NewAudience::Category(category) => category.label_zh().to_owned(),
        NewAudience::Unit(id) => {
            org_unit::Entity::find_by_id(id)
                .one(conn)
                .await?
                .ok_or_else(|| missing("单位"))?
                .name
        }
        NewAudience::Class(id) => {
            training_class::Entity::find_by_id(id)
                .one(conn)
                .await?
                .ok_or_else(|| missing("培训班"))?
                .title
        }
        NewAudience::Person(id) => {
            person::Entity::find_by_id(id)
                .one(conn)
                .await?
                .ok_or_else(|| missing("人员"))?
                .name
        }
    })
}

/// The first and last instants of a China calendar year.
fn year_span(year: i32) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = ganxun_domain::calendar::china_midnight(NaiveDate::from_ymd_opt(year, 1, 1)?);
    let end = ganxun_domain::calendar::china_midnight(NaiveDate::from_ymd_opt(year + 1, 1, 1)?);
    Some((start, end))
}

/// Promises the re-posting of every lesson of the course finished in the year, and marks
/// their learners for the compliance refresh: whether each counts may have changed.
async fn recount(
    tx: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
    course_id: CourseId,
    year: i32,
) -> StoreResult<()> {
    let Some((start, end)) = year_span(year) else {
        return Ok(());
    };
    let lessons: Vec<LessonId> = learning_lesson::Entity::find()
        .filter(learning_lesson::Column::CourseId.eq(course_id))
        .all(tx)
        .await?
        .into_iter()
        .map(|l| l.id)
        .collect();
    let finished = learning_progress::Entity::find()
        .filter(learning_progress::Column::LessonId.is_in(lessons))
        .filter(learning_progress::Column::CompletedAt.gte(start))
        .filter(learning_progress::Column::CompletedAt.lt(end))
        .all(tx)
        .await?;
    for progress in &finished {
        crate::follow_ups::enqueue(tx, actor, now, super::LESSON_CREDITS, progress.id.0).await?;
    }
    crate::compliance::board::mark_dirty(tx, now, finished.iter().map(|p| p.person_id)).await?;
    Ok(())
}

/// Every assignment, with units resolved to their paths (units are few; assignments too).
pub async fn assignments(conn: &impl ConnectionTrait) -> StoreResult<Vec<Assignment>> {
    let rows = learning_requirement::Entity::find().all(conn).await?;
    let unit_ids: BTreeSet<UnitId> = rows
        .iter()
        .filter(|r| r.audience == AudienceKind::Unit.code())
        .filter_map(|r| r.audience_id.map(UnitId))
        .collect();
    let paths: BTreeMap<UnitId, String> = if unit_ids.is_empty() {
        BTreeMap::new()
    } else {
        org_unit::Entity::find()
            .filter(org_unit::Column::Id.is_in(unit_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.path))
            .collect()
    };
    Ok(rows
        .iter()
        .filter_map(|row| {
            let audience = match stored_audience(row)? {
                NewAudience::Everyone => Audience::Everyone,
                NewAudience::Category(category) => Audience::Category(category),
                NewAudience::Unit(id) => Audience::Unit {
                    path: paths.get(&id)?.clone(),
                },
                NewAudience::Class(id) => Audience::Class(id),
                NewAudience::Person(id) => Audience::Person(id),
            };
            Some(Assignment {
                course_id: row.course_id,
                year: row.year,
                audience,
            })
        })
        .collect())
}

/// The given people as the assignments of a year see them: their unit, the categories they
/// held at some time in the year, the classes they are or were enrolled in.
pub async fn learners(
    conn: &impl ConnectionTrait,
    people: &[PersonId],
    year: i32,
) -> StoreResult<BTreeMap<PersonId, Learner>> {
    let mut learners: BTreeMap<PersonId, Learner> = person::Entity::find()
        .filter(person::Column::Id.is_in(people.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.id,
                Learner {
                    person_id: p.id,
                    unit_path: p.unit_path,
                    categories: BTreeSet::new(),
                    classes: BTreeSet::new(),
                },
            )
        })
        .collect();
    if let (Some(first), Some(next)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year + 1, 1, 1),
    ) {
        let held = person_category::Entity::find()
            .filter(person_category::Column::PersonId.is_in(people.iter().copied()))
            .filter(person_category::Column::ValidFrom.lt(next))
            .filter(
                Condition::any()
                    .add(person_category::Column::ValidTo.is_null())
                    .add(person_category::Column::ValidTo.gt(first)),
            )
            .all(conn)
            .await?;
        for row in held {
            if let Some(learner) = learners.get_mut(&row.person_id) {
                learner.categories.insert(row.category);
            }
        }
    }
    let enrolled = class_enrolment::Entity::find()
        .filter(class_enrolment::Column::PersonId.is_in(people.iter().copied()))
        .filter(
            class_enrolment::Column::Status
                .eq(ganxun_domain::classes::enrolment::EnrolmentStatus::Enrolled),
        )
        .all(conn)
        .await?;
    for row in enrolled {
        if let Some(learner) = learners.get_mut(&row.person_id) {
            learner.classes.insert(row.class_id);
        }
    }
    Ok(learners)
}

/// Which of the given courses are required of the person in the year.
pub async fn required_of(
    conn: &impl ConnectionTrait,
    person_id: PersonId,
    year: i32,
) -> StoreResult<BTreeSet<CourseId>> {
    let assignments = assignments(conn).await?;
    if assignments.is_empty() {
        return Ok(BTreeSet::new());
    }
    let learners = learners(conn, &[person_id], year).await?;
    Ok(learners
        .get(&person_id)
        .map(|learner| ganxun_domain::learning::required_courses(&assignments, learner, year))
        .unwrap_or_default())
}
