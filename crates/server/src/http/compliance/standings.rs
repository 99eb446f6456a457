//! Certificates and central-group seats: `/api/v1/people/{id}/standings`,
//! `/api/v1/standings/{id}/revoke`.

use super::views::StandingRow;
use crate::app::compliance::standings::{self, RevokeInput, StandingInput};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ganxun_domain::PersonId;
use ganxun_domain::StandingId;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(revoke))
}

/// Records a theory qualification certificate (理论水平任职资格证书) or a central-group seat
/// (中心组成员) with its evidence; compliance counts it from then on.
#[utoipa::path(post, path = "/people/{id}/standings", tag = "compliance", params(("id" = i64, Path, description = "干部 ID")),
    request_body = StandingInput,
    responses((status = 201, body = StandingRow), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
    ApiJson(input): ApiJson<StandingInput>,
) -> ApiResult<(StatusCode, Json<StandingRow>)> {
    let row = standings::create(&state.app, &p, id, &input).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// A person's certificates and seats, revoked ones included, newest first.
#[utoipa::path(get, path = "/people/{id}/standings", tag = "compliance", params(("id" = i64, Path, description = "干部 ID")),
    responses((status = 200, body = Vec<StandingRow>), (status = 404, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
) -> ApiResult<Json<Vec<StandingRow>>> {
    Ok(Json(crate::http::views::all(
        standings::of_person(&state.app, &p, id).await?,
    )))
}

/// Revokes a certificate or seat with a reason; it no longer counts.
#[utoipa::path(post, path = "/standings/{id}/revoke", tag = "compliance", params(("id" = i64, Path, description = "资格或席位记录 ID")),
    request_body = RevokeInput,
    responses((status = 200, body = StandingRow), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn revoke(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<StandingId>,
    ApiJson(input): ApiJson<RevokeInput>,
) -> ApiResult<Json<StandingRow>> {
    Ok(Json(
        standings::revoke(&state.app, &p, id, &input).await?.into(),
    ))
}
