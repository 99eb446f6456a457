//! The years a date in ganxun may fall in (issue 14 item 3). Nobody in the register was born
//! before 1900 and no plan reaches past 2200; a year outside that range can only be a mistake or
//! an attack, and far-off years break date arithmetic and database date types.

use std::ops::RangeInclusive;

/// Every year a date or a `year` parameter may name.
pub const YEARS: RangeInclusive<i64> = 1900..=2200;

/// Whether `year` is inside [`YEARS`].
pub fn year_in_range(year: i64) -> bool {
    YEARS.contains(&year)
}

/// The year of a text shaped like a date as chrono reads one (`2026-03-02`, `+262143-01-01`,
/// `2026-03-02T08:00:00Z`, `2026-03-02 08:00`), or `None` for any other text. A year too long
/// for `i64` answers `i64::MAX`, which no range accepts.
pub fn date_shaped_year(text: &str) -> Option<i64> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'+' => (false, &text[1..]),
        b'-' => (true, &text[1..]),
        _ => (false, text),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    // Shorter runs are times (`09:00`) or other numbers, not years chrono would read.
    if digits < 4 {
        return None;
    }
    let after_year = &rest[digits..];
    let after_month = two_digits_after_dash(after_year)?;
    let after_day = two_digits_after_dash(after_month)?;
    if !(after_day.is_empty() || after_day.starts_with(['T', 't', ' '])) {
        return None;
    }
    let year = rest[..digits].parse::<i64>().unwrap_or(i64::MAX);
    Some(if negative { -year } else { year })
}

/// `-MM` or `-M` at the start of `text`; what follows it.
fn two_digits_after_dash(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('-')?;
    let digits = rest.bytes().take(2).take_while(u8::is_ascii_digit).count();
    (digits > 0).then(|| &rest[digits..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times_give_their_year() {
        assert_eq!(date_shaped_year("2026-03-02"), Some(2026));
        assert_eq!(date_shaped_year("2026-3-2"), Some(2026));
        assert_eq!(date_shaped_year("+262143-01-01"), Some(262_143));
        assert_eq!(date_shaped_year("-0001-01-01"), Some(-1));
        assert_eq!(date_shaped_year("2026-03-02T08:00:00Z"), Some(2026));
        assert_eq!(date_shaped_year("2026-03-02 08:00"), Some(2026));
        assert_eq!(
            date_shaped_year("99999999999999999999999-01-01"),
            Some(i64::MAX)
        );
    }

    #[test]
    fn other_text_is_not_a_date() {
        for text in [
            "",
            "09:00",
            "2026",
            "2026-03",
            "010-1234-5678",
            "GX-2026-0001",
            "2026-03-02x",
            "甲县",
            "2026年3月2日",
            "-",
            "+",
        ] {
            assert_eq!(date_shaped_year(text), None, "{text}");
        }
    }

    #[test]
    fn the_range_is_1900_to_2200() {
        assert!(year_in_range(1900) && year_in_range(2026) && year_in_range(2200));
        assert!(!year_in_range(1899) && !year_in_range(2201) && !year_in_range(262_143));
    }
}
