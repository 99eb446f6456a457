//! Uploading a video or a document: the body is streamed to a temporary file in the media
//! folder while its digest is taken, the file itself gives a video's length (its boxes) or a
//! document's pages (a PDF's page tree) — the browser is never asked — and only a file that
//! passed is renamed to its digest, flushed to disk, and recorded, so a row always has its
//! file, and a refused upload leaves nothing behind.

use crate::app::{App, AppError, AppResult, Principal};
use axum::body::Bytes;
use futures_util::{Stream, StreamExt};
use ganxun_domain::learning::reading::{DocumentError, checked_pages};
use ganxun_domain::learning::{MediaError, MediaKind, VideoInfo, probe_index};
use ganxun_domain::problem::{Problem, Status};
use ganxun_domain::{MediaId, Permission};
use ganxun_storage::Actor;
use ganxun_storage::learning::media::{self as store, Measured, Media};
use sha2::{Digest, Sha256};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// The largest `moov` box read into memory: the index of a long lecture is a few MB.
const MAX_INDEX_BYTES: u64 = 64 * 1024 * 1024;

/// An upload larger than the media settings allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    pub max_mb: u64,
}

impl Problem for TooLarge {
    fn status(&self) -> Status {
        Status::PayloadTooLarge
    }

    fn code(&self) -> &'static str {
        "MEDIA_TOO_LARGE"
    }

    fn message(&self) -> String {
        format!(
            "文件超过 {} MB 的上限，请压缩后再上传（或请系统管理员调整上限）",
            self.max_mb
        )
    }
}

/// The file named in the media folder for a digest.
pub fn file_of(app: &App, sha256: &str, kind: MediaKind) -> PathBuf {
    let extension = match kind {
        MediaKind::Video => "mp4",
        MediaKind::Document => "pdf",
    };
    app.settings
        .media_path()
        .join(format!("{sha256}.{extension}"))
}

/// Takes an uploaded video or PDF document.
pub async fn upload<E: std::fmt::Display>(
    app: &App,
    principal: &Principal,
    original_name: &str,
    chunks: impl Stream<Item = Result<Bytes, E>> + Unpin,
) -> AppResult<Media> {
    principal.require(Permission::LearningManage)?;
    keep(app, &principal.actor(), original_name, chunks).await
}

/// Keeps a video given whole (the demo's own lessons), as an upload would.
pub async fn keep_bytes(
    app: &App,
    actor: &Actor,
    original_name: &str,
    bytes: Vec<u8>,
) -> AppResult<Media> {
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(bytes))]);
    keep(app, actor, original_name, chunks).await
}

async fn keep<E: std::fmt::Display>(
    app: &App,
    actor: &Actor,
    original_name: &str,
    mut chunks: impl Stream<Item = Result<Bytes, E>> + Unpin,
) -> AppResult<Media> {
    let name = original_name.trim();
    if name.is_empty() || name.chars().count() > 120 || name.contains(['/', '\\']) {
        return Err(AppError::field(
            "filename",
            "FILENAME_INVALID",
            "请给出文件名（不超过 120 个字，不含文件夹）",
        ));
    }
    let dir = app.settings.media_path();
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("media folder")))?;
    let max_bytes = app.settings.media.max_video_mb.saturating_mul(1024 * 1024);
    let part = dir.join(format!("upload-{}.part", random_suffix()));
    let written = async {
        let mut file = tokio::fs::File::create(&part).await?;
        let mut digest = Sha256::new();
        let mut size: u64 = 0;
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|e| std::io::Error::other(e.to_string()))?;
            size += chunk.len() as u64;
            if size > max_bytes {
                return Ok(None);
            }
            digest.update(&chunk);
            file.write_all(&chunk).await?;
        }
        file.sync_all().await?;
        Ok::<_, std::io::Error>(Some((hex(&digest.finalize()), size)))
    }
    .await;
    let (sha256, size) = match written {
        Ok(Some(done)) => done,
        Ok(None) => {
            remove(&part).await;
            return Err(AppError::refused(TooLarge {
                max_mb: app.settings.media.max_video_mb,
            }));
        }
        Err(e) => {
            remove(&part).await;
            return Err(AppError::Internal(
                anyhow::Error::new(e).context("writing an upload"),
            ));
        }
    };
    let probed = {
        let part = part.clone();
        tokio::task::spawn_blocking(move || measure(&part)).await
    };
    let measured = match probed {
        Ok(Ok(measured)) => measured,
        Ok(Err(problem)) => {
            remove(&part).await;
            return Err(problem);
        }
        // A parser that panicked on a crafted file: the file is refused, the server goes on.
        Err(e) if e.is_panic() => {
            remove(&part).await;
            return Err(AppError::refused(DocumentError::Corrupt));
        }
        Err(e) => {
            remove(&part).await;
            return Err(AppError::Internal(anyhow::Error::new(e)));
        }
    };
    let kind = match measured {
        Measured::Video(_) => MediaKind::Video,
        Measured::Document { .. } => MediaKind::Document,
    };
    let target = file_of(app, &sha256, kind);
    tokio::fs::rename(&part, &target)
        .await
        .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("keeping an upload")))?;
    // The rename is durable only once the folder is flushed.
    if let Ok(folder) = tokio::fs::File::open(&dir).await {
        let _ = folder.sync_all().await;
    }
    Ok(store::record(
        &app.db,
        actor,
        app.now(),
        &sha256,
        name,
        i64::try_from(size).unwrap_or(i64::MAX),
        measured,
    )
    .await?)
}

/// Every video and document of the library.
pub async fn list(app: &App, principal: &Principal) -> AppResult<Vec<Media>> {
    principal.require(Permission::LearningManage)?;
    Ok(store::list(&app.db).await?)
}

/// A video's or document's file, for anyone who may study or manage (lessons are not secret
/// within the deployment; the file is found by its id only). A file of another kind than the
/// one asked for is not found.
pub async fn file(
    app: &App,
    principal: &Principal,
    id: MediaId,
    kind: MediaKind,
) -> AppResult<(Media, PathBuf)> {
    principal.require_any(&[Permission::Learn, Permission::LearningManage])?;
    let media = store::get(&app.db, id).await?;
    if media.kind != kind {
        return Err(AppError::NotFound);
    }
    let path = file_of(app, &media.sha256, kind);
    Ok((media, path))
}

/// What the file is, by its first bytes: a PDF's pages, or an MP4's length.
fn measure(path: &Path) -> AppResult<Measured> {
    let io = |e: std::io::Error| AppError::Internal(anyhow::Error::new(e).context("probing"));
    let mut head = [0u8; 5];
    let read = read_up_to(&mut std::fs::File::open(path).map_err(io)?, &mut head).map_err(io)?;
    if read == head.len() && &head == b"%PDF-" {
        return count_pages(path).map(|pages| Measured::Document { pages });
    }
    probe_file(path).map(Measured::Video)
}

/// Counts a PDF's pages from its page tree. A file that needs a password to open is refused (a
/// learner could not read it); one that only restricts printing or copying opens as usual.
fn count_pages(path: &Path) -> AppResult<u32> {
    let document = lopdf::Document::load(path).map_err(|e| match e {
        lopdf::Error::InvalidPassword => AppError::refused(DocumentError::Encrypted),
        _ => AppError::refused(DocumentError::Corrupt),
    })?;
    checked_pages(document.get_pages().len()).map_err(AppError::refused)
}

/// Walks the file's top-level boxes and probes the `ftyp` and `moov` only, so a long video is
/// never read into memory whole.
fn probe_file(path: &Path) -> AppResult<VideoInfo> {
    let io = |e: std::io::Error| AppError::Internal(anyhow::Error::new(e).context("probing"));
    let mut file = std::fs::File::open(path).map_err(io)?;
    let length = file.metadata().map_err(io)?.len();
    let mut ftyp = None;
    let mut moov = None;
    let mut media_seen = false;
    let mut fast_start = false;
    let mut offset = 0u64;
    while offset < length {
        let mut header = [0u8; 16];
        file.seek(SeekFrom::Start(offset)).map_err(io)?;
        let read = read_up_to(&mut file, &mut header).map_err(io)?;
        if offset == 0 && header.get(4..8) != Some(b"ftyp".as_slice()) {
            return Err(AppError::refused(MediaError::NotMp4));
        }
        if read < 8 {
            return Err(AppError::refused(MediaError::Truncated));
        }
        let small = u64::from(u32::from_be_bytes([
            header[0], header[1], header[2], header[3],
        ]));
        let size = match small {
            0 => length - offset,
            1 if read == 16 => u64::from_be_bytes([
                header[8], header[9], header[10], header[11], header[12], header[13], header[14],
                header[15],
            ]),
            1 => return Err(AppError::refused(MediaError::Truncated)),
            n => n,
        };
        if size < 8 {
            return Err(AppError::refused(MediaError::NotMp4));
        }
        if size > length - offset {
            return Err(AppError::refused(MediaError::Truncated));
        }
        match &header[4..8] {
            b"ftyp" if ftyp.is_none() => ftyp = Some(read_box(&mut file, offset, size)?),
            b"moov" if moov.is_none() => {
                moov = Some(read_box(&mut file, offset, size)?);
                fast_start = !media_seen;
            }
            b"mdat" => media_seen = true,
            _ => {}
        }
        offset += size;
    }
    match (ftyp, moov) {
        (Some(ftyp), Some(moov)) if media_seen => {
            probe_index(&ftyp, &moov, length, fast_start).map_err(AppError::refused)
        }
        _ => Err(AppError::refused(MediaError::Truncated)),
    }
}

/// A whole top-level box, header included; an index larger than any real one is refused
/// rather than read.
fn read_box(file: &mut std::fs::File, offset: u64, size: u64) -> AppResult<Vec<u8>> {
    let io = |e: std::io::Error| AppError::Internal(anyhow::Error::new(e).context("probing"));
    if size > MAX_INDEX_BYTES {
        return Err(AppError::refused(MediaError::NotMp4));
    }
    let mut body = vec![0u8; usize::try_from(size).unwrap_or(0)];
    file.seek(SeekFrom::Start(offset)).map_err(io)?;
    file.read_exact(&mut body).map_err(io)?;
    Ok(body)
}

/// Reads as much of `buffer` as the file still has.
fn read_up_to(file: &mut std::fs::File, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

async fn remove(path: &Path) {
    let _ = tokio::fs::remove_file(path).await;
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn random_suffix() -> String {
    let mut bytes = [0u8; 8];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    hex(&bytes)
}
