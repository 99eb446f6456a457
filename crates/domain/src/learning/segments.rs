//! The parts of a lesson a person has watched, as the server accepted them: a union of
//! half-open spans of the timeline in milliseconds. Watching the same minute twice covers it
//! once, so replaying a lesson never adds time (R-ONL-2).

use serde::{Deserialize, Serialize};

/// Disjoint, sorted, non-touching spans `[start, end)` of a lesson's timeline, in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segments(Vec<(u64, u64)>);

impl Segments {
    pub fn new() -> Self {
        Self::default()
    }

    /// The spans, oldest position first.
    pub fn spans(&self) -> &[(u64, u64)] {
        &self.0
    }

    /// Adds `[start, end)`, merging with what it overlaps or touches; returns how many
    /// milliseconds were not covered before (what this span newly earns).
    pub fn add(&mut self, start: u64, end: u64) -> u64 {
        if end <= start {
            return 0;
        }
        let before = self.covered();
        let mut merged = (start, end);
        let mut kept = Vec::with_capacity(self.0.len() + 1);
        for &(s, e) in &self.0 {
            if e < merged.0 || s > merged.1 {
                kept.push((s, e));
            } else {
                merged = (merged.0.min(s), merged.1.max(e));
            }
        }
        kept.push(merged);
        kept.sort_unstable();
        self.0 = kept;
        self.covered() - before
    }

    /// Milliseconds covered.
    pub fn covered(&self) -> u64 {
        self.0.iter().map(|(s, e)| e - s).sum()
    }

    /// The first millisecond from the start not covered (the end of the covered prefix).
    pub fn first_missing(&self) -> u64 {
        match self.0.first() {
            Some(&(0, end)) => end,
            _ => 0,
        }
    }

    /// Milliseconds of `[0, length)` not covered yet.
    pub fn missing_of(&self, length: u64) -> u64 {
        let inside: u64 = self
            .0
            .iter()
            .map(|&(s, e)| e.min(length).saturating_sub(s.min(length)))
            .sum();
        length.saturating_sub(inside)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_replay_earns_nothing_and_a_gap_is_filled_once() {
        let mut watched = Segments::new();
        assert_eq!(watched.add(0, 60_000), 60_000);
        assert_eq!(watched.add(0, 60_000), 0, "the same minute again");
        assert_eq!(watched.add(120_000, 180_000), 60_000);
        assert_eq!(watched.add(30_000, 150_000), 60_000, "only the gap is new");
        assert_eq!(watched.spans(), &[(0, 180_000)]);
        assert_eq!(watched.missing_of(200_000), 20_000);
        assert_eq!(watched.first_missing(), 180_000);
        assert_eq!(Segments::new().first_missing(), 0);
    }

    #[test]
    fn empty_and_reversed_spans_add_nothing() {
        let mut watched = Segments::new();
        assert_eq!(watched.add(5, 5), 0);
        assert_eq!(watched.add(9, 3), 0);
        assert!(watched.spans().is_empty());
    }

    proptest! {
        #[test]
        fn the_union_never_exceeds_the_timeline_and_new_time_adds_up(
            spans in proptest::collection::vec((0u64..10_000, 0u64..2_000), 0..40)
        ) {
            let mut watched = Segments::new();
            let mut earned = 0;
            for (start, length) in spans {
                earned += watched.add(start, start + length);
            }
            prop_assert_eq!(earned, watched.covered());
            prop_assert!(watched.covered() <= 12_000);
            for pair in watched.spans().windows(2) {
                prop_assert!(pair[0].1 < pair[1].0, "disjoint and not touching");
            }
        }
    }
}
