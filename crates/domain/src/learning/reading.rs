//! A document lesson (a PDF shown in the page) and what the server counts of it: the reading
//! time comes from [`Playback::read`](super::Playback::read) — real time on screen, never what
//! the page claims — and each page must have been in front of the reader for a while, so a
//! document left open on its first page does not count as read.

use super::settings::LearningSettings;
use crate::problem::{Problem, Status};

/// The longest document a lesson takes, in pages.
pub const MAX_PAGES: u32 = 2_000;

/// The reading time a lesson asks of a document when its keeper sets none: a minute a page.
pub fn default_reading_minutes(pages: u32) -> u32 {
    pages.clamp(1, 600)
}

/// How long each page must be on screen to count as read: the setting, but never more than
/// half of the reading time's share of each page (a short text with many pages stays
/// readable in its time).
pub fn page_needed_ms(settings: &LearningSettings, reading_ms: u64, pages: u32) -> u64 {
    let share = reading_ms / u64::from(pages.max(1)) / 2;
    (u64::from(settings.document_page_seconds) * 1000).min(share)
}

/// Milliseconds each page of a document was on screen, page 1 first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageViews(Vec<u64>);

impl PageViews {
    /// Nothing seen yet of a document of `pages` pages.
    pub fn new(pages: u32) -> Self {
        Self(vec![0; usize::try_from(pages).unwrap_or(0)])
    }

    /// Reads the stored form (`"1200,0,3000"`); a text of another length is fitted to the
    /// document (what is missing is unseen).
    pub fn parse(text: &str, pages: u32) -> Self {
        let mut views = Self::new(pages);
        for (slot, value) in views.0.iter_mut().zip(text.split(',')) {
            *slot = value.trim().parse().unwrap_or(0);
        }
        views
    }

    /// The stored form.
    pub fn stored(&self) -> String {
        self.0
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The document's pages.
    pub fn pages(&self) -> u32 {
        u32::try_from(self.0.len()).unwrap_or(u32::MAX)
    }

    /// Whether `page` (1-based) is a page of the document.
    pub fn has(&self, page: u32) -> bool {
        page >= 1 && page <= self.pages()
    }

    /// Adds time on screen to `page` (1-based); a page not in the document adds nothing.
    pub fn add(&mut self, page: u32, ms: u64) {
        if let Some(slot) = page
            .checked_sub(1)
            .and_then(|i| self.0.get_mut(usize::try_from(i).ok()?))
        {
            *slot = slot.saturating_add(ms);
        }
    }

    /// Pages on screen at least `needed_ms`.
    pub fn seen(&self, needed_ms: u64) -> u32 {
        u32::try_from(self.0.iter().filter(|&&ms| ms >= needed_ms).count()).unwrap_or(u32::MAX)
    }

    /// The first page not yet seen, if any (where a reader is sent back to).
    pub fn first_unseen(&self, needed_ms: u64) -> Option<u32> {
        self.0
            .iter()
            .position(|&ms| ms < needed_ms)
            .and_then(|i| u32::try_from(i + 1).ok())
    }

    /// Every page was on screen long enough.
    pub fn all_seen(&self, needed_ms: u64) -> bool {
        self.first_unseen(needed_ms).is_none()
    }
}

/// Why an uploaded PDF is not accepted as a lesson document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("PDF 文档已损坏或不完整，无法读出页数，请用 PDF 软件重新导出后再上传")]
    Corrupt,
    #[error("PDF 文档设置了打开密码，学员无法阅读，请去掉密码后再上传")]
    Encrypted,
    #[error("PDF 文档没有页面，请检查文件")]
    NoPages,
    #[error("PDF 文档有 {0} 页，超过一个课节 {MAX_PAGES} 页的上限，请拆分为几个课节")]
    TooManyPages(usize),
}

impl Problem for DocumentError {
    fn status(&self) -> Status {
        Status::Unprocessable
    }

    fn code(&self) -> &'static str {
        match self {
            DocumentError::Corrupt => "DOCUMENT_CORRUPT",
            DocumentError::Encrypted => "DOCUMENT_ENCRYPTED",
            DocumentError::NoPages => "DOCUMENT_NO_PAGES",
            DocumentError::TooManyPages(_) => "DOCUMENT_TOO_MANY_PAGES",
        }
    }

    fn message(&self) -> String {
        self.to_string()
    }
}

/// A document's page count as a lesson takes it.
pub fn checked_pages(pages: usize) -> Result<u32, DocumentError> {
    match u32::try_from(pages) {
        Ok(0) => Err(DocumentError::NoPages),
        Ok(n) if n <= MAX_PAGES => Ok(n),
        _ => Err(DocumentError::TooManyPages(pages)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_count_as_read_once_on_screen_long_enough() {
        let mut views = PageViews::new(3);
        views.add(1, 12_000);
        views.add(3, 4_000);
        views.add(4, 99_000);
        views.add(0, 99_000);
        assert_eq!(views.seen(10_000), 1);
        assert_eq!(views.first_unseen(10_000), Some(2));
        views.add(2, 10_000);
        views.add(3, 6_000);
        assert!(views.all_seen(10_000));
        assert_eq!(PageViews::parse(&views.stored(), 3), views);
        assert_eq!(PageViews::parse("5,x", 3).stored(), "5,0,0");
        assert_eq!(PageViews::parse("1,2,3,4", 2).stored(), "1,2");
    }

    #[test]
    fn a_short_text_of_many_pages_asks_less_of_each_page() {
        let settings = LearningSettings::default();
        assert_eq!(page_needed_ms(&settings, 30 * 60_000, 10), 10_000);
        assert_eq!(page_needed_ms(&settings, 60_000, 20), 1_500);
        assert_eq!(default_reading_minutes(0), 1);
        assert_eq!(default_reading_minutes(5000), 600);
    }
}
