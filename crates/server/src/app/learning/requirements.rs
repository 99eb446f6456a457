//! Required courses (必修, R-ONL-1): the library's keepers assign a course to everyone, a
//! person category, a unit, a class's trainees or a person for a year; every other published
//! course is optional (拓展) for them, studied and shown but counted towards no total.

use crate::app::{App, AppError, AppResult, Principal};
use chrono::{Datelike, NaiveDate};
use ganxun_domain::CourseId;
use ganxun_domain::PersonId;
use ganxun_domain::learning::AudienceKind;
use ganxun_domain::{Category, ClassHours, ClassId, Permission, RequirementId, UnitId};
use ganxun_storage::AccessScope;
use ganxun_storage::learning::requirements::{self as store, NewAudience, Requirement};
use serde::Deserialize;
use utoipa::ToSchema;

/// An assignment as entered.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RequirementInput {
    pub year: i32,
    /// `everyone`, `category`, `unit`, `class` or `person`.
    pub audience: String,
    /// The unit, class or person, for those audiences.
    #[serde(default)]
    pub audience_id: Option<i64>,
    /// The person category code, for `category`.
    #[serde(default)]
    pub category: Option<String>,
}

/// The years an assignment may be made for: a plan's reach around today.
fn checked_year(app: &App, year: i32) -> AppResult<i32> {
    let this_year = ganxun_domain::china_date(app.now()).year();
    if (this_year - 5..=this_year + 1).contains(&year) {
        Ok(year)
    } else {
        Err(AppError::field(
            "year",
            "REQUIREMENT_YEAR_OUT_OF_RANGE",
            format!("年度应在 {} 至 {} 年之间", this_year - 5, this_year + 1),
        ))
    }
}

fn audience_of(input: &RequirementInput) -> AppResult<NewAudience> {
    let kind = AudienceKind::parse(&input.audience).ok_or_else(|| {
        AppError::field(
            "audience",
            "AUDIENCE_UNKNOWN_KIND",
            "请选择必修对象：全体学员、人员类别、单位、培训班或指定人员",
        )
    })?;
    let id = || {
        input.audience_id.ok_or_else(|| {
            AppError::field(
                "audience_id",
                "AUDIENCE_ID_MISSING",
                format!("请选择{}", kind.label_zh()),
            )
        })
    };
    Ok(match kind {
        AudienceKind::Everyone => NewAudience::Everyone,
        AudienceKind::Category => NewAudience::Category(
            input
                .category
                .as_deref()
                .and_then(Category::parse)
                .ok_or_else(|| {
                    AppError::field("category", "AUDIENCE_CATEGORY_UNKNOWN", "请选择人员类别")
                })?,
        ),
        AudienceKind::Unit => NewAudience::Unit(UnitId(id()?)),
        AudienceKind::Class => NewAudience::Class(ClassId(id()?)),
        AudienceKind::Person => NewAudience::Person(PersonId(id()?)),
    })
}

/// Makes a course required of an audience in a year; lessons already finished that year are
/// re-posted and recounted.
pub async fn add(
    app: &App,
    principal: &Principal,
    course_id: CourseId,
    input: &RequirementInput,
) -> AppResult<Requirement> {
    principal.require(Permission::LearningManage)?;
    let year = checked_year(app, input.year)?;
    let audience = audience_of(input)?;
    within_scope(app, principal, &audience).await?;
    Ok(store::add(
        &app.db,
        &principal.actor(),
        &principal.display_name,
        app.now(),
        course_id,
        year,
        audience,
    )
    .await?)
}

/// A keeper assigns inside their own scope: a unit, class or person they reach (any other is
/// "not found", as everywhere), and everyone or a whole category only when they reach every
/// unit — a county's keeper cannot set the courses of the next county.
async fn within_scope(app: &App, principal: &Principal, audience: &NewAudience) -> AppResult<()> {
    let scope = principal.scope(app, Permission::LearningManage).await?;
    let unknown = |kind: &'static str| {
        AppError::refused(ganxun_storage::learning::refusal::Refusal::AudienceUnknown { kind })
    };
    match audience {
        NewAudience::Everyone | NewAudience::Category(_) => {
            let roots = ganxun_storage::org::list_units(&app.db, &AccessScope::everything(), false)
                .await?
                .into_iter()
                .filter(|u| u.parent_id.is_none())
                .map(|u| u.path);
            let reaches_all = scope.all
                || roots
                    .into_iter()
                    .all(|root| scope.subtrees.iter().any(|s| root.starts_with(s.as_str())));
            if !reaches_all {
                return Err(AppError::field(
                    "audience",
                    "AUDIENCE_BEYOND_SCOPE",
                    "您的管理范围不含全部单位，请指定本范围内的单位、培训班或人员",
                ));
            }
        }
        NewAudience::Unit(id) => {
            ganxun_storage::org::get_unit(&app.db, &scope, *id)
                .await
                .map_err(|_| unknown("单位"))?;
        }
        NewAudience::Class(id) => {
            crate::app::classes::load(app, principal, Permission::ClassRead, *id)
                .await
                .map_err(|_| unknown("培训班"))?;
        }
        NewAudience::Person(id) => {
            ganxun_storage::people::get(&app.db, &scope, *id)
                .await
                .map_err(|_| unknown("人员"))?;
        }
    }
    Ok(())
}

/// Withdraws an assignment.
pub async fn remove(app: &App, principal: &Principal, id: RequirementId) -> AppResult<()> {
    principal.require(Permission::LearningManage)?;
    Ok(store::remove(&app.db, &principal.actor(), app.now(), id).await?)
}

/// The assignments of a year.
pub async fn list(app: &App, principal: &Principal, year: i32) -> AppResult<Vec<Requirement>> {
    principal.require(Permission::LearningManage)?;
    Ok(store::list(&app.db, year).await?)
}

/// The yearly online hours the compliance rules in force ask for (R-REG-4: 50 by the national
/// rules), with the rule's name: the largest hour amount of a rule counting online training.
pub async fn yearly_target(app: &App, on: NaiveDate) -> AppResult<Option<(ClassHours, String)>> {
    use ganxun_domain::compliance::TrainingKind;
    let mut best: Option<(ClassHours, String)> = None;
    for kind in crate::app::compliance::KINDS {
        let (rules, _) = crate::app::compliance::rule_set_for(app, kind, on).await?;
        for rule in &rules.requirements {
            let online = rule
                .counts
                .kinds_any
                .as_ref()
                .is_some_and(|kinds| kinds.contains(&TrainingKind::Online));
            if let (true, Some(hours)) = (online, rule.amount.hours)
                && best.as_ref().is_none_or(|(h, _)| hours > *h)
            {
                best = Some((hours, rule.name.clone()));
            }
        }
    }
    Ok(best)
}
