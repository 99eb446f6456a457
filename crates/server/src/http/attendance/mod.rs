//! Roll call and leave: `/api/v1/classes/{id}/sessions/{session_id}/roll-call…`,
//! `/api/v1/attendance/sign-in`, `/api/v1/classes/{id}/leave`, `/api/v1/leave/{id}/…`.

mod mine;
mod views;

use crate::app::attendance::leave::{self, LeaveDecisionInput, LeaveInput};
use crate::app::attendance::report::{self, AttendanceReport, Fact};
use crate::app::attendance::{
    self, MarkInput, Opened, ScanHeld, ScanInput, SignInCode, SignInInput,
};
use crate::http::download::XLSX;
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::session::{Caller, ClientInfo};
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use ganxun_domain::ClassId;
use ganxun_domain::{LeaveId, PersonId, SessionId};
use utoipa_axum::{router::OpenApiRouter, routes};
use views::{LeaveRow, MarkRow, PendingLeave, RollCall, SignInResult};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_roll_call))
        .routes(routes!(open_roll_call))
        .routes(routes!(sign_in_code))
        .routes(routes!(set_mark))
        .routes(routes!(sign_in))
        .routes(routes!(hold_scan))
        .routes(routes!(list_leave, request_leave))
        .routes(routes!(pending_leave))
        .routes(routes!(decide_leave))
        .routes(routes!(cancel_leave))
        .routes(routes!(return_from_leave))
        .routes(routes!(attendance_report))
        .routes(routes!(attendance_xlsx))
        .routes(routes!(attendance_facts))
        .merge(mine::router())
}

/// 销假: back from leave; sessions not yet begun are released from it.
#[utoipa::path(post, path = "/leave/{id}/return", tag = "attendance", params(("id" = i64, Path, description = "请假申请 ID")), responses((status = 200, body = LeaveRow), (status = 409, body = ErrorBody)))]
async fn return_from_leave(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<LeaveId>,
) -> ApiResult<Json<LeaveRow>> {
    Ok(Json(
        leave::return_from_leave(&state.app, &p, id).await?.into(),
    ))
}

/// Attendance per session, per trainee and per unit (absentees named), with rates.
#[utoipa::path(get, path = "/classes/{id}/attendance", tag = "attendance", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = AttendanceReport)))]
async fn attendance_report(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<AttendanceReport>> {
    Ok(Json(report::report(&state.app, &p, id).await?))
}

#[utoipa::path(get, path = "/classes/{id}/attendance/xlsx", tag = "attendance", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, content_type = XLSX)))]
async fn attendance_xlsx(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<axum::response::Response> {
    let (name, bytes) = report::report_xlsx(&state.app, &p, id).await?;
    Ok(crate::http::download::file(XLSX, &name, "attendance.xlsx", bytes).into_response())
}

/// The facts the credit ledger reads: hours attended, minutes late and early, absences, leave.
#[utoipa::path(get, path = "/classes/{id}/attendance/facts", tag = "attendance", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = Vec<Fact>)))]
async fn attendance_facts(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<Vec<Fact>>> {
    Ok(Json(report::facts(&state.app, &p, id).await?))
}

/// The roll call of a session as it fills in, with shared-device flags.
#[utoipa::path(get, path = "/classes/{id}/sessions/{session_id}/roll-call", tag = "attendance", params(("id" = i64, Path, description = "班次 ID"), ("session_id" = i64, Path, description = "课次 ID")), responses((status = 200, body = RollCall)))]
async fn get_roll_call(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath((id, session_id)): ApiPath<(ClassId, SessionId)>,
) -> ApiResult<Json<RollCall>> {
    Ok(Json(
        attendance::roll_call(&state.app, &p, id, session_id)
            .await?
            .into(),
    ))
}

/// Open a session's roll call (class in progress only: `CLASS_NOT_APPROVED` otherwise).
#[utoipa::path(post, path = "/classes/{id}/sessions/{session_id}/roll-call/open", tag = "attendance", params(("id" = i64, Path, description = "班次 ID"), ("session_id" = i64, Path, description = "课次 ID")), responses((status = 200, body = Opened), (status = 409, body = ErrorBody)))]
async fn open_roll_call(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath((id, session_id)): ApiPath<(ClassId, SessionId)>,
) -> ApiResult<Json<Opened>> {
    Ok(Json(
        attendance::open(&state.app, &p, id, session_id).await?,
    ))
}

/// The sign-in code to show on the room's screen now; it changes at `changes_at`.
#[utoipa::path(get, path = "/classes/{id}/sessions/{session_id}/roll-call/code", tag = "attendance", params(("id" = i64, Path, description = "班次 ID"), ("session_id" = i64, Path, description = "课次 ID")), responses((status = 200, body = SignInCode)))]
async fn sign_in_code(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath((id, session_id)): ApiPath<(ClassId, SessionId)>,
) -> ApiResult<Json<SignInCode>> {
    Ok(Json(
        attendance::code(&state.app, &p, id, session_id).await?,
    ))
}

/// Mark or correct a trainee (a correction needs a reason).
#[utoipa::path(put, path = "/classes/{id}/sessions/{session_id}/marks/{person_id}", tag = "attendance", params(("id" = i64, Path, description = "班次 ID"), ("session_id" = i64, Path, description = "课次 ID"), ("person_id" = i64, Path, description = "干部 ID")), request_body = MarkInput,
    responses((status = 200, body = MarkRow), (status = 422, body = ErrorBody)))]
async fn set_mark(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath((id, session_id, person_id)): ApiPath<(ClassId, SessionId, PersonId)>,
    ApiJson(input): ApiJson<MarkInput>,
) -> ApiResult<Json<MarkRow>> {
    Ok(Json(
        attendance::mark(&state.app, &p, id, session_id, person_id, &input)
            .await?
            .into(),
    ))
}

/// Sign in to a session as oneself with the code on the screen.
#[utoipa::path(post, path = "/attendance/sign-in", tag = "attendance", request_body = SignInInput,
    responses((status = 200, body = SignInResult), (status = 409, body = ErrorBody)))]
async fn sign_in(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<SignInInput>,
) -> ApiResult<Json<SignInResult>> {
    Ok(Json(
        attendance::sign_in(&state.app, &p, &input).await?.into(),
    ))
}

/// A scan made before the trainee can sign in (not signed in on this phone, or a first password
/// to replace): the code is checked now and the scan held for ten minutes, to be redeemed by
/// `POST /attendance/sign-in` with `hold` from the same phone (ADR 0022). No session needed.
#[utoipa::path(post, path = "/attendance/scans", tag = "attendance", request_body = ScanInput,
    responses((status = 200, body = ScanHeld), (status = 409, body = ErrorBody)))]
async fn hold_scan(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(input): ApiJson<ScanInput>,
) -> ApiResult<Json<ScanHeld>> {
    Ok(Json(
        attendance::hold_scan(&state.app, &client.ip, &input).await?,
    ))
}

#[utoipa::path(get, path = "/classes/{id}/leave", tag = "attendance", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = Vec<LeaveRow>)))]
async fn list_leave(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<Vec<LeaveRow>>> {
    Ok(Json(crate::http::views::all(
        leave::leave_list(&state.app, &p, id).await?,
    )))
}

/// Ask for leave from a range of sessions, before the first starts.
#[utoipa::path(post, path = "/classes/{id}/leave", tag = "attendance", params(("id" = i64, Path, description = "班次 ID")), request_body = LeaveInput, responses((status = 201, body = LeaveRow)))]
async fn request_leave(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiJson(input): ApiJson<LeaveInput>,
) -> ApiResult<(StatusCode, Json<LeaveRow>)> {
    Ok((
        StatusCode::CREATED,
        Json(
            leave::request_leave(&state.app, &p, id, &input)
                .await?
                .into(),
        ),
    ))
}

/// Pending requests the caller may decide (head teacher, the office a class names, or those who
/// run a class that names none), oldest first.
#[utoipa::path(get, path = "/leave/pending", tag = "attendance", responses((status = 200, body = Vec<PendingLeave>)))]
async fn pending_leave(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<PendingLeave>>> {
    Ok(Json(crate::http::views::all(
        leave::pending(&state.app, &p).await?,
    )))
}

/// Approve or refuse; past the 1/7 cap only with `withdraw` (退学), else `LEAVE_CAP_EXCEEDED`.
#[utoipa::path(post, path = "/leave/{id}/decision", tag = "attendance", params(("id" = i64, Path, description = "请假申请 ID")), request_body = LeaveDecisionInput,
    responses((status = 200, body = LeaveRow), (status = 409, body = ErrorBody)))]
async fn decide_leave(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<LeaveId>,
    ApiJson(input): ApiJson<LeaveDecisionInput>,
) -> ApiResult<Json<LeaveRow>> {
    Ok(Json(
        leave::decide_leave(&state.app, &p, id, &input)
            .await?
            .into(),
    ))
}

#[utoipa::path(post, path = "/leave/{id}/cancel", tag = "attendance", params(("id" = i64, Path, description = "请假申请 ID")), responses((status = 200, body = LeaveRow)))]
async fn cancel_leave(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<LeaveId>,
) -> ApiResult<Json<LeaveRow>> {
    Ok(Json(leave::cancel_leave(&state.app, &p, id).await?.into()))
}
