//! Credits: `/api/v1/classes/{id}/credits`, `/api/v1/people/{id}/credits`,
//! `/api/v1/credits/awards`, `/api/v1/credits/entries/{id}/revoke`.

pub mod sheets;
mod views;

use crate::app::credits::publications::{
    self, AnswerInput, ObjectionInput, PublicationItem, PublishInput,
};
use crate::app::credits::{
    self, AwardInput, FactDecisionInput, Preview, PreviewInput, Reevaluated, ResearchInput,
    RevokeInput, SalonInput, SchoolTermInput, ScoresInput,
};
use crate::app::grades::{self, ComponentScores, GradeSheet, Grading};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::{CreditEntryId, ObjectionId, PublicationId};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};
use views::{
    EntryRow, FactDecided, Objection, PendingRecord, Publication, Reconciled, Recorded,
    RevocationRow, Statement,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(sheets::router())
        .routes(routes!(post_class_credits))
        .routes(routes!(person_statement))
        .routes(routes!(award))
        .routes(routes!(revoke))
        .routes(routes!(revocations))
        .routes(routes!(record_scores))
        .routes(routes!(submit_research))
        .routes(routes!(record_salon))
        .routes(routes!(record_school_term))
        .routes(routes!(pending_records))
        .routes(routes!(decide_record))
        .routes(routes!(publish, list_publications))
        .routes(routes!(get_publication))
        .routes(routes!(object))
        .routes(routes!(answer_objection))
        .routes(routes!(get_grading, save_grading))
        .routes(routes!(enter_grades))
        .routes(routes!(grade_sheet))
        .routes(routes!(reevaluate))
        .routes(routes!(preview_rules))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct RequiredYear {
    year: i32,
}

/// Re-evaluates a year under the rule sets now in force (after a rule change).
#[utoipa::path(post, path = "/credits/reevaluate", tag = "credits", params(RequiredYear),
    responses((status = 200, body = Reevaluated)))]
async fn reevaluate(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(query): ApiQuery<RequiredYear>,
) -> ApiResult<Json<Reevaluated>> {
    Ok(Json(credits::reevaluate(&state.app, &p, query.year).await?))
}

/// Tries a draft rule set on one person's records of a year; nothing is saved.
#[utoipa::path(post, path = "/credits/rules/preview", tag = "credits", request_body = PreviewInput,
    responses((status = 200, body = Preview), (status = 422, body = ErrorBody)))]
async fn preview_rules(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<PreviewInput>,
) -> ApiResult<Json<Preview>> {
    Ok(Json(credits::preview(&state.app, &p, &input).await?))
}

/// The class's grading scheme (Xiantao 40/30/30 until the class saves its own).
#[utoipa::path(get, path = "/classes/{id}/grading", tag = "credits", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = Grading)))]
async fn get_grading(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<Grading>> {
    Ok(Json(grades::scheme(&state.app, &p, id).await?))
}

/// Saves the class's grading scheme; weights must total 100 %.
#[utoipa::path(put, path = "/classes/{id}/grading", tag = "credits", params(("id" = i64, Path, description = "班次 ID")), request_body = Grading,
    responses((status = 200, body = Grading), (status = 422, body = ErrorBody)))]
async fn save_grading(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
    ApiJson(input): ApiJson<Grading>,
) -> ApiResult<Json<Grading>> {
    Ok(Json(grades::save_scheme(&state.app, &p, id, &input).await?))
}

/// Enters a hand-scored component for trainees of the class.
#[utoipa::path(put, path = "/classes/{id}/grades/{component}", tag = "credits", params(("id" = i64, Path, description = "班次 ID"), ("component" = String, Path, description = "成绩项目代码")), request_body = ComponentScores,
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn enter_grades(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath((id, component)): ApiPath<(ClassId, String)>,
    ApiJson(input): ApiJson<ComponentScores>,
) -> ApiResult<StatusCode> {
    grades::enter_scores(&state.app, &p, id, &component, &input.scores).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The grade sheet: components, weighted totals, pass and excellent trainees, best first.
#[utoipa::path(get, path = "/classes/{id}/grades", tag = "credits", params(("id" = i64, Path, description = "班次 ID")), responses((status = 200, body = GradeSheet)))]
async fn grade_sheet(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<GradeSheet>> {
    Ok(Json(grades::sheet(&state.app, &p, id).await?))
}

/// Publishes a unit's credits for a year (公示); objections are accepted until `closes_on`.
#[utoipa::path(post, path = "/credits/publications", tag = "credits", request_body = PublishInput,
    responses((status = 201, body = Publication), (status = 409, body = ErrorBody)))]
async fn publish(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<PublishInput>,
) -> ApiResult<(StatusCode, Json<Publication>)> {
    Ok((
        StatusCode::CREATED,
        Json(publications::publish(&state.app, &p, &input).await?.into()),
    ))
}

/// Publications the caller may read: covering their own unit, or published within the
/// authority's scope.
#[utoipa::path(get, path = "/credits/publications", tag = "credits", responses((status = 200, body = Vec<PublicationItem>)))]
async fn list_publications(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<PublicationItem>>> {
    Ok(Json(publications::list(&state.app, &p).await?))
}

/// A publication as published, with its objections.
#[utoipa::path(get, path = "/credits/publications/{id}", tag = "credits", params(("id" = i64, Path, description = "公示 ID")), responses((status = 200, body = Publication)))]
async fn get_publication(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PublicationId>,
) -> ApiResult<Json<Publication>> {
    Ok(Json(publications::get(&state.app, &p, id).await?.into()))
}

/// Objects to one's own line while the publication is open.
#[utoipa::path(post, path = "/credits/publications/{id}/objections", tag = "credits", params(("id" = i64, Path, description = "公示 ID")), request_body = ObjectionInput,
    responses((status = 201, body = Objection), (status = 409, body = ErrorBody)))]
async fn object(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PublicationId>,
    ApiJson(input): ApiJson<ObjectionInput>,
) -> ApiResult<(StatusCode, Json<Objection>)> {
    Ok((
        StatusCode::CREATED,
        Json(
            publications::object(&state.app, &p, id, &input)
                .await?
                .into(),
        ),
    ))
}

/// Answers an objection: uphold or dismiss, with the answer.
#[utoipa::path(post, path = "/credits/objections/{id}/answer", tag = "credits", params(("id" = i64, Path, description = "异议 ID")), request_body = AnswerInput,
    responses((status = 200, body = Objection), (status = 409, body = ErrorBody)))]
async fn answer_objection(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ObjectionId>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> ApiResult<Json<Objection>> {
    Ok(Json(
        publications::answer(&state.app, &p, id, &input)
            .await?
            .into(),
    ))
}

/// Revoked entries with their enterer and revoker, for follow-up.
#[utoipa::path(get, path = "/credits/revocations", tag = "credits", responses((status = 200, body = Vec<RevocationRow>)))]
async fn revocations(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<RevocationRow>>> {
    Ok(Json(crate::http::views::all(
        credits::revocations(&state.app, &p).await?,
    )))
}

/// Exam or assignment scores; each earns by the rule set's bands at once.
#[utoipa::path(post, path = "/credits/scores", tag = "credits", request_body = ScoresInput,
    responses((status = 201, body = Recorded), (status = 422, body = ErrorBody)))]
async fn record_scores(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<ScoresInput>,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    Ok((
        StatusCode::CREATED,
        Json(credits::record_scores(&state.app, &p, &input).await?.into()),
    ))
}

/// A research output with its evidence; it counts once the authority approves it.
#[utoipa::path(post, path = "/credits/research", tag = "credits", request_body = ResearchInput,
    responses((status = 201, body = Recorded), (status = 422, body = ErrorBody)))]
async fn submit_research(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<ResearchInput>,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    Ok((
        StatusCode::CREATED,
        Json(
            credits::submit_research(&state.app, &p, &input)
                .await?
                .into(),
        ),
    ))
}

/// A reading salon: groups with their representative's score and members.
#[utoipa::path(post, path = "/credits/salons", tag = "credits", request_body = SalonInput,
    responses((status = 201, body = Recorded), (status = 422, body = ErrorBody)))]
async fn record_salon(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<SalonInput>,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    Ok((
        StatusCode::CREATED,
        Json(credits::record_salon(&state.app, &p, &input).await?.into()),
    ))
}

/// A teacher's school-based training in a term.
#[utoipa::path(post, path = "/credits/school-terms", tag = "credits", request_body = SchoolTermInput,
    responses((status = 201, body = Recorded), (status = 422, body = ErrorBody)))]
async fn record_school_term(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<SchoolTermInput>,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    Ok((
        StatusCode::CREATED,
        Json(
            credits::record_school_term(&state.app, &p, &input)
                .await?
                .into(),
        ),
    ))
}

/// Records waiting for approval.
#[utoipa::path(get, path = "/credits/records/pending", tag = "credits", responses((status = 200, body = Vec<PendingRecord>)))]
async fn pending_records(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<PendingRecord>>> {
    Ok(Json(crate::http::views::all(
        credits::pending_facts(&state.app, &p).await?,
    )))
}

/// Approve (credits posted at once) or reject with a reason.
#[utoipa::path(post, path = "/credits/records/{id}/decision", tag = "credits", params(("id" = i64, Path, description = "学分事项 ID")), request_body = FactDecisionInput,
    responses((status = 200, body = FactDecided), (status = 409, body = ErrorBody)))]
async fn decide_record(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ganxun_domain::CreditFactId>,
    ApiJson(input): ApiJson<FactDecisionInput>,
) -> ApiResult<Json<FactDecided>> {
    Ok(Json(
        credits::decide_fact(&state.app, &p, id, &input)
            .await?
            .into(),
    ))
}

/// Posts (or re-posts) a finished class's class-hour credits from its roll calls; changed
/// entries are reversed and posted anew, never rewritten.
#[utoipa::path(post, path = "/classes/{id}/credits", tag = "credits", params(("id" = i64, Path, description = "班次 ID")),
    responses((status = 200, body = Reconciled), (status = 409, body = ErrorBody)))]
async fn post_class_credits(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<ClassId>,
) -> ApiResult<Json<Reconciled>> {
    Ok(Json(credits::post_class(&state.app, &p, id).await?.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct YearQuery {
    year: Option<i32>,
}

/// A person's credits: totals and every entry with its rule and explanation.
#[utoipa::path(get, path = "/people/{id}/credits", tag = "credits", params(("id" = i64, Path, description = "干部 ID"), YearQuery),
    responses((status = 200, body = Statement)))]
async fn person_statement(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PersonId>,
    ApiQuery(query): ApiQuery<YearQuery>,
) -> ApiResult<Json<Statement>> {
    Ok(Json(
        credits::statement(&state.app, &p, id, query.year)
            .await?
            .into(),
    ))
}

/// Records a manual award or deduction with its reason.
#[utoipa::path(post, path = "/credits/awards", tag = "credits", request_body = AwardInput,
    responses((status = 201, body = EntryRow), (status = 422, body = ErrorBody)))]
async fn award(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<AwardInput>,
) -> ApiResult<(StatusCode, Json<EntryRow>)> {
    Ok((
        StatusCode::CREATED,
        Json(credits::award(&state.app, &p, &input).await?.into()),
    ))
}

/// Revokes a falsified entry: a reversal naming the revoker and the reason.
#[utoipa::path(post, path = "/credits/entries/{id}/revoke", tag = "credits", params(("id" = i64, Path, description = "学分记录 ID")), request_body = RevokeInput,
    responses((status = 200, body = EntryRow), (status = 409, body = ErrorBody)))]
async fn revoke(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<CreditEntryId>,
    ApiJson(input): ApiJson<RevokeInput>,
) -> ApiResult<Json<EntryRow>> {
    Ok(Json(
        credits::revoke(&state.app, &p, id, &input).await?.into(),
    ))
}
