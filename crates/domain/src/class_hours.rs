//! Class hours (学时) and how a deployment converts clock time into them (R-REG-8).
//!
//! Class hours are counted in hundredths, as integers: sums of 0.25 and 0.5 never drift the way
//! floats do, and a total printed on a certificate equals the sum of its parts.
//!
//! The conversion differs by place (R-REG-8: 6 or 8 hours a day, 3 or 4 a half-day), so it is a
//! setting per deployment and year. A session counts by its clock length: one class hour per
//! `minutes_per_class_hour` (60 by default, 45 where a class hour is a school period), rounded
//! down to a quarter hour, and never more than a day's hours. Under the defaults a morning of
//! 8:30–11:30 counts 3 and a day of two such sessions counts 6; with 45-minute class hours the
//! same morning counts 4, the "8 a day, 4 a half-day" places.

use serde::{Deserialize, Serialize};

/// The granularity sessions are rounded to: a quarter of a class hour (R-REG-8 counts online
/// courses in quarters, so quarters are the finest unit any rule needs).
const QUARTER: u32 = 25;

/// The most class hours one value may hold (a year of full days is far below it).
const MAX_HUNDREDTHS: u32 = 100_000 * 100;

/// An amount of class hours, non-negative, with two decimals.
///
/// In JSON and TOML it is written as a decimal string (`"2.5"`); whole hours may also be given as
/// an integer (`3`). Storage keeps [`ClassHours::hundredths`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassHours(u32);

/// Why a class-hour amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClassHoursError {
    #[error("学时“{0}”不是有效的数字，请填写如 3、2.5 或 0.25 的学时数")]
    NotANumber(String),
    #[error("学时“{0}”最多保留两位小数")]
    TooPrecise(String),
    #[error("学时“{0}”过大，单项学时不能超过 100000")]
    TooLarge(String),
}

impl ClassHoursError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ClassHoursError::NotANumber(_) => "CLASS_HOURS_NOT_A_NUMBER",
            ClassHoursError::TooPrecise(_) => "CLASS_HOURS_TOO_PRECISE",
            ClassHoursError::TooLarge(_) => "CLASS_HOURS_TOO_LARGE",
        }
    }
}

impl ClassHours {
    pub const ZERO: ClassHours = ClassHours(0);

    /// From hundredths of a class hour (`250` is 2.5), saturating at the maximum.
    pub const fn from_hundredths(hundredths: u32) -> Self {
        if hundredths > MAX_HUNDREDTHS {
            Self(MAX_HUNDREDTHS)
        } else {
            Self(hundredths)
        }
    }

    /// Whole class hours, saturating at the maximum.
    pub const fn whole(hours: u32) -> Self {
        Self::from_hundredths(hours.saturating_mul(100))
    }

    pub const fn hundredths(self) -> u32 {
        self.0
    }

    /// Parses `3`, `2.5`, `0.25` (also with full-width digits and point, as typed in Chinese
    /// input methods). Negative numbers, more than two decimals and exponents are refused.
    pub fn parse(text: &str) -> Result<Self, ClassHoursError> {
        let trimmed = text.trim();
        let normalised: String = trimmed
            .chars()
            .map(|c| match c {
                '０'..='９' => {
                    char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
                }
                '．' => '.',
                other => other,
            })
            .collect();
        let not_a_number = || ClassHoursError::NotANumber(trimmed.to_owned());
        let (whole, fraction) = normalised
            .split_once('.')
            .unwrap_or((normalised.as_str(), ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) {
            return Err(not_a_number());
        }
        if normalised.ends_with('.') {
            return Err(not_a_number());
        }
        if fraction.len() > 2 {
            return Err(ClassHoursError::TooPrecise(trimmed.to_owned()));
        }
        let too_large = || ClassHoursError::TooLarge(trimmed.to_owned());
        let whole: u32 = whole.parse().map_err(|_| too_large())?;
        let fraction: u32 = format!("{fraction:0<2}")
            .parse()
            .map_err(|_| not_a_number())?;
        let hundredths = whole
            .checked_mul(100)
            .and_then(|h| h.checked_add(fraction))
            .filter(|h| *h <= MAX_HUNDREDTHS)
            .ok_or_else(too_large)?;
        Ok(Self(hundredths))
    }

    /// Adds, saturating at the maximum.
    pub fn saturating_add(self, other: ClassHours) -> Self {
        Self::from_hundredths(self.0.saturating_add(other.0))
    }

    /// Multiplies by a count (days, sessions), saturating at the maximum.
    pub fn times(self, count: u32) -> Self {
        Self::from_hundredths(self.0.saturating_mul(count))
    }

    /// Rounds down to a multiple of `step` hundredths.
    fn floor_to(self, step: u32) -> Self {
        Self(self.0 - self.0 % step.max(1))
    }
}

impl std::ops::Add for ClassHours {
    type Output = ClassHours;
    /// Saturating: no sum of class hours the system meets comes near the maximum.
    fn add(self, other: ClassHours) -> ClassHours {
        self.saturating_add(other)
    }
}

impl std::iter::Sum for ClassHours {
    fn sum<I: Iterator<Item = ClassHours>>(iter: I) -> Self {
        iter.fold(ClassHours::ZERO, ClassHours::saturating_add)
    }
}

impl std::fmt::Display for ClassHours {
    /// `3`, `2.5`, `0.25`: no trailing zeros.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, fraction) = (self.0 / 100, self.0 % 100);
        match fraction {
            0 => write!(f, "{whole}"),
            f10 if f10 % 10 == 0 => write!(f, "{whole}.{}", f10 / 10),
            _ => write!(f, "{whole}.{fraction:02}"),
        }
    }
}

impl Serialize for ClassHours {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClassHours {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ClassHours;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("class hours as a decimal string such as \"2.5\" or a whole number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ClassHours, E> {
                ClassHours::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ClassHours, E> {
                u32::try_from(v)
                    .ok()
                    .and_then(|h| h.checked_mul(100))
                    .filter(|h| *h <= MAX_HUNDREDTHS)
                    .map(ClassHours)
                    .ok_or_else(|| E::custom(ClassHoursError::TooLarge(v.to_string())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ClassHours, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom(ClassHoursError::NotANumber(v.to_string())))
                    .and_then(|v| self.visit_u64(v))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// How clock time converts into class hours in a deployment (R-REG-8). A setting per deployment
/// and year; the defaults are the common "6 a day, 3 a half-day, 60 minutes a class hour".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HourConversion {
    /// Class hours for a full day of training (6 or 8).
    pub hours_per_day: ClassHours,
    /// Class hours for a half-day (3 or 4); used for activities counted in days, such as study
    /// tours (外出考察) and postings (挂职锻炼).
    pub hours_per_half_day: ClassHours,
    /// Clock minutes in one class hour (60; 45 or 40 where a class hour is a school period).
    pub minutes_per_class_hour: u32,
    /// How an online course's length converts into class hours.
    pub online: OnlineCourseHours,
}

impl Default for HourConversion {
    fn default() -> Self {
        Self {
            hours_per_day: ClassHours::whole(6),
            hours_per_half_day: ClassHours::whole(3),
            minutes_per_class_hour: 60,
            online: OnlineCourseHours::default(),
        }
    }
}

/// Online courses count by their length in three tiers, plus a bonus for passing the course's
/// quiz (R-REG-8: "≥ 30 min = 1, 15–30 min = 0.5, < 15 min = 0.25, passing the quiz + 0.5").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OnlineCourseHours {
    /// A course at least this long counts `long`.
    pub long_from_minutes: u32,
    pub long: ClassHours,
    /// A course at least this long (and shorter than `long_from_minutes`) counts `medium`.
    pub medium_from_minutes: u32,
    pub medium: ClassHours,
    /// Any shorter course counts `short`.
    pub short: ClassHours,
    /// Added when the learner passed the course's quiz.
    pub quiz_bonus: ClassHours,
}

impl Default for OnlineCourseHours {
    fn default() -> Self {
        Self {
            long_from_minutes: 30,
            long: ClassHours::whole(1),
            medium_from_minutes: 15,
            medium: ClassHours::from_hundredths(50),
            short: ClassHours::from_hundredths(25),
            quiz_bonus: ClassHours::from_hundredths(50),
        }
    }
}

impl OnlineCourseHours {
    /// The class hours of a course `minutes` long; a course of no length counts nothing.
    pub fn hours(&self, minutes: u32, passed_quiz: bool) -> ClassHours {
        if minutes == 0 {
            return ClassHours::ZERO;
        }
        let tier = if minutes >= self.long_from_minutes {
            self.long
        } else if minutes >= self.medium_from_minutes {
            self.medium
        } else {
            self.short
        };
        if passed_quiz {
            tier + self.quiz_bonus
        } else {
            tier
        }
    }

    fn validate(&self) -> Result<(), HourConversionError> {
        let ordered_lengths = 0 < self.medium_from_minutes
            && self.medium_from_minutes < self.long_from_minutes
            && self.long_from_minutes <= 600;
        let ordered_hours = self.short <= self.medium
            && self.medium <= self.long
            && self.long <= ClassHours::whole(12)
            && self.quiz_bonus <= ClassHours::whole(12);
        if ordered_lengths && ordered_hours {
            Ok(())
        } else {
            Err(HourConversionError::OnlineTiers)
        }
    }
}

/// Why a conversion setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HourConversionError {
    #[error("每天学时须在 1 至 12 之间，实为 {0}")]
    HoursPerDay(ClassHours),
    #[error("每半天学时须大于 0 且不超过每天学时 {per_day}，实为 {per_half_day}")]
    HoursPerHalfDay {
        per_half_day: ClassHours,
        per_day: ClassHours,
    },
    #[error("每学时分钟数须在 20 至 120 之间，实为 {0}")]
    MinutesPerClassHour(u32),
    #[error(
        "网络课程分档须满足：0 < 中档起点 < 长档起点 ≤ 600 分钟，短档 ≤ 中档 ≤ 长档学时，各档与测验加分不超过 12 学时"
    )]
    OnlineTiers,
    #[error("学时折算设置格式错误：{0}")]
    Syntax(String),
}

impl HourConversionError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            HourConversionError::HoursPerDay(_) => "HOUR_CONVERSION_PER_DAY",
            HourConversionError::HoursPerHalfDay { .. } => "HOUR_CONVERSION_PER_HALF_DAY",
            HourConversionError::MinutesPerClassHour(_) => "HOUR_CONVERSION_MINUTES",
            HourConversionError::OnlineTiers => "HOUR_CONVERSION_ONLINE",
            HourConversionError::Syntax(_) => "HOUR_CONVERSION_SYNTAX",
        }
    }
}

impl HourConversion {
    /// Parses and checks a TOML setting (`hours_per_day = 6` …); absent keys keep defaults.
    pub fn from_toml(text: &str) -> Result<Self, HourConversionError> {
        let conversion: HourConversion =
            crate::document::from_toml(text).map_err(HourConversionError::Syntax)?;
        conversion.validate()?;
        Ok(conversion)
    }

    /// Checks a setting before it is saved.
    pub fn validate(&self) -> Result<(), HourConversionError> {
        if self.hours_per_day == ClassHours::ZERO || self.hours_per_day > ClassHours::whole(12) {
            return Err(HourConversionError::HoursPerDay(self.hours_per_day));
        }
        if self.hours_per_half_day == ClassHours::ZERO
            || self.hours_per_half_day > self.hours_per_day
        {
            return Err(HourConversionError::HoursPerHalfDay {
                per_half_day: self.hours_per_half_day,
                per_day: self.hours_per_day,
            });
        }
        if !(20..=120).contains(&self.minutes_per_class_hour) {
            return Err(HourConversionError::MinutesPerClassHour(
                self.minutes_per_class_hour,
            ));
        }
        self.online.validate()
    }

    /// The class hours of a session lasting `minutes` of clock time: one class hour per
    /// `minutes_per_class_hour`, rounded down to a quarter hour, at most a day's hours (a
    /// session running through lunch counts no more than the day). No time, no hours.
    pub fn session_hours(&self, minutes: i64) -> ClassHours {
        let Ok(minutes) = u32::try_from(minutes) else {
            return ClassHours::ZERO;
        };
        let per_hour = self.minutes_per_class_hour.max(1);
        let hundredths = u64::from(minutes) * 100 / u64::from(per_hour);
        let hours = ClassHours::from_hundredths(u32::try_from(hundredths).unwrap_or(u32::MAX));
        hours.floor_to(QUARTER).min(self.hours_per_day)
    }

    /// The class hours of an activity counted in days and half-days.
    pub fn for_days(&self, days: u32, half_days: u32) -> ClassHours {
        self.hours_per_day.times(days) + self.hours_per_half_day.times(half_days)
    }
}

/// The kind name of the hour conversion document.
pub const HOUR_CONVERSION: &str = "hour_conversion";

/// The built-in hour conversion (R-REG-8 defaults).
pub const DEFAULT_CONVERSION_TOML: &str = "\
# 学时折算：每天学时、每半天学时、每学时分钟数
hours_per_day = 6
hours_per_half_day = 3
minutes_per_class_hour = 60

# 网络课程按时长分档：30 分钟及以上 1 学时，15 至 30 分钟 0.5 学时，15 分钟以下 0.25 学时；
# 通过课程测验另加 0.5 学时。
[online]
long_from_minutes = 30
long = 1
medium_from_minutes = 15
medium = \"0.5\"
short = \"0.25\"
quiz_bonus = \"0.5\"
";

/// The hour conversion's rule document.
pub const RULE_KINDS: &[crate::rules::RuleKind] = &[crate::rules::RuleKind {
    kind: HOUR_CONVERSION,
    title: "学时折算",
    built_in: DEFAULT_CONVERSION_TOML,
    check: |text| crate::rules::checked(HourConversion::from_toml(text), HourConversionError::code),
    fields: &[
        crate::rules::FieldHint::plain("hours_per_day", "每天学时", "Class hours per day"),
        crate::rules::FieldHint::plain(
            "hours_per_half_day",
            "每半天学时",
            "Class hours per half day",
        ),
        crate::rules::FieldHint::plain(
            "minutes_per_class_hour",
            "每学时分钟数",
            "Minutes per class hour",
        ),
        crate::rules::FieldHint::plain("online", "网络课程按时长分档", "Online lessons by length"),
        crate::rules::FieldHint::plain(
            "long_from_minutes",
            "长课起点（分钟）",
            "Long from (minutes)",
        ),
        crate::rules::FieldHint::plain("long", "长课学时", "Hours for a long lesson"),
        crate::rules::FieldHint::plain(
            "medium_from_minutes",
            "中课起点（分钟）",
            "Medium from (minutes)",
        ),
        crate::rules::FieldHint::plain("medium", "中课学时", "Hours for a medium lesson"),
        crate::rules::FieldHint::plain("short", "短课学时", "Hours for a short lesson"),
        crate::rules::FieldHint::plain(
            "quiz_bonus",
            "通过测验另加学时",
            "Hours added for a passed quiz",
        ),
    ],
}];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hours(text: &str) -> ClassHours {
        ClassHours::parse(text).unwrap()
    }

    #[test]
    fn online_courses_count_by_length_tier_with_a_quiz_bonus() {
        let online = HourConversion::default().online;
        let cases = [
            (0, false, "0"),
            (1, false, "0.25"),
            (14, false, "0.25"),
            (15, false, "0.5"),
            (29, false, "0.5"),
            (30, false, "1"),
            (90, false, "1"),
            (14, true, "0.75"),
            (30, true, "1.5"),
        ];
        for (minutes, passed, expected) in cases {
            assert_eq!(
                online.hours(minutes, passed),
                hours(expected),
                "{minutes} min"
            );
        }
    }

    #[test]
    fn online_tiers_are_set_in_the_document_and_checked() {
        let text = "[online]\nlong_from_minutes = 45\nlong = 2\nmedium_from_minutes = 20\n";
        let conversion = HourConversion::from_toml(text).unwrap();
        assert_eq!(conversion.online.hours(44, false), hours("0.5"));
        assert_eq!(conversion.online.hours(45, false), hours("2"));
        assert_eq!(
            conversion.hours_per_day,
            hours("6"),
            "the rest keeps its defaults"
        );
        let crossed = "[online]\nlong_from_minutes = 10\nmedium_from_minutes = 20\n";
        let err = HourConversion::from_toml(crossed).unwrap_err();
        assert_eq!(err.code(), "HOUR_CONVERSION_ONLINE");
        let inverted = "[online]\nshort = 1\nmedium = \"0.5\"\n";
        assert_eq!(
            HourConversion::from_toml(inverted).unwrap_err().code(),
            "HOUR_CONVERSION_ONLINE"
        );
    }

    #[test]
    fn class_hours_parse_whole_and_decimal_amounts() {
        assert_eq!(hours("3").hundredths(), 300);
        assert_eq!(hours("2.5").hundredths(), 250);
        assert_eq!(hours("0.25").hundredths(), 25);
        assert_eq!(hours(" 1.05 ").hundredths(), 105);
        assert_eq!(hours("２．５").hundredths(), 250, "full-width input");
    }

    #[test]
    fn class_hours_print_without_trailing_zeros() {
        assert_eq!(ClassHours::from_hundredths(300).to_string(), "3");
        assert_eq!(ClassHours::from_hundredths(250).to_string(), "2.5");
        assert_eq!(ClassHours::from_hundredths(25).to_string(), "0.25");
        assert_eq!(ClassHours::from_hundredths(105).to_string(), "1.05");
        assert_eq!(ClassHours::ZERO.to_string(), "0");
    }

    #[test]
    fn negative_fractional_beyond_two_decimals_and_garbage_are_refused() {
        for text in ["-1", "", ".5", "3.", "1e2", "三", "1.2.3", "+2"] {
            assert!(
                matches!(ClassHours::parse(text), Err(ClassHoursError::NotANumber(_))),
                "{text}"
            );
        }
        let error = ClassHours::parse("0.125").unwrap_err();
        assert_eq!(error.code(), "CLASS_HOURS_TOO_PRECISE");
        assert_eq!(error.to_string(), "学时“0.125”最多保留两位小数");
        assert_eq!(
            ClassHours::parse("100001").unwrap_err().code(),
            "CLASS_HOURS_TOO_LARGE"
        );
        assert_eq!(
            ClassHours::parse("99999999999999").unwrap_err().code(),
            "CLASS_HOURS_TOO_LARGE"
        );
    }

    #[test]
    fn sums_of_quarters_are_exact() {
        let total: ClassHours = std::iter::repeat_n(hours("0.25"), 10).sum();
        assert_eq!(total, hours("2.5"));
        assert_eq!(hours("0.5") + hours("0.25"), hours("0.75"));
    }

    #[test]
    fn class_hours_serialise_as_decimal_strings_and_read_whole_integers() {
        assert_eq!(serde_json::to_string(&hours("2.5")).unwrap(), "\"2.5\"");
        let read: ClassHours = serde_json::from_str("\"0.25\"").unwrap();
        assert_eq!(read, hours("0.25"));
        let whole: ClassHours = serde_json::from_str("3").unwrap();
        assert_eq!(whole, hours("3"));
        assert!(serde_json::from_str::<ClassHours>("-3").is_err());
        assert!(
            serde_json::from_str::<ClassHours>("2.5").is_err(),
            "floats are refused"
        );
    }

    #[test]
    fn under_the_default_conversion_a_three_hour_morning_counts_three() {
        let conversion = HourConversion::default();
        assert_eq!(conversion.session_hours(180), hours("3"));
        assert_eq!(conversion.session_hours(90), hours("1.5"));
        // 2 h 50 min is 2.83 class hours, rounded down to the quarter.
        assert_eq!(conversion.session_hours(170), hours("2.75"));
        assert_eq!(conversion.session_hours(0), ClassHours::ZERO);
        assert_eq!(conversion.session_hours(-30), ClassHours::ZERO);
    }

    #[test]
    fn with_forty_five_minute_class_hours_the_same_morning_counts_four() {
        let conversion = HourConversion {
            hours_per_day: hours("8"),
            hours_per_half_day: hours("4"),
            minutes_per_class_hour: 45,
            ..HourConversion::default()
        };
        conversion.validate().unwrap();
        assert_eq!(conversion.session_hours(180), hours("4"));
        assert_eq!(conversion.session_hours(45), hours("1"));
        assert_eq!(conversion.session_hours(50), hours("1"));
    }

    #[test]
    fn a_session_never_counts_more_than_a_day() {
        let conversion = HourConversion::default();
        // 8:30–17:30 through lunch.
        assert_eq!(conversion.session_hours(9 * 60), hours("6"));
    }

    #[test]
    fn activities_counted_in_days_use_the_day_and_half_day_hours() {
        let conversion = HourConversion::default();
        assert_eq!(conversion.for_days(2, 1), hours("15"));
        assert_eq!(conversion.for_days(0, 0), ClassHours::ZERO);
    }

    #[test]
    fn a_conversion_setting_is_checked_before_it_is_saved() {
        let zero_day = HourConversion {
            hours_per_day: ClassHours::ZERO,
            ..HourConversion::default()
        };
        assert_eq!(
            zero_day.validate().unwrap_err().code(),
            "HOUR_CONVERSION_PER_DAY"
        );
        let big_half = HourConversion {
            hours_per_half_day: hours("7"),
            ..HourConversion::default()
        };
        assert_eq!(
            big_half.validate().unwrap_err().to_string(),
            "每半天学时须大于 0 且不超过每天学时 6，实为 7"
        );
        let odd_minutes = HourConversion {
            minutes_per_class_hour: 5,
            ..HourConversion::default()
        };
        assert_eq!(
            odd_minutes.validate().unwrap_err().code(),
            "HOUR_CONVERSION_MINUTES"
        );
        HourConversion::default().validate().unwrap();
    }

    #[test]
    fn a_conversion_reads_from_toml_with_defaults_for_missing_fields() {
        let conversion: HourConversion = toml::from_str("hours_per_day = 8").unwrap();
        assert_eq!(conversion.hours_per_day, hours("8"));
        assert_eq!(conversion.hours_per_half_day, hours("3"));
        assert_eq!(conversion.minutes_per_class_hour, 60);
        assert!(toml::from_str::<HourConversion>("hours_per_week = 8").is_err());
    }

    proptest! {
        #[test]
        fn printing_then_parsing_gives_back_the_same_hours(h in 0u32..=MAX_HUNDREDTHS) {
            let value = ClassHours::from_hundredths(h);
            prop_assert_eq!(ClassHours::parse(&value.to_string()), Ok(value));
        }

        #[test]
        fn session_hours_are_quarters_and_grow_with_the_session(
            a in 0i64..1000,
            b in 0i64..1000,
            per_hour in 20u32..=120,
        ) {
            let conversion = HourConversion { minutes_per_class_hour: per_hour, ..HourConversion::default() };
            let (short, long) = (a.min(b), a.max(b));
            prop_assert!(conversion.session_hours(short) <= conversion.session_hours(long));
            prop_assert_eq!(conversion.session_hours(long).hundredths() % QUARTER, 0);
        }
    }
}
