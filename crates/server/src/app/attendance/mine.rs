//! The signed-in trainee's own timetable (issue 17 item 7): the classes they hold a seat in that
//! are enrolling or running, each with its sessions from today on — whether sign-in is open now,
//! their own mark, whether leave covers the session. It reads only the caller's own enrolment, so
//! nobody sees another person's sessions; an account without a person has an empty timetable.

use crate::app::attendance::{settings, times};
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::attendance::{AttendanceStatus, LeaveState, SignInTiming, sign_in_timing};
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_domain::{ClassId, ClassState, Permission, SessionId};
use ganxun_storage::attendance::{self, SessionInfo};
use ganxun_storage::classes::enrolment as enrolment_store;
use ganxun_storage::classes::{self, ClassVisibility};
use serde::Serialize;
use utoipa::ToSchema;

/// Where sign-in to a session stands at the moment asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignInWindow {
    /// The window opens later (`sign_in_opens_at`).
    NotYet,
    /// Within the window, but the head teacher has not opened the roll call.
    AwaitingRollCall,
    /// Open: scan the code on the room's screen.
    Open,
    /// The window has closed.
    Closed,
}

/// The caller's own mark for a session.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyMark {
    #[schema(value_type = String)]
    pub status: AttendanceStatus,
    pub minutes_late: i32,
    pub signed_at: Option<DateTime<Utc>>,
}

/// One session of the caller's class, today or later.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MySession {
    #[schema(value_type = i64)]
    pub id: SessionId,
    pub seq: i32,
    pub date: NaiveDate,
    /// "HH:MM", China time.
    pub start_time: String,
    pub end_time: String,
    pub topic: String,
    /// Hundredths of a class hour.
    pub class_hours: i64,
    pub sign_in: SignInWindow,
    pub sign_in_opens_at: DateTime<Utc>,
    pub sign_in_closes_at: DateTime<Utc>,
    pub mark: Option<MyMark>,
    /// `pending` or `approved` when a leave request of the caller covers the session.
    #[schema(value_type = Option<String>)]
    pub leave: Option<LeaveState>,
}

/// A class the caller holds a seat in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyClass {
    #[schema(value_type = i64)]
    pub class_id: ClassId,
    pub title: String,
    #[schema(value_type = String)]
    pub state: ClassState,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub host_name: String,
    pub venue: String,
    pub head_teacher_name: Option<String>,
    /// Sessions from today on, in plan order.
    pub sessions: Vec<MySession>,
}

/// The caller's classes and sessions from `today` on.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyTimetable {
    /// Today, China time.
    pub today: NaiveDate,
    /// The server's time when it answered.
    pub now: DateTime<Utc>,
    /// Running classes first, then those still enrolling; each by start day.
    pub classes: Vec<MyClass>,
}

/// The caller's own timetable (`class.read`: the trainee role holds it).
pub async fn mine(app: &App, principal: &Principal) -> AppResult<MyTimetable> {
    if !principal.may(Permission::ClassRead) {
        return Err(AppError::Forbidden);
    }
    let now = app.now();
    let today = app.today();
    let mut timetable = MyTimetable {
        today,
        now,
        classes: Vec::new(),
    };
    let Some(person) = principal.person_id else {
        return Ok(timetable);
    };
    let settings = settings(app).await?;
    for (class_id, status) in enrolment_store::of_person(&app.db, person).await? {
        if status != EnrolmentStatus::Enrolled {
            continue;
        }
        // Enrolled: the class is the caller's to see (ADR 0006's trainee visibility).
        let class = classes::get(&app.db, &ClassVisibility::everything(), class_id).await?;
        if !matches!(class.state, ClassState::Enrolling | ClassState::InProgress) {
            continue;
        }
        let all = attendance::sessions_of_class(&app.db, class_id).await?;
        let marks: Vec<_> = attendance::marks_of_class(&app.db, class_id)
            .await?
            .into_iter()
            .filter(|m| m.person_id == person)
            .collect();
        let leave = attendance::leave_of_class(&app.db, class_id, Some(person)).await?;
        let seq_of = |id: SessionId| all.iter().find(|s| s.id == id).map(|s| s.seq);
        let covering = |session: &SessionInfo| {
            leave
                .iter()
                .filter(|l| matches!(l.state, LeaveState::Pending | LeaveState::Approved))
                .find(|l| {
                    let (Some(first), Some(last)) =
                        (seq_of(l.first_session_id), seq_of(l.last_session_id))
                    else {
                        return false;
                    };
                    (first..=last).contains(&session.seq)
                })
                .map(|l| l.state)
        };
        let mut sessions = Vec::new();
        for session in all.iter().filter(|s| s.date >= today) {
            let times = times(session)?;
            let opened = attendance::roll_call_opened(&app.db, session.id)
                .await?
                .is_some();
            let sign_in = match sign_in_timing(&times, now, &settings) {
                SignInTiming::TooEarly { .. } => SignInWindow::NotYet,
                SignInTiming::Closed { .. } => SignInWindow::Closed,
                SignInTiming::OnTime | SignInTiming::Late { .. } if opened => SignInWindow::Open,
                SignInTiming::OnTime | SignInTiming::Late { .. } => SignInWindow::AwaitingRollCall,
            };
            sessions.push(MySession {
                id: session.id,
                seq: session.seq,
                date: session.date,
                start_time: session.start_time.clone(),
                end_time: session.end_time.clone(),
                topic: session.topic.clone(),
                class_hours: session.class_hours,
                sign_in,
                sign_in_opens_at: times.sign_in_opens_at(&settings),
                sign_in_closes_at: times.sign_in_closes_at(&settings),
                mark: marks
                    .iter()
                    .find(|m| m.session_id == session.id)
                    .map(|m| MyMark {
                        status: m.status,
                        minutes_late: m.minutes_late,
                        signed_at: m.signed_at,
                    }),
                leave: covering(session),
            });
        }
        timetable.classes.push(MyClass {
            class_id,
            title: class.title,
            state: class.state,
            starts_on: class.starts_on,
            ends_on: class.ends_on,
            host_name: class.host_name,
            venue: class.venue,
            head_teacher_name: class.head_teacher_name,
            sessions,
        });
    }
    timetable
        .classes
        .sort_by_key(|c| (c.state != ClassState::InProgress, c.starts_on, c.class_id.0));
    Ok(timetable)
}
