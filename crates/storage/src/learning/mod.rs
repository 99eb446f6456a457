//! Online learning (issue 16): measured media, the course library, and playbacks whose
//! heartbeats the server counts. The accounting itself is the domain's (`learning::Playback`);
//! here each heartbeat is one transaction over the playback, the lesson's progress and the
//! day's total, so a second is credited once or not at all.

pub mod courses;
pub mod flags;
pub mod media;
pub mod notes;
pub mod playbacks;
pub mod refusal;
pub mod requirements;

use ganxun_domain::learning::Segments;

/// Reads stored spans back through `Segments::add`, so a damaged row cannot break the union's
/// invariants (sorted, disjoint).
fn segments(stored: &str) -> Segments {
    let spans: Vec<(u64, u64)> = serde_json::from_str(stored).unwrap_or_default();
    let mut segments = Segments::new();
    for (start, end) in spans {
        segments.add(start, end);
    }
    segments
}

fn stored(segments: &Segments) -> String {
    serde_json::to_string(segments.spans()).unwrap_or_else(|_| "[]".to_owned())
}

fn ms(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn db_ms(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
