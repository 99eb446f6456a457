//! `/api/v1/people`: the cadre register — search, detail, history, create, edit, reveal,
//! import and export.

mod views;

use crate::app::AppError;
use crate::app::people::{
    self, ImportChoices, ImportColumns, ImportReport, PeopleSearch, PersonInput, PersonPatch,
};
use crate::http::download::XLSX;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::NaiveDate;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_storage::people::RevealField;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use views::{Page, PeopleStats, PersonAsOf, PersonHistory, PersonView, Revealed};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search_people, create_person))
        .routes(routes!(get_person, update_person))
        .routes(routes!(person_history))
        .routes(routes!(person_as_of))
        .routes(routes!(reveal_person))
        .routes(routes!(import_people))
        .routes(routes!(import_columns))
        .routes(routes!(import_report))
        .routes(routes!(import_template))
        .routes(routes!(export_people))
        .routes(routes!(people_stats))
}

fn attachment(file_name: &str, bytes: Vec<u8>) -> impl IntoResponse {
    crate::http::download::file(crate::http::download::XLSX, file_name, "people.xlsx", bytes)
}

/// Search the register: name prefix, pinyin initials, exact ID or phone number, unit subtree,
/// category, rank. Numbers in the results are masked.
#[utoipa::path(get, path = "/people", tag = "people", params(PeopleSearch),
    responses((status = 200, body = Page<PersonView>), (status = 422, body = ErrorBody)))]
async fn search_people(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(search): ApiQuery<PeopleSearch>,
) -> ApiResult<Json<Page<PersonView>>> {
    Ok(Json(people::search(&state.app, &p, &search).await?.into()))
}

/// Add a person. The ID number is checked (length, date, check digit) and must agree with
/// any sex and birth date given.
#[utoipa::path(post, path = "/people", tag = "people", request_body = PersonInput,
    responses((status = 201, body = PersonView), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_person(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<PersonInput>,
) -> ApiResult<(StatusCode, Json<PersonView>)> {
    Ok((
        StatusCode::CREATED,
        Json(people::create(&state.app, &p, &input).await?.into()),
    ))
}

#[utoipa::path(get, path = "/people/{id}", tag = "people", params(("id" = i64, Path, description = "干部 ID")), responses((status = 200, body = PersonView), (status = 404, body = ErrorBody)))]
async fn get_person(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<Json<PersonView>> {
    Ok(Json(people::get(&state.app, &p, id).await?.into()))
}

/// Change a person. A change of unit, position, rank or categories is dated by
/// `effective_date` and kept in the history.
#[utoipa::path(patch, path = "/people/{id}", tag = "people", params(("id" = i64, Path, description = "干部 ID")), request_body = PersonPatch,
    responses((status = 200, body = PersonView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_person(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
    ApiJson(patch): ApiJson<PersonPatch>,
) -> ApiResult<Json<PersonView>> {
    Ok(Json(
        people::update(&state.app, &p, id, &patch).await?.into(),
    ))
}

/// Posts (unit, position, rank) and categories with their dates.
#[utoipa::path(get, path = "/people/{id}/history", tag = "people", params(("id" = i64, Path, description = "干部 ID")), responses((status = 200, body = PersonHistory)))]
async fn person_history(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<Json<PersonHistory>> {
    Ok(Json(people::history(&state.app, &p, id).await?.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfParams {
    /// The date asked about, e.g. 2022-05-01.
    pub date: NaiveDate,
}

/// What the person's unit, position, rank and categories were on a date.
#[utoipa::path(get, path = "/people/{id}/as-of", tag = "people", params(("id" = i64, Path, description = "干部 ID"), AsOfParams), responses((status = 200, body = PersonAsOf)))]
async fn person_as_of(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
    ApiQuery(params): ApiQuery<AsOfParams>,
) -> ApiResult<Json<PersonAsOf>> {
    Ok(Json(
        people::as_of(&state.app, &p, id, params.date).await?.into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RevealRequest {
    /// `id_card` and/or `phone`.
    pub fields: Vec<String>,
}

/// Show the full ID and phone numbers (roles that may reveal only). Every reveal is audited.
#[utoipa::path(post, path = "/people/{id}/reveal", tag = "people", params(("id" = i64, Path, description = "干部 ID")), request_body = RevealRequest,
    responses((status = 200, body = Revealed), (status = 403, body = ErrorBody)))]
async fn reveal_person(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
    ApiJson(request): ApiJson<RevealRequest>,
) -> ApiResult<Json<Revealed>> {
    let mut fields = Vec::new();
    for name in &request.fields {
        fields.push(match name.as_str() {
            "id_card" => RevealField::IdCard,
            "phone" => RevealField::Phone,
            other => {
                return Err(AppError::field(
                    "fields",
                    "UNKNOWN_FIELD",
                    format!("不能查看的字段：{other}"),
                )
                .into());
            }
        });
    }
    Ok(Json(
        people::reveal(&state.app, &p, id, &fields).await?.into(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Update people already in the register (matched by ID number) instead of reporting them.
    pub update_existing: Option<bool>,
    /// Validate and report only; write nothing.
    pub dry_run: Option<bool>,
    /// What the person importing chose, as JSON (`ImportChoices`): the column mapping (kept for
    /// their unit once the import is written) and the units chosen for names that matched none
    /// exactly. Absent: the file is read as the template.
    pub choices: Option<String>,
}

/// The choices of an import, read from their JSON.
fn choices(params: &ImportParams) -> Result<ImportChoices, ApiError> {
    match params.choices.as_deref().filter(|c| !c.trim().is_empty()) {
        None => Ok(ImportChoices::default()),
        Some(text) => serde_json::from_str(text).map_err(|_| {
            ApiError(AppError::field(
                "choices",
                "IMPORT_CHOICES_INVALID",
                "导入选项格式不正确，请重新选择文件后再试",
            ))
        }),
    }
}

/// The empty body refused before anything is read.
fn non_empty(body: &Bytes) -> Result<(), ApiError> {
    if body.is_empty() {
        return Err(ApiError(AppError::field(
            "file",
            "FILE_EMPTY",
            "请选择要导入的文件",
        )));
    }
    Ok(())
}

/// A roster's header row, each column with the field it would be read as: what the caller's
/// unit chose for that header last time, else what the header says. Nothing is written.
#[utoipa::path(post, path = "/people/import/columns", tag = "people",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportColumns), (status = 422, body = ErrorBody)))]
async fn import_columns(
    State(state): State<AppState>,
    Caller(p): Caller,
    body: Bytes,
) -> ApiResult<Json<ImportColumns>> {
    non_empty(&body)?;
    Ok(Json(people::columns(&state.app, &p, body).await?))
}

/// Import people from the template (.xlsx, or .csv in UTF-8 or GB18030), sent as the raw
/// request body. Every rejected row is reported with its number and reason; all valid rows are
/// written in one transaction.
#[utoipa::path(post, path = "/people/import", tag = "people", params(ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport), (status = 422, body = ErrorBody)))]
async fn import_people(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(params): ApiQuery<ImportParams>,
    body: Bytes,
) -> ApiResult<Json<ImportReport>> {
    non_empty(&body)?;
    let choices = choices(&params)?;
    let report = people::import_with(
        &state.app,
        &p,
        body,
        &choices,
        params.update_existing.unwrap_or(false),
        params.dry_run.unwrap_or(false),
        &|_| {},
    )
    .await?;
    Ok(Json(report))
}

/// The full report of an import as an Excel workbook: the same file checked as a dry run,
/// every row listed with its outcome, problems and notes (the JSON answer lists at most 1,000
/// rows). Nothing is written.
#[utoipa::path(post, path = "/people/import/report", tag = "people", params(ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, content_type = XLSX), (status = 422, body = ErrorBody)))]
async fn import_report(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(params): ApiQuery<ImportParams>,
    body: Bytes,
) -> ApiResult<impl IntoResponse> {
    non_empty(&body)?;
    let choices = choices(&params)?;
    let bytes = people::import_report_xlsx(
        &state.app,
        &p,
        body,
        &choices,
        params.update_existing.unwrap_or(false),
    )
    .await?;
    Ok(attachment("干部信息导入报告.xlsx", bytes))
}

/// The import template with instructions and allowed values.
#[utoipa::path(get, path = "/people/import/template", tag = "people", responses((status = 200, content_type = XLSX)))]
async fn import_template(Caller(p): Caller) -> ApiResult<impl IntoResponse> {
    p.require(ganxun_domain::Permission::PeopleImport)?;
    let bytes = ganxun_sheets::people_template_xlsx()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(attachment("干部信息导入模板.xlsx", bytes))
}

/// Export the people matching a search to Excel (numbers masked).
#[utoipa::path(get, path = "/people/export", tag = "people", params(PeopleSearch), responses((status = 200, content_type = XLSX)))]
async fn export_people(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(search): ApiQuery<PeopleSearch>,
) -> ApiResult<impl IntoResponse> {
    let bytes = people::export_xlsx(&state.app, &p, &search).await?;
    Ok(attachment("干部信息.xlsx", bytes))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsParams {
    /// The unit to count under; default: the top of the caller's scope.
    #[param(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
}

/// Counts of active people by category, rank and unit, for the dashboard.
#[utoipa::path(get, path = "/stats/people", tag = "people", params(StatsParams), responses((status = 200, body = PeopleStats)))]
async fn people_stats(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(params): ApiQuery<StatsParams>,
) -> ApiResult<Json<PeopleStats>> {
    Ok(Json(
        people::stats(&state.app, &p, params.unit_id).await?.into(),
    ))
}
