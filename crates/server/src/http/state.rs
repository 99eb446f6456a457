//! The state every handler receives.

use crate::app::App;

#[derive(Debug, Clone)]
pub struct AppState {
    pub app: App,
}
