//! Quiz lessons (学习测试, R-REG-8): the library's keepers add a quiz to a draft course; a
//! learner sits it on a published one within its attempts, graded by the server (the page never
//! receives the answers). Passing finishes the lesson and earns the hour conversion's quiz
//! bonus (0.5 class hours by default), which flows into the ledger and compliance like a video's.

use super::courses::{checked_title, learner};
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{DateTime, Utc};
use ganxun_domain::CourseId;
use ganxun_domain::LessonId;
use ganxun_domain::learning::{Question, Quiz};
use ganxun_domain::{ClassHours, Permission};
use ganxun_storage::learning::courses::Course;
use ganxun_storage::learning::quizzes::{self as store, QuizOf};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// One question as written: the options in order and the indexes of the right ones.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct QuestionInput {
    pub text: String,
    pub options: Vec<String>,
    /// Indexes of the right options (0 is the first): one, or several for a multiple choice.
    pub answers: Vec<usize>,
}

/// A quiz as its keeper writes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct QuizInput {
    pub title: String,
    pub questions: Vec<QuestionInput>,
    /// The share of questions to get right, in per cent (default 60).
    #[serde(default = "default_pass")]
    pub pass_percent: u32,
    /// How many times a learner may sit it (default 3).
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
}

fn default_pass() -> u32 {
    60
}

fn default_attempts() -> u32 {
    3
}

/// Adds a quiz at the end of a draft course.
pub async fn add(
    app: &App,
    principal: &Principal,
    course_id: CourseId,
    input: &QuizInput,
) -> AppResult<Course> {
    principal.require(Permission::LearningManage)?;
    let mut errors = Vec::new();
    let title = checked_title("title", &input.title, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let quiz = Quiz {
        questions: input
            .questions
            .iter()
            .map(|q| Question {
                text: q.text.trim().to_owned(),
                options: q.options.iter().map(|o| o.trim().to_owned()).collect(),
                answers: q.answers.iter().copied().collect(),
            })
            .collect(),
        pass_percent: input.pass_percent,
        max_attempts: input.max_attempts,
    };
    quiz.check()
        .map_err(|e| AppError::field("questions", e.code(), e))?;
    Ok(store::add(
        &app.db,
        &principal.actor(),
        app.now(),
        course_id,
        &title,
        &quiz,
    )
    .await?)
}

/// A question as the learner sees it: no answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuizQuestionView {
    pub text: String,
    pub options: Vec<String>,
    /// More than one option is right: the page offers checkboxes.
    pub multiple: bool,
}

/// One sitting as the learner sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuizAttemptView {
    pub correct: u32,
    pub total: u32,
    pub passed: bool,
    pub at: DateTime<Utc>,
}

/// `GET /learning/lessons/{id}/quiz`: the quiz and the learner's sittings.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuizView {
    #[schema(value_type = i64)]
    pub lesson_id: LessonId,
    #[schema(value_type = i64)]
    pub course_id: CourseId,
    pub title: String,
    pub questions: Vec<QuizQuestionView>,
    pub pass_percent: u32,
    pub max_attempts: u32,
    pub attempts: Vec<QuizAttemptView>,
    pub passed: bool,
    pub attempts_left: u32,
    /// The class hours passing earns.
    #[schema(value_type = String)]
    pub hours: ClassHours,
}

fn view(of: QuizOf, hours: ClassHours) -> QuizView {
    let passed = of.attempts.iter().any(|a| a.passed);
    let used = u32::try_from(of.attempts.len()).unwrap_or(u32::MAX);
    QuizView {
        lesson_id: of.lesson_id,
        course_id: of.course_id,
        title: of.title,
        questions: of
            .quiz
            .questions
            .iter()
            .map(|q| QuizQuestionView {
                text: q.text.clone(),
                options: q.options.clone(),
                multiple: q.answers.len() > 1,
            })
            .collect(),
        pass_percent: of.quiz.pass_percent,
        max_attempts: of.quiz.max_attempts,
        attempts: of
            .attempts
            .iter()
            .map(|a| QuizAttemptView {
                correct: a.correct,
                total: a.total,
                passed: a.passed,
                at: a.at,
            })
            .collect(),
        passed,
        attempts_left: if passed {
            0
        } else {
            of.quiz.max_attempts.saturating_sub(used)
        },
        hours,
    }
}

/// The quiz of a published lesson, for the caller to sit.
pub async fn get(app: &App, principal: &Principal, lesson_id: LessonId) -> AppResult<QuizView> {
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    let of = store::of_lesson(&app.db, person_id, lesson_id).await?;
    Ok(view(of, super::lesson_hours(app).await?.quiz_bonus))
}

/// An answer sheet: the chosen options of each question, in order.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SheetInput {
    pub answers: Vec<Vec<usize>>,
}

/// Sits the quiz: graded by the server, kept, and on a pass the lesson is finished.
pub async fn sit(
    app: &App,
    principal: &Principal,
    lesson_id: LessonId,
    input: &SheetInput,
) -> AppResult<QuizView> {
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    let of = store::of_lesson(&app.db, person_id, lesson_id).await?;
    let sheet: Vec<BTreeSet<usize>> = input
        .answers
        .iter()
        .map(|chosen| chosen.iter().copied().collect())
        .collect();
    let graded = of
        .quiz
        .grade(&sheet)
        .map_err(|e| AppError::field("answers", e.code(), e))?;
    let bonus = super::lesson_hours(app).await?.quiz_bonus;
    let answers = serde_json::to_string(&input.answers)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("answers not serialised: {e}")))?;
    let after = store::record(
        &app.db,
        &principal.actor(),
        app.now(),
        person_id,
        lesson_id,
        &answers,
        graded,
        i32::try_from(bonus.hundredths()).unwrap_or(i32::MAX),
    )
    .await?;
    Ok(view(after, bonus))
}
