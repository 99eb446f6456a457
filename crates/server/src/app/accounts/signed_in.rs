//! Signed-in callers kept in memory (issue 16: before a heartbeat was even looked at, its
//! authentication read the session, the account, its unit, its grants and its second factor).
//!
//! A session's row and its account are kept for up to [`KEPT_FOR`] and used while the session
//! is neither idle nor past its end by the clock; anything else is read again. What changes a
//! caller — logout, roles, password, second factor, deactivation, lock-out — is noted by the
//! store that changes it (`accounts::changes`): a change made through this server is forgotten
//! before the next request is looked at, one made through another server sharing the database
//! within about [`POLL_EVERY`]. A read that raced a change is not kept.

use crate::app::App;
use chrono::{DateTime, Duration as TimeDelta, Utc};
use ganxun_domain::AccountId;
use ganxun_storage::accounts::changes;
use ganxun_storage::accounts::{AccountView, sessions::Session};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a kept caller is used before being read again, whatever happened: a bound on
/// anything the change notes might miss. A learner's heartbeat comes every 15 s, so most are
/// answered from memory.
pub const KEPT_FOR: Duration = Duration::from_secs(60);

/// How often the other servers' changes are read.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

/// Changes are read again this far back, for a transaction that committed late or a clock a
/// little behind.
const POLL_OVERLAP: TimeDelta = TimeDelta::seconds(10);

/// How often change notes older than [`NOTES_KEPT`] are deleted (by whichever server polls).
const PRUNE_EVERY: Duration = Duration::from_secs(600);
const NOTES_KEPT: TimeDelta = TimeDelta::days(1);

/// At most this many sessions are kept; past it, new ones are read every time (memory stays
/// bounded whatever the number of learners).
const MOST_KEPT: usize = 100_000;

/// What is kept of one signed-in session.
#[derive(Debug, Clone)]
pub struct Kept {
    /// Shared: a request takes the kept caller without copying the session's texts.
    pub session: Arc<Session>,
    pub account: Arc<AccountView>,
}

struct Entry {
    kept: Kept,
    at: Instant,
}

#[derive(Default)]
struct State {
    entries: HashMap<String, Entry>,
    /// Counts every forgetting: a read begun before one is not kept ([`Ticket`]).
    forgotten: u64,
    /// The last of this process's changes looked at.
    local_seen: u64,
    polled_at: Option<Instant>,
    /// The clock's time when the last poll began.
    polled_from: Option<DateTime<Utc>>,
    pruned_at: Option<Instant>,
}

impl State {
    fn forget_accounts(&mut self, accounts: &[AccountId]) {
        if accounts.is_empty() {
            return;
        }
        self.entries
            .retain(|_, entry| !accounts.contains(&entry.kept.account.id));
        self.forgotten += 1;
    }

    fn forget_all(&mut self) {
        self.entries.clear();
        self.forgotten += 1;
    }
}

/// Taken before reading a caller from the database; the read is kept only if nothing was
/// forgotten meanwhile.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

/// The kept callers of this server, shared by every clone of `App`.
#[derive(Default)]
pub struct SignedIn {
    state: Mutex<State>,
    polling: AtomicBool,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("kept", &self.lock().entries.len())
            .finish()
    }
}

impl SignedIn {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The kept session `id`, after catching up with the changes; `None` when it is not kept
    /// or must be read again.
    pub async fn get(&self, app: &App, id: &str) -> Option<Kept> {
        self.catch_up(app).await;
        let state = self.lock();
        let entry = state.entries.get(id)?;
        (entry.at.elapsed() < KEPT_FOR).then(|| entry.kept.clone())
    }

    /// Taken before a read whose result may be kept.
    pub fn ticket(&self) -> Ticket {
        Ticket(self.lock().forgotten)
    }

    /// Keeps a session read under `ticket`, unless something was forgotten since.
    pub fn keep(&self, ticket: Ticket, id: &str, kept: Kept) {
        let mut state = self.lock();
        if state.forgotten != ticket.0 {
            return;
        }
        if state.entries.len() >= MOST_KEPT {
            state
                .entries
                .retain(|_, entry| entry.at.elapsed() < KEPT_FOR);
            if state.entries.len() >= MOST_KEPT {
                return;
            }
        }
        state.entries.insert(
            id.to_owned(),
            Entry {
                kept,
                at: Instant::now(),
            },
        );
    }

    /// Forgets one session (it ended or is read again).
    pub fn forget(&self, id: &str) {
        let mut state = self.lock();
        if state.entries.remove(id).is_some() {
            state.forgotten += 1;
        }
    }

    /// The session's activity was recorded at `at`.
    pub fn touched(&self, id: &str, at: DateTime<Utc>) {
        if let Some(entry) = self.lock().entries.get_mut(id) {
            Arc::make_mut(&mut entry.kept.session).last_seen_at = at;
        }
    }

    /// Forgets what this process changed since the last look (at once) and, at most every
    /// [`POLL_EVERY`], what any server changed. Only one request reads the notes; the others
    /// go on meanwhile.
    async fn catch_up(&self, app: &App) {
        let local = app.db.account_changes();
        let poll_due = {
            let mut state = self.lock();
            let last = local.last();
            if last != state.local_seen {
                match local.between(state.local_seen, last) {
                    Some(accounts) => state.forget_accounts(&accounts),
                    None => state.forget_all(),
                }
                state.local_seen = last;
            }
            state.polled_at.is_none_or(|at| at.elapsed() >= POLL_EVERY)
        };
        if !poll_due
            || self
                .polling
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
        {
            return;
        }
        self.poll(app).await;
        self.polling.store(false, Ordering::Release);
    }

    async fn poll(&self, app: &App) {
        let began = app.now();
        let (from, prune_due) = {
            let state = self.lock();
            (
                state.polled_from.unwrap_or(began) - POLL_OVERLAP,
                state.pruned_at.is_none_or(|at| at.elapsed() >= PRUNE_EVERY),
            )
        };
        let read = changes::since(&app.db, from).await;
        {
            let mut state = self.lock();
            match read {
                Ok(accounts) => state.forget_accounts(&accounts),
                Err(error) => {
                    // Not knowing what changed, keep nothing.
                    tracing::warn!(?error, "account changes not read; forgetting every session");
                    state.forget_all();
                }
            }
            state.polled_at = Some(Instant::now());
            state.polled_from = Some(began);
            if prune_due {
                state.pruned_at = Some(Instant::now());
            }
        }
        if prune_due && let Err(error) = changes::prune(&app.db, began - NOTES_KEPT).await {
            tracing::warn!(?error, "old account change notes not pruned");
        }
    }
}
