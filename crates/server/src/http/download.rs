//! File downloads: the content type and a file name browsers keep in Chinese.

use axum::http::header;
use axum::response::IntoResponse;

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const PDF: &str = "application/pdf";

/// A download named `file_name` (UTF-8, RFC 5987) with `fallback` for clients that only
/// understand ASCII names.
pub fn file(
    content_type: &str,
    file_name: &str,
    fallback: &str,
    bytes: Vec<u8>,
) -> impl IntoResponse {
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
}
