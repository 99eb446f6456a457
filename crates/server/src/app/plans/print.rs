//! An annual plan on paper and in Excel (issue 17 item 12): the plan as drafted or approved —
//! its classes, numbers, days, budget and quarter — and, once it is approved, how it was
//! carried out as of today ([`execution`]). Read through the same use cases, so within the same
//! rights and scope as the page.

use super::execution::{self, ClassHeld, Execution};
use super::get;
use crate::app::classes::certificates::{chinese_date, period};
use crate::app::classes::exports::{Document, typeset};
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::PlanId;
use ganxun_domain::money::yuan_text;
use ganxun_domain::plans::{AdditionState, PlanState};
use ganxun_print::{PlanClass, PlanDocument, PlanItemLine, PlanProgressLine};
use ganxun_sheets::{Cell, Table};
use ganxun_storage::plans::{Plan, PlanItem};

fn quarter_text(quarter: Option<i32>) -> String {
    quarter.map_or_else(|| "全年".to_owned(), |q| format!("第{q}季度"))
}

/// The items the plan holds (pending and returned additions are not part of it).
fn items_in_force(plan: &Plan) -> impl Iterator<Item = &PlanItem> {
    plan.items.iter().filter(|i| execution::in_force(i))
}

fn nature(item: &PlanItem) -> &'static str {
    if item.addition_state == AdditionState::Approved {
        "临时增补"
    } else {
        "计划内"
    }
}

fn class_line(class: &ClassHeld) -> String {
    format!(
        "{}（{}，{}，在册 {} 人）",
        class.title,
        period(class.starts_on, class.ends_on),
        class.state_label,
        class.enrolled
    )
}

/// "已批准（2026年1月20日）" and the like: where the plan stands, in words.
fn standing(plan: &Plan) -> String {
    let on = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|at| format!("（{}）", chinese_date(ganxun_domain::china_date(at))))
            .unwrap_or_default()
    };
    match plan.state {
        PlanState::Approved | PlanState::Rejected => {
            format!("{}{}", plan.state.label_zh(), on(plan.decided_at))
        }
        PlanState::Submitted => format!("{}{}", plan.state.label_zh(), on(plan.submitted_at)),
        PlanState::Draft => plan.state.label_zh().to_owned(),
    }
}

fn summary(execution: &Execution) -> String {
    let t = &execution.totals;
    let percent = t
        .done_percent
        .map_or_else(String::new, |p| format!("，完成率 {p}%"));
    format!(
        "计划班次 {} 个：已完成 {} 个、培训中 {} 个、筹备中 {} 个、未开展 {} 个、逾期未开展 {} 个{percent}。\
         计划培训 {} 人次，在册 {} 人次；计划 {} 天，已安排 {} 天。计划外举办班次 {} 个，在册 {} 人次。",
        t.items,
        t.done,
        t.running,
        t.preparing,
        t.not_started,
        t.overdue,
        t.planned_trainees,
        t.enrolled,
        t.planned_days,
        t.days_held,
        t.unplanned_classes,
        t.unplanned_enrolled,
    )
}

/// `GET /plans/{id}/pdf`: the plan as a document, with its execution once approved.
pub async fn pdf(app: &App, principal: &Principal, id: PlanId) -> AppResult<Document> {
    let plan = get(app, principal, id).await?;
    let execution = if plan.state == PlanState::Approved {
        Some(execution::of_plan(app, plan.clone()).await?)
    } else {
        None
    };
    let total_budget: i64 = items_in_force(&plan).map(|i| i.budget_fen).sum();
    let document = PlanDocument {
        title: plan.title.clone(),
        unit: plan.unit_name.clone(),
        year: format!("{}年度", plan.year),
        standing: standing(&plan),
        budget: format!("{} 元", yuan_text(plan.budget_fen)),
        items_budget: format!("{} 元", yuan_text(total_budget)),
        note: plan.note.clone(),
        items: items_in_force(&plan)
            .enumerate()
            .map(|(i, item)| PlanItemLine {
                seq: u32::try_from(i + 1).unwrap_or(u32::MAX),
                title: item.title.clone(),
                kind: item.kind.label_zh().to_owned(),
                target: item.target_trainees.clone(),
                trainees: item.trainees.to_string(),
                days: item.days.to_string(),
                budget: yuan_text(item.budget_fen),
                quarter: quarter_text(item.quarter),
                nature: nature(item).to_owned(),
            })
            .collect(),
        execution_as_of: execution
            .as_ref()
            .map(|e| chinese_date(e.as_of))
            .unwrap_or_default(),
        execution_summary: execution.as_ref().map(summary).unwrap_or_default(),
        progress: execution
            .as_ref()
            .map(|e| {
                e.items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| PlanProgressLine {
                        seq: u32::try_from(i + 1).unwrap_or(u32::MAX),
                        title: item.title.clone(),
                        quarter: quarter_text(item.quarter),
                        trainees: format!("{} / {}", item.planned_trainees, item.enrolled),
                        days: format!("{} / {}", item.planned_days, item.days_held),
                        classes: item.classes.iter().map(class_line).collect(),
                        progress: item.progress_label.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        unplanned: execution
            .as_ref()
            .map(|e| {
                e.unplanned
                    .iter()
                    .enumerate()
                    .map(|(i, c)| PlanClass {
                        seq: u32::try_from(i + 1).unwrap_or(u32::MAX),
                        title: c.title.clone(),
                        period: period(c.starts_on, c.ends_on),
                        host: c.host_name.clone(),
                        enrolled: c.enrolled.to_string(),
                        state: c.state_label.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        printed_on: chinese_date(app.today()),
    };
    let bytes = typeset(app, move |p| p.plan_pdf(&document)).await?;
    Ok(Document {
        file_name: format!("{}.pdf", plan.title),
        bytes,
    })
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn count(value: i64) -> Cell {
    // Exact: counts are far below 2^53.
    Cell::Number(value as f64)
}

fn headers(list: &[(&str, f64)]) -> Vec<(String, f64)> {
    list.iter().map(|(h, w)| ((*h).to_owned(), *w)).collect()
}

/// `GET /plans/{id}/xlsx`: the plan (计划), and once approved its execution (执行情况) and the
/// classes held outside it (计划外班次), a sheet each.
pub async fn xlsx(app: &App, principal: &Principal, id: PlanId) -> AppResult<Document> {
    let plan = get(app, principal, id).await?;
    let subtitle = format!("{}　{}", plan.unit_name, standing(&plan));
    let mut tables = vec![Table {
        sheet: "计划".to_owned(),
        title: plan.title.clone(),
        subtitle: subtitle.clone(),
        headers: headers(&[
            ("序号", 6.0),
            ("班次名称", 30.0),
            ("类别", 14.0),
            ("培训对象", 24.0),
            ("人数", 8.0),
            ("天数", 8.0),
            ("预算（元）", 14.0),
            ("季度", 10.0),
            ("性质", 10.0),
        ]),
        rows: items_in_force(&plan)
            .enumerate()
            .map(|(i, item)| {
                vec![
                    count(i64::try_from(i + 1).unwrap_or(i64::MAX)),
                    text(item.title.clone()),
                    text(item.kind.label_zh()),
                    text(item.target_trainees.clone()),
                    count(i64::from(item.trainees)),
                    count(i64::from(item.days)),
                    Cell::Yuan(item.budget_fen),
                    text(quarter_text(item.quarter)),
                    text(nature(item)),
                ]
            })
            .collect(),
    }];
    if plan.state == PlanState::Approved {
        let execution = execution::of_plan(app, plan.clone()).await?;
        let as_of = format!(
            "{}　截至{}　{}",
            plan.unit_name,
            chinese_date(execution.as_of),
            summary(&execution)
        );
        tables.push(Table {
            sheet: "执行情况".to_owned(),
            title: format!("{}执行情况", plan.title),
            subtitle: as_of.clone(),
            headers: headers(&[
                ("序号", 6.0),
                ("计划班次", 28.0),
                ("季度", 10.0),
                ("计划人数", 9.0),
                ("在册人数", 9.0),
                ("计划天数", 9.0),
                ("安排天数", 9.0),
                ("举办班次", 44.0),
                ("执行情况", 12.0),
            ]),
            rows: execution
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    vec![
                        count(i64::try_from(i + 1).unwrap_or(i64::MAX)),
                        text(item.title.clone()),
                        text(quarter_text(item.quarter)),
                        count(i64::from(item.planned_trainees)),
                        count(item.enrolled),
                        count(i64::from(item.planned_days)),
                        count(item.days_held),
                        text(
                            item.classes
                                .iter()
                                .map(class_line)
                                .collect::<Vec<_>>()
                                .join("\n"),
                        ),
                        text(item.progress_label.clone()),
                    ]
                })
                .collect(),
        });
        tables.push(Table {
            sheet: "计划外班次".to_owned(),
            title: format!("{}{}年度计划外举办班次", plan.unit_name, plan.year),
            subtitle: as_of,
            headers: headers(&[
                ("序号", 6.0),
                ("班次名称", 32.0),
                ("培训时间", 24.0),
                ("承办单位", 20.0),
                ("在册人数", 9.0),
                ("状态", 14.0),
            ]),
            rows: execution
                .unplanned
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    vec![
                        count(i64::try_from(i + 1).unwrap_or(i64::MAX)),
                        text(c.title.clone()),
                        text(period(c.starts_on, c.ends_on)),
                        text(c.host_name.clone()),
                        count(c.enrolled),
                        text(c.state_label.clone()),
                    ]
                })
                .collect(),
        });
    }
    let bytes = ganxun_sheets::tables_xlsx(&tables)
        .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
    Ok(Document {
        file_name: format!("{}.xlsx", plan.title),
        bytes,
    })
}
