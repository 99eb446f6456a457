//! Page bounds shared by every paged list (issue 14 item 3). A page number or page size outside
//! its range is refused with `PAGE_OUT_OF_RANGE` before any query is built, so no offset can
//! overflow (a page near `u64::MAX` once dropped the connection) or ask a database to skip
//! billions of rows.

use crate::app::{AppError, AppResult, FieldError};

/// The deepest page any list serves. With the largest page size (500) the offset stays below
/// 10⁹, far inside every database's integer range.
pub const MAX_PAGE: u64 = 1_000_000;

/// The page sizes one list accepts, and what its size parameter is called.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// `page_size` or `per_page`.
    pub field: &'static str,
    pub default: u64,
    pub max: u64,
}

/// A checked page request: `1 ≤ page ≤ MAX_PAGE`, `1 ≤ size ≤ the list's maximum`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u64,
    pub size: u64,
}

impl Paging {
    /// Rows skipped before this page; cannot overflow given the bounds.
    pub fn offset(self) -> u64 {
        (self.page - 1) * self.size
    }
}

/// Checks the requested page (1 when absent) and page size (the list's default when absent).
pub fn paging(page: Option<u64>, size: Option<u64>, sizes: Sizes) -> AppResult<Paging> {
    let page = page.unwrap_or(1);
    let size = size.unwrap_or(sizes.default);
    let mut errors = Vec::new();
    if !(1..=MAX_PAGE).contains(&page) {
        errors.push(FieldError::new(
            "page",
            "PAGE_OUT_OF_RANGE",
            format!("页码超出范围：应为 1 至 {MAX_PAGE}"),
        ));
    }
    if !(1..=sizes.max).contains(&size) {
        errors.push(FieldError::new(
            sizes.field,
            "PAGE_OUT_OF_RANGE",
            format!("每页条数超出范围：应为 1 至 {}", sizes.max),
        ));
    }
    if errors.is_empty() {
        Ok(Paging { page, size })
    } else {
        Err(AppError::Validation(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZES: Sizes = Sizes {
        field: "per_page",
        default: 20,
        max: 200,
    };

    fn codes(result: AppResult<Paging>) -> Vec<(String, String)> {
        match result {
            Err(AppError::Validation(list)) => {
                list.into_iter().map(|f| (f.field, f.code)).collect()
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn defaults_and_bounds_are_accepted() {
        assert_eq!(
            paging(None, None, SIZES).unwrap(),
            Paging { page: 1, size: 20 }
        );
        let last = paging(Some(MAX_PAGE), Some(200), SIZES).unwrap();
        assert_eq!(last.offset(), (MAX_PAGE - 1) * 200);
    }

    #[test]
    fn out_of_range_pages_and_sizes_are_refused_by_field() {
        let refused = |field: &str| (field.to_owned(), "PAGE_OUT_OF_RANGE".to_owned());
        assert_eq!(codes(paging(Some(0), None, SIZES)), [refused("page")]);
        assert_eq!(
            codes(paging(Some(u64::MAX), None, SIZES)),
            [refused("page")]
        );
        assert_eq!(
            codes(paging(Some(MAX_PAGE + 1), None, SIZES)),
            [refused("page")]
        );
        assert_eq!(codes(paging(None, Some(0), SIZES)), [refused("per_page")]);
        assert_eq!(codes(paging(None, Some(201), SIZES)), [refused("per_page")]);
        assert_eq!(
            codes(paging(Some(0), Some(0), SIZES)),
            [refused("page"), refused("per_page")]
        );
    }
}
