//! The state every handler receives.

use crate::app::App;
use std::sync::Arc;

/// Cloned for every request: one shared count, not a copy of the application's handles and
/// keys.
#[derive(Debug, Clone)]
pub struct AppState {
    pub app: Arc<App>,
}
