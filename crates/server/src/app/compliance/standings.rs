//! Certificates held and central-group seats (ADR 0009): a theory qualification certificate
//! (理论水平任职资格证书) is needed for promotion under seed 000 (R-CMP-4); a seat in a party
//! committee's central group (中心组) binds its member to six days of study a year (R-CMP-2),
//! counted from external records of kind 中心组集中学习. Whoever maintains the person records
//! them with evidence; a record entered in error is revoked with a reason.

use crate::app::compliance::training_records::text_at_most;
use crate::app::{App, AppError, AppResult, FieldError, Principal};
use chrono::NaiveDate;
use ganxun_domain::Permission;
use ganxun_domain::PersonId;
use ganxun_domain::StandingId;
use ganxun_domain::code_enum::Vocabulary;
use ganxun_domain::compliance::StandingKind;
use ganxun_storage::compliance::standings::{self, NewStanding, StandingRow};
use serde::Deserialize;
use utoipa::ToSchema;

/// A certificate or seat as entered.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct StandingInput {
    /// theory_certificate 理论水平任职资格证书, central_group 中心组成员
    pub kind: String,
    /// The certificate's number, or the party committee (党组) whose central group it is.
    pub title: String,
    /// Issued on, or the seat's first day.
    pub valid_from: NaiveDate,
    /// The day after the seat's last day (seats only; empty while held).
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    /// What proves it: the certificate, the committee's list of members.
    pub evidence: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RevokeInput {
    pub reason: String,
}

/// Checks an entry, naming every field at fault.
fn check(person_id: PersonId, input: &StandingInput) -> AppResult<NewStanding> {
    let mut errors = Vec::new();
    let text = input.kind.trim();
    let kind = StandingKind::from_code(text).ok();
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "UNKNOWN_STANDING_KIND",
            format!("无法识别的类型：{text}（应为 theory_certificate 或 central_group）"),
        ));
    }
    let title = text_at_most(
        "title",
        &input.title,
        200,
        Some((
            "TITLE_REQUIRED",
            if kind == Some(StandingKind::CentralGroup) {
                "请填写所在党委（党组）"
            } else {
                "请填写证书编号"
            },
        )),
        &mut errors,
    );
    let evidence = text_at_most(
        "evidence",
        &input.evidence,
        2_000,
        Some(("EVIDENCE_REQUIRED", "请填写证明材料")),
        &mut errors,
    );
    match input.valid_to {
        Some(_) if kind == Some(StandingKind::TheoryCertificate) => errors.push(FieldError::new(
            "valid_to",
            "CERTIFICATE_HAS_NO_END",
            "证书长期有效，不填写截止日期",
        )),
        Some(to) if to <= input.valid_from => errors.push(FieldError::new(
            "valid_to",
            "ENDS_BEFORE_STARTS",
            "截止日期须晚于起始日期",
        )),
        _ => {}
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok(NewStanding {
            person_id,
            kind,
            title,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
            evidence,
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Records a certificate or seat for a person the caller maintains (people.write in scope).
pub async fn create(
    app: &App,
    principal: &Principal,
    person_id: PersonId,
    input: &StandingInput,
) -> AppResult<StandingRow> {
    let scope = principal.scope(app, Permission::PeopleWrite).await?;
    ganxun_storage::people::get(&app.db, &scope, person_id).await?;
    let new = check(person_id, input)?;
    Ok(standings::create(&app.db, &principal.actor(), app.now(), new).await?)
}

/// A person's certificates and seats in every state, for whoever may read the person.
pub async fn of_person(
    app: &App,
    principal: &Principal,
    person_id: PersonId,
) -> AppResult<Vec<StandingRow>> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    ganxun_storage::people::get(&app.db, &scope, person_id).await?;
    Ok(standings::of_person(&app.db, person_id).await?)
}

/// Revokes a certificate or seat (entered in error, or withdrawn) with a reason.
pub async fn revoke(
    app: &App,
    principal: &Principal,
    id: StandingId,
    input: &RevokeInput,
) -> AppResult<StandingRow> {
    let standing = standings::get(&app.db, id).await?;
    let scope = principal.scope(app, Permission::PeopleWrite).await?;
    ganxun_storage::people::get(&app.db, &scope, standing.person_id).await?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(AppError::field(
            "reason",
            "REASON_REQUIRED",
            "撤销须说明原因",
        ));
    }
    Ok(standings::revoke(&app.db, &principal.actor(), app.now(), id, reason).await?)
}
