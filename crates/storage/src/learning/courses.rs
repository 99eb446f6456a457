//! The course library: courses of lessons, drafted, published for study, retired.

use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{learning_course, learning_lesson, learning_media};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use ganxun_domain::CourseId;
use ganxun_domain::LessonId;
use ganxun_domain::MediaId;
use ganxun_domain::learning::{CourseState, LessonKind, MediaKind};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

/// A course with its lessons in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    pub id: CourseId,
    pub title: String,
    pub category: String,
    pub summary: String,
    pub state: CourseState,
    pub version: i32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub lessons: Vec<Lesson>,
}

impl Course {
    /// The length of every lesson together.
    pub fn duration_ms(&self) -> u64 {
        self.lessons.iter().map(|l| l.duration_ms).sum()
    }
}

/// One lesson: a measured video, a document read on screen, or a quiz (no media, no length;
/// passing it finishes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    pub id: LessonId,
    pub course_id: CourseId,
    pub position: i32,
    pub title: String,
    pub kind: LessonKind,
    /// The video or document; 0 for a quiz.
    pub media_id: MediaId,
    /// A video's length; a document's reading time.
    pub duration_ms: u64,
    /// A document's pages (0 otherwise).
    pub pages: u32,
}

impl From<learning_lesson::Model> for Lesson {
    fn from(m: learning_lesson::Model) -> Self {
        Self {
            id: m.id,
            course_id: m.course_id,
            position: m.position,
            title: m.title,
            kind: m.kind,
            media_id: m.media_id,
            duration_ms: super::ms(m.duration_ms),
            pages: u32::try_from(m.pages).unwrap_or(0),
        }
    }
}

/// What a new course says about itself.
#[derive(Debug, Clone)]
pub struct NewCourse {
    pub title: String,
    pub category: String,
    pub summary: String,
}

pub(crate) async fn assemble(
    conn: &impl ConnectionTrait,
    course: learning_course::Model,
) -> StoreResult<Course> {
    let lessons = learning_lesson::Entity::find()
        .filter(learning_lesson::Column::CourseId.eq(course.id))
        .order_by_asc(learning_lesson::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(Lesson::from)
        .collect();
    Ok(with_lessons(course, lessons))
}

fn with_lessons(course: learning_course::Model, lessons: Vec<Lesson>) -> Course {
    Course {
        id: course.id,
        title: course.title,
        category: course.category,
        summary: course.summary,
        state: course.state,
        version: course.version,
        created_by: course.created_by,
        created_at: course.created_at,
        published_at: course.published_at,
        lessons,
    }
}

pub(crate) async fn row(
    conn: &impl ConnectionTrait,
    id: CourseId,
) -> StoreResult<learning_course::Model> {
    learning_course::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Drafts a course.
pub async fn create(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    new: &NewCourse,
) -> StoreResult<Course> {
    let tx = db.begin_write().await?;
    let row = learning_course::Entity::insert(learning_course::ActiveModel {
        title: Set(new.title.clone()),
        category: Set(new.category.clone()),
        summary: Set(new.summary.clone()),
        state: Set(CourseState::Draft),
        version: Set(1),
        created_by: Set(actor.name.clone()),
        created_at: Set(now),
        published_at: Set(None),
        ..Default::default()
    })
    .exec_with_returning(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.course.create", "learning_course", row.id)
            .after(serde_json::json!({ "title": new.title, "category": new.category })),
    )
    .await?;
    let course = assemble(&tx, row).await?;
    tx.commit().await?;
    Ok(course)
}

/// Adds a video or document lesson at the end of a draft course. A video's length is the
/// media's own; a document's is the reading time given, or a minute a page.
pub async fn add_lesson(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    course_id: CourseId,
    title: &str,
    media_id: MediaId,
    reading_minutes: Option<u32>,
) -> StoreResult<Course> {
    let tx = db.begin_write().await?;
    let course = row(&tx, course_id).await?;
    if course.state != CourseState::Draft {
        return Err(StoreError::refused(Refusal::CourseNotDraft {
            state: course.state,
        }));
    }
    let media = learning_media::Entity::find_by_id(media_id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let (kind, duration_ms) = match media.kind {
        MediaKind::Video if reading_minutes.is_some() => {
            return Err(StoreError::refused(Refusal::ReadingTimeOfVideo));
        }
        MediaKind::Video => (LessonKind::Video, media.duration_ms),
        MediaKind::Document => {
            let pages = u32::try_from(media.pages).unwrap_or(1);
            let minutes = reading_minutes.unwrap_or_else(|| {
                ganxun_domain::learning::reading::default_reading_minutes(pages)
            });
            (LessonKind::Document, i64::from(minutes) * 60_000)
        }
    };
    let position = learning_lesson::Entity::find()
        .filter(learning_lesson::Column::CourseId.eq(course_id))
        .count(&tx)
        .await?;
    let lesson = learning_lesson::Entity::insert(learning_lesson::ActiveModel {
        course_id: Set(course_id),
        position: Set(i32::try_from(position + 1).unwrap_or(i32::MAX)),
        title: Set(title.to_owned()),
        media_id: Set(media_id),
        duration_ms: Set(duration_ms),
        kind: Set(kind),
        pages: Set(media.pages),
        ..Default::default()
    })
    .exec_with_returning(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.lesson.add", "learning_course", course_id).after(
            serde_json::json!({
                "lesson_id": lesson.id, "title": title, "media_id": media_id,
                "kind": kind.code(), "duration_ms": duration_ms,
            }),
        ),
    )
    .await?;
    let course = assemble(&tx, course).await?;
    tx.commit().await?;
    Ok(course)
}

/// Publishes a draft course with lessons, or retires a published one.
pub async fn set_state(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: CourseId,
    publish: bool,
) -> StoreResult<Course> {
    let tx = db.begin_write().await?;
    let current = row(&tx, id).await?;
    let (from, to) = if publish {
        (CourseState::Draft, CourseState::Published)
    } else {
        (CourseState::Published, CourseState::Retired)
    };
    if current.state != from {
        return Err(StoreError::refused(if publish {
            Refusal::CourseNotDraft {
                state: current.state,
            }
        } else {
            Refusal::CourseNotRetirable {
                state: current.state,
            }
        }));
    }
    if publish
        && learning_lesson::Entity::find()
            .filter(learning_lesson::Column::CourseId.eq(id))
            .count(&tx)
            .await?
            == 0
    {
        return Err(StoreError::refused(Refusal::CourseEmpty));
    }
    let version = current.version + 1;
    let mut model: learning_course::ActiveModel = current.into();
    model.state = Set(to);
    model.version = Set(version);
    if publish {
        model.published_at = Set(Some(now));
    }
    let updated = learning_course::Entity::update(model).exec(&tx).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.course.state", "learning_course", id)
            .before(serde_json::json!({ "state": from.code() }))
            .after(serde_json::json!({ "state": to.code() })),
    )
    .await?;
    let course = assemble(&tx, updated).await?;
    tx.commit().await?;
    Ok(course)
}

/// A lesson of a published course (what may be studied), else "not found" or "not published".
pub(crate) async fn published_lesson(
    conn: &impl ConnectionTrait,
    lesson_id: LessonId,
) -> StoreResult<learning_lesson::Model> {
    let lesson = learning_lesson::Entity::find_by_id(lesson_id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let course = row(conn, lesson.course_id).await?;
    if course.state != CourseState::Published {
        return Err(StoreError::refused(Refusal::CourseNotPublished));
    }
    Ok(lesson)
}

/// One course.
pub async fn get(db: &Db, id: CourseId) -> StoreResult<Course> {
    let conn = db.connection();
    assemble(conn, row(conn, id).await?).await
}

/// Every course, or only the published ones (what learners see), newest first.
pub async fn list(db: &Db, published_only: bool) -> StoreResult<Vec<Course>> {
    let conn = db.connection();
    let mut query = learning_course::Entity::find().order_by_desc(learning_course::Column::Id);
    if published_only {
        query = query.filter(learning_course::Column::State.eq(CourseState::Published));
    }
    let rows = query.all(conn).await?;
    // Every course's lessons in one query, not one per course.
    let mut lessons: std::collections::BTreeMap<CourseId, Vec<Lesson>> = Default::default();
    for lesson in learning_lesson::Entity::find()
        .filter(learning_lesson::Column::CourseId.is_in(rows.iter().map(|c| c.id)))
        .order_by_asc(learning_lesson::Column::Position)
        .all(conn)
        .await?
    {
        lessons
            .entry(lesson.course_id)
            .or_default()
            .push(Lesson::from(lesson));
    }
    Ok(rows
        .into_iter()
        .map(|course| {
            let lessons = lessons.remove(&course.id).unwrap_or_default();
            with_lessons(course, lessons)
        })
        .collect())
}
