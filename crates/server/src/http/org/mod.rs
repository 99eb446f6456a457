//! `/api/v1/org/units`: the organisation tree.

mod views;

use crate::app::AppError;
use crate::app::org::import::UnitImportReport;
use crate::app::org::{self, UnitInput, UnitPatch};
use crate::http::download::XLSX;
use crate::http::error::ApiError;
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use ganxun_domain::UnitId;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use views::Unit;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_units, create_unit))
        .routes(routes!(get_unit, update_unit))
        .routes(routes!(move_unit))
        .routes(routes!(deactivate_unit))
        .routes(routes!(activate_unit))
        .routes(routes!(import_units))
        .routes(routes!(import_units_template))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitImportParams {
    /// Check and report only; write nothing.
    pub dry_run: Option<bool>,
}

/// Add units in bulk from a list (.xlsx or .csv, as the unit template): name, parent by name
/// or code, type, optionally a code. Every row not created is reported with its reason; the
/// units are written in one transaction, each audited.
#[utoipa::path(post, path = "/org/units/import", tag = "org", params(UnitImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = UnitImportReport), (status = 422, body = ErrorBody)))]
async fn import_units(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(params): ApiQuery<UnitImportParams>,
    body: Bytes,
) -> ApiResult<Json<UnitImportReport>> {
    if body.is_empty() {
        return Err(ApiError(AppError::field(
            "file",
            "FILE_EMPTY",
            "请选择要导入的文件",
        )));
    }
    let dry_run = params.dry_run.unwrap_or(false);
    Ok(Json(
        org::import::import(&state.app, &p, body, dry_run).await?,
    ))
}

/// The unit import template with instructions and the unit types.
#[utoipa::path(get, path = "/org/units/import/template", tag = "org", responses((status = 200, content_type = XLSX)))]
async fn import_units_template(Caller(p): Caller) -> ApiResult<impl IntoResponse> {
    p.require(ganxun_domain::Permission::OrgWrite)?;
    let bytes = ganxun_sheets::units_template_xlsx()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(crate::http::download::file(
        XLSX,
        "单位导入模板.xlsx",
        "units-template.xlsx",
        bytes,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitListParams {
    pub include_inactive: Option<bool>,
}

/// Every unit in the caller's scope, in tree order (depth, then sort order).
#[utoipa::path(get, path = "/org/units", tag = "org", params(UnitListParams), responses((status = 200, body = Vec<Unit>)))]
async fn list_units(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(params): ApiQuery<UnitListParams>,
) -> ApiResult<Json<Vec<Unit>>> {
    Ok(Json(crate::http::views::all(
        org::list(&state.app, &p, params.include_inactive.unwrap_or(false)).await?,
    )))
}

#[utoipa::path(post, path = "/org/units", tag = "org", request_body = UnitInput,
    responses((status = 201, body = Unit), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_unit(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<UnitInput>,
) -> ApiResult<(StatusCode, Json<Unit>)> {
    Ok((
        StatusCode::CREATED,
        Json(org::create(&state.app, &p, &input).await?.into()),
    ))
}

#[utoipa::path(get, path = "/org/units/{id}", tag = "org", params(("id" = i64, Path, description = "单位 ID")), responses((status = 200, body = Unit), (status = 404, body = ErrorBody)))]
async fn get_unit(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<UnitId>,
) -> ApiResult<Json<Unit>> {
    Ok(Json(org::get(&state.app, &p, id).await?.into()))
}

/// Rename, recode, retype or reorder a unit.
#[utoipa::path(patch, path = "/org/units/{id}", tag = "org", params(("id" = i64, Path, description = "单位 ID")), request_body = UnitPatch, responses((status = 200, body = Unit)))]
async fn update_unit(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<UnitId>,
    ApiJson(patch): ApiJson<UnitPatch>,
) -> ApiResult<Json<Unit>> {
    Ok(Json(org::update(&state.app, &p, id, &patch).await?.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MoveRequest {
    #[schema(value_type = i64)]
    pub parent_id: UnitId,
}

/// Move a unit with its whole subtree and people under another unit.
#[utoipa::path(post, path = "/org/units/{id}/move", tag = "org", params(("id" = i64, Path, description = "单位 ID")), request_body = MoveRequest,
    responses((status = 200, body = Unit), (status = 409, body = ErrorBody)))]
async fn move_unit(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<UnitId>,
    ApiJson(request): ApiJson<MoveRequest>,
) -> ApiResult<Json<Unit>> {
    Ok(Json(
        org::move_to(&state.app, &p, id, request.parent_id)
            .await?
            .into(),
    ))
}

/// Deactivate a unit that has no active children or people.
#[utoipa::path(post, path = "/org/units/{id}/deactivate", tag = "org", params(("id" = i64, Path, description = "单位 ID")), responses((status = 200, body = Unit), (status = 409, body = ErrorBody)))]
async fn deactivate_unit(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<UnitId>,
) -> ApiResult<Json<Unit>> {
    Ok(Json(
        org::set_active(&state.app, &p, id, false).await?.into(),
    ))
}

#[utoipa::path(post, path = "/org/units/{id}/activate", tag = "org", params(("id" = i64, Path, description = "单位 ID")), responses((status = 200, body = Unit)))]
async fn activate_unit(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<UnitId>,
) -> ApiResult<Json<Unit>> {
    Ok(Json(
        org::set_active(&state.app, &p, id, true).await?.into(),
    ))
}
