//! The HTTP layer: one module per resource under `/api/v1`, thin handlers, the OpenAPI document,
//! and security headers on every response.

// Features: the same names as in the domain, storage, the application and the web.
mod accounts;
mod archive;
mod attendance;
mod audit;
mod classes;
mod compliance;
mod credits;
mod follow_ups;
mod learning;
mod notices;
mod org;
mod people;
mod plans;
mod pool;
mod rules;
mod second_factor;
mod workbench;

// What every resource stands on: extractors, errors, the guard, downloads, the edge, the web app.
mod assets;
mod download;
mod edge;
pub mod error;
mod extract;
mod guard;
mod meta;
pub mod session;
pub mod state;
mod views;

use crate::app::App;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use state::AppState;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(title = "ganxun 干训 API", description = "干部教育培训管理系统接口。错误统一为 {code, message}，message 为中文说明。"),
    servers((url = "/api/v1")),
    tags(
        (name = "auth", description = "登录与会话"),
        (name = "org", description = "组织机构"),
        (name = "people", description = "干部信息"),
        (name = "accounts", description = "账号与角色"),
        (name = "audit", description = "审计日志"),
        (name = "classes", description = "培训班次"),
        (name = "plans", description = "年度培训计划"),
        (name = "attendance", description = "考勤点名与请销假"),
        (name = "credits", description = "学时学分台账"),
        (name = "compliance", description = "培训达标与提任审查"),
        (name = "pool", description = "后备干部资源库"),
        (name = "learning", description = "网络学习：课程库、视频与学习计时"),
        (name = "rules", description = "规则设置"),
        (name = "notices", description = "通知"),
        (name = "follow-ups", description = "后续处理（结业过账等）"),
        (name = "workbench", description = "工作台：待办事项"),
        (name = "meta", description = "字典与健康检查"),
    )
)]
struct ApiDoc;

/// The API routes and the OpenAPI document describing them, built together so they cannot drift.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(org::router())
        .merge(people::router())
        .merge(accounts::router())
        .merge(second_factor::router())
        .merge(follow_ups::router())
        .merge(audit::router())
        .merge(classes::router())
        .merge(attendance::router())
        .merge(credits::router())
        .merge(compliance::router())
        .merge(archive::router())
        .merge(pool::router())
        .merge(learning::router())
        .merge(plans::router())
        .merge(rules::router())
        .merge(notices::router())
        .merge(workbench::router())
        .merge(meta::router())
        .split_for_parts()
}

/// The OpenAPI document as JSON (served, and printed by `ganxun openapi`).
pub fn openapi_json() -> String {
    let (_, doc) = api();
    doc.to_pretty_json().unwrap_or_default()
}

/// Imports may be large spreadsheets.
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// The whole application: the API under `/api/v1` (never cached), the OpenAPI document, and
/// the web application (embedded; any other path falls back to its `index.html`, so the
/// single-page app's own routes survive a reload), behind one edge (`edge`: the input guard,
/// security headers, JSON errors).
pub fn router(app: App) -> Router {
    let (api, doc) = api();
    let doc_json = serde_json::to_string(&doc).unwrap_or_default();
    let security = std::sync::Arc::new(app.settings.security.clone());
    let api = api
        .route(
            "/openapi.json",
            get(move || async move { ([(header::CONTENT_TYPE, "application/json")], doc_json) }),
        )
        .fallback(not_found)
        .with_state(AppState {
            app: std::sync::Arc::new(app),
        });
    // One service stack around the web app, not a layer per concern on a router: each of those
    // boxes every request once more (issue 16, heartbeats). The edge sends API requests to the
    // API router, and answers other paths under /api (mistakes of API clients, not pages of the
    // web app) with a JSON 404.
    let stack = tower::ServiceBuilder::new()
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(edge::EdgeLayer { security, api })
        .service(assets::router());
    Router::new().fallback_service(stack)
}

async fn not_found() -> impl IntoResponse {
    error::ApiError(crate::app::AppError::NotFound)
}
