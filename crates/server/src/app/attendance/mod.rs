//! Roll call and leave use cases (issue 5, SPEC §4): the head teacher opens a session's roll
//! call and shows a code that changes every few seconds; trainees sign in from their phones as
//! themselves, within the window; the head teacher marks and corrects with reasons; trainees ask
//! for leave before sessions and the approver decides under the 1/7 cap (R-REG-5), withdrawing
//! the trainee when approving past it.

pub mod leave;
pub mod mine;
pub mod report;

use crate::app::classes::{load, require_activity};
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{DateTime, NaiveTime, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::SessionId;
use ganxun_domain::attendance::{
    ATTENDANCE_SETTINGS, AttendanceSettings, AttendanceStatus, Mark, MarkSource, SessionTimes,
    SignInTiming, SignInToken, sign_in_timing,
};
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_domain::{ClassActivity, ClassState, Permission};
use ganxun_storage::attendance::{self, MarkChange, MarkRow, SessionInfo, SignIn};
use ganxun_storage::classes::ClassVisibility;
use ganxun_storage::classes::enrolment::{self as enrolment_store, EnrolmentRow};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use utoipa::ToSchema;

/// The key a session's sign-in codes are made with: derived from the data key, so nothing
/// secret is stored and every server sharing the database makes the same codes.
fn code_key(app: &App, session_id: SessionId) -> [u8; 32] {
    let derived = app.key.blind_index("sign-in-code", &session_id.to_string());
    Sha256::digest(derived.as_bytes()).into()
}

pub(super) fn times(session: &SessionInfo) -> AppResult<SessionTimes> {
    let parse = |t: &str| {
        NaiveTime::parse_from_str(t, "%H:%M")
            .map_err(|e| AppError::Internal(anyhow::anyhow!("stored session time {t}: {e}")))
    };
    SessionTimes::new(
        session.date,
        parse(&session.start_time)?,
        parse(&session.end_time)?,
    )
    .map_err(|e| AppError::rule(e.code(), e))
}

/// The session, checked to belong to the class.
async fn session_of(app: &App, class_id: ClassId, session_id: SessionId) -> AppResult<SessionInfo> {
    let session = attendance::session(&app.db, session_id).await?;
    if session.class_id != class_id {
        return Err(AppError::NotFound);
    }
    Ok(session)
}

/// The settings in force (the `attendance_settings` rule document, or the built-in one).
pub async fn settings(app: &App) -> AppResult<AttendanceSettings> {
    crate::app::rules::in_force_now(app, ATTENDANCE_SETTINGS, AttendanceSettings::from_toml).await
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Opened {
    pub opened_at: DateTime<Utc>,
}

/// Opens the roll call of a session of a running class.
pub async fn open(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    session_id: SessionId,
) -> AppResult<Opened> {
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    require_activity(&class, ClassActivity::RollCall)?;
    session_of(app, class_id, session_id).await?;
    let opened_at =
        attendance::open_roll_call(&app.db, &principal.actor(), app.now(), class_id, session_id)
            .await?;
    Ok(Opened { opened_at })
}

/// The code on the room's screen now, and when it changes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignInCode {
    #[schema(value_type = i64)]
    pub session_id: SessionId,
    pub code: String,
    /// The page a phone opens by scanning: `/sign-in?session=…&code=…`.
    pub path: String,
    pub changes_at: DateTime<Utc>,
    /// The sign-in window on the server's clock, for the screen to show when it closes.
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// Where the window stands now on the server's clock: the screen shows the code only while
    /// it is `open`, and otherwise when sign-in opens or that it has closed.
    pub window: WindowNow,
}

/// Whether a phone scanning now would be let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WindowNow {
    NotYetOpen,
    Open,
    Closed,
}

pub async fn code(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    session_id: SessionId,
) -> AppResult<SignInCode> {
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    require_activity(&class, ClassActivity::RollCall)?;
    let session = session_of(app, class_id, session_id).await?;
    if attendance::roll_call_opened(&app.db, session_id)
        .await?
        .is_none()
    {
        return Err(AppError::rule("ROLL_CALL_NOT_OPEN", "请先开始本节课的点名"));
    }
    let settings = settings(app).await?;
    let now = app.now();
    let code = SignInToken::issue(&code_key(app, session_id), session_id, now, &settings);
    let times = times(&session)?;
    let window = match sign_in_timing(&times, now, &settings) {
        SignInTiming::TooEarly { .. } => WindowNow::NotYetOpen,
        SignInTiming::OnTime | SignInTiming::Late { .. } => WindowNow::Open,
        SignInTiming::Closed { .. } => WindowNow::Closed,
    };
    Ok(SignInCode {
        session_id,
        path: format!("/sign-in?session={session_id}&code={code}"),
        code,
        changes_at: SignInToken::next_change(now, &settings),
        opens_at: times.sign_in_opens_at(&settings),
        closes_at: times.sign_in_closes_at(&settings),
        window,
    })
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SignInInput {
    #[schema(value_type = i64)]
    pub session_id: SessionId,
    /// The code from the room's screen.
    #[serde(default)]
    pub code: String,
    /// Instead of a code: the token of a scan held while the trainee signed in or replaced a
    /// first password (`POST /attendance/scans`); judged at the time of the scan.
    #[serde(default)]
    pub hold: Option<String>,
    /// A random id the phone keeps (stored only as a keyed hash), to spot one phone signing in
    /// for two trainees.
    #[serde(default)]
    pub device: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignInResult {
    pub mark: MarkRow,
    pub class_title: String,
    pub topic: String,
}

/// A trainee signs in to a session as themselves.
pub async fn sign_in(
    app: &App,
    principal: &Principal,
    input: &SignInInput,
) -> AppResult<SignInResult> {
    let person_id = principal.person_id.ok_or_else(|| {
        AppError::rule(
            "SIGN_IN_NO_PERSON",
            "您的账号没有关联干部信息，不能签到，请联系管理员",
        )
    })?;
    let session = attendance::session(&app.db, input.session_id).await?;
    let (state, title) =
        ganxun_storage::classes::state_and_title(&app.db, session.class_id).await?;
    let enrolled = enrolment_store::of_person(&app.db, person_id)
        .await?
        .into_iter()
        .any(|(class_id, status)| {
            class_id == session.class_id && status == EnrolmentStatus::Enrolled
        });
    if !enrolled {
        // Someone else's class, or a withdrawn trainee: as if there were no such session.
        return Err(AppError::NotFound);
    }
    state
        .require(ClassActivity::RollCall)
        .map_err(|e| AppError::rule(e.code(), e))?;
    if attendance::roll_call_opened(&app.db, session.id)
        .await?
        .is_none()
    {
        return Err(AppError::rule(
            "ROLL_CALL_NOT_OPEN",
            "班主任还没有开始本节课的点名，请稍候",
        ));
    }
    let settings = settings(app).await?;
    let now = app.now();
    let device = device_digest(app, &input.device);
    // A held scan was checked when the phone presented it; the mark is judged at that time.
    let (signed_at, hold) = match input.hold.as_deref().map(str::trim) {
        Some(token) if !token.is_empty() => {
            let hold = held_scan(app, token, session.id, device.as_deref(), now).await?;
            (hold.scanned_at, Some(hold.id))
        }
        _ => {
            SignInToken::verify(
                &code_key(app, session.id),
                session.id,
                &input.code,
                now,
                &settings,
            )
            .map_err(|e| AppError::rule(e.code(), e))?;
            (now, None)
        }
    };
    let mark = sign_in_timing(&times(&session)?, signed_at, &settings)
        .accept()
        .map_err(|e| AppError::rule(e.code(), e))?;
    let row = attendance::sign_in(
        &app.db,
        &principal.actor(),
        now,
        SignIn {
            class_id: session.class_id,
            session_id: session.id,
            person_id,
            status: mark.status,
            minutes_late: i32::try_from(mark.minutes_late).unwrap_or(i32::MAX),
            device,
            signed_at,
            hold,
        },
    )
    .await
    .map_err(
        |e| match e.refusal::<ganxun_storage::attendance::Refusal>() {
            Some(ganxun_storage::attendance::Refusal::AlreadyMarked { at, status }) => {
                AppError::rule(
                    "ALREADY_SIGNED_IN",
                    format!(
                        "本节课您已有考勤记录（{}，{}），无需重复签到",
                        status.label_zh(),
                        ganxun_domain::china_datetime(*at).format("%H:%M:%S")
                    ),
                )
            }
            _ => e.into(),
        },
    )?;
    Ok(SignInResult {
        mark: row,
        class_title: title,
        topic: session.topic,
    })
}

/// How long a scan is held for a trainee who must sign in first, or replace the first password
/// from the slip (ADR 0022): long enough to type a password twice, short enough that a held scan
/// cannot become a sign-in from somewhere else later on.
pub const HOLD_MINUTES: i64 = 10;

fn device_digest(app: &App, device: &str) -> Option<String> {
    Some(device.trim())
        .filter(|d| !d.is_empty() && d.len() <= 200)
        .map(|d| app.key.blind_index("device", d))
}

fn hold_digest(app: &App, token: &str) -> String {
    app.key.blind_index("sign-in-hold", token)
}

/// A phone's scan, for a trainee not (yet) able to sign in: not signed in on this phone, or
/// signed in with a first password still to replace.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ScanInput {
    #[schema(value_type = i64)]
    pub session_id: SessionId,
    /// The code from the room's screen.
    pub code: String,
    /// The phone's own random id; the held scan is redeemed only from the same phone.
    pub device: String,
}

/// A held scan: the phone keeps the token (not in the address) and signs in with it once the
/// trainee is signed in, until `expires_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScanHeld {
    pub token: String,
    /// When the server checked the code: the time the sign-in will count.
    pub scanned_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Checks a scanned code now, on the server's clock, and holds it for [`HOLD_MINUTES`]. Anyone
/// in the room may scan (nobody is signed in yet): the code must be the screen's current one,
/// the roll call open and the sign-in window open, exactly as a sign-in would check them.
/// Whose sign-in it becomes is settled when it is redeemed: a trainee of the class, from the
/// same phone, once.
pub async fn hold_scan(app: &App, ip: &str, input: &ScanInput) -> AppResult<ScanHeld> {
    let device = device_digest(app, &input.device).ok_or_else(|| {
        AppError::field(
            "device",
            "SIGN_IN_DEVICE_MISSING",
            "无法识别这部手机，请允许浏览器保存本网站的数据后重新扫码",
        )
    })?;
    let session = attendance::session(&app.db, input.session_id).await?;
    let (state, _) = ganxun_storage::classes::state_and_title(&app.db, session.class_id).await?;
    state
        .require(ClassActivity::RollCall)
        .map_err(|e| AppError::rule(e.code(), e))?;
    if attendance::roll_call_opened(&app.db, session.id)
        .await?
        .is_none()
    {
        return Err(AppError::rule(
            "ROLL_CALL_NOT_OPEN",
            "班主任还没有开始本节课的点名，请稍候",
        ));
    }
    let settings = settings(app).await?;
    let now = app.now();
    SignInToken::verify(
        &code_key(app, session.id),
        session.id,
        &input.code,
        now,
        &settings,
    )
    .map_err(|e| AppError::rule(e.code(), e))?;
    sign_in_timing(&times(&session)?, now, &settings)
        .accept()
        .map_err(|e| AppError::rule(e.code(), e))?;
    let token = crate::app::accounts::auth::random_token();
    let expires_at = now + chrono::Duration::minutes(HOLD_MINUTES);
    let actor = ganxun_storage::Actor {
        account_id: None,
        name: "扫码（尚未登录）".to_owned(),
        ip: ip.to_owned(),
    };
    attendance::hold_scan(
        &app.db,
        &actor,
        now,
        attendance::NewHold {
            token_digest: hold_digest(app, &token),
            session_id: session.id,
            device: Some(device),
            scanned_at: now,
            expires_at,
        },
    )
    .await?;
    Ok(ScanHeld {
        token,
        scanned_at: now,
        expires_at,
    })
}

/// The held scan behind a token, checked for the session, the phone and its time.
async fn held_scan(
    app: &App,
    token: &str,
    session_id: SessionId,
    device: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<attendance::Hold> {
    let hold = attendance::hold(&app.db, &hold_digest(app, token))
        .await?
        .filter(|h| h.session_id == session_id)
        .ok_or_else(|| {
            AppError::rule(
                "SIGN_IN_HOLD_UNKNOWN",
                "没有找到这次扫码的记录，请重新扫描屏幕上的二维码",
            )
        })?;
    if hold.redeemed || hold.expires_at < now {
        return Err(AppError::rule(
            "SIGN_IN_HOLD_EXPIRED",
            format!("扫码后 {HOLD_MINUTES} 分钟内未完成签到（或已用过），请重新扫描屏幕上的二维码"),
        ));
    }
    if hold.device.as_deref() != device {
        return Err(AppError::rule(
            "SIGN_IN_HOLD_OTHER_DEVICE",
            "请在扫码的那部手机上完成签到",
        ));
    }
    Ok(hold)
}

/// One trainee's line in the roll call.
#[derive(Debug, Clone, Serialize)]
pub struct RollCallRow {
    pub person_id: PersonId,
    pub name: String,
    pub unit_name: String,
    pub mark: Option<MarkRow>,
    /// Signed in from a phone another trainee also signed in from: check in person.
    pub shared_device: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RollCall {
    pub session_id: SessionId,
    pub date: chrono::NaiveDate,
    pub start_time: String,
    pub end_time: String,
    pub topic: String,
    pub opened_at: Option<DateTime<Utc>>,
    pub enrolled: usize,
    /// Count per status code, and `unmarked`.
    pub counts: HashMap<String, usize>,
    pub rows: Vec<RollCallRow>,
}

/// The roll call of a session as it fills in.
pub async fn roll_call(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    session_id: SessionId,
) -> AppResult<RollCall> {
    load(app, principal, Permission::ClassRun, class_id).await?;
    let session = session_of(app, class_id, session_id).await?;
    let roster: Vec<EnrolmentRow> =
        enrolment_store::list(&app.db, &ClassVisibility::everything(), class_id)
            .await?
            .into_iter()
            .filter(|r| r.status == EnrolmentStatus::Enrolled)
            .collect();
    let marks = attendance::marks_of_session(&app.db, session_id).await?;
    let mut devices: HashMap<&str, usize> = HashMap::new();
    for device in marks.iter().filter_map(|m| m.device.as_deref()) {
        *devices.entry(device).or_default() += 1;
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    let rows: Vec<RollCallRow> = roster
        .into_iter()
        .map(|r| {
            let mark = marks.iter().find(|m| m.person_id == r.person_id).cloned();
            let key = mark
                .as_ref()
                .map_or_else(|| "unmarked".to_owned(), |m| m.status.code().to_owned());
            *counts.entry(key).or_default() += 1;
            let shared_device = mark
                .as_ref()
                .and_then(|m| m.device.as_deref())
                .is_some_and(|d| devices.get(d).copied().unwrap_or(0) > 1);
            RollCallRow {
                person_id: r.person_id,
                name: r.name,
                unit_name: r.unit_name,
                mark,
                shared_device,
            }
        })
        .collect();
    Ok(RollCall {
        session_id,
        date: session.date,
        start_time: session.start_time,
        end_time: session.end_time,
        topic: session.topic,
        opened_at: attendance::roll_call_opened(&app.db, session_id).await?,
        enrolled: rows.len(),
        counts,
        rows,
    })
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MarkInput {
    /// present, late, left_early, late_and_left_early, on_leave, absent.
    pub status: String,
    #[serde(default)]
    pub minutes_late: u32,
    #[serde(default)]
    pub minutes_early: u32,
    /// Required when correcting an existing mark.
    #[serde(default)]
    pub reason: String,
}

/// The head teacher marks or corrects one trainee.
pub async fn mark(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    session_id: SessionId,
    person_id: PersonId,
    input: &MarkInput,
) -> AppResult<MarkRow> {
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    if !matches!(class.state, ClassState::InProgress | ClassState::Ended) {
        require_activity(&class, ClassActivity::RollCall)?;
    }
    let session = session_of(app, class_id, session_id).await?;
    let enrolled = enrolment_store::list(&app.db, &ClassVisibility::everything(), class_id)
        .await?
        .into_iter()
        .any(|r| r.person_id == person_id && r.status == EnrolmentStatus::Enrolled);
    if !enrolled {
        return Err(AppError::NotFound);
    }
    let status = AttendanceStatus::parse(&input.status)
        .filter(|s| *s != AttendanceStatus::Withdrawn)
        .ok_or_else(|| {
            AppError::field(
                "status",
                "UNKNOWN_STATUS",
                format!("无法识别的考勤状态：{}", input.status),
            )
        })?;
    let reason = input.reason.trim();
    let mark = Mark {
        status,
        minutes_late: input.minutes_late,
        minutes_early: input.minutes_early,
        reason: (!reason.is_empty()).then(|| reason.to_owned()),
    };
    let minutes = times(&session)?.minutes();
    let exists = attendance::marks_of_session(&app.db, session_id)
        .await?
        .iter()
        .any(|m| m.person_id == person_id);
    let checked = if exists {
        mark.validate_correction(minutes)
    } else {
        mark.validate(minutes)
    };
    checked.map_err(|e| AppError::field("status", e.code(), e))?;
    let change = MarkChange {
        status,
        minutes_late: i32::try_from(mark.minutes_late).unwrap_or(i32::MAX),
        minutes_early: i32::try_from(mark.minutes_early).unwrap_or(i32::MAX),
        source: MarkSource::Teacher,
        reason: reason.to_owned(),
        // A correction after the end moves the credits already posted: promised with the mark,
        // done right after it (and retried until it succeeds).
        follow_up: (class.state == ClassState::Ended)
            .then_some(crate::app::follow_ups::CLASS_CREDITS),
    };
    let row = attendance::set_mark(
        &app.db,
        &principal.actor(),
        app.now(),
        class_id,
        session_id,
        person_id,
        change,
    )
    .await?;
    crate::app::follow_ups::run_for(app, crate::app::follow_ups::CLASS_CREDITS, class_id.0).await;
    Ok(row)
}
