//! Credits (学分) as exact hundredths: a total is always the sum of its entries, with no float
//! drift, and a deduction is a negative amount.

use crate::ClassHours;
use serde::{Deserialize, Serialize};

/// An amount of credits in hundredths; negative for deductions and reversals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Credits(i64);

/// Why a credit amount in a rule set was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("学分“{0}”不是有效的数值，请填写如 10、7.5 或 0.25 的非负数（最多两位小数）")]
pub struct CreditsError(pub String);

impl Credits {
    pub const ZERO: Credits = Credits(0);

    pub const fn from_hundredths(hundredths: i64) -> Self {
        Self(hundredths)
    }

    /// Whole credits.
    pub const fn whole(credits: i64) -> Self {
        Self(credits * 100)
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// Parses a non-negative decimal with at most two places (`10`, `7.5`, full-width digits
    /// too), the way rule sets write their values.
    pub fn parse(text: &str) -> Result<Self, CreditsError> {
        ClassHours::parse(text)
            .map(|h| Self(i64::from(h.hundredths())))
            .map_err(|_| CreditsError(text.trim().to_owned()))
    }

    /// Credits for `hours` class hours at `self` credits per hour, rounded down to the hundredth
    /// (a trainee is never credited more than the rule gives).
    pub fn per_hour(self, hours: ClassHours) -> Credits {
        Credits(self.0 * i64::from(hours.hundredths()) / 100)
    }

    /// `self × numerator / denominator`, rounded towards zero: co-author shares and the like.
    pub fn share(self, numerator: u32, denominator: u32) -> Credits {
        Credits(self.0 * i64::from(numerator) / i64::from(denominator.max(1)))
    }

    pub fn times(self, count: i64) -> Credits {
        Credits(self.0.saturating_mul(count))
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::Add for Credits {
    type Output = Credits;
    fn add(self, other: Credits) -> Credits {
        Credits(self.0.saturating_add(other.0))
    }
}

impl std::ops::Neg for Credits {
    type Output = Credits;
    fn neg(self) -> Credits {
        Credits(-self.0)
    }
}

impl std::iter::Sum for Credits {
    fn sum<I: Iterator<Item = Credits>>(iter: I) -> Self {
        iter.fold(Credits::ZERO, |a, b| a + b)
    }
}

impl std::fmt::Display for Credits {
    /// `10`, `-2`, `7.5`, `0.25`: no trailing zeros.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, fraction) = (abs / 100, abs % 100);
        match fraction {
            0 => write!(f, "{sign}{whole}"),
            f10 if f10 % 10 == 0 => write!(f, "{sign}{whole}.{}", f10 / 10),
            _ => write!(f, "{sign}{whole}.{fraction:02}"),
        }
    }
}

impl Serialize for Credits {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Credits {
    /// Rule sets write values as `10` or `"7.5"`; negative values are refused.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let hours = ClassHours::deserialize(d).map_err(|e| {
            serde::de::Error::custom(format!("学分须为非负数，最多两位小数（{e}）"))
        })?;
        Ok(Credits(i64::from(hours.hundredths())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_without_trailing_zeros_and_with_a_sign() {
        let shown: Vec<String> = [1000, 750, 25, -200, -5, 0]
            .into_iter()
            .map(|h| Credits::from_hundredths(h).to_string())
            .collect();
        assert_eq!(shown, ["10", "7.5", "0.25", "-2", "-0.05", "0"]);
    }

    #[test]
    fn parses_rule_values_and_refuses_negative_or_too_precise_ones() {
        assert_eq!(Credits::parse("7.5"), Ok(Credits::from_hundredths(750)));
        assert_eq!(Credits::parse("２０"), Ok(Credits::whole(20)));
        assert!(Credits::parse("-1").is_err());
        assert!(Credits::parse("0.125").is_err());
    }

    #[test]
    fn a_share_rounds_towards_zero() {
        assert_eq!(Credits::whole(5).share(1, 2), Credits::from_hundredths(250));
        assert_eq!(
            Credits::from_hundredths(5).share(1, 2),
            Credits::from_hundredths(2)
        );
        assert_eq!(
            Credits::whole(1).per_hour(ClassHours::from_hundredths(275)),
            Credits::from_hundredths(275)
        );
    }
}
