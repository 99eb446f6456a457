//! Rule documents (规则文档): the rules a deployment edits as data (DESIGN "Rules are data").
//! Each feature declares its kinds beside the rules themselves — name, title, built-in text and
//! the check a saved text must pass — so a new feature adds its kinds without editing anyone
//! else's list; the application registers each feature's list once.

use std::fmt::Display;

/// Why a rule text was refused: a stable code and a Chinese message that names the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTextError {
    pub code: &'static str,
    pub message: String,
}

impl RuleTextError {
    pub fn new(code: &'static str, message: impl Display) -> Self {
        Self {
            code,
            message: message.to_string(),
        }
    }
}

/// One kind of rule document.
#[derive(Debug, Clone, Copy)]
pub struct RuleKind {
    /// The stable name stored with every saved version (`class_routing`, `credit_rules` …).
    pub kind: &'static str,
    /// What the officer calls it.
    pub title: &'static str,
    /// The text in force until the authority saves its own.
    pub built_in: &'static str,
    /// Parses and checks a text; a save that fails it is refused with the error.
    pub check: fn(&str) -> Result<(), RuleTextError>,
}

/// Turns a parse result into a check result (the rules themselves are not needed to check).
pub fn checked<T, E: Display>(
    parsed: Result<T, E>,
    code: impl Fn(&E) -> &'static str,
) -> Result<(), RuleTextError> {
    parsed
        .map(drop)
        .map_err(|e| RuleTextError::new(code(&e), &e))
}
