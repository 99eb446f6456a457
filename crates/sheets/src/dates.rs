//! Dates as people type them into rosters: 2022-05-01, 2022/5/1, 2022.5.1, 2022年5月1日,
//! 20220501, and for some columns only a year and month (1985.03, 1985年3月, 198503).

use chrono::NaiveDate;

/// The years a date in a roster may fall in.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A date read from a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateValue {
    Day(NaiveDate),
    /// Only a year and month were given.
    Month {
        year: i32,
        month: u32,
    },
}

/// A date and, when the cell also held a time of day other than midnight, that time (dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedDate {
    pub value: DateValue,
    pub dropped_time: Option<String>,
}

/// Parses a date in any of the accepted forms; `None` when the text is none of them or names no
/// real date.
pub(crate) fn parse_date(text: &str) -> Option<ParsedDate> {
    let text = text.trim();
    let (date, time) = match text.find(|c: char| c.is_whitespace() || c == 'T') {
        Some(at) => (
            &text[..at],
            Some(text[at..].trim_start_matches(|c: char| c.is_whitespace() || c == 'T')),
        ),
        None => (text, None),
    };
    let dropped_time = match time {
        None => None,
        Some(time) => {
            let is_time = time.contains(':')
                && time
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.'));
            if !is_time {
                return None;
            }
            let midnight = time.chars().all(|c| matches!(c, '0' | ':' | '.'));
            (!midnight).then(|| time.to_owned())
        }
    };
    Some(ParsedDate {
        value: parse_date_part(date)?,
        dropped_time,
    })
}

fn parse_date_part(text: &str) -> Option<DateValue> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
        return match text.len() {
            8 => day(
                i32::try_from(number(0..4)?).ok()?,
                number(4..6)?,
                number(6..8)?,
            ),
            6 => month(i32::try_from(number(0..4)?).ok()?, number(4..6)?),
            _ => None,
        };
    }
    let unified: String = text.replace(['年', '月'], "-");
    let unified = unified.strip_suffix(['日', '号']).unwrap_or(&unified);
    let unified = unified.strip_suffix('-').unwrap_or(unified);
    let separator = unified.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(separator, '-' | '/' | '.') {
        return None;
    }
    let parts: Vec<&str> = unified.split(separator).collect();
    let valid = |part: &&str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    match parts.as_slice() {
        [y, m] if valid(y, 4..=4) && valid(m, 1..=2) => month(y.parse().ok()?, m.parse().ok()?),
        [y, m, d] if valid(y, 4..=4) && valid(m, 1..=2) && valid(d, 1..=2) => {
            day(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        _ => None,
    }
}

fn day(year: i32, month: u32, day: u32) -> Option<DateValue> {
    if !YEARS.contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day).map(DateValue::Day)
}

fn month(year: i32, month: u32) -> Option<DateValue> {
    (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(DateValue::Month { year, month })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn value(text: &str) -> Option<DateValue> {
        parse_date(text).map(|p| p.value)
    }

    #[test]
    fn every_accepted_form_of_a_full_date_parses() {
        for text in [
            "2022-05-01",
            "2022/5/1",
            "2022.5.1",
            "2022年5月1日",
            "2022年05月01日",
            "20220501",
            " 2022-5-1 ",
        ] {
            assert_eq!(
                value(text),
                Some(DateValue::Day(date(2022, 5, 1))),
                "{text}"
            );
        }
    }

    #[test]
    fn a_year_and_month_parse_as_a_month() {
        for text in [
            "1985.03",
            "1985.3",
            "1985-03",
            "1985/3",
            "1985年3月",
            "198503",
        ] {
            assert_eq!(
                value(text),
                Some(DateValue::Month {
                    year: 1985,
                    month: 3
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn a_midnight_time_is_ignored_and_another_time_is_reported_as_dropped() {
        assert_eq!(
            parse_date("2022-05-01 00:00:00"),
            Some(ParsedDate {
                value: DateValue::Day(date(2022, 5, 1)),
                dropped_time: None
            })
        );
        assert_eq!(
            parse_date("2022-05-01T08:30:00")
                .unwrap()
                .dropped_time
                .as_deref(),
            Some("08:30:00")
        );
        assert_eq!(parse_date("2022-05-01 上午"), None);
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for text in [
            "",
            "2022-02-30",
            "2022-13-01",
            "1899-12-31",
            "2101-01-01",
            "22-5-1",
            "2022-5/1",
            "2022--5",
            "五月一日",
            "2022",
            "2022.5.1.1",
            "1985.13",
            "20220230",
            "2022年",
        ] {
            assert_eq!(value(text), None, "{text}");
        }
    }

    proptest! {
        #[test]
        fn any_date_written_in_any_accepted_form_parses_back(days in 0i64..73_000, form in 0usize..5) {
            let d = date(1900, 1, 1) + chrono::Duration::days(days);
            let text = match form {
                0 => d.format("%Y-%m-%d").to_string(),
                1 => d.format("%Y/%-m/%-d").to_string(),
                2 => d.format("%Y.%-m.%-d").to_string(),
                3 => d.format("%Y年%-m月%-d日").to_string(),
                _ => d.format("%Y%m%d").to_string(),
            };
            prop_assert_eq!(value(&text), Some(DateValue::Day(d)), "{}", text);
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,24}") {
            let _ = parse_date(&text);
        }
    }
}
