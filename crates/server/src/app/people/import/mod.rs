//! Importing a roster (R-PPL-3): the file is read and validated on a blocking thread under the
//! configured limits (no upload can take the server's memory or time), the valid rows are
//! written in one batched transaction, and the answer is a report whose size is capped — the
//! rows with problems first — while the full report is an Excel download.
//!
//! A real roster (issue 17 item 10) is read through the column mapping its importer chose
//! (`columns`, remembered per unit), may name units by name instead of code (`units`: exact
//! matches taken, near ones confirmed by a person) and may have no rank.

mod columns;
mod units;

pub use columns::{ColumnChoice, ImportColumn, ImportColumns, ImportField, columns};
pub use units::{UnitChoice, UnitNameMatch, UnitNameStatus, UnitRef};

use super::super::{App, AppError, AppResult, FieldError, Principal};
use axum::body::Bytes;
use ganxun_domain::Permission;
use ganxun_domain::PersonId;
use ganxun_domain::Rank;
use ganxun_domain::UnitId;
use ganxun_domain::people::import::ImportOutcome;
use ganxun_sheets::{Cell, HeaderOverrides, ParsedPerson, RawRow, ReadLimits, RowProblem, Table};
use ganxun_storage::people::{
    self, ExistingPeople, ImportOptions, ImportRow, NewPerson, RowOutcome,
};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use units::Directory;
use utoipa::ToSchema;

/// What the person importing decided after looking at the file: how its columns read, and
/// which unit each name that matched none exactly means.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ImportChoices {
    /// Each header of the file and its field; absent: the headers are read as the template's.
    #[serde(default)]
    pub mapping: Option<Vec<ColumnChoice>>,
    #[serde(default)]
    pub unit_choices: Vec<UnitChoice>,
}

/// Rows a report lists in its answer; the rest are counted, and the Excel report has them all.
pub const REPORT_ROWS_SHOWN: usize = 1_000;

/// One row of an import report.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct ImportRowReport {
    pub row_number: usize,
    /// `created`, `updated`, `unchanged` or `rejected`; in a dry run, what would happen.
    #[schema(value_type = String)]
    pub outcome: ImportOutcome,
    #[schema(value_type = Option<i64>)]
    pub person_id: Option<PersonId>,
    pub name: Option<String>,
    /// Why a row was rejected, each with a stable code and a Chinese message.
    pub problems: Vec<FieldError>,
    /// Values that were normalised on the way in (never silently).
    pub notes: Vec<String>,
}

/// The result of an import: every row counted; the rows themselves listed up to
/// [`REPORT_ROWS_SHOWN`], those with problems or notes first.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    pub total_rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    /// Rows with a normalised value (a note).
    pub noted: usize,
    /// In row order; at most [`REPORT_ROWS_SHOWN`].
    pub rows: Vec<ImportRowReport>,
    /// Rows not listed in `rows` (the Excel report lists them).
    pub rows_omitted: usize,
    /// The unit names the file gives without a code, each with what it matched: the ones
    /// waiting for a choice first.
    pub unit_names: Vec<UnitNameMatch>,
}

/// Where an import is, for a progress bar: rows read, then rows written out of the valid ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportProgress {
    Reading,
    Writing { done: usize, total: usize },
}

/// The full report as rows, before it is capped for the answer.
struct FullReport {
    dry_run: bool,
    total_rows: usize,
    rows: Vec<ImportRowReport>,
    unit_names: Vec<UnitNameMatch>,
}

/// Imports people from an .xlsx or .csv file laid out as the template. All valid rows are
/// written in one transaction; every other row is reported with its number and reason.
/// `dry_run` validates only.
pub async fn import(
    app: &App,
    principal: &Principal,
    bytes: Bytes,
    update_existing: bool,
    dry_run: bool,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> AppResult<ImportReport> {
    let choices = ImportChoices::default();
    import_with(
        app,
        principal,
        bytes,
        &choices,
        update_existing,
        dry_run,
        progress,
    )
    .await
}

/// [`import`] of any roster, read as `choices` says.
pub async fn import_with(
    app: &App,
    principal: &Principal,
    bytes: Bytes,
    choices: &ImportChoices,
    update_existing: bool,
    dry_run: bool,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> AppResult<ImportReport> {
    let full = run(
        app,
        principal,
        bytes,
        choices,
        update_existing,
        dry_run,
        progress,
    )
    .await?;
    Ok(capped(full))
}

/// The same import as a dry run, answered with the full report as an Excel workbook: every row,
/// its outcome, its problems and notes.
pub async fn import_report_xlsx(
    app: &App,
    principal: &Principal,
    bytes: Bytes,
    choices: &ImportChoices,
    update_existing: bool,
) -> AppResult<Vec<u8>> {
    let full = run(
        app,
        principal,
        bytes,
        choices,
        update_existing,
        true,
        &|_| {},
    )
    .await?;
    tokio::task::spawn_blocking(move || report_xlsx(&full))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?
}

async fn run(
    app: &App,
    principal: &Principal,
    bytes: Bytes,
    choices: &ImportChoices,
    update_existing: bool,
    dry_run: bool,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> AppResult<FullReport> {
    let scope = principal.scope(app, Permission::PeopleImport).await?;
    let (overrides, mapping) = match &choices.mapping {
        Some(mapping) => {
            let (overrides, kept) = columns::overrides(mapping)?;
            (overrides, Some(kept))
        }
        None => (HeaderOverrides::default(), None),
    };
    progress(ImportProgress::Reading);
    let limits = app.settings.import.limits();
    let (total_rows, parsed, problems, names) =
        tokio::task::spawn_blocking(move || read_and_validate(&bytes, &limits, &overrides))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))??;

    let mut reports: BTreeMap<usize, ImportRowReport> = BTreeMap::new();
    for problem in problems {
        let entry = reports.entry(problem.row_number).or_insert_with(|| {
            let mut report = rejected(problem.row_number);
            report.name = names.get(&problem.row_number).cloned();
            report
        });
        let field = problem.column.unwrap_or("");
        let message = if problem.value.is_empty() {
            problem.message
        } else {
            format!("{}（原值：{}）", problem.message, problem.value)
        };
        entry
            .problems
            .push(FieldError::new(field, problem.code, message));
    }

    // Unit codes resolved once per distinct code, not once per row.
    let mut units: HashMap<String, Option<(UnitId, String)>> = HashMap::new();
    for code in parsed.iter().filter_map(|p| p.unit_code.as_ref()) {
        if !units.contains_key(code) {
            let unit = ganxun_storage::org::find_by_code(&app.db, &scope, code).await?;
            units.insert(code.clone(), unit.map(|u| (u.id, u.name)));
        }
    }
    // Unit names without a code, matched once per distinct name.
    let by_name: HashMap<String, UnitNameMatch> = if parsed.iter().any(|p| p.unit_code.is_none()) {
        let directory = Directory::load(app, &scope).await?;
        let given = parsed
            .iter()
            .filter(|p| p.unit_code.is_none())
            .filter_map(|p| p.unit_name.as_deref().map(|name| (name, p.row_number)));
        directory.resolve(given, &choices.unit_choices)
    } else {
        HashMap::new()
    };
    let today = app.today();
    let mut rows = Vec::with_capacity(parsed.len());
    let mut rankless: HashSet<usize> = HashSet::new();
    for person in parsed {
        let found = match &person.unit_code {
            Some(code) => by_code(code, units.get(code).cloned().flatten(), &person),
            None => by_unit_name(&by_name, &person),
        };
        let (unit_id, unit_note) = match found {
            Ok(found) => found,
            Err(problem) => {
                let mut report = rejected(person.row_number);
                report.name = Some(person.name.to_string());
                report.notes.clone_from(&person.notes);
                report.problems.push(problem);
                reports.insert(person.row_number, report);
                continue;
            }
        };
        let mut notes = person.notes.clone();
        notes.extend(unit_note);
        reports.insert(
            person.row_number,
            ImportRowReport {
                row_number: person.row_number,
                outcome: ImportOutcome::Valid,
                person_id: None,
                name: Some(person.name.to_string()),
                problems: Vec::new(),
                notes,
            },
        );
        if person.rank.is_none() {
            rankless.insert(person.row_number);
        }
        rows.push(ImportRow {
            row_number: person.row_number,
            rank_given: person.rank.is_some(),
            person: NewPerson {
                sex: person.id_card.sex(),
                birth_date: person.id_card.birth_date(),
                name: person.name,
                id_card: person.id_card,
                phone: person.phone,
                unit_id,
                position: person.position,
                rank: person.rank.unwrap_or(Rank::Unranked),
                categories: person.categories,
                education: person.education,
                post_start_date: person.post_start_date,
                effective_date: person.effective_date.unwrap_or(today),
            },
        });
    }
    if !rows.is_empty() {
        let existing = if update_existing {
            ExistingPeople::Update
        } else {
            ExistingPeople::Reject
        };
        let total = rows.len();
        let outcomes = people::import(
            &app.db,
            &app.key,
            &principal.actor(),
            app.now(),
            &scope,
            &rows,
            ImportOptions {
                existing,
                dry_run,
                remember: mapping.as_ref().map(|m| (principal.unit_id, m)),
            },
            &|done| progress(ImportProgress::Writing { done, total }),
        )
        .await?;
        for (row_number, outcome) in outcomes {
            if let Some(report) = reports.get_mut(&row_number) {
                let created = matches!(outcome, RowOutcome::Created { .. });
                record_outcome(report, outcome, dry_run);
                // Said, never done silently: a new person without a rank in the file.
                if created && rankless.contains(&row_number) {
                    report
                        .notes
                        .push(format!("未填职级，按“{}”登记", Rank::Unranked.label_zh()));
                }
            }
        }
    }
    let mut unit_names: Vec<UnitNameMatch> = by_name.into_values().collect();
    unit_names.sort_by_key(|m| {
        let waiting = !matches!(
            m.status,
            UnitNameStatus::Matched | UnitNameStatus::Confirmed
        );
        (!waiting, m.first_row)
    });
    Ok(FullReport {
        dry_run,
        total_rows,
        rows: reports.into_values().collect(),
        unit_names,
    })
}

/// The unit a row's code names, checked against the name the row gives: a name that is not the
/// coded unit's means one of the two is wrong, and the row is not guessed at.
fn by_code(
    code: &str,
    unit: Option<(UnitId, String)>,
    person: &ParsedPerson,
) -> Result<(UnitId, Option<String>), FieldError> {
    let Some((unit_id, unit_name)) = unit else {
        return Err(FieldError::new(
            "单位代码",
            "UNKNOWN_UNIT",
            format!("单位代码“{code}”不存在或不在您的管理范围内"),
        ));
    };
    if let Some(given) = &person.unit_name
        && !units::same_name(&unit_name, given)
    {
        return Err(FieldError::new(
            "单位名称",
            "UNIT_NAME_MISMATCH",
            format!(
                "单位名称“{given}”与单位代码“{code}”对应的单位“{unit_name}”不一致，请核对单位代码或单位名称"
            ),
        ));
    }
    Ok((unit_id, None))
}

/// The unit a row names without a code, as matched or chosen; a note says how the name was
/// read whenever it was not written exactly as the unit's.
fn by_unit_name(
    by_name: &HashMap<String, UnitNameMatch>,
    person: &ParsedPerson,
) -> Result<(UnitId, Option<String>), FieldError> {
    let given = person.unit_name.as_deref().unwrap_or_default();
    let found = by_name.get(&ganxun_domain::org::names::normal(given));
    match found {
        Some(
            found @ UnitNameMatch {
                unit: Some(unit), ..
            },
        ) => {
            let note = match found.status {
                UnitNameStatus::Confirmed => {
                    Some(format!("单位“{given}”按您的确认记为“{}”", unit.name))
                }
                _ if given != unit.name => {
                    Some(format!("单位“{given}”按名称对应为“{}”", unit.name))
                }
                _ => None,
            };
            Ok((unit.id, note))
        }
        Some(found) => {
            let (code, message) = units::refusal(found);
            Err(FieldError::new("单位名称", code, message))
        }
        None => Err(FieldError::new(
            "单位名称",
            "UNIT_NAME_UNKNOWN",
            format!("单位“{given}”不存在或不在您的管理范围内"),
        )),
    }
}

/// Reading and validating: pure work on a blocking thread. Returns the number of rows read, the
/// valid people, the problems, and the names as written of the rows with problems.
type Validated = (
    usize,
    Vec<ParsedPerson>,
    Vec<RowProblem>,
    HashMap<usize, String>,
);

fn read_and_validate(
    bytes: &[u8],
    limits: &ReadLimits,
    overrides: &HeaderOverrides,
) -> AppResult<Validated> {
    let raw: Vec<RawRow> = ganxun_sheets::read_people_mapped(bytes, limits, overrides)
        .map_err(|e| AppError::field("file", e.code(), e))?;
    let (parsed, problems) = ganxun_sheets::validate_people(&raw);
    // The name as written, so a person can find the row in their own sheet.
    let with_problems: HashSet<usize> = problems.iter().map(|p| p.row_number).collect();
    let names = raw
        .iter()
        .filter(|r| with_problems.contains(&r.row_number))
        .filter_map(|r| {
            let name = r.cells.get(ganxun_sheets::keys::NAME)?;
            (!name.trim().is_empty()).then(|| (r.row_number, name.clone()))
        })
        .collect();
    Ok((raw.len(), parsed, problems, names))
}

fn record_outcome(report: &mut ImportRowReport, outcome: RowOutcome, dry_run: bool) {
    let (label, person_id) = match outcome {
        RowOutcome::Created { person_id } => (ImportOutcome::Created, Some(person_id)),
        RowOutcome::Updated { person_id } => (ImportOutcome::Updated, Some(person_id)),
        RowOutcome::Unchanged { person_id } => (ImportOutcome::Unchanged, Some(person_id)),
        RowOutcome::Duplicate => {
            report.problems.push(FieldError::new(
                "身份证号",
                "DUPLICATE_ID_CARD",
                "该身份证号已在干部库中；如需更新已有人员，请勾选“更新已有人员”后重新导入",
            ));
            (ImportOutcome::Rejected, None)
        }
        RowOutcome::UnitInactive => {
            report.problems.push(FieldError::new(
                "单位代码",
                "UNIT_INACTIVE",
                "该单位已停用，请改填在用单位的代码",
            ));
            (ImportOutcome::Rejected, None)
        }
        RowOutcome::UnitOutOfScope => {
            report.problems.push(FieldError::new(
                "单位代码",
                "UNIT_OUT_OF_SCOPE",
                "该人员不在您的管理范围内",
            ));
            (ImportOutcome::Rejected, None)
        }
    };
    report.outcome = label;
    // A dry run rolled back: its ids never existed.
    report.person_id = person_id.filter(|_| !dry_run);
}

/// The answer: counts of everything, the rows with problems or notes first, up to the cap.
fn capped(full: FullReport) -> ImportReport {
    let count = |outcome: ImportOutcome| full.rows.iter().filter(|r| r.outcome == outcome).count();
    let (created, updated, unchanged, rejected) = (
        count(ImportOutcome::Created),
        count(ImportOutcome::Updated),
        count(ImportOutcome::Unchanged),
        count(ImportOutcome::Rejected),
    );
    let noted = full.rows.iter().filter(|r| !r.notes.is_empty()).count();
    let total = full.rows.len();
    let (mut shown, plain): (Vec<ImportRowReport>, Vec<ImportRowReport>) = full
        .rows
        .into_iter()
        .partition(|r| !r.problems.is_empty() || !r.notes.is_empty());
    shown.truncate(REPORT_ROWS_SHOWN);
    let room = REPORT_ROWS_SHOWN - shown.len();
    shown.extend(plain.into_iter().take(room));
    shown.sort_by_key(|r| r.row_number);
    ImportReport {
        dry_run: full.dry_run,
        total_rows: full.total_rows,
        created,
        updated,
        unchanged,
        rejected,
        noted,
        rows_omitted: total - shown.len(),
        rows: shown,
        unit_names: full.unit_names,
    }
}

/// The full report as a workbook: one row per row of the file.
fn report_xlsx(full: &FullReport) -> AppResult<Vec<u8>> {
    let outcome = |outcome: ImportOutcome| match (outcome, full.dry_run) {
        (ImportOutcome::Created, true) => "将新增",
        (ImportOutcome::Updated, true) => "将更新",
        (ImportOutcome::Rejected, true) => "有问题",
        (other, _) => other.label_zh(),
    };
    let table = Table {
        sheet: "导入报告".to_owned(),
        title: if full.dry_run {
            "干部信息导入预检报告".to_owned()
        } else {
            "干部信息导入报告".to_owned()
        },
        subtitle: format!("共 {} 行", full.total_rows),
        headers: vec![
            ("行号".to_owned(), 8.0),
            ("姓名".to_owned(), 12.0),
            ("结果".to_owned(), 10.0),
            ("问题".to_owned(), 60.0),
            ("说明".to_owned(), 40.0),
        ],
        rows: full
            .rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Number(r.row_number as f64),
                    Cell::Text(r.name.clone().unwrap_or_default()),
                    Cell::Text(outcome(r.outcome).to_owned()),
                    Cell::Text(
                        r.problems
                            .iter()
                            .map(|p| p.message.as_str())
                            .collect::<Vec<_>>()
                            .join("；"),
                    ),
                    Cell::Text(r.notes.join("；")),
                ]
            })
            .collect(),
    };
    ganxun_sheets::tables_xlsx(&[table]).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
}

fn rejected(row_number: usize) -> ImportRowReport {
    ImportRowReport {
        row_number,
        outcome: ImportOutcome::Rejected,
        person_id: None,
        name: None,
        problems: Vec::new(),
        notes: Vec::new(),
    }
}
