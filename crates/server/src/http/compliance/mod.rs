//! Compliance (培训达标, issue 7): a person's status (`/api/v1/people/{id}/compliance`), the
//! promotion check, and the authority's dashboard over the maintained statuses with its lists,
//! Excel and recomputation job (`/api/v1/compliance/…`).

pub mod standings;
pub mod training_records;
mod views;

use crate::app::compliance::board;
use crate::app::compliance::dashboard::{
    self, ComplianceDashboardQuery, CompliancePeoplePage, CompliancePeopleQuery,
};
use crate::app::compliance::sheets;
use crate::app::compliance::{self, ComplianceStatus, PromotionCheckInput, PromotionVerdict};
use crate::http::download::{XLSX, file};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use ganxun_domain::PersonId;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use views::{ComplianceDashboard, JobRow, RecomputeStarted};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(training_records::router())
        .merge(standings::router())
        .routes(routes!(person_compliance))
        .routes(routes!(promotion_check))
        .routes(routes!(dashboard))
        .routes(routes!(dashboard_xlsx))
        .routes(routes!(people))
        .routes(routes!(recompute, latest_recompute))
        .routes(routes!(preview_rules))
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
#[utoipa::path(get, path = "/people/{id}/compliance", tag = "compliance", params(("id" = i64, Path, description = "干部 ID"), AsOfQuery),
    responses((status = 200, body = ComplianceStatus), (status = 404, body = ErrorBody)))]
async fn person_compliance(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
    ApiQuery(query): ApiQuery<AsOfQuery>,
) -> ApiResult<Json<ComplianceStatus>> {
    let as_of = query.as_of.unwrap_or_else(|| state.app.today());
    Ok(Json(compliance::status(&state.app, &p, id, as_of).await?))
}

/// Whether the person may be promoted to a post of `rank` on `on`: eligible or not, every unmet
/// requirement with its evidence, and the make-up due day where the rules allow one.
#[utoipa::path(post, path = "/people/{id}/promotion-check", tag = "compliance", params(("id" = i64, Path, description = "干部 ID")),
    request_body = PromotionCheckInput,
    responses((status = 200, body = PromotionVerdict), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn promotion_check(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
    ApiJson(input): ApiJson<PromotionCheckInput>,
) -> ApiResult<Json<PromotionVerdict>> {
    Ok(Json(
        compliance::promotion_check(&state.app, &p, id, &input).await?,
    ))
}

/// The compliance dashboard of a unit's subtree, from the maintained statuses: per rule the
/// people bound, met, at risk and not met; the same per subordinate unit; the one-fifth
/// coverage (R-CMP-3) per unit; when the statuses were judged and the newest recomputation.
/// Needs `people.read` over units (a trainee gets 403); a unit outside the scope is 404.
#[utoipa::path(get, path = "/compliance/dashboard", tag = "compliance", params(ComplianceDashboardQuery),
    responses((status = 200, body = ComplianceDashboard), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn dashboard(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(query): ApiQuery<ComplianceDashboardQuery>,
) -> ApiResult<Json<ComplianceDashboard>> {
    Ok(Json(
        dashboard::dashboard(&state.app, &p, &query).await?.into(),
    ))
}

/// The dashboard in Excel: sheets 按规则, 按单位, 调训覆盖, 有风险和未达标 and 点名调学建议.
#[utoipa::path(get, path = "/compliance/dashboard/xlsx", tag = "compliance",
    params(ComplianceDashboardQuery),
    responses((status = 200, content_type = XLSX), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn dashboard_xlsx(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(query): ApiQuery<ComplianceDashboardQuery>,
) -> ApiResult<Response> {
    let (name, bytes) = sheets::dashboard_xlsx(&state.app, &p, &query).await?;
    Ok(file(XLSX, &name, "compliance.xlsx", bytes).into_response())
}

/// The people behind a number: statuses in the unit's subtree by rule and status, largest
/// shortfall first, or longest without training first (`order=untrained`, 点名调学).
#[utoipa::path(get, path = "/compliance/people", tag = "compliance", params(CompliancePeopleQuery),
    responses((status = 200, body = CompliancePeoplePage), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn people(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(query): ApiQuery<CompliancePeopleQuery>,
) -> ApiResult<Json<CompliancePeoplePage>> {
    Ok(Json(dashboard::people(&state.app, &p, &query).await?))
}

/// Recomputes every status from the records in the background (the authority): 202 with the
/// job, whose progress `GET /compliance/recompute` shows; 200 with the running job if one is
/// already under way.
#[utoipa::path(post, path = "/compliance/recompute", tag = "compliance",
    responses((status = 202, body = RecomputeStarted), (status = 200, body = RecomputeStarted),
        (status = 403, body = ErrorBody)))]
async fn recompute(State(state): State<AppState>, Caller(p): Caller) -> ApiResult<Response> {
    let started = board::start_recompute(&state.app, &p).await?;
    let status = if started.started {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(started)).into_response())
}

/// The newest recomputation with its progress (none before the first).
#[utoipa::path(get, path = "/compliance/recompute", tag = "compliance",
    responses((status = 200, body = Option<JobRow>), (status = 403, body = ErrorBody)))]
async fn latest_recompute(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Option<JobRow>>> {
    Ok(Json(
        board::latest_job(&state.app, &p).await?.map(Into::into),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CompliancePreviewInput {
    /// `compliance_national`, `compliance_county` or `compliance_org_cadres`.
    pub kind: String,
    /// The draft's TOML text.
    pub body: String,
}

/// Who a draft compliance rule set would affect: everyone judged today under the sets in force
/// and with the draft, counts per rule both ways and the people whose status would change.
/// Nothing is saved.
#[utoipa::path(post, path = "/compliance/rules/preview", tag = "compliance", request_body = CompliancePreviewInput,
    responses((status = 200, body = crate::app::compliance::preview::CompliancePreview), (status = 422, body = ErrorBody)))]
async fn preview_rules(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<CompliancePreviewInput>,
) -> ApiResult<Json<crate::app::compliance::preview::CompliancePreview>> {
    Ok(Json(
        crate::app::compliance::preview::preview(&state.app, &p, &input.kind, &input.body).await?,
    ))
}
