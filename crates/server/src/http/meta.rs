//! `/api/v1/vocabularies` and `/api/v1/health`: what the UI needs to build its forms, and what
//! a load balancer needs to know.

use crate::app::AppError;
use crate::http::error::{ApiError, ApiResult};
use crate::http::state::AppState;
use axum::Json;
use axum::extract::State;
use ganxun_domain::code_enum::Vocabulary;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(vocabularies))
        .routes(routes!(health))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Term {
    pub code: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Vocabularies {
    pub unit_types: Vec<Term>,
    pub ranks: Vec<Term>,
    pub categories: Vec<Term>,
    pub education: Vec<Term>,
    pub sexes: Vec<Term>,
    pub roles: Vec<Term>,
    pub scopes: Vec<Term>,
    pub class_kinds: Vec<Term>,
    pub class_states: Vec<Term>,
    pub class_actions: Vec<Term>,
    pub funding_sources: Vec<Term>,
}

fn terms<T: Vocabulary>() -> Vec<Term> {
    T::ALL
        .iter()
        .map(|v| Term {
            code: v.code().into(),
            zh: v.label_zh().into(),
            en: v.label_en().into(),
        })
        .collect()
}

/// Codes and labels (Chinese and English) of every closed vocabulary.
#[utoipa::path(get, path = "/vocabularies", tag = "meta", responses((status = 200, body = Vocabularies)))]
async fn vocabularies() -> Json<Vocabularies> {
    use ganxun_domain::*;
    Json(Vocabularies {
        unit_types: terms::<UnitType>(),
        ranks: terms::<Rank>(),
        categories: terms::<Category>(),
        education: terms::<Education>(),
        sexes: terms::<Sex>(),
        roles: terms::<Role>(),
        scopes: terms::<ScopeKind>(),
        class_kinds: terms::<ClassKind>(),
        class_states: terms::<ClassState>(),
        class_actions: terms::<ClassAction>(),
        funding_sources: terms::<classes::FundingSource>(),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: String,
}

/// 200 when the database answers, 503 with Retry-After when it does not.
#[utoipa::path(get, path = "/health", tag = "meta", responses((status = 200, body = Health), (status = 503)))]
async fn health(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    state
        .app
        .db
        .ping()
        .await
        .map_err(|_| ApiError(AppError::Unavailable))?;
    Ok(Json(Health {
        status: "ok".into(),
    }))
}
