//! The training archive (培训档案, R-ARC-1): `/api/v1/people/{id}/archive` (JSON),
//! `/api/v1/people/{id}/archive.pdf` (the printed form) and
//! `/api/v1/people/{id}/archive/gbt38860` (data in the shape of GB/T 38860). Both exports are
//! audited.

use crate::app::archive::{self, ArchiveView, Gbt38860Archive};
use crate::http::download::{self, PDF};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::ApiPath;
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use ganxun_domain::PersonId;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(view))
        .routes(routes!(pdf))
        .routes(routes!(gbt38860))
}

/// A person's complete training record as of today: the person (ID number masked), every class
/// finished or left with grade and certificate, approved external training, credits by year,
/// the compliance summary and the 装入本人档案 mark of each training.
#[utoipa::path(get, path = "/people/{id}/archive", tag = "compliance", params(("id" = i64, Path, description = "干部 ID")),
    responses((status = 200, body = ArchiveView), (status = 404, body = ErrorBody)))]
async fn view(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<Json<ArchiveView>> {
    Ok(Json(archive::view(&state.app, &p, id).await?))
}

/// The archive printed as the form 干部教育培训档案 (A4, ruled tables, numbered pages).
#[utoipa::path(get, path = "/people/{id}/archive.pdf", tag = "compliance", params(("id" = i64, Path, description = "干部 ID")),
    responses((status = 200, content_type = PDF), (status = 404, body = ErrorBody)))]
async fn pdf(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<Response> {
    let document = archive::pdf(&state.app, &p, id).await?;
    Ok(download::file(PDF, &document.file_name, "archive.pdf", document.bytes).into_response())
}

/// The archive as data in the shape of GB/T 38860-2020: metadata (档案编号, 学员信息, 建档时间,
/// 更新时间, 技术要求版本) and the learning records, credits and assessments.
#[utoipa::path(get, path = "/people/{id}/archive/gbt38860", tag = "compliance", params(("id" = i64, Path, description = "干部 ID")),
    responses((status = 200, body = Gbt38860Archive), (status = 404, body = ErrorBody)))]
async fn gbt38860(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<Json<Gbt38860Archive>> {
    Ok(Json(archive::gbt38860(&state.app, &p, id).await?))
}
