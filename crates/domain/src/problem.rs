//! What every refusal says about itself, whichever feature refuses: the status it answers with,
//! a stable code for programs and a Chinese message for people (STYLE 4). Each feature declares
//! its own refusals and implements [`Problem`] beside them; the HTTP layer maps the trait, never
//! a feature's variants, so a new feature's refusals touch no shared list.
//!
//! English is kept by code, in the web's `i18n/common/apiErrors.en.ts`: the server answers in
//! Chinese, the web shows the English of the code when its reader chose English. The list of
//! codes the server can answer is exported to the web (`web/src/api/errorCodes.ts`), so the
//! web's type checker refuses a code without English; `tests/api/quality/error_codes.rs` refuses
//! a code used for two different things.

use std::any::Any;
use std::fmt::Debug;

/// The kind of answer a problem is, as the HTTP status it is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 400: the request cannot be read.
    BadRequest,
    /// 401: not signed in, or the credentials are wrong.
    Unauthorized,
    /// 403: signed in, but not allowed.
    Forbidden,
    /// 404: not there, or outside the caller's scope.
    NotFound,
    /// 405: the path does not take this method.
    MethodNotAllowed,
    /// 409: a business rule or the current state of a record refuses it.
    Conflict,
    /// 413: larger than the server accepts.
    PayloadTooLarge,
    /// 415: the request's content type is not one the operation takes.
    UnsupportedMediaType,
    /// 422: the input is readable but not valid.
    Unprocessable,
    /// 429: too many attempts.
    TooManyRequests,
    /// 500: the server's fault.
    Internal,
    /// 503: a dependency is down or full; trying later may work.
    Unavailable,
}

impl Status {
    /// The HTTP status code.
    pub fn http(self) -> u16 {
        match self {
            Status::BadRequest => 400,
            Status::Unauthorized => 401,
            Status::Forbidden => 403,
            Status::NotFound => 404,
            Status::MethodNotAllowed => 405,
            Status::Conflict => 409,
            Status::PayloadTooLarge => 413,
            Status::UnsupportedMediaType => 415,
            Status::Unprocessable => 422,
            Status::TooManyRequests => 429,
            Status::Internal => 500,
            Status::Unavailable => 503,
        }
    }
}

/// A refusal any feature can answer with.
pub trait Problem: Any + Debug + Send + Sync {
    /// The kind of answer; most refusals are a record's state or a rule saying no.
    fn status(&self) -> Status {
        Status::Conflict
    }

    /// The stable machine code, SCREAMING_SNAKE_CASE (`CLASS_NOT_EDITABLE`).
    fn code(&self) -> &'static str;

    /// What went wrong and what to do, in Chinese, in the officer's words.
    fn message(&self) -> String;

    /// The request field the problem is about, when a form should show it beside that field.
    fn field(&self) -> Option<&'static str> {
        None
    }

    /// Seconds after which trying again may succeed (sent as `Retry-After`).
    fn retry_after(&self) -> Option<i64> {
        None
    }
}

/// A problem carried as a value of any feature's type.
pub type BoxedProblem = Box<dyn Problem>;

/// The concrete refusal inside a boxed problem, when it is of type `T` — for the few callers
/// that answer one particular refusal differently (a repeated sign-in, a stale version).
pub fn downcast<T: Problem>(problem: &dyn Problem) -> Option<&T> {
    let any: &dyn Any = problem;
    any.downcast_ref::<T>()
}

impl Problem for crate::review::ReviewError {
    fn status(&self) -> Status {
        match self.field() {
            Some(_) => Status::Unprocessable,
            None => Status::Conflict,
        }
    }

    fn code(&self) -> &'static str {
        crate::review::ReviewError::code(self)
    }

    fn message(&self) -> String {
        self.to_string()
    }

    fn field(&self) -> Option<&'static str> {
        crate::review::ReviewError::field(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::ReviewError;

    #[test]
    fn a_boxed_problem_gives_back_its_own_type_and_no_other() {
        let boxed: BoxedProblem = Box::new(ReviewError::ReasonRequired);
        assert_eq!(
            downcast::<ReviewError>(boxed.as_ref()),
            Some(&ReviewError::ReasonRequired)
        );
        #[derive(Debug)]
        struct Other;
        impl Problem for Other {
            fn code(&self) -> &'static str {
                "OTHER"
            }
            fn message(&self) -> String {
                String::new()
            }
        }
        assert!(downcast::<Other>(boxed.as_ref()).is_none());
        assert_eq!(boxed.status(), Status::Unprocessable);
        assert_eq!(boxed.field(), Some("reason"));
    }
}
