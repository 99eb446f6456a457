//! Quiz lessons (学习测试, R-REG-8): added to a draft course like a video; sat by learners on a
//! published one. A passing sitting finishes the lesson in the same transaction — its class
//! hours (the conversion's quiz bonus) kept on the progress row, the ledger's posting promised
//! through the follow-ups and the learner marked for the compliance refresh — exactly as a
//! video finished by its heartbeats.

use super::courses::Course;
use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{learning_lesson, learning_progress, learning_quiz, learning_quiz_attempt};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use ganxun_domain::CourseId;
use ganxun_domain::LearningProgressId;
use ganxun_domain::LessonId;
use ganxun_domain::MediaId;
use ganxun_domain::PersonId;
use ganxun_domain::learning::{CourseState, LessonKind};
use ganxun_domain::learning::{Graded, Quiz};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};

/// Adds a quiz at the end of a draft course.
pub async fn add(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    course_id: CourseId,
    title: &str,
    quiz: &Quiz,
) -> StoreResult<Course> {
    let tx = db.begin_write().await?;
    let course = super::courses::row(&tx, course_id).await?;
    if course.state != CourseState::Draft {
        return Err(StoreError::refused(Refusal::CourseNotDraft {
            state: course.state,
        }));
    }
    let position = learning_lesson::Entity::find()
        .filter(learning_lesson::Column::CourseId.eq(course_id))
        .count(&tx)
        .await?;
    let lesson = learning_lesson::Entity::insert(learning_lesson::ActiveModel {
        course_id: Set(course_id),
        position: Set(i32::try_from(position + 1).unwrap_or(i32::MAX)),
        title: Set(title.to_owned()),
        media_id: Set(MediaId(0)),
        duration_ms: Set(0),
        kind: Set(LessonKind::Quiz),
        ..Default::default()
    })
    .exec_with_returning(&tx)
    .await?;
    let body = serde_json::to_string(quiz).map_err(|e| StoreError::Other(e.into()))?;
    learning_quiz::Entity::insert(learning_quiz::ActiveModel {
        lesson_id: Set(lesson.id),
        body: Set(body),
        pass_percent: Set(i32::try_from(quiz.pass_percent).unwrap_or(100)),
        max_attempts: Set(i32::try_from(quiz.max_attempts).unwrap_or(1)),
        ..Default::default()
    })
    .exec(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.quiz.add", "learning_course", course_id).after(
            serde_json::json!({ "lesson_id": lesson.id, "title": title, "questions": quiz.questions.len() }),
        ),
    )
    .await?;
    let course = super::courses::assemble(&tx, course).await?;
    tx.commit().await?;
    Ok(course)
}

/// A quiz as a learner meets it, with their sittings so far.
#[derive(Debug, Clone)]
pub struct QuizOf {
    pub lesson_id: LessonId,
    pub course_id: CourseId,
    pub title: String,
    pub quiz: Quiz,
    /// The learner's sittings, oldest first.
    pub attempts: Vec<Attempt>,
}

/// One sitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub correct: u32,
    pub total: u32,
    pub passed: bool,
    pub at: DateTime<Utc>,
}

impl From<learning_quiz_attempt::Model> for Attempt {
    fn from(m: learning_quiz_attempt::Model) -> Self {
        Self {
            correct: u32::try_from(m.correct).unwrap_or(0),
            total: u32::try_from(m.total).unwrap_or(0),
            passed: m.passed,
            at: m.at,
        }
    }
}

/// The quiz of a lesson of a published course, with the person's sittings.
pub async fn of_lesson(db: &Db, person_id: PersonId, lesson_id: LessonId) -> StoreResult<QuizOf> {
    load(db.connection(), person_id, lesson_id).await
}

async fn load(
    conn: &impl ConnectionTrait,
    person_id: PersonId,
    lesson_id: LessonId,
) -> StoreResult<QuizOf> {
    let lesson = super::courses::published_lesson(conn, lesson_id).await?;
    if lesson.kind != LessonKind::Quiz {
        return Err(StoreError::refused(Refusal::NotAQuiz));
    }
    let row = learning_quiz::Entity::find()
        .filter(learning_quiz::Column::LessonId.eq(lesson_id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let quiz: Quiz = serde_json::from_str(&row.body).map_err(|e| StoreError::Other(e.into()))?;
    let attempts = learning_quiz_attempt::Entity::find()
        .filter(learning_quiz_attempt::Column::PersonId.eq(person_id))
        .filter(learning_quiz_attempt::Column::LessonId.eq(lesson_id))
        .order_by_asc(learning_quiz_attempt::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(Attempt::from)
        .collect();
    Ok(QuizOf {
        lesson_id,
        course_id: lesson.course_id,
        title: lesson.title,
        quiz,
        attempts,
    })
}

/// Keeps a graded sitting, if the person may still sit the quiz; a pass finishes the lesson
/// with `hours` (hundredths) in the same transaction. The answers are kept as given.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    person_id: PersonId,
    lesson_id: LessonId,
    answers: &str,
    graded: Graded,
    hours: i32,
) -> StoreResult<QuizOf> {
    let tx = db.begin_write().await?;
    let before = load(&tx, person_id, lesson_id).await?;
    if before.attempts.iter().any(|a| a.passed) {
        return Err(StoreError::refused(Refusal::QuizPassed));
    }
    if before.attempts.len() >= before.quiz.max_attempts as usize {
        return Err(StoreError::refused(Refusal::QuizNoAttemptsLeft {
            attempts: before.quiz.max_attempts,
        }));
    }
    let attempt = learning_quiz_attempt::Entity::insert(learning_quiz_attempt::ActiveModel {
        person_id: Set(person_id),
        lesson_id: Set(lesson_id),
        answers: Set(answers.to_owned()),
        correct: Set(i32::try_from(graded.correct).unwrap_or(0)),
        total: Set(i32::try_from(graded.total).unwrap_or(0)),
        passed: Set(graded.passed),
        at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&tx)
    .await?;
    if graded.passed {
        let progress_id = finish(&tx, person_id, lesson_id, now, hours).await?;
        // Promised with the pass itself: compliance counts it, the ledger posts it.
        crate::compliance::board::mark_dirty(&tx, now, [person_id]).await?;
        crate::follow_ups::enqueue(&tx, actor, now, super::LESSON_CREDITS, progress_id.0).await?;
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.quiz.sit", "learning_quiz_attempt", attempt.id).after(
            serde_json::json!({ "lesson_id": lesson_id, "correct": graded.correct, "total": graded.total, "passed": graded.passed }),
        ),
    )
    .await?;
    let after = load(&tx, person_id, lesson_id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Marks the quiz lesson finished for the person: its progress row, with the hours it earns.
async fn finish(
    conn: &impl ConnectionTrait,
    person_id: PersonId,
    lesson_id: LessonId,
    now: DateTime<Utc>,
    hours: i32,
) -> StoreResult<LearningProgressId> {
    let existing = learning_progress::Entity::find()
        .filter(learning_progress::Column::PersonId.eq(person_id))
        .filter(learning_progress::Column::LessonId.eq(lesson_id))
        .one(conn)
        .await?;
    Ok(match existing {
        Some(progress) => {
            let id = progress.id;
            let mut model: learning_progress::ActiveModel = progress.into();
            model.completed_at = Set(Some(now));
            model.hours = Set(hours);
            model.updated_at = Set(now);
            model.update(conn).await?;
            id
        }
        None => {
            learning_progress::Entity::insert(learning_progress::ActiveModel {
                person_id: Set(person_id),
                lesson_id: Set(lesson_id),
                watched: Set("[]".to_owned()),
                earned_ms: Set(0),
                resume_ms: Set(0),
                hours: Set(hours),
                completed_at: Set(Some(now)),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(conn)
            .await?
            .last_insert_id
        }
    })
}
