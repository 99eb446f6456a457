//! Leave use cases (issue 5, R-ATT-2, R-REG-5): a trainee asks for leave before a range of
//! sessions; the approver decides under the 1/7 cap, withdrawing the trainee (退学) when approving
//! past it; the trainee cancels or reports back (销假).
//!
//! Who decides (ADR 0007): the class's head teacher always; when the class names an office (e.g.
//! 人事科), the accounts of that office or of a unit inside it holding `leave.approve`; when it
//! names none, those who run the class (`class.run` reaching it).

use crate::app::attendance::{settings, times};
use crate::app::classes::{load, own_unit_and_ancestors};
use crate::app::{App, AppError, AppResult, Principal, two_way};
use ganxun_domain::ClassId;
use ganxun_domain::LeaveId;
use ganxun_domain::SessionId;
use ganxun_domain::UnitId;
use ganxun_domain::attendance::LeaveCap;
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_domain::{ClassHours, ClassState, Permission};
use ganxun_storage::attendance::{self, LeaveDecision, LeaveRow, NewLeave, SessionInfo};
use ganxun_storage::classes::enrolment::{self as enrolment_store};
use ganxun_storage::classes::{self, ClassRecord, ClassVisibility};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// The most pending requests the approvers' list reads at once.
const PENDING_LIMIT: u64 = 1_000;

/// Whether `principal` belongs to `office` (or a unit inside it) and holds `leave.approve`: the
/// same membership class visibility grants the office (`classes::own_unit_and_ancestors`).
async fn in_office(app: &App, principal: &Principal, office: UnitId) -> AppResult<bool> {
    if !principal.may(Permission::LeaveApprove) {
        return Ok(false);
    }
    Ok(own_unit_and_ancestors(app, principal)
        .await?
        .contains(&office))
}

/// The class of a leave request, if `principal` may decide its leave; `Forbidden` when they see
/// the class but another body decides, `NotFound` when they do not see it at all.
async fn class_for_decider(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<ClassRecord> {
    let class = classes::get(&app.db, &ClassVisibility::everything(), class_id).await?;
    let head_teacher = class.head_teacher_account_id == Some(principal.account_id)
        && principal.may(Permission::LeaveApprove);
    let allowed = head_teacher
        || match class.leave_office_unit_id {
            Some(office) => in_office(app, principal, office).await?,
            None => load(app, principal, Permission::ClassRun, class_id)
                .await
                .is_ok(),
        };
    if allowed {
        return Ok(class);
    }
    load(app, principal, Permission::ClassRead, class_id).await?;
    Err(AppError::Forbidden)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LeaveInput {
    #[schema(value_type = i64)]
    pub first_session_id: SessionId,
    #[schema(value_type = i64)]
    pub last_session_id: SessionId,
    pub reason: String,
}

/// The sessions a leave covers, in plan order, and their hours.
async fn covered(
    app: &App,
    class_id: ClassId,
    first: SessionId,
    last: SessionId,
) -> AppResult<Vec<SessionInfo>> {
    let sessions = attendance::sessions_of_class(&app.db, class_id).await?;
    let seq_of = |id: SessionId| sessions.iter().find(|s| s.id == id).map(|s| s.seq);
    let (Some(from), Some(to)) = (seq_of(first), seq_of(last)) else {
        return Err(AppError::field(
            "first_session_id",
            "UNKNOWN_SESSION",
            "所选课次不属于本班次",
        ));
    };
    if from > to {
        return Err(AppError::field(
            "last_session_id",
            "LEAVE_RANGE_REVERSED",
            "结束课次不能早于开始课次",
        ));
    }
    Ok(sessions
        .into_iter()
        .filter(|s| (from..=to).contains(&s.seq))
        .collect())
}

/// A trainee asks for leave from a range of sessions, before the first starts.
pub async fn request_leave(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    input: &LeaveInput,
) -> AppResult<LeaveRow> {
    let person_id = principal.person_id.ok_or(AppError::Forbidden)?;
    let class = load(app, principal, Permission::ClassRead, class_id).await?;
    let enrolled = enrolment_store::of_person(&app.db, person_id)
        .await?
        .into_iter()
        .any(|(c, s)| c == class_id && s == EnrolmentStatus::Enrolled);
    if !enrolled {
        return Err(AppError::NotFound);
    }
    if !matches!(class.state, ClassState::Enrolling | ClassState::InProgress) {
        return Err(AppError::rule(
            "CLASS_NOT_RUNNING",
            "只能在报名或培训期间请假",
        ));
    }
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::field(
            "reason",
            "REASON_REQUIRED",
            "请填写请假事由（不超过 500 字）",
        ));
    }
    let sessions = covered(app, class_id, input.first_session_id, input.last_session_id).await?;
    let first = sessions.first().ok_or(AppError::NotFound)?;
    if app.now() >= times(first)?.starts_at() {
        return Err(AppError::rule(
            "LEAVE_TOO_LATE",
            "请在课程开始前请假；已开始的课次请联系班主任处理",
        ));
    }
    let hours = sessions.iter().map(|s| s.class_hours).sum();
    Ok(attendance::request_leave(
        &app.db,
        &principal.actor(),
        app.now(),
        NewLeave {
            class_id,
            person_id,
            first_session_id: input.first_session_id,
            last_session_id: input.last_session_id,
            hours,
            reason: reason.to_owned(),
        },
    )
    .await?)
}

/// Leave requests of a class: all for those who run it or decide its leave, one's own for a
/// trainee.
pub async fn leave_list(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Vec<LeaveRow>> {
    let full = match load(app, principal, Permission::ClassRun, class_id).await {
        Ok(class) => Ok(class),
        Err(AppError::NotFound | AppError::Forbidden) => {
            class_for_decider(app, principal, class_id).await
        }
        Err(other) => Err(other),
    };
    match full {
        Ok(_) => Ok(attendance::leave_of_class(&app.db, class_id, None).await?),
        Err(AppError::NotFound | AppError::Forbidden) => {
            load(app, principal, Permission::ClassRead, class_id).await?;
            let person_id = principal.person_id.ok_or(AppError::NotFound)?;
            Ok(attendance::leave_of_class(&app.db, class_id, Some(person_id)).await?)
        }
        Err(other) => Err(other),
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LeaveDecisionInput {
    /// approve or refuse.
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    /// Approve past the 1/7 cap by withdrawing the trainee from the class (退学).
    #[serde(default)]
    pub withdraw: bool,
}

/// The approver decides; approval past the cap needs a recorded withdrawal.
pub async fn decide_leave(
    app: &App,
    principal: &Principal,
    leave_id: LeaveId,
    input: &LeaveDecisionInput,
) -> AppResult<LeaveRow> {
    let leave = attendance::get_leave(&app.db, leave_id).await?;
    let class = class_for_decider(app, principal, leave.class_id).await?;
    let approve = two_way(&input.decision, "approve", "refuse")?;
    let reason = input.reason.trim();
    if !approve && reason.is_empty() {
        return Err(AppError::field(
            "reason",
            "REASON_REQUIRED",
            "不批准须说明原因",
        ));
    }
    let cap: LeaveCap = settings(app).await?.leave_cap;
    let already =
        attendance::approved_leave_hours(app.db.connection(), leave.class_id, leave.person_id)
            .await?;
    let hours = |h: i64| ClassHours::from_hundredths(u32::try_from(h).unwrap_or(u32::MAX));
    let mut withdraw = false;
    let over_cap = cap
        .check(hours(class.total_hours), hours(already), hours(leave.hours))
        .err();
    if let Some(exceeded) = over_cap.filter(|_| approve) {
        if !input.withdraw {
            return Err(AppError::rule(exceeded.code(), exceeded));
        }
        if reason.is_empty() {
            return Err(AppError::field(
                "reason",
                "REASON_REQUIRED",
                "作退学处理须说明原因",
            ));
        }
        withdraw = true;
    }
    let sessions = covered(
        app,
        leave.class_id,
        leave.first_session_id,
        leave.last_session_id,
    )
    .await?;
    let decision = LeaveDecision {
        approve,
        reason: reason.to_owned(),
        withdraw,
        sessions: sessions.iter().map(|s| s.id).collect(),
        approved_before: already,
    };
    attendance::decide_leave(&app.db, &principal.actor(), app.now(), leave_id, decision)
        .await
        .map_err(
            |e| match e.refusal::<ganxun_storage::error::StaleVersion>() {
                Some(_) => AppError::rule(
                    "LEAVE_CHANGED",
                    "该学员的请假记录刚有变化，请刷新后重新审批",
                ),
                None => e.into(),
            },
        )
}

/// The trainee (or those running the class) cancels a request before its sessions start.
pub async fn cancel_leave(
    app: &App,
    principal: &Principal,
    leave_id: LeaveId,
) -> AppResult<LeaveRow> {
    let leave = attendance::get_leave(&app.db, leave_id).await?;
    if principal.person_id != Some(leave.person_id) {
        class_for_decider(app, principal, leave.class_id).await?;
    }
    let now = app.now();
    let mut upcoming = Vec::new();
    for session in covered(
        app,
        leave.class_id,
        leave.first_session_id,
        leave.last_session_id,
    )
    .await?
    {
        if now < times(&session)?.starts_at() {
            upcoming.push(session.id);
        }
    }
    Ok(attendance::cancel_leave(&app.db, &principal.actor(), now, leave_id, &upcoming).await?)
}

/// 销假: the trainee reports back; sessions not yet begun are released from the leave (and its
/// hours shrink to what was used), so the trainee signs in to them as usual.
pub async fn return_from_leave(
    app: &App,
    principal: &Principal,
    leave_id: LeaveId,
) -> AppResult<LeaveRow> {
    let leave = attendance::get_leave(&app.db, leave_id).await?;
    if principal.person_id != Some(leave.person_id) {
        class_for_decider(app, principal, leave.class_id).await?;
    }
    let now = app.now();
    let (mut unused, mut used_hours) = (Vec::new(), 0);
    for session in covered(
        app,
        leave.class_id,
        leave.first_session_id,
        leave.last_session_id,
    )
    .await?
    {
        if now < times(&session)?.starts_at() {
            unused.push(session.id);
        } else {
            used_hours += session.class_hours;
        }
    }
    Ok(attendance::return_from_leave(
        &app.db,
        &principal.actor(),
        now,
        leave_id,
        &unused,
        used_hours,
    )
    .await?)
}

/// A session as the approvers' list names it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionLabel {
    #[schema(value_type = i64)]
    pub id: SessionId,
    pub date: chrono::NaiveDate,
    pub start_time: String,
    pub end_time: String,
    pub topic: String,
}

impl From<&SessionInfo> for SessionLabel {
    fn from(s: &SessionInfo) -> Self {
        SessionLabel {
            id: s.id,
            date: s.date,
            start_time: s.start_time.clone(),
            end_time: s.end_time.clone(),
            topic: s.topic.clone(),
        }
    }
}

/// A request waiting for the caller's decision, with what the decision needs at hand.
#[derive(Debug, Clone, Serialize)]
pub struct PendingLeave {
    pub leave: LeaveRow,
    pub class_title: String,
    /// The class's total hours and the trainee's leave already approved, in hundredths, so the
    /// approver sees how close the 1/7 cap is.
    pub class_hours: i64,
    pub approved_hours: i64,
    pub first_session: Option<SessionLabel>,
    pub last_session: Option<SessionLabel>,
}

/// Every pending request the caller may decide, oldest first: the head teacher's classes, the
/// classes naming the caller's office, and the classes they run that name no office.
pub async fn pending(app: &App, principal: &Principal) -> AppResult<Vec<PendingLeave>> {
    principal.require(Permission::LeaveApprove)?;
    let rows = attendance::pending_leave(&app.db, PENDING_LIMIT).await?;
    // One check and one session list per class, however many requests it has.
    let mut decidable: HashMap<ClassId, Option<(ClassRecord, Vec<SessionInfo>)>> = HashMap::new();
    let mut out = Vec::new();
    for leave in rows {
        if let std::collections::hash_map::Entry::Vacant(slot) = decidable.entry(leave.class_id) {
            slot.insert(
                match class_for_decider(app, principal, leave.class_id).await {
                    Ok(class) => {
                        let sessions = attendance::sessions_of_class(&app.db, class.id).await?;
                        Some((class, sessions))
                    }
                    Err(AppError::NotFound | AppError::Forbidden) => None,
                    Err(other) => return Err(other),
                },
            );
        }
        let Some(Some((class, sessions))) = decidable.get(&leave.class_id) else {
            continue;
        };
        let label = |id: SessionId| sessions.iter().find(|s| s.id == id).map(SessionLabel::from);
        let approved_hours =
            attendance::approved_leave_hours(app.db.connection(), class.id, leave.person_id)
                .await?;
        out.push(PendingLeave {
            class_title: class.title.clone(),
            class_hours: class.total_hours,
            approved_hours,
            first_session: label(leave.first_session_id),
            last_session: label(leave.last_session_id),
            leave,
        });
    }
    Ok(out)
}
