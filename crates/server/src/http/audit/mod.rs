//! `/api/v1/audit`: the audit log and its verification.

mod views;

use crate::app::audit::{self, AuditPage, AuditSearch};
use crate::http::error::ApiResult;
use crate::http::extract::ApiQuery;
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};
use views::ChainReport;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_audit))
        .routes(routes!(verify_audit))
}

/// The audit log, newest first, filtered by actor, action, entity and time.
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditSearch), responses((status = 200, body = AuditPage)))]
async fn list_audit(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(search): ApiQuery<AuditSearch>,
) -> ApiResult<Json<AuditPage>> {
    Ok(Json(audit::list(&state.app, &p, &search).await?))
}

/// Walk the hash chain and report every edited, deleted, inserted or reordered entry.
#[utoipa::path(post, path = "/audit/verify", tag = "audit", responses((status = 200, body = ChainReport)))]
async fn verify_audit(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<ChainReport>> {
    Ok(Json(audit::verify(&state.app, &p).await?.into()))
}
