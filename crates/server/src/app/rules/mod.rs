//! Rule documents (规则设置): the registry of every kind the authority edits, the one way any
//! feature asks "which rules held on that day", and the editor's use cases (list, read, save
//! after the kind's own check). Each feature declares its kinds in the domain beside its rules;
//! [`REGISTERED`] lists each feature once, so a new feature adds a line and touches nothing else.

use crate::app::{App, AppError, AppResult, Principal};
use chrono::NaiveDate;
use ganxun_domain::rules::RuleKind;
use ganxun_domain::{
    Permission, attendance, calendar, class_hours, classes, compliance, credits, learning,
};
use ganxun_storage::rules::{self, DocumentVersion};
use serde::Serialize;
use utoipa::ToSchema;

mod form;
pub use form::{FormProblem, RuleFormView, form};

/// Every feature's kinds, in the order the editor shows them.
const REGISTERED: &[&[RuleKind]] = &[
    classes::RULE_KINDS,
    calendar::RULE_KINDS,
    class_hours::RULE_KINDS,
    attendance::RULE_KINDS,
    credits::RULE_KINDS,
    compliance::RULE_KINDS,
    learning::RULE_KINDS,
];

/// Every registered kind.
pub fn kinds() -> impl Iterator<Item = &'static RuleKind> {
    REGISTERED.iter().flat_map(|kinds| kinds.iter())
}

/// A registered kind; `NotFound` for a name nobody registered.
pub fn kind(name: &str) -> AppResult<&'static RuleKind> {
    kinds().find(|k| k.kind == name).ok_or(AppError::NotFound)
}

/// A version of a rule document found in force on a date.
#[derive(Debug, Clone)]
pub struct InForce<T> {
    pub rules: T,
    /// The stored version's id; none for the built-in text.
    pub document_id: Option<ganxun_domain::RuleDocumentId>,
    /// 0 for the built-in text.
    pub version: i32,
}

/// The version of `kind` in force on `date`: the newest saved version that applies from that
/// day or before (each kind says from when in its own text), else the built-in text (version
/// 0). The one way every feature answers "which rules held then" (ADR 0008, ADR 0009).
pub async fn in_force_on<T>(
    app: &App,
    kind_name: &str,
    date: NaiveDate,
    parse: impl Fn(&str) -> Result<T, String>,
    applies_from: impl Fn(&T) -> NaiveDate,
) -> AppResult<InForce<T>> {
    let built_in = kind(kind_name)?.built_in;
    for saved in rules::history(&app.db, kind_name).await? {
        let rules = parse(&saved.body).map_err(|e| broken(kind_name, saved.version, e))?;
        if applies_from(&rules) <= date {
            return Ok(InForce {
                rules,
                document_id: Some(saved.id),
                version: saved.version,
            });
        }
    }
    let rules = parse(built_in).map_err(|e| broken(kind_name, 0, e))?;
    Ok(InForce {
        rules,
        document_id: None,
        version: 0,
    })
}

/// The newest version of `kind` (the kinds that apply from when they are saved: routing,
/// calendar, conversion, settings), else the built-in text.
pub async fn in_force_now<T, E: std::fmt::Display>(
    app: &App,
    kind_name: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> AppResult<T> {
    let built_in = kind(kind_name)?.built_in;
    match rules::latest(&app.db, kind_name).await? {
        Some(saved) => parse(&saved.body).map_err(|e| broken(kind_name, saved.version, e)),
        None => parse(built_in).map_err(|e| broken(kind_name, 0, e)),
    }
}

fn broken(kind: &str, version: i32, message: impl std::fmt::Display) -> AppError {
    // A saved document was checked when saved; failing now means the code changed under it.
    AppError::Internal(anyhow::anyhow!(
        "{kind} v{version} no longer parses: {message}"
    ))
}

/// A kind as the editor lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleKindView {
    pub kind: String,
    pub title: String,
}

/// Every kind, for the editor's tabs; readable by anyone who reads classes.
pub fn list(principal: &Principal) -> AppResult<Vec<RuleKindView>> {
    principal.require(Permission::ClassRead)?;
    Ok(kinds()
        .map(|k| RuleKindView {
            kind: k.kind.to_owned(),
            title: k.title.to_owned(),
        })
        .collect())
}

/// A document as the editor shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleDocument {
    pub kind: String,
    pub title: String,
    pub body: String,
    /// 0 when the built-in text is in force.
    pub version: i32,
    /// The name of the one who saved it.
    pub saved_by: Option<String>,
    pub saved_at: Option<chrono::DateTime<chrono::Utc>>,
    pub built_in: String,
}

/// One document as in force now; readable by anyone who reads classes.
pub async fn get(app: &App, principal: &Principal, name: &str) -> AppResult<RuleDocument> {
    principal.require(Permission::ClassRead)?;
    let registered = kind(name)?;
    let saved: Option<DocumentVersion> = rules::latest(&app.db, name).await?;
    // The one who saved it by name, not by username (issue 17 item 5).
    let names =
        crate::app::accounts::names::names_of(app, saved.iter().map(|s| s.saved_by.as_str()))
            .await?;
    Ok(RuleDocument {
        kind: name.to_owned(),
        title: registered.title.to_owned(),
        body: saved
            .as_ref()
            .map_or_else(|| registered.built_in.to_owned(), |s| s.body.clone()),
        version: saved.as_ref().map_or(0, |s| s.version),
        saved_by: saved.as_ref().map(|s| names.of(&s.saved_by)),
        saved_at: saved.as_ref().map(|s| s.saved_at),
        built_in: registered.built_in.to_owned(),
    })
}

/// Saves a new version after the kind's own check; only the training authority (who approves
/// classes).
pub async fn save(
    app: &App,
    principal: &Principal,
    name: &str,
    body: &str,
) -> AppResult<RuleDocument> {
    principal.require(Permission::ClassApprove)?;
    let registered = kind(name)?;
    (registered.check)(body).map_err(|e| AppError::field("body", e.code, e.message))?;
    rules::save(&app.db, &principal.actor(), app.now(), name, body).await?;
    // Rules kept in memory by a feature (learning's timing) apply from the next request.
    app.rule_saves
        .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    get(app, principal, name).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use ganxun_domain::HolidayCalendar;

    #[test]
    fn every_built_in_document_passes_its_own_check_and_names_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for registered in kinds() {
            assert!(seen.insert(registered.kind), "{} twice", registered.kind);
            let checked = (registered.check)(registered.built_in);
            assert!(checked.is_ok(), "{}: {checked:?}", registered.kind);
        }
        assert_eq!(seen.len(), 11);
        let calendar = HolidayCalendar::from_toml(calendar::DEFAULT_CALENDAR_TOML).unwrap();
        let national_day = chrono::NaiveDate::from_ymd_opt(2026, 10, 8).unwrap();
        assert!(!calendar.is_working_day(national_day - chrono::Duration::days(2)));
        assert!(
            calendar.is_working_day(chrono::NaiveDate::from_ymd_opt(2026, 10, 10).unwrap()),
            "调休上班"
        );
    }

    #[test]
    fn a_text_that_does_not_parse_is_refused_with_the_kinds_own_code() {
        let refused = (kind(classes::CLASS_ROUTING).unwrap().check)("[[broken").unwrap_err();
        assert!(!refused.code.is_empty() && !refused.message.is_empty());
        assert!(kind("no_such_kind").is_err());
    }
}
