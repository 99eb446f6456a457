//! The application layer: use cases with authorisation and data scope. Handlers call exactly
//! one function here; business rules never live in handlers.

// Features: the same names as in the domain, storage, the HTTP layer and the web.
pub mod accounts;
pub mod archive;
pub mod attendance;
pub mod audit;
pub mod classes;
pub mod compliance;
pub mod credits;
pub mod follow_ups;
pub mod grades;
pub mod learning;
pub mod notices;
pub mod org;
pub mod people;
pub mod plans;
pub mod pool;
pub mod rules;
pub mod second_factor;
pub mod workbench;

// What every feature stands on.
pub mod error;
pub mod keys;
pub mod paging;
pub mod principal;

use crate::config::Settings;
use ganxun_domain::Clock;
use ganxun_storage::{DataKey, Db};
use std::sync::Arc;

pub use error::{AppError, AppResult, FieldError, RequestProblem, two_way};
pub use principal::Principal;

/// Everything a use case needs: the database, the data key, the clock and the settings.
#[derive(Debug, Clone)]
pub struct App {
    pub db: Db,
    pub key: DataKey,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    /// The PDF printer, made on first use (scanning fonts takes a moment).
    pub printer: Arc<std::sync::OnceLock<ganxun_print::Printer>>,
    /// Online learning's rules kept in memory and its heartbeat writer (ADR 0019).
    pub learning: Arc<learning::Shared>,
    /// Signed-in callers kept in memory (issue 16).
    pub signed_in: Arc<accounts::signed_in::SignedIn>,
    /// Rule versions saved through this server: what a feature keeps of the rules is read
    /// again once this moves (the rules' registry calls no feature back).
    pub rule_saves: Arc<std::sync::atomic::AtomicU64>,
}

impl App {
    pub fn new(db: Db, key: DataKey, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        db.attach_key(&key);
        Self {
            db,
            key,
            clock,
            settings: Arc::new(settings),
            printer: Arc::default(),
            learning: Arc::default(),
            signed_in: Arc::default(),
            rule_saves: Arc::default(),
        }
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// The PDF printer with the configured fonts and layouts.
    pub fn printer(&self) -> &ganxun_print::Printer {
        self.printer.get_or_init(|| {
            let print = &self.settings.print;
            let fonts = if print.font_dirs.is_empty() {
                ganxun_print::Fonts::system()
            } else {
                ganxun_print::Fonts::load(&print.font_dirs)
            };
            let templates = match &print.templates_dir {
                Some(dir) => ganxun_print::Templates::with_override_dir(dir),
                None => ganxun_print::Templates::builtin(),
            };
            ganxun_print::Printer::new(fonts, templates)
        })
    }

    /// Today in China time: dates that people see and rules use (DESIGN "Time").
    pub fn today(&self) -> chrono::NaiveDate {
        ganxun_domain::china_date(self.now())
    }
}
