//! The web application, built by Vite into `web/dist` and handed to memory-serve by `build.rs`:
//! embedded and precompressed (brotli, gzip) in release builds, read from disk in debug builds.

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use memory_serve::CacheControl;

/// Serves the single-page app. Any path that is not a file gets `index.html` with 200, so the
/// app's own routes (`/people/12`) survive a reload.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    let app = memory_serve::load!()
        .index_file(Some("/index.html"))
        .fallback(Some("/index.html"))
        .fallback_status(StatusCode::OK)
        .html_cache_control(CacheControl::NoCache)
        // Vite names every asset after its content hash: they can be kept for a year.
        .cache_control(CacheControl::Long)
        .into_router();
    // A chunk that no longer exists (an open tab after an upgrade) must be a 404, not the HTML
    // page, or the browser reports a baffling MIME error instead of reloading.
    app.route(
        "/assets/{*missing}",
        get(|| async { StatusCode::NOT_FOUND }),
    )
}
