//! The teaching plan (R-CLS-3): sessions checked against the dossier, class hours computed under
//! the deployment's conversion (R-REG-8), instructors never booked twice at once — in this
//! class or any other.

use super::load;
use super::rules::{self, ClassRules};
use crate::app::{App, AppError, AppResult, FieldError, Principal};
use chrono::{NaiveDate, NaiveTime};
use ganxun_domain::ClassId;
use ganxun_domain::classes::{ClassDates, Session, check_plan};
use ganxun_domain::{ClassHours, ClassState, InstructorId, Permission};
use ganxun_storage::classes::teaching::{self, Instructor, NewSession, SessionRow};
use ganxun_storage::classes::{ClassRecord, ClassVisibility};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One session as entered.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SessionInput {
    pub date: NaiveDate,
    /// "HH:MM", China time.
    pub start_time: String,
    pub end_time: String,
    pub topic: String,
    #[schema(value_type = Option<i64>)]
    pub instructor_id: Option<InstructorId>,
    /// Class hours the author expects, e.g. "3" or "1.5"; checked against the computed hours.
    pub declared_hours: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TeachingPlanInput {
    /// The class version read.
    pub version: i32,
    pub sessions: Vec<SessionInput>,
}

/// A problem of the plan, for one session or the whole.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanIssue {
    pub code: String,
    pub message: String,
    /// 0-based session index, when it concerns one.
    pub session: Option<usize>,
}

/// The plan with its hours and the problems found now.
#[derive(Debug, Clone, Serialize)]
pub struct TeachingPlan {
    pub sessions: Vec<SessionRow>,
    /// Hundredths of a class hour.
    pub total_hours: i64,
    pub version: i32,
    pub problems: Vec<PlanIssue>,
}

fn time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

fn problem_session(problem: &ganxun_domain::PlanProblem) -> Option<usize> {
    use ganxun_domain::PlanProblem as P;
    match problem {
        P::EmptyTopic { session }
        | P::EndNotAfterStart { session, .. }
        | P::OutsideClassDates { session, .. }
        | P::HoursMismatch { session, .. } => Some(*session),
        P::InstructorOverlap { second, .. } => Some(*second),
        P::DayOverLimit { .. } | P::TotalOverLimit { .. } => None,
    }
}

/// Runs the domain's checks plus double bookings in other classes.
async fn check(
    app: &App,
    class: &ClassRecord,
    sessions: &[Session],
    rules: &ClassRules,
) -> AppResult<(Vec<ClassHours>, Vec<PlanIssue>)> {
    let dates =
        ClassDates::new(class.starts_on, class.ends_on).map_err(|e| AppError::rule(e.code(), e))?;
    let checked = check_plan(dates, sessions, &rules.conversion);
    let mut issues: Vec<PlanIssue> = checked
        .problems
        .iter()
        .map(|p| PlanIssue {
            code: p.code().to_owned(),
            message: p.to_string(),
            session: problem_session(p),
        })
        .collect();
    let instructors: Vec<InstructorId> = sessions.iter().filter_map(|s| s.instructor).collect();
    let elsewhere = teaching::instructor_sessions(
        &app.db,
        &instructors,
        class.starts_on,
        class.ends_on,
        class.id,
    )
    .await?;
    for (index, session) in sessions.iter().enumerate() {
        let Some(instructor) = session.instructor else {
            continue;
        };
        for (_, title, other) in &elsewhere {
            let (Some(start), Some(end)) = (time(&other.start_time), time(&other.end_time)) else {
                continue;
            };
            let clash = other.instructor_id == Some(instructor)
                && other.date == session.date
                && session.start < end
                && start < session.end;
            if clash {
                issues.push(PlanIssue {
                    code: "PLAN_INSTRUCTOR_BUSY".to_owned(),
                    message: format!(
                        "第 {} 节：{} 在 {} {}–{} 已安排在“{}”授课",
                        index + 1,
                        other.instructor_name,
                        other.date,
                        other.start_time,
                        other.end_time,
                        title
                    ),
                    session: Some(index),
                });
            }
        }
    }
    Ok((checked.session_hours, issues))
}

fn to_domain(rows: &[SessionRow]) -> Vec<Session> {
    rows.iter()
        .filter_map(|r| {
            Some(Session {
                date: r.date,
                start: time(&r.start_time)?,
                end: time(&r.end_time)?,
                topic: r.topic.clone(),
                instructor: r.instructor_id,
                declared_hours: r
                    .declared_hours
                    .and_then(|h| u32::try_from(h).ok())
                    .map(ClassHours::from_hundredths),
            })
        })
        .collect()
}

/// The plan of a class as stored, with the problems it has under today's rules.
pub async fn get_plan(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<TeachingPlan> {
    let class = load(app, principal, Permission::ClassRead, class_id).await?;
    let visibility = ClassVisibility::everything();
    let rows = teaching::sessions(&app.db, &visibility, class_id).await?;
    let rules = rules::load(app).await?;
    let (_, problems) = check(app, &class, &to_domain(&rows), &rules).await?;
    Ok(TeachingPlan {
        total_hours: class.total_hours,
        version: class.version,
        sessions: rows,
        problems,
    })
}

/// Who may change the plan in which state: the unit while it drafts, those running the class
/// once it is approved (changes are audited; the approver sees how the plan was carried out).
fn plan_permission(state: ClassState) -> Option<Permission> {
    match state {
        ClassState::Draft => Some(Permission::ClassWrite),
        ClassState::Approved
        | ClassState::Filed
        | ClassState::Enrolling
        | ClassState::InProgress => Some(Permission::ClassRun),
        _ => None,
    }
}

const PLAN_EDITABLE: &[ClassState] = &[
    ClassState::Draft,
    ClassState::Approved,
    ClassState::Filed,
    ClassState::Enrolling,
    ClassState::InProgress,
];

/// Replaces the teaching plan; refuses with every problem found, per session.
pub async fn set_plan(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    input: &TeachingPlanInput,
) -> AppResult<TeachingPlan> {
    let seen = load(app, principal, Permission::ClassRead, class_id).await?;
    let permission = plan_permission(seen.state).ok_or_else(|| {
        AppError::refused(
            ganxun_storage::classes::refusal::Refusal::ClassNotEditable { state: seen.state },
        )
    })?;
    let visibility = super::visibility(app, principal, permission).await?;
    let class = ganxun_storage::classes::get(&app.db, &visibility, class_id).await?;
    let mut errors = Vec::new();
    let mut sessions = Vec::with_capacity(input.sessions.len());
    let mut names = Vec::with_capacity(input.sessions.len());
    for (index, s) in input.sessions.iter().enumerate() {
        let field = format!("sessions[{index}]");
        let (start, end) = (time(&s.start_time), time(&s.end_time));
        if start.is_none() || end.is_none() {
            errors.push(FieldError::new(
                &field,
                "PLAN_TIME_INVALID",
                format!("第 {} 节的时间须写成“时:分”，例如 08:30", index + 1),
            ));
        }
        let declared = match s
            .declared_hours
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
        {
            None => None,
            Some(text) => match ClassHours::parse(text) {
                Ok(hours) => Some(hours),
                Err(e) => {
                    errors.push(FieldError::new(
                        &field,
                        e.code(),
                        format!("第 {} 节：{e}", index + 1),
                    ));
                    None
                }
            },
        };
        let instructor_name = match s.instructor_id {
            None => String::new(),
            Some(id) => match teaching::get_instructor(&app.db, id).await {
                Ok(found) => found.name,
                Err(_) => {
                    errors.push(FieldError::new(
                        &field,
                        "UNKNOWN_INSTRUCTOR",
                        format!("第 {} 节的授课教师不在师资库中", index + 1),
                    ));
                    String::new()
                }
            },
        };
        names.push(instructor_name);
        sessions.push(Session {
            date: s.date,
            start: start.unwrap_or(NaiveTime::MIN),
            end: end.unwrap_or(NaiveTime::MIN),
            topic: s.topic.trim().to_owned(),
            instructor: s.instructor_id,
            declared_hours: declared,
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let rules = rules::load(app).await?;
    let (hours, issues) = check(app, &class, &sessions, &rules).await?;
    if !issues.is_empty() {
        return Err(AppError::Validation(
            issues
                .into_iter()
                .map(|i| {
                    FieldError::new(
                        &i.session
                            .map_or("sessions".to_owned(), |s| format!("sessions[{s}]")),
                        &i.code,
                        i.message,
                    )
                })
                .collect(),
        ));
    }
    let new_sessions = sessions
        .into_iter()
        .zip(hours)
        .zip(names)
        .map(|((s, h), instructor_name)| NewSession {
            date: s.date,
            start_time: s.start.format("%H:%M").to_string(),
            end_time: s.end.format("%H:%M").to_string(),
            topic: s.topic,
            instructor_id: s.instructor,
            instructor_name,
            class_hours: i64::from(h.hundredths()),
            declared_hours: s.declared_hours.map(|d| i64::from(d.hundredths())),
        })
        .collect();
    teaching::replace_plan(
        &app.db,
        &principal.actor(),
        app.now(),
        &visibility,
        class_id,
        input.version,
        PLAN_EDITABLE,
        new_sessions,
    )
    .await?;
    get_plan(app, principal, class_id).await
}

/// Refuses to submit a class without a sound teaching plan.
pub async fn require_sound_plan(
    app: &App,
    class: &ClassRecord,
    rules: &ClassRules,
) -> AppResult<()> {
    let rows = teaching::sessions(&app.db, &ClassVisibility::everything(), class.id).await?;
    if rows.is_empty() {
        return Err(AppError::rule(
            "TEACHING_PLAN_EMPTY",
            "请先填写教学计划（至少一节课）再申报",
        ));
    }
    let (_, issues) = check(app, class, &to_domain(&rows), rules).await?;
    if let Some(first) = issues.first() {
        return Err(AppError::rule(
            "TEACHING_PLAN_UNSOUND",
            format!(
                "教学计划有 {} 处问题，请修改后再申报：{}",
                issues.len(),
                first.message
            ),
        ));
    }
    Ok(())
}

pub async fn instructors(app: &App, principal: &Principal) -> AppResult<Vec<Instructor>> {
    principal.require(Permission::ClassRead)?;
    Ok(teaching::instructors(&app.db).await?)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct InstructorInput {
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub affiliation: String,
}

pub async fn add_instructor(
    app: &App,
    principal: &Principal,
    input: &InstructorInput,
) -> AppResult<Instructor> {
    if !principal.may(Permission::ClassWrite) && !principal.may(Permission::ClassRun) {
        return Err(AppError::Forbidden);
    }
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 30 {
        return Err(AppError::field(
            "name",
            "INSTRUCTOR_NAME_INVALID",
            "请填写教师姓名（不超过 30 个字）",
        ));
    }
    Ok(teaching::add_instructor(
        &app.db,
        &principal.actor(),
        app.now(),
        name,
        input.title.trim(),
        input.affiliation.trim(),
        None,
    )
    .await?)
}
