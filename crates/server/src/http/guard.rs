//! The input guard (issue 14 item 3): checked at the edge in front of every API handler, it
//! refuses what no handler should ever see, whatever its own types would let through:
//! - a NUL character in the path, the query or a JSON body (`NUL_CHARACTER`): PostgreSQL cannot
//!   store one in text and answered 500;
//! - a `year` (or `…_year`) parameter or a date outside 1900–2200 (`YEAR_OUT_OF_RANGE`,
//!   `DATE_OUT_OF_RANGE`): far-off years overflowed date arithmetic and database date types.
//!
//! Everything else passes untouched; a body that is not valid JSON is left to the handler's
//! extractor, which refuses it in the usual way.

use crate::app::{AppError, FieldError, RequestProblem};
use crate::http::error::ApiError;
use axum::body::{Body, to_bytes};
use axum::extract::{Query, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ganxun_domain::years::{YEARS, date_shaped_year, year_in_range};
use serde_json::Value;

/// Runs the checks: the request to pass on, or the answer to the problems found.
pub async fn checked(request: Request) -> Result<Request, Response> {
    let (parts, body) = request.into_parts();
    let mut problems = Vec::new();
    if percent_decoded(parts.uri.path()).contains(&0) {
        problems.push(nul("path"));
    }
    if parts.uri.query().is_some()
        && let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
    {
        for (key, value) in &pairs {
            check_text(key, key, &mut problems);
            check_text(key, value, &mut problems);
            if is_year_key(key)
                && let Ok(year) = value.trim().parse::<i64>()
            {
                check_year(key, year, &mut problems);
            }
        }
    }
    let body = if is_json(&parts.headers) && !too_large(&parts.headers) {
        // A body without a declared length that runs past the limit: the same 413 as a declared one.
        let Ok(bytes) = to_bytes(body, crate::http::MAX_BODY_BYTES).await else {
            return Err(ApiError(AppError::Request(RequestProblem::TooLarge)).into_response());
        };
        if may_hold_a_problem(&bytes)
            && let Ok(value) = serde_json::from_slice::<Value>(&bytes)
        {
            check_value("body", &value, &mut problems);
        }
        Body::from(bytes)
    } else {
        body
    };
    if !problems.is_empty() {
        problems.dedup();
        return Err(ApiError(AppError::Validation(problems)).into_response());
    }
    Ok(Request::from_parts(parts, body))
}

/// Whether a JSON body can hold anything the guard refuses: a NUL (in JSON only as an
/// escape), a `year` key, or a date (four digits and a dash). Any escape at all counts, since
/// one can spell any of them. Most bodies — every heartbeat — hold none and are parsed once,
/// by their handler.
fn may_hold_a_problem(bytes: &[u8]) -> bool {
    bytes.contains(&b'\\')
        || bytes.windows(4).any(|w| w == b"year")
        || bytes
            .windows(5)
            .any(|w| w[..4].iter().all(u8::is_ascii_digit) && w[4] == b'-')
}

fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim)
        .is_some_and(|v| {
            v.eq_ignore_ascii_case("application/json")
                || v.len() >= 5 && v.as_bytes()[v.len() - 5..].eq_ignore_ascii_case(b"+json")
        })
}

/// A body declared larger than the limit is left to the extractor, which refuses it unread.
fn too_large(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > crate::http::MAX_BODY_BYTES as u64)
}

fn is_year_key(key: &str) -> bool {
    key == "year" || key.ends_with("_year")
}

/// Walks a JSON value: every key and string, every `year` number.
fn check_value(at: &str, value: &Value, problems: &mut Vec<FieldError>) {
    match value {
        Value::String(text) => check_text(at, text, problems),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_value(&format!("{at}[{i}]"), item, problems);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let here = format!("{at}.{key}");
                check_text(&here, key, problems);
                if is_year_key(key)
                    && let Value::Number(n) = item
                {
                    // A year too large for i64 or with a fraction is no year at all.
                    check_year(&here, n.as_i64().unwrap_or(i64::MAX), problems);
                }
                check_value(&here, item, problems);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn check_text(at: &str, text: &str, problems: &mut Vec<FieldError>) {
    if text.contains('\0') {
        problems.push(nul(at));
    }
    if let Some(year) = date_shaped_year(text)
        && !year_in_range(year)
    {
        problems.push(FieldError::new(
            at,
            "DATE_OUT_OF_RANGE",
            format!(
                "日期超出范围：年份须在 {} 至 {} 之间",
                YEARS.start(),
                YEARS.end()
            ),
        ));
    }
}

fn check_year(at: &str, year: i64, problems: &mut Vec<FieldError>) {
    if !year_in_range(year) {
        problems.push(FieldError::new(
            at,
            "YEAR_OUT_OF_RANGE",
            format!(
                "年份超出范围：须在 {} 至 {} 之间",
                YEARS.start(),
                YEARS.end()
            ),
        ));
    }
}

fn nul(at: &str) -> FieldError {
    FieldError::new(
        at,
        "NUL_CHARACTER",
        "输入中含有空字符（NUL，%00），请删除后重试",
    )
}

/// The bytes a percent-encoded path stands for (a malformed escape is kept as it is).
fn percent_decoded(path: &str) -> Vec<u8> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            // Two hex digits make at most 255.
            out.push(u8::try_from(hi * 16 + lo).unwrap_or(u8::MAX));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bodies_are_known_by_their_media_type_whatever_its_case_and_parameters() {
        let typed = |value: &'static str| {
            let mut headers = axum::http::HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, value.parse().unwrap());
            is_json(&headers)
        };
        assert!(typed("application/json"));
        assert!(typed("Application/JSON; charset=utf-8"));
        assert!(typed("application/problem+JSON"));
        assert!(!typed("text/plain"));
        assert!(!typed("json"));
        assert!(!is_json(&axum::http::HeaderMap::new()));
    }

    fn codes(value: Value) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        check_value("body", &value, &mut problems);
        problems.into_iter().map(|p| (p.field, p.code)).collect()
    }

    #[test]
    fn nul_years_and_dates_are_found_anywhere_in_a_body() {
        let found = codes(serde_json::json!({
            "name": "a\u{0}b",
            "year": 262_143,
            "sessions": [{"date": "+262143-01-01", "topic": "ok"}],
            "k\u{0}": 1,
            "plan": {"year": 2026, "starts_on": "2026-03-02"},
        }));
        let has = |field: &str, code: &str| {
            found
                .iter()
                .any(|(f, c)| f.as_str() == field && c.as_str() == code)
        };
        assert!(has("body.name", "NUL_CHARACTER"), "{found:?}");
        assert!(has("body.year", "YEAR_OUT_OF_RANGE"), "{found:?}");
        assert!(
            has("body.sessions[0].date", "DATE_OUT_OF_RANGE"),
            "{found:?}"
        );
        assert!(has("body.k\u{0}", "NUL_CHARACTER"), "{found:?}");
        assert_eq!(found.len(), 4, "{found:?}");
    }

    #[test]
    fn only_a_body_that_may_hold_a_problem_is_parsed() {
        for body in [
            r#"{"name":"a\u0000b"}"#,
            r#"{"plan":{"year":2026}}"#,
            r#"{"ye\u0061r":262143}"#,
            r#"{"starts_on":"+262143-01-01"}"#,
            r#"{"starts_on":"2026-03-02"}"#,
        ] {
            assert!(may_hold_a_problem(body.as_bytes()), "{body}");
        }
        for body in [
            r#"{"position_ms":15000,"playing":true,"visible":true}"#,
            r#"{"code":"1234","reason":"录入有误"}"#,
        ] {
            assert!(!may_hold_a_problem(body.as_bytes()), "{body}");
        }
    }

    #[test]
    fn a_year_that_is_no_integer_is_out_of_range() {
        assert_eq!(codes(serde_json::json!({"year": 2026.5})).len(), 1);
        assert_eq!(codes(serde_json::json!({"year": u64::MAX})).len(), 1);
        assert!(codes(serde_json::json!({"year": "text"})).is_empty());
    }

    #[test]
    fn paths_are_percent_decoded() {
        assert_eq!(percent_decoded("/a%00b"), b"/a\0b");
        assert_eq!(percent_decoded("/%E7%94%B2"), "/甲".as_bytes());
        assert_eq!(percent_decoded("/100%"), b"/100%");
        assert_eq!(percent_decoded("/%zz%4"), b"/%zz%4");
    }
}
