//! What every request meets at the edge, in one layer (issue 14 item 8; one layer since issue 16:
//! each layer stacked on a router boxes every request again, and the eleven there were took about
//! a sixth of the server's time per heartbeat in a profile):
//! - under `/api/v1`, the input guard ([`super::guard`]);
//! - on API responses, `Cache-Control: no-store`, and the `{code, message}` body on errors that
//!   axum or tower produce on their own (a 405, an oversized raw upload), so clients never meet a
//!   plain-text or empty error;
//! - on every response, the security headers, and HSTS when the request came over TLS.
//!
//! The edge also sends each request where it belongs: the API router gets API requests with
//! `/api/v1` taken off their path, the web application the rest. Nesting the API under the
//! prefix in a router instead wraps every API route in two more boxed layers (strip the
//! prefix, note the nested path), which a heartbeat profile showed as a few percent.

use crate::app::{AppError, RequestProblem};
use crate::config::SecuritySettings;
use crate::http::error::ApiError;
use axum::Router;
use axum::extract::Request;
use axum::http::uri::PathAndQuery;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower::{Layer, Service, ServiceExt};

/// Scripts only from our own origin, no inline scripts, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

/// On every response, whatever a handler set.
const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (header::CONTENT_SECURITY_POLICY, CSP),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "same-origin"),
];

/// The edge around the web application, with the API router it sends API requests to.
#[derive(Clone)]
pub struct EdgeLayer {
    pub security: Arc<SecuritySettings>,
    /// The API's routes, without the `/api/v1` prefix.
    pub api: Router,
}

impl<S> Layer<S> for EdgeLayer {
    type Service = Edge<S>;

    fn layer(&self, web: S) -> Edge<S> {
        Edge {
            web,
            api: self.api.clone(),
            security: self.security.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Edge<S> {
    web: S,
    api: Router,
    security: Arc<SecuritySettings>,
}

/// The API's path prefix.
const API_PREFIX: &str = "/api/v1";

/// Where a request is going, as far as the edge cares.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    /// The API proper: guarded.
    Api,
    /// Other paths under `/api`: answered by a JSON 404.
    ApiElsewhere,
    /// The web application.
    Web,
}

fn place(path: &str) -> Place {
    let Some(rest) = path.strip_prefix("/api") else {
        return Place::Web;
    };
    match path.strip_prefix(API_PREFIX) {
        Some(after) if after.is_empty() || after.starts_with('/') => Place::Api,
        _ if rest.is_empty() || rest.starts_with('/') => Place::ApiElsewhere,
        _ => Place::Web,
    }
}

impl<S> Service<Request> for Edge<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let tls = over_tls(request.headers(), &self.security);
        let place = place(request.uri().path());
        let web = (place == Place::Web).then(|| self.web.clone());
        let api = (place == Place::Api).then(|| self.api.clone());
        Box::pin(async move {
            let response = match (web, api) {
                (Some(web), _) => web.oneshot(request).await?,
                (_, Some(api)) => match super::guard::checked(request).await {
                    Ok(request) => api.oneshot(under_api(request)).await?,
                    Err(refused) => refused,
                },
                _ => api_not_found().await,
            };
            Ok(finished(response, place, tls))
        })
    }
}

/// The request as the API router sees it: its path without `/api/v1` (`/` for the bare
/// prefix), the query kept.
fn under_api(mut request: Request) -> Request {
    let uri = request.uri();
    let whole = uri.path_and_query().map_or("", PathAndQuery::as_str);
    let rest = whole.strip_prefix(API_PREFIX).unwrap_or(whole);
    let stripped = if rest.starts_with('/') {
        PathAndQuery::try_from(rest)
    } else {
        PathAndQuery::try_from(format!("/{rest}"))
    };
    let mut parts = uri.clone().into_parts();
    // What was a valid path stays one without its prefix; should it not, the request goes on
    // as it came and meets the API's 404.
    if let Ok(stripped) = stripped {
        parts.path_and_query = Some(stripped);
        if let Ok(uri) = Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
    }
    request
}

/// The response with what the edge adds.
fn finished(response: Response, place: Place, tls: bool) -> Response {
    let mut response = if place == Place::Web {
        response
    } else {
        json_errors(response)
    };
    let headers = response.headers_mut();
    if place != Place::Web {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // Over plain HTTP the header would be ignored by browsers and only mislead.
    if tls {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

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

/// Gives an error response that is not JSON yet our body, keeping its status and headers
/// (`Allow` on a 405).
fn json_errors(response: Response) -> Response {
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
async fn api_not_found() -> Response {
    ApiError(AppError::NotFound).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_is_told_from_other_api_paths_and_the_web_app() {
        for path in ["/api/v1", "/api/v1/", "/api/v1/learning/playbacks/3/beats"] {
            assert!(place(path) == Place::Api, "{path}");
        }
        for path in ["/api", "/api/", "/api/v2/x", "/api/v10"] {
            assert!(place(path) == Place::ApiElsewhere, "{path}");
        }
        for path in ["/", "/apix", "/people/12", "/assets/app.js"] {
            assert!(place(path) == Place::Web, "{path}");
        }
    }

    #[test]
    fn the_api_router_sees_paths_without_the_prefix_and_with_their_query() {
        for (given, seen) in [
            (
                "/api/v1/learning/playbacks/3/beats",
                "/learning/playbacks/3/beats",
            ),
            (
                "/api/v1/people?page=2&q=%E5%BC%A0",
                "/people?page=2&q=%E5%BC%A0",
            ),
            ("/api/v1", "/"),
            ("/api/v1/", "/"),
            ("/api/v1?x=1", "/?x=1"),
        ] {
            let request = Request::builder()
                .uri(given)
                .body(axum::body::Body::empty())
                .unwrap();
            let uri = under_api(request).uri().clone();
            assert_eq!(uri.path_and_query().unwrap().as_str(), seen, "{given}");
        }
    }
}
