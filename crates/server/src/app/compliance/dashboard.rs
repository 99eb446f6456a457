//! The authority's compliance dashboard (issue 7, R-CMP-1…3, ADR 0012): for a unit and its
//! subtree, how many people each rule binds and how many have met it, are at risk or have not;
//! the same per subordinate unit; the one-fifth-a-year coverage (R-CMP-3) per unit; and the
//! lists behind the numbers — people at risk or short, and who has gone longest without
//! training (a suggestion list for 点名调学). Everything reads the maintained statuses.

use crate::app::compliance::board::{RECOMPUTE, RulesInForce};
use crate::app::paging::{Sizes, paging};
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::code_enum::Vocabulary;
use ganxun_domain::compliance::{BoardStatus, RuleType, Status};
use ganxun_domain::compliance::{Days, required_people};
use ganxun_domain::{ClassHours, Permission};
use ganxun_storage::AccessScope;
use ganxun_storage::compliance::board::{self as board, StatusFilter};
use ganxun_storage::jobs::{self, JobRow};
use ganxun_storage::org::{self, Unit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// People at each status. For a make-up: met = made up (in time or late), at risk = pending,
/// not met = overdue or not allowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct StatusCounts {
    pub total: i64,
    pub met: i64,
    pub at_risk: i64,
    pub not_met: i64,
}

impl StatusCounts {
    fn add(&mut self, status: BoardStatus, people: i64) {
        self.total += people;
        match status.counted_as() {
            Status::Met => self.met += people,
            Status::AtRisk => self.at_risk += people,
            Status::NotMet => self.not_met += people,
        }
    }
}

/// One rule over the unit's subtree.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComplianceRuleSummary {
    /// `compliance_national`, `compliance_county` or `compliance_org_cadres`.
    pub kind: String,
    pub kind_title: String,
    pub rule_id: String,
    pub name: String,
    /// `requirement`, `coverage` (trained this window: met) or `make_up` (promotions' make-ups).
    #[schema(value_type = String)]
    pub rule_type: RuleType,
    pub counts: StatusCounts,
}

/// One subordinate unit (or the unit's own people, `own: true`) and its counts per rule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComplianceUnitSummary {
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub name: String,
    /// The people directly in the chosen unit (本级), not in a subordinate unit.
    pub own: bool,
    /// In the order of `rules`; a rule binding nobody here has zero counts.
    pub counts: Vec<StatusCounts>,
}

/// A coverage target (R-CMP-3) in one unit: bound, trained, and the share required.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComplianceCoverageUnit {
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub name: String,
    pub own: bool,
    pub bound: i64,
    pub trained: i64,
    /// ⌈bound × share⌉.
    pub required: i64,
    pub missing: i64,
    pub met: bool,
}

/// A coverage target over the subtree and per subordinate unit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComplianceCoverage {
    pub kind: String,
    pub rule_id: String,
    pub name: String,
    /// "1/5"
    pub share: String,
    pub whole: ComplianceCoverageUnit,
    pub units: Vec<ComplianceCoverageUnit>,
}

/// The dashboard of a unit's subtree.
#[derive(Debug, Clone, Serialize)]
pub struct ComplianceDashboard {
    pub unit_id: UnitId,
    pub unit_name: String,
    /// The days the statuses were judged as of (oldest and newest row), and the last write.
    pub oldest_as_of: Option<NaiveDate>,
    pub newest_as_of: Option<NaiveDate>,
    pub updated_at: Option<DateTime<Utc>>,
    /// People whose facts changed and whose statuses are about to be refreshed.
    pub pending_refresh: u64,
    /// The newest full recomputation (running, done or failed).
    pub job: Option<JobRow>,
    pub rules: Vec<ComplianceRuleSummary>,
    pub units: Vec<ComplianceUnitSummary>,
    pub coverage: Vec<ComplianceCoverage>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComplianceDashboardQuery {
    /// The unit whose subtree is shown (default: the top unit the caller may see).
    #[param(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
}

/// The dashboard reads people data by unit: it needs `people.read` over units, not only
/// oneself (a trainee's `self` scope).
async fn board_scope(app: &App, principal: &Principal) -> AppResult<AccessScope> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    if !scope.all && scope.subtrees.is_empty() && scope.units.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(scope)
}

/// The unit chosen, inside the scope (`NotFound` outside, as for the unit itself), or the top
/// unit the caller sees.
async fn chosen_unit(app: &App, scope: &AccessScope, unit_id: Option<UnitId>) -> AppResult<Unit> {
    match unit_id {
        Some(id) => Ok(org::get_unit(&app.db, scope, id).await?),
        None => org::list_units(&app.db, scope, false)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound),
    }
}

/// The subordinate unit a path belongs to, given the chosen unit's path: `/1/5/` under `/1/`
/// belongs to `/1/5/`; the chosen unit's own path to itself.
fn child_path<'p>(chosen: &str, path: &'p str) -> &'p str {
    let rest = &path[chosen.len().min(path.len())..];
    match rest.find('/') {
        Some(end) => &path[..chosen.len() + end + 1],
        None => path,
    }
}

/// `GET /compliance/dashboard`.
pub async fn dashboard(
    app: &App,
    principal: &Principal,
    query: &ComplianceDashboardQuery,
) -> AppResult<ComplianceDashboard> {
    let scope = board_scope(app, principal).await?;
    let unit = chosen_unit(app, &scope, query.unit_id).await?;
    let tallies = board::tallies(&app.db, &scope, &unit.path).await?;
    let rules = RulesInForce::load(app, app.today()).await?;
    let titles: BTreeMap<String, String> = rules
        .sets
        .iter()
        .map(|(_, r)| (r.kind.clone(), r.title.clone()))
        .collect();

    // The rules in the order of the sets, then by first appearance; make-ups of one promotion
    // rule are one line.
    let rule_key = |kind: &str, rule_id: &str| {
        (
            kind.to_owned(),
            rule_id.split('@').next().unwrap_or(rule_id).to_owned(),
        )
    };
    let mut order: Vec<(String, String)> = Vec::new();
    let mut types: BTreeMap<(String, String), RuleType> = BTreeMap::new();
    for (_, reference) in &rules.sets {
        for t in tallies.iter().filter(|t| t.kind == reference.kind) {
            let key = rule_key(&t.kind, &t.rule_id);
            if !types.contains_key(&key) {
                let rule_type =
                    if t.rule_id.contains('@') {
                        RuleType::MakeUp
                    } else if rules.sets.iter().any(|(s, r)| {
                        r.kind == t.kind && s.coverage.iter().any(|c| c.id == t.rule_id)
                    }) {
                        RuleType::Coverage
                    } else {
                        RuleType::Requirement
                    };
                types.insert(key.clone(), rule_type);
                order.push(key);
            }
        }
    }
    let index: BTreeMap<(String, String), usize> = order
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();

    let children: Vec<Unit> = org::list_units(&app.db, &scope, false)
        .await?
        .into_iter()
        .filter(|u| u.parent_id == Some(unit.id))
        .collect();
    let mut per_unit: BTreeMap<String, Vec<StatusCounts>> = BTreeMap::new();
    let mut whole = vec![StatusCounts::default(); order.len()];
    for t in &tallies {
        let Some(&i) = index.get(&rule_key(&t.kind, &t.rule_id)) else {
            continue;
        };
        whole[i].add(t.status, t.people);
        per_unit
            .entry(child_path(&unit.path, &t.unit_path).to_owned())
            .or_insert_with(|| vec![StatusCounts::default(); order.len()])[i]
            .add(t.status, t.people);
    }
    let empty = vec![StatusCounts::default(); order.len()];
    let mut units = vec![ComplianceUnitSummary {
        unit_id: unit.id,
        name: unit.name.clone(),
        own: true,
        counts: per_unit
            .get(&unit.path)
            .cloned()
            .unwrap_or_else(|| empty.clone()),
    }];
    units.extend(children.iter().map(|child| {
        ComplianceUnitSummary {
            unit_id: child.id,
            name: child.name.clone(),
            own: false,
            counts: per_unit
                .get(&child.path)
                .cloned()
                .unwrap_or_else(|| empty.clone()),
        }
    }));

    let summaries: Vec<ComplianceRuleSummary> = order
        .iter()
        .zip(&whole)
        .map(|((kind, rule_id), counts)| ComplianceRuleSummary {
            kind_title: titles.get(kind).cloned().unwrap_or_default(),
            name: rules
                .rule_name(kind, rule_id)
                .unwrap_or_else(|| rule_id.clone()),
            rule_type: types
                .get(&(kind.clone(), rule_id.clone()))
                .copied()
                .unwrap_or(RuleType::Requirement),
            kind: kind.clone(),
            rule_id: rule_id.clone(),
            counts: *counts,
        })
        .collect();

    let coverage = coverage_summaries(&rules, &summaries, &units);
    let freshness = board::freshness(&app.db).await?;
    Ok(ComplianceDashboard {
        unit_id: unit.id,
        unit_name: unit.name,
        oldest_as_of: freshness.oldest_as_of,
        newest_as_of: freshness.newest_as_of,
        updated_at: freshness.updated_at,
        pending_refresh: board::dirty_count(&app.db).await?,
        job: jobs::latest(&app.db, RECOMPUTE).await?,
        rules: summaries,
        units,
        coverage,
    })
}

/// The coverage targets (R-CMP-3): per unit, those bound, those trained in the window and the
/// share required of them.
fn coverage_summaries(
    rules: &RulesInForce,
    summaries: &[ComplianceRuleSummary],
    units: &[ComplianceUnitSummary],
) -> Vec<ComplianceCoverage> {
    let of = |unit_id: UnitId, name: &str, own: bool, counts: &StatusCounts, share: (u32, u32)| {
        let bound = counts.total;
        let required = i64::from(required_people(
            u32::try_from(bound).unwrap_or(u32::MAX),
            share,
        ));
        ComplianceCoverageUnit {
            unit_id,
            name: name.to_owned(),
            own,
            bound,
            trained: counts.met,
            required,
            missing: (required - counts.met).max(0),
            met: counts.met >= required,
        }
    };
    summaries
        .iter()
        .enumerate()
        .filter(|(_, s)| s.rule_type == RuleType::Coverage)
        .filter_map(|(i, s)| {
            let (set, _) = rules.sets.iter().find(|(_, r)| r.kind == s.kind)?;
            let rule = set.coverage.iter().find(|c| c.id == s.rule_id)?;
            let share = rule.share_parts();
            let first = units.first()?;
            Some(ComplianceCoverage {
                kind: s.kind.clone(),
                rule_id: s.rule_id.clone(),
                name: s.name.clone(),
                share: rule.share.clone(),
                whole: of(first.unit_id, &first.name, false, &s.counts, share),
                units: units
                    .iter()
                    .filter(|u| u.counts[i].total > 0)
                    .map(|u| of(u.unit_id, &u.name, u.own, &u.counts[i], share))
                    .collect(),
            })
        })
        .collect()
}

/// Which people to list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompliancePeopleQuery {
    /// The unit whose subtree is listed (default: the top unit the caller may see).
    #[param(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
    pub kind: Option<String>,
    /// A rule id; for make-ups the promotion rule's id lists every make-up under it.
    pub rule_id: Option<String>,
    /// Comma-separated statuses, e.g. `at_risk,not_met` (default: every status).
    pub status: Option<String>,
    /// `shortfall` (largest missing first, the default) or `untrained` (longest without training
    /// first, never trained before anyone: the suggestion list for 点名调学).
    pub order: Option<String>,
    /// From 1.
    pub page: Option<u64>,
    /// At most 200 (default 20).
    pub per_page: Option<u64>,
}

/// Days and class hours as decimal strings ("12", "0.5"), times as counted; each present only
/// when the rule asks for it — the same shape as a person's review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ComplianceFigures {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub times: Option<i64>,
}

impl ComplianceFigures {
    /// From the stored hundredths.
    fn of(days: Option<i64>, hours: Option<i64>, times: Option<i64>) -> Self {
        let hundredths = |v: i64| u32::try_from(v.max(0)).unwrap_or(u32::MAX);
        Self {
            days: days.map(|d| Days::from_hundredths(hundredths(d)).to_string()),
            hours: hours.map(|h| ClassHours::from_hundredths(hundredths(h)).to_string()),
            times,
        }
    }
}

/// One person's status under one rule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompliancePersonStatus {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub person_name: String,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub kind: String,
    pub rule_id: String,
    pub rule_name: String,
    #[schema(value_type = String)]
    pub rule_type: RuleType,
    /// met, at_risk, not_met; for make-ups pending, done, overdue, completed_late, not_allowed.
    #[schema(value_type = String)]
    pub status: BoardStatus,
    pub window_from: Option<NaiveDate>,
    /// The window's last day; for a make-up its due day.
    pub window_to: NaiveDate,
    pub required: ComplianceFigures,
    pub done: ComplianceFigures,
    pub missing: ComplianceFigures,
    pub last_trained_on: Option<NaiveDate>,
    pub as_of: NaiveDate,
}

/// A page of statuses.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompliancePeoplePage {
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub items: Vec<CompliancePersonStatus>,
}

fn filter_of(query: &CompliancePeopleQuery, under: String) -> AppResult<StatusFilter> {
    let statuses = query
        .status
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|code| {
            BoardStatus::from_code(code).map_err(|_| {
                AppError::field(
                    "status",
                    "UNKNOWN_STATUS",
                    format!("无法识别的达标状态：{code}（可用 met、at_risk、not_met 等）"),
                )
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let longest_untrained = match query.order.as_deref() {
        None | Some("shortfall") => false,
        Some("untrained") => true,
        Some(other) => {
            return Err(AppError::field(
                "order",
                "UNKNOWN_ORDER",
                format!("无法识别的排序方式：{other}（可用 shortfall 或 untrained）"),
            ));
        }
    };
    Ok(StatusFilter {
        under,
        kind: query.kind.clone(),
        rule_id: query.rule_id.clone(),
        statuses,
        longest_untrained,
        make_ups_of: None,
    })
}

/// Lists behind the dashboard: 20 people unless asked, at most 200.
const PAGE_SIZES: Sizes = Sizes {
    field: "per_page",
    default: 20,
    max: 200,
};

/// `GET /compliance/people`: the people behind a number of the dashboard.
pub async fn people(
    app: &App,
    principal: &Principal,
    query: &CompliancePeopleQuery,
) -> AppResult<CompliancePeoplePage> {
    let paged = paging(query.page, query.per_page, PAGE_SIZES)?;
    let (page, per_page) = (paged.page, paged.size);
    list(app, principal, query, paged.offset(), per_page)
        .await
        .map(|(items, total)| CompliancePeoplePage {
            total,
            page,
            per_page,
            items,
        })
}

async fn list(
    app: &App,
    principal: &Principal,
    query: &CompliancePeopleQuery,
    offset: u64,
    limit: u64,
) -> AppResult<(Vec<CompliancePersonStatus>, u64)> {
    let scope = board_scope(app, principal).await?;
    let unit = chosen_unit(app, &scope, query.unit_id).await?;
    let mut filter = filter_of(query, unit.path)?;
    // A make-up line of the dashboard names its promotion rule: list all its make-ups.
    let make_ups = filter
        .rule_id
        .as_deref()
        .is_some_and(|id| !id.contains('@'))
        && filter.statuses.iter().any(|s| s.is_make_up());
    if make_ups {
        filter.make_ups_of = filter.rule_id.take();
    }
    let (rows, total) = board::list(&app.db, &scope, &filter, offset, limit).await?;
    let rules = RulesInForce::load(app, app.today()).await?;
    let items = rows
        .into_iter()
        .map(|listed| {
            let r = listed.row;
            CompliancePersonStatus {
                rule_name: rules
                    .rule_name(&r.kind, &r.rule_id)
                    .unwrap_or_else(|| r.rule_id.clone()),
                person_id: r.person_id,
                person_name: listed.person_name,
                unit_id: r.unit_id,
                unit_name: listed.unit_name,
                kind: r.kind,
                rule_id: r.rule_id,
                rule_type: r.rule_type,
                status: r.status,
                window_from: r.window_from,
                window_to: r.window_to,
                required: ComplianceFigures::of(
                    r.required_days,
                    r.required_hours,
                    r.required_times,
                ),
                done: ComplianceFigures::of(r.done_days, r.done_hours, r.done_times),
                missing: ComplianceFigures::of(r.missing_days, r.missing_hours, r.missing_times),
                last_trained_on: r.last_trained_on,
                as_of: r.as_of,
            }
        })
        .collect();
    Ok((items, total))
}

/// The first `limit` statuses of a query, for the Excel lists.
pub async fn people_up_to(
    app: &App,
    principal: &Principal,
    query: &CompliancePeopleQuery,
    limit: u64,
) -> AppResult<CompliancePeoplePage> {
    let (items, total) = list(app, principal, query, 0, limit).await?;
    Ok(CompliancePeoplePage {
        total,
        page: 1,
        per_page: limit,
        items,
    })
}
