//! Compliance (培训达标, issue 7): `/api/v1/people/{id}/compliance` and
//! `/api/v1/people/{id}/promotion-check`.

use super::error::{ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::session::Caller;
use super::state::AppState;
use crate::app::compliance::{self, ComplianceStatus, PromotionCheckInput, PromotionVerdict};
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(person_compliance))
        .routes(routes!(promotion_check))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// The day judged, as of its end (default: today, China time). Pass 2025-12-31 to judge
    /// the year 2025.
    pub as_of: Option<NaiveDate>,
}

/// A person's training status under the national, county and organisation-department rules in
/// force on the day: per requirement met / not met / at risk, with its window, figures, the
/// records counted and those left out with the reason; and the make-ups of past promotions.
#[utoipa::path(get, path = "/people/{id}/compliance", tag = "compliance", params(AsOfQuery),
    responses((status = 200, body = ComplianceStatus), (status = 404, body = ErrorBody)))]
async fn person_compliance(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<AsOfQuery>,
) -> ApiResult<Json<ComplianceStatus>> {
    let as_of = query.as_of.unwrap_or_else(|| state.app.today());
    Ok(Json(compliance::status(&state.app, &p, id, as_of).await?))
}

/// Whether the person may be promoted to a post of `rank` on `on`: eligible or not, every unmet
/// requirement with its evidence, and the make-up due day where the rules allow one.
#[utoipa::path(post, path = "/people/{id}/promotion-check", tag = "compliance",
    request_body = PromotionCheckInput,
    responses((status = 200, body = PromotionVerdict), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn promotion_check(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PromotionCheckInput>,
) -> ApiResult<Json<PromotionVerdict>> {
    Ok(Json(
        compliance::promotion_check(&state.app, &p, id, &input).await?,
    ))
}
