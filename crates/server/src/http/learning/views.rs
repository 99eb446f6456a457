//! What the online-learning API answers with: its own types, made from the storage rows, so a
//! storage change never changes the contract unseen.

use crate::app::learning::courses::MyLearning;
use chrono::{DateTime, Utc};
use ganxun_domain::CourseId;
use ganxun_domain::LessonId;
use ganxun_domain::MediaId;
use ganxun_domain::PersonId;
use ganxun_domain::PlaybackId;
use ganxun_domain::learning::{Answered, CourseCategory};
use ganxun_domain::{FlagId, NoteId, RequirementId};
use ganxun_storage::learning::courses::{Course, Lesson};
use ganxun_storage::learning::flags::Flag;
use ganxun_storage::learning::media::Media;
use ganxun_storage::learning::notes::Note;
use ganxun_storage::learning::playbacks::{AnswerOutcome, Counted, LessonProgress, Started};
use ganxun_storage::learning::requirements::Requirement;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A video or document the server measured.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MediaView {
    #[schema(value_type = i64)]
    pub id: MediaId,
    /// `video` or `document` (a PDF).
    pub kind: String,
    pub kind_label: String,
    /// A document's pages, counted by the server (0 for a video).
    pub pages: u32,
    pub original_name: String,
    pub bytes: i64,
    /// Read from the file by the server.
    pub duration_ms: u64,
    pub width: u16,
    pub height: u16,
    /// The index comes first, so playback starts before the whole file arrives.
    pub fast_start: bool,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

impl From<Media> for MediaView {
    fn from(m: Media) -> Self {
        Self {
            id: m.id,
            kind: m.kind.code().to_owned(),
            kind_label: m.kind.label_zh().to_owned(),
            pages: m.pages,
            original_name: m.original_name,
            bytes: m.bytes,
            duration_ms: m.duration_ms,
            width: m.width,
            height: m.height,
            fast_start: m.fast_start,
            uploaded_by: m.uploaded_by,
            uploaded_at: m.uploaded_at,
        }
    }
}

/// A lesson of a course, with the caller's progress where they study it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LessonView {
    #[schema(value_type = i64)]
    pub id: LessonId,
    pub position: i32,
    pub title: String,
    /// `video`, `document` (a PDF read on screen for its reading time), or `quiz` (no media
    /// and no length: passing it finishes it).
    pub kind: String,
    pub kind_label: String,
    #[schema(value_type = i64)]
    pub media_id: MediaId,
    /// A video's length, a document's reading time.
    pub duration_ms: u64,
    /// A document's pages (0 otherwise).
    pub pages: u32,
    /// Credited by the server so far (the learner's own pages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watched_ms: Option<u64>,
    /// Where playing resumes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resume_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<DateTime<Utc>>,
}

impl LessonView {
    fn of(lesson: Lesson, progress: Option<&LessonProgress>) -> Self {
        Self {
            id: lesson.id,
            position: lesson.position,
            title: lesson.title,
            kind: lesson.kind.code().to_owned(),
            kind_label: lesson.kind.label_zh().to_owned(),
            media_id: lesson.media_id,
            duration_ms: lesson.duration_ms,
            pages: lesson.pages,
            watched_ms: progress.map(|p| p.watched_ms),
            resume_ms: progress.map(|p| p.resume_ms),
            completed_at: progress.and_then(|p| p.completed_at),
        }
    }
}

/// A course of the library.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseView {
    #[schema(value_type = i64)]
    pub id: CourseId,
    pub title: String,
    /// `theory`, `policy`, `professional`, `general`.
    pub category: String,
    /// The category in Chinese.
    pub category_label: String,
    pub summary: String,
    /// `draft`, `published`, `retired`.
    pub state: String,
    pub state_label: String,
    pub duration_ms: u64,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub lessons: Vec<LessonView>,
    /// Required of the learner this year (必修) or optional (拓展); the learner's pages only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}

impl CourseView {
    /// A course, with the learner's progress on its lessons when given.
    pub fn of(course: Course, progress: Option<&BTreeMap<LessonId, LessonProgress>>) -> Self {
        let duration_ms = course.duration_ms();
        let state_label = course.state.label_zh().to_owned();
        Self {
            id: course.id,
            category_label: CourseCategory::parse(&course.category)
                .map_or(course.category.clone(), |c| c.label_zh().to_owned()),
            title: course.title,
            category: course.category,
            summary: course.summary,
            state: course.state.code().to_owned(),
            state_label,
            duration_ms,
            created_by: course.created_by,
            created_at: course.created_at,
            published_at: course.published_at,
            lessons: course
                .lessons
                .into_iter()
                .map(|l| {
                    let p = progress.and_then(|all| all.get(&l.id));
                    LessonView::of(l, p)
                })
                .collect(),
            required: None,
        }
    }
}

impl From<Course> for CourseView {
    fn from(course: Course) -> Self {
        CourseView::of(course, None)
    }
}

/// A playback just started.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlaybackView {
    #[schema(value_type = i64)]
    pub playback_id: PlaybackId,
    #[schema(value_type = i64)]
    pub lesson_id: LessonId,
    pub duration_ms: u64,
    /// Where to start the video.
    pub resume_ms: u64,
    pub watched_ms: u64,
    /// Another playback of the learner (elsewhere) was ended by this one.
    pub took_over: bool,
    /// How often the page should report, in seconds.
    pub heartbeat_seconds: u32,
    /// `video` or `document`.
    pub kind: String,
    /// A document's pages, the page to open at, and the pages read so far.
    pub pages: u32,
    pub resume_page: u32,
    pub pages_read: u32,
}

impl PlaybackView {
    pub fn of(started: Started, heartbeat_seconds: u32) -> Self {
        Self {
            playback_id: started.playback_id,
            lesson_id: started.lesson_id,
            duration_ms: started.duration_ms,
            resume_ms: started.resume_ms,
            watched_ms: started.watched_ms,
            took_over: started.took_over,
            heartbeat_seconds,
            kind: started.kind.code().to_owned(),
            pages: started.pages,
            resume_page: started.resume_page,
            pages_read: started.pages_read,
        }
    }
}

/// What a heartbeat earned.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BeatView {
    pub earned_ms: u64,
    /// Watched while a presence check waits: credited with the right answer in time.
    pub held_ms: u64,
    /// Why it earned nothing (`paused`, `hidden`, `jumped_ahead` …), if it did not.
    pub refused: Option<String>,
    /// The reason in Chinese.
    pub refused_label: Option<String>,
    pub watched_ms: u64,
    pub duration_ms: u64,
    pub completed: bool,
    /// A presence check waits: show it (its code is drawn by `/presence`).
    pub presence_waiting: bool,
    /// Credited today on every lesson.
    pub today_ms: u64,
    /// A document's pages, the pages read (each on screen long enough), and the first page
    /// not read yet.
    pub pages: u32,
    pub pages_read: u32,
    pub first_unread_page: Option<u32>,
}

impl From<Counted> for BeatView {
    fn from(c: Counted) -> Self {
        Self {
            earned_ms: c.earned_ms,
            held_ms: c.held_ms,
            refused: c.refused.map(|r| r.code().to_owned()),
            refused_label: c.refused.map(|r| r.label_zh().to_owned()),
            watched_ms: c.watched_ms,
            duration_ms: c.duration_ms,
            completed: c.completed,
            presence_waiting: c.presence_waiting,
            today_ms: c.today_ms,
            pages: c.pages,
            pages_read: c.pages_read,
            first_unread_page: c.first_unread_page,
        }
    }
}

/// How a presence answer came out.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PresenceView {
    /// `in_time`, `late`, `wrong` or `not_asked`.
    pub outcome: String,
    /// What the answer credited (the time held while the check waited).
    pub earned_ms: u64,
    pub watched_ms: u64,
    pub presence_waiting: bool,
}

impl From<AnswerOutcome> for PresenceView {
    fn from(a: AnswerOutcome) -> Self {
        let (outcome, earned_ms) = match a.answered {
            Answered::InTime { earned_ms, .. } => ("in_time", earned_ms),
            Answered::Late => ("late", 0),
            Answered::Wrong => ("wrong", 0),
            Answered::NotAsked => ("not_asked", 0),
        };
        Self {
            outcome: outcome.to_owned(),
            earned_ms,
            watched_ms: a.counted.watched_ms,
            presence_waiting: a.counted.presence_waiting,
        }
    }
}

/// A sign that learning may not have been a person at a screen, for review.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FlagView {
    #[schema(value_type = i64)]
    pub id: FlagId,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub person_name: String,
    pub unit_name: String,
    #[schema(value_type = Option<i64>)]
    pub playback_id: Option<PlaybackId>,
    /// `superhuman_answer`, `shared_address`, `many_refused`.
    pub kind: String,
    /// What was seen, in words.
    pub kind_label: String,
    /// The evidence, with the figures.
    pub detail: String,
    pub at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_note: Option<String>,
}

impl From<Flag> for FlagView {
    fn from(f: Flag) -> Self {
        Self {
            id: f.id,
            person_id: f.person_id,
            person_name: f.person_name,
            unit_name: f.unit_name,
            playback_id: f.playback_id,
            kind: f.kind.code().to_owned(),
            kind_label: f.kind.label_zh().to_owned(),
            detail: f.detail,
            at: f.at,
            reviewed_by: f.reviewed_by,
            reviewed_at: f.reviewed_at,
            review_note: f.review_note,
        }
    }
}

/// The learner's year of online learning.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyLearningView {
    pub year: i32,
    /// Class hours from lessons finished this year on required courses, in hundredths: what
    /// counts towards the yearly online hours.
    pub required_hours: i64,
    /// The same on optional courses (拓展): shown, not counted.
    pub optional_hours: i64,
    /// What the compliance rules ask for in a year, in hundredths, and the rule's name.
    pub target_hours: Option<i64>,
    pub target_rule: Option<String>,
    /// Required courses first, then optional ones; newest first within each.
    pub courses: Vec<CourseView>,
}

impl From<MyLearning> for MyLearningView {
    fn from(mine: MyLearning) -> Self {
        let mut courses: Vec<CourseView> = mine
            .courses
            .into_iter()
            .map(|course| {
                let required = mine.required.contains(&course.id);
                CourseView {
                    required: Some(required),
                    ..CourseView::of(course, Some(&mine.progress))
                }
            })
            .collect();
        courses.sort_by_key(|c| c.required != Some(true));
        Self {
            year: mine.year,
            required_hours: mine.required_hours,
            optional_hours: mine.optional_hours,
            target_hours: mine.target.as_ref().map(|(h, _)| i64::from(h.hundredths())),
            target_rule: mine.target.map(|(_, name)| name),
            courses,
        }
    }
}

/// A course required of an audience in a year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequirementView {
    #[schema(value_type = i64)]
    pub id: RequirementId,
    #[schema(value_type = i64)]
    pub course_id: CourseId,
    pub course_title: String,
    pub year: i32,
    /// `everyone`, `category`, `unit`, `class`, `person`.
    pub audience: String,
    pub audience_label: String,
    // Raw: the unit's, class's or person's id, as `audience` says.
    pub audience_id: Option<i64>,
    /// Whom it reaches, in words.
    pub audience_name: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl From<Requirement> for RequirementView {
    fn from(r: Requirement) -> Self {
        Self {
            id: r.id,
            course_id: r.course_id,
            course_title: r.course_title,
            year: r.year,
            audience: r.audience.code().to_owned(),
            audience_label: r.audience.label_zh().to_owned(),
            audience_id: r.audience_id,
            audience_name: r.audience_name,
            created_by: r.created_by,
            created_at: r.created_at,
        }
    }
}

/// A note or reflection on a lesson, with the reader's comment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoteView {
    #[schema(value_type = i64)]
    pub id: NoteId,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub person_name: String,
    pub unit_name: String,
    #[schema(value_type = i64)]
    pub lesson_id: LessonId,
    pub lesson_title: String,
    #[schema(value_type = i64)]
    pub course_id: CourseId,
    pub course_title: String,
    /// `note` or `reflection`.
    pub kind: String,
    pub kind_label: String,
    pub body: String,
    /// Where in the lesson a note was taken.
    pub position_ms: Option<u64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub comment: Option<String>,
    pub commented_by: Option<String>,
    pub commented_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl From<Note> for NoteView {
    fn from(n: Note) -> Self {
        Self {
            id: n.id,
            person_id: n.person_id,
            person_name: n.person_name,
            unit_name: n.unit_name,
            lesson_id: n.lesson_id,
            lesson_title: n.lesson_title,
            course_id: n.course_id,
            course_title: n.course_title,
            kind: n.kind.code().to_owned(),
            kind_label: n.kind.label_zh().to_owned(),
            body: n.body,
            position_ms: n.position_ms,
            created_at: n.created_at,
            updated_at: n.updated_at,
            comment: n.comment,
            commented_by: n.commented_by,
            commented_at: n.commented_at,
            version: n.version,
        }
    }
}
