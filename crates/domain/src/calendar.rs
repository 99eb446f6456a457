//! Working days (DESIGN "Time", R-REG-10): which dates are working days in China, from a holiday
//! calendar the training authority maintains as data.
//!
//! The State Council publishes each year's public holidays and the weekend days worked in
//! exchange (调休上班) only a few weeks ahead, so nothing here is computed from rules: a date is a
//! working day when it is an adjusted working day, or a Monday–Friday that is not a holiday.
//!
//! All dates are China dates (Asia/Shanghai); [`china_date`] turns a stored UTC instant into one.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest span one holiday entry may cover; a longer one is almost certainly a typo in a
/// year or month (the longest Chinese public holiday is nine days).
const MAX_SPAN_DAYS: i64 = 31;

/// China's offset from UTC. China has kept UTC+8 without daylight saving since 1991, so a fixed
/// offset is exact for every date the system handles. The one place the eight hours are written:
/// every conversion between a stored UTC instant and China time goes through the functions below.
const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

/// The China wall-clock time of an instant.
pub fn china_datetime(instant: DateTime<Utc>) -> NaiveDateTime {
    match FixedOffset::east_opt(CHINA_OFFSET_SECONDS) {
        Some(offset) => instant.with_timezone(&offset).naive_local(),
        // Unreachable: eight hours is a valid offset. Falling back to UTC is still a time.
        None => instant.naive_utc(),
    }
}

/// The China date of an instant (see [`china_datetime`]).
pub fn china_date(instant: DateTime<Utc>) -> NaiveDate {
    china_datetime(instant).date()
}

/// The instant of a China wall-clock time: the inverse of [`china_datetime`] (a fixed offset
/// has no gaps or repeats, so every China time is exactly one instant).
pub fn china_instant(local: NaiveDateTime) -> DateTime<Utc> {
    FixedOffset::east_opt(CHINA_OFFSET_SECONDS)
        .and_then(|offset| local.and_local_timezone(offset).single())
        .map_or_else(|| local.and_utc(), |at| at.with_timezone(&Utc))
}

/// The instant a China date begins (its midnight in China, 16:00 UTC the day before).
pub fn china_midnight(date: NaiveDate) -> DateTime<Utc> {
    china_instant(date.and_time(NaiveTime::MIN))
}

/// An instant as China time to the second, `2026-03-03 01:30:05`, as sheets and lists show it.
pub fn china_timestamp(instant: DateTime<Utc>) -> String {
    china_datetime(instant)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// One entry of a calendar document: a single date (`from` only) or an inclusive range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateSpan {
    /// What the day is, e.g. `国庆节` or `国庆节调休上班`.
    pub name: String,
    pub from: NaiveDate,
    /// The last day, inclusive; absent for a single day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

/// The calendar as the authority edits and stores it (TOML or JSON):
///
/// ```toml
/// [[holidays]]
/// name = "国庆节"
/// from = "2026-10-01"
/// to = "2026-10-07"
///
/// [[working_days]]
/// name = "国庆节调休上班"
/// from = "2026-10-10"
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDocument {
    #[serde(default)]
    pub holidays: Vec<DateSpan>,
    /// Weekend days worked in exchange for a longer holiday (调休上班).
    #[serde(default)]
    pub working_days: Vec<DateSpan>,
}

/// Why a calendar document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("节假日日历格式错误：{0}")]
    Syntax(String),
    #[error("节假日日历中有一项缺少名称（开始日期 {from}），请填写名称")]
    Unnamed { from: NaiveDate },
    #[error("“{name}”的结束日期 {to} 早于开始日期 {from}，请核对日期")]
    Reversed {
        name: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error("“{name}”跨 {days} 天，超过 31 天，请核对日期")]
    TooLong { name: String, days: i64 },
    #[error("{date} 既是节假日（{holiday}）又是调休上班日（{working}），请删除其中一项")]
    Conflict {
        date: NaiveDate,
        holiday: String,
        working: String,
    },
    #[error("调休上班日“{name}”{date} 不是周六或周日，本来就是工作日，请核对日期")]
    WorkingDayNotWeekend { name: String, date: NaiveDate },
}

impl CalendarError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::Syntax(_) => "CALENDAR_SYNTAX",
            CalendarError::Unnamed { .. } => "CALENDAR_UNNAMED",
            CalendarError::Reversed { .. } => "CALENDAR_REVERSED",
            CalendarError::TooLong { .. } => "CALENDAR_TOO_LONG",
            CalendarError::Conflict { .. } => "CALENDAR_CONFLICT",
            CalendarError::WorkingDayNotWeekend { .. } => "CALENDAR_WORKING_DAY_NOT_WEEKEND",
        }
    }
}

/// A validated holiday calendar. The default one knows only weekends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CalendarDocument", into = "CalendarDocument")]
pub struct HolidayCalendar {
    document: CalendarDocument,
    /// Date → name(s); overlapping entries (中秋节 and 国庆节 in 2023) are joined with “、”.
    holidays: BTreeMap<NaiveDate, String>,
    working_days: BTreeMap<NaiveDate, String>,
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Every date of a span, after checking it.
fn expand(span: &DateSpan) -> Result<Vec<NaiveDate>, CalendarError> {
    if span.name.trim().is_empty() {
        return Err(CalendarError::Unnamed { from: span.from });
    }
    let to = span.to.unwrap_or(span.from);
    if to < span.from {
        return Err(CalendarError::Reversed {
            name: span.name.clone(),
            from: span.from,
            to,
        });
    }
    let days = (to - span.from).num_days() + 1;
    if days > MAX_SPAN_DAYS {
        return Err(CalendarError::TooLong {
            name: span.name.clone(),
            days,
        });
    }
    Ok(span.from.iter_days().take_while(|d| *d <= to).collect())
}

fn add_name(map: &mut BTreeMap<NaiveDate, String>, date: NaiveDate, name: &str) {
    let names = map.entry(date).or_default();
    if names.split('、').any(|n| n == name) {
        return;
    }
    if !names.is_empty() {
        names.push('、');
    }
    names.push_str(name);
}

impl HolidayCalendar {
    /// Checks a document and builds the calendar.
    pub fn from_document(document: CalendarDocument) -> Result<Self, CalendarError> {
        let mut holidays = BTreeMap::new();
        for span in &document.holidays {
            for date in expand(span)? {
                add_name(&mut holidays, date, span.name.trim());
            }
        }
        let mut working_days = BTreeMap::new();
        for span in &document.working_days {
            for date in expand(span)? {
                if !is_weekend(date) {
                    return Err(CalendarError::WorkingDayNotWeekend {
                        name: span.name.clone(),
                        date,
                    });
                }
                if let Some(holiday) = holidays.get(&date) {
                    return Err(CalendarError::Conflict {
                        date,
                        holiday: holiday.clone(),
                        working: span.name.clone(),
                    });
                }
                add_name(&mut working_days, date, span.name.trim());
            }
        }
        Ok(Self {
            document,
            holidays,
            working_days,
        })
    }

    /// Parses and checks a TOML calendar document.
    pub fn from_toml(text: &str) -> Result<Self, CalendarError> {
        let document: CalendarDocument =
            crate::document::from_toml(text).map_err(CalendarError::Syntax)?;
        Self::from_document(document)
    }

    /// The document the calendar was built from, for editing and storing.
    pub fn document(&self) -> &CalendarDocument {
        &self.document
    }

    /// The holiday's name when `date` is a public holiday.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.holidays.get(&date).map(String::as_str)
    }

    /// Whether `date` is a weekend day worked in exchange (调休上班).
    pub fn is_adjusted_working_day(&self, date: NaiveDate) -> bool {
        self.working_days.contains_key(&date)
    }

    /// Whether offices work on `date`: an adjusted working day, or a weekday that is not a
    /// holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.working_days.contains_key(&date) {
            return true;
        }
        !is_weekend(date) && !self.holidays.contains_key(&date)
    }

    /// How many working days lie in the half-open range `[from, until)`: `from` counts, `until`
    /// does not. Negative when `until` comes before `from`, so that
    /// `working_days_between(a, b) == -working_days_between(b, a)`.
    pub fn working_days_between(&self, from: NaiveDate, until: NaiveDate) -> i64 {
        if until < from {
            return -self.working_days_between(until, from);
        }
        let count = from
            .iter_days()
            .take_while(|d| *d < until)
            .filter(|d| self.is_working_day(*d))
            .count();
        i64::try_from(count).unwrap_or(i64::MAX)
    }

    /// The latest date that lies `n` working days before `date`: the result is a working day and
    /// `working_days_between(result, date) == n`. With `n == 0` the date itself is returned.
    ///
    /// "Applications arrive 15 working days before the class starts" (R-REG-10) means: submitted
    /// on or before `subtract_working_days(start, 15)`.
    pub fn subtract_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut counted = 0;
        while counted < n {
            day = match day.pred_opt() {
                Some(previous) => previous,
                None => return day,
            };
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }

    /// The date `n` working days after `date`, counting the working days after it: the result is
    /// a working day and `working_days_between(date + 1 day, result + 1 day) == n`. With `n == 0`
    /// the date itself is returned. For deadlines such as a report due a number of working days
    /// after a class ends.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut counted = 0;
        while counted < n {
            day = match day.checked_add_signed(Duration::days(1)) {
                Some(next) => next,
                None => return day,
            };
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }
}

impl TryFrom<CalendarDocument> for HolidayCalendar {
    type Error = CalendarError;
    fn try_from(document: CalendarDocument) -> Result<Self, Self::Error> {
        Self::from_document(document)
    }
}

impl From<HolidayCalendar> for CalendarDocument {
    fn from(calendar: HolidayCalendar) -> Self {
        calendar.document
    }
}

/// The kind name of the holiday calendar document.
pub const HOLIDAY_CALENDAR: &str = "holiday_calendar";

/// The built-in holiday calendar: the State Council's arrangement for 2026. The authority adds
/// each new year when it is published.
pub const DEFAULT_CALENDAR_TOML: &str = include_str!("default_calendar.toml");

/// The calendar's rule document.
pub const RULE_KINDS: &[crate::rules::RuleKind] = &[crate::rules::RuleKind {
    kind: HOLIDAY_CALENDAR,
    title: "节假日日历",
    built_in: DEFAULT_CALENDAR_TOML,
    check: |text| crate::rules::checked(HolidayCalendar::from_toml(text), CalendarError::code),
    fields: &[
        crate::rules::FieldHint::plain("holidays", "放假", "Holidays"),
        crate::rules::FieldHint::plain("working_days", "调休上班", "Working weekend days"),
        crate::rules::FieldHint::plain("from", "开始日期", "From"),
        crate::rules::FieldHint::plain("to", "结束日期", "To"),
    ],
}];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// TEST DATA: the 2026 public holidays and adjusted working days as published by the General
    /// Office of the State Council on 2025-11-04 (国务院办公厅关于2026年部分节假日安排的通知).
    /// Deployments load their own calendar; this is not shipped as a default.
    pub(crate) const CHINA_2026: &str = r#"
        [[holidays]]
        name = "元旦"
        from = "2026-01-01"
        to = "2026-01-03"

        [[holidays]]
        name = "春节"
        from = "2026-02-15"
        to = "2026-02-23"

        [[holidays]]
        name = "清明节"
        from = "2026-04-04"
        to = "2026-04-06"

        [[holidays]]
        name = "劳动节"
        from = "2026-05-01"
        to = "2026-05-05"

        [[holidays]]
        name = "端午节"
        from = "2026-06-19"
        to = "2026-06-21"

        [[holidays]]
        name = "中秋节"
        from = "2026-09-25"
        to = "2026-09-27"

        [[holidays]]
        name = "国庆节"
        from = "2026-10-01"
        to = "2026-10-07"

        [[working_days]]
        name = "元旦调休上班"
        from = "2026-01-04"

        [[working_days]]
        name = "春节调休上班"
        from = "2026-02-14"

        [[working_days]]
        name = "春节调休上班"
        from = "2026-02-28"

        [[working_days]]
        name = "劳动节调休上班"
        from = "2026-05-09"

        [[working_days]]
        name = "国庆节调休上班"
        from = "2026-09-20"

        [[working_days]]
        name = "国庆节调休上班"
        from = "2026-10-10"
    "#;

    pub(crate) fn china_2026() -> HolidayCalendar {
        HolidayCalendar::from_toml(CHINA_2026).unwrap()
    }

    #[test]
    fn a_china_day_begins_at_sixteen_hundred_utc_the_day_before_and_maps_back_to_itself() {
        let midnight = china_midnight(date(2027, 1, 1));
        assert_eq!(midnight.to_rfc3339(), "2026-12-31T16:00:00+00:00");
        assert_eq!(china_date(midnight), date(2027, 1, 1));
        assert_eq!(
            china_date(midnight - Duration::seconds(1)),
            date(2026, 12, 31)
        );
    }

    #[test]
    fn weekdays_work_and_weekends_rest_without_holidays() {
        let plain = HolidayCalendar::default();
        assert!(plain.is_working_day(date(2026, 10, 1)), "a Thursday");
        assert!(!plain.is_working_day(date(2026, 10, 3)), "a Saturday");
        assert!(!plain.is_working_day(date(2026, 10, 4)), "a Sunday");
    }

    #[test]
    fn the_national_day_week_is_off_and_the_adjusted_saturday_is_worked() {
        let calendar = china_2026();
        for day in 1..=7 {
            assert!(!calendar.is_working_day(date(2026, 10, day)), "10-{day}");
        }
        assert_eq!(calendar.holiday_name(date(2026, 10, 5)), Some("国庆节"));
        assert!(calendar.is_working_day(date(2026, 10, 8)), "Thursday after");
        assert!(
            calendar.is_working_day(date(2026, 10, 10)),
            "adjusted Saturday"
        );
        assert!(calendar.is_adjusted_working_day(date(2026, 10, 10)));
        assert!(
            calendar.is_working_day(date(2026, 9, 20)),
            "adjusted Sunday"
        );
        assert!(
            !calendar.is_working_day(date(2026, 10, 11)),
            "ordinary Sunday"
        );
    }

    #[test]
    fn the_spring_festival_has_two_adjusted_saturdays() {
        let calendar = china_2026();
        assert!(calendar.is_working_day(date(2026, 2, 14)));
        assert!(!calendar.is_working_day(date(2026, 2, 16)), "a Monday off");
        assert!(!calendar.is_working_day(date(2026, 2, 23)), "a Monday off");
        assert!(calendar.is_working_day(date(2026, 2, 28)));
    }

    #[test]
    fn working_days_count_the_first_date_and_not_the_last() {
        let calendar = china_2026();
        // Mon 2026-10-12 .. Fri 10-16: four working days before Friday.
        assert_eq!(
            calendar.working_days_between(date(2026, 10, 12), date(2026, 10, 16)),
            4
        );
        assert_eq!(
            calendar.working_days_between(date(2026, 10, 16), date(2026, 10, 16)),
            0
        );
        assert_eq!(
            calendar.working_days_between(date(2026, 10, 16), date(2026, 10, 12)),
            -4
        );
        // 9-28 (Mon) .. 10-12 (Mon): 9-28, 9-29, 9-30, 10-8, 10-9, 10-10 (adjusted Saturday).
        assert_eq!(
            calendar.working_days_between(date(2026, 9, 28), date(2026, 10, 12)),
            6
        );
    }

    #[test]
    fn fifteen_working_days_before_a_class_after_national_day_reach_back_into_september() {
        let calendar = china_2026();
        // A class starting Mon 2026-10-19. Working days before it, backwards:
        // 10-16,15,14,13,12 (5), 10-10 Sat adjusted (6), 10-9, 10-8 (8), holidays 10-1..7,
        // 9-30, 29, 28 (11), 9-25..27 中秋节, 9-24, 23, 22, 21 (15).
        assert_eq!(
            calendar.subtract_working_days(date(2026, 10, 19), 15),
            date(2026, 9, 21)
        );
        // Without the holiday calendar the same count lands three weeks later.
        assert_eq!(
            HolidayCalendar::default().subtract_working_days(date(2026, 10, 19), 15),
            date(2026, 9, 28)
        );
    }

    #[test]
    fn adding_working_days_skips_the_holiday_week() {
        let calendar = china_2026();
        // Five working days after Wed 2026-09-30: 10-8, 10-9, 10-10 (adjusted), 10-12, 10-13.
        assert_eq!(
            calendar.add_working_days(date(2026, 9, 30), 5),
            date(2026, 10, 13)
        );
        assert_eq!(
            calendar.add_working_days(date(2026, 9, 30), 0),
            date(2026, 9, 30)
        );
    }

    #[test]
    fn a_calendar_round_trips_through_json_and_keeps_its_checks() {
        let calendar = china_2026();
        let json = serde_json::to_string(&calendar).unwrap();
        let back: HolidayCalendar = serde_json::from_str(&json).unwrap();
        assert_eq!(back, calendar);
        let bad = r#"{"holidays":[{"name":"国庆节","from":"2026-10-07","to":"2026-10-01"}]}"#;
        let error = serde_json::from_str::<HolidayCalendar>(bad).unwrap_err();
        assert!(error.to_string().contains("早于开始日期"), "{error}");
    }

    #[test]
    fn overlapping_holidays_are_joined_by_name() {
        let calendar = HolidayCalendar::from_toml(
            r#"
            [[holidays]]
            name = "中秋节"
            from = "2023-09-29"
            [[holidays]]
            name = "国庆节"
            from = "2023-09-29"
            to = "2023-10-06"
            "#,
        )
        .unwrap();
        assert_eq!(
            calendar.holiday_name(date(2023, 9, 29)),
            Some("中秋节、国庆节")
        );
    }

    #[test]
    fn a_reversed_or_overlong_span_is_refused() {
        let reversed = CalendarDocument {
            holidays: vec![DateSpan {
                name: "国庆节".into(),
                from: date(2026, 10, 7),
                to: Some(date(2026, 10, 1)),
            }],
            working_days: vec![],
        };
        let error = HolidayCalendar::from_document(reversed).unwrap_err();
        assert_eq!(error.code(), "CALENDAR_REVERSED");
        assert_eq!(
            error.to_string(),
            "“国庆节”的结束日期 2026-10-01 早于开始日期 2026-10-07，请核对日期"
        );
        let long = CalendarDocument {
            holidays: vec![DateSpan {
                name: "国庆节".into(),
                from: date(2026, 10, 1),
                to: Some(date(2027, 10, 7)),
            }],
            working_days: vec![],
        };
        assert_eq!(
            HolidayCalendar::from_document(long).unwrap_err().code(),
            "CALENDAR_TOO_LONG"
        );
    }

    #[test]
    fn an_adjusted_working_day_must_be_a_weekend_and_not_a_holiday() {
        let weekday = r#"
            [[working_days]]
            name = "调休"
            from = "2026-10-08"
        "#;
        assert_eq!(
            HolidayCalendar::from_toml(weekday).unwrap_err().code(),
            "CALENDAR_WORKING_DAY_NOT_WEEKEND"
        );
        let conflict = r#"
            [[holidays]]
            name = "国庆节"
            from = "2026-10-01"
            to = "2026-10-07"
            [[working_days]]
            name = "调休"
            from = "2026-10-03"
        "#;
        let error = HolidayCalendar::from_toml(conflict).unwrap_err();
        assert_eq!(error.code(), "CALENDAR_CONFLICT");
        assert!(error.to_string().contains("2026-10-03"), "{error}");
    }

    #[test]
    fn unnamed_entries_unknown_fields_and_bad_dates_are_refused() {
        let unnamed = r#"
            [[holidays]]
            name = " "
            from = "2026-10-01"
        "#;
        assert_eq!(
            HolidayCalendar::from_toml(unnamed).unwrap_err().code(),
            "CALENDAR_UNNAMED"
        );
        let typo = r#"
            [[holiday]]
            name = "国庆节"
            from = "2026-10-01"
        "#;
        let error = HolidayCalendar::from_toml(typo).unwrap_err();
        assert_eq!(error.code(), "CALENDAR_SYNTAX");
        assert!(
            error.to_string().starts_with("节假日日历格式错误"),
            "{error}"
        );
        let bad_date = r#"
            [[holidays]]
            name = "国庆节"
            from = "2026-02-30"
        "#;
        assert_eq!(
            HolidayCalendar::from_toml(bad_date).unwrap_err().code(),
            "CALENDAR_SYNTAX"
        );
    }

    #[test]
    fn the_china_date_of_an_instant_is_eight_hours_ahead_of_utc() {
        let late_evening_utc = Utc.with_ymd_and_hms(2026, 9, 30, 16, 30, 0).unwrap();
        assert_eq!(china_date(late_evening_utc), date(2026, 10, 1));
        let morning_utc = Utc.with_ymd_and_hms(2026, 9, 30, 15, 59, 59).unwrap();
        assert_eq!(china_date(morning_utc), date(2026, 9, 30));
    }

    #[test]
    fn china_time_and_instants_convert_both_ways() {
        let instant = Utc.with_ymd_and_hms(2026, 3, 2, 17, 30, 5).unwrap();
        assert_eq!(china_timestamp(instant), "2026-03-03 01:30:05");
        assert_eq!(china_instant(china_datetime(instant)), instant);
        assert_eq!(
            china_midnight(date(2026, 10, 1)),
            Utc.with_ymd_and_hms(2026, 9, 30, 16, 0, 0).unwrap()
        );
    }

    fn any_2026_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..365).prop_map(|offset| date(2026, 1, 1) + Duration::days(offset))
    }

    proptest! {
        #[test]
        fn subtracting_n_working_days_leaves_exactly_n_between(
            day in any_2026_date(),
            n in 0u32..40,
        ) {
            let calendar = china_2026();
            let earlier = calendar.subtract_working_days(day, n);
            prop_assert_eq!(calendar.working_days_between(earlier, day), i64::from(n));
            if n > 0 {
                prop_assert!(calendar.is_working_day(earlier));
            }
        }

        #[test]
        fn adding_then_subtracting_working_days_returns_to_a_working_day(
            day in any_2026_date(),
            n in 1u32..40,
        ) {
            let calendar = china_2026();
            let later = calendar.add_working_days(day, n);
            prop_assert!(calendar.is_working_day(later));
            let next = |d: NaiveDate| d + Duration::days(1);
            prop_assert_eq!(calendar.working_days_between(next(day), next(later)), i64::from(n));
            if calendar.is_working_day(day) {
                prop_assert_eq!(calendar.subtract_working_days(later, n), day);
            }
        }

        #[test]
        fn working_days_between_is_additive(
            a in any_2026_date(),
            b in any_2026_date(),
            c in any_2026_date(),
        ) {
            let calendar = china_2026();
            prop_assert_eq!(
                calendar.working_days_between(a, b) + calendar.working_days_between(b, c),
                calendar.working_days_between(a, c)
            );
        }
    }
}
