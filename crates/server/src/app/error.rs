//! What a use case can answer besides success. Each feature refuses with its own type that
//! implements [`Problem`] (status, stable code, Chinese message); what every feature shares —
//! not signed in, not allowed, not found, invalid input, the database down — is a variant here
//! and a `Problem` too, so the HTTP layer maps the trait and nothing else (STYLE 4).

use ganxun_domain::problem::{BoxedProblem, Problem, Status, downcast};
use ganxun_storage::StoreError;

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
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// A feature refused: a record's state, a constraint or a rule says no. The feature's own
    /// type says how (`org::Refusal`, `accounts::Refusal`, a domain rule's error …).
    #[error("refused: {}", .0.code())]
    Refused(BoxedProblem),
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

/// A business rule's refusal given as its code and Chinese message (`CLASS_NOT_APPROVED`,
/// `ILLEGAL_TRANSITION` …), for the domain's errors that carry both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRefusal {
    pub code: &'static str,
    pub message: String,
}

impl Problem for RuleRefusal {
    fn code(&self) -> &'static str {
        self.code
    }

    fn message(&self) -> String {
        self.message.clone()
    }
}

impl AppError {
    /// A refusal of any feature.
    pub fn refused(problem: impl Problem) -> Self {
        AppError::Refused(Box::new(problem))
    }

    /// A business rule's refusal by its code and Chinese message.
    pub fn rule(code: &'static str, message: impl ToString) -> Self {
        AppError::refused(RuleRefusal {
            code,
            message: message.to_string(),
        })
    }

    /// The refusal inside, when it is of type `T`.
    pub fn refusal<T: Problem>(&self) -> Option<&T> {
        match self {
            AppError::Refused(problem) => downcast::<T>(problem.as_ref()),
            _ => None,
        }
    }

    /// The stable code of a refusal, if this is one.
    pub fn refusal_code(&self) -> Option<&'static str> {
        match self {
            AppError::Refused(problem) => Some(problem.code()),
            _ => None,
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
            None => AppError::refused(err),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(constraint) => AppError::refused(constraint),
            StoreError::Refused(problem) => AppError::Refused(problem),
            StoreError::Unavailable(source) => {
                tracing::warn!(error = %source, "storage unavailable");
                AppError::Unavailable
            }
            StoreError::Full(source) => {
                tracing::error!(error = %source, "storage full: writes refused until space is freed");
                AppError::StorageFull
            }
            StoreError::UnknownCode(unknown) => AppError::Internal(
                anyhow::Error::new(unknown).context("a stored code no vocabulary knows"),
            ),
            StoreError::Db(source) => {
                AppError::Internal(anyhow::Error::new(source).context("database error"))
            }
            StoreError::Other(source) => AppError::Internal(source),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// What every feature shares, answered the same way everywhere. A validation error's own
/// status, code and message are those of its fields (the HTTP layer lists them).
impl Problem for AppError {
    fn status(&self) -> Status {
        match self {
            AppError::Unauthenticated => Status::Unauthorized,
            AppError::Forbidden | AppError::Csrf => Status::Forbidden,
            AppError::NotFound => Status::NotFound,
            AppError::Validation(_) => Status::Unprocessable,
            AppError::Refused(problem) => problem.status(),
            AppError::Unavailable | AppError::StorageFull => Status::Unavailable,
            AppError::Request(problem) => problem.status(),
            AppError::Internal(_) => Status::Internal,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "UNAUTHENTICATED",
            AppError::Forbidden => "FORBIDDEN",
            AppError::NotFound => "NOT_FOUND",
            AppError::Validation(_) => "VALIDATION_FAILED",
            AppError::Refused(problem) => problem.code(),
            AppError::Csrf => "CSRF_FAILED",
            AppError::Unavailable => "STORAGE_UNAVAILABLE",
            AppError::StorageFull => "STORAGE_FULL",
            AppError::Request(problem) => problem.code(),
            AppError::Internal(_) => "INTERNAL",
        }
    }

    fn message(&self) -> String {
        match self {
            AppError::Unauthenticated => "请先登录".into(),
            AppError::Forbidden => "您的角色无权进行此操作".into(),
            AppError::NotFound => "记录不存在或不在您的管理范围内".into(),
            AppError::Validation(fields) => fields
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join("；"),
            AppError::Refused(problem) => problem.message(),
            AppError::Csrf => "页面已过期或请求来源不正确，请刷新页面后重试".into(),
            AppError::Unavailable => "数据库暂时不可用，请稍后重试".into(),
            AppError::StorageFull => {
                "服务器存储空间已满，本次操作未保存，请稍后重试或联系系统管理员清理磁盘".into()
            }
            AppError::Request(problem) => problem.message(),
            AppError::Internal(_) => "服务器内部错误，已记录，请稍后重试或联系管理员".into(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            AppError::Refused(problem) => problem.field(),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<i64> {
        match self {
            AppError::Unavailable | AppError::StorageFull => Some(5),
            AppError::Refused(problem) => problem.retry_after(),
            _ => None,
        }
    }
}

impl Problem for RequestProblem {
    fn status(&self) -> Status {
        match self {
            RequestProblem::TooLarge => Status::PayloadTooLarge,
            RequestProblem::UnsupportedMediaType => Status::UnsupportedMediaType,
            RequestProblem::Malformed(_) => Status::BadRequest,
            RequestProblem::MethodNotAllowed => Status::MethodNotAllowed,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            RequestProblem::TooLarge => "PAYLOAD_TOO_LARGE",
            RequestProblem::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            RequestProblem::Malformed(_) => "MALFORMED_REQUEST",
            RequestProblem::MethodNotAllowed => "METHOD_NOT_ALLOWED",
        }
    }

    fn message(&self) -> String {
        match self {
            RequestProblem::TooLarge => "请求内容过大，超过了服务器允许的上限".into(),
            RequestProblem::UnsupportedMediaType => {
                "请求内容的类型不正确（JSON 接口须带 Content-Type: application/json）".into()
            }
            RequestProblem::Malformed(detail) => format!("请求无法解析：{detail}"),
            RequestProblem::MethodNotAllowed => "该地址不支持这种请求方法".into(),
        }
    }
}
