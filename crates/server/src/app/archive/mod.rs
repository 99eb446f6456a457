//! The training archive (培训档案, R-ARC-1, ADR 0010): one person's complete record as of
//! today — the register's header (ID number masked), every class they finished or left with
//! the grade and certificate where there are some, the approved external training, credit
//! totals per year from the ledger, the compliance summary, and for each training whether it
//! goes into the personal file (1 month or more, seed 000 item 11). Printed as a form
//! (`print`) and exported as GB/T 38860-shaped data (`gbt38860`); both exports are audited.

mod gbt38860;
mod print;

pub use gbt38860::{Gbt38860Archive, gbt38860};
pub use print::pdf;

use crate::app::compliance::{self, COMPLIANCE_COUNTY, ComplianceStatus, RecordView};
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_domain::credits::CreditCategory;
use ganxun_domain::{Category, Permission};
use ganxun_storage::archive::{self as store, ArchiveClass, ArchiveExport, ArchiveHead};
use ganxun_storage::classes::ClassVisibility;
use ganxun_storage::compliance::training_records::TrainingRecordRow;
use ganxun_storage::people::PersonView;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The person block: the register as it stands, the ID number masked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArchivePerson {
    #[schema(value_type = i64)]
    pub id: PersonId,
    pub name: String,
    /// `male` or `female`.
    pub sex: String,
    pub sex_label: String,
    pub birth_date: NaiveDate,
    pub id_card_masked: String,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_code: String,
    pub unit_name: String,
    pub position: String,
    pub rank: String,
    pub rank_label: String,
    pub categories: Vec<String>,
    pub category_labels: Vec<String>,
    pub education: Option<String>,
    pub education_label: Option<String>,
}

/// One training in the archive: a class organised in the system or an approved external record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArchiveTraining {
    /// `class` or `external`.
    pub source: String,
    /// The class id or the external record's id.
    pub source_id: i64,
    pub title: String,
    /// A class kind (`themed_class`, …) or an external kind (`party_school_elsewhere`, …).
    pub kind: String,
    pub kind_label: String,
    /// 主办单位 (a class's organiser; empty for external training).
    pub organiser: String,
    /// 承办单位 / 培训机构.
    pub institution: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Days and class hours as the compliance review counts them ("90", "2.5"): for a class with
    /// a roll call the hours the person attended (and the days in proportion), otherwise the
    /// planned ones (ADR 0023); none for a class the person left, or a figure not recorded.
    pub days: Option<String>,
    pub hours: Option<String>,
    /// A class's planned hours (its teaching plan), beside the hours counted.
    pub planned_hours: Option<String>,
    /// `completed` (结业), `not_completed` (未结业), `pending` (待定), `withdrawn` (退学) or
    /// `approved` (external, 已认可).
    pub result: String,
    pub result_label: String,
    /// Why a class was not (yet) completed, in Chinese ("出勤 11.52 学时，未达到…").
    pub result_note: Option<String>,
    /// The final grade ("86.5") when every component was scored.
    pub grade: Option<String>,
    pub passed: Option<bool>,
    pub excellent: Option<bool>,
    pub certificate_number: Option<String>,
    pub privately_arranged: bool,
    /// Training of one month or more goes into the personal file (本人档案, seed 000 item 11).
    pub personal_file: bool,
}

/// One category's credits in a year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArchiveCredit {
    #[schema(value_type = String)]
    pub category: CreditCategory,
    pub label: String,
    /// "12.5".
    pub amount: String,
    pub entries: i64,
}

/// A year of credits, from the ledger's maintained totals.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArchiveCreditYear {
    pub year: i32,
    pub total: String,
    pub categories: Vec<ArchiveCredit>,
}

/// A person's training archive as of a day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArchiveView {
    /// 档案编号, fixed when the archive was first opened.
    pub number: String,
    /// 建档时间.
    pub created_at: DateTime<Utc>,
    /// 更新时间: the latest change to anything the archive shows.
    pub updated_at: DateTime<Utc>,
    pub as_of: NaiveDate,
    /// The organisation at the root of the person's unit tree, printed as 建档单位.
    pub keeper: String,
    /// Days of a month for the personal-file mark (county rules in force).
    pub days_per_month: u32,
    pub person: ArchivePerson,
    /// Oldest first.
    pub trainings: Vec<ArchiveTraining>,
    /// Newest year first.
    pub credits: Vec<ArchiveCreditYear>,
    pub compliance: ComplianceStatus,
}

/// "12.5" from hundredths; negative amounts keep their sign.
pub(crate) fn hundredths_text(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let (whole, fraction) = (value.abs() / 100, value.abs() % 100);
    match fraction {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

/// The compliance review's record of a training (days and hours as it counts them).
fn counted<'a>(
    status: &'a ComplianceStatus,
    source: &str,
    source_id: i64,
) -> Option<&'a RecordView> {
    status
        .records
        .iter()
        .find(|r| r.source == source && r.source_id == source_id)
}

fn figure(text: String) -> Option<String> {
    (text != "0").then_some(text)
}

async fn class_training(
    app: &App,
    class: &ArchiveClass,
    status: &ComplianceStatus,
    days_per_month: u32,
) -> AppResult<Option<ArchiveTraining>> {
    let withdrawn = class.enrolment == EnrolmentStatus::Withdrawn;
    // A class still running (or not yet begun) is not part of the record until it ends.
    if !withdrawn && !class.state.is_finished() {
        return Ok(None);
    }
    let record = (!withdrawn)
        .then(|| counted(status, "class", class.class_id.0))
        .flatten();
    let mut training = ArchiveTraining {
        source: "class".to_owned(),
        source_id: class.class_id.0,
        title: class.title.clone(),
        kind: class.kind.code().to_owned(),
        kind_label: class.kind.label_zh().to_owned(),
        organiser: class.organiser_name.clone(),
        institution: class.host_name.clone(),
        starts_on: class.starts_on,
        ends_on: class.ends_on,
        days: record.and_then(|r| figure(r.record.days.to_string())),
        hours: record.and_then(|r| figure(r.record.hours.to_string())),
        planned_hours: figure(hundredths_text(class.total_hours)),
        result: "withdrawn".to_owned(),
        result_label: "退学".to_owned(),
        result_note: None,
        grade: None,
        passed: None,
        excellent: None,
        certificate_number: class.certificate_number.clone(),
        privately_arranged: false,
        personal_file: record.is_some_and(|r| r.record.goes_into_personal_file(days_per_month)),
    };
    if !withdrawn {
        let record =
            ganxun_storage::classes::get(&app.db, &ClassVisibility::everything(), class.class_id)
                .await?;
        let sheet = crate::app::grades::sheet_of(app, &record).await?;
        let person = status.person_id;
        if let Some(line) = sheet.lines.iter().find(|l| l.line.person_id == person) {
            // The same verdict the grade sheet shows and certificates are issued by (ADR 0023).
            let completion = &line.completion;
            training.result = completion.verdict.code().to_owned();
            training.result_label = completion.verdict.label_zh().to_owned();
            training.result_note = (!completion.reasons.is_empty()).then(|| {
                completion
                    .reasons
                    .iter()
                    .map(|r| r.text_zh())
                    .collect::<Vec<_>>()
                    .join("；")
            });
            if sheet.graded
                && let Some(total) = line.line.total
            {
                training.grade = Some(hundredths_text(i64::from(total)));
                training.passed = Some(line.line.passed);
                training.excellent = Some(line.line.excellent);
            }
        }
    }
    Ok(Some(training))
}

fn external_training(
    row: &TrainingRecordRow,
    status: &ComplianceStatus,
    days_per_month: u32,
) -> ArchiveTraining {
    let record = counted(status, "external", row.id.0);
    ArchiveTraining {
        source: "external".to_owned(),
        source_id: row.id.0,
        title: row.title.clone(),
        kind: row.kind.code().to_owned(),
        kind_label: row.kind.label_zh().to_owned(),
        organiser: String::new(),
        institution: row.institution_name.clone(),
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        days: figure(hundredths_text(row.days)),
        hours: figure(hundredths_text(row.hours)),
        planned_hours: None,
        result: "approved".to_owned(),
        result_label: "已认可".to_owned(),
        result_note: None,
        grade: None,
        passed: None,
        excellent: None,
        certificate_number: None,
        privately_arranged: row.privately_arranged,
        personal_file: record.is_some_and(|r| r.record.goes_into_personal_file(days_per_month)),
    }
}

fn credit_years(totals: &[ganxun_storage::credits::ledger::TotalRow]) -> Vec<ArchiveCreditYear> {
    let mut years: BTreeMap<i32, Vec<ArchiveCredit>> = BTreeMap::new();
    let mut sums: BTreeMap<i32, i64> = BTreeMap::new();
    for t in totals.iter().filter(|t| t.entries > 0) {
        *sums.entry(t.year).or_default() += t.amount;
        years.entry(t.year).or_default().push(ArchiveCredit {
            label: t.category.label_zh().to_owned(),
            category: t.category,
            amount: hundredths_text(t.amount),
            entries: t.entries,
        });
    }
    years
        .into_iter()
        .rev()
        .map(|(year, categories)| ArchiveCreditYear {
            year,
            total: hundredths_text(sums.get(&year).copied().unwrap_or(0)),
            categories,
        })
        .collect()
}

fn person_block(person: &PersonView, unit_code: String) -> ArchivePerson {
    ArchivePerson {
        id: person.id,
        name: person.name.clone(),
        sex: person.sex.code().to_owned(),
        sex_label: person.sex.label_zh().to_owned(),
        birth_date: person.birth_date,
        id_card_masked: person.id_card_masked.clone(),
        unit_id: person.unit_id,
        unit_code,
        unit_name: person.unit_name.clone(),
        position: person.position.clone(),
        rank: person.rank.code().to_owned(),
        rank_label: person.rank.label_zh().to_owned(),
        categories: person
            .categories
            .iter()
            .map(|c| c.code().to_owned())
            .collect(),
        category_labels: person
            .categories
            .iter()
            .map(|c: &Category| c.label_zh().to_owned())
            .collect(),
        education: person.education.map(|e| e.code().to_owned()),
        education_label: person.education.map(|e| e.label_zh().to_owned()),
    }
}

/// The name of the root of the unit tree the person belongs to.
async fn keeper_of(app: &App, unit_id: UnitId) -> AppResult<String> {
    let mut unit = ganxun_storage::org::get_unit_unscoped(&app.db, unit_id).await?;
    while let Some(parent) = unit.parent_id {
        unit = ganxun_storage::org::get_unit_unscoped(&app.db, parent).await?;
    }
    Ok(unit.name)
}

/// Assembles the archive of a person the principal may read (404 otherwise, as for the person),
/// opening it on first use; `export` is written to the audit log with it.
pub(crate) async fn assemble(
    app: &App,
    principal: &Principal,
    person_id: PersonId,
    export: Option<ArchiveExport>,
) -> AppResult<ArchiveView> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let person = ganxun_storage::people::get(&app.db, &scope, person_id).await?;
    let as_of = app.today();
    // Called as it is: the archive shows the same review as the compliance tab.
    let status = compliance::status(app, principal, person_id, as_of).await?;
    let (county_rules, _) = compliance::rule_set_for(app, COMPLIANCE_COUNTY, as_of).await?;
    let days_per_month = county_rules.conversion.days_per_month;
    let rows = store::rows_of(&app.db, &scope, person_id).await?;

    let mut trainings = Vec::new();
    for class in &rows.classes {
        if let Some(training) = class_training(app, class, &status, days_per_month).await? {
            trainings.push(training);
        }
    }
    trainings.extend(
        rows.external
            .iter()
            .map(|row| external_training(row, &status, days_per_month)),
    );
    trainings.sort_by(|a, b| {
        (a.starts_on, a.ends_on, &a.source, a.source_id).cmp(&(
            b.starts_on,
            b.ends_on,
            &b.source,
            b.source_id,
        ))
    });

    let unit = ganxun_storage::org::get_unit_unscoped(&app.db, person.unit_id).await?;
    let keeper = keeper_of(app, person.unit_id).await?;
    let ArchiveHead {
        number, created_at, ..
    } = store::open(
        &app.db,
        &principal.actor(),
        app.now(),
        person_id,
        &unit.code,
        export,
    )
    .await?;
    Ok(ArchiveView {
        number,
        created_at,
        updated_at: rows.updated_at.max(created_at),
        as_of,
        keeper,
        days_per_month,
        person: person_block(&person, unit.code),
        trainings,
        credits: credit_years(&rows.totals),
        compliance: status,
    })
}

/// The archive to read on screen (opened on first use; reading it is not an export).
pub async fn view(app: &App, principal: &Principal, person_id: PersonId) -> AppResult<ArchiveView> {
    assemble(app, principal, person_id, None).await
}

/// An internal failure with its cause, for what cannot go wrong with well-formed data.
pub(crate) fn internal(what: &str, error: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("{what}: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ganxun_domain::code_enum::Vocabulary;

    #[test]
    fn hundredths_print_without_trailing_zeros() {
        assert_eq!(hundredths_text(9000), "90");
        assert_eq!(hundredths_text(1250), "12.5");
        assert_eq!(hundredths_text(1225), "12.25");
        assert_eq!(hundredths_text(5), "0.05");
        assert_eq!(hundredths_text(-150), "-1.5");
    }

    #[test]
    fn credit_years_sum_their_categories_newest_first() {
        let total =
            |year: i32, category: &str, amount: i64| ganxun_storage::credits::ledger::TotalRow {
                year,
                category: CreditCategory::from_code(category).unwrap(),
                amount,
                entries: 1,
            };
        let years = credit_years(&[
            total(2025, "class_hours", 1200),
            total(2026, "class_hours", 3000),
            total(2026, "research", 250),
        ]);
        let shown: Vec<(i32, &str, usize)> = years
            .iter()
            .map(|y| (y.year, y.total.as_str(), y.categories.len()))
            .collect();
        assert_eq!(shown, [(2026, "32.5", 2), (2025, "12", 1)]);
        assert_eq!(years[0].categories[1].label, "教科研");
    }
}
