//! What every response gets at the edge (issue 14 item 8): HSTS when the request came over
//! TLS, and the `{code, message}` body on errors that axum or tower produce on their own (a
//! 405, an oversized raw upload), so clients never meet a plain-text or empty error.

use crate::app::{AppError, RequestProblem};
use crate::config::SecuritySettings;
use crate::http::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// A year, the usual HSTS lifetime. Subdomains are left alone: other services of the same
/// government domain may not speak TLS yet.
const HSTS: &str = "max-age=31536000";

/// Whether the client reached us over TLS: as configured (`security.secure_cookies`), or as a
/// trusted proxy says with `X-Forwarded-Proto: https`. The server itself speaks plain HTTP.
pub fn over_tls(headers: &HeaderMap, security: &SecuritySettings) -> bool {
    security.secure_cookies.unwrap_or_else(|| {
        security.trust_proxy
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
    })
}

/// Adds `Strict-Transport-Security` to responses of requests that came over TLS; over plain
/// HTTP the header would be ignored by browsers and only mislead.
pub async fn hsts(
    State(security): State<Arc<SecuritySettings>>,
    request: Request,
    next: Next,
) -> Response {
    let tls = over_tls(request.headers(), &security);
    let mut response = next.run(request).await;
    if tls {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

/// Gives an error response that is not JSON yet our body, keeping its status and headers
/// (`Allow` on a 405).
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (parts, _) = response.into_parts();
    let error = match status {
        StatusCode::NOT_FOUND => AppError::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => AppError::Request(RequestProblem::MethodNotAllowed),
        StatusCode::PAYLOAD_TOO_LARGE => AppError::Request(RequestProblem::TooLarge),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            AppError::Request(RequestProblem::UnsupportedMediaType)
        }
        StatusCode::SERVICE_UNAVAILABLE => AppError::Unavailable,
        other if other.is_client_error() => AppError::Request(RequestProblem::Malformed(
            other.canonical_reason().unwrap_or("bad request").to_owned(),
        )),
        _ => AppError::Internal(anyhow::anyhow!("a layer answered {status} without a body")),
    };
    let mut rebuilt = ApiError(error).into_response();
    *rebuilt.status_mut() = status;
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rebuilt.headers_mut().append(name.clone(), value.clone());
        }
    }
    rebuilt
}

/// Anything under `/api` that is not a route: a JSON 404, not the web app's page.
pub async fn api_not_found() -> Response {
    ApiError(AppError::NotFound).into_response()
}
