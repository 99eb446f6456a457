//! `/api/v1/classes`: class dossiers, decisions, teaching plans, enrolment, arrival,
//! performance reports and certificates; `/api/v1/instructors`; the public certificate check
//! `/api/v1/public/certificates/{number}` (no sign-in: anyone holding a paper certificate).

mod views;

use crate::app::classes::candidates::{self, CandidatePage, CandidateSearch};
use crate::app::classes::certificates::Verification;
use crate::app::classes::dossier::{self, ClassInput, ClassQuery};
use crate::app::classes::enrolment::{self, ArrivalInput, EnrolInput, EnrolResult, RemoveInput};
use crate::app::classes::hosts::{self, HostUnit};
use crate::app::classes::name_list::{self, NameListCheck, NameListInput};
use crate::app::classes::reports::{self, ReportInput, SubmitReportInput};
use crate::app::classes::teaching::{self, InstructorInput, TeachingPlanInput};
use crate::app::classes::workflow::{self, ActionInput};
use crate::app::classes::{attachments, certificates, exports};
use crate::http::download::{PDF, XLSX};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use ganxun_domain::AttachmentId;
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::SessionId;
use serde::Deserialize;
use serde::Serialize;
use utoipa::IntoParams;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use views::{
    AttachmentInfo, CertificateRow, ClassDetail, ClassPage, ClassRecord, ClassSummary, Decision,
    EnrolmentRow, Instructor, OverdueReport, ReportPage, TeachingPlan, UnitArrival,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_classes, create_class))
        .routes(routes!(verify_certificate))
        .routes(routes!(open_classes))
        .routes(routes!(overdue_reports))
        .routes(routes!(get_class, update_class))
        .routes(routes!(act_on_class))
        .routes(routes!(class_decisions))
        .routes(routes!(get_teaching_plan, set_teaching_plan))
        .routes(routes!(get_enrolment, enrol))
        .routes(routes!(enrolment_candidates))
        .routes(routes!(check_name_list))
        .routes(routes!(host_units))
        .routes(routes!(remove_enrolment))
        .routes(routes!(get_arrival, mark_arrival))
        .routes(routes!(send_arrival))
        .routes(routes!(get_report, save_report))
        .routes(routes!(submit_report))
        .routes(routes!(list_certificates, issue_certificates))
        .routes(routes!(list_instructors, add_instructor))
        .routes(routes!(head_teachers))
        .routes(routes!(certificates_pdf))
        .routes(routes!(roster_xlsx))
        .routes(routes!(roster_pdf))
        .routes(routes!(sign_in_xlsx))
        .routes(routes!(sign_in_pdf))
        .routes(routes!(list_attachments, add_attachment))
        .routes(routes!(get_attachment))
}

#[utoipa::path(get, path = "/classes/{id}/attachments", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = Vec<AttachmentInfo>)))]
async fn list_attachments(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<Vec<AttachmentInfo>>> {
    Ok(Json(crate::http::views::all(
        attachments::list(&state.app, &p, id).await?,
    )))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AttachmentQuery {
    /// The file's name, with its extension (PDF, OFD, JPG/PNG, Word, WPS, Excel).
    pub filename: String,
}

/// Attach a file (the raw bytes as the body, at most 20 MB).
#[utoipa::path(post, path = "/classes/{id}/attachments", tag = "classes", params(("id" = i64, Path, description = "班次 ID"), AttachmentQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = AttachmentInfo), (status = 422, body = ErrorBody)))]
async fn add_attachment(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiQuery(q): ApiQuery<AttachmentQuery>,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<AttachmentInfo>)> {
    Ok((
        StatusCode::CREATED,
        Json(
            attachments::add(&state.app, &p, id, &q.filename, body.to_vec())
                .await?
                .into(),
        ),
    ))
}

#[utoipa::path(get, path = "/classes/{id}/attachments/{attachment_id}", tag = "classes", params(("id" = i64, Path, description = "班次 ID"), ("attachment_id" = i64, Path, description = "附件 ID")), responses((status = 200, content_type = "application/octet-stream")))]
async fn get_attachment(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath((id, attachment_id)): ApiPath<(ClassId, AttachmentId)>,
) -> ApiResult<axum::response::Response> {
    let (info, bytes) = attachments::fetch(&state.app, &p, id, attachment_id).await?;
    Ok(
        crate::http::download::file(&info.content_type, &info.filename, "attachment", bytes)
            .into_response(),
    )
}

fn send(
    content_type: &str,
    fallback: &str,
    document: exports::Document,
) -> axum::response::Response {
    crate::http::download::file(content_type, &document.file_name, fallback, document.bytes)
        .into_response()
}

/// Every certificate of the class as one PDF, one A4 page each.
#[utoipa::path(get, path = "/classes/{id}/certificates/pdf", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, content_type = PDF), (status = 409, body = ErrorBody)))]
async fn certificates_pdf(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<axum::response::Response> {
    Ok(send(
        PDF,
        "certificates.pdf",
        exports::certificates_pdf(&state.app, &p, id).await?,
    ))
}

#[utoipa::path(get, path = "/classes/{id}/roster/xlsx", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, content_type = XLSX)))]
async fn roster_xlsx(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<axum::response::Response> {
    Ok(send(
        XLSX,
        "roster.xlsx",
        exports::roster_xlsx(&state.app, &p, id).await?,
    ))
}

#[utoipa::path(get, path = "/classes/{id}/roster/pdf", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, content_type = PDF)))]
async fn roster_pdf(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<axum::response::Response> {
    Ok(send(
        PDF,
        "roster.pdf",
        exports::roster_pdf(&state.app, &p, id).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignInQuery {
    /// The session; default the first of the plan.
    #[param(value_type = Option<i64>)]
    pub session_id: Option<SessionId>,
}

#[utoipa::path(get, path = "/classes/{id}/sign-in-sheet/xlsx", tag = "classes", params(("id" = i64, Path, description = "班次 ID"), SignInQuery), responses((status = 200, content_type = XLSX)))]
async fn sign_in_xlsx(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiQuery(q): ApiQuery<SignInQuery>,
) -> ApiResult<axum::response::Response> {
    Ok(send(
        XLSX,
        "sign-in.xlsx",
        exports::sign_in_xlsx(&state.app, &p, id, q.session_id).await?,
    ))
}

#[utoipa::path(get, path = "/classes/{id}/sign-in-sheet/pdf", tag = "classes", params(("id" = i64, Path, description = "班次 ID"), SignInQuery), responses((status = 200, content_type = PDF)))]
async fn sign_in_pdf(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiQuery(q): ApiQuery<SignInQuery>,
) -> ApiResult<axum::response::Response> {
    Ok(send(
        PDF,
        "sign-in.pdf",
        exports::sign_in_pdf(&state.app, &p, id, q.session_id).await?,
    ))
}

/// Accounts that can be named head teacher of a class.
#[utoipa::path(get, path = "/classes/head-teachers", tag = "classes", responses((status = 200, body = Vec<crate::http::accounts::views::RoleHolder>)))]
async fn head_teachers(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<crate::http::accounts::views::RoleHolder>>> {
    Ok(Json(crate::http::views::all(
        dossier::head_teachers(&state.app, &p).await?,
    )))
}

/// Classes the caller sees, newest first.
#[utoipa::path(get, path = "/classes", tag = "classes", params(ClassQuery), responses((status = 200, body = ClassPage)))]
async fn list_classes(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(query): ApiQuery<ClassQuery>,
) -> ApiResult<Json<ClassPage>> {
    Ok(Json(dossier::list(&state.app, &p, &query).await?.into()))
}

/// Draft a new class dossier.
#[utoipa::path(post, path = "/classes", tag = "classes", request_body = ClassInput,
    responses((status = 201, body = ClassRecord), (status = 422, body = ErrorBody)))]
async fn create_class(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<ClassInput>,
) -> ApiResult<(StatusCode, Json<ClassRecord>)> {
    Ok((
        StatusCode::CREATED,
        Json(dossier::create(&state.app, &p, &input).await?.into()),
    ))
}

/// Classes open for nomination (enrolling), for units to nominate their people.
#[utoipa::path(get, path = "/classes/open", tag = "classes", responses((status = 200, body = Vec<ClassSummary>)))]
async fn open_classes(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<ClassSummary>>> {
    Ok(Json(crate::http::views::all(
        dossier::open_for_nomination(&state.app, &p).await?,
    )))
}

/// Performance reports past due, unsubmitted or submitted late.
#[utoipa::path(get, path = "/classes/reports/overdue", tag = "classes", responses((status = 200, body = Vec<OverdueReport>)))]
async fn overdue_reports(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<OverdueReport>>> {
    Ok(Json(crate::http::views::all(
        reports::overdue(&state.app, &p).await?,
    )))
}

#[utoipa::path(get, path = "/classes/{id}", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = ClassDetail), (status = 404, body = ErrorBody)))]
async fn get_class(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<ClassDetail>> {
    Ok(Json(dossier::get(&state.app, &p, id).await?.into()))
}

/// Edit a draft dossier (send the version read).
#[utoipa::path(put, path = "/classes/{id}", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), request_body = ClassInput,
    responses((status = 200, body = ClassRecord), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_class(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiJson(input): ApiJson<ClassInput>,
) -> ApiResult<Json<ClassRecord>> {
    Ok(Json(
        dossier::update(&state.app, &p, id, &input).await?.into(),
    ))
}

/// Take a decision: submit, approve, file, reject, revise, open_enrolment, start, end, archive,
/// cancel. Illegal moves answer `ILLEGAL_TRANSITION`.
#[utoipa::path(post, path = "/classes/{id}/actions", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), request_body = ActionInput,
    responses((status = 200, body = ClassDetail), (status = 409, body = ErrorBody)))]
async fn act_on_class(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiJson(input): ApiJson<ActionInput>,
) -> ApiResult<Json<ClassDetail>> {
    Ok(Json(
        workflow::act(&state.app, &p, id, &input).await?.into(),
    ))
}

/// Every decision on the class, oldest first.
#[utoipa::path(get, path = "/classes/{id}/decisions", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = Vec<Decision>)))]
async fn class_decisions(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<Vec<Decision>>> {
    let v = crate::app::classes::visibility(&state.app, &p, ganxun_domain::Permission::ClassRead)
        .await?;
    Ok(Json(crate::http::views::all(
        ganxun_storage::classes::decisions(&state.app.db, &v, id)
            .await
            .map_err(crate::app::AppError::from)?,
    )))
}

#[utoipa::path(get, path = "/classes/{id}/teaching-plan", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = TeachingPlan)))]
async fn get_teaching_plan(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<TeachingPlan>> {
    Ok(Json(teaching::get_plan(&state.app, &p, id).await?.into()))
}

/// Replace the teaching plan; every problem is reported per session.
#[utoipa::path(put, path = "/classes/{id}/teaching-plan", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), request_body = TeachingPlanInput,
    responses((status = 200, body = TeachingPlan), (status = 422, body = ErrorBody)))]
async fn set_teaching_plan(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiJson(input): ApiJson<TeachingPlanInput>,
) -> ApiResult<Json<TeachingPlan>> {
    Ok(Json(
        teaching::set_plan(&state.app, &p, id, &input).await?.into(),
    ))
}

/// The roster (a nominating unit sees only its own people).
#[utoipa::path(get, path = "/classes/{id}/enrolment", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = Vec<EnrolmentRow>)))]
async fn get_enrolment(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<Vec<EnrolmentRow>>> {
    Ok(Json(crate::http::views::all(
        enrolment::roster(&state.app, &p, id).await?,
    )))
}

/// Name (authority) or nominate (unit) trainees; ineligible people are refused with reasons.
#[utoipa::path(post, path = "/classes/{id}/enrolment", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), request_body = EnrolInput,
    responses((status = 200, body = EnrolResult), (status = 409, body = ErrorBody)))]
async fn enrol(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiJson(input): ApiJson<EnrolInput>,
) -> ApiResult<Json<EnrolResult>> {
    Ok(Json(enrolment::enrol(&state.app, &p, id, &input).await?))
}

/// People the caller may name or nominate to the class, by name, unit, category, rank, no
/// training this year, or short of a compliance rule (the overview's statuses).
#[utoipa::path(get, path = "/classes/{id}/candidates", tag = "classes", params(("id" = i64, Path, description = "班次 ID"), CandidateSearch),
    responses((status = 200, body = CandidatePage), (status = 422, body = ErrorBody)))]
async fn enrolment_candidates(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiQuery(search): ApiQuery<CandidateSearch>,
) -> ApiResult<Json<CandidatePage>> {
    Ok(Json(
        candidates::candidates(&state.app, &p, id, &search).await?,
    ))
}

/// Match a name list against the register (a dry run: nothing is written); enrol the people
/// confirmed with `POST /classes/{id}/enrolment`.
#[utoipa::path(post, path = "/classes/{id}/enrolment/name-list", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), request_body = NameListInput,
    responses((status = 200, body = NameListCheck), (status = 422, body = ErrorBody)))]
async fn check_name_list(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiJson(input): ApiJson<NameListInput>,
) -> ApiResult<Json<NameListCheck>> {
    Ok(Json(name_list::check(&state.app, &p, id, &input).await?))
}

/// Party schools and training institutions the caller may name as a class's host: in their
/// scope, or directly under a unit above them (the county party school for a township).
#[utoipa::path(get, path = "/classes/hosts", tag = "classes", responses((status = 200, body = Vec<HostUnit>)))]
async fn host_units(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<HostUnit>>> {
    Ok(Json(hosts::host_units(&state.app, &p).await?))
}

#[derive(Debug, Serialize, ToSchema)]
struct Removed {
    /// Who got the freed seat from the waiting list.
    #[schema(value_type = Option<i64>)]
    promoted: Option<PersonId>,
}

/// Take someone off the class or its waiting list, with a reason.
#[utoipa::path(post, path = "/classes/{id}/enrolment/{person_id}/remove", tag = "classes", params(("id" = i64, Path, description = "班次 ID"), ("person_id" = i64, Path, description = "干部 ID")), request_body = RemoveInput,
    responses((status = 200, body = Removed)))]
async fn remove_enrolment(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath((id, person_id)): ApiPath<(ClassId, PersonId)>,
    ApiJson(input): ApiJson<RemoveInput>,
) -> ApiResult<Json<Removed>> {
    let promoted = enrolment::remove(&state.app, &p, id, person_id, &input).await?;
    Ok(Json(Removed { promoted }))
}

/// Arrival (到位情况) per unit.
#[utoipa::path(get, path = "/classes/{id}/arrival", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = Vec<UnitArrival>)))]
async fn get_arrival(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<Vec<UnitArrival>>> {
    Ok(Json(crate::http::views::all(
        enrolment::arrival(&state.app, &p, id).await?,
    )))
}

#[utoipa::path(post, path = "/classes/{id}/arrival", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), request_body = ArrivalInput, responses((status = 200, body = Vec<UnitArrival>)))]
async fn mark_arrival(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiJson(input): ApiJson<ArrivalInput>,
) -> ApiResult<Json<Vec<UnitArrival>>> {
    Ok(Json(crate::http::views::all(
        enrolment::mark_arrival(&state.app, &p, id, &input).await?,
    )))
}

#[derive(Debug, Serialize, ToSchema)]
struct Sent {
    notices: usize,
}

/// Send the arrival report to the trainees' units.
#[utoipa::path(post, path = "/classes/{id}/arrival/send", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = Sent)))]
async fn send_arrival(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<Sent>> {
    Ok(Json(Sent {
        notices: workflow::send_arrival_report(&state.app, &p, id).await?,
    }))
}

/// The performance report: stored, or a fresh draft with figures.
#[utoipa::path(get, path = "/classes/{id}/report", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = ReportPage)))]
async fn get_report(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<ReportPage>> {
    Ok(Json(reports::get(&state.app, &p, id).await?.into()))
}

#[utoipa::path(put, path = "/classes/{id}/report", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), request_body = ReportInput, responses((status = 200, body = ReportPage)))]
async fn save_report(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiJson(input): ApiJson<ReportInput>,
) -> ApiResult<Json<ReportPage>> {
    Ok(Json(
        reports::save(&state.app, &p, id, &input).await?.into(),
    ))
}

/// Submit the saved report; the class becomes `reported` (late submissions are flagged).
#[utoipa::path(post, path = "/classes/{id}/report/submit", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), request_body = SubmitReportInput, responses((status = 200, body = ReportPage)))]
async fn submit_report(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiJson(input): ApiJson<SubmitReportInput>,
) -> ApiResult<Json<ReportPage>> {
    Ok(Json(
        reports::submit(&state.app, &p, id, &input).await?.into(),
    ))
}

#[utoipa::path(get, path = "/classes/{id}/certificates", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = Vec<CertificateRow>)))]
async fn list_certificates(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<Vec<CertificateRow>>> {
    Ok(Json(crate::http::views::all(
        certificates::list(&state.app, &p, id).await?,
    )))
}

/// Issue completion certificates to every trainee who has none yet (approved classes only:
/// `CLASS_NOT_APPROVED` otherwise).
#[utoipa::path(post, path = "/classes/{id}/certificates", tag = "classes", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = Vec<CertificateRow>), (status = 409, body = ErrorBody)))]
async fn issue_certificates(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<Vec<CertificateRow>>> {
    Ok(Json(crate::http::views::all(
        certificates::issue(&state.app, &p, id).await?,
    )))
}

#[utoipa::path(get, path = "/instructors", tag = "classes", responses((status = 200, body = Vec<Instructor>)))]
async fn list_instructors(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<Instructor>>> {
    Ok(Json(crate::http::views::all(
        teaching::instructors(&state.app, &p).await?,
    )))
}

#[utoipa::path(post, path = "/instructors", tag = "classes", request_body = InstructorInput, responses((status = 201, body = Instructor)))]
async fn add_instructor(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<InstructorInput>,
) -> ApiResult<(StatusCode, Json<Instructor>)> {
    Ok((
        StatusCode::CREATED,
        Json(
            teaching::add_instructor(&state.app, &p, &input)
                .await?
                .into(),
        ),
    ))
}

/// Check a completion certificate by its number. Public: no sign-in needed.
#[utoipa::path(get, path = "/public/certificates/{number}", tag = "classes", params(("number" = String, Path, description = "证书编号")),
    responses((status = 200, body = Verification), (status = 404, body = ErrorBody)))]
async fn verify_certificate(
    State(state): State<AppState>,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<Json<Verification>> {
    Ok(Json(certificates::verify(&state.app, &number).await?))
}
