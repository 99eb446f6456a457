//! Rule documents (规则文档): the rules a deployment edits as data (DESIGN "Rules are data").
//! Each feature declares its kinds beside the rules themselves — name, title, built-in text and
//! the check a saved text must pass — so a new feature adds its kinds without editing anyone
//! else's list; the application registers each feature's list once.

use std::fmt::Display;

pub mod edit;
pub mod explain;
pub mod form;
mod hints;
pub mod problem;

pub use hints::COMMON_FIELDS;

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
    /// What the form calls each key of the text (beside [`COMMON_FIELDS`]), so no key is shown
    /// as it is written.
    pub fields: &'static [FieldHint],
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

/// A choice a field offers: the stored code and what a person reads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Choice {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
}

impl Choice {
    pub fn new(code: &str, label_zh: &str, label_en: &str) -> Self {
        Self {
            code: code.to_owned(),
            label_zh: label_zh.to_owned(),
            label_en: label_en.to_owned(),
        }
    }
}

/// Every variant of a vocabulary as choices, in declaration order.
pub fn choices_of<V: crate::code_enum::Vocabulary>() -> Vec<Choice> {
    V::ALL
        .iter()
        .map(|v| Choice::new(v.code(), v.label_zh(), v.label_en()))
        .collect()
}

/// What the form calls a key of a rule document, in the officer's words, and — where its
/// values are codes — the choices it offers. `key` is the key itself (`at_risk_days`) or, where
/// the same key means different things in different places, the parent and the key
/// (`window.kind`), which wins over the key alone.
#[derive(Debug, Clone, Copy)]
pub struct FieldHint {
    pub key: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// The codes its value may hold (one, or a list of them).
    pub choices: Option<fn() -> Vec<Choice>>,
    /// For a table whose keys are codes (`levels = { county = 3 }`): the codes, whose labels
    /// name the keys.
    pub keys: Option<fn() -> Vec<Choice>>,
    /// Its values are numbers (`id`) of the document's own rules, offered by their names.
    pub rule_ids: bool,
}

impl FieldHint {
    /// A field whose value is entered as it is (a number, a text, a date, yes/no, a group).
    pub const fn plain(key: &'static str, label_zh: &'static str, label_en: &'static str) -> Self {
        Self {
            key,
            label_zh,
            label_en,
            choices: None,
            keys: None,
            rule_ids: false,
        }
    }

    /// A field whose value is one or several codes of a closed list.
    pub const fn chosen(
        key: &'static str,
        label_zh: &'static str,
        label_en: &'static str,
        choices: fn() -> Vec<Choice>,
    ) -> Self {
        Self {
            choices: Some(choices),
            ..Self::plain(key, label_zh, label_en)
        }
    }

    /// A list of the numbers of the document's own rules (`requirements_met = ["reg_1"]`).
    pub const fn rule_ids(
        key: &'static str,
        label_zh: &'static str,
        label_en: &'static str,
    ) -> Self {
        Self {
            rule_ids: true,
            ..Self::plain(key, label_zh, label_en)
        }
    }

    /// A group whose keys are codes of a closed list (each key is labelled by its code's label).
    pub const fn keyed(
        key: &'static str,
        label_zh: &'static str,
        label_en: &'static str,
        keys: fn() -> Vec<Choice>,
    ) -> Self {
        Self {
            keys: Some(keys),
            ..Self::plain(key, label_zh, label_en)
        }
    }
}
