//! How an annual plan was carried out (年度培训计划执行情况, issue 17 item 12): each class the
//! plan intends against the classes held for it, and where the item stands on a given day. A
//! returned or cancelled class does not carry an item out; an item whose quarter (or, without
//! one, whose year) is over with no class held or under way is overdue.

use crate::ClassState;
use crate::code_enum;
use chrono::NaiveDate;

code_enum! {
    /// Where a planned class stands on a day.
    pub enum ItemProgress {
        NotStarted => ("not_started", "未开展", "Not started"),
        Overdue => ("overdue", "逾期未开展", "Overdue"),
        Preparing => ("preparing", "筹备中", "In preparation"),
        Running => ("running", "培训中", "In progress"),
        Done => ("done", "已完成", "Done"),
    }
}

/// Whether a class in `state` counts toward its plan item at all.
pub fn carries_out(state: ClassState) -> bool {
    !matches!(state, ClassState::Rejected | ClassState::Cancelled)
}

/// The last day an item of `year` planned for `quarter` (1–4; none: the whole year) may start.
pub fn period_end(year: i32, quarter: Option<i32>) -> Option<NaiveDate> {
    let last_month = match quarter {
        Some(q @ 1..=4) => u32::try_from(q * 3).ok()?,
        _ => 12,
    };
    let first_of_next = if last_month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, last_month + 1, 1)?
    };
    first_of_next.pred_opt()
}

/// Where an item stands on `today`, given the states of the classes created from it.
pub fn progress(
    year: i32,
    quarter: Option<i32>,
    classes: &[ClassState],
    today: NaiveDate,
) -> ItemProgress {
    let live: Vec<ClassState> = classes
        .iter()
        .copied()
        .filter(|s| carries_out(*s))
        .collect();
    if live.contains(&ClassState::InProgress) {
        ItemProgress::Running
    } else if live.iter().any(|s| s.is_finished()) {
        ItemProgress::Done
    } else if !live.is_empty() {
        ItemProgress::Preparing
    } else if period_end(year, quarter).is_some_and(|end| today > end) {
        ItemProgress::Overdue
    } else {
        ItemProgress::NotStarted
    }
}

/// The share of items done, in whole percent (none when the plan has no item).
pub fn done_percent(done: usize, items: usize) -> Option<u32> {
    (items > 0).then(|| u32::try_from(done * 100 / items).unwrap_or(100))
}

/// How many days a class lasts, both ends counted.
pub fn class_days(starts_on: NaiveDate, ends_on: NaiveDate) -> i64 {
    (ends_on - starts_on).num_days().max(0) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn quarters_end_on_their_last_day_and_no_quarter_means_the_year() {
        assert_eq!(period_end(2026, Some(1)), Some(day(2026, 3, 31)));
        assert_eq!(period_end(2026, Some(2)), Some(day(2026, 6, 30)));
        assert_eq!(period_end(2026, Some(4)), Some(day(2026, 12, 31)));
        assert_eq!(period_end(2026, None), Some(day(2026, 12, 31)));
        assert_eq!(period_end(2026, Some(9)), Some(day(2026, 12, 31)));
    }

    #[test]
    fn an_item_is_overdue_only_after_its_quarter_with_nothing_held() {
        let may = day(2026, 5, 1);
        assert_eq!(progress(2026, Some(1), &[], may), ItemProgress::Overdue);
        assert_eq!(progress(2026, Some(2), &[], may), ItemProgress::NotStarted);
        assert_eq!(progress(2026, None, &[], may), ItemProgress::NotStarted);
        // A returned or cancelled class carries nothing out.
        assert_eq!(
            progress(
                2026,
                Some(1),
                &[ClassState::Rejected, ClassState::Cancelled],
                may
            ),
            ItemProgress::Overdue
        );
        assert_eq!(
            progress(2026, Some(1), &[ClassState::Enrolling], may),
            ItemProgress::Preparing
        );
    }

    #[test]
    fn a_running_class_outranks_an_ended_one_and_an_ended_one_a_draft() {
        let today = day(2026, 7, 1);
        assert_eq!(
            progress(
                2026,
                Some(2),
                &[ClassState::Reported, ClassState::InProgress],
                today
            ),
            ItemProgress::Running
        );
        assert_eq!(
            progress(
                2026,
                Some(2),
                &[ClassState::Draft, ClassState::Ended],
                today
            ),
            ItemProgress::Done
        );
    }

    #[test]
    fn shares_and_days() {
        assert_eq!(done_percent(0, 0), None);
        assert_eq!(done_percent(2, 3), Some(66));
        assert_eq!(class_days(day(2026, 3, 2), day(2026, 3, 6)), 5);
        assert_eq!(class_days(day(2026, 3, 6), day(2026, 3, 2)), 1);
    }
}
