//! Watching online learning as it happens (R-ONL-4): for a unit and those below it, or for a
//! class's trainees — who is learning now, the time learned this half-month, how far the
//! required lessons are done, who is on the even pace towards the year's target and who is
//! behind, by name, with how many half-months in a row and so whom to tell (the learner, their
//! unit, the district or sub-centre). The briefings are the same figures as of a period's end.
//!
//! Read with `learning.guide` (training authority, unit administrators, head teachers) over
//! the grant's scope; a head teacher also reaches the trainees of the classes they lead.

use crate::app::{App, AppError, AppResult, Principal};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::learning::briefing::{half_month_ends_back_from, periods_behind};
use ganxun_domain::learning::{BriefingKind, Escalation, Period, Standing};
use ganxun_domain::{ClassHours, ClassId, Permission, UnitId};
use ganxun_storage::AccessScope;
use ganxun_storage::learning::watch::{self as store, LearnerYear, Watched, Within};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// How recent a heartbeat must be for its learner to count as learning now (heartbeats come
/// about every 15 s; a page closed without a word stops within this).
const NOW_WINDOW: TimeDelta = TimeDelta::seconds(60);

/// Laggards shown on the live page at most (the briefings keep more).
const LAGGARDS_SHOWN: usize = 200;

/// Whose learning is watched.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WatchQuery {
    /// A unit and those below it (default: the top unit the caller reaches).
    #[param(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
    /// A class's trainees instead.
    #[param(value_type = Option<i64>)]
    pub class_id: Option<ClassId>,
}

/// A period's code, name and days.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PeriodView {
    pub code: String,
    pub label: String,
    pub label_en: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl From<Period> for PeriodView {
    fn from(period: Period) -> Self {
        Self {
            code: period.code(),
            label: period.label_zh(),
            label_en: period.label_en(),
            first_day: period.first_day(),
            last_day: period.last_day(),
        }
    }
}

/// The figures of a group of people.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct WatchFigures {
    /// Everyone watched.
    pub people: u64,
    /// Those with required courses this year (the ones measured).
    pub learners: u64,
    pub learning_now: u64,
    /// Learners who learned at all in the period.
    pub learned_in_period: u64,
    /// The time learned in the period, in minutes (credited by the server).
    pub period_minutes: u64,
    pub required_lessons: u64,
    pub finished_required_lessons: u64,
    /// Finished required lessons among all required lessons, in per cent (one decimal).
    pub completion_percent: Option<f64>,
    /// Class hours of finished required lessons this year.
    #[schema(value_type = String)]
    pub required_hours: ClassHours,
    /// Learners who reached the year's target, are on the even pace, or are behind it.
    pub done: u64,
    pub on_pace: u64,
    pub behind: u64,
}

/// One group's line: a unit below the chosen one (or its own people), or a trainee's unit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WatchGroup {
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub name: String,
    /// The chosen unit's own people (本级), not a unit below it.
    pub own: bool,
    pub figures: WatchFigures,
}

/// A learner behind the even pace, with whom to tell.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Laggard {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    #[schema(value_type = String)]
    pub required_hours: ClassHours,
    /// What the even pace asks for by the day measured.
    #[schema(value_type = String)]
    pub expected_hours: ClassHours,
    #[schema(value_type = String)]
    pub short_hours: ClassHours,
    /// Half-months in a row (this one included) the learner has been behind.
    pub periods_behind: u32,
    /// `learner`, `unit` or `district`.
    pub escalation: String,
    pub escalation_label: String,
    /// The minutes learned in the period.
    pub period_minutes: u64,
    /// The last day a required lesson was finished this year.
    pub last_finished_on: Option<NaiveDate>,
}

/// Someone learning now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningNow {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    pub unit_name: String,
    pub course_title: String,
    pub lesson_title: String,
    pub started_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// Credited in this sitting so far, in minutes.
    pub earned_minutes: u64,
}

/// `GET /learning/watch`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningWatch {
    /// The unit's or the class's name.
    pub title: String,
    #[schema(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
    #[schema(value_type = Option<i64>)]
    pub class_id: Option<ClassId>,
    pub as_of: NaiveDate,
    /// The half-month under way.
    pub period: PeriodView,
    /// The year's online hours the compliance rules ask for, and the rule; without one no pace
    /// is measured and nobody is listed as behind.
    #[schema(value_type = Option<String>)]
    pub target_hours: Option<ClassHours>,
    pub target_rule: Option<String>,
    /// What the even pace asks for by today.
    #[schema(value_type = Option<String>)]
    pub expected_hours: Option<ClassHours>,
    pub whole: WatchFigures,
    pub groups: Vec<WatchGroup>,
    pub learning_now: Vec<LearningNow>,
    pub laggards: Vec<Laggard>,
    /// All laggards, of whom the first are listed.
    pub laggards_total: u64,
}

/// The people measured and how the groups cut them.
pub(crate) struct Watch {
    pub people: Vec<Watched>,
    /// Each group's unit, name and whether it is the chosen unit's own people.
    pub groups: Vec<(UnitId, String, bool)>,
    /// The group of each person (an index into `groups`).
    pub group_of: Vec<Option<usize>>,
}

impl Watch {
    /// The people of a unit's subtree, grouped by the units right below it (and its own).
    pub(crate) async fn of_unit(
        app: &App,
        scope: &AccessScope,
        unit_id: UnitId,
        name: &str,
        path: &str,
    ) -> AppResult<Self> {
        let people = store::people(app.db.connection(), scope, Within::Subtree(path)).await?;
        let mut groups = vec![(unit_id, name.to_owned(), true)];
        let mut paths = vec![path.to_owned()];
        for (id, child_name, child_path) in store::children(app.db.connection(), unit_id).await? {
            groups.push((id, child_name, false));
            paths.push(child_path);
        }
        let group_of = people
            .iter()
            .map(|p| {
                // The deepest group path the person's unit lies under: a child, else the unit.
                paths
                    .iter()
                    .enumerate()
                    .filter(|(_, prefix)| p.unit_path.starts_with(prefix.as_str()))
                    .max_by_key(|(_, prefix)| prefix.len())
                    .map(|(i, _)| i)
            })
            .collect();
        Ok(Self {
            people,
            groups,
            group_of,
        })
    }

    /// A class's trainees, grouped by their units.
    async fn of_class(app: &App, scope: &AccessScope, class_id: ClassId) -> AppResult<Self> {
        let people = store::people(app.db.connection(), scope, Within::Class(class_id)).await?;
        let mut groups: Vec<(UnitId, String, bool)> = Vec::new();
        let group_of = people
            .iter()
            .map(|p| {
                Some(
                    match groups.iter().position(|(id, _, _)| *id == p.unit_id) {
                        Some(i) => i,
                        None => {
                            groups.push((p.unit_id, p.unit_name.clone(), false));
                            groups.len() - 1
                        }
                    },
                )
            })
            .collect();
        Ok(Self {
            people,
            groups,
            group_of,
        })
    }
}

/// One learner measured as of a day.
struct Measure {
    bound: bool,
    required_lessons: u64,
    finished_required_lessons: u64,
    required_hours: ClassHours,
    period_ms: u64,
    learning_now: bool,
    standing: Option<Standing>,
    periods_behind: u32,
    last_finished_on: Option<NaiveDate>,
}

/// The figures of a watch as of a day: the period's learning from `first_day`, the year's
/// required hours finished by `as_of`, and (when `now_since` is given) who is learning now.
pub(crate) struct Measured {
    pub whole: WatchFigures,
    pub groups: Vec<WatchGroup>,
    /// Every laggard, the longest and furthest behind first.
    pub laggards: Vec<Laggard>,
    pub learning_now: Vec<LearningNow>,
    pub expected: Option<ClassHours>,
}

pub(crate) async fn measure(
    app: &App,
    watch: &Watch,
    target: Option<ClassHours>,
    first_day: NaiveDate,
    as_of: NaiveDate,
    now_since: Option<DateTime<Utc>>,
) -> AppResult<Measured> {
    let ids: Vec<PersonId> = watch.people.iter().map(|p| p.person_id).collect();
    let conn = app.db.connection();
    let years = store::years(conn, &ids, as_of.year()).await?;
    let learned = store::learned_ms(conn, &ids, first_day, as_of).await?;
    let now: BTreeMap<PersonId, store::Learning> = match now_since {
        Some(since) => store::learning_since(conn, since)
            .await?
            .into_iter()
            .map(|l| (l.person_id, l))
            .collect(),
        None => BTreeMap::new(),
    };
    // Dates a run behind is counted over: the day measured, then the half-month ends before it.
    let mut checks = vec![as_of];
    checks.extend(
        half_month_ends_back_from(as_of)
            .into_iter()
            .filter(|end| *end < as_of),
    );
    let expected = target.map(|t| ganxun_domain::learning::briefing::expected_by(t, as_of));
    let empty = LearnerYear::default();
    let measures: Vec<Measure> = watch
        .people
        .iter()
        .map(|person| {
            let year = years.get(&person.person_id).unwrap_or(&empty);
            measure_one(
                year,
                target,
                as_of,
                &checks,
                learned.get(&person.person_id).copied().unwrap_or(0),
                now.contains_key(&person.person_id),
            )
        })
        .collect();
    let mut whole = WatchFigures::default();
    let mut groups: Vec<WatchGroup> = watch
        .groups
        .iter()
        .map(|(unit_id, name, own)| WatchGroup {
            unit_id: *unit_id,
            name: name.clone(),
            own: *own,
            figures: WatchFigures::default(),
        })
        .collect();
    let mut laggards = Vec::new();
    for ((person, m), group) in watch.people.iter().zip(&measures).zip(&watch.group_of) {
        add(&mut whole, m);
        if let Some(group) = group.and_then(|g| groups.get_mut(g)) {
            add(&mut group.figures, m);
        }
        if let (Some(Standing::Behind { short }), Some(target)) = (m.standing, target) {
            let escalation = Escalation::after(m.periods_behind);
            laggards.push(Laggard {
                person_id: person.person_id,
                name: person.name.clone(),
                unit_id: person.unit_id,
                unit_name: person.unit_name.clone(),
                required_hours: m.required_hours,
                expected_hours: expected.unwrap_or(target),
                short_hours: short,
                periods_behind: m.periods_behind,
                escalation: escalation.code().to_owned(),
                escalation_label: escalation.label_zh().to_owned(),
                period_minutes: m.period_ms / 60_000,
                last_finished_on: m.last_finished_on,
            });
        }
    }
    finish(&mut whole);
    for group in &mut groups {
        finish(&mut group.figures);
    }
    // A group with nobody in it says nothing (a department without cadres, an empty centre).
    groups.retain(|g| g.figures.people > 0);
    laggards.sort_by(|a, b| {
        b.periods_behind
            .cmp(&a.periods_behind)
            .then(b.short_hours.cmp(&a.short_hours))
            .then(a.unit_name.cmp(&b.unit_name))
            .then(a.name.cmp(&b.name))
    });
    let names: BTreeMap<PersonId, &Watched> =
        watch.people.iter().map(|p| (p.person_id, p)).collect();
    let mut learning_now: Vec<LearningNow> = now
        .into_values()
        .filter_map(|l| {
            let person = names.get(&l.person_id)?;
            Some(LearningNow {
                person_id: l.person_id,
                name: person.name.clone(),
                unit_name: person.unit_name.clone(),
                course_title: l.course_title,
                lesson_title: l.lesson_title,
                started_at: l.started_at,
                last_at: l.last_at,
                earned_minutes: l.earned_ms / 60_000,
            })
        })
        .collect();
    learning_now.sort_by_key(|l| l.started_at);
    Ok(Measured {
        whole,
        groups,
        laggards,
        learning_now,
        expected,
    })
}

fn measure_one(
    year: &LearnerYear,
    target: Option<ClassHours>,
    as_of: NaiveDate,
    checks: &[NaiveDate],
    period_ms: u64,
    learning_now: bool,
) -> Measure {
    let required: Vec<_> = year
        .finished
        .iter()
        .filter(|l| l.required && l.finished_on <= as_of)
        .collect();
    let hours_by = |day: NaiveDate| {
        required
            .iter()
            .filter(|l| l.finished_on <= day)
            .map(|l| ClassHours::from_hundredths(u32::try_from(l.hours).unwrap_or(0)))
            .sum::<ClassHours>()
    };
    let bound = !year.required_courses.is_empty();
    let hours = hours_by(as_of);
    let standing = target
        .filter(|_| bound)
        .map(|target| Standing::of(hours, target, as_of));
    let run = match target.filter(|_| bound) {
        Some(target) => periods_behind(checks, target, hours_by),
        None => 0,
    };
    Measure {
        bound,
        required_lessons: year.required_lessons as u64,
        // A lesson removed from a course since still counts as finished, never above the whole.
        finished_required_lessons: (required.len() as u64).min(year.required_lessons as u64),
        required_hours: hours,
        period_ms,
        learning_now,
        standing,
        periods_behind: run,
        last_finished_on: required.last().map(|l| l.finished_on),
    }
}

fn add(figures: &mut WatchFigures, m: &Measure) {
    figures.people += 1;
    figures.learning_now += u64::from(m.learning_now);
    figures.period_minutes += m.period_ms / 60_000;
    if !m.bound {
        return;
    }
    figures.learners += 1;
    figures.learned_in_period += u64::from(m.period_ms > 0);
    figures.required_lessons += m.required_lessons;
    figures.finished_required_lessons += m.finished_required_lessons;
    figures.required_hours = figures.required_hours.saturating_add(m.required_hours);
    match m.standing {
        Some(Standing::Done) => figures.done += 1,
        Some(Standing::OnPace) => figures.on_pace += 1,
        Some(Standing::Behind { .. }) => figures.behind += 1,
        None => {}
    }
}

fn finish(figures: &mut WatchFigures) {
    figures.completion_percent = (figures.required_lessons > 0).then(|| {
        (figures.finished_required_lessons as f64 * 1000.0 / figures.required_lessons as f64)
            .round()
            / 10.0
    });
}

/// Who the caller watches: the people of their `learning.guide` scope and the trainees of the
/// classes they lead as head teacher.
pub(crate) async fn readers_scope(app: &App, principal: &Principal) -> AppResult<AccessScope> {
    principal.require(Permission::LearningGuide)?;
    let scope = principal.scope(app, Permission::LearningGuide).await?;
    let led =
        ganxun_storage::learning::notes::trainees_led_by(&app.db, principal.account_id).await?;
    Ok(scope.union(AccessScope {
        people: led,
        ..AccessScope::nothing()
    }))
}

/// `GET /learning/watch`: the live view.
pub async fn watch(
    app: &App,
    principal: &Principal,
    query: &WatchQuery,
) -> AppResult<LearningWatch> {
    let scope = readers_scope(app, principal).await?;
    let today = ganxun_domain::china_date(app.now());
    let (title, unit_id, class_id, watch) = match (query.class_id, query.unit_id) {
        (Some(class_id), _) => {
            let class =
                crate::app::classes::load(app, principal, Permission::ClassRead, class_id).await?;
            let watch = Watch::of_class(app, &scope, class_id).await?;
            (class.title, None, Some(class_id), watch)
        }
        (None, unit_id) => {
            let unit = chosen_unit(app, &scope, unit_id).await?;
            let watch = Watch::of_unit(app, &scope, unit.id, &unit.name, &unit.path).await?;
            (unit.name, Some(unit.id), None, watch)
        }
    };
    let period = Period::containing(BriefingKind::HalfMonth, today);
    let target = super::requirements::yearly_target(app, today).await?;
    let measured = measure(
        app,
        &watch,
        target.as_ref().map(|(h, _)| *h),
        period.first_day(),
        today,
        Some(app.now() - NOW_WINDOW),
    )
    .await?;
    let laggards_total = measured.laggards.len() as u64;
    Ok(LearningWatch {
        title,
        unit_id,
        class_id,
        as_of: today,
        period: period.into(),
        target_hours: target.as_ref().map(|(h, _)| *h),
        target_rule: target.map(|(_, rule)| rule),
        expected_hours: measured.expected,
        whole: measured.whole,
        groups: measured.groups,
        learning_now: measured.learning_now,
        laggards: measured.laggards.into_iter().take(LAGGARDS_SHOWN).collect(),
        laggards_total,
    })
}

/// The unit asked for, inside the scope (`NotFound` outside), or the top unit the caller
/// reaches; a caller who reaches no unit (a head teacher by their classes only) watches a class.
pub(crate) async fn chosen_unit(
    app: &App,
    scope: &AccessScope,
    unit_id: Option<UnitId>,
) -> AppResult<ganxun_storage::org::Unit> {
    if !scope.all && scope.subtrees.is_empty() && scope.units.is_empty() {
        return Err(AppError::rule(
            "WATCH_CHOOSE_CLASS",
            "您的权限范围按所带班级划定，请选择一个培训班查看",
        ));
    }
    match unit_id {
        Some(id) => Ok(ganxun_storage::org::get_unit(&app.db, scope, id).await?),
        None => ganxun_storage::org::list_units(&app.db, scope, false)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound),
    }
}
