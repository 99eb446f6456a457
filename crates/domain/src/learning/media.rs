//! What the server reads from an uploaded lesson video (issue 16, R-ONL-2). A lesson's length
//! bounds the learning time it can earn, so the server takes it from the file itself — the MP4's
//! movie header — and never from the browser, which a script can make say anything. The same
//! reading refuses what the learners' browsers could not play: anything that is not an MP4 (a
//! renamed zip or document), a file cut off during upload, a file with sound only, and video in a
//! codec other than H.264.
//!
//! Pure: it reads a byte slice of ISO/IEC 14496-12 boxes. It never panics and never reads past
//! the slice, and it always ends: each box it steps over is at least its 8-byte header long, and
//! it descends only the fixed path `moov/trak/mdia/minf/stbl`, so no input makes it recurse.
//! Only box headers, the `moov` and the chunk offsets are read: a large `mdat` is stepped over.

use crate::problem::{Problem, Status};

/// The brands (ISO 14496-12 `ftyp`) of files in the MP4 family a browser plays: the ISO base
/// media versions, MP4 version 1 and 2, AVC, Apple's M4V and DASH/CMAF segments. QuickTime
/// (`qt  `) and 3GP are not among them.
const MP4_BRANDS: [[u8; 4]; 17] = [
    *b"isom", *b"iso2", *b"iso3", *b"iso4", *b"iso5", *b"iso6", *b"iso7", *b"iso8", *b"iso9",
    *b"mp41", *b"mp42", *b"avc1", *b"M4V ", *b"M4VH", *b"M4VP", *b"dash", *b"cmfc",
];

/// Sample entry formats of H.264 video (ISO 14496-15): parameter sets in the entry or in-band.
const H264_FORMATS: [[u8; 4]; 2] = [*b"avc1", *b"avc3"];

/// Sample entry formats of H.265/HEVC video, which most browsers do not play.
const HEVC_FORMATS: [[u8; 4]; 2] = [*b"hvc1", *b"hev1"];

/// What the server knows about an uploaded video, read from the file alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VideoInfo {
    /// The movie's length (`mvhd`), rounded down to the millisecond.
    pub duration_ms: u64,
    /// The picture size of the H.264 track's sample entry, in pixels.
    pub width: u16,
    pub height: u16,
    /// The movie header comes before the media data, so a browser can start playing before the
    /// whole file has arrived; otherwise it must fetch the end of the file first.
    pub fast_start: bool,
}

/// Why an uploaded file is not accepted as a lesson video.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error(
        "文件既不是 MP4 视频也不是 PDF 文档（可能是压缩包、Word 文档、改了扩展名或已损坏的文件），请上传 H.264 编码的 MP4 视频或 PDF 文档"
    )]
    NotMp4,
    #[error("视频文件不完整（上传中断或文件没有复制完整），请重新上传完整的文件")]
    Truncated,
    #[error("无法从文件中读出视频时长，请用视频软件重新导出为 H.264 编码的 MP4 后再上传")]
    NoDuration,
    #[error("文件中没有视频画面（可能只有声音），请上传有画面的 H.264 编码 MP4 视频")]
    NoVideoTrack,
    #[error("{}", unsupported_codec_message(.found))]
    UnsupportedCodec {
        /// The sample entry format of the video track (`hvc1`, `av01`, …).
        found: String,
    },
}

fn unsupported_codec_message(found: &str) -> String {
    if HEVC_FORMATS
        .iter()
        .any(|format| format.as_slice() == found.as_bytes())
    {
        format!(
            "视频采用 H.265/HEVC 编码（{found}），浏览器普遍不能播放，请转成 H.264 编码的 MP4 后再上传"
        )
    } else {
        format!("视频编码为 {found}，浏览器不一定能播放，请转成 H.264 编码的 MP4 后再上传")
    }
}

impl Problem for MediaError {
    fn status(&self) -> Status {
        Status::Unprocessable
    }

    fn code(&self) -> &'static str {
        match self {
            MediaError::NotMp4 => "MEDIA_NOT_MP4",
            MediaError::Truncated => "MEDIA_TRUNCATED",
            MediaError::NoDuration => "MEDIA_NO_DURATION",
            MediaError::NoVideoTrack => "MEDIA_NO_VIDEO",
            MediaError::UnsupportedCodec { .. } => "MEDIA_UNSUPPORTED_CODEC",
        }
    }

    fn message(&self) -> String {
        self.to_string()
    }
}

/// Reads an uploaded MP4 (the whole file) and returns its length and picture size, or why it
/// cannot be a lesson video.
pub fn probe_mp4(bytes: &[u8]) -> Result<VideoInfo, MediaError> {
    let top = top_level(bytes)?;
    describe(top.moov, bytes.len(), top.fast_start)
}

/// The same checks for a file too large to hold in memory: the caller walked the file's
/// top-level boxes itself (finding media data after the `ftyp`) and passes the `ftyp` and
/// `moov` boxes whole, headers included, the file's length, and whether the `moov` came before
/// the media data.
pub fn probe_index(
    ftyp_box: &[u8],
    moov_box: &[u8],
    file_len: u64,
    fast_start: bool,
) -> Result<VideoInfo, MediaError> {
    if ftyp_box.get(4..8) != Some(b"ftyp".as_slice()) {
        return Err(MediaError::NotMp4);
    }
    let ftyp = Boxes::of_file(ftyp_box)
        .next()
        .ok_or(MediaError::NotMp4)??;
    if !has_mp4_brand(ftyp.body) {
        return Err(MediaError::NotMp4);
    }
    let moov = Boxes::of_file(moov_box)
        .next()
        .ok_or(MediaError::Truncated)??;
    if &moov.kind != b"moov" {
        return Err(MediaError::NotMp4);
    }
    let file_len = usize::try_from(file_len).unwrap_or(usize::MAX);
    describe(moov.body, file_len, fast_start)
}

/// Length, picture size and layout from a `moov` body, its chunks checked against the file.
fn describe(moov: &[u8], file_len: usize, fast_start: bool) -> Result<VideoInfo, MediaError> {
    let duration_ms = duration_ms(moov)?;
    let video = h264_track(moov)?;
    chunks_inside(video.stbl, file_len)?;
    let width = be_u16(video.entry, VISUAL_WIDTH_AT).ok_or(MediaError::NotMp4)?;
    let height = be_u16(video.entry, VISUAL_WIDTH_AT + 2).ok_or(MediaError::NotMp4)?;
    Ok(VideoInfo {
        duration_ms,
        width,
        height,
        fast_start,
    })
}

/// Where a VisualSampleEntry's width sits in the entry's body: after 6 reserved bytes, the
/// data reference index (2) and 16 bytes of pre-defined and reserved fields; height follows.
const VISUAL_WIDTH_AT: usize = 24;

/// One box: its four-character type and what follows its header.
#[derive(Debug, Clone, Copy)]
struct Mp4Box<'a> {
    kind: [u8; 4],
    body: &'a [u8],
}

/// Whether boxes are read at the top of the file, where running past the end means the upload
/// was cut off, or inside another box, where it means the file is damaged.
#[derive(Debug, Clone, Copy)]
enum Level {
    File,
    Inside,
}

/// How a box header fails to describe a box.
enum BadBox {
    /// The box claims more bytes than there are.
    PastEnd,
    /// The box claims fewer bytes than its own header.
    Malformed,
}

impl BadBox {
    fn at(self, level: Level) -> MediaError {
        match (self, level) {
            (BadBox::PastEnd, Level::File) => MediaError::Truncated,
            (BadBox::PastEnd, Level::Inside) | (BadBox::Malformed, _) => MediaError::NotMp4,
        }
    }
}

/// The boxes of a slice, one after another; the first bad header ends the walk with its error.
struct Boxes<'a> {
    rest: &'a [u8],
    level: Level,
}

impl<'a> Boxes<'a> {
    fn of_file(bytes: &'a [u8]) -> Self {
        Boxes {
            rest: bytes,
            level: Level::File,
        }
    }

    fn inside(body: &'a [u8]) -> Self {
        Boxes {
            rest: body,
            level: Level::Inside,
        }
    }
}

impl<'a> Iterator for Boxes<'a> {
    type Item = Result<Mp4Box<'a>, MediaError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        match split_box(self.rest) {
            Ok((found, rest)) => {
                self.rest = rest;
                Some(Ok(found))
            }
            Err(bad) => {
                self.rest = &[];
                Some(Err(bad.at(self.level)))
            }
        }
    }
}

/// The box at the start of `data` and what follows it. A size of 0 runs to the end of `data`
/// (allowed for the last box of a file); a size of 1 means a 64-bit size follows the type.
fn split_box(data: &[u8]) -> Result<(Mp4Box<'_>, &[u8]), BadBox> {
    let size = be_u32(data, 0).ok_or(BadBox::PastEnd)?;
    let kind = four_cc(data, 4).ok_or(BadBox::PastEnd)?;
    let (header, size) = match size {
        0 => (8, data.len() as u64),
        1 => (16, be_u64(data, 8).ok_or(BadBox::PastEnd)?),
        size => (8, u64::from(size)),
    };
    if size < header as u64 {
        return Err(BadBox::Malformed);
    }
    let size = usize::try_from(size).map_err(|_| BadBox::PastEnd)?;
    let whole = data.get(..size).ok_or(BadBox::PastEnd)?;
    let body = whole.get(header..).ok_or(BadBox::Malformed)?;
    let rest = data.get(size..).unwrap_or_default();
    Ok((Mp4Box { kind, body }, rest))
}

/// The first child of `body` of type `kind`.
fn child<'a>(body: &'a [u8], kind: &[u8; 4]) -> Result<Option<&'a [u8]>, MediaError> {
    for found in Boxes::inside(body) {
        let found = found?;
        if found.kind == *kind {
            return Ok(Some(found.body));
        }
    }
    Ok(None)
}

/// What the top level of the file holds for us.
struct TopLevel<'a> {
    moov: &'a [u8],
    fast_start: bool,
}

/// Checks the `ftyp` that must open an MP4 and finds the `moov`. A file without a `moov` or
/// without media data ends where they would follow: it was cut off.
fn top_level(bytes: &[u8]) -> Result<TopLevel<'_>, MediaError> {
    // Checked before the first box's size, so a zip (`PK\x03\x04…`) is "not an MP4", not "cut off".
    if bytes.get(4..8) != Some(b"ftyp".as_slice()) {
        return Err(MediaError::NotMp4);
    }
    let mut boxes = Boxes::of_file(bytes);
    let ftyp = boxes.next().ok_or(MediaError::NotMp4)??;
    if !has_mp4_brand(ftyp.body) {
        return Err(MediaError::NotMp4);
    }
    let mut moov = None;
    let mut media_seen = false;
    let mut fast_start = false;
    for found in boxes {
        let found = found?;
        match &found.kind {
            b"moov" if moov.is_none() => {
                moov = Some(found.body);
                fast_start = !media_seen;
            }
            b"mdat" => media_seen = true,
            _ => {}
        }
    }
    match moov {
        Some(moov) if media_seen => Ok(TopLevel { moov, fast_start }),
        _ => Err(MediaError::Truncated),
    }
}

/// Whether the major brand or a compatible brand of an `ftyp` body is one of [`MP4_BRANDS`].
fn has_mp4_brand(ftyp: &[u8]) -> bool {
    let (Some(major), Some(compatible)) = (ftyp.get(..4), ftyp.get(8..)) else {
        return false;
    };
    std::iter::once(major)
        .chain(compatible.chunks_exact(4))
        .any(|brand| MP4_BRANDS.iter().any(|known| known.as_slice() == brand))
}

/// The movie's length from `moov/mvhd`, in milliseconds rounded down. Version 0 keeps 32-bit
/// times, version 1 64-bit; a duration of all ones means "unknown".
fn duration_ms(moov: &[u8]) -> Result<u64, MediaError> {
    let mvhd = child(moov, b"mvhd")?.ok_or(MediaError::NoDuration)?;
    let (timescale, duration) = match mvhd.first() {
        Some(0) => (
            be_u32(mvhd, 12),
            be_u32(mvhd, 16).filter(|&d| d != u32::MAX).map(u64::from),
        ),
        Some(1) => (
            be_u32(mvhd, 20),
            be_u64(mvhd, 24).filter(|&d| d != u64::MAX),
        ),
        _ => (None, None),
    };
    let (Some(timescale), Some(duration)) = (timescale, duration) else {
        return Err(MediaError::NoDuration);
    };
    if timescale == 0 {
        return Err(MediaError::NoDuration);
    }
    let millis = u128::from(duration) * 1000 / u128::from(timescale);
    match u64::try_from(millis) {
        Ok(millis) if millis > 0 => Ok(millis),
        _ => Err(MediaError::NoDuration),
    }
}

/// A video track: its sample entry format, the entry's body and its sample table.
struct VideoTrack<'a> {
    format: [u8; 4],
    entry: &'a [u8],
    stbl: &'a [u8],
}

/// The first H.264 video track of the movie. Other video tracks (a chapter picture, a second
/// angle in HEVC) are passed over while an H.264 one follows; only video tracks all in another
/// codec make the file unplayable.
fn h264_track(moov: &[u8]) -> Result<VideoTrack<'_>, MediaError> {
    let mut other_codec = None;
    for found in Boxes::inside(moov) {
        let found = found?;
        if found.kind != *b"trak" {
            continue;
        }
        let Some(track) = video_track(found.body)? else {
            continue;
        };
        if H264_FORMATS.contains(&track.format) {
            return Ok(track);
        }
        other_codec.get_or_insert(track.format);
    }
    Err(match other_codec {
        Some(format) => MediaError::UnsupportedCodec {
            found: four_cc_text(format),
        },
        None => MediaError::NoVideoTrack,
    })
}

/// The track's video description, or `None` when its handler (`mdia/hdlr`) is not `vide`.
fn video_track(trak: &[u8]) -> Result<Option<VideoTrack<'_>>, MediaError> {
    let Some(mdia) = child(trak, b"mdia")? else {
        return Ok(None);
    };
    let Some(hdlr) = child(mdia, b"hdlr")? else {
        return Ok(None);
    };
    // A full box: version and flags, pre_defined, then the handler type.
    if hdlr.get(8..12) != Some(b"vide".as_slice()) {
        return Ok(None);
    }
    let minf = child(mdia, b"minf")?.ok_or(MediaError::NotMp4)?;
    let stbl = child(minf, b"stbl")?.ok_or(MediaError::NotMp4)?;
    let stsd = child(stbl, b"stsd")?.ok_or(MediaError::NotMp4)?;
    let entry = first_sample_entry(stsd)?;
    Ok(Some(VideoTrack {
        format: entry.kind,
        entry: entry.body,
        stbl,
    }))
}

/// The first sample entry of an `stsd` (a full box: version and flags, entry count, entries).
/// A video track that describes no samples is damaged.
fn first_sample_entry(stsd: &[u8]) -> Result<Mp4Box<'_>, MediaError> {
    let count = be_u32(stsd, 4).ok_or(MediaError::NotMp4)?;
    let entries = stsd.get(8..).ok_or(MediaError::NotMp4)?;
    if count == 0 {
        return Err(MediaError::NotMp4);
    }
    Boxes::inside(entries).next().ok_or(MediaError::NotMp4)?
}

/// Checks that the video's chunks start inside the file. A file cut off inside a last `mdat` of
/// size 0 ("to the end of the file") still has whole boxes; only its chunk offsets (`stco`, or
/// `co64` for files over 4 GiB) show that the media data is missing.
fn chunks_inside(stbl: &[u8], file_len: usize) -> Result<(), MediaError> {
    let (table, width) = match (child(stbl, b"stco")?, child(stbl, b"co64")?) {
        (Some(table), _) => (table, 4),
        (None, Some(table)) => (table, 8),
        (None, None) => return Ok(()),
    };
    let count = be_u32(table, 4).ok_or(MediaError::NotMp4)?;
    let entries = table.get(8..).ok_or(MediaError::NotMp4)?;
    let count = usize::try_from(count).map_err(|_| MediaError::NotMp4)?;
    if count
        .checked_mul(width)
        .is_none_or(|needed| needed > entries.len())
    {
        return Err(MediaError::NotMp4);
    }
    let past_end = entries
        .chunks_exact(width)
        .take(count)
        .filter_map(|offset| match width {
            4 => be_u32(offset, 0).map(u64::from),
            _ => be_u64(offset, 0),
        })
        .any(|offset| offset >= file_len as u64);
    if past_end {
        return Err(MediaError::Truncated);
    }
    Ok(())
}

/// A four-character code as text for a message, anything unprintable shown as `?`.
fn four_cc_text(code: [u8; 4]) -> String {
    code.iter()
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                char::from(b)
            } else {
                '?'
            }
        })
        .collect()
}

fn four_cc(data: &[u8], at: usize) -> Option<[u8; 4]> {
    data.get(at..at.checked_add(4)?)?.try_into().ok()
}

fn be_u16(data: &[u8], at: usize) -> Option<u16> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes(bytes.try_into().ok()?))
}

fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    four_cc(data, at).map(u32::from_be_bytes)
}

fn be_u64(data: &[u8], at: usize) -> Option<u64> {
    let bytes = data.get(at..at.checked_add(8)?)?;
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

/// Minimal MP4 files built in memory, so the tests need no binary files.
#[cfg(test)]
pub(crate) mod fixture {
    /// A box with a 32-bit size.
    pub(crate) fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let size = u32::try_from(8 + body.len()).expect("a small test box");
        let mut out = size.to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out
    }

    /// Boxes one after another.
    pub(crate) fn concat(parts: &[Vec<u8>]) -> Vec<u8> {
        parts.concat()
    }

    pub(crate) fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let mut body = major.to_vec();
        body.extend_from_slice(&0x200u32.to_be_bytes());
        for brand in compatible {
            body.extend_from_slice(*brand);
        }
        boxed(b"ftyp", &body)
    }

    /// What an encoder writes for an H.264 MP4.
    pub(crate) fn ftyp_mp4() -> Vec<u8> {
        ftyp(b"isom", &[b"isom", b"iso2", b"avc1", b"mp41"])
    }

    /// A version 0 movie header: 32-bit times.
    pub(crate) fn mvhd_v0(timescale: u32, duration: u32) -> Vec<u8> {
        let mut body = vec![0, 0, 0, 0]; // version 0, flags
        body.extend_from_slice(&[0; 8]); // creation, modification
        body.extend_from_slice(&timescale.to_be_bytes());
        body.extend_from_slice(&duration.to_be_bytes());
        body.extend_from_slice(&movie_header_tail());
        boxed(b"mvhd", &body)
    }

    /// A version 1 movie header: 64-bit times.
    pub(crate) fn mvhd_v1(timescale: u32, duration: u64) -> Vec<u8> {
        let mut body = vec![1, 0, 0, 0]; // version 1, flags
        body.extend_from_slice(&[0; 16]); // creation, modification
        body.extend_from_slice(&timescale.to_be_bytes());
        body.extend_from_slice(&duration.to_be_bytes());
        body.extend_from_slice(&movie_header_tail());
        boxed(b"mvhd", &body)
    }

    /// Rate, volume, reserved, matrix, pre_defined and next_track_ID.
    fn movie_header_tail() -> Vec<u8> {
        let mut tail = vec![0, 1, 0, 0, 1, 0];
        tail.resize(80, 0);
        tail
    }

    pub(crate) fn hdlr(handler: &[u8; 4]) -> Vec<u8> {
        let mut body = vec![0; 8]; // version, flags, pre_defined
        body.extend_from_slice(handler);
        body.extend_from_slice(&[0; 12]);
        body.extend_from_slice(b"Handler\0");
        boxed(b"hdlr", &body)
    }

    /// A VisualSampleEntry (`avc1`, `hvc1`, …) without its codec configuration box.
    pub(crate) fn visual_entry(format: &[u8; 4], width: u16, height: u16) -> Vec<u8> {
        let mut body = vec![0, 0, 0, 0, 0, 0, 0, 1]; // reserved, data_reference_index
        body.extend_from_slice(&[0; 16]); // pre_defined, reserved
        body.extend_from_slice(&width.to_be_bytes());
        body.extend_from_slice(&height.to_be_bytes());
        body.extend_from_slice(&[0, 0x48, 0, 0, 0, 0x48, 0, 0, 0, 0, 0, 0, 0, 1]);
        body.extend_from_slice(&[0; 32]); // compressorname
        body.extend_from_slice(&[0, 0x18, 0xff, 0xff]);
        boxed(format, &body)
    }

    /// An AudioSampleEntry (`mp4a`), stereo at 48 kHz.
    pub(crate) fn audio_entry() -> Vec<u8> {
        let mut body = vec![0, 0, 0, 0, 0, 0, 0, 1];
        body.extend_from_slice(&[0; 8]);
        body.extend_from_slice(&[0, 2, 0, 16, 0, 0, 0, 0]);
        body.extend_from_slice(&(48_000u32 << 16).to_be_bytes());
        boxed(b"mp4a", &body)
    }

    /// A sample description with the given entries.
    pub(crate) fn stsd(entries: &[Vec<u8>]) -> Vec<u8> {
        let count = u32::try_from(entries.len()).expect("a few entries");
        let mut body = vec![0; 4];
        body.extend_from_slice(&count.to_be_bytes());
        body.extend_from_slice(&entries.concat());
        boxed(b"stsd", &body)
    }

    /// A 32-bit chunk offset table.
    pub(crate) fn stco(offsets: &[u32]) -> Vec<u8> {
        let count = u32::try_from(offsets.len()).expect("a few chunks");
        let mut body = vec![0; 4];
        body.extend_from_slice(&count.to_be_bytes());
        for offset in offsets {
            body.extend_from_slice(&offset.to_be_bytes());
        }
        boxed(b"stco", &body)
    }

    /// A track of the given handler (`vide`, `soun`) whose sample table holds `stbl_children`.
    pub(crate) fn trak(handler: &[u8; 4], stbl_children: &[Vec<u8>]) -> Vec<u8> {
        let stbl = boxed(b"stbl", &stbl_children.concat());
        let minf = boxed(b"minf", &stbl);
        let mdia = boxed(b"mdia", &concat(&[hdlr(handler), minf]));
        boxed(b"trak", &mdia)
    }

    pub(crate) fn video_trak(format: &[u8; 4], width: u16, height: u16) -> Vec<u8> {
        trak(b"vide", &[stsd(&[visual_entry(format, width, height)])])
    }

    pub(crate) fn audio_trak() -> Vec<u8> {
        trak(b"soun", &[stsd(&[audio_entry()])])
    }

    pub(crate) fn moov(mvhd: Vec<u8>, traks: &[Vec<u8>]) -> Vec<u8> {
        let mut children = vec![mvhd];
        children.extend_from_slice(traks);
        boxed(b"moov", &concat(&children))
    }

    pub(crate) fn mdat(length: usize) -> Vec<u8> {
        boxed(b"mdat", &vec![0x5a; length])
    }

    /// `ftyp`, then `moov` before `mdat` (fast start) or after it.
    pub(crate) fn file(moov: Vec<u8>, moov_first: bool) -> Vec<u8> {
        if moov_first {
            concat(&[ftyp_mp4(), moov, mdat(64)])
        } else {
            concat(&[ftyp_mp4(), mdat(64), moov])
        }
    }

    /// A 90.5-second 1280×720 H.264 movie with sound, `moov` first or last.
    pub(crate) fn h264_file(moov_first: bool) -> Vec<u8> {
        let moov = moov(
            mvhd_v0(1000, 90_500),
            &[video_trak(b"avc1", 1280, 720), audio_trak()],
        );
        file(moov, moov_first)
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use super::*;
    use proptest::prelude::*;

    fn h264_movie(mvhd: Vec<u8>) -> Vec<u8> {
        file(moov(mvhd, &[video_trak(b"avc1", 640, 360)]), true)
    }

    #[test]
    fn a_version_0_header_gives_the_length_and_the_track_the_picture_size() {
        assert_eq!(
            probe_mp4(&h264_file(true)),
            Ok(VideoInfo {
                duration_ms: 90_500,
                width: 1280,
                height: 720,
                fast_start: true,
            })
        );
    }

    #[test]
    fn a_file_walked_in_parts_gives_what_the_whole_file_gives() {
        for moov_first in [true, false] {
            let whole = h264_file(moov_first);
            let mut ftyp_box = None;
            let mut moov_box = None;
            let mut at = 0;
            while at + 8 <= whole.len() {
                let size = u32::from_be_bytes(whole[at..at + 4].try_into().unwrap()) as usize;
                match &whole[at + 4..at + 8] {
                    b"ftyp" => ftyp_box = Some(&whole[at..at + size]),
                    b"moov" => moov_box = Some(&whole[at..at + size]),
                    _ => {}
                }
                at += size;
            }
            let (ftyp_box, moov_box) = (ftyp_box.unwrap(), moov_box.unwrap());
            assert_eq!(
                probe_index(ftyp_box, moov_box, whole.len() as u64, moov_first),
                probe_mp4(&whole)
            );
            assert_eq!(
                probe_index(moov_box, moov_box, whole.len() as u64, moov_first),
                Err(MediaError::NotMp4)
            );
        }
    }

    #[test]
    fn the_length_is_rounded_down_to_the_millisecond() {
        // 1001 / 600 s = 1668.33… ms.
        let info = probe_mp4(&h264_movie(mvhd_v0(600, 1001))).unwrap();
        assert_eq!(info.duration_ms, 1668);
    }

    #[test]
    fn a_version_1_header_reads_64_bit_durations() {
        // 60,000 s at 90 kHz does not fit in 32 bits.
        let info = probe_mp4(&h264_movie(mvhd_v1(90_000, 5_400_000_000))).unwrap();
        assert_eq!(info.duration_ms, 60_000_000);
        assert_eq!((info.width, info.height), (640, 360));
    }

    #[test]
    fn a_movie_header_after_the_media_data_is_read_but_is_not_fast_start() {
        let info = probe_mp4(&h264_file(false)).unwrap();
        assert_eq!(info.duration_ms, 90_500);
        assert!(!info.fast_start);
    }

    #[test]
    fn a_missing_zero_or_unknown_length_is_refused() {
        let no_mvhd = file(boxed(b"moov", &video_trak(b"avc1", 640, 360)), true);
        for file in [
            no_mvhd,
            h264_movie(mvhd_v0(1000, 0)),
            h264_movie(mvhd_v0(0, 90_500)),
            h264_movie(mvhd_v0(1000, u32::MAX)),
            h264_movie(mvhd_v1(1000, u64::MAX)),
            h264_movie(mvhd_v0(90_000, 1)),
            h264_movie(boxed(b"mvhd", &[2, 0, 0, 0])),
            h264_movie(boxed(b"mvhd", &[0, 0, 0, 0, 0, 0])),
        ] {
            assert_eq!(probe_mp4(&file), Err(MediaError::NoDuration));
        }
    }

    #[test]
    fn sound_only_is_refused() {
        let sound = file(moov(mvhd_v0(1000, 60_000), &[audio_trak()]), true);
        assert_eq!(probe_mp4(&sound), Err(MediaError::NoVideoTrack));
    }

    #[test]
    fn hevc_is_refused_and_the_message_says_to_convert_it() {
        for format in [b"hvc1", b"hev1"] {
            let hevc = file(
                moov(mvhd_v0(1000, 60_000), &[video_trak(format, 1920, 1080)]),
                true,
            );
            let refused = probe_mp4(&hevc).unwrap_err();
            assert_eq!(
                refused,
                MediaError::UnsupportedCodec {
                    found: four_cc_text(*format)
                }
            );
            assert!(refused.message().contains("H.265/HEVC"));
            assert!(refused.message().contains("H.264"));
        }
    }

    #[test]
    fn an_h264_track_is_found_after_sound_and_another_codec() {
        let moov = moov(
            mvhd_v0(1000, 60_000),
            &[
                audio_trak(),
                video_trak(b"hvc1", 1920, 1080),
                video_trak(b"avc3", 854, 480),
            ],
        );
        let info = probe_mp4(&file(moov, true)).unwrap();
        assert_eq!((info.width, info.height), (854, 480));
    }

    #[test]
    fn other_codecs_are_named_in_the_refusal() {
        let av1 = file(
            moov(mvhd_v0(1000, 60_000), &[video_trak(b"av01", 640, 360)]),
            true,
        );
        let refused = probe_mp4(&av1).unwrap_err();
        assert_eq!(refused.code(), "MEDIA_UNSUPPORTED_CODEC");
        assert!(refused.message().contains("av01"));
        assert_eq!(four_cc_text(*b"a\0\xffb"), "a??b");
    }

    #[test]
    fn a_zip_a_document_and_an_empty_file_are_not_mp4() {
        let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00mimetypeapplication/zip".to_vec();
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj".to_vec();
        for file in [zip, pdf, Vec::new(), b"ftyp".to_vec()] {
            assert_eq!(probe_mp4(&file), Err(MediaError::NotMp4));
        }
    }

    #[test]
    fn a_file_that_does_not_start_with_ftyp_or_has_no_mp4_brand_is_refused() {
        let moov_first = concat(&[
            moov(mvhd_v0(1000, 60_000), &[video_trak(b"avc1", 640, 360)]),
            ftyp_mp4(),
            mdat(8),
        ]);
        assert_eq!(probe_mp4(&moov_first), Err(MediaError::NotMp4));
        let body = concat(&[
            moov(mvhd_v0(1000, 60_000), &[video_trak(b"avc1", 640, 360)]),
            mdat(8),
        ]);
        let quicktime = concat(&[ftyp(b"qt  ", &[b"qt  "]), body.clone()]);
        assert_eq!(probe_mp4(&quicktime), Err(MediaError::NotMp4));
        let short_ftyp = concat(&[boxed(b"ftyp", b"isom"), body.clone()]);
        assert_eq!(probe_mp4(&short_ftyp), Err(MediaError::NotMp4));
        // Liberal within MP4: a brand of the family among the compatible ones is enough.
        let dash = concat(&[ftyp(b"XYZ1", &[b"abcd", b"dash"]), body]);
        assert!(probe_mp4(&dash).is_ok());
    }

    #[test]
    fn every_truncation_of_a_valid_file_is_refused() {
        for moov_first in [true, false] {
            let whole = h264_file(moov_first);
            assert!(probe_mp4(&whole).is_ok());
            for length in 0..whole.len() {
                assert!(
                    probe_mp4(&whole[..length]).is_err(),
                    "cut at {length} of {} (moov first: {moov_first})",
                    whole.len()
                );
            }
        }
    }

    #[test]
    fn a_cut_after_the_ftyp_is_reported_as_cut_off() {
        let whole = h264_file(false);
        assert_eq!(probe_mp4(&whole[..40]), Err(MediaError::Truncated));
        assert_eq!(
            probe_mp4(&whole[..whole.len() - 1]),
            Err(MediaError::Truncated)
        );
    }

    #[test]
    fn a_last_box_of_size_0_runs_to_the_end_of_the_file() {
        let mut whole = concat(&[
            ftyp_mp4(),
            moov(mvhd_v0(1000, 60_000), &[video_trak(b"avc1", 640, 360)]),
            mdat(100),
        ]);
        let mdat_at = whole.len() - 108;
        whole[mdat_at..mdat_at + 4].copy_from_slice(&[0; 4]);
        assert!(probe_mp4(&whole).unwrap().fast_start);
    }

    #[test]
    fn a_size_0_media_box_cut_short_is_caught_by_the_chunk_offsets() {
        let head = |offsets: &[u32]| {
            let stbl = [stsd(&[visual_entry(b"avc1", 640, 360)]), stco(offsets)];
            concat(&[
                ftyp_mp4(),
                moov(mvhd_v0(1000, 60_000), &[trak(b"vide", &stbl)]),
            ])
        };
        // Size the header with a placeholder, then point the chunks into the media data.
        let head_len = u32::try_from(head(&[0, 0]).len()).unwrap();
        let mdat_body = head_len + 8;
        let mut whole = head(&[mdat_body, mdat_body + 500]);
        whole.extend_from_slice(&[0, 0, 0, 0]);
        whole.extend_from_slice(b"mdat");
        whole.extend_from_slice(&[0x5a; 1000]);
        assert!(probe_mp4(&whole).is_ok());
        assert_eq!(
            probe_mp4(&whole[..whole.len() - 600]),
            Err(MediaError::Truncated)
        );
    }

    #[test]
    fn a_chunk_table_longer_than_its_box_is_refused() {
        let mut table = stco(&[100]);
        table[12..16].copy_from_slice(&1000u32.to_be_bytes()); // claims 1000 entries
        let stbl = [stsd(&[visual_entry(b"avc1", 640, 360)]), table];
        let bad = file(moov(mvhd_v0(1000, 60_000), &[trak(b"vide", &stbl)]), true);
        assert_eq!(probe_mp4(&bad), Err(MediaError::NotMp4));
    }

    #[test]
    fn a_huge_64_bit_size_is_cut_off_at_the_top_and_damage_inside() {
        let mut huge_mdat = vec![0, 0, 0, 1];
        huge_mdat.extend_from_slice(b"mdat");
        huge_mdat.extend_from_slice(&u64::MAX.to_be_bytes());
        let at_top = concat(&[ftyp_mp4(), huge_mdat.clone()]);
        assert_eq!(probe_mp4(&at_top), Err(MediaError::Truncated));

        let mut huge_free = vec![0, 0, 0, 1];
        huge_free.extend_from_slice(b"free");
        huge_free.extend_from_slice(&(u64::MAX / 2).to_be_bytes());
        let inside = boxed(b"moov", &concat(&[mvhd_v0(1000, 60_000), huge_free]));
        assert_eq!(probe_mp4(&file(inside, true)), Err(MediaError::NotMp4));
    }

    #[test]
    fn a_64_bit_size_that_fits_is_read() {
        let mut large_mdat = vec![0, 0, 0, 1];
        large_mdat.extend_from_slice(b"mdat");
        large_mdat.extend_from_slice(&(16u64 + 10).to_be_bytes());
        large_mdat.extend_from_slice(&[0; 10]);
        let whole = concat(&[
            ftyp_mp4(),
            large_mdat,
            moov(mvhd_v0(1000, 60_000), &[video_trak(b"avc1", 640, 360)]),
        ]);
        assert!(!probe_mp4(&whole).unwrap().fast_start);
    }

    #[test]
    fn sizes_smaller_than_the_header_are_refused_without_looping() {
        for size in [2u32, 7] {
            let mut tiny = size.to_be_bytes().to_vec();
            tiny.extend_from_slice(b"free");
            let at_top = concat(&[ftyp_mp4(), tiny.clone(), mdat(8)]);
            assert_eq!(probe_mp4(&at_top), Err(MediaError::NotMp4));
            let inside = boxed(b"moov", &concat(&[tiny, mvhd_v0(1000, 60_000)]));
            assert_eq!(probe_mp4(&file(inside, true)), Err(MediaError::NotMp4));
        }
        let mut small_large = vec![0, 0, 0, 1];
        small_large.extend_from_slice(b"free");
        small_large.extend_from_slice(&15u64.to_be_bytes());
        let at_top = concat(&[ftyp_mp4(), small_large, mdat(8)]);
        assert_eq!(probe_mp4(&at_top), Err(MediaError::NotMp4));
    }

    #[test]
    fn a_video_track_without_a_sample_description_is_damaged() {
        let empty = trak(b"vide", &[stsd(&[])]);
        let none = trak(b"vide", &[]);
        for track in [empty, none] {
            let bad = file(moov(mvhd_v0(1000, 60_000), &[track]), true);
            assert_eq!(probe_mp4(&bad), Err(MediaError::NotMp4));
        }
    }

    #[test]
    fn each_refusal_has_its_own_media_code_and_is_unprocessable() {
        let refusals = [
            MediaError::NotMp4,
            MediaError::Truncated,
            MediaError::NoDuration,
            MediaError::NoVideoTrack,
            MediaError::UnsupportedCodec {
                found: "hvc1".to_owned(),
            },
        ];
        let mut codes: Vec<&str> = refusals.iter().map(Problem::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), refusals.len());
        for refusal in &refusals {
            assert!(refusal.code().starts_with("MEDIA_"));
            assert_eq!(refusal.status(), Status::Unprocessable);
            assert_eq!(refusal.message(), refusal.to_string());
        }
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = probe_mp4(&bytes);
        }

        #[test]
        fn arbitrary_bytes_after_an_ftyp_never_panic(
            tail in proptest::collection::vec(any::<u8>(), 0..512)
        ) {
            let _ = probe_mp4(&concat(&[ftyp_mp4(), tail]));
        }

        #[test]
        fn a_damaged_valid_file_never_panics(
            moov_first in any::<bool>(),
            damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
        ) {
            let mut bytes = h264_file(moov_first);
            for (at, value) in damage {
                let at = at.index(bytes.len());
                bytes[at] = value;
            }
            let _ = probe_mp4(&bytes);
        }
    }
}
