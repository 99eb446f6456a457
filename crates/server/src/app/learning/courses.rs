//! The course library: the authority drafts a course, adds its lessons from measured videos,
//! publishes it for study and retires it; learners see the published ones with their progress.

use crate::app::{App, AppError, AppResult, FieldError, Principal};
use ganxun_domain::MediaId;
use ganxun_domain::Permission;
use ganxun_domain::PersonId;
use ganxun_domain::learning::{CourseCategory, CourseState};
use ganxun_domain::{CourseId, LessonId};
use ganxun_storage::learning::courses::{self as store, Course, NewCourse};
use ganxun_storage::learning::playbacks::{self, LessonProgress};
use ganxun_storage::learning::requirements;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use utoipa::ToSchema;

/// A course as entered.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CourseInput {
    pub title: String,
    /// `theory`, `policy`, `professional` or `general`.
    pub category: String,
    #[serde(default)]
    pub summary: String,
}

/// A lesson as entered: a title and an uploaded video or document.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LessonInput {
    pub title: String,
    #[schema(value_type = i64)]
    pub media_id: MediaId,
    /// A document's reading time in minutes (1–600); a minute a page when not given. A video's
    /// length is its file's.
    #[serde(default)]
    pub reading_minutes: Option<u32>,
}

/// What becomes of a course: `publish` or `retire`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CourseStateInput {
    pub action: String,
}

pub(super) fn checked_title(field: &str, title: &str, errors: &mut Vec<FieldError>) -> String {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        errors.push(FieldError::new(
            field,
            "TITLE_INVALID",
            "请填写名称（不超过 100 个字）",
        ));
    }
    title.to_owned()
}

/// Drafts a course.
pub async fn create(app: &App, principal: &Principal, input: &CourseInput) -> AppResult<Course> {
    principal.require(Permission::LearningManage)?;
    let mut errors = Vec::new();
    let title = checked_title("title", &input.title, &mut errors);
    let category = CourseCategory::parse(&input.category);
    if category.is_none() {
        errors.push(FieldError::new(
            "category",
            "COURSE_CATEGORY_UNKNOWN",
            "请选择课程分类：政治理论与党性教育、政策法规、业务与专业知识或综合素养",
        ));
    }
    if input.summary.chars().count() > 2000 {
        errors.push(FieldError::new(
            "summary",
            "SUMMARY_TOO_LONG",
            "课程简介不能超过 2000 个字",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let new = NewCourse {
        title,
        category: category.map(|c| c.code()).unwrap_or_default().to_owned(),
        summary: input.summary.trim().to_owned(),
    };
    Ok(store::create(&app.db, &principal.actor(), app.now(), &new).await?)
}

/// Adds a lesson at the end of a draft course.
pub async fn add_lesson(
    app: &App,
    principal: &Principal,
    course_id: CourseId,
    input: &LessonInput,
) -> AppResult<Course> {
    principal.require(Permission::LearningManage)?;
    let mut errors = Vec::new();
    let title = checked_title("title", &input.title, &mut errors);
    if input
        .reading_minutes
        .is_some_and(|m| !(1..=600).contains(&m))
    {
        errors.push(FieldError::new(
            "reading_minutes",
            "READING_MINUTES_INVALID",
            "阅读时间应为 1 至 600 分钟",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(store::add_lesson(
        &app.db,
        &principal.actor(),
        app.now(),
        course_id,
        &title,
        input.media_id,
        input.reading_minutes,
    )
    .await?)
}

/// Publishes or retires a course.
pub async fn set_state(
    app: &App,
    principal: &Principal,
    id: CourseId,
    input: &CourseStateInput,
) -> AppResult<Course> {
    principal.require(Permission::LearningManage)?;
    let publish = crate::app::two_way(&input.action, "publish", "retire")
        .map_err(|_| AppError::field("action", "UNKNOWN_ACTION", "操作应为发布或下架"))?;
    Ok(store::set_state(&app.db, &principal.actor(), app.now(), id, publish).await?)
}

/// What the library is searched by: words in a course's title, summary or lessons' titles,
/// its category, its state.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseSearch {
    /// Words to find in titles and summaries (all of them, in any order).
    #[serde(default)]
    pub q: Option<String>,
    /// A category code (`theory`, `policy` …).
    #[serde(default)]
    pub category: Option<String>,
    /// `draft`, `published` or `retired`.
    #[serde(default)]
    pub state: Option<String>,
}

impl CourseSearch {
    fn matches(&self, course: &Course) -> bool {
        let text = || {
            let mut all = format!("{} {}", course.title, course.summary);
            for lesson in &course.lessons {
                all.push(' ');
                all.push_str(&lesson.title);
            }
            all.to_lowercase()
        };
        let words_found = self.q.as_deref().is_none_or(|q| {
            let haystack = text();
            q.split_whitespace()
                .all(|word| haystack.contains(&word.to_lowercase()))
        });
        words_found
            && self
                .category
                .as_deref()
                .is_none_or(|c| c.is_empty() || course.category == c)
            && self
                .state
                .as_deref()
                .is_none_or(|s| s.is_empty() || course.state.code() == s)
    }
}

/// The library's courses that match the search, newest first (for its keepers). A library holds
/// hundreds of courses, not millions: they are matched after loading.
pub async fn list(
    app: &App,
    principal: &Principal,
    search: &CourseSearch,
) -> AppResult<Vec<Course>> {
    principal.require(Permission::LearningManage)?;
    let mut search = search.clone();
    if let Some(category) = search.category.as_deref().filter(|c| !c.is_empty()) {
        let known = CourseCategory::parse(category).ok_or_else(|| {
            AppError::field("category", "COURSE_CATEGORY_UNKNOWN", "请选择课程分类")
        })?;
        search.category = Some(known.code().to_owned());
    }
    Ok(store::list(&app.db, false)
        .await?
        .into_iter()
        .filter(|course| search.matches(course))
        .collect())
}

/// A course as its keepers or (published) its learners see it.
pub async fn get(app: &App, principal: &Principal, id: CourseId) -> AppResult<Course> {
    principal.require_any(&[Permission::Learn, Permission::LearningManage])?;
    let course = store::get(&app.db, id).await?;
    if course.state != CourseState::Published && !principal.may(Permission::LearningManage) {
        return Err(AppError::NotFound);
    }
    Ok(course)
}

/// The learner's year: the published courses with their progress on each lesson, which
/// courses are required of them this year, and the hours finished this year on each side.
#[derive(Debug, Clone)]
pub struct MyLearning {
    pub year: i32,
    pub courses: Vec<Course>,
    pub progress: BTreeMap<LessonId, LessonProgress>,
    pub required: BTreeSet<CourseId>,
    /// Class hours from lessons finished this year, in hundredths: on required courses (they
    /// count towards the yearly online hours) and on optional ones (shown, not counted).
    pub required_hours: i64,
    pub optional_hours: i64,
    /// What the compliance rules in force ask for in a year, with the rule's name.
    pub target: Option<(ganxun_domain::ClassHours, String)>,
}

/// The caller's learning this year.
pub async fn mine(app: &App, principal: &Principal) -> AppResult<MyLearning> {
    use chrono::Datelike;
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    let today = ganxun_domain::china_date(app.now());
    let year = today.year();
    // Every course, retired ones too: a lesson finished this year on a course retired since
    // still counts, as it does in compliance and the ledger; only published ones are listed.
    let all = store::list(&app.db, false).await?;
    let progress: BTreeMap<LessonId, LessonProgress> = playbacks::progress(&app.db, person_id)
        .await?
        .into_iter()
        .map(|p| (p.lesson_id, p))
        .collect();
    let required = requirements::required_of(app.db.connection(), person_id, year).await?;
    let (mut required_hours, mut optional_hours) = (0, 0);
    for course in &all {
        for lesson in &course.lessons {
            let Some(done) = progress.get(&lesson.id) else {
                continue;
            };
            let this_year = done
                .completed_at
                .is_some_and(|at| ganxun_domain::china_date(at).year() == year);
            if !this_year {
                continue;
            }
            if required.contains(&course.id) {
                required_hours += done.hours;
            } else {
                optional_hours += done.hours;
            }
        }
    }
    let courses = all
        .into_iter()
        .filter(|c| c.state == CourseState::Published)
        .collect();
    Ok(MyLearning {
        year,
        courses,
        progress,
        required,
        required_hours,
        optional_hours,
        target: super::requirements::yearly_target(app, today).await?,
    })
}

/// The person the caller studies as: an account without one has nothing to study.
pub fn learner(principal: &Principal) -> AppResult<PersonId> {
    principal.person_id.ok_or_else(|| {
        AppError::rule(
            "NOT_A_LEARNER",
            "您的账号没有关联干部信息，不能参加网络学习；请联系单位管理员关联",
        )
    })
}
