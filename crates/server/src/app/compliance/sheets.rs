//! The compliance dashboard in Excel (issue 7): the same numbers and lists as
//! `GET /compliance/dashboard` and `GET /compliance/people`, read through the same use cases and
//! so the same scope: by rule, by unit, the one-fifth coverage, the people at risk or short, and
//! the suggestion list for 点名调学.

use crate::app::compliance::dashboard::{
    self as dashboard, ComplianceDashboardQuery, ComplianceFigures, CompliancePeopleQuery,
    CompliancePersonStatus, StatusCounts,
};
use crate::app::credits::sheets::Workbook;
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::compliance::RuleType;
use ganxun_sheets::{Cell, Table};

/// Rows of each list at most: a county's lists fit; a province's are read on screen by unit.
const LIST_LIMIT: u64 = 5_000;

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn number(value: i64) -> Cell {
    Cell::Number(value as f64)
}

fn headers(list: &[(&str, f64)]) -> Vec<(String, f64)> {
    list.iter().map(|(h, w)| ((*h).to_owned(), *w)).collect()
}

/// "85.0%" of met among those bound, or "—" when nobody is bound.
fn rate(counts: &StatusCounts) -> String {
    if counts.total == 0 {
        return "—".to_owned();
    }
    format!("{:.1}%", counts.met as f64 * 100.0 / counts.total as f64)
}

/// "40 天、500 学时"; the count when the rule asks for neither; empty when nothing.
fn amount(f: &ComplianceFigures) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &f.days {
        parts.push(format!("{d} 天"));
    }
    if let Some(h) = &f.hours {
        parts.push(format!("{h} 学时"));
    }
    if parts.is_empty()
        && let Some(t) = f.times
    {
        parts.push(format!("{t} 次"));
    }
    parts.join("、")
}

fn person_rows(items: &[CompliancePersonStatus]) -> Vec<Vec<Cell>> {
    items
        .iter()
        .map(|p| {
            vec![
                text(p.person_name.clone()),
                text(p.unit_name.clone()),
                text(p.rule_name.clone()),
                text(p.status.label_zh()),
                text(format!(
                    "{} 至 {}",
                    p.window_from
                        .map_or_else(|| "…".to_owned(), |d| d.to_string()),
                    p.window_to
                )),
                text(amount(&p.required)),
                text(amount(&p.done)),
                text(amount(&p.missing)),
                text(p.last_trained_on.map(|d| d.to_string()).unwrap_or_default()),
            ]
        })
        .collect()
}

const PERSON_HEADERS: [(&str, f64); 9] = [
    ("姓名", 10.0),
    ("单位", 24.0),
    ("规则", 30.0),
    ("状态", 10.0),
    ("统计期间", 24.0),
    ("要求", 16.0),
    ("已完成", 16.0),
    ("尚缺", 16.0),
    ("最近一次培训结束", 14.0),
];

/// `GET /compliance/dashboard/xlsx`.
pub async fn dashboard_xlsx(
    app: &App,
    principal: &Principal,
    query: &ComplianceDashboardQuery,
) -> AppResult<Workbook> {
    let board = dashboard::dashboard(app, principal, query).await?;
    let as_of = board
        .newest_as_of
        .map_or_else(|| "尚未计算".to_owned(), |d| format!("统计截至 {d}"));
    let by_rule = Table {
        sheet: "按规则".into(),
        title: format!("{}培训达标情况", board.unit_name),
        subtitle: as_of.clone(),
        headers: headers(&[
            ("规则集", 22.0),
            ("规则", 34.0),
            ("类型", 12.0),
            ("应达标人数", 11.0),
            ("已达标", 9.0),
            ("有风险", 9.0),
            ("未达标", 9.0),
            ("达标率", 9.0),
        ]),
        rows: board
            .rules
            .iter()
            .map(|r| {
                vec![
                    text(r.kind_title.clone()),
                    text(r.name.clone()),
                    text(r.rule_type.label_zh()),
                    number(r.counts.total),
                    number(r.counts.met),
                    number(r.counts.at_risk),
                    number(r.counts.not_met),
                    text(rate(&r.counts)),
                ]
            })
            .collect(),
    };
    let by_unit = Table {
        sheet: "按单位".into(),
        title: format!("{}各单位培训达标情况", board.unit_name),
        subtitle: as_of.clone(),
        headers: headers(&[
            ("单位", 26.0),
            ("规则", 34.0),
            ("应达标人数", 11.0),
            ("已达标", 9.0),
            ("有风险", 9.0),
            ("未达标", 9.0),
            ("达标率", 9.0),
        ]),
        rows: board
            .units
            .iter()
            .flat_map(|u| {
                let name = if u.own {
                    format!("{}（本级）", u.name)
                } else {
                    u.name.clone()
                };
                board
                    .rules
                    .iter()
                    .zip(&u.counts)
                    .filter(|(_, c)| c.total > 0)
                    .map(move |(r, c)| {
                        vec![
                            text(name.clone()),
                            text(r.name.clone()),
                            number(c.total),
                            number(c.met),
                            number(c.at_risk),
                            number(c.not_met),
                            text(rate(c)),
                        ]
                    })
            })
            .collect(),
    };
    let coverage = Table {
        sheet: "调训覆盖".into(),
        title: format!("{}年度调训覆盖情况", board.unit_name),
        subtitle: as_of.clone(),
        headers: headers(&[
            ("规则", 34.0),
            ("单位", 26.0),
            ("应训人数", 10.0),
            ("已培训", 9.0),
            ("要求比例", 9.0),
            ("至少应训", 10.0),
            ("尚缺", 8.0),
            ("是否达到", 9.0),
        ]),
        rows: board
            .coverage
            .iter()
            .flat_map(|c| {
                std::iter::once(&c.whole).chain(&c.units).map(move |u| {
                    vec![
                        text(c.name.clone()),
                        text(if u.own {
                            format!("{}（本级）", u.name)
                        } else {
                            u.name.clone()
                        }),
                        number(u.bound),
                        number(u.trained),
                        text(c.share.clone()),
                        number(u.required),
                        number(u.missing),
                        text(if u.met { "是" } else { "否" }),
                    ]
                })
            })
            .collect(),
    };
    let list = |status: &str, order: &str| CompliancePeopleQuery {
        unit_id: Some(board.unit_id),
        kind: None,
        rule_id: None,
        status: Some(status.to_owned()),
        order: Some(order.to_owned()),
        page: None,
        per_page: None,
    };
    let short = dashboard::people_up_to(
        app,
        principal,
        &list("at_risk,not_met", "shortfall"),
        LIST_LIMIT,
    )
    .await?;
    let short_people: Vec<CompliancePersonStatus> = short
        .items
        .into_iter()
        .filter(|p| p.rule_type != RuleType::Coverage)
        .collect();
    let mut untrained_people = Vec::new();
    for c in &board.coverage {
        let query = CompliancePeopleQuery {
            kind: Some(c.kind.clone()),
            rule_id: Some(c.rule_id.clone()),
            ..list("not_met", "untrained")
        };
        untrained_people.extend(
            dashboard::people_up_to(app, principal, &query, LIST_LIMIT)
                .await?
                .items,
        );
    }
    let at_risk = Table {
        sheet: "有风险和未达标".into(),
        title: format!("{}有风险和未达标人员", board.unit_name),
        subtitle: format!("{as_of}，共 {} 条（按尚缺从多到少）", short_people.len()),
        headers: headers(&PERSON_HEADERS),
        rows: person_rows(&short_people),
    };
    let untrained = Table {
        sheet: "点名调学建议".into(),
        title: format!("{}点名调学建议名单", board.unit_name),
        subtitle: format!(
            "{as_of}，本年度尚未参加培训的人员，最久未训者在前，共 {} 人",
            untrained_people.len()
        ),
        headers: headers(&PERSON_HEADERS),
        rows: person_rows(&untrained_people),
    };
    let bytes = ganxun_sheets::tables_xlsx(&[by_rule, by_unit, coverage, at_risk, untrained])
        .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
    Ok((format!("{}-培训达标情况.xlsx", board.unit_name), bytes))
}
