//! Credits in Excel (issue 6): a person's statement, a class's grade sheet, a publication with
//! its objections and the revocation report as workbooks, each read through the same use case
//! (and so the same permission checks) as its JSON twin; and exam or assignment scores imported
//! from a filled-in score sheet, all or nothing, through [`credits::record_scores`].

use crate::app::archive::hundredths_text;
use crate::app::classes::load;
use crate::app::credits::{self, ScoreInput, ScoresInput};
use crate::app::{App, AppError, AppResult, Principal};
use chrono::NaiveDate;
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_domain::credits::CreditCategory;
use ganxun_domain::credits::grades::GradeVerdict;
use ganxun_domain::{CreditEntryId, PublicationId};
use ganxun_domain::{IdCardNumber, Permission, china_timestamp};
use ganxun_sheets::{Cell, RawRow, ScoreTemplateRow, Table, score_keys};
use ganxun_storage::StoreError;
use ganxun_storage::classes::ClassVisibility;
use ganxun_storage::classes::enrolment::{self as enrolment_store};
use ganxun_storage::credits::ledger::EntryRow;
use ganxun_storage::people::{self, PeopleQuery, PersonView};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use utoipa::{IntoParams, ToSchema};

/// A workbook to download: its file name and bytes.
pub type Workbook = (String, Vec<u8>);

fn workbook(name: String, tables: &[Table]) -> AppResult<Workbook> {
    let bytes = ganxun_sheets::tables_xlsx(tables)
        .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
    Ok((name, bytes))
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn headers(list: &[(&str, f64)]) -> Vec<(String, f64)> {
    list.iter().map(|(h, w)| ((*h).to_owned(), *w)).collect()
}

fn category_label(code: &str) -> String {
    CreditCategory::parse(code).map_or_else(|| code.to_owned(), |c| c.label_zh().to_owned())
}

fn optional_id(id: Option<CreditEntryId>) -> Cell {
    id.map_or_else(|| text(""), |id| text(id.to_string()))
}

/// The rule of an entry as a reader checks it: 考试成绩分档（规则第 2 版）, 出勤学时（内置规则）, the
/// name alone for entries made by hand.
fn rule_text(entry: &EntryRow) -> String {
    let name = ganxun_domain::credits::rule_names::rule_name_zh(&entry.rule_id);
    match entry.rule_version {
        Some(0) => format!("{name}（内置规则）"),
        Some(version) => format!("{name}（规则第 {version} 版）"),
        None => name,
    }
}

/// `GET /people/{id}/credits/xlsx`: the statement of [`credits::statement`] as sheets 合计
/// (year, category, credits, entries) and 明细 (every entry with its rule and who entered it).
pub async fn statement_xlsx(
    app: &App,
    principal: &Principal,
    person_id: PersonId,
    year: Option<i32>,
) -> AppResult<Workbook> {
    let statement = credits::statement(app, principal, person_id, year).await?;
    let years = year.map_or_else(|| "全部年度".to_owned(), |y| format!("{y} 年度"));
    // What the figure counts (ADR 0023): credits, not the hours compliance counts.
    let subtitle = format!(
        "{}　{years}　学分按学时学分规则计算（参训每学时 1 分，请假不计，迟到、早退、缺勤加倍扣减，另计考试、作业、研修成果等），与计入培训达标的实际出勤学时不是同一个数",
        statement.unit_name
    );
    let mut totals: Vec<Vec<Cell>> = statement
        .totals
        .iter()
        .map(|t| {
            vec![
                text(t.total.year.to_string()),
                text(t.category_label.clone()),
                Cell::Hundredths(t.total.amount),
                Cell::Number(t.total.entries as f64),
            ]
        })
        .collect();
    totals.push(vec![
        text("合计"),
        text(""),
        Cell::Hundredths(statement.total),
        Cell::Number(
            statement
                .totals
                .iter()
                .map(|t| t.total.entries)
                .sum::<i64>() as f64,
        ),
    ]);
    let names = crate::app::accounts::names::names_of(
        app,
        statement
            .entries
            .iter()
            .map(|e| e.entry.entered_by.as_str()),
    )
    .await?;
    let entries = statement
        .entries
        .iter()
        .map(|e| {
            let entry = &e.entry;
            vec![
                text(entry.id.to_string()),
                text(entry.date.to_string()),
                text(e.category_label.clone()),
                Cell::Hundredths(entry.amount),
                text(rule_text(entry)),
                text(entry.explanation.clone()),
                optional_id(entry.reverses),
                optional_id(e.reversed_by),
                text(entry.reason.clone()),
                text(names.of(&entry.entered_by)),
                text(china_timestamp(entry.entered_at)),
            ]
        })
        .collect();
    let tables = [
        Table {
            sheet: "合计".into(),
            title: format!("{}学时学分合计", statement.name),
            subtitle: subtitle.clone(),
            headers: headers(&[("年度", 8.0), ("类别", 12.0), ("学分", 10.0), ("条数", 8.0)]),
            rows: totals,
        },
        Table {
            sheet: "明细".into(),
            title: format!("{}学时学分明细", statement.name),
            subtitle,
            headers: headers(&[
                ("编号", 8.0),
                ("日期", 11.0),
                ("类别", 9.0),
                ("学分", 8.0),
                ("规则", 22.0),
                ("说明", 36.0),
                ("冲销条目", 8.0),
                ("被冲销于", 8.0),
                ("事由", 24.0),
                ("登记人", 10.0),
                ("登记时间", 19.0),
            ]),
            rows: entries,
        },
    ];
    let suffix = year.map_or_else(String::new, |y| format!("-{y}"));
    workbook(format!("{}-学时学分{suffix}.xlsx", statement.name), &tables)
}

/// `GET /classes/{id}/grades/xlsx`: the grade sheet of [`crate::app::grades::sheet`], best first.
pub async fn grades_xlsx(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Workbook> {
    let sheet = crate::app::grades::sheet(app, principal, class_id).await?;
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    let components = &sheet.scheme.components;
    let mut columns: Vec<(String, f64)> = headers(&[("名次", 6.0), ("姓名", 10.0), ("单位", 24.0)]);
    columns.extend(
        components
            .iter()
            .map(|c| (format!("{}（{}%）", c.label, c.weight), 12.0)),
    );
    columns.extend(headers(&[
        ("总评", 8.0),
        ("成绩结论", 14.0),
        ("优秀学员", 8.0),
        ("未录入项目", 16.0),
        ("实际出勤学时", 10.0),
        ("出勤率", 8.0),
        ("结业情况", 40.0),
        ("证书编号", 20.0),
    ]));
    let label_of = |code: &str| {
        components
            .iter()
            .find(|c| c.code == code)
            .map_or_else(|| code.to_owned(), |c| c.label.clone())
    };
    let rows = sheet
        .lines
        .iter()
        .map(|l| {
            let line = &l.line;
            let mut row = vec![
                line.rank
                    .map_or_else(|| text("—"), |r| Cell::Number(f64::from(r))),
                text(l.name.clone()),
                text(l.unit_name.clone()),
            ];
            // A component nobody entered is 未录入, never a 0 (ADR 0023).
            row.extend(components.iter().map(|c| {
                line.scores
                    .get(&c.code)
                    .map_or_else(|| text("未录入"), |s| Cell::Hundredths(i64::from(*s)))
            }));
            row.extend([
                line.total
                    .map_or_else(|| text("—"), |t| Cell::Hundredths(i64::from(t))),
                text(if sheet.graded {
                    line.verdict.label_zh()
                } else {
                    "未设考核方案"
                }),
                text(if line.excellent { "优秀" } else { "" }),
                text(
                    line.missing
                        .iter()
                        .map(|c| label_of(c))
                        .collect::<Vec<_>>()
                        .join("、"),
                ),
                l.attendance.map_or_else(
                    || text("未点名"),
                    |a| Cell::Hundredths(i64::from(a.attended.hundredths())),
                ),
                l.attendance_rate.map_or_else(
                    || text("—"),
                    |r| text(format!("{}%", hundredths_text(i64::from(r)))),
                ),
                text(if sheet.finished {
                    l.completion.text_zh()
                } else {
                    "班次未结束".to_owned()
                }),
                text(l.certificate_number.clone().unwrap_or_default()),
            ]);
            row
        })
        .collect();
    let passed = sheet.lines.iter().filter(|l| l.line.passed).count();
    let excellent = sheet.lines.iter().filter(|l| l.line.excellent).count();
    let pending = sheet
        .lines
        .iter()
        .filter(|l| l.line.verdict == GradeVerdict::Pending)
        .count();
    let completed = sheet
        .lines
        .iter()
        .filter(|l| l.completion.completed())
        .count();
    let required = hundredths_text(i64::from(sheet.required_rate));
    let grading = if sheet.graded {
        format!(
            "合格分数 {}　共 {} 人，合格 {passed} 人，成绩未录全待定 {pending} 人，优秀学员 {excellent} 人",
            sheet.scheme.pass_mark,
            sheet.lines.len()
        )
    } else {
        format!(
            "本班未设考核方案，结业只看出勤　共 {} 人",
            sheet.lines.len()
        )
    };
    let subtitle = format!(
        "{grading}；结业 {completed} 人。结业条件：出勤不少于总学时的 {required}%（请假上限 {}；没有点名记录的须开班到位），设有考核方案的成绩合格。未录入的项目不按 0 分计，成绩未录全的总评待定。实际出勤学时按点名记录折算（迟到、早退按比例扣除，请假、缺勤不计）。",
        sheet.leave_cap
    );
    let table = Table {
        sheet: "结业成绩".into(),
        title: format!("{}结业成绩", class.title),
        subtitle,
        headers: columns,
        rows,
    };
    workbook(format!("{}-结业成绩.xlsx", class.title), &[table])
}

/// `GET /credits/publications/{id}/xlsx`: the publication as published (its stored lines, not
/// today's totals) and sheet 异议 with every objection and its answer.
pub async fn publication_xlsx(
    app: &App,
    principal: &Principal,
    id: PublicationId,
) -> AppResult<Workbook> {
    let publication = crate::app::credits::publications::get(app, principal, id).await?;
    // The categories that appear, in the ledger's order.
    let used: BTreeSet<&str> = publication
        .lines
        .iter()
        .flat_map(|l| l.by_category.keys().map(String::as_str))
        .collect();
    let categories: Vec<&str> = CreditCategory::ALL
        .iter()
        .map(|c| c.code())
        .filter(|c| used.contains(c))
        .chain(
            used.iter()
                .copied()
                .filter(|c| CreditCategory::parse(c).is_none()),
        )
        .collect();
    let mut columns = headers(&[("序号", 6.0), ("姓名", 10.0), ("单位", 24.0)]);
    columns.extend(categories.iter().map(|c| (category_label(c), 10.0)));
    columns.push(("合计".into(), 10.0));
    let lines = (1u32..)
        .zip(&publication.lines)
        .map(|(seq, l)| {
            let mut row = vec![
                Cell::Number(f64::from(seq)),
                text(l.name.clone()),
                text(l.unit_name.clone()),
            ];
            row.extend(
                categories
                    .iter()
                    .map(|c| Cell::Hundredths(l.by_category.get(*c).copied().unwrap_or(0))),
            );
            row.push(Cell::Hundredths(l.total));
            row
        })
        .collect();
    let names: HashMap<PersonId, &str> = publication
        .lines
        .iter()
        .map(|l| (l.person_id, l.name.as_str()))
        .collect();
    let objections = publication
        .objections
        .iter()
        .map(|o| {
            let state = o.state.label_zh();
            vec![
                text(o.id.to_string()),
                text(names.get(&o.person_id).copied().unwrap_or_default()),
                text(o.text.clone()),
                optional_id(o.entry_id),
                text(o.raised_by.clone()),
                text(china_timestamp(o.raised_at)),
                text(state),
                text(o.answer.clone().unwrap_or_default()),
                text(o.answered_by.clone().unwrap_or_default()),
                text(o.answered_at.map(china_timestamp).unwrap_or_default()),
            ]
        })
        .collect();
    let subtitle = format!(
        "{}　公示至 {}　发布人：{}　发布时间：{}",
        publication.unit_name,
        publication.closes_on,
        publication.published_by,
        china_timestamp(publication.published_at)
    );
    let tables = [
        Table {
            sheet: "公示名单".into(),
            title: publication.title.clone(),
            subtitle: subtitle.clone(),
            headers: columns,
            rows: lines,
        },
        Table {
            sheet: "异议".into(),
            title: format!("{}异议及答复", publication.title),
            subtitle,
            headers: headers(&[
                ("编号", 6.0),
                ("姓名", 10.0),
                ("异议内容", 32.0),
                ("涉及条目", 8.0),
                ("提出人", 10.0),
                ("提出时间", 19.0),
                ("处理结果", 8.0),
                ("答复", 32.0),
                ("答复人", 10.0),
                ("答复时间", 19.0),
            ]),
            rows: objections,
        },
    ];
    workbook(format!("{}.xlsx", publication.title), &tables)
}

/// `GET /credits/revocations/xlsx`: the revocation report of [`credits::revocations`], one row
/// per revoked entry with who entered it and who revoked it, for follow-up.
pub async fn revocations_xlsx(app: &App, principal: &Principal) -> AppResult<Workbook> {
    // Each row carries its person's name (and the caller's scope was checked there).
    let revocations = credits::revocations(app, principal).await?;
    let rows = revocations
        .iter()
        .map(|row| {
            let (original, revocation) = (&row.revocation.original, &row.revocation.revocation);
            let reason = revocation
                .reason
                .strip_prefix("撤销：")
                .unwrap_or(&revocation.reason);
            vec![
                text(original.id.to_string()),
                text(row.person_name.clone()),
                text(row.unit_name.clone()),
                text(original.date.to_string()),
                text(original.category.label_zh()),
                Cell::Hundredths(original.amount),
                text(original.explanation.clone()),
                text(row.entered_by_name.clone()),
                text(row.approved_by_name.clone().unwrap_or_default()),
                text(china_timestamp(original.entered_at)),
                text(revocation.id.to_string()),
                text(reason),
                text(row.revoked_by_name.clone()),
                text(china_timestamp(revocation.entered_at)),
            ]
        })
        .collect();
    let table = Table {
        sheet: "撤销学分".into(),
        title: "学分撤销情况通报".into(),
        subtitle: format!("共 {} 条", revocations.len()),
        headers: headers(&[
            ("条目编号", 8.0),
            ("姓名", 10.0),
            ("单位", 20.0),
            ("日期", 11.0),
            ("类别", 9.0),
            ("学分", 8.0),
            ("说明", 30.0),
            ("登记人", 10.0),
            ("审核人", 10.0),
            ("记入时间", 19.0),
            ("撤销条目", 8.0),
            ("撤销原因", 28.0),
            ("撤销人", 10.0),
            ("撤销时间", 19.0),
        ]),
        rows,
    };
    workbook("学分撤销情况.xlsx".to_owned(), &[table])
}

/// The enrolled trainees of a class the caller can see.
async fn enrolled_trainees(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<(String, Vec<ScoreTemplateRow>)> {
    let class = load(app, principal, Permission::ClassRead, class_id).await?;
    let rows = enrolment_store::list(&app.db, &ClassVisibility::everything(), class_id)
        .await?
        .into_iter()
        .filter(|r| r.status == EnrolmentStatus::Enrolled)
        .map(|r| ScoreTemplateRow {
            person_id: r.person_id,
            name: r.name,
            unit: r.unit_name,
        })
        .collect();
    Ok((class.title, rows))
}

/// `GET /credits/scores/template`: the score sheet to fill in, prefilled with the class's
/// enrolled trainees when a class is given (never with ID numbers).
pub async fn scores_template(
    app: &App,
    principal: &Principal,
    class_id: Option<ClassId>,
) -> AppResult<Workbook> {
    principal.require(Permission::CreditWrite)?;
    let (title, rows) = match class_id {
        Some(id) => enrolled_trainees(app, principal, id).await?,
        None => (String::new(), Vec::new()),
    };
    let subtitle = if title.is_empty() {
        String::new()
    } else {
        format!("培训班次：{title}（已预填 {} 名学员）", rows.len())
    };
    let bytes = ganxun_sheets::scores_template_xlsx(&subtitle, &rows)
        .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
    let name = if title.is_empty() {
        "成绩导入模板.xlsx".to_owned()
    } else {
        format!("{title}-成绩导入模板.xlsx")
    };
    Ok((name, bytes))
}

/// What the score import is about, from the query string.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScoreImportParams {
    /// exam or assignment
    pub kind: String,
    /// The exam's or assignment's name.
    pub title: String,
    /// YYYY-MM-DD: the day the scores count for (the rule set in force then applies).
    pub date: NaiveDate,
    /// The class the scores belong to (they then feed its grade sheet); every row must be one
    /// of its enrolled trainees.
    #[param(value_type = Option<i64>)]
    pub class_id: Option<ClassId>,
    /// Validate and report only; write nothing.
    pub dry_run: Option<bool>,
}

/// One problem of a score sheet: the row as Excel numbers it, the column's header, a stable
/// code and a Chinese message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ScoreImportProblem {
    pub row: usize,
    pub column: String,
    pub code: String,
    pub message: String,
}

/// What a score import did. All or nothing: with any problem nothing is recorded.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ScoreImportReport {
    /// Scores recorded; on a dry run without problems, the scores that would be recorded.
    /// Always 0 when there are problems.
    pub recorded: u32,
    /// Rows with no score, skipped.
    pub skipped_blank: u32,
    /// Every problem found; when not empty, nothing was recorded.
    pub problems: Vec<ScoreImportProblem>,
    /// Ledger entries posted (absent on a dry run or when nothing was recorded).
    pub credits_posted: Option<u32>,
    pub dry_run: bool,
}

/// Collects a row's problems.
struct Problems(Vec<ScoreImportProblem>);

impl Problems {
    fn add(&mut self, row: &RawRow, column: &str, code: &str, message: String) {
        self.0.push(ScoreImportProblem {
            row: row.row_number,
            column: column.to_owned(),
            code: code.to_owned(),
            message,
        });
    }
}

/// A name compared the way people type it: no spaces anywhere (`钟 伟` is `钟伟`).
fn compact(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

fn cell<'r>(row: &'r RawRow, key: &str) -> Option<&'r str> {
    row.get(key).map(str::trim).filter(|v| !v.is_empty())
}

/// Looks a person up within `scope`: `None` when the register has nobody the caller may record
/// for under that number.
async fn visible(
    app: &App,
    scope: &ganxun_storage::AccessScope,
    id: PersonId,
) -> AppResult<Option<PersonView>> {
    match people::get(&app.db, scope, id).await {
        Ok(person) => Ok(Some(person)),
        Err(StoreError::NotFound) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

/// The person a row names by 系统编号 and/or 身份证号, or its problems.
async fn person_of(
    app: &App,
    scope: &ganxun_storage::AccessScope,
    row: &RawRow,
    problems: &mut Problems,
) -> AppResult<Option<PersonView>> {
    let by_id = match cell(row, score_keys::PERSON_ID) {
        None => None,
        Some(text) => match text.parse::<i64>() {
            Ok(id) => match visible(app, scope, PersonId(id)).await? {
                Some(person) => Some(person),
                None => {
                    problems.add(
                        row,
                        "系统编号",
                        "UNKNOWN_PERSON",
                        format!("系统编号 {id} 的人员不存在或不在您的管理范围内"),
                    );
                    return Ok(None);
                }
            },
            Err(_) => {
                problems.add(
                    row,
                    "系统编号",
                    "PERSON_ID_INVALID",
                    format!("系统编号“{text}”应为数字，请从模板中复制，不要修改"),
                );
                return Ok(None);
            }
        },
    };
    let by_card = match cell(row, score_keys::ID_CARD) {
        None => None,
        Some(text) => {
            let id_card = match IdCardNumber::parse(text) {
                Ok(id_card) => id_card,
                Err(e) => {
                    problems.add(
                        row,
                        "身份证号",
                        "ID_CARD_INVALID",
                        format!("身份证号无效：{e}"),
                    );
                    return Ok(None);
                }
            };
            let query = PeopleQuery {
                id_card: Some(id_card),
                ..PeopleQuery::default()
            };
            let found = people::search(&app.db, &app.key, scope, &query, 1, 2).await?;
            match found.items.into_iter().next() {
                Some(person) => Some(person),
                None => {
                    problems.add(
                        row,
                        "身份证号",
                        "UNKNOWN_PERSON",
                        "该身份证号的人员不存在或不在您的管理范围内".to_owned(),
                    );
                    return Ok(None);
                }
            }
        }
    };
    match (by_id, by_card) {
        (Some(a), Some(b)) if a.id != b.id => {
            problems.add(
                row,
                "身份证号",
                "PERSON_MISMATCH",
                format!(
                    "系统编号 {} 与身份证号不是同一人（身份证号对应“{}”）",
                    a.id, b.name
                ),
            );
            Ok(None)
        }
        (Some(person), _) | (None, Some(person)) => Ok(Some(person)),
        (None, None) => {
            problems.add(
                row,
                "系统编号",
                "PERSON_REQUIRED",
                "请填写系统编号或完整的身份证号".to_owned(),
            );
            Ok(None)
        }
    }
}

/// `POST /credits/scores/import`: exam or assignment scores from a score sheet. Because they
/// decide promotions, the import is all or nothing: every row is checked (person by 系统编号
/// or 身份证号 within the caller's scope, the name against that person, the score by the same
/// parser as entry by hand, no one twice, enrolled in the class when one is given) and every
/// problem reported; only a sheet without problems is recorded, through
/// [`credits::record_scores`] in its one transaction.
pub async fn import_scores(
    app: &App,
    principal: &Principal,
    bytes: &[u8],
    params: &ScoreImportParams,
) -> AppResult<ScoreImportReport> {
    principal.require(Permission::CreditWrite)?;
    // The same reach as recording by hand (credits::record_scores checks it again).
    let scope = principal.scope(app, Permission::PeopleWrite).await?;
    if !matches!(params.kind.as_str(), "exam" | "assignment") {
        return Err(AppError::field(
            "kind",
            "UNKNOWN_KIND",
            "成绩类别须为考试（exam）或作业（assignment）",
        ));
    }
    // As credits::record_scores will require, checked before a dry run answers.
    let title = params.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(AppError::field(
            "title",
            "REQUIRED",
            "请填写考试或作业名称（不超过 200 字）",
        ));
    }
    let enrolled: Option<Vec<PersonId>> = match params.class_id {
        Some(id) => Some(
            enrolled_trainees(app, principal, id)
                .await?
                .1
                .into_iter()
                .map(|r| r.person_id)
                .collect(),
        ),
        None => None,
    };
    let set = &ganxun_sheets::SCORES;
    let limits = app.settings.import.limits();
    let rows = ganxun_sheets::read_table_with(bytes, set, &limits).map_err(|e| {
        let message = match e {
            ganxun_sheets::SheetError::MissingColumns(_) => {
                format!("{e}。这不是成绩表：请下载成绩导入模板，填好“成绩”列后上传")
            }
            _ => e.to_string(),
        };
        AppError::field("file", e.code(), message)
    })?;

    let mut problems = Problems(Vec::new());
    let mut skipped_blank = 0u32;
    let mut scores: Vec<ScoreInput> = Vec::new();
    let mut rows_of: HashMap<PersonId, usize> = HashMap::new();
    for row in &rows {
        let Some(score) = cell(row, score_keys::SCORE) else {
            skipped_blank += 1;
            continue;
        };
        let valid_score = credits::row_score(scores.len(), score).is_ok();
        if !valid_score {
            problems.add(
                row,
                "成绩",
                "SCORE_INVALID",
                format!("成绩“{score}”须为 0 至 100 的数，最多两位小数"),
            );
        }
        let Some(person) = person_of(app, &scope, row, &mut problems).await? else {
            continue;
        };
        match cell(row, score_keys::NAME) {
            None => problems.add(
                row,
                "姓名",
                "NAME_REQUIRED",
                format!("请填写姓名，用于核对（系统中为“{}”）", person.name),
            ),
            Some(name) if compact(name) != compact(&person.name) => problems.add(
                row,
                "姓名",
                "NAME_MISMATCH",
                format!(
                    "姓名“{name}”与系统中该人员的姓名“{}”不一致，请核对",
                    person.name
                ),
            ),
            Some(_) => {}
        }
        if let Some(first) = rows_of.insert(person.id, row.row_number) {
            problems.add(
                row,
                "系统编号",
                "DUPLICATE_PERSON",
                format!("{}在第 {first} 行已有成绩，同一人只能出现一次", person.name),
            );
        }
        if enrolled
            .as_ref()
            .is_some_and(|list| !list.contains(&person.id))
        {
            problems.add(
                row,
                "姓名",
                "NOT_ENROLLED",
                format!("{}不是该培训班次的在册学员", person.name),
            );
        }
        if valid_score {
            scores.push(ScoreInput {
                person_id: person.id,
                score: score.to_owned(),
            });
        }
    }
    let problems = problems.0;
    let dry_run = params.dry_run.unwrap_or(false);
    let mut report = ScoreImportReport {
        skipped_blank,
        dry_run,
        ..ScoreImportReport::default()
    };
    if !problems.is_empty() {
        report.problems = problems;
        return Ok(report);
    }
    let count = u32::try_from(scores.len()).unwrap_or(u32::MAX);
    if scores.is_empty() || dry_run {
        report.recorded = count;
        return Ok(report);
    }
    let input = ScoresInput {
        kind: params.kind.clone(),
        title: params.title.clone(),
        date: params.date,
        class_id: params.class_id,
        scores,
    };
    let recorded = credits::record_scores(app, principal, &input).await?;
    report.recorded = u32::try_from(recorded.records.len()).unwrap_or(u32::MAX);
    report.credits_posted = Some(recorded.posted);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_without_spaces() {
        assert_eq!(compact(" 钟 伟\u{3000}"), "钟伟");
        assert_ne!(compact("钟伟"), compact("钟玮"));
    }
}
