//! The leave cap (R-REG-5): leave during off-the-job training may not exceed a fraction of the
//! class's total hours, 1/7 under the national regulations (Art. 15). Past the cap the trainee
//! is withdrawn (退学): no hours for the class and no certificate.
//!
//! Everything is counted in hundredths of a class hour. The allowance is rounded **down**: a
//! 60-hour class allows 60 × 1/7 = 8.571… → 8.57 hours, so 8.57 hours of leave pass and 8.58
//! do not. Rounding down keeps the rule "may not exceed 1/7" true of the number shown.
//!
//! The leave of a request is the class hours of the sessions it covers (a range of sessions is
//! summed with [`requested_hours`]), not the clock time between its first and last day.

use crate::class_hours::ClassHours;
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// Where a leave request stands (ADR 0007).
    pub enum LeaveState {
        Pending => ("pending", "待审批", "Pending"),
        Approved => ("approved", "已批准", "Approved"),
        Refused => ("refused", "未批准", "Refused"),
        Cancelled => ("cancelled", "已取消", "Cancelled"),
        /// 销假: back before the leave ran out; only the sessions already under way or past
        /// stay on leave.
        Returned => ("returned", "已销假", "Returned early"),
    }
}

/// The largest denominator accepted; a cap is a simple fraction written by a person.
const MAX_DENOMINATOR: u32 = 1000;

/// A leave cap: a fraction of the class's total hours, between 0 (no leave at all) and 1
/// (leave never withdraws anyone). Written as `"1/7"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LeaveCap {
    numerator: u32,
    denominator: u32,
}

/// Why a leave cap was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LeaveCapError {
    #[error("请假上限“{0}”不是有效的分数，请填写如 1/7 的分数")]
    NotAFraction(String),
    #[error("请假上限“{0}”须在 0 至 1 之间，分母为 1 至 1000 的整数")]
    OutOfRange(String),
}

impl LeaveCapError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            LeaveCapError::NotAFraction(_) => "LEAVE_CAP_NOT_A_FRACTION",
            LeaveCapError::OutOfRange(_) => "LEAVE_CAP_OUT_OF_RANGE",
        }
    }
}

/// Approving a leave would take the trainee past the cap. The caller refuses the approval unless
/// the approver records a withdrawal (退学) decision (R-REG-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize)]
#[error(
    "请假将累计 {would_be} 学时（已批准 {already} 学时，本次 {requested} 学时），超过本班总学时的 {cap} 即 {allowed} 学时；\
     超过上限须作退学处理：如确需批准，请同时作出退学决定，退学学员不计本班学时、不发结业证书"
)]
pub struct LeaveCapExceeded {
    /// The cap applied.
    pub cap: LeaveCap,
    /// The most leave the class allows, in class hours.
    pub allowed: ClassHours,
    /// Leave already approved for this trainee in this class.
    pub already: ClassHours,
    /// The leave asked for now.
    pub requested: ClassHours,
    /// `already + requested`.
    pub would_be: ClassHours,
}

/// The stable machine code of [`LeaveCapExceeded`].
pub const LEAVE_CAP_EXCEEDED: &str = "LEAVE_CAP_EXCEEDED";

impl LeaveCapExceeded {
    /// The stable machine code, [`LEAVE_CAP_EXCEEDED`].
    pub fn code(&self) -> &'static str {
        LEAVE_CAP_EXCEEDED
    }
}

impl LeaveCap {
    /// The national cap (R-REG-5).
    pub const ONE_SEVENTH: LeaveCap = LeaveCap {
        numerator: 1,
        denominator: 7,
    };

    /// A cap of `numerator / denominator`, between 0 and 1.
    pub fn new(numerator: u32, denominator: u32) -> Result<Self, LeaveCapError> {
        if denominator == 0 || denominator > MAX_DENOMINATOR || numerator > denominator {
            return Err(LeaveCapError::OutOfRange(format!(
                "{numerator}/{denominator}"
            )));
        }
        Ok(Self {
            numerator,
            denominator,
        })
    }

    /// Parses `"1/7"` (spaces and a full-width slash `／` allowed, as typed in Chinese input
    /// methods). The fraction is kept as written: `"2/14"` prints as `2/14` and allows the same
    /// hours as `1/7`.
    pub fn from_fraction(text: &str) -> Result<Self, LeaveCapError> {
        let trimmed = text.trim();
        let not_a_fraction = || LeaveCapError::NotAFraction(trimmed.to_owned());
        let (numerator, denominator) =
            trimmed.split_once(['/', '／']).ok_or_else(not_a_fraction)?;
        let number = |part: &str| {
            let part = part.trim();
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(not_a_fraction());
            }
            // All digits: a parse failure can only be a number too large for any cap.
            part.parse::<u32>()
                .map_err(|_| LeaveCapError::OutOfRange(trimmed.to_owned()))
        };
        let (numerator, denominator) = (number(numerator)?, number(denominator)?);
        Self::new(numerator, denominator).map_err(|_| LeaveCapError::OutOfRange(trimmed.to_owned()))
    }

    pub fn numerator(self) -> u32 {
        self.numerator
    }

    pub fn denominator(self) -> u32 {
        self.denominator
    }

    /// The most leave a class of `total` hours allows: `total × cap`, rounded down to the
    /// hundredth (60 hours → 8.57; a class of 0 hours allows none).
    pub fn allowance(self, total: ClassHours) -> ClassHours {
        let hundredths = u64::from(total.hundredths()) * u64::from(self.numerator)
            / u64::from(self.denominator.max(1));
        // Never more than `total`, because the cap is at most 1.
        ClassHours::from_hundredths(u32::try_from(hundredths).unwrap_or(u32::MAX))
    }

    /// The leave still available after `already` approved hours (none once at or past the cap).
    pub fn remaining(self, total: ClassHours, already: ClassHours) -> ClassHours {
        ClassHours::from_hundredths(
            self.allowance(total)
                .hundredths()
                .saturating_sub(already.hundredths()),
        )
    }

    /// Whether approving `requested` hours on top of `already` approved ones stays within the
    /// cap of a class of `total` hours. Reaching the allowance exactly is allowed ("may not
    /// exceed").
    pub fn check(
        self,
        total: ClassHours,
        already: ClassHours,
        requested: ClassHours,
    ) -> Result<(), LeaveCapExceeded> {
        let allowed = self.allowance(total);
        let would_be = already.saturating_add(requested);
        if would_be <= allowed {
            return Ok(());
        }
        Err(LeaveCapExceeded {
            cap: self,
            allowed,
            already,
            requested,
            would_be,
        })
    }
}

impl Default for LeaveCap {
    fn default() -> Self {
        Self::ONE_SEVENTH
    }
}

impl std::fmt::Display for LeaveCap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.numerator, self.denominator)
    }
}

impl std::str::FromStr for LeaveCap {
    type Err = LeaveCapError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::from_fraction(text)
    }
}

impl Serialize for LeaveCap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LeaveCap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::from_fraction(&text).map_err(serde::de::Error::custom)
    }
}

/// The leave a request over several sessions asks for: the sum of their class hours, exact in
/// hundredths.
pub fn requested_hours(sessions: impl IntoIterator<Item = ClassHours>) -> ClassHours {
    sessions.into_iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hours(text: &str) -> ClassHours {
        ClassHours::parse(text).unwrap()
    }

    #[test]
    fn a_sixty_hour_class_allows_eight_point_five_seven_hours_of_leave() {
        assert_eq!(LeaveCap::ONE_SEVENTH.allowance(hours("60")), hours("8.57"));
    }

    #[test]
    fn leave_of_exactly_the_allowance_passes_and_one_hundredth_more_fails() {
        let cap = LeaveCap::ONE_SEVENTH;
        let total = hours("60");
        cap.check(total, ClassHours::ZERO, hours("8.57")).unwrap();
        cap.check(total, hours("6"), hours("2.57")).unwrap();
        let error = cap
            .check(total, ClassHours::ZERO, hours("8.58"))
            .unwrap_err();
        assert_eq!(error.code(), "LEAVE_CAP_EXCEEDED");
        assert_eq!(error.allowed, hours("8.57"));
        assert_eq!(error.would_be, hours("8.58"));
        let error = cap.check(total, hours("6"), hours("2.58")).unwrap_err();
        assert_eq!(
            error,
            LeaveCapExceeded {
                cap,
                allowed: hours("8.57"),
                already: hours("6"),
                requested: hours("2.58"),
                would_be: hours("8.58"),
            }
        );
    }

    #[test]
    fn the_refusal_says_a_withdrawal_decision_is_needed() {
        let error = LeaveCap::ONE_SEVENTH
            .check(hours("60"), hours("6"), hours("3"))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "请假将累计 9 学时（已批准 6 学时，本次 3 学时），超过本班总学时的 1/7 即 8.57 学时；\
             超过上限须作退学处理：如确需批准，请同时作出退学决定，退学学员不计本班学时、不发结业证书"
        );
    }

    #[test]
    fn a_class_of_no_hours_allows_no_leave() {
        let cap = LeaveCap::ONE_SEVENTH;
        assert_eq!(cap.allowance(ClassHours::ZERO), ClassHours::ZERO);
        cap.check(ClassHours::ZERO, ClassHours::ZERO, ClassHours::ZERO)
            .unwrap();
        let error = cap
            .check(ClassHours::ZERO, ClassHours::ZERO, hours("0.01"))
            .unwrap_err();
        assert_eq!(error.allowed, ClassHours::ZERO);
    }

    #[test]
    fn leave_over_several_sessions_is_summed_in_hundredths() {
        // A 5-day class of 30 hours allows 4.28 hours. Two sessions of 2.75 and 1.5 fit; a third
        // of 0.25 would make 4.5 and does not.
        let total = hours("30");
        let cap = LeaveCap::ONE_SEVENTH;
        assert_eq!(cap.allowance(total), hours("4.28"));
        let two = requested_hours([hours("2.75"), hours("1.5")]);
        assert_eq!(two, hours("4.25"));
        cap.check(total, ClassHours::ZERO, two).unwrap();
        assert_eq!(cap.remaining(total, two), hours("0.03"));
        let three = requested_hours([hours("2.75"), hours("1.5"), hours("0.25")]);
        assert_eq!(
            cap.check(total, ClassHours::ZERO, three)
                .unwrap_err()
                .would_be,
            hours("4.5")
        );
        assert_eq!(requested_hours([]), ClassHours::ZERO);
    }

    #[test]
    fn nothing_remains_once_the_cap_is_reached_or_passed() {
        let cap = LeaveCap::ONE_SEVENTH;
        assert_eq!(cap.remaining(hours("60"), hours("8.57")), ClassHours::ZERO);
        assert_eq!(cap.remaining(hours("60"), hours("12")), ClassHours::ZERO);
        assert_eq!(cap.remaining(hours("60"), hours("2")), hours("6.57"));
    }

    #[test]
    fn caps_parse_from_fractions_as_written() {
        assert_eq!(
            LeaveCap::from_fraction("1/7").unwrap(),
            LeaveCap::ONE_SEVENTH
        );
        assert_eq!(
            LeaveCap::from_fraction(" 1 ／ 7 ").unwrap(),
            LeaveCap::ONE_SEVENTH
        );
        let tenth: LeaveCap = "1/10".parse().unwrap();
        assert_eq!(tenth.allowance(hours("60")), hours("6"));
        let none = LeaveCap::from_fraction("0/7").unwrap();
        assert_eq!(none.allowance(hours("60")), ClassHours::ZERO);
        let all = LeaveCap::from_fraction("1/1").unwrap();
        assert_eq!(all.allowance(hours("60")), hours("60"));
        assert_eq!(LeaveCap::from_fraction("2/14").unwrap().to_string(), "2/14");
    }

    #[test]
    fn caps_that_are_not_fractions_or_above_one_are_refused() {
        for text in [
            "",
            "1",
            "1/",
            "/7",
            "a/7",
            "1.5/7",
            "-1/7",
            "1/7/2",
            "七分之一",
        ] {
            let error = LeaveCap::from_fraction(text).unwrap_err();
            assert_eq!(error.code(), "LEAVE_CAP_NOT_A_FRACTION", "{text}");
        }
        for text in ["1/0", "8/7", "1/1001", "99999999999/7"] {
            let error = LeaveCap::from_fraction(text).unwrap_err();
            assert_eq!(error.code(), "LEAVE_CAP_OUT_OF_RANGE", "{text}");
        }
        assert_eq!(
            LeaveCap::from_fraction("8/7").unwrap_err().to_string(),
            "请假上限“8/7”须在 0 至 1 之间，分母为 1 至 1000 的整数"
        );
        assert_eq!(
            LeaveCap::from_fraction("1/").unwrap_err().to_string(),
            "请假上限“1/”不是有效的分数，请填写如 1/7 的分数"
        );
    }

    #[test]
    fn a_cap_serialises_as_its_fraction() {
        assert_eq!(
            serde_json::to_string(&LeaveCap::ONE_SEVENTH).unwrap(),
            "\"1/7\""
        );
        let read: LeaveCap = serde_json::from_str("\"1/7\"").unwrap();
        assert_eq!(read, LeaveCap::ONE_SEVENTH);
        assert!(serde_json::from_str::<LeaveCap>("\"7/1\"").is_err());
    }

    proptest! {
        #[test]
        fn the_allowance_never_exceeds_the_fraction_and_misses_it_by_less_than_a_hundredth(
            total in 0u32..=1_000_000,
            numerator in 0u32..=20,
            denominator in 1u32..=20,
        ) {
            prop_assume!(numerator <= denominator);
            let cap = LeaveCap::new(numerator, denominator).unwrap();
            let allowed = u64::from(cap.allowance(ClassHours::from_hundredths(total)).hundredths());
            let exact_times_d = u64::from(total) * u64::from(numerator);
            prop_assert!(allowed * u64::from(denominator) <= exact_times_d);
            prop_assert!((allowed + 1) * u64::from(denominator) > exact_times_d);
        }

        #[test]
        fn check_passes_exactly_up_to_the_allowance(
            total in 0u32..=100_000,
            already in 0u32..=20_000,
            requested in 0u32..=20_000,
        ) {
            let cap = LeaveCap::ONE_SEVENTH;
            let (total, already, requested) = (
                ClassHours::from_hundredths(total),
                ClassHours::from_hundredths(already),
                ClassHours::from_hundredths(requested),
            );
            let within = already + requested <= cap.allowance(total);
            prop_assert_eq!(cap.check(total, already, requested).is_ok(), within);
        }
    }
}
