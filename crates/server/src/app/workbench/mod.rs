//! The workbench (工作台, issue 17 item 1): what waits for the caller now, gathered from the
//! features that own each kind of work and counted within the caller's rights and scope — the
//! same lists the caller reaches from the menu, so a count on the home page is what the page
//! behind its link shows. A kind the caller has no right to is left out, never refused; a kind
//! with nothing waiting is left out too, except the learner's own lessons.
//!
//! Order: past a deadline first, then what has waited longest, then the biggest count.

use crate::app::{App, AppError, AppResult, Principal};
use chrono::{DateTime, Utc};
use ganxun_domain::Permission;
use ganxun_domain::PublicationId;
use ganxun_domain::workbench::TaskKind;
use std::future::Future;

/// One kind of work waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub kind: TaskKind,
    /// How many items wait.
    pub count: u64,
    /// When the longest-waiting one came in, where the feature knows it.
    pub since: Option<DateTime<Utc>>,
    /// A second figure the kind explains itself with: the most days a report is late, the
    /// lessons' class hours still owed (hundredths), the people at risk beside those not met.
    pub extra: Option<i64>,
    /// What the count is about, in the officer's words (the rule it concerns), where one
    /// name says it.
    pub subject: Option<String>,
}

impl Task {
    fn of(kind: TaskKind, count: u64) -> Self {
        Task {
            kind,
            count,
            since: None,
            extra: None,
            subject: None,
        }
    }
}

/// What the caller's workbench shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workbench {
    pub tasks: Vec<Task>,
}

/// A source the caller may not read, or that has nothing to show them (no unit to look at),
/// contributes nothing; any other error is the workbench's.
async fn gathered<T>(source: impl Future<Output = AppResult<T>>) -> AppResult<Option<T>> {
    match source.await {
        Ok(found) => Ok(Some(found)),
        Err(AppError::Forbidden | AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Everything waiting for the caller, most pressing first.
pub async fn of(app: &App, principal: &Principal) -> AppResult<Workbench> {
    let mut tasks = Vec::new();
    // Reports are chased by those who run classes and those who approve them, not trainees.
    if principal.may(Permission::ClassRun) || principal.may(Permission::ClassApprove) {
        tasks.extend(overdue_reports(app, principal).await?);
    }
    if principal.may(Permission::ClassApprove) {
        tasks.extend(classes_to_decide(app, principal).await?);
        tasks.extend(follow_ups_failed(app, principal).await?);
    }
    if principal.may(Permission::PlanApprove) {
        tasks.extend(plans_to_decide(app, principal).await?);
    }
    if principal.may(Permission::LeaveApprove) {
        tasks.extend(leave_to_decide(app, principal).await?);
    }
    if principal.may(Permission::CreditAudit) {
        tasks.extend(records_to_review(app, principal).await?);
        tasks.extend(training_records_to_review(app, principal).await?);
        tasks.extend(objections_to_answer(app, principal).await?);
    }
    if principal.may(Permission::PeopleRead) {
        tasks.extend(people_at_risk(app, principal).await?);
    }
    if principal.may(Permission::ClassRead) {
        tasks.extend(notices_unread(app, principal).await?);
    }
    if principal.may(Permission::LearningManage) {
        tasks.extend(learning_flags(app, principal).await?);
    }
    if principal.may(Permission::Learn) && principal.person_id.is_some() {
        tasks.extend(my_lessons(app, principal).await?);
    }
    tasks.retain(|t| t.count > 0 || t.kind == TaskKind::MyLessons);
    tasks.sort_by(|a, b| {
        b.kind
            .is_overdue()
            .cmp(&a.kind.is_overdue())
            .then_with(|| match (a.since, b.since) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| b.count.cmp(&a.count))
    });
    Ok(Workbench { tasks })
}

/// Performance reports past their due day and not yet submitted.
async fn overdue_reports(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    let Some(all) = gathered(crate::app::classes::reports::overdue(app, principal)).await? else {
        return Ok(None);
    };
    let waiting: Vec<_> = all.iter().filter(|r| r.submitted_at.is_none()).collect();
    Ok(Some(Task {
        extra: waiting.iter().map(|r| r.days_late).max(),
        ..Task::of(TaskKind::ReportsOverdue, waiting.len() as u64)
    }))
}

/// Classes submitted for approval or filing, in the caller's view.
async fn classes_to_decide(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    use crate::app::classes::dossier::{ClassQuery, list};
    let query = ClassQuery {
        state: Some(ganxun_domain::ClassState::Submitted.code().to_owned()),
        year: None,
        q: None,
        kind: None,
        unit_id: None,
        page: Some(1),
        per_page: Some(1),
    };
    Ok(gathered(list(app, principal, &query))
        .await?
        .map(|page| Task::of(TaskKind::ClassesToDecide, page.total)))
}

/// Annual plans reported and waiting for approval.
async fn plans_to_decide(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    let submitted = ganxun_domain::plans::PlanState::Submitted.code();
    Ok(gathered(crate::app::plans::list(
        app,
        principal,
        None,
        Some(submitted),
    ))
    .await?
    .map(|plans| Task::of(TaskKind::PlansToDecide, plans.len() as u64)))
}

/// Leave requests the caller may decide.
async fn leave_to_decide(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    Ok(
        gathered(crate::app::attendance::leave::pending(app, principal))
            .await?
            .map(|pending| Task::of(TaskKind::LeaveToDecide, pending.len() as u64)),
    )
}

/// Research outputs and other records waiting for approval before they count.
async fn records_to_review(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    Ok(gathered(crate::app::credits::pending_facts(app, principal))
        .await?
        .map(|pending| Task::of(TaskKind::RecordsToReview, pending.len() as u64)))
}

/// Training elsewhere, entered to be recognised.
async fn training_records_to_review(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    Ok(gathered(crate::app::compliance::training_records::pending(
        app, principal,
    ))
    .await?
    .map(|pending| Task::of(TaskKind::TrainingRecordsToReview, pending.len() as u64)))
}

/// Objections to the credit publications the caller answers for.
async fn objections_to_answer(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    let Some(publications) =
        gathered(crate::app::credits::publications::list(app, principal)).await?
    else {
        return Ok(None);
    };
    let ids: Vec<PublicationId> = publications.iter().map(|p| p.id).collect();
    let (count, oldest) =
        ganxun_storage::credits::publications::open_objections(&app.db, &ids).await?;
    Ok(Some(Task {
        since: oldest,
        ..Task::of(TaskKind::ObjectionsToAnswer, count)
    }))
}

/// Credit postings and other follow-ups that gave up and wait for a person to retry them.
async fn follow_ups_failed(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    let Some(open) = gathered(crate::app::follow_ups::open(app, principal)).await? else {
        return Ok(None);
    };
    let failed: Vec<_> = open.iter().filter(|f| f.follow_up.failed).collect();
    Ok(Some(Task {
        since: failed.iter().map(|f| f.follow_up.created_at).min(),
        ..Task::of(TaskKind::FollowUpsFailed, failed.len() as u64)
    }))
}

/// The compliance rule with the most people not meeting it or at risk, over the caller's
/// units: those not met counted, those at risk beside them.
async fn people_at_risk(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    use crate::app::compliance::dashboard::{ComplianceDashboardQuery, dashboard};
    let query = ComplianceDashboardQuery { unit_id: None };
    let Some(board) = gathered(dashboard(app, principal, &query)).await? else {
        return Ok(None);
    };
    let worst = board
        .rules
        .iter()
        .max_by_key(|r| (r.counts.not_met + r.counts.at_risk, r.counts.not_met));
    Ok(worst.map(|rule| Task {
        extra: Some(rule.counts.at_risk),
        subject: Some(rule.name.clone()),
        ..Task::of(
            TaskKind::PeopleAtRisk,
            u64::try_from(rule.counts.not_met + rule.counts.at_risk).unwrap_or(0),
        )
    }))
}

/// Notices sent to the caller's units that the caller has not opened.
async fn notices_unread(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    Ok(gathered(crate::app::notices::unread_count(app, principal))
        .await?
        .map(|unread| Task::of(TaskKind::NoticesUnread, unread.count)))
}

/// Online learning anomalies flagged and not yet reviewed.
async fn learning_flags(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    let Some(open) = gathered(crate::app::learning::flags::list(app, principal, true)).await?
    else {
        return Ok(None);
    };
    Ok(Some(Task {
        since: open.iter().map(|f| f.at).min(),
        ..Task::of(TaskKind::LearningFlags, open.len() as u64)
    }))
}

/// The learner's required lessons not finished this year, and the hours still owed against the
/// yearly target.
async fn my_lessons(app: &App, principal: &Principal) -> AppResult<Option<Task>> {
    let Some(mine) = gathered(crate::app::learning::courses::mine(app, principal)).await? else {
        return Ok(None);
    };
    let left = mine
        .courses
        .iter()
        .filter(|c| mine.required.contains(&c.id))
        .flat_map(|c| &c.lessons)
        .filter(|l| {
            mine.progress
                .get(&l.id)
                .is_none_or(|p| p.completed_at.is_none())
        })
        .count();
    // Hours owed only where required courses exist: optional ones count towards nothing, so
    // without a required course the page says none is assigned yet.
    let owed = mine
        .target
        .as_ref()
        .filter(|_| !mine.required.is_empty())
        .map(|(target, _)| (i64::from(target.hundredths()) - mine.required_hours).max(0));
    Ok(Some(Task {
        extra: owed,
        ..Task::of(TaskKind::MyLessons, left as u64)
    }))
}
