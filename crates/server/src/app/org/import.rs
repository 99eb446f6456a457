//! Importing units in bulk (issue 17 item 10): a list of units — name, parent by name or code,
//! type, optionally a code — checked row by row, each parent found inside the importer's scope
//! (or among the list's own new units), and written in one transaction with an audit entry per
//! unit. A dry run reports exactly what the import would do. Every row that is not created is
//! reported with its reason; a unit already under its parent is not made twice.

use crate::app::{App, AppError, AppResult, FieldError, Principal};
use axum::body::Bytes;
use ganxun_domain::org::names::{near, normal};
use ganxun_domain::people::import::ImportOutcome;
use ganxun_domain::{Permission, UnitCode, UnitId, UnitType};
use ganxun_sheets::{RawRow, UNITS, parse_unit_type, unit_keys as k};
use ganxun_storage::org::import::{Parent, UnitImportRow, UnitRowOutcome, import_units};
use ganxun_storage::org::{self, Unit};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// The longest unit name, as the form allows.
const MAX_NAME_CHARS: usize = 100;

/// One row of a unit import's report.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct UnitImportRowReport {
    pub row_number: usize,
    /// `created`, `unchanged` (already there) or `rejected`; in a dry run, what would happen.
    #[schema(value_type = String)]
    pub outcome: ImportOutcome,
    pub name: Option<String>,
    #[schema(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
    /// The unit's code (given, made, or the existing unit's).
    pub code: Option<String>,
    /// The parent as found.
    pub parent_name: Option<String>,
    pub problems: Vec<FieldError>,
    pub notes: Vec<String>,
}

/// The result of a unit import: every row, in file order.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct UnitImportReport {
    pub dry_run: bool,
    pub total_rows: usize,
    pub created: usize,
    /// Always 0: units are never changed by an import (kept for the shape of people's report).
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub rows: Vec<UnitImportRowReport>,
    /// Always 0: every row is listed.
    pub rows_omitted: usize,
}

/// A row that passed its own checks, its parent still as written.
struct Checked {
    row_number: usize,
    name: String,
    unit_type: UnitType,
    code: Option<UnitCode>,
    parent: String,
}

/// Imports units from an .xlsx or .csv list.
pub async fn import(
    app: &App,
    principal: &Principal,
    bytes: Bytes,
    dry_run: bool,
) -> AppResult<UnitImportReport> {
    let scope = principal.scope(app, Permission::OrgWrite).await?;
    let limits = app.settings.import.limits();
    let raw = tokio::task::spawn_blocking(move || {
        ganxun_sheets::read_table_with(&bytes, &UNITS, &limits)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?
    .map_err(|e| AppError::field("file", e.code(), e))?;
    let total_rows = raw.len();
    let mut reports: BTreeMap<usize, UnitImportRowReport> = BTreeMap::new();
    let mut checked = Vec::new();
    for row in &raw {
        let mut report = UnitImportRowReport {
            row_number: row.row_number,
            outcome: ImportOutcome::Rejected,
            name: row.get(k::NAME).map(|n| n.trim().to_owned()),
            unit_id: None,
            code: None,
            parent_name: None,
            problems: Vec::new(),
            notes: Vec::new(),
        };
        if let Some(row) = check(row, &mut report) {
            checked.push(row);
        }
        reports.insert(report.row_number, report);
    }

    let tree = org::list_units(&app.db, &scope, false).await?;
    let rows = place(&tree, checked, &mut reports);
    if !rows.is_empty() {
        let outcomes = import_units(
            &app.db,
            &principal.actor(),
            app.now(),
            &scope,
            &rows,
            dry_run,
        )
        .await?;
        for (row_number, outcome) in outcomes {
            if let Some(report) = reports.get_mut(&row_number) {
                record(report, outcome, dry_run);
            }
        }
    }
    let rows: Vec<UnitImportRowReport> = reports.into_values().collect();
    let count = |o: ImportOutcome| rows.iter().filter(|r| r.outcome == o).count();
    Ok(UnitImportReport {
        dry_run,
        total_rows,
        created: count(ImportOutcome::Created),
        updated: 0,
        unchanged: count(ImportOutcome::Unchanged),
        rejected: count(ImportOutcome::Rejected),
        rows,
        rows_omitted: 0,
    })
}

/// A row's own checks: name, type, code, a parent given.
fn check(row: &RawRow, report: &mut UnitImportRowReport) -> Option<Checked> {
    let text = |key: &str| {
        row.get(key)
            .map(|t| t.trim_matches(|c: char| c.is_whitespace()).to_owned())
            .filter(|t| !t.is_empty())
    };
    let name = text(k::NAME);
    match &name {
        None => report.problems.push(FieldError::new(
            "单位名称",
            "REQUIRED_MISSING",
            "“单位名称”为必填项，本行未填写",
        )),
        Some(name)
            if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) =>
        {
            report.problems.push(FieldError::new(
                "单位名称",
                "UNIT_NAME_INVALID",
                "单位名称不超过 100 个字，且不能有换行或不可见字符",
            ));
        }
        Some(_) => {}
    }
    let unit_type = match text(k::UNIT_TYPE) {
        None => {
            report.problems.push(FieldError::new(
                "单位类型",
                "REQUIRED_MISSING",
                "“单位类型”为必填项，本行未填写",
            ));
            None
        }
        Some(given) => match parse_unit_type(&given) {
            Some((found, reread)) => {
                if reread {
                    report
                        .notes
                        .push(format!("单位类型“{given}”按“{}”记录", found.label_zh()));
                }
                Some(found)
            }
            None => {
                let labels: Vec<&str> = UnitType::ALL.iter().map(|t| t.label_zh()).collect();
                report.problems.push(FieldError::new(
                    "单位类型",
                    "UNKNOWN_UNIT_TYPE",
                    format!("单位类型“{given}”无法识别，可选值：{}", labels.join("、")),
                ));
                None
            }
        },
    };
    let code = match text(k::CODE) {
        None => Ok(None),
        Some(given) => UnitCode::parse(&given).map(Some).map_err(|e| {
            report.problems.push(FieldError::new(
                "单位代码",
                "UNIT_CODE_INVALID",
                format!("{e}（原值：{given}）"),
            ));
        }),
    };
    let parent = text(k::PARENT);
    if parent.is_none() {
        report.problems.push(FieldError::new(
            "上级单位",
            "REQUIRED_MISSING",
            "“上级单位”为必填项，本行未填写",
        ));
    }
    if !report.problems.is_empty() {
        return None;
    }
    Some(Checked {
        row_number: row.row_number,
        name: name?,
        unit_type: unit_type?,
        code: code.ok()?,
        parent: parent?,
    })
}

/// Finds each row's parent — a code or a name of the tree, or a unit the list itself adds —
/// refuses repeated rows, and orders the rows so that every parent comes first.
fn place(
    tree: &[Unit],
    checked: Vec<Checked>,
    reports: &mut BTreeMap<usize, UnitImportRowReport>,
) -> Vec<UnitImportRow> {
    let by_code: HashMap<&str, &Unit> = tree.iter().map(|u| (u.code.as_str(), u)).collect();
    let mut by_name: HashMap<String, Vec<&Unit>> = HashMap::new();
    for unit in tree {
        by_name.entry(normal(&unit.name)).or_default().push(unit);
    }
    // The list's own units by name: the first row of each name.
    let mut listed: HashMap<String, usize> = HashMap::new();
    for row in &checked {
        listed.entry(normal(&row.name)).or_insert(row.row_number);
    }
    let mut placed: Vec<(Checked, Parent)> = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for row in checked {
        let Some(report) = reports.get_mut(&row.row_number) else {
            continue;
        };
        let key = normal(&row.parent);
        let parent = if let Some(unit) = by_code.get(row.parent.as_str()) {
            report.parent_name = Some(unit.name.clone());
            Ok(Parent::Unit(unit.id))
        } else {
            match (by_name.get(&key).map(Vec::as_slice), listed.get(&key)) {
                (Some([unit]), _) => {
                    report.parent_name = Some(unit.name.clone());
                    Ok(Parent::Unit(unit.id))
                }
                (Some(several), _) if several.len() > 1 => Err(FieldError::new(
                    "上级单位",
                    "PARENT_UNIT_AMBIGUOUS",
                    format!(
                        "您的管理范围内有 {} 个名为“{}”的单位（代码 {}），请改填上级单位的代码",
                        several.len(),
                        row.parent,
                        several
                            .iter()
                            .map(|u| u.code.as_str())
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                )),
                (_, Some(&number)) if number != row.row_number => {
                    report.parent_name = Some(row.parent.clone());
                    Ok(Parent::Row(number))
                }
                _ => {
                    let names = tree.iter().map(|u| normal(&u.name)).collect::<Vec<_>>();
                    let offered: Vec<String> =
                        near(&key, names.iter().map(String::as_str).zip(tree), 3)
                            .into_iter()
                            .map(|u| format!("“{}”（{}）", u.name, u.code))
                            .collect();
                    let hint = if offered.is_empty() {
                        String::new()
                    } else {
                        format!("；相近的有：{}", offered.join("、"))
                    };
                    Err(FieldError::new(
                        "上级单位",
                        "PARENT_UNIT_UNKNOWN",
                        format!("上级单位“{}”不存在或不在您的管理范围内{hint}", row.parent),
                    ))
                }
            }
        };
        let parent = match parent {
            Ok(parent) => parent,
            Err(problem) => {
                report.problems.push(problem);
                continue;
            }
        };
        let twin = (normal(&row.name), key);
        if let Some(first) = seen.get(&twin) {
            report.problems.push(FieldError::new(
                "单位名称",
                "DUPLICATE_IN_FILE",
                format!("与第 {first} 行是同一上级下的同名单位，已保留第 {first} 行，本行未导入"),
            ));
            continue;
        }
        seen.insert(twin, row.row_number);
        placed.push((row, parent));
    }
    ordered(placed, reports)
}

/// The rows with each parent row before its children; rows in a loop of parents are refused.
fn ordered(
    mut waiting: Vec<(Checked, Parent)>,
    reports: &mut BTreeMap<usize, UnitImportRowReport>,
) -> Vec<UnitImportRow> {
    let mut done: Vec<UnitImportRow> = Vec::with_capacity(waiting.len());
    // The rows already placed, by number: a long list stays linear per pass.
    let mut placed: std::collections::HashSet<usize> = std::collections::HashSet::new();
    loop {
        let before = waiting.len();
        let (ready, rest): (Vec<_>, Vec<_>) =
            waiting.into_iter().partition(|(_, parent)| match parent {
                Parent::Unit(_) => true,
                Parent::Row(number) => placed.contains(number),
            });
        waiting = rest;
        for (row, parent) in ready {
            placed.insert(row.row_number);
            done.push(UnitImportRow {
                row_number: row.row_number,
                name: row.name,
                unit_type: row.unit_type,
                code: row.code,
                parent,
            });
        }
        if waiting.is_empty() || waiting.len() == before {
            break;
        }
    }
    for (row, _) in waiting {
        if let Some(report) = reports.get_mut(&row.row_number) {
            report.problems.push(FieldError::new(
                "上级单位",
                "PARENT_UNIT_UNKNOWN",
                format!(
                    "上级单位“{}”要由本表中未能导入的行新增，或与本行互为上级，本行未导入",
                    row.parent
                ),
            ));
        }
    }
    done
}

fn record(report: &mut UnitImportRowReport, outcome: UnitRowOutcome, dry_run: bool) {
    let problem = |code: &str, message: &str| FieldError::new("上级单位", code, message);
    match outcome {
        UnitRowOutcome::Created { unit_id, code } => {
            report.outcome = ImportOutcome::Created;
            // A dry run rolled back: its ids never existed.
            report.unit_id = (!dry_run).then_some(unit_id);
            report.code = Some(code);
        }
        UnitRowOutcome::Exists { unit_id, code } => {
            report.outcome = ImportOutcome::Unchanged;
            report
                .notes
                .push(format!("上级单位下已有该单位（代码 {code}），未重复新增"));
            report.unit_id = Some(unit_id);
            report.code = Some(code);
        }
        UnitRowOutcome::CodeTaken => report.problems.push(FieldError::new(
            "单位代码",
            "UNIT_CODE_TAKEN",
            "该单位代码已被其他单位使用，请改填或留空自动编号",
        )),
        UnitRowOutcome::ParentOutOfScope => report.problems.push(problem(
            "PARENT_UNIT_UNKNOWN",
            "上级单位不存在或不在您的管理范围内",
        )),
        UnitRowOutcome::ParentInactive => report.problems.push(problem(
            "UNIT_INACTIVE",
            "上级单位已停用，请先启用或改填其他单位",
        )),
        UnitRowOutcome::ParentNotCreated => report.problems.push(problem(
            "PARENT_UNIT_UNKNOWN",
            "上级单位是本表中未能导入的单位，本行未导入",
        )),
    }
}
