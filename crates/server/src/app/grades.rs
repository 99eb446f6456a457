//! Final grades of a class (结业成绩, R-GRD-1/2): the class's grading scheme (the Xiantao
//! 40/30/30 by default), hand-entered component scores, and the computed grade sheet with the
//! pass mark and excellent trainees.

use crate::app::classes::load;
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::classes::{
    Attendance, Completion, CompletionFacts, EnrolmentStatus, GradeFacts, completion,
    required_hours,
};
use ganxun_domain::credits::grades::{
    ComponentSource, GradeLine, GradingScheme, TraineeScores, grade,
};
use ganxun_domain::{ClassHours, Permission};
use ganxun_storage::classes::enrolment::{self as enrolment_store};
use ganxun_storage::classes::{ClassRecord, ClassVisibility};
use ganxun_storage::grades;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// The class's saved scheme, if it saved one: a class without one has no grading, and its
/// trainees complete on attendance alone (ADR 0023).
async fn saved_scheme(app: &App, class_id: ClassId) -> AppResult<Option<GradingScheme>> {
    match grades::scheme(&app.db, class_id).await? {
        Some(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("stored grading of {class_id}: {e}"))),
        None => Ok(None),
    }
}

/// A grading scheme over the API: components (code, label, weight %, source: attendance, exam,
/// assignment or manual), `pass_mark`, and `excellent` as `{"top": n}`, `{"top_percent": p}` or
/// `{"at_least": score}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Grading {
    pub scheme: GradingScheme,
    /// Whether the class saved this scheme (otherwise it is the default one offered, and the
    /// class has no grading until it saves one or enters a score). Ignored when saving.
    #[serde(default)]
    pub saved: bool,
}

/// The class's grading scheme (the default one offered until the class saves its own).
pub async fn scheme(app: &App, principal: &Principal, class_id: ClassId) -> AppResult<Grading> {
    load(app, principal, Permission::ClassRead, class_id).await?;
    let saved = saved_scheme(app, class_id).await?;
    Ok(Grading {
        saved: saved.is_some(),
        scheme: saved.unwrap_or_default(),
    })
}

pub async fn save_scheme(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    input: &Grading,
) -> AppResult<Grading> {
    let scheme = &input.scheme;
    load(app, principal, Permission::ClassRun, class_id).await?;
    scheme
        .validate()
        .map_err(|e| AppError::field("components", e.code(), e))?;
    let text = serde_json::to_string(scheme).map_err(|e| AppError::Internal(e.into()))?;
    grades::save_scheme(&app.db, &principal.actor(), app.now(), class_id, &text).await?;
    Ok(Grading {
        scheme: scheme.clone(),
        saved: true,
    })
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ComponentScores {
    pub scores: Vec<ComponentScore>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ComponentScore {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    /// On 100 points, up to two decimals.
    pub score: String,
}

/// Enters a hand-scored component (研修成果 …) for trainees of the class. A class that had not
/// saved a scheme takes the one it was offered in the same transaction: scores are entered
/// against a scheme, and from then on its grades decide completion.
pub async fn enter_scores(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    component: &str,
    scores: &[ComponentScore],
) -> AppResult<()> {
    load(app, principal, Permission::ClassRun, class_id).await?;
    let saved = saved_scheme(app, class_id).await?;
    let adopted = match &saved {
        Some(_) => None,
        None => Some(
            serde_json::to_string(&GradingScheme::default())
                .map_err(|e| AppError::Internal(e.into()))?,
        ),
    };
    let scheme = saved.unwrap_or_default();
    let manual = scheme
        .components
        .iter()
        .any(|c| c.code == component && c.source == ComponentSource::Manual);
    if !manual {
        return Err(AppError::rule(
            "NOT_A_MANUAL_COMPONENT",
            format!("“{component}”不是需要手工录入的考核项目"),
        ));
    }
    let enrolled: Vec<PersonId> = enrolled(app, class_id).await?;
    let mut parsed = Vec::new();
    for (index, s) in scores.iter().enumerate() {
        if !enrolled.contains(&s.person_id) {
            return Err(AppError::NotFound);
        }
        let score = crate::app::credits::row_score(index, &s.score)?;
        parsed.push((s.person_id, i32::try_from(score).unwrap_or(0)));
    }
    grades::set_scores(
        &app.db,
        &principal.actor(),
        app.now(),
        class_id,
        component,
        &parsed,
        adopted.as_deref(),
    )
    .await?;
    Ok(())
}

async fn enrolled(app: &App, class_id: ClassId) -> AppResult<Vec<PersonId>> {
    Ok(
        enrolment_store::list(&app.db, &ClassVisibility::everything(), class_id)
            .await?
            .into_iter()
            .filter(|r| r.status == EnrolmentStatus::Enrolled)
            .map(|r| r.person_id)
            .collect(),
    )
}

/// One line of the sheet, with the trainee's name, attendance, completion and certificate.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SheetLine {
    #[serde(flatten)]
    pub line: GradeLine,
    pub name: String,
    pub unit_name: String,
    /// Hours attended over the planned hours, where the class had a roll call (the figure
    /// completion and compliance count).
    pub attendance: Option<Attendance>,
    /// Attended over planned, in hundredths of a percent.
    pub attendance_rate: Option<u32>,
    /// 结业 / 未结业 / 待定 with the reasons (ADR 0023); decided once the class has ended.
    pub completion: Completion,
    /// The certificate issued, if one was.
    pub certificate_number: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GradeSheet {
    pub scheme: GradingScheme,
    /// Whether the class has a grading scheme (saved, or adopted by entering a score); without
    /// one the lines are computed with the offered default for reference only and completion
    /// reads attendance alone.
    pub graded: bool,
    /// Whether the class has ended (completion is decided then).
    pub finished: bool,
    /// The leave cap in force ("1/7"); a trainee must attend the hours less this share.
    pub leave_cap: String,
    /// The attendance required, in hundredths of a percent: 100 hours less the leave the cap
    /// allows (8572 under 1/7, the allowance rounded down).
    pub required_rate: u32,
    pub lines: Vec<SheetLine>,
}

fn mean(scores: &[u32]) -> Option<u32> {
    let n = u32::try_from(scores.len()).ok().filter(|n| *n > 0)?;
    let sum: u64 = scores.iter().map(|&s| u64::from(s)).sum();
    u32::try_from((sum + u64::from(n) / 2) / u64::from(n)).ok()
}

/// The grade sheet: every enrolled trainee's components, weighted total, pass and excellence.
pub async fn sheet(app: &App, principal: &Principal, class_id: ClassId) -> AppResult<GradeSheet> {
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    sheet_of(app, &class).await
}

/// The grade sheet of a class the caller has already been allowed to see (the training archive
/// shows a person's grade and completion in every class they finished, R-ARC-1; certificates
/// are issued from its completion verdicts).
pub(crate) async fn sheet_of(app: &App, class: &ClassRecord) -> AppResult<GradeSheet> {
    let class_id = class.id;
    let saved = saved_scheme(app, class_id).await?;
    let graded = saved.is_some();
    let scheme = saved.unwrap_or_default();
    let leave_cap = crate::app::attendance::settings(app).await?.leave_cap;
    let roster = enrolment_store::list(&app.db, &ClassVisibility::everything(), class_id)
        .await?
        .into_iter()
        .filter(|r| r.status == EnrolmentStatus::Enrolled)
        .collect::<Vec<_>>();
    let seats: Vec<(PersonId, ClassId)> = roster.iter().map(|r| (r.person_id, class_id)).collect();
    // Hours attended per trainee where the class had a roll call (ADR 0023).
    let attended = ganxun_storage::attendance::attended_hours(&app.db, &seats).await?;
    let attendance_of = |person: PersonId| attended.get(&(person, class_id)).copied();
    let mut recorded: HashMap<&str, HashMap<PersonId, Vec<u32>>> = HashMap::new();
    for kind in ["exam", "assignment"] {
        for (person, score) in grades::recorded_scores(&app.db, class_id, kind).await? {
            recorded
                .entry(kind)
                .or_default()
                .entry(person)
                .or_default()
                .push(score);
        }
    }
    let manual: HashMap<(PersonId, String), u32> = grades::manual_scores(&app.db, class_id)
        .await?
        .into_iter()
        .map(|(p, c, s)| ((p, c), u32::try_from(s).unwrap_or(0)))
        .collect();
    let trainees: Vec<TraineeScores> = roster
        .iter()
        .map(|r| {
            let mut scores = BTreeMap::new();
            for c in &scheme.components {
                let score = match c.source {
                    // No roll call, no attendance score: 未录入, not 0.
                    ComponentSource::Attendance => attendance_of(r.person_id).map(|a| a.rate()),
                    ComponentSource::Exam | ComponentSource::Assignment => {
                        let kind = if c.source == ComponentSource::Exam {
                            "exam"
                        } else {
                            "assignment"
                        };
                        recorded
                            .get(kind)
                            .and_then(|by| by.get(&r.person_id))
                            .and_then(|s| mean(s))
                    }
                    ComponentSource::Manual => manual.get(&(r.person_id, c.code.clone())).copied(),
                };
                if let Some(score) = score {
                    scores.insert(c.code.clone(), score);
                }
            }
            TraineeScores {
                person_id: r.person_id,
                scores,
            }
        })
        .collect();
    let certificates: HashMap<PersonId, String> = ganxun_storage::classes::certificates::list(
        &app.db,
        &ClassVisibility::everything(),
        class_id,
    )
    .await?
    .into_iter()
    .filter(|c| c.revoked_at.is_none())
    .map(|c| (c.person_id, c.number))
    .collect();
    let people: HashMap<PersonId, &ganxun_storage::classes::enrolment::EnrolmentRow> =
        roster.iter().map(|r| (r.person_id, r)).collect();
    let label_of = |code: &str| {
        scheme
            .components
            .iter()
            .find(|c| c.code == code)
            .map_or_else(|| code.to_owned(), |c| c.label.clone())
    };
    let lines = grade(&scheme, &trainees)
        .into_iter()
        .map(|line| {
            let row = people.get(&line.person_id);
            let attendance = attendance_of(line.person_id);
            let completion = completion(&CompletionFacts {
                withdrawn: false,
                absent_at_opening: row.is_some_and(|r| r.arrived == Some(false)),
                attendance,
                leave_cap,
                grade: graded.then(|| GradeFacts {
                    verdict: line.verdict,
                    total: line.total,
                    pass_mark: scheme.pass_mark,
                    missing: line.missing.iter().map(|c| label_of(c)).collect(),
                }),
            });
            SheetLine {
                name: row.map(|r| r.name.clone()).unwrap_or_default(),
                unit_name: row.map(|r| r.unit_name.clone()).unwrap_or_default(),
                attendance_rate: attendance.map(|a| a.rate()),
                attendance,
                completion,
                certificate_number: certificates.get(&line.person_id).cloned(),
                line,
            }
        })
        .collect();
    let full = ClassHours::whole(100);
    let required_rate = required_hours(full, leave_cap).hundredths();
    Ok(GradeSheet {
        scheme,
        graded,
        finished: class.state.is_finished(),
        leave_cap: leave_cap.to_string(),
        required_rate,
        lines,
    })
}
