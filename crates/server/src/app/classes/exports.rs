//! Printed and spreadsheet paperwork of a class: the roster (学员名册) and sign-in sheet (签到表)
//! as Excel and PDF, and every certificate of a class as one PDF. PDFs are typeset on a
//! blocking thread: a few hundred certificates take a second or two.

use super::certificates::{self, chinese_date, period};
use super::{enrolment, load};
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::ClassId;
use ganxun_domain::Permission;
use ganxun_domain::SessionId;
use ganxun_domain::Sex;
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_print::{Certificate, Roster, RosterRow, SignInRow, SignInSheet};
use ganxun_sheets::RosterSheetRow;
use ganxun_storage::classes::enrolment::EnrolmentRow;
use ganxun_storage::classes::{ClassRecord, teaching};

/// A finished file: name and bytes.
pub struct Document {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn sex_label(sex: Option<Sex>) -> &'static str {
    sex.map_or("", Sex::label_zh)
}

/// The roster's own words: a seat is "已报名" on the printed roster.
fn status_label(status: EnrolmentStatus) -> &'static str {
    match status {
        EnrolmentStatus::Enrolled => "已报名",
        EnrolmentStatus::Waiting => "候补",
        EnrolmentStatus::Removed | EnrolmentStatus::Withdrawn => "已撤销",
    }
}

/// The roster the caller may see, enrolled first, then waiting, without removals.
async fn roster_rows(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Vec<EnrolmentRow>> {
    let mut rows: Vec<EnrolmentRow> = enrolment::roster(app, principal, class_id)
        .await?
        .into_iter()
        .filter(|r| r.status == EnrolmentStatus::Enrolled || r.status == EnrolmentStatus::Waiting)
        .collect();
    rows.sort_by_key(|r| (r.status != EnrolmentStatus::Enrolled, r.id));
    Ok(rows)
}

fn subtitle(class: &ClassRecord) -> String {
    let mut parts = vec![format!(
        "培训时间：{}",
        period(class.starts_on, class.ends_on)
    )];
    if !class.venue.is_empty() {
        parts.push(format!("地点：{}", class.venue));
    }
    if let Some(teacher) = &class.head_teacher_name {
        parts.push(format!("班主任：{teacher}"));
    }
    parts.join("　")
}

fn print_error(err: ganxun_print::PrintError) -> AppError {
    tracing::warn!(error = %err, "printing failed");
    AppError::rule(err.code(), err)
}

pub(crate) async fn typeset<T: Send + 'static>(
    app: &App,
    job: impl FnOnce(&ganxun_print::Printer) -> Result<T, ganxun_print::PrintError> + Send + 'static,
) -> AppResult<T> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || job(app.printer()))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("printing task failed: {e}")))?
        .map_err(print_error)
}

pub async fn roster_xlsx(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Document> {
    let class = load_any(app, principal, class_id).await?;
    let rows: Vec<RosterSheetRow> = roster_rows(app, principal, class_id)
        .await?
        .into_iter()
        .enumerate()
        .map(|(i, r)| RosterSheetRow {
            seq: u32::try_from(i + 1).unwrap_or(u32::MAX),
            gender: sex_label(r.sex).to_owned(),
            status: status_label(r.status).to_owned(),
            phone_masked: r.phone_masked.unwrap_or_default(),
            name: r.name,
            unit: r.unit_name,
            post: r.position,
        })
        .collect();
    let bytes = ganxun_sheets::roster_xlsx(
        &format!("{}学员名册", class.title),
        &subtitle(&class),
        &rows,
    )
    .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
    Ok(Document {
        file_name: format!("{}-学员名册.xlsx", class.title),
        bytes,
    })
}

pub async fn roster_pdf(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Document> {
    let class = load_any(app, principal, class_id).await?;
    let rows = roster_rows(app, principal, class_id)
        .await?
        .into_iter()
        .enumerate()
        .map(|(i, r)| RosterRow {
            seq: u32::try_from(i + 1).unwrap_or(u32::MAX),
            gender: sex_label(r.sex).to_owned(),
            status: status_label(r.status).to_owned(),
            phone_masked: r.phone_masked.unwrap_or_default(),
            name: r.name,
            unit: r.unit_name,
            post: r.position,
        })
        .collect();
    let roster = Roster {
        class_title: class.title.clone(),
        period: period(class.starts_on, class.ends_on),
        venue: class.venue.clone(),
        head_teacher: class.head_teacher_name.clone().unwrap_or_default(),
        printed_on: chinese_date(app.today()),
        rows,
    };
    let bytes = typeset(app, move |p| p.roster_pdf(&roster)).await?;
    Ok(Document {
        file_name: format!("{}-学员名册.pdf", class.title),
        bytes,
    })
}

/// The sign-in sheet of one session (or of the class's first day when none is named).
async fn sign_in_rows(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    session_id: Option<SessionId>,
) -> AppResult<(ClassRecord, String, Vec<(u32, String, String)>)> {
    let class = load_any(app, principal, class_id).await?;
    let everything = ganxun_storage::classes::ClassVisibility::everything();
    let sessions = teaching::sessions(&app.db, &everything, class_id).await?;
    let session = match session_id {
        Some(id) => Some(
            sessions
                .iter()
                .find(|s| s.id == id)
                .ok_or(AppError::NotFound)?,
        ),
        None => sessions.first(),
    };
    let title = match session {
        Some(s) => format!(
            "{} {}—{} {}",
            chinese_date(s.date),
            s.start_time,
            s.end_time,
            s.topic
        ),
        None => period(class.starts_on, class.ends_on),
    };
    let rows = roster_rows(app, principal, class_id)
        .await?
        .into_iter()
        .filter(|r| r.status == EnrolmentStatus::Enrolled)
        .enumerate()
        .map(|(i, r)| {
            (
                u32::try_from(i + 1).unwrap_or(u32::MAX),
                r.name,
                r.unit_name,
            )
        })
        .collect();
    Ok((class, title, rows))
}

pub async fn sign_in_xlsx(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    session_id: Option<SessionId>,
) -> AppResult<Document> {
    let (class, session_title, rows) = sign_in_rows(app, principal, class_id, session_id).await?;
    let bytes =
        ganxun_sheets::sign_in_sheet_xlsx(&format!("{}签到表", class.title), &session_title, &rows)
            .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
    Ok(Document {
        file_name: format!("{}-签到表.xlsx", class.title),
        bytes,
    })
}

pub async fn sign_in_pdf(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    session_id: Option<SessionId>,
) -> AppResult<Document> {
    let (class, session_title, rows) = sign_in_rows(app, principal, class_id, session_id).await?;
    let sheet = SignInSheet {
        class_title: class.title.clone(),
        session_title,
        venue: class.venue.clone(),
        rows: rows
            .into_iter()
            .map(|(seq, name, unit)| SignInRow { seq, name, unit })
            .collect(),
    };
    let bytes = typeset(app, move |p| p.sign_in_sheet_pdf(&sheet)).await?;
    Ok(Document {
        file_name: format!("{}-签到表.pdf", class.title),
        bytes,
    })
}

/// Every certificate of the class the caller may see, one page each.
pub async fn certificates_pdf(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Document> {
    let class = load(app, principal, Permission::ClassRead, class_id).await?;
    let rows = certificates::list(app, principal, class_id).await?;
    if rows.is_empty() {
        return Err(AppError::rule(
            "NO_CERTIFICATES",
            "该班次还没有颁发结业证书",
        ));
    }
    let certs: Vec<Certificate> = rows
        .into_iter()
        .filter(|c| c.revoked_at.is_none())
        .map(|c| Certificate {
            class_hours: hours_text(c.class_hours),
            issued_on: chinese_date(c.issued_on),
            verify_hint: "可登录本系统“证书核验”页面（/verify）输入证书编号核验".to_owned(),
            number: c.number,
            name: c.person_name,
            unit: c.unit_name,
            class_title: c.class_title,
            period: c.period,
            issuer: c.issuer,
            host: c.host,
        })
        .collect();
    let bytes = typeset(app, move |p| p.certificates_pdf(&certs)).await?;
    Ok(Document {
        file_name: format!("{}-结业证书.pdf", class.title),
        bytes,
    })
}

/// "30", "1.5", "2.25": class hours from hundredths, without trailing zeros.
pub fn hours_text(hundredths: i64) -> String {
    let whole = hundredths / 100;
    let part = hundredths % 100;
    match part {
        0 => whole.to_string(),
        p if p % 10 == 0 => format!("{whole}.{}", p / 10),
        p => format!("{whole}.{p:02}"),
    }
}

/// The class for paperwork: readable by the caller, or enrolling and nominated to.
async fn load_any(app: &App, principal: &Principal, class_id: ClassId) -> AppResult<ClassRecord> {
    match load(app, principal, Permission::ClassRead, class_id).await {
        Ok(class) => Ok(class),
        Err(AppError::NotFound) => {
            enrolment::roster(app, principal, class_id).await?;
            let everything = ganxun_storage::classes::ClassVisibility::everything();
            Ok(ganxun_storage::classes::get(&app.db, &everything, class_id).await?)
        }
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::hours_text;

    #[test]
    fn hours_print_without_trailing_zeros() {
        assert_eq!(hours_text(3000), "30");
        assert_eq!(hours_text(150), "1.5");
        assert_eq!(hours_text(225), "2.25");
        assert_eq!(hours_text(25), "0.25");
    }
}
