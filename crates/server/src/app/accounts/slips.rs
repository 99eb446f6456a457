//! A batch's first sign-in slips (账号开通单) as a PDF to cut apart, one unit after another, and
//! as Excel with a sheet per unit to sign for receipt. Each download is audited by
//! [`super::opening::slips`].

use super::opening::{self, SealedSlips};
use crate::app::classes::exports::{Document, typeset};
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::AccountBatchId;
use ganxun_print::{AccountSlip, AccountSlipUnit, AccountSlips};
use ganxun_sheets::{Cell, Table};
use std::collections::HashSet;

fn opened_on(slips: &SealedSlips) -> String {
    ganxun_domain::china_datetime(slips.opened_at)
        .format("%Y年%-m月%-d日 %H:%M")
        .to_string()
}

fn file_stem(slips: &SealedSlips) -> String {
    match slips.units.as_slice() {
        [(unit, _)] => format!("{unit}-学员账号开通单"),
        _ => format!("学员账号开通单（{} 个单位）", slips.units.len()),
    }
}

/// The slips as a PDF: each unit starts a page, slips in dashed boxes to cut apart.
pub async fn pdf(
    app: &App,
    principal: &Principal,
    batch_id: AccountBatchId,
    login_url: String,
) -> AppResult<Document> {
    let slips = opening::slips(app, principal, batch_id, "pdf").await?;
    let doc = AccountSlips {
        title: "学员账号开通单".to_owned(),
        login_url,
        opened_on: opened_on(&slips),
        opened_by: slips.opened_by.clone(),
        units: slips
            .units
            .iter()
            .map(|(unit, list)| AccountSlipUnit {
                unit: unit.clone(),
                slips: list
                    .iter()
                    .map(|s| AccountSlip {
                        name: s.name.clone(),
                        unit: s.unit.clone(),
                        username: s.username.clone(),
                        password: s.password.clone(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let bytes = typeset(app, move |p| p.account_slips_pdf(&doc)).await?;
    Ok(Document {
        file_name: format!("{}.pdf", file_stem(&slips)),
        bytes,
    })
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(unit: &str, used: &mut HashSet<String>) -> String {
    let clean: String = unit
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .take(28)
        .collect();
    let clean = if clean.is_empty() {
        "单位".to_owned()
    } else {
        clean
    };
    let mut name = clean.clone();
    let mut n = 2;
    while !used.insert(name.clone()) {
        name = format!("{clean}{n}");
        n += 1;
    }
    name
}

/// The slips as Excel: a sheet per unit, a line per person with room to sign for receipt.
pub async fn xlsx(
    app: &App,
    principal: &Principal,
    batch_id: AccountBatchId,
    login_url: String,
) -> AppResult<Document> {
    let slips = opening::slips(app, principal, batch_id, "xlsx").await?;
    let mut used = HashSet::new();
    let tables: Vec<Table> = slips
        .units
        .iter()
        .map(|(unit, list)| Table {
            sheet: sheet_name(unit, &mut used),
            title: format!("{unit}学员账号开通单"),
            subtitle: format!(
                "登录地址：{login_url}　首次登录须修改初始密码　开通：{} {}",
                slips.opened_by,
                opened_on(&slips)
            ),
            headers: vec![
                ("序号".to_owned(), 6.0),
                ("姓名".to_owned(), 10.0),
                ("单位".to_owned(), 24.0),
                ("用户名".to_owned(), 14.0),
                ("初始密码".to_owned(), 16.0),
                ("本人签收".to_owned(), 14.0),
            ],
            rows: list
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    vec![
                        Cell::Number((i + 1) as f64),
                        Cell::Text(s.name.clone()),
                        Cell::Text(s.unit.clone()),
                        Cell::Text(s.username.clone()),
                        Cell::Text(s.password.clone()),
                        Cell::Text(String::new()),
                    ]
                })
                .collect(),
        })
        .collect();
    let bytes = ganxun_sheets::tables_xlsx(&tables)
        .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
    Ok(Document {
        file_name: format!("{}.xlsx", file_stem(&slips)),
        bytes,
    })
}
