//! Whether connections handed back to the pool are checked with round trips: only for a while
//! after a database error (issue 14 item 1, issue 16). A leaf: the error conversion marks the
//! error, the pool reads the mark, and neither imports the other.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Until when (milliseconds on [`process_ms`]) connections handed back to the pool are checked
/// with round trips to the database (below). A failed statement or commit anywhere opens a
/// window of [`DISTRUST_MS`]; outside it, sqlx's own count of open transactions is checked, in
/// memory. The failed transaction is dropped — and its connection handed back — right after
/// its error was converted, so the window covers it with a wide margin; meanwhile every healthy
/// request saves three round trips per statement (issue 16: a heartbeat's authentication made
/// about twenty).
static DISTRUSTED_UNTIL_MS: AtomicU64 = AtomicU64::new(0);
const DISTRUST_MS: u64 = 10_000;

fn process_ms() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    u64::try_from(START.get_or_init(Instant::now).elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// A database error was seen: check the connections coming back for a while (see
/// [`DISTRUSTED_UNTIL_MS`]).
pub(crate) fn distrust_connections() {
    DISTRUSTED_UNTIL_MS.fetch_max(process_ms() + DISTRUST_MS, Ordering::Relaxed);
}

pub(crate) fn connections_distrusted() -> bool {
    process_ms() <= DISTRUSTED_UNTIL_MS.load(Ordering::Relaxed)
}
