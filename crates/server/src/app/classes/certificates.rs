//! Completion certificates (R-CLS-6): only for approved or filed classes that have ended, and
//! only for trainees who completed (结业, ADR 0023: attended at least the hours less the leave
//! cap where a roll call was taken, arrived where none was, and passed where the class has a grading scheme);
//! each number is publicly verifiable. Who did not complete, and why, is on the grade sheet.

use super::{load, require_activity, visibility};
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{Datelike, NaiveDate};
use ganxun_domain::ClassId;
use ganxun_domain::classes::CompletionVerdict;
use ganxun_domain::{ClassActivity, Permission};
use ganxun_storage::classes::certificates::{self, CertificateRow, NewCertificate};
use serde::Serialize;
use utoipa::ToSchema;

/// "2026年3月2日至3月6日", as printed.
pub fn period(starts_on: NaiveDate, ends_on: NaiveDate) -> String {
    let start = chinese_date(starts_on);
    if starts_on == ends_on {
        return start;
    }
    let end = if starts_on.year() == ends_on.year() {
        format!("{}月{}日", ends_on.month(), ends_on.day())
    } else {
        chinese_date(ends_on)
    };
    format!("{start}至{end}")
}

pub fn chinese_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Issues certificates to every trainee who completed the class and has none yet. Those not
/// completed (未结业) or still waiting for scores (待定) get none; issuing again after their
/// scores are entered certifies those who then completed. Certificates issued before the
/// completion rule stay as issued (ADR 0023): nothing here revokes.
pub async fn issue(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Vec<CertificateRow>> {
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    require_activity(&class, ClassActivity::IssueCertificates)?;
    let sheet = crate::app::grades::sheet_of(app, &class).await?;
    let people: Vec<NewCertificate> = sheet
        .lines
        .iter()
        .filter(|l| l.completion.completed())
        .map(|l| NewCertificate {
            person_id: l.line.person_id,
            person_name: l.name.clone(),
            unit_name: l.unit_name.clone(),
            class_hours: class.total_hours,
        })
        .collect();
    if people.is_empty() {
        let count = |verdict| {
            sheet
                .lines
                .iter()
                .filter(|l| l.completion.verdict == verdict)
                .count()
        };
        return Err(AppError::rule(
            "NO_ONE_TO_CERTIFY",
            format!(
                "没有符合结业条件的学员：未结业 {} 人，成绩未录全待定 {} 人。结业须出勤不少于总学时扣除请假上限（{}）后的学时（没有点名记录的须开班到位），设有考核方案的须成绩合格；各学员的情况见“成绩”页",
                count(CompletionVerdict::NotCompleted),
                count(CompletionVerdict::Pending),
                sheet.leave_cap
            ),
        ));
    }
    Ok(certificates::issue(
        &app.db,
        &principal.actor(),
        app.now(),
        app.today(),
        class_id,
        &period(class.starts_on, class.ends_on),
        &class.organiser_name,
        &class.host_name,
        &people,
    )
    .await?)
}

pub async fn list(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Vec<CertificateRow>> {
    let v = visibility(app, principal, Permission::ClassRead).await?;
    let mut rows = certificates::list(&app.db, &v, class_id).await?;
    // A trainee sees only their own certificate.
    if v.organised_in.is_nothing() && v.head_teacher.is_none() {
        rows.retain(|c| Some(c.person_id) == principal.person_id);
    }
    Ok(rows)
}

/// What the public verification page shows: enough to match a paper certificate, not a
/// person's full name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Verification {
    pub number: String,
    pub valid: bool,
    pub name_masked: String,
    pub unit_name: String,
    pub class_title: String,
    pub period: String,
    /// Class hours in hundredths.
    pub class_hours: i64,
    pub issuer: String,
    pub host: String,
    pub issued_on: NaiveDate,
    pub revoked: bool,
}

fn mask_name(name: &str) -> String {
    name.chars()
        .enumerate()
        .map(|(i, c)| if i == 0 { c } else { '*' })
        .collect()
}

/// Looks a certificate up by number, for anyone.
pub async fn verify(app: &App, number: &str) -> AppResult<Verification> {
    let number = number.trim();
    if number.is_empty() || number.len() > 40 {
        return Err(AppError::NotFound);
    }
    let found = certificates::find_by_number(&app.db, number)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Verification {
        valid: found.revoked_at.is_none(),
        revoked: found.revoked_at.is_some(),
        name_masked: mask_name(&found.person_name),
        number: found.number,
        unit_name: found.unit_name,
        class_title: found.class_title,
        period: found.period,
        class_hours: found.class_hours,
        issuer: found.issuer,
        host: found.host,
        issued_on: found.issued_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_as_printed() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(period(d(3, 2), d(3, 6)), "2026年3月2日至3月6日");
        assert_eq!(period(d(3, 2), d(3, 2)), "2026年3月2日");
        let next = NaiveDate::from_ymd_opt(2027, 1, 3).unwrap();
        assert_eq!(period(d(12, 28), next), "2026年12月28日至2027年1月3日");
        assert_eq!(mask_name("欧阳修"), "欧**");
    }
}
