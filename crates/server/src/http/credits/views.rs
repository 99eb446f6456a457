//! What the credits API returns: ledger entries, totals, revocations, recorded facts and the
//! yearly publication, as API types made from the storage rows and the application's results.

use crate::app::credits::{self, fact_data::FactData};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::credits::{CreditCategory, FactKind, ObjectionState};
use ganxun_domain::review::ReviewState;
use ganxun_domain::{CreditEntryId, ObjectionId, PublicationId, RuleDocumentId};
use ganxun_storage::credits::{facts, ledger, publications as storage_publications};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// An entry as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntryRow {
    #[schema(value_type = i64)]
    pub id: CreditEntryId,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub date: NaiveDate,
    pub year: i32,
    #[schema(value_type = String)]
    pub category: CreditCategory,
    /// Hundredths of a credit.
    pub amount: i64,
    #[schema(value_type = Option<i64>)]
    pub rule_document_id: Option<RuleDocumentId>,
    pub rule_version: Option<i32>,
    pub rule_id: String,
    pub source_kind: String,
    // Raw: the id of whatever `source_kind` names (a class, a fact, a lesson's progress …).
    pub source_id: i64,
    pub explanation: String,
    /// The entry this one reverses, and why.
    #[schema(value_type = Option<i64>)]
    pub reverses: Option<CreditEntryId>,
    pub reason: String,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
}

impl From<ledger::EntryRow> for EntryRow {
    fn from(r: ledger::EntryRow) -> Self {
        Self {
            id: r.id,
            person_id: r.person_id,
            date: r.date,
            year: r.year,
            category: r.category,
            amount: r.amount,
            rule_document_id: r.rule_document_id,
            rule_version: r.rule_version,
            rule_id: r.rule_id,
            source_kind: r.source_kind,
            source_id: r.source_id,
            explanation: r.explanation,
            reverses: r.reverses,
            reason: r.reason,
            entered_by: r.entered_by,
            entered_at: r.entered_at,
        }
    }
}

/// What re-evaluating a set of sources did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Reconciled {
    pub posted: u32,
    pub reversed: u32,
    pub unchanged: u32,
}

impl From<ledger::Reconciled> for Reconciled {
    fn from(r: ledger::Reconciled) -> Self {
        Self {
            posted: r.posted,
            reversed: r.reversed,
            unchanged: r.unchanged,
        }
    }
}

/// A maintained total.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotalRow {
    pub year: i32,
    #[schema(value_type = String)]
    pub category: CreditCategory,
    /// Hundredths of a credit.
    pub amount: i64,
    pub entries: i64,
}

impl From<ledger::TotalRow> for TotalRow {
    fn from(r: ledger::TotalRow) -> Self {
        Self {
            year: r.year,
            category: r.category,
            amount: r.amount,
            entries: r.entries,
        }
    }
}

/// A revoked entry and its revocation, for the follow-up report (R-CRD-7, seed 004 §3).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Revocation {
    pub original: EntryRow,
    pub revocation: EntryRow,
}

impl From<ledger::Revocation> for Revocation {
    fn from(r: ledger::Revocation) -> Self {
        Self {
            original: r.original.into(),
            revocation: r.revocation.into(),
        }
    }
}

/// A stored record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FactRow {
    #[schema(value_type = i64)]
    pub id: ganxun_domain::CreditFactId,
    /// exam, assignment, research, salon, school_term
    #[schema(value_type = String)]
    pub kind: FactKind,
    #[schema(value_type = Option<i64>)]
    pub person_id: Option<PersonId>,
    #[schema(value_type = Option<i64>)]
    pub class_id: Option<ClassId>,
    pub title: String,
    pub date: NaiveDate,
    /// The kind's details (a score, a research output's kind and level, a salon's groups, a
    /// term's sessions); none when the stored document is none of them.
    pub data: Option<FactData>,
    pub evidence: String,
    /// pending, approved, rejected
    #[schema(value_type = String)]
    pub state: ReviewState,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
}

impl From<facts::FactRow> for FactRow {
    fn from(r: facts::FactRow) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            person_id: r.person_id,
            class_id: r.class_id,
            title: r.title,
            date: r.date,
            data: FactData::read(&r.data),
            evidence: r.evidence,
            state: r.state,
            entered_by: r.entered_by,
            entered_at: r.entered_at,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            decision_reason: r.decision_reason,
        }
    }
}

/// One person's line in a publication.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublishedLine {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    pub unit_name: String,
    /// Hundredths per category code.
    pub by_category: BTreeMap<String, i64>,
    pub total: i64,
}

impl From<storage_publications::PublishedLine> for PublishedLine {
    fn from(r: storage_publications::PublishedLine) -> Self {
        Self {
            person_id: r.person_id,
            name: r.name,
            unit_name: r.unit_name,
            by_category: r.by_category,
            total: r.total,
        }
    }
}

/// A publication as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Publication {
    #[schema(value_type = i64)]
    pub id: PublicationId,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub year: i32,
    pub title: String,
    /// Objections are accepted until the end of this day.
    pub closes_on: NaiveDate,
    pub published_by: String,
    pub published_at: DateTime<Utc>,
    pub lines: Vec<PublishedLine>,
    pub objections: Vec<Objection>,
}

impl From<storage_publications::Publication> for Publication {
    fn from(r: storage_publications::Publication) -> Self {
        Self {
            id: r.id,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            year: r.year,
            title: r.title,
            closes_on: r.closes_on,
            published_by: r.published_by,
            published_at: r.published_at,
            lines: r.lines.into_iter().map(Into::into).collect(),
            objections: r.objections.into_iter().map(Into::into).collect(),
        }
    }
}

/// An objection and its answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Objection {
    #[schema(value_type = i64)]
    pub id: ObjectionId,
    #[schema(value_type = i64)]
    pub publication_id: PublicationId,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    #[schema(value_type = Option<i64>)]
    pub entry_id: Option<CreditEntryId>,
    pub text: String,
    /// open, upheld, dismissed
    #[schema(value_type = String)]
    pub state: ObjectionState,
    pub raised_by: String,
    pub raised_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

impl From<storage_publications::Objection> for Objection {
    fn from(r: storage_publications::Objection) -> Self {
        Self {
            id: r.id,
            publication_id: r.publication_id,
            person_id: r.person_id,
            entry_id: r.entry_id,
            text: r.text,
            state: r.state,
            raised_by: r.raised_by,
            raised_at: r.raised_at,
            answer: r.answer,
            answered_by: r.answered_by,
            answered_at: r.answered_at,
        }
    }
}

/// A person's credits: totals by year and category, and every entry behind them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Statement {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    pub unit_name: String,
    pub year: Option<i32>,
    pub totals: Vec<StatementTotal>,
    /// The sum of the totals shown, in hundredths.
    pub total: i64,
    pub entries: Vec<StatementEntry>,
}

impl From<credits::Statement> for Statement {
    fn from(r: credits::Statement) -> Self {
        Self {
            person_id: r.person_id,
            name: r.name,
            unit_name: r.unit_name,
            year: r.year,
            totals: r.totals.into_iter().map(Into::into).collect(),
            total: r.total,
            entries: r.entries.into_iter().map(Into::into).collect(),
        }
    }
}

/// One entry as the statement shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementEntry {
    #[serde(flatten)]
    pub entry: EntryRow,
    pub category_label: String,
    /// The entry that reversed this one, if any.
    #[schema(value_type = Option<i64>)]
    pub reversed_by: Option<CreditEntryId>,
    /// Who entered it, by name.
    pub entered_by_name: String,
}

impl From<credits::StatementEntry> for StatementEntry {
    fn from(r: credits::StatementEntry) -> Self {
        Self {
            entry: r.entry.into(),
            category_label: r.category_label,
            reversed_by: r.reversed_by,
            entered_by_name: r.entered_by_name,
        }
    }
}

/// A total with its label.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementTotal {
    #[serde(flatten)]
    pub total: TotalRow,
    pub category_label: String,
}

impl From<credits::StatementTotal> for StatementTotal {
    fn from(r: credits::StatementTotal) -> Self {
        Self {
            total: r.total.into(),
            category_label: r.category_label,
        }
    }
}

/// A decided record and what its approval posted (nothing when it was returned).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FactDecided {
    #[serde(flatten)]
    pub record: FactRow,
    pub credits: Reconciled,
}

impl From<credits::FactDecided> for FactDecided {
    fn from(r: credits::FactDecided) -> Self {
        Self {
            record: r.record.into(),
            credits: r.credits.into(),
        }
    }
}

/// A record with the name and unit of the person it belongs to, for lists.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PendingRecord {
    #[serde(flatten)]
    pub record: FactRow,
    pub person_name: String,
    pub unit_name: String,
}

impl From<credits::PendingRecord> for PendingRecord {
    fn from(r: credits::PendingRecord) -> Self {
        Self {
            record: r.record.into(),
            person_name: r.person_name,
            unit_name: r.unit_name,
        }
    }
}

/// A revocation with the name and unit of the person whose entry it was.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevocationRow {
    #[serde(flatten)]
    pub revocation: Revocation,
    pub person_name: String,
    pub unit_name: String,
    /// Who entered what was revoked (for a score, an output or a salon: who entered it, not
    /// the reviewer), by name.
    pub entered_by_name: String,
    /// Who approved it into the ledger, when not the one who entered it.
    pub approved_by_name: Option<String>,
    pub revoked_by_name: String,
}

impl From<credits::RevocationRow> for RevocationRow {
    fn from(r: credits::RevocationRow) -> Self {
        Self {
            revocation: r.revocation.into(),
            person_name: r.person_name,
            unit_name: r.unit_name,
            entered_by_name: r.entered_by_name,
            approved_by_name: r.approved_by_name,
            revoked_by_name: r.revoked_by_name,
        }
    }
}

/// What recording did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Recorded {
    pub records: Vec<FactRow>,
    /// Ledger entries posted (none while a record awaits approval).
    pub posted: u32,
}

impl From<credits::Recorded> for Recorded {
    fn from(r: credits::Recorded) -> Self {
        Self {
            records: r.records.into_iter().map(Into::into).collect(),
            posted: r.posted,
        }
    }
}
