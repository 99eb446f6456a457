//! `/api/v1/workbench`: what waits for the caller now (issue 17 item 1), for the home page.

use super::error::{ApiResult, ErrorBody};
use super::session::Caller;
use super::state::AppState;
use crate::app::workbench::{self, Task};
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(workbench))
}

/// One kind of work waiting.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskView {
    /// `reports_overdue`, `classes_to_decide`, `plans_to_decide`, `leave_to_decide`,
    /// `records_to_review`, `training_records_to_review`, `objections_to_answer`,
    /// `follow_ups_failed`, `people_at_risk`, `learning_flags`, `notices_unread`, `my_lessons`.
    pub kind: String,
    /// The kind in Chinese.
    pub kind_label: String,
    pub count: u64,
    /// Past a deadline (shown first, as a warning).
    pub overdue: bool,
    /// When the longest-waiting item came in, where known.
    pub since: Option<DateTime<Utc>>,
    /// The kind's second figure: the most days a report is late (`reports_overdue`), the class
    /// hours still owed this year in hundredths (`my_lessons`), the people at risk among the
    /// count (`people_at_risk`).
    pub extra: Option<i64>,
    /// What the count is about (the compliance rule), where one name says it.
    pub subject: Option<String>,
}

impl From<Task> for TaskView {
    fn from(t: Task) -> Self {
        Self {
            kind: t.kind.code().to_owned(),
            kind_label: t.kind.label_zh().to_owned(),
            count: t.count,
            overdue: t.kind.is_overdue(),
            since: t.since,
            extra: t.extra,
            subject: t.subject,
        }
    }
}

/// The caller's workbench.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkbenchView {
    /// Most pressing first: past a deadline, then waiting longest, then the biggest count.
    pub tasks: Vec<TaskView>,
}

/// What waits for the caller now, counted within their rights and scope.
#[utoipa::path(get, path = "/workbench", tag = "workbench",
    responses((status = 200, body = WorkbenchView), (status = 401, body = ErrorBody)))]
async fn workbench(
    State(state): State<AppState>,
    Caller(principal): Caller,
) -> ApiResult<Json<WorkbenchView>> {
    let bench = workbench::of(&state.app, &principal).await?;
    Ok(Json(WorkbenchView {
        tasks: bench.tasks.into_iter().map(TaskView::from).collect(),
    }))
}
