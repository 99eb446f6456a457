//! The dates a class runs (R-CLS-1): a first and a last day, both China dates, inclusive.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A class's first and last day; the last is never before the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawDates")]
pub struct ClassDates {
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

#[derive(Deserialize)]
struct RawDates {
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

/// Why a pair of class dates was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("培训结束日期 {ends_on} 早于开始日期 {starts_on}，请核对培训时间")]
pub struct ClassDatesError {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl ClassDatesError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        "CLASS_DATES_REVERSED"
    }
}

impl TryFrom<RawDates> for ClassDates {
    type Error = ClassDatesError;
    fn try_from(raw: RawDates) -> Result<Self, Self::Error> {
        Self::new(raw.starts_on, raw.ends_on)
    }
}

impl ClassDates {
    pub fn new(starts_on: NaiveDate, ends_on: NaiveDate) -> Result<Self, ClassDatesError> {
        if ends_on < starts_on {
            return Err(ClassDatesError { starts_on, ends_on });
        }
        Ok(Self { starts_on, ends_on })
    }

    pub fn starts_on(&self) -> NaiveDate {
        self.starts_on
    }

    pub fn ends_on(&self) -> NaiveDate {
        self.ends_on
    }

    /// Calendar days the class spans, both ends included (a one-day class has 1). Weekends
    /// count: classes do run on them.
    pub fn days(&self) -> u32 {
        let days = (self.ends_on - self.starts_on).num_days() + 1;
        u32::try_from(days).unwrap_or(u32::MAX)
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.starts_on..=self.ends_on).contains(&date)
    }
}

impl std::fmt::Display for ClassDates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} 至 {}", self.starts_on, self.ends_on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::tests::date;

    #[test]
    fn a_class_spans_its_first_and_last_day_inclusive() {
        let dates = ClassDates::new(date(2026, 10, 12), date(2026, 10, 16)).unwrap();
        assert_eq!(dates.days(), 5);
        assert!(dates.contains(date(2026, 10, 12)));
        assert!(dates.contains(date(2026, 10, 16)));
        assert!(!dates.contains(date(2026, 10, 17)));
        assert_eq!(dates.to_string(), "2026-10-12 至 2026-10-16");
        let one_day = ClassDates::new(date(2026, 10, 12), date(2026, 10, 12)).unwrap();
        assert_eq!(one_day.days(), 1);
    }

    #[test]
    fn an_end_before_the_start_is_refused_also_when_deserialised() {
        let error = ClassDates::new(date(2026, 10, 16), date(2026, 10, 12)).unwrap_err();
        assert_eq!(error.code(), "CLASS_DATES_REVERSED");
        assert_eq!(
            error.to_string(),
            "培训结束日期 2026-10-12 早于开始日期 2026-10-16，请核对培训时间"
        );
        let json = r#"{"starts_on":"2026-10-16","ends_on":"2026-10-12"}"#;
        assert!(serde_json::from_str::<ClassDates>(json).is_err());
        let json = r#"{"starts_on":"2026-10-12","ends_on":"2026-10-16"}"#;
        assert_eq!(serde_json::from_str::<ClassDates>(json).unwrap().days(), 5);
    }
}
