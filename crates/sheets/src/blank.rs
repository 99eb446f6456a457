//! What counts as an empty cell or an invisible character: shared by reading a sheet, finding
//! its header and checking its values.

/// Blank: nothing but whitespace (the full-width space included) and invisible characters.
pub(crate) fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// Characters with no width that survive copying from web pages and Word.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}'
    )
}
