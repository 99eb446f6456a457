//! Extractors whose rejections speak our error format instead of axum's plain text.

use crate::app::{AppError, RequestProblem};
use crate::http::error::{ApiError, bad_request};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;

#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

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
