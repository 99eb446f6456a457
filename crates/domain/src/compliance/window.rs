//! Windows: the stretch of days whose training a requirement sums (ADR 0009).
//!
//! - `plan_period`: fixed periods of `years` calendar years counted from `first_year` (the
//!   national plan periods 2023–2027, 2028–2032, and back to 2018–2022). The default of R-REG-1.
//! - `rolling`: the `years` years ending on the evaluation date, that day included
//!   (2025-06-30 → 2020-07-01 … 2025-06-30).
//! - `calendar_year`: 1 January to 31 December of the evaluation date's year.
//! - `ever`: everything up to the date, with no lower bound (promotion prerequisites only).

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How a rule's window is chosen, as the document writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum WindowSpec {
    PlanPeriod { first_year: i32, years: u32 },
    Rolling { years: u32 },
    CalendarYear,
    Ever,
}

/// The days a result was computed over, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Window {
    /// `None` for `ever`: no lower bound.
    pub starts_on: Option<NaiveDate>,
    pub ends_on: NaiveDate,
}

impl Window {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.starts_on.is_none_or(|s| s <= date) && date <= self.ends_on
    }
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.starts_on {
            Some(start) => write!(f, "{start} 至 {}", self.ends_on),
            None => write!(f, "{} 以前", self.ends_on),
        }
    }
}

fn first_of_year(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

fn last_of_year(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// `years` years back from `date`, plus one day: the first day of a rolling window ending on
/// `date`. 29 February steps back to 28 February when the target year has none, so the window
/// starts on 1 March.
pub(crate) fn rolling_start(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(years.saturating_mul(12)))
        .and_then(|d| d.succ_opt())
        .unwrap_or(NaiveDate::MIN)
}

/// `years` years after `date` (the make-up deadline of R-REG-2): 2024-03-01 + 1 → 2025-03-01;
/// 29 February → 28 February.
pub(crate) fn years_after(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

impl WindowSpec {
    /// The window that holds `date`: the plan period or calendar year containing it, or the
    /// look-back ending on it.
    pub fn containing(self, date: NaiveDate) -> Window {
        match self {
            WindowSpec::PlanPeriod { first_year, years } => {
                let length = i32::try_from(years.max(1)).unwrap_or(1);
                let index = (date.year() - first_year).div_euclid(length);
                let start = first_year + index * length;
                Window {
                    starts_on: Some(first_of_year(start)),
                    ends_on: last_of_year(start + length - 1),
                }
            }
            WindowSpec::Rolling { years } => Window {
                starts_on: Some(rolling_start(date, years)),
                ends_on: date,
            },
            WindowSpec::CalendarYear => Window {
                starts_on: Some(first_of_year(date.year())),
                ends_on: last_of_year(date.year()),
            },
            WindowSpec::Ever => Window {
                starts_on: None,
                ends_on: date,
            },
        }
    }

    /// Fixed windows close on their last day; look-backs (`rolling`, `ever`) end on the date
    /// itself and are judged every day.
    pub fn is_fixed(self) -> bool {
        matches!(
            self,
            WindowSpec::PlanPeriod { .. } | WindowSpec::CalendarYear
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn plan_periods_step_forward_and_back_from_the_first_year() {
        let plan = WindowSpec::PlanPeriod {
            first_year: 2023,
            years: 5,
        };
        let w = plan.containing(d(2025, 6, 30));
        assert_eq!(
            (w.starts_on, w.ends_on),
            (Some(d(2023, 1, 1)), d(2027, 12, 31))
        );
        let w = plan.containing(d(2028, 1, 1));
        assert_eq!(
            (w.starts_on, w.ends_on),
            (Some(d(2028, 1, 1)), d(2032, 12, 31))
        );
        let w = plan.containing(d(2022, 12, 31));
        assert_eq!(
            (w.starts_on, w.ends_on),
            (Some(d(2018, 1, 1)), d(2022, 12, 31))
        );
    }

    #[test]
    fn a_rolling_window_ends_on_the_date_and_holds_exactly_n_years() {
        let w = WindowSpec::Rolling { years: 5 }.containing(d(2025, 6, 30));
        assert_eq!(
            (w.starts_on, w.ends_on),
            (Some(d(2020, 7, 1)), d(2025, 6, 30))
        );
        let leap = WindowSpec::Rolling { years: 1 }.containing(d(2024, 2, 29));
        assert_eq!(leap.starts_on, Some(d(2023, 3, 1)));
        assert_eq!(years_after(d(2024, 3, 1), 1), d(2025, 3, 1));
        assert_eq!(years_after(d(2024, 2, 29), 1), d(2025, 2, 28));
    }

    #[test]
    fn a_calendar_year_is_january_to_december() {
        let w = WindowSpec::CalendarYear.containing(d(2024, 12, 31));
        assert_eq!(
            (w.starts_on, w.ends_on),
            (Some(d(2024, 1, 1)), d(2024, 12, 31))
        );
        assert!(w.contains(d(2024, 1, 1)) && !w.contains(d(2025, 1, 1)));
    }
}
