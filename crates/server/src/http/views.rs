//! What every feature's API views stand on. Each feature's `views` module holds the types its
//! operations return, made from storage rows, so the API contract lives in the HTTP layer and
//! storage knows nothing of the OpenAPI document.

/// Every row of a list as its API view.
pub fn all<T, U: Into<T>>(rows: Vec<U>) -> Vec<T> {
    rows.into_iter().map(Into::into).collect()
}
