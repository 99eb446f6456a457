//! The archive as a printed form (干部教育培训档案, typst `archive.typ`): every text formatted
//! here, typeset on a blocking thread, the export audited.

use super::{ArchiveTraining, ArchiveView, assemble, internal};
use crate::app::classes::exports::Document;
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::calendar::china_datetime;
use ganxun_storage::archive::ArchiveExport;

fn dotted(date: NaiveDate) -> String {
    date.format("%Y.%m.%d").to_string()
}

fn chinese_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

fn chinese_time(at: DateTime<Utc>) -> String {
    let local = china_datetime(at);
    format!("{} {}", chinese_date(local.date()), local.format("%H:%M"))
}

/// "86.5 优秀", "58 不合格": the grade with its verdict.
fn grade_text(t: &ArchiveTraining) -> String {
    let Some(grade) = &t.grade else {
        return String::new();
    };
    let verdict = match (t.passed, t.excellent) {
        (_, Some(true)) => "优秀",
        (Some(true), _) => "合格",
        (Some(false), _) => "不合格",
        _ => "",
    };
    format!("{grade} {verdict}").trim_end().to_owned()
}

/// "11.52（计划 18）": the hours counted, and the plan's when they differ (ADR 0023).
fn hours_text(t: &ArchiveTraining) -> String {
    let counted = t.hours.clone().unwrap_or_default();
    match &t.planned_hours {
        Some(planned) if *planned != counted => format!("{counted}（计划 {planned}）"),
        _ => counted,
    }
}

/// "中共甲县委组织部 / 县委党校": the organiser, and the host when it is another body.
fn organiser_text(t: &ArchiveTraining) -> String {
    match (t.organiser.as_str(), t.institution.as_str()) {
        (o, "") => o.to_owned(),
        ("", i) => i.to_owned(),
        (o, i) if o == i => o.to_owned(),
        (o, i) => format!("{o} / {i}"),
    }
}

/// The printable data of an archive.
pub(crate) fn form(view: &ArchiveView, today: NaiveDate) -> ganxun_print::Archive {
    let p = &view.person;
    let private = |t: &ArchiveTraining| {
        if t.privately_arranged {
            "（社会化培训）"
        } else {
            ""
        }
    };
    ganxun_print::Archive {
        number: view.number.clone(),
        keeper: view.keeper.clone(),
        person: ganxun_print::ArchivePerson {
            name: p.name.clone(),
            sex: p.sex_label.clone(),
            birth_date: chinese_date(p.birth_date),
            id_card_masked: p.id_card_masked.clone(),
            unit: p.unit_name.clone(),
            position: p.position.clone(),
            rank: p.rank_label.clone(),
            categories: p.category_labels.join("、"),
            education: p.education_label.clone().unwrap_or_default(),
        },
        trainings: view
            .trainings
            .iter()
            .enumerate()
            .map(|(i, t)| ganxun_print::ArchiveTraining {
                seq: u32::try_from(i + 1).unwrap_or(u32::MAX),
                period: format!("{}至{}", dotted(t.starts_on), dotted(t.ends_on)),
                title: t.title.clone(),
                organiser: organiser_text(t),
                kind: format!("{}{}", t.kind_label, private(t)),
                days: t.days.clone().unwrap_or_default(),
                hours: hours_text(t),
                result: t.result_label.clone(),
                note: t.result_note.clone().unwrap_or_default(),
                grade: grade_text(t),
                certificate: t.certificate_number.clone().unwrap_or_default(),
                personal_file: t.personal_file,
            })
            .collect(),
        credits: view
            .credits
            .iter()
            .map(|y| ganxun_print::ArchiveCreditYear {
                year: y.year.to_string(),
                detail: y
                    .categories
                    .iter()
                    .map(|c| format!("{} {}", c.label, c.amount))
                    .collect::<Vec<_>>()
                    .join("；"),
                total: y.total.clone(),
            })
            .collect(),
        compliance: view
            .compliance
            .sets
            .iter()
            .flat_map(|set| {
                set.review
                    .requirements
                    .iter()
                    .map(|r| ganxun_print::ArchiveCompliance {
                        rule_set: set.rules.title.clone(),
                        requirement: r.name.clone(),
                        status: r.status.label_zh().to_owned(),
                        explanation: r.explanation.clone(),
                    })
            })
            .collect(),
        days_per_month: view.days_per_month.to_string(),
        created_at: chinese_time(view.created_at),
        updated_at: chinese_time(view.updated_at),
        printed_on: chinese_date(today),
    }
}

/// The archive as a PDF form, for whoever may read the person; the export is audited.
pub async fn pdf(app: &App, principal: &Principal, person_id: PersonId) -> AppResult<Document> {
    let view = assemble(app, principal, person_id, Some(ArchiveExport::Pdf)).await?;
    let data = form(&view, app.today());
    let file_name = format!("{}-干部教育培训档案.pdf", view.person.name);
    let printing = app.clone();
    let bytes = tokio::task::spawn_blocking(move || printing.printer().archive_pdf(&data))
        .await
        .map_err(|e| internal("printing task failed", e))?
        .map_err(|err| {
            tracing::warn!(error = %err, "printing the archive failed");
            AppError::rule(err.code(), err)
        })?;
    Ok(Document { file_name, bytes })
}
