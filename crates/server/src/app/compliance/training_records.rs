//! Training done outside the system (issue 7, R-ARC-1): party school elsewhere, study abroad,
//! degree study, secondment, self-study, online study elsewhere. Whoever may record credits for
//! a person enters it with its evidence; the training authority approves or rejects it; only
//! approved records count for compliance (`app::compliance`).

use crate::app::{App, AppError, AppResult, FieldError, Principal};
use chrono::NaiveDate;
use ganxun_domain::PersonId;
use ganxun_domain::TrainingRecordId;
use ganxun_domain::compliance::{ExternalKind, Institution};
use ganxun_domain::{ClassHours, Permission};
use ganxun_storage::compliance::training_records::{self, NewTrainingRecord, TrainingRecordRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A record as entered.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TrainingRecordInput {
    /// party_school_elsewhere 外地党校学习, study_abroad 出国（境）培训, degree_study 学历教育,
    /// secondment 挂职锻炼, self_study 自学, online 网络培训, other 其他
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub institution_name: String,
    /// party_school, administrative_college, cadre_college, training_institution
    #[serde(default)]
    pub institution_type: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Days as a decimal (`"90"`, `"2.5"`, or a number); at least one of days and hours > 0.
    #[serde(default)]
    pub days: Option<Amount>,
    /// Class hours as a decimal (`"550"`, `"2.5"`, or a number).
    #[serde(default)]
    pub hours: Option<Amount>,
    /// Privately arranged (社会化培训, R-REG-7): counts only once recognised, i.e. approved.
    #[serde(default)]
    pub privately_arranged: bool,
    /// What proves it: certificate number, transcript, letter of the host institution.
    pub evidence: String,
}

/// A decimal amount as entered: a JSON number (`90`) or text (`"2.5"`, as a form field gives it).
#[derive(Debug, Clone, PartialEq, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Amount {
    Number(f64),
    Text(String),
}

/// An amount in hundredths from a JSON number or string; `None` (with the error noted) when it
/// is negative or not a two-decimal number.
pub(crate) fn amount(field: &str, value: Option<&Amount>, errors: &mut Vec<FieldError>) -> u32 {
    let text = match value {
        None => return 0,
        Some(Amount::Text(s)) if s.trim().is_empty() => return 0,
        Some(Amount::Text(s)) => s.trim().to_owned(),
        Some(Amount::Number(n)) => n.to_string(),
    };
    if text.starts_with('-') {
        errors.push(FieldError::new(
            field,
            "NEGATIVE_AMOUNT",
            format!("{}不能为负数", label(field)),
        ));
        return 0;
    }
    match ClassHours::parse(&text) {
        Ok(hours) => hours.hundredths(),
        Err(e) => {
            errors.push(FieldError::new(
                field,
                "INVALID_AMOUNT",
                format!("{}须为非负数，最多两位小数（{e}）", label(field)),
            ));
            0
        }
    }
}

fn label(field: &str) -> &'static str {
    if field.ends_with("days") {
        "天数"
    } else {
        "学时"
    }
}

pub(crate) fn text_at_most(
    field: &str,
    value: &str,
    max: usize,
    required: Option<(&str, &str)>,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = value.trim();
    if let Some((code, message)) = required.filter(|_| value.is_empty()) {
        errors.push(FieldError::new(field, code, message));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "TOO_LONG",
            format!("不能超过 {max} 字"),
        ));
    }
    value.to_owned()
}

/// Checks an entry, naming every field at fault.
fn check(person_id: PersonId, input: &TrainingRecordInput) -> AppResult<NewTrainingRecord> {
    let mut errors = Vec::new();
    let kind = ExternalKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "UNKNOWN_TRAINING_KIND",
            format!("无法识别的培训类型：{}", input.kind),
        ));
    }
    let title = text_at_most(
        "title",
        &input.title,
        200,
        Some(("TITLE_REQUIRED", "请填写培训名称")),
        &mut errors,
    );
    let institution_name = text_at_most(
        "institution_name",
        &input.institution_name,
        200,
        None,
        &mut errors,
    );
    let institution_type = match input.institution_type.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match Institution::parse(text) {
            Some(i) => Some(i),
            None => {
                errors.push(FieldError::new(
                    "institution_type",
                    "UNKNOWN_INSTITUTION",
                    format!("无法识别的培训机构类型：{text}"),
                ));
                None
            }
        },
    };
    if input.ends_on < input.starts_on {
        errors.push(FieldError::new(
            "ends_on",
            "ENDS_BEFORE_STARTS",
            "结束日期不能早于开始日期",
        ));
    }
    let days = amount("days", input.days.as_ref(), &mut errors);
    let hours = amount("hours", input.hours.as_ref(), &mut errors);
    if days == 0
        && hours == 0
        && !errors
            .iter()
            .any(|e| e.field == "days" || e.field == "hours")
    {
        errors.push(FieldError::new(
            "days",
            "NO_AMOUNT",
            "天数和学时至少填写一项，且须大于 0",
        ));
    }
    let evidence = text_at_most(
        "evidence",
        &input.evidence,
        2_000,
        Some((
            "EVIDENCE_REQUIRED",
            "请填写证明材料（证书编号、结业证明、函件等）",
        )),
        &mut errors,
    );
    match kind {
        Some(kind) if errors.is_empty() => Ok(NewTrainingRecord {
            person_id,
            kind,
            title,
            institution_name,
            institution_type,
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            days: i64::from(days),
            hours: i64::from(hours),
            privately_arranged: input.privately_arranged,
            evidence,
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Enters an external record for a person as pending. Whoever may record credits for the
/// person (credit.write, people.write within scope); 404 for a person out of scope.
pub async fn create(
    app: &App,
    principal: &Principal,
    person_id: PersonId,
    input: &TrainingRecordInput,
) -> AppResult<TrainingRecordRow> {
    principal.require(Permission::CreditWrite)?;
    let scope = principal.scope(app, Permission::PeopleWrite).await?;
    ganxun_storage::people::get(&app.db, &scope, person_id).await?;
    let new = check(person_id, input)?;
    Ok(training_records::create(&app.db, &principal.actor(), app.now(), new).await?)
}

/// A person's external records in every state, for whoever may read the person (a trainee
/// their own).
pub async fn of_person(
    app: &App,
    principal: &Principal,
    person_id: PersonId,
) -> AppResult<Vec<TrainingRecordRow>> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    ganxun_storage::people::get(&app.db, &scope, person_id).await?;
    Ok(training_records::of_person(&app.db, person_id).await?)
}

/// A record with the name and unit of the person it belongs to, for the authority's list.
#[derive(Debug, Clone, Serialize)]
pub struct PendingTrainingRecord {
    #[serde(flatten)]
    pub record: TrainingRecordRow,
    pub person_name: String,
    pub unit_name: String,
}

/// Records waiting for approval, of the people the authority may read, oldest first.
pub async fn pending(app: &App, principal: &Principal) -> AppResult<Vec<PendingTrainingRecord>> {
    principal.require(Permission::CreditAudit)?;
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let mut visible = Vec::new();
    for record in training_records::pending(&app.db, 1_000).await? {
        if let Ok(person) = ganxun_storage::people::get(&app.db, &scope, record.person_id).await {
            visible.push(PendingTrainingRecord {
                record,
                person_name: person.name,
                unit_name: person.unit_name,
            });
        }
    }
    Ok(visible)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TrainingRecordDecisionInput {
    /// approve or reject
    pub decision: String,
    /// Required to reject.
    #[serde(default)]
    pub reason: String,
}

/// The training authority approves a pending record (it counts from then on) or rejects it
/// with a reason. 403 without credit.audit; 404 for a person out of scope.
pub async fn decide(
    app: &App,
    principal: &Principal,
    id: TrainingRecordId,
    input: &TrainingRecordDecisionInput,
) -> AppResult<TrainingRecordRow> {
    principal.require(Permission::CreditAudit)?;
    let record = training_records::get(&app.db, id).await?;
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    ganxun_storage::people::get(&app.db, &scope, record.person_id).await?;
    let verdict = ganxun_domain::review::decide(
        "培训记录",
        &input.decision,
        &input.reason,
        &record.entered_by,
        &principal.username,
    )?;
    Ok(training_records::decide(
        &app.db,
        &principal.actor(),
        app.now(),
        id,
        verdict.approve,
        &verdict.reason,
    )
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn input(days: serde_json::Value, hours: serde_json::Value) -> TrainingRecordInput {
        serde_json::from_value(json!({
            "kind": "party_school_elsewhere", "title": "中青班", "starts_on": "2026-01-05",
            "ends_on": "2026-04-04", "days": days, "hours": hours, "evidence": "结业证书"
        }))
        .unwrap()
    }

    fn codes(result: AppResult<NewTrainingRecord>) -> Vec<String> {
        match result {
            Err(AppError::Validation(errors)) => errors.into_iter().map(|e| e.code).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn amounts_are_hundredths_from_numbers_or_strings() {
        let new = check(PersonId(1), &input(json!(90), json!("12.5"))).unwrap();
        assert_eq!((new.days, new.hours), (9000, 1250));
        assert_eq!(new.institution_type, None);
    }

    #[test]
    fn negative_zero_and_malformed_amounts_are_refused() {
        assert_eq!(
            codes(check(PersonId(1), &input(json!(-1), json!(null)))),
            ["NEGATIVE_AMOUNT"]
        );
        assert_eq!(
            codes(check(PersonId(1), &input(json!("0"), json!(0)))),
            ["NO_AMOUNT"]
        );
        assert_eq!(
            codes(check(PersonId(1), &input(json!("1.234"), json!(null)))),
            ["INVALID_AMOUNT"]
        );
    }
}
