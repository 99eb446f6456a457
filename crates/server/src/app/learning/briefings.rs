//! The half-monthly statistics and monthly briefings of online learning (R-ONL-4, seed 000:
//! 每半月进行一次统计 … 每月一次的统计简报都将学习情况通报市领导小组和各区县): made on schedule
//! after each period ends, for the whole tree (the leading group) and for each district and
//! sub-centre with learners, kept as issued and downloaded as Excel or a printable PDF.
//!
//! The figures are those of the live view as of the period's last day: required hours finished
//! by then against the even pace, the time learned in the period, and the laggards with how many
//! half-months in a row they have been behind and so whom their follow-up goes to.

use super::watch::{Laggard, PeriodView, Watch, WatchFigures, WatchGroup, measure};
use crate::app::classes::exports::Document;
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{Datelike, NaiveDate};
use ganxun_domain::learning::{BriefingKind, Escalation, Period};
use ganxun_domain::{BriefingId, ClassHours, Permission, UnitId, UnitType};
use ganxun_sheets::{Cell, Table};
use ganxun_storage::AccessScope;
use ganxun_storage::audit::Actor;
use ganxun_storage::learning::briefings::{self as store, Briefing, NewBriefing};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Laggards a briefing keeps by name at most (a county's all; a province's worst, with the
/// total stated).
const LAGGARDS_KEPT: usize = 5_000;

/// Who made a briefing on schedule.
const SCHEDULE: &str = "定时生成";

/// A briefing's figures as issued.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BriefingDocument {
    /// `half_month` or `month`.
    pub kind: String,
    pub kind_label: String,
    pub period: PeriodView,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub title: String,
    /// Whom it goes to.
    pub recipients: String,
    pub summary: String,
    #[schema(value_type = Option<String>)]
    pub target_hours: Option<ClassHours>,
    pub target_rule: Option<String>,
    /// What the even pace asks for by the period's last day.
    #[schema(value_type = Option<String>)]
    pub expected_hours: Option<ClassHours>,
    pub whole: WatchFigures,
    pub groups: Vec<WatchGroup>,
    pub laggards: Vec<Laggard>,
    pub laggards_total: u64,
}

/// A kept briefing as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BriefingView {
    #[schema(value_type = i64)]
    pub id: BriefingId,
    pub kind: String,
    pub kind_label: String,
    pub period: PeriodView,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub title: String,
    pub made_by: String,
    pub made_at: chrono::DateTime<chrono::Utc>,
}

impl From<Briefing> for BriefingView {
    fn from(b: Briefing) -> Self {
        Self {
            id: b.id,
            kind: b.period.kind.code().to_owned(),
            kind_label: b.period.kind.label_zh().to_owned(),
            period: b.period.into(),
            unit_id: b.unit_id,
            title: b.title,
            made_by: b.made_by,
            made_at: b.made_at,
        }
    }
}

/// A briefing asked for by hand (a period the schedule missed, while the server was down).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MakeBriefingInput {
    /// `2026-11` for a month, `2026-11-1` / `2026-11-2` for its halves.
    pub period: String,
    /// The unit reported on (default: the top unit the caller reaches).
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
}

fn hours_text(hours: ClassHours) -> String {
    hours.to_string()
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "—".to_owned()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

fn chinese_date(day: NaiveDate) -> String {
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

/// "2026年11月1日至11月30日".
fn period_text(period: &Period) -> String {
    let (first, last) = (period.first_day(), period.last_day());
    format!(
        "{}至{}月{}日",
        chinese_date(first),
        last.month(),
        last.day()
    )
}

/// The opening paragraph, in the words of a briefing.
fn summary(period: &Period, unit_name: &str, whole: &WatchFigures, laggards: &[Laggard]) -> String {
    let at = |level: Escalation| {
        laggards
            .iter()
            .filter(|l| l.escalation == level.code())
            .count()
    };
    let mut text = format!(
        "{}，{}应参加网络学习 {} 人，本期参加学习 {} 人（{}），本期累计学习 {:.1} 小时；必修课节完成率 {}。",
        period.label_zh(),
        unit_name,
        whole.learners,
        whole.learned_in_period,
        percent(whole.learned_in_period, whole.learners),
        whole.period_minutes as f64 / 60.0,
        whole
            .completion_percent
            .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%")),
    );
    if whole.done + whole.on_pace + whole.behind > 0 {
        text.push_str(&format!(
            "按全年目标均匀进度衡量，已完成全年目标 {} 人，进度正常 {} 人，进度滞后 {} 人",
            whole.done, whole.on_pace, whole.behind
        ));
        let (unit, district) = (at(Escalation::Unit), at(Escalation::District));
        if unit + district > 0 {
            text.push_str(&format!(
                "，其中连续两个半月滞后 {unit} 人（告知所在单位督促），连续三个半月及以上滞后 {district} 人（报区县、分中心督办）"
            ));
        }
        text.push('。');
        if whole.behind > 0 {
            text.push_str("请各单位对照名单，与学习困难和学习态度不积极的学员逐一沟通，督促按期完成学习任务。");
        }
    } else {
        text.push_str("现行达标规则未规定年度网络学习学时，本期未按进度衡量。");
    }
    text
}

/// Makes and keeps the briefing of a period for a unit; `None` when it was made before.
pub(crate) async fn make(
    app: &App,
    actor: &Actor,
    made_by: &str,
    period: Period,
    unit: &ganxun_storage::org::Unit,
) -> AppResult<Option<Briefing>> {
    if store::exists(&app.db, period, unit.id).await? {
        return Ok(None);
    }
    let as_of = period.last_day();
    // The schedule reports on everyone below the unit, whoever reads it later.
    let watch = Watch::of_unit(
        app,
        &AccessScope::everything(),
        unit.id,
        &unit.name,
        &unit.path,
    )
    .await?;
    let target = super::requirements::yearly_target(app, as_of).await?;
    let measured = measure(
        app,
        &watch,
        target.as_ref().map(|(h, _)| *h),
        period.first_day(),
        as_of,
        None,
    )
    .await?;
    let kind = period.kind;
    let title = format!(
        "{}{}网络学习{}",
        unit.name,
        period.label_zh(),
        match kind {
            BriefingKind::Month => "情况通报",
            BriefingKind::HalfMonth => "统计",
        }
    );
    let recipients = if unit.parent_id.is_none() {
        "干部教育培训工作领导小组，各区县、分中心".to_owned()
    } else {
        format!("{}及所属各单位", unit.name)
    };
    let document = BriefingDocument {
        kind: kind.code().to_owned(),
        kind_label: kind.label_zh().to_owned(),
        period: period.into(),
        unit_id: unit.id,
        unit_name: unit.name.clone(),
        title: title.clone(),
        recipients,
        summary: summary(&period, &unit.name, &measured.whole, &measured.laggards),
        target_hours: target.as_ref().map(|(h, _)| *h),
        target_rule: target.map(|(_, rule)| rule),
        expected_hours: measured.expected,
        whole: measured.whole,
        groups: measured.groups,
        laggards_total: measured.laggards.len() as u64,
        laggards: measured.laggards.into_iter().take(LAGGARDS_KEPT).collect(),
    };
    let json = serde_json::to_string(&document)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("briefing not serialised: {e}")))?;
    Ok(store::record(
        &app.db,
        actor,
        app.now(),
        NewBriefing {
            period,
            unit_id: unit.id,
            unit_path: &unit.path,
            title: &title,
            document: &json,
            made_by,
        },
    )
    .await?)
}

/// The units briefed on schedule: the top of the tree (the leading group) and every district
/// and sub-centre; units without people are skipped by `make`'s caller.
async fn recipients(app: &App) -> AppResult<Vec<ganxun_storage::org::Unit>> {
    Ok(
        ganxun_storage::org::list_units(&app.db, &AccessScope::everything(), false)
            .await?
            .into_iter()
            .filter(|u| {
                u.active
                    && (u.parent_id.is_none()
                        || matches!(u.unit_type, UnitType::SubCentre | UnitType::County))
            })
            .collect(),
    )
}

/// Makes the briefings of a period for every unit briefed that has people (those made before
/// are left as they are). How many it made.
pub async fn make_for_period(app: &App, period: Period) -> AppResult<usize> {
    let actor = Actor::system("learning.briefings");
    let mut made = 0;
    for unit in recipients(app).await? {
        if has_people(app, &unit).await? {
            made += usize::from(make(app, &actor, SCHEDULE, period, &unit).await?.is_some());
        }
    }
    Ok(made)
}

/// Makes what the schedule owes by `today`: the last ended half-month's statistics and the
/// last ended month's briefing, for each unit briefed. Idempotent. How many it made.
pub async fn run_schedule(app: &App, today: NaiveDate) -> AppResult<usize> {
    let mut made = 0;
    for kind in [BriefingKind::HalfMonth, BriefingKind::Month] {
        made += make_for_period(app, Period::last_ended(kind, today)).await?;
    }
    Ok(made)
}

async fn has_people(app: &App, unit: &ganxun_storage::org::Unit) -> AppResult<bool> {
    Ok(ganxun_storage::learning::watch::anyone_in(app.db.connection(), &unit.path).await?)
}

/// How often the schedule looks for what it owes (making is idempotent).
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// The worker of a running server: makes the briefings owed, once an hour.
pub fn spawn_worker(app: App) {
    tokio::spawn(async move {
        loop {
            let today = ganxun_domain::china_date(app.now());
            if let Err(error) = run_schedule(&app, today).await {
                tracing::warn!(error = ?error, "learning briefings not made; retrying");
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    });
}

/// Briefings are read by those whose `learning.guide` reaches the whole unit reported on.
async fn readers(app: &App, principal: &Principal) -> AppResult<AccessScope> {
    principal.require(Permission::LearningGuide)?;
    principal.scope(app, Permission::LearningGuide).await
}

/// `GET /learning/briefings`.
pub async fn list(
    app: &App,
    principal: &Principal,
    kind: Option<&str>,
) -> AppResult<Vec<BriefingView>> {
    let scope = readers(app, principal).await?;
    let kind = match kind {
        Some(code) => Some(BriefingKind::parse(code).ok_or_else(|| {
            AppError::field("kind", "BRIEFING_KIND_UNKNOWN", "请选择半月统计或月度通报")
        })?),
        None => None,
    };
    Ok(store::list(&app.db, &scope, kind)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// `GET /learning/briefings/{id}`.
pub async fn get(
    app: &App,
    principal: &Principal,
    id: BriefingId,
) -> AppResult<(BriefingView, BriefingDocument)> {
    let scope = readers(app, principal).await?;
    let (briefing, json) = store::get(&app.db, &scope, id).await?;
    let document: BriefingDocument = serde_json::from_str(&json)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("briefing {id} unreadable: {e}")))?;
    Ok((briefing.into(), document))
}

/// `POST /learning/briefings`: a period that has ended, for a unit in the caller's scope.
pub async fn make_now(
    app: &App,
    principal: &Principal,
    input: &MakeBriefingInput,
) -> AppResult<BriefingView> {
    principal.require(Permission::LearningManage)?;
    let period = Period::parse(&input.period).ok_or_else(|| {
        AppError::field(
            "period",
            "BRIEFING_PERIOD_INVALID",
            "请选择统计期间（某月，或某月上半月、下半月）",
        )
    })?;
    let today = ganxun_domain::china_date(app.now());
    if period.last_day() >= today {
        return Err(AppError::field(
            "period",
            "BRIEFING_PERIOD_NOT_ENDED",
            format!("{}尚未结束，结束后才能生成统计或通报", period.label_zh()),
        ));
    }
    if period.year < today.year() - 5 {
        return Err(AppError::field(
            "period",
            "BRIEFING_PERIOD_TOO_OLD",
            "只能补做近五年的统计和通报",
        ));
    }
    let scope = readers(app, principal).await?;
    let unit = super::watch::chosen_unit(app, &scope, input.unit_id).await?;
    match make(
        app,
        &principal.actor(),
        &principal.display_name,
        period,
        &unit,
    )
    .await?
    {
        Some(briefing) => Ok(briefing.into()),
        None => Err(AppError::rule(
            "BRIEFING_EXISTS",
            format!(
                "{}{}的{}已经生成，请在列表中下载",
                unit.name,
                period.label_zh(),
                period.kind.label_zh()
            ),
        )),
    }
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn number(value: u64) -> Cell {
    Cell::Number(value as f64)
}

fn hours_cell(hours: ClassHours) -> Cell {
    Cell::Hundredths(i64::from(hours.hundredths()))
}

fn headers(list: &[(&str, f64)]) -> Vec<(String, f64)> {
    list.iter().map(|(h, w)| ((*h).to_owned(), *w)).collect()
}

fn group_name(group: &WatchGroup) -> String {
    if group.own {
        format!("{}（本级）", group.name)
    } else {
        group.name.clone()
    }
}

fn laggards_note(document: &BriefingDocument) -> String {
    let mut note = format!(
        "共 {} 人，按连续滞后期数和差距从大到小排列",
        document.laggards_total
    );
    if (document.laggards.len() as u64) < document.laggards_total {
        note.push_str(&format!("，列出前 {} 人", document.laggards.len()));
    }
    note.push_str(
        "。督促安排：滞后一期提醒本人，连续两期告知所在单位，连续三期及以上报区县（分中心）督办。",
    );
    note
}

fn target_text(document: &BriefingDocument) -> String {
    match (&document.target_hours, &document.target_rule) {
        (Some(target), Some(rule)) => format!(
            "年度网络学习目标 {} 学时（{}）；按均匀进度，截至{}应完成 {} 学时。只计必修课程学时，拓展课程不计入。",
            hours_text(*target),
            rule,
            chinese_date(document.period.last_day),
            document.expected_hours.map(hours_text).unwrap_or_default()
        ),
        _ => "现行达标规则未规定年度网络学习学时。".to_owned(),
    }
}

/// `GET /learning/briefings/{id}/xlsx`: sheets 概况, 各单位, 进度滞后学员.
pub async fn xlsx(app: &App, principal: &Principal, id: BriefingId) -> AppResult<Document> {
    let (_, document) = get(app, principal, id).await?;
    let subtitle = format!(
        "统计期间：{}　{}",
        period_text_of(&document),
        document.kind_label
    );
    let whole = &document.whole;
    let overview = Table {
        sheet: "概况".into(),
        title: document.title.clone(),
        subtitle: subtitle.clone(),
        headers: headers(&[("项目", 24.0), ("数值", 16.0)]),
        rows: vec![
            vec![text("应参加网络学习人数"), number(whole.learners)],
            vec![text("本期参加学习人数"), number(whole.learned_in_period)],
            vec![
                text("本期学习时长（小时）"),
                Cell::Hundredths(i64::try_from(whole.period_minutes * 100 / 60).unwrap_or(0)),
            ],
            vec![text("必修课节数"), number(whole.required_lessons)],
            vec![
                text("已完成必修课节数"),
                number(whole.finished_required_lessons),
            ],
            vec![
                text("必修完成率"),
                text(
                    whole
                        .completion_percent
                        .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%")),
                ),
            ],
            vec![text("本年已完成必修学时"), hours_cell(whole.required_hours)],
            vec![text("已完成全年目标人数"), number(whole.done)],
            vec![text("进度正常人数"), number(whole.on_pace)],
            vec![text("进度滞后人数"), number(whole.behind)],
            vec![text("说明"), text(target_text(&document))],
            vec![text("报送"), text(document.recipients.clone())],
            vec![text("情况"), text(document.summary.clone())],
        ],
    };
    let by_unit = Table {
        sheet: "各单位".into(),
        title: format!("{}（各单位）", document.title),
        subtitle: subtitle.clone(),
        headers: headers(&[
            ("单位", 26.0),
            ("应学人数", 10.0),
            ("本期参学", 10.0),
            ("本期学习（小时）", 14.0),
            ("必修完成率", 11.0),
            ("已完成学时", 11.0),
            ("已达标", 9.0),
            ("进度正常", 9.0),
            ("进度滞后", 9.0),
        ]),
        rows: document
            .groups
            .iter()
            .map(|g| {
                let f = &g.figures;
                vec![
                    text(group_name(g)),
                    number(f.learners),
                    number(f.learned_in_period),
                    Cell::Hundredths(i64::try_from(f.period_minutes * 100 / 60).unwrap_or(0)),
                    text(
                        f.completion_percent
                            .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%")),
                    ),
                    hours_cell(f.required_hours),
                    number(f.done),
                    number(f.on_pace),
                    number(f.behind),
                ]
            })
            .collect(),
    };
    let laggards = Table {
        sheet: "进度滞后学员".into(),
        title: format!("{}（进度滞后学员）", document.title),
        subtitle: laggards_note(&document),
        headers: headers(&[
            ("序号", 6.0),
            ("姓名", 10.0),
            ("单位", 26.0),
            ("已完成学时", 11.0),
            ("应完成学时", 11.0),
            ("差距", 9.0),
            ("连续滞后（半月）", 14.0),
            ("本期学习（分钟）", 14.0),
            ("最近完成必修", 13.0),
            ("督促安排", 22.0),
        ]),
        rows: document
            .laggards
            .iter()
            .enumerate()
            .map(|(i, l)| {
                vec![
                    number(i as u64 + 1),
                    text(l.name.clone()),
                    text(l.unit_name.clone()),
                    hours_cell(l.required_hours),
                    hours_cell(l.expected_hours),
                    hours_cell(l.short_hours),
                    number(u64::from(l.periods_behind)),
                    number(l.period_minutes),
                    text(l.last_finished_on.map(chinese_date).unwrap_or_default()),
                    text(l.escalation_label.clone()),
                ]
            })
            .collect(),
    };
    let bytes = ganxun_sheets::tables_xlsx(&[overview, by_unit, laggards])
        .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
    Ok(Document {
        file_name: format!("{}.xlsx", document.title),
        bytes,
    })
}

fn period_text_of(document: &BriefingDocument) -> String {
    Period::parse(&document.period.code)
        .map(|p| period_text(&p))
        .unwrap_or_else(|| document.period.label.clone())
}

/// `GET /learning/briefings/{id}/pdf`.
pub async fn pdf(app: &App, principal: &Principal, id: BriefingId) -> AppResult<Document> {
    let (view, document) = get(app, principal, id).await?;
    let data = ganxun_print::LearningBriefing {
        title: document.title.clone(),
        kind: document.kind_label.clone(),
        period: period_text_of(&document),
        recipients: document.recipients.clone(),
        summary: document.summary.clone(),
        target: target_text(&document),
        groups: document
            .groups
            .iter()
            .map(|g| {
                let f = &g.figures;
                ganxun_print::LearningBriefingGroup {
                    name: group_name(g),
                    learners: f.learners.to_string(),
                    learned: f.learned_in_period.to_string(),
                    hours: format!("{:.1}", f.period_minutes as f64 / 60.0),
                    completion: f
                        .completion_percent
                        .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%")),
                    done: f.done.to_string(),
                    on_pace: f.on_pace.to_string(),
                    behind: f.behind.to_string(),
                }
            })
            .collect(),
        laggards: document
            .laggards
            .iter()
            .enumerate()
            .map(|(i, l)| ganxun_print::LearningBriefingLaggard {
                seq: u32::try_from(i + 1).unwrap_or(u32::MAX),
                name: l.name.clone(),
                unit: l.unit_name.clone(),
                hours: hours_text(l.required_hours),
                expected: hours_text(l.expected_hours),
                short: hours_text(l.short_hours),
                periods: format!("{} 期", l.periods_behind),
                escalation: l.escalation_label.clone(),
            })
            .collect(),
        laggards_note: laggards_note(&document),
        made_on: chinese_date(ganxun_domain::china_date(view.made_at)),
        made_by: view.made_by.clone(),
    };
    let bytes = crate::app::classes::exports::typeset(app, move |printer| {
        printer.learning_briefing_pdf(&data)
    })
    .await?;
    Ok(Document {
        file_name: format!("{}.pdf", document.title),
        bytes,
    })
}
