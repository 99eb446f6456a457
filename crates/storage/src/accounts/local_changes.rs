//! The account changes this process committed, numbered, so that its caches of signed-in
//! callers catch up at once (`changes` writes the rows other servers read). A leaf: the
//! database handle holds it, and it needs nothing of the database.

use ganxun_domain::AccountId;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many of this process's changes are remembered for caches that have not looked yet; a
/// cache further behind forgets everything.
const REMEMBERED: usize = 4096;

/// The changes this process committed, numbered, for its caches to catch up with.
#[derive(Debug, Default)]
pub struct LocalChanges {
    last: AtomicU64,
    recent: Mutex<VecDeque<(u64, AccountId)>>,
}

impl LocalChanges {
    /// Called after the commit that holds the change.
    pub(crate) fn committed(&self, account_id: AccountId) {
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        let number = self.last.fetch_add(1, Ordering::AcqRel) + 1;
        recent.push_back((number, account_id));
        if recent.len() > REMEMBERED {
            recent.pop_front();
        }
    }

    /// The number of the latest change.
    pub fn last(&self) -> u64 {
        self.last.load(Ordering::Acquire)
    }

    /// The accounts changed after change number `seen`, up to `last`; `None` when some of them
    /// are no longer remembered (the caller forgets everything).
    pub fn between(&self, seen: u64, last: u64) -> Option<Vec<AccountId>> {
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        match recent.front() {
            Some(&(first, _)) if first <= seen + 1 => Some(
                recent
                    .iter()
                    .filter(|(number, _)| *number > seen && *number <= last)
                    .map(|(_, account)| *account)
                    .collect(),
            ),
            None if seen >= last => Some(Vec::new()),
            _ => None,
        }
    }
}
