//! `/api/v1/accounts/open` and `/accounts/batches/{id}/slips…`: trainee accounts opened in bulk
//! by the training offices, and the batch's first sign-in slips (ADR 0022).

use crate::app::accounts::opening::{self, OpenAccountsInput, OpenAccountsResult};
use crate::app::accounts::slips;
use crate::http::download::{PDF, XLSX};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use ganxun_domain::AccountBatchId;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_accounts))
        .routes(routes!(slips_pdf))
        .routes(routes!(slips_xlsx))
        .routes(routes!(discard_slips))
}

/// The sign-in page as the browser reached this server (printed on the slips).
fn login_url(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let tls = crate::http::edge::over_tls(headers, &state.app.settings.security);
    format!("{}://{host}/login", if tls { "https" } else { "http" })
}

/// Open trainee accounts for everyone of a unit, a class's trainees or chosen people
/// (`account.open`, within the caller's scope); or, with `preview`, only say who would get one
/// and who is skipped and why. Each account: the trainee role over the holder's own record, a
/// random first password to replace at first sign-in, printed only on the batch's slips.
#[utoipa::path(post, path = "/accounts/open", tag = "accounts", request_body = OpenAccountsInput,
    responses((status = 200, body = OpenAccountsResult), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn open_accounts(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<OpenAccountsInput>,
) -> ApiResult<Json<OpenAccountsResult>> {
    Ok(Json(opening::open(&state.app, &p, &input).await?))
}

/// The batch's slips as a PDF to cut apart, a unit at a time (the opener, within an hour).
#[utoipa::path(get, path = "/accounts/batches/{id}/slips/pdf", tag = "accounts", params(("id" = i64, Path, description = "开通批次 ID")),
    responses((status = 200, content_type = PDF), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn slips_pdf(
    State(state): State<AppState>,
    Caller(p): Caller,
    headers: HeaderMap,
    ApiPath(id): ApiPath<AccountBatchId>,
) -> ApiResult<axum::response::Response> {
    let doc = slips::pdf(&state.app, &p, id, login_url(&state, &headers)).await?;
    Ok(
        crate::http::download::file(PDF, &doc.file_name, "account-slips.pdf", doc.bytes)
            .into_response(),
    )
}

/// The batch's slips as Excel, a sheet per unit (the opener, within an hour).
#[utoipa::path(get, path = "/accounts/batches/{id}/slips/xlsx", tag = "accounts", params(("id" = i64, Path, description = "开通批次 ID")),
    responses((status = 200, content_type = XLSX), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn slips_xlsx(
    State(state): State<AppState>,
    Caller(p): Caller,
    headers: HeaderMap,
    ApiPath(id): ApiPath<AccountBatchId>,
) -> ApiResult<axum::response::Response> {
    let doc = slips::xlsx(&state.app, &p, id, login_url(&state, &headers)).await?;
    Ok(
        crate::http::download::file(XLSX, &doc.file_name, "account-slips.xlsx", doc.bytes)
            .into_response(),
    )
}

/// Destroy the batch's slips now that they are printed.
#[utoipa::path(delete, path = "/accounts/batches/{id}/slips", tag = "accounts", params(("id" = i64, Path, description = "开通批次 ID")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn discard_slips(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<AccountBatchId>,
) -> ApiResult<StatusCode> {
    opening::discard_slips(&state.app, &p, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
