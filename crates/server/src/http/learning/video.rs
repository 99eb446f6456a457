//! A lesson's video or document streamed from the media folder with HTTP range requests, so
//! the player can start anywhere (and the PDF viewer fetch the pages it shows) and a long
//! lecture is never read into memory. Read in small chunks on the runtime's file threads: a
//! download never holds a heartbeat back.

use crate::app::learning::media;
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::ApiPath;
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ganxun_domain::MediaId;
use ganxun_domain::learning::MediaKind;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

/// Bytes read per chunk.
const CHUNK: u64 = 256 * 1024;

/// The video of a lesson (`video/mp4`), whole or the range asked for.
#[utoipa::path(get, path = "/learning/media/{id}/video", tag = "learning",
    params(("id" = i64, Path, description = "视频 ID")),
    responses((status = 200, content_type = "video/mp4"), (status = 206, content_type = "video/mp4"),
        (status = 404, body = ErrorBody), (status = 416)))]
pub(super) async fn video(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<MediaId>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    serve(&state, &p, id, MediaKind::Video, &headers).await
}

/// The document of a lesson (`application/pdf`), whole or the range asked for.
#[utoipa::path(get, path = "/learning/media/{id}/document", tag = "learning",
    params(("id" = i64, Path, description = "文档 ID")),
    responses((status = 200, content_type = "application/pdf"),
        (status = 206, content_type = "application/pdf"),
        (status = 404, body = ErrorBody), (status = 416)))]
pub(super) async fn document(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<MediaId>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    serve(&state, &p, id, MediaKind::Document, &headers).await
}

async fn serve(
    state: &AppState,
    p: &crate::app::Principal,
    id: MediaId,
    kind: MediaKind,
    headers: &HeaderMap,
) -> ApiResult<Response> {
    let (media, path) = media::file(&state.app, p, id, kind).await?;
    let length = u64::try_from(media.bytes).unwrap_or(0);
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(|v| parse_range(v, length));
    let (status, start, end) = match range {
        None => (StatusCode::OK, 0, length),
        Some(Some((start, end))) => (StatusCode::PARTIAL_CONTENT, start, end),
        Some(None) => {
            let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{length}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return Ok(response);
        }
    };
    let file = tokio::fs::File::open(&path).await.map_err(|e| {
        crate::app::AppError::Internal(anyhow::Error::new(e).context("a media file is missing"))
    })?;
    let stream = futures_util::stream::unfold(
        (file, start, false),
        move |(mut file, at, sought)| async move {
            if at >= end {
                return None;
            }
            if !sought && let Err(e) = file.seek(std::io::SeekFrom::Start(at)).await {
                return Some((Err(e), (file, end, true)));
            }
            let mut buffer = vec![0u8; CHUNK.min(end - at) as usize];
            match file.read_exact(&mut buffer).await {
                Ok(_) => {
                    let next = at + buffer.len() as u64;
                    Some((Ok(Bytes::from(buffer)), (file, next, true)))
                }
                Err(e) => Some((Err(e), (file, end, true))),
            }
        },
    );
    let mut response = Response::new(Body::from_stream(stream));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    let content_type = match kind {
        MediaKind::Video => "video/mp4",
        MediaKind::Document => "application/pdf",
    };
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(end - start));
    if status == StatusCode::PARTIAL_CONTENT
        && let Ok(value) = HeaderValue::from_str(&format!("bytes {start}-{}/{length}", end - 1))
    {
        headers.insert(header::CONTENT_RANGE, value);
    }
    Ok(response)
}

/// One `bytes=` range as `[start, end)`, or `None` when it cannot be served. Several ranges
/// are answered with the first (players ask for one).
fn parse_range(value: &str, length: u64) -> Option<(u64, u64)> {
    let spec = value
        .trim()
        .strip_prefix("bytes=")?
        .split(',')
        .next()?
        .trim();
    let (first, last) = spec.split_once('-')?;
    let (start, end) = match (first.trim(), last.trim()) {
        ("", suffix) => {
            let suffix: u64 = suffix.parse().ok()?;
            (length.saturating_sub(suffix), length)
        }
        (first, "") => (first.parse().ok()?, length),
        (first, last) => (
            first.parse().ok()?,
            last.parse::<u64>().ok()?.saturating_add(1),
        ),
    };
    let end = end.min(length);
    (start < end).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges_are_read_as_players_send_them() {
        assert_eq!(parse_range("bytes=0-", 100), Some((0, 100)));
        assert_eq!(parse_range("bytes=10-19", 100), Some((10, 20)));
        assert_eq!(parse_range("bytes=90-200", 100), Some((90, 100)));
        assert_eq!(parse_range("bytes=-10", 100), Some((90, 100)));
        assert_eq!(parse_range("bytes=5-9, 20-30", 100), Some((5, 10)));
        assert_eq!(parse_range("bytes=100-", 100), None);
        assert_eq!(parse_range("bytes=20-10", 100), None);
        assert_eq!(parse_range("items=0-1", 100), None);
        assert_eq!(parse_range("bytes=x-", 100), None);
        assert_eq!(parse_range("bytes=-0", 100), None);
    }
}
