//! Credits in Excel: downloads of the statement, grade sheet, publication and revocation report,
//! and the score sheet's template and import (`/api/v1/credits/scores/import`).

use crate::app::AppError;
use crate::app::credits::sheets::{self, ScoreImportParams, ScoreImportReport, Workbook};
use crate::http::download::{XLSX, file};
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::PublicationId;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(statement_xlsx))
        .routes(routes!(grades_xlsx))
        .routes(routes!(publication_xlsx))
        .routes(routes!(revocations_xlsx))
        .routes(routes!(scores_template))
        .routes(routes!(import_scores))
}

fn download((name, bytes): Workbook, fallback: &str) -> Response {
    file(XLSX, &name, fallback, bytes).into_response()
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct YearQuery {
    /// One year; all years when absent.
    year: Option<i32>,
}

/// A person's credit statement in Excel: sheet 合计 (year, category, credits, entries) and sheet
/// 明细 (every entry with its rule, reversals and who entered it). Same checks as the JSON.
#[utoipa::path(get, path = "/people/{id}/credits/xlsx", tag = "credits", params(("id" = i64, Path, description = "干部 ID"), YearQuery),
    responses((status = 200, content_type = XLSX), (status = 404, body = ErrorBody)))]
async fn statement_xlsx(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
    ApiQuery(query): ApiQuery<YearQuery>,
) -> ApiResult<Response> {
    let workbook = sheets::statement_xlsx(&state.app, &p, id, query.year).await?;
    Ok(download(workbook, "credits.xlsx"))
}

/// The grade sheet in Excel: each component, weighted total, pass, rank and 优秀学员.
#[utoipa::path(get, path = "/classes/{id}/grades/xlsx", tag = "credits", params(("id" = i64, Path, description = "班次 ID")),
    responses((status = 200, content_type = XLSX), (status = 404, body = ErrorBody)))]
async fn grades_xlsx(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Response> {
    let workbook = sheets::grades_xlsx(&state.app, &p, id).await?;
    Ok(download(workbook, "grades.xlsx"))
}

/// A publication in Excel as published (公示名单) with its objections and answers (异议).
#[utoipa::path(get, path = "/credits/publications/{id}/xlsx", tag = "credits", params(("id" = i64, Path, description = "公示 ID")),
    responses((status = 200, content_type = XLSX), (status = 404, body = ErrorBody)))]
async fn publication_xlsx(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PublicationId>,
) -> ApiResult<Response> {
    let workbook = sheets::publication_xlsx(&state.app, &p, id).await?;
    Ok(download(workbook, "publication.xlsx"))
}

/// The revocation report in Excel: each revoked entry with its enterer and revoker.
#[utoipa::path(get, path = "/credits/revocations/xlsx", tag = "credits",
    responses((status = 200, content_type = XLSX), (status = 403, body = ErrorBody)))]
async fn revocations_xlsx(State(state): State<AppState>, Caller(p): Caller) -> ApiResult<Response> {
    let workbook = sheets::revocations_xlsx(&state.app, &p).await?;
    Ok(download(workbook, "revocations.xlsx"))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct TemplateQuery {
    /// Prefill the class's enrolled trainees.
    #[param(value_type = Option<i64>)]
    class_id: Option<ClassId>,
}

/// The score import template: 系统编号, 姓名, 身份证号 (left empty), 单位, 成绩, 备注, prefilled
/// with the class's trainees when `class_id` is given, and a 填写说明 sheet.
#[utoipa::path(get, path = "/credits/scores/template", tag = "credits", params(TemplateQuery),
    responses((status = 200, content_type = XLSX), (status = 404, body = ErrorBody)))]
async fn scores_template(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(query): ApiQuery<TemplateQuery>,
) -> ApiResult<Response> {
    let workbook = sheets::scores_template(&state.app, &p, query.class_id).await?;
    Ok(download(workbook, "scores-template.xlsx"))
}

/// Exam or assignment scores from a score sheet (.xlsx, or .csv in UTF-8 or GB18030) sent as
/// the raw body. All or nothing: a sheet with any problem answers **200** with `recorded` 0 and
/// every problem listed (row as Excel numbers it, column, code, message), and nothing is
/// recorded; a sheet without problems is recorded in one transaction (`credits_posted`).
/// `dry_run` checks only. 422 when the body is empty (`FILE_EMPTY`) or is not a score sheet
/// (`MISSING_COLUMNS`: no 成绩 column; `NOT_A_SPREADSHEET` …).
#[utoipa::path(post, path = "/credits/scores/import", tag = "credits", params(ScoreImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ScoreImportReport), (status = 422, body = ErrorBody)))]
async fn import_scores(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(params): ApiQuery<ScoreImportParams>,
    body: Bytes,
) -> ApiResult<Json<ScoreImportReport>> {
    if body.is_empty() {
        return Err(ApiError(AppError::field(
            "file",
            "FILE_EMPTY",
            "请选择要导入的成绩表",
        )));
    }
    Ok(Json(
        sheets::import_scores(&state.app, &p, &body, &params).await?,
    ))
}
