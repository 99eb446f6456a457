//! Learners' notes and reflections on lessons, and the comments of those who guide them
//! (R-ONL-5). A learner writes, edits and deletes only their own; a comment is the reader's
//! and stays with the note when the learner edits it. Every change is audited.

use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{learning_course, learning_lesson, learning_note, person};
use crate::error::{StoreError, StoreResult};
use crate::org::scope::AccessScope;
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::ClassId;
use ganxun_domain::CourseId;
use ganxun_domain::LessonId;
use ganxun_domain::NoteId;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::learning::NoteKind;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::BTreeMap;

/// A note as its writer and its readers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: NoteId,
    pub person_id: PersonId,
    pub person_name: String,
    pub unit_name: String,
    pub lesson_id: LessonId,
    pub lesson_title: String,
    pub course_id: CourseId,
    pub course_title: String,
    pub kind: NoteKind,
    pub body: String,
    pub position_ms: Option<u64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub comment: Option<String>,
    pub commented_by: Option<String>,
    pub commented_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// Writes a note on a lesson of a published course.
#[allow(clippy::too_many_arguments)]
pub async fn write(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    person_id: PersonId,
    lesson_id: LessonId,
    kind: NoteKind,
    body: &str,
    position_ms: Option<u64>,
) -> StoreResult<Note> {
    let tx = db.begin_write().await?;
    let lesson = super::courses::published_lesson(&tx, lesson_id).await?;
    // A position past the lesson's end is the page's mistake: kept at the end.
    let position_ms = position_ms.map(|p| p.min(super::ms(lesson.duration_ms)));
    let row = learning_note::Entity::insert(learning_note::ActiveModel {
        person_id: Set(person_id),
        lesson_id: Set(lesson_id),
        kind: Set(kind.code().to_owned()),
        body: Set(body.to_owned()),
        position_ms: Set(position_ms.map(super::db_ms)),
        created_at: Set(now),
        updated_at: Set(now),
        comment: Set(None),
        commented_by: Set(None),
        commented_at: Set(None),
        version: Set(1),
        ..Default::default()
    })
    .exec_with_returning(&tx)
    .await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.note.write", "learning_note", row.id)
            .after(serde_json::json!({ "lesson_id": lesson_id, "kind": kind.code() })),
    )
    .await?;
    let note = assemble(&tx, vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(note)
}

/// Rewrites one's own note, if nobody changed it since `version` was read.
pub async fn edit(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    person_id: PersonId,
    id: NoteId,
    body: &str,
    version: i32,
) -> StoreResult<Note> {
    let tx = db.begin_write().await?;
    let current = own(&tx, person_id, id).await?;
    if current.version != version {
        return Err(StoreError::refused(Refusal::NoteChanged));
    }
    let before = current.body.clone();
    let mut model: learning_note::ActiveModel = current.into();
    model.body = Set(body.to_owned());
    model.updated_at = Set(now);
    model.version = Set(version + 1);
    let row = model.update(&tx).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.note.edit", "learning_note", id)
            .before(serde_json::json!({ "body": before }))
            .after(serde_json::json!({ "body": body })),
    )
    .await?;
    let note = assemble(&tx, vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(note)
}

/// Deletes one's own note (the audit log keeps what it said).
pub async fn delete(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    person_id: PersonId,
    id: NoteId,
) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    let current = own(&tx, person_id, id).await?;
    learning_note::Entity::delete_by_id(id).exec(&tx).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.note.delete", "learning_note", id).before(
            serde_json::json!({ "lesson_id": current.lesson_id, "kind": current.kind,
                "body": current.body, "comment": current.comment }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Another person's note is "not found" to a learner.
async fn own(
    conn: &impl ConnectionTrait,
    person_id: PersonId,
    id: NoteId,
) -> StoreResult<learning_note::Model> {
    learning_note::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|n| n.person_id == person_id)
        .ok_or(StoreError::NotFound)
}

/// A learner's own notes, newest first; of one lesson when given.
pub async fn of_person(
    db: &Db,
    person_id: PersonId,
    lesson_id: Option<LessonId>,
) -> StoreResult<Vec<Note>> {
    let conn = db.connection();
    let mut query = learning_note::Entity::find()
        .filter(learning_note::Column::PersonId.eq(person_id))
        .order_by_desc(learning_note::Column::CreatedAt)
        .order_by_desc(learning_note::Column::Id);
    if let Some(lesson_id) = lesson_id {
        query = query.filter(learning_note::Column::LessonId.eq(lesson_id));
    }
    assemble(conn, query.all(conn).await?).await
}

/// The notes of learners in the reader's scope, newest first; only those without a comment
/// when `waiting`, only reflections or notes when `kind` is given. At most 500.
pub async fn in_scope(
    db: &Db,
    scope: &AccessScope,
    waiting: bool,
    kind: Option<NoteKind>,
) -> StoreResult<Vec<Note>> {
    let conn = db.connection();
    let mut query = learning_note::Entity::find()
        .order_by_desc(learning_note::Column::UpdatedAt)
        .order_by_desc(learning_note::Column::Id);
    if waiting {
        query = query.filter(learning_note::Column::CommentedAt.is_null());
    }
    if let Some(kind) = kind {
        query = query.filter(learning_note::Column::Kind.eq(kind.code()));
    }
    if !scope.all {
        let people = people_in(conn, scope).await?;
        query = query.filter(learning_note::Column::PersonId.is_in(people));
    }
    assemble(conn, query.limit(500).all(conn).await?).await
}

/// The people a scope reaches, among those who wrote notes.
async fn people_in(conn: &impl ConnectionTrait, scope: &AccessScope) -> StoreResult<Vec<PersonId>> {
    let writers: Vec<PersonId> = learning_note::Entity::find()
        .select_only()
        .column(learning_note::Column::PersonId)
        .distinct()
        .into_tuple()
        .all(conn)
        .await?;
    let people: Vec<(PersonId, UnitId, String)> = person::Entity::find()
        .select_only()
        .columns([
            person::Column::Id,
            person::Column::UnitId,
            person::Column::UnitPath,
        ])
        .filter(person::Column::Id.is_in(writers))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(people
        .into_iter()
        .filter(|(id, unit, path)| scope.reaches(path, *unit, *id))
        .map(|(id, _, _)| id)
        .collect())
}

/// The trainees of the classes an account leads as head teacher: a head teacher reads their
/// notes whichever unit they come from.
pub async fn trainees_led_by(db: &Db, account_id: AccountId) -> StoreResult<Vec<PersonId>> {
    let conn = db.connection();
    let classes: Vec<ClassId> = crate::entity::training_class::Entity::find()
        .select_only()
        .column(crate::entity::training_class::Column::Id)
        .filter(crate::entity::training_class::Column::HeadTeacherAccountId.eq(account_id))
        .into_tuple()
        .all(conn)
        .await?;
    if classes.is_empty() {
        return Ok(Vec::new());
    }
    Ok(crate::entity::class_enrolment::Entity::find()
        .select_only()
        .column(crate::entity::class_enrolment::Column::PersonId)
        .filter(crate::entity::class_enrolment::Column::ClassId.is_in(classes))
        .filter(
            crate::entity::class_enrolment::Column::Status
                .eq(ganxun_domain::classes::enrolment::EnrolmentStatus::Enrolled),
        )
        .distinct()
        .into_tuple()
        .all(conn)
        .await?)
}

/// One note, if the scope reaches its writer.
pub async fn get_in_scope(db: &Db, scope: &AccessScope, id: NoteId) -> StoreResult<Note> {
    let conn = db.connection();
    let row = learning_note::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let writer = person::Entity::find_by_id(row.person_id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if !scope.reaches(&writer.unit_path, writer.unit_id, writer.id) {
        return Err(StoreError::NotFound);
    }
    assemble(conn, vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Answers a note with a comment (replacing an earlier one of the reader's side), signed with
/// the commenter's name as the learner knows them.
pub async fn comment(
    db: &Db,
    actor: &Actor,
    commenter: &str,
    now: DateTime<Utc>,
    id: NoteId,
    text: &str,
) -> StoreResult<Note> {
    let tx = db.begin_write().await?;
    let current = learning_note::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let before = current.comment.clone();
    let mut model: learning_note::ActiveModel = current.into();
    model.comment = Set(Some(text.to_owned()));
    model.commented_by = Set(Some(commenter.to_owned()));
    model.commented_at = Set(Some(now));
    let row = model.update(&tx).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.note.comment", "learning_note", id)
            .before(serde_json::json!({ "comment": before }))
            .after(serde_json::json!({ "comment": text })),
    )
    .await?;
    let note = assemble(&tx, vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(note)
}

/// Rows with the names a reader needs: writer, unit, lesson and course.
async fn assemble(
    conn: &impl ConnectionTrait,
    rows: Vec<learning_note::Model>,
) -> StoreResult<Vec<Note>> {
    let lessons: BTreeMap<LessonId, learning_lesson::Model> = learning_lesson::Entity::find()
        .filter(learning_lesson::Column::Id.is_in(rows.iter().map(|r| r.lesson_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let courses: BTreeMap<CourseId, String> = learning_course::Entity::find()
        .filter(learning_course::Column::Id.is_in(lessons.values().map(|l| l.course_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    let people = super::named(conn, rows.iter().map(|r| r.person_id)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let lesson = lessons.get(&r.lesson_id)?;
            let who = people.get(&r.person_id)?;
            Some(Note {
                id: r.id,
                person_id: r.person_id,
                person_name: who.name.clone(),
                unit_name: who.unit_name.clone(),
                lesson_id: r.lesson_id,
                lesson_title: lesson.title.clone(),
                course_id: lesson.course_id,
                course_title: courses.get(&lesson.course_id).cloned().unwrap_or_default(),
                kind: NoteKind::parse(&r.kind)?,
                body: r.body,
                position_ms: r.position_ms.map(super::ms),
                created_at: r.created_at,
                updated_at: r.updated_at,
                comment: r.comment,
                commented_by: r.commented_by,
                commented_at: r.commented_at,
                version: r.version,
            })
        })
        .collect())
}
