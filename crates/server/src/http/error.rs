//! One error type for every response: status, stable machine code, Chinese message (STYLE 4).
//! Every error says these itself through the domain's `Problem` trait — each feature's refusals
//! beside the feature, what all share in `app::error` — so nothing here names a feature's
//! variant. Server faults are logged with their cause chain and never sent.

use crate::app::{AppError, FieldError};
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ganxun_domain::Problem;
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `ID_CARD_CHECK_DIGIT`.
    pub code: String,
    /// What went wrong and what to do, in Chinese.
    pub message: String,
    /// Per-field problems for forms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// An `AppError` on its way out.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError(err)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = &self.0;
        if let AppError::Internal(err) = problem {
            tracing::error!(error = ?err, "internal error");
        }
        let status = StatusCode::from_u16(problem.status().http())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = problem.retry_after();
        let message = problem.message();
        let (code, fields) = match self.0 {
            // A single-field validation error carries that field's own code.
            AppError::Validation(fields) => match fields.as_slice() {
                [only] => (only.code.clone(), fields),
                _ => ("VALIDATION_FAILED".to_owned(), fields),
            },
            other => (other.code().to_owned(), Vec::new()),
        };
        let mut response = (
            status,
            Json(ErrorBody {
                code,
                message,
                fields,
            }),
        )
            .into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Rejections from axum's own extractors (bad JSON, bad query) in the same shape.
pub fn bad_request(message: impl ToString) -> ApiError {
    ApiError(AppError::field(
        "body",
        "BAD_REQUEST",
        format!("请求格式不正确：{}", message.to_string()),
    ))
}
