//! The application layer: use cases with authorisation and data scope. Handlers call exactly
//! one function here; business rules never live in handlers.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod classes;
pub mod error;
pub mod keys;
pub mod org;
pub mod people;
pub mod plans;
pub mod principal;

use crate::config::Settings;
use ganxun_domain::Clock;
use ganxun_storage::{DataKey, Db};
use std::sync::Arc;

pub use error::{AppError, AppResult, FieldError};
pub use principal::Principal;

/// Everything a use case needs: the database, the data key, the clock and the settings.
#[derive(Debug, Clone)]
pub struct App {
    pub db: Db,
    pub key: DataKey,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
}

impl App {
    pub fn new(db: Db, key: DataKey, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        db.attach_key(&key);
        Self {
            db,
            key,
            clock,
            settings: Arc::new(settings),
        }
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Today in China time: dates that people see and rules use (DESIGN "Time").
    pub fn today(&self) -> chrono::NaiveDate {
        ganxun_domain::china_date(self.now())
    }
}
