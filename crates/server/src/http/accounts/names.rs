//! `POST /api/v1/accounts/names`: the names pages show for the usernames records keep (issue 17
//! item 5: usernames on screens).

use crate::app::accounts::names;
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::ApiJson;
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(account_names))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AccountNamesInput {
    /// Usernames as records keep them (at most 500).
    pub usernames: Vec<String>,
}

/// Each username with the name to show for it (系统 for the server's own work, the username
/// itself for an account this database does not know).
#[utoipa::path(post, path = "/accounts/names", tag = "accounts", request_body = AccountNamesInput,
    responses((status = 200, body = BTreeMap<String, String>), (status = 422, body = ErrorBody)))]
async fn account_names(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<AccountNamesInput>,
) -> ApiResult<Json<BTreeMap<String, String>>> {
    Ok(Json(names::lookup(&state.app, &p, &input.usernames).await?))
}
