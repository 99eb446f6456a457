//! `/api/v1/notices`: notices to the caller's units (arrival reports, end-of-class attendance).

mod views;

use crate::http::error::ApiResult;
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use ganxun_domain::Permission;
use ganxun_storage::notices;
use utoipa_axum::{router::OpenApiRouter, routes};
use views::Notice;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_notices))
}

/// Notices to the caller's units (arrival reports and the like), newest first.
#[utoipa::path(get, path = "/notices", tag = "notices", responses((status = 200, body = Vec<Notice>)))]
async fn list_notices(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<Notice>>> {
    let scope = p.scope(&state.app, Permission::ClassRead).await?;
    Ok(Json(crate::http::views::all(
        notices::list(&state.app.db, &scope, 100)
            .await
            .map_err(crate::app::AppError::from)?,
    )))
}
