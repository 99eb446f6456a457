//! Final grades of a class (结业成绩, R-GRD-1/2): the class's grading scheme (the Xiantao
//! 40/30/30 by default), hand-entered component scores, and the computed grade sheet with the
//! pass mark and excellent trainees.

use crate::app::attendance::report::class_attendance;
use crate::app::classes::load;
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::ClassId;
use ganxun_domain::attendance::session_facts;
use ganxun_domain::classes::EnrolmentStatus;
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

async fn stored_scheme(app: &App, class_id: ClassId) -> AppResult<GradingScheme> {
    match grades::scheme(&app.db, class_id).await? {
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("stored grading of {class_id}: {e}"))),
        None => Ok(GradingScheme::default()),
    }
}

/// A grading scheme over the API: components (code, label, weight %, source: attendance, exam,
/// assignment or manual), `pass_mark`, and `excellent` as `{"top": n}`, `{"top_percent": p}` or
/// `{"at_least": score}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Grading {
    pub scheme: GradingScheme,
}

/// The class's grading scheme (the default one until the class saves its own).
pub async fn scheme(app: &App, principal: &Principal, class_id: ClassId) -> AppResult<Grading> {
    load(app, principal, Permission::ClassRead, class_id).await?;
    Ok(Grading {
        scheme: stored_scheme(app, class_id).await?,
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
    Ok(input.clone())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ComponentScores {
    pub scores: Vec<ComponentScore>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ComponentScore {
    pub person_id: i64,
    /// On 100 points, up to two decimals.
    pub score: String,
}

/// Enters a hand-scored component (研修成果 …) for trainees of the class.
pub async fn enter_scores(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    component: &str,
    scores: &[ComponentScore],
) -> AppResult<()> {
    load(app, principal, Permission::ClassRun, class_id).await?;
    let scheme = stored_scheme(app, class_id).await?;
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
    let enrolled: Vec<i64> = enrolled(app, class_id).await?;
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
    )
    .await?;
    Ok(())
}

async fn enrolled(app: &App, class_id: ClassId) -> AppResult<Vec<i64>> {
    Ok(
        enrolment_store::list(&app.db, &ClassVisibility::everything(), class_id)
            .await?
            .into_iter()
            .filter(|r| r.status == EnrolmentStatus::Enrolled)
            .map(|r| r.person_id)
            .collect(),
    )
}

/// One line of the sheet, with the trainee's name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SheetLine {
    #[serde(flatten)]
    pub line: GradeLine,
    pub name: String,
    pub unit_name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GradeSheet {
    pub scheme: GradingScheme,
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
/// shows a person's grade in every class they finished, R-ARC-1).
pub(crate) async fn sheet_of(app: &App, class: &ClassRecord) -> AppResult<GradeSheet> {
    let class_id = class.id;
    let scheme = stored_scheme(app, class_id).await?;
    let roster = enrolment_store::list(&app.db, &ClassVisibility::everything(), class_id)
        .await?
        .into_iter()
        .filter(|r| r.status == EnrolmentStatus::Enrolled)
        .collect::<Vec<_>>();
    // Hours attended per trainee, as a share of the class's hours.
    let attended: HashMap<i64, u32> = class_attendance(app, class)
        .await?
        .into_iter()
        .map(|(person, record)| {
            let hours: ClassHours = record
                .sessions
                .iter()
                .map(|s| session_facts(s.hours, i64::from(s.minutes), &s.mark).hours_attended)
                .sum();
            let total = u64::try_from(class.total_hours).unwrap_or(0).max(1);
            let share = (u64::from(hours.hundredths()) * 10_000 / total).min(10_000);
            (person, u32::try_from(share).unwrap_or(0))
        })
        .collect();
    let mut recorded: HashMap<&str, HashMap<i64, Vec<u32>>> = HashMap::new();
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
    let manual: HashMap<(i64, String), u32> = grades::manual_scores(&app.db, class_id)
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
                    ComponentSource::Attendance => attended.get(&r.person_id).copied(),
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
    let names: HashMap<i64, (String, String)> = roster
        .into_iter()
        .map(|r| (r.person_id, (r.name, r.unit_name)))
        .collect();
    let lines = grade(&scheme, &trainees)
        .into_iter()
        .map(|line| {
            let (name, unit_name) = names.get(&line.person_id).cloned().unwrap_or_default();
            SheetLine {
                line,
                name,
                unit_name,
            }
        })
        .collect();
    Ok(GradeSheet { scheme, lines })
}
