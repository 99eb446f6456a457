//! Training days (培训天数) as exact hundredths, beside [`ClassHours`]: the national rules count
//! "3 months **or** 550 hours" and "12 days **or** 90 hours" (R-REG-1, R-REG-3), so every record
//! keeps both figures and each is summed on its own, with no float drift.

use crate::ClassHours;
use serde::{Deserialize, Serialize};

/// A number of training days, non-negative, with two decimals (a half-day is `0.5`).
///
/// Written like class hours: `15`, `"0.5"`. Storage keeps [`Days::hundredths`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Days(u32);

impl Days {
    pub const ZERO: Days = Days(0);

    pub const fn from_hundredths(hundredths: u32) -> Self {
        Self(hundredths)
    }

    /// Whole days, saturating.
    pub const fn whole(days: u32) -> Self {
        Self(days.saturating_mul(100))
    }

    pub const fn hundredths(self) -> u32 {
        self.0
    }

    /// `self − other`, or zero when `other` is larger: what is still missing.
    pub fn shortfall(self, done: Days) -> Days {
        Days(self.0.saturating_sub(done.0))
    }

    /// Days worth `hours` at `hours_per_day`, rounded down to the hundredth (a record is never
    /// credited more days than its hours give).
    pub fn from_hours(hours: ClassHours, hours_per_day: ClassHours) -> Days {
        let per_day = u64::from(hours_per_day.hundredths().max(1));
        let days = u64::from(hours.hundredths()) * 100 / per_day;
        Days(u32::try_from(days).unwrap_or(u32::MAX))
    }

    /// Class hours worth these days at `hours_per_day`, rounded down to the hundredth.
    pub fn to_hours(self, hours_per_day: ClassHours) -> ClassHours {
        let hours = u64::from(self.0) * u64::from(hours_per_day.hundredths()) / 100;
        ClassHours::from_hundredths(u32::try_from(hours).unwrap_or(u32::MAX))
    }
}

impl std::ops::Add for Days {
    type Output = Days;
    fn add(self, other: Days) -> Days {
        Days(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Days {
    fn sum<I: Iterator<Item = Days>>(iter: I) -> Self {
        iter.fold(Days::ZERO, |a, b| a + b)
    }
}

impl std::fmt::Display for Days {
    /// `15`, `0.5`, `2.33`: no trailing zeros, as class hours print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, fraction) = (self.0 / 100, self.0 % 100);
        match fraction {
            0 => write!(f, "{whole}"),
            f10 if f10 % 10 == 0 => write!(f, "{whole}.{}", f10 / 10),
            _ => write!(f, "{whole}.{fraction:02}"),
        }
    }
}

impl Serialize for Days {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Days {
    /// Read exactly like class hours (`15`, `"0.5"`, full-width digits too); negative values and
    /// more than two decimals are refused.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let hours = ClassHours::deserialize(d).map_err(|e| {
            serde::de::Error::custom(format!("天数须为非负数，最多两位小数（{e}）"))
        })?;
        Ok(Days(hours.hundredths()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_class_hours() {
        let shown: Vec<String> = [1500, 50, 233, 0]
            .into_iter()
            .map(|h| Days::from_hundredths(h).to_string())
            .collect();
        assert_eq!(shown, ["15", "0.5", "2.33", "0"]);
    }

    #[test]
    fn converts_both_ways_rounding_down() {
        let six = ClassHours::whole(6);
        assert_eq!(
            Days::from_hours(ClassHours::whole(90), six),
            Days::whole(15)
        );
        assert_eq!(
            Days::from_hours(ClassHours::whole(20), six),
            Days::from_hundredths(333)
        );
        assert_eq!(
            Days::from_hundredths(50).to_hours(six),
            ClassHours::whole(3)
        );
        assert_eq!(Days::whole(2).shortfall(Days::whole(5)), Days::ZERO);
    }
}
