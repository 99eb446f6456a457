//! Extractors whose rejections speak our error format instead of axum's plain text.

use crate::app::{AppError, RequestProblem};
use crate::http::error::{ApiError, bad_request};
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

/// A JSON body. Bodies sent as `application/json` are parsed straight (a few percent of a
/// heartbeat's time went into the error-path tracking of axum's extractor); anything else, and
/// any body that does not parse, goes through axum's extractor, so every rejection and its
/// message stay what axum says.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !plain_json(request.headers()) {
            let axum::Json(value) = axum::Json::<T>::from_request(request, state).await?;
            return Ok(ApiJson(value));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(JsonRejection::from)?;
        match serde_json::from_slice(&bytes) {
            Ok(value) => Ok(ApiJson(value)),
            Err(_) => Ok(ApiJson(axum::Json::<T>::from_bytes(&bytes)?.0)),
        }
    }
}

/// `Content-Type: application/json`, with parameters or not, as browsers and our web app send
/// it: axum's extractor takes it too.
fn plain_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("application/json"))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(';'))
}

#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

impl From<JsonRejection> for ApiError {
    /// Keeps axum's status (413 too large, 415 not JSON, 400 broken syntax) and puts our body
    /// on it; a well-formed body of the wrong shape stays a 422 like other invalid input.
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError(AppError::Request(RequestProblem::TooLarge)),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ApiError(AppError::Request(RequestProblem::UnsupportedMediaType))
            }
            StatusCode::BAD_REQUEST => ApiError(AppError::Request(RequestProblem::Malformed(
                rejection.body_text(),
            ))),
            _ => bad_request(rejection.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        bad_request(rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        bad_request(rejection.body_text())
    }
}
