//! The fonts typst may use: found once by scanning font folders, read from disk only when a
//! document first needs them, then kept for every later document.
//!
//! Scanning parses each file's tables to learn its families, styles and coverage (typst's
//! `FontInfo`) and then drops the bytes; the Noto CJK collections are about 90 MB together and
//! most documents use two or three of their faces.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;

/// The folders a Debian or Ubuntu machine installs fonts into (`fonts-noto-cjk` puts the
/// Chinese fonts under the first).
pub const SYSTEM_FONT_DIRS: &[&str] = &["/usr/share/fonts", "/usr/local/share/fonts"];

/// Characters every Chinese document needs: a font that has none of them cannot print one.
const CJK_PROBE: &[char] = &['中', '国', '证', '书'];

/// The fonts found in some folders. Cheap to clone and to share between threads: clones share
/// the scan and the bytes already read.
#[derive(Clone)]
pub struct Fonts(Arc<Inner>);

struct Inner {
    book: LazyHash<FontBook>,
    /// One entry per face, in the order of the book.
    faces: Vec<Face>,
    /// One entry per font file; the faces of a collection (.ttc) share their file's bytes.
    files: Vec<FontFile>,
    has_cjk: bool,
}

struct Face {
    file: usize,
    index: u32,
    font: OnceLock<Option<Font>>,
}

struct FontFile {
    path: PathBuf,
    bytes: OnceLock<Option<Bytes>>,
}

impl Fonts {
    /// Scans `dirs` recursively for `.ttf`, `.otf`, `.ttc` and `.otc` files. Folders that do not
    /// exist and files that are not fonts are skipped: an empty result is reported when a
    /// document is rendered ([`crate::PrintError::NoCjkFont`]), not here.
    pub fn load(dirs: &[PathBuf]) -> Fonts {
        let mut paths = Vec::new();
        for dir in dirs {
            collect_font_files(dir, &mut paths);
        }
        // The same order on every machine, so that typst's fallback choice is stable.
        paths.sort();
        paths.dedup();

        let mut book = FontBook::new();
        let mut faces = Vec::new();
        let mut files = Vec::new();
        for path in paths {
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            let file = files.len();
            let mut found = false;
            for (index, info) in face_infos(&data) {
                book.push(info);
                faces.push(Face {
                    file,
                    index,
                    font: OnceLock::new(),
                });
                found = true;
            }
            if found {
                files.push(FontFile {
                    path,
                    bytes: OnceLock::new(),
                });
            }
        }
        let has_cjk = (0..faces.len()).any(|i| {
            book.info(i)
                .is_some_and(|info| CJK_PROBE.iter().all(|c| info.coverage.contains(*c as u32)))
        });
        Fonts(Arc::new(Inner {
            book: LazyHash::new(book),
            faces,
            files,
            has_cjk,
        }))
    }

    /// The system font folders ([`SYSTEM_FONT_DIRS`]).
    pub fn system() -> Fonts {
        let dirs: Vec<PathBuf> = SYSTEM_FONT_DIRS.iter().map(PathBuf::from).collect();
        Fonts::load(&dirs)
    }

    /// Whether some font can print Chinese.
    pub fn has_cjk(&self) -> bool {
        self.0.has_cjk
    }

    /// How many faces were found (a collection file holds several).
    pub fn len(&self) -> usize {
        self.0.faces.len()
    }

    /// Whether no font was found at all.
    pub fn is_empty(&self) -> bool {
        self.0.faces.is_empty()
    }

    /// The family names found, sorted, each once: for diagnostics and the settings page.
    pub fn families(&self) -> Vec<String> {
        self.0
            .book
            .families()
            .map(|(family, _)| family.to_owned())
            .collect()
    }

    pub(crate) fn book(&self) -> &LazyHash<FontBook> {
        &self.0.book
    }

    /// The face typst asks for, read from disk the first time. A file that has become
    /// unreadable since the scan yields `None` (typst then falls back to another face).
    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        let face = self.0.faces.get(index)?;
        face.font
            .get_or_init(|| {
                let file = self.0.files.get(face.file)?;
                let bytes = file
                    .bytes
                    .get_or_init(|| std::fs::read(&file.path).ok().map(Bytes::new))
                    .clone()?;
                Font::new(bytes, face.index)
            })
            .clone()
    }
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("faces", &self.0.faces.len())
            .field("files", &self.0.files.len())
            .field("has_cjk", &self.0.has_cjk)
            .finish()
    }
}

/// The faces in one font file with their index in the collection (0 for a single font).
fn face_infos(data: &[u8]) -> Vec<(u32, FontInfo)> {
    // A file that is not a collection counts as a collection of one.
    let count = ttf_collection_len(data);
    (0..count)
        .filter_map(|index| FontInfo::new(data, index).map(|info| (index, info)))
        .collect()
}

/// The number of faces in a TrueType/OpenType collection (`ttcf` header), else 1. Capped, so
/// that a damaged header cannot make the scan try billions of faces.
fn ttf_collection_len(data: &[u8]) -> u32 {
    const MAX_FACES: u32 = 256;
    match data {
        [b't', b't', b'c', b'f', _, _, _, _, a, b, c, d, ..] => {
            u32::from_be_bytes([*a, *b, *c, *d]).min(MAX_FACES)
        }
        _ => 1,
    }
}

fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            ["ttf", "otf", "ttc", "otc"]
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
}

fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // `metadata` follows symbolic links, which Debian uses between font folders.
        let Ok(metadata) = std::fs::metadata(&path) else {
            continue;
        };
        if metadata.is_dir() {
            collect_font_files(&path, out);
        } else if metadata.is_file() && is_font_file(&path) {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_gives_no_fonts_and_no_cjk() {
        let fonts = Fonts::load(&[PathBuf::from("/nonexistent/ganxun-fonts")]);
        assert!(fonts.is_empty());
        assert!(!fonts.has_cjk());
        assert!(fonts.font(0).is_none());
    }

    #[test]
    fn a_file_that_is_not_a_font_is_skipped() {
        let dir = std::env::temp_dir().join(format!("ganxun-print-fonts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("broken.ttf"), b"not a font").expect("write");
        let fonts = Fonts::load(std::slice::from_ref(&dir));
        assert!(fonts.is_empty());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn collection_length_is_read_from_the_ttcf_header() {
        let mut header = b"ttcf\0\x02\0\0".to_vec();
        header.extend_from_slice(&5u32.to_be_bytes());
        assert_eq!(ttf_collection_len(&header), 5);
        assert_eq!(ttf_collection_len(b"\0\x01\0\0"), 1);
    }
}
