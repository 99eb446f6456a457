//! What a use case can answer besides success. The HTTP layer maps each variant to a status,
//! a stable code and a Chinese message, with no wildcard (STYLE 4).

use chrono::{DateTime, Utc};
use ganxun_storage::{Constraint, Refusal, StoreError};

/// One field's problem, shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl ToString) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.to_string(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("account locked")]
    AccountLocked { until: DateTime<Utc> },
    #[error("not signed in")]
    Unauthenticated,
    #[error("session expired")]
    SessionExpired { idle: bool },
    #[error("password change required")]
    PasswordChangeRequired,
    /// The password was right; the account's second-factor code is needed too.
    #[error("second-factor code needed")]
    SecondFactorNeeded,
    /// The second-factor code was wrong, already used, or not a code at all.
    #[error("second-factor code wrong")]
    SecondFactorWrong,
    /// A role of the account requires a second factor that is not set up yet.
    #[error("second factor must be set up")]
    SecondFactorSetupRequired,
    /// The account's roles wait for the security administrator's confirmation after an
    /// administrator chose its password (ADR 0004).
    #[error("roles suspended until confirmed")]
    RolesSuspended,
    /// Too many sign-in attempts from one address or for one account (issue 14 item 6).
    #[error("too many sign-in attempts")]
    Throttled { retry_after_seconds: i64 },
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    #[error("conflict")]
    Conflict(Constraint),
    #[error("refused")]
    Refused(Refusal),
    /// A business rule refused the request: the domain's stable code and Chinese message
    /// (`CLASS_NOT_APPROVED`, `ILLEGAL_TRANSITION`, …).
    #[error("refused by a rule: {code}")]
    Rule { code: &'static str, message: String },
    #[error("CSRF token missing or wrong")]
    Csrf,
    #[error("storage unavailable")]
    Unavailable,
    /// The disk under the database is full; nothing was written (issue 14 item 1).
    #[error("storage full")]
    StorageFull,
    /// The request itself is unusable before any use case runs: too large, of a type the
    /// operation does not take, not parseable, or a method the path does not have.
    #[error("unusable request: {0:?}")]
    Request(RequestProblem),
    #[error(transparent)]
    Internal(anyhow::Error),
}

/// Why a request was refused at the door (issue 14 item 8: the right status, our body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestProblem {
    /// Larger than the body limit (413).
    TooLarge,
    /// Not the content type the operation takes (415).
    UnsupportedMediaType,
    /// Not parseable, e.g. broken JSON syntax (400); the parser's own words.
    Malformed(String),
    /// The path exists but not with this method (405).
    MethodNotAllowed,
}

impl AppError {
    pub fn rule(code: &'static str, message: impl ToString) -> Self {
        AppError::Rule {
            code,
            message: message.to_string(),
        }
    }

    pub fn field(field: &str, code: &str, message: impl ToString) -> Self {
        AppError::Validation(vec![FieldError::new(field, code, message)])
    }
}

/// Reads a two-way `decision` field: `Ok(true)` for `yes`, `Ok(false)` for `no`, and
/// `UNKNOWN_DECISION` for anything else.
pub fn two_way(decision: &str, yes: &str, no: &str) -> AppResult<bool> {
    match decision {
        d if d == yes => Ok(true),
        d if d == no => Ok(false),
        other => Err(AppError::field(
            "decision",
            "UNKNOWN_DECISION",
            format!("无法识别的决定：{other}（应为 {yes} 或 {no}）"),
        )),
    }
}

impl From<ganxun_domain::review::ReviewError> for AppError {
    fn from(err: ganxun_domain::review::ReviewError) -> Self {
        match err.field() {
            Some(field) => AppError::field(field, err.code(), &err),
            None => AppError::rule(err.code(), &err),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(constraint) => AppError::Conflict(constraint),
            StoreError::Refused(refusal) => AppError::Refused(refusal),
            StoreError::Unavailable(source) => {
                tracing::warn!(error = %source, "storage unavailable");
                AppError::Unavailable
            }
            StoreError::Full(source) => {
                tracing::error!(error = %source, "storage full: writes refused until space is freed");
                AppError::StorageFull
            }
            StoreError::Db(source) => {
                AppError::Internal(anyhow::Error::new(source).context("database error"))
            }
            StoreError::Other(source) => AppError::Internal(source),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
