//! Whom to name to a class (点名调学, issue 17 item 8): the register's search in the caller's
//! scope, narrowed by category, rank, "no training this year" and "short of a compliance rule"
//! (the statuses the compliance overview keeps, ADR 0012 — never judged a second time here),
//! each person shown with their place in this class, their training this year and the rules
//! they fall short of.

use super::enrolment::class_for_enrolment;
use crate::app::compliance::KINDS;
use crate::app::compliance::board::RulesInForce;
use crate::app::paging::{Sizes, paging};
use crate::app::people::{PeopleSearch, parse_search};
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{Datelike, NaiveDate};
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_domain::compliance::BoardStatus;
use ganxun_domain::{Category, ClassId, Permission, PersonId, Rank, Sex, UnitId};
use ganxun_storage::classes::candidates::{self, CandidateQuery, ShortOf, YearSoFar};
use ganxun_storage::people::COUNT_CAP;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The dialog's filters.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidateSearch {
    /// Name, pinyin initials or a full ID number, as in the register.
    pub q: Option<String>,
    /// A unit and every unit below it.
    #[param(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
    /// A person category code (`/api/v1/vocabularies`).
    pub category: Option<String>,
    /// A rank code (职级).
    pub rank: Option<String>,
    /// Only people with no training this year: no seat in a class that has run this year and
    /// no approved external training record in it.
    pub untrained: Option<bool>,
    /// `at_risk` (有风险), `not_met` (未达标) or `short` (either), as the compliance overview
    /// keeps them.
    pub compliance: Option<String>,
    /// With `compliance`: one rule set (`compliance_county`, …).
    pub kind: Option<String>,
    /// With `compliance` and `kind`: one rule.
    pub rule_id: Option<String>,
    pub page: Option<u64>,
    /// At most 200 (default 20).
    pub page_size: Option<u64>,
}

/// A rule someone falls short of.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShortRule {
    pub kind: String,
    pub rule_id: String,
    pub name: String,
    /// at_risk, not_met; for a make-up pending, overdue, not_allowed.
    #[schema(value_type = String)]
    pub status: BoardStatus,
}

/// One person the dialog offers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Candidate {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    #[schema(value_type = String)]
    pub sex: Sex,
    pub birth_date: NaiveDate,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub position: String,
    #[schema(value_type = String)]
    pub rank: Rank,
    #[schema(value_type = Vec<String>)]
    pub categories: Vec<Category>,
    /// Their place in this class (`enrolled`, `waiting`, `removed`), if they asked for one.
    #[schema(value_type = Option<String>)]
    pub listed: Option<EnrolmentStatus>,
    /// Classes run this year with a seat, and approved external records this year.
    pub trained_this_year: u32,
    /// Seats in other classes of this year that have not started.
    pub booked_this_year: u32,
    /// Rules they are at risk of missing or have missed (the overview's statuses).
    pub short: Vec<ShortRule>,
}

/// A rule one may filter by.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleChoice {
    pub kind: String,
    pub kind_title: String,
    pub rule_id: String,
    pub name: String,
}

/// A page of candidates.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CandidatePage {
    pub items: Vec<Candidate>,
    pub page: u64,
    pub page_size: u64,
    /// Exact when `total_exact`, else a lower bound.
    pub total: u64,
    pub total_exact: bool,
    /// The year "this year" means.
    pub year: i32,
    /// The rules in force, for the compliance filter.
    pub rules: Vec<RuleChoice>,
}

const PAGE_SIZES: Sizes = Sizes {
    field: "page_size",
    default: 20,
    max: 200,
};

/// The calendar year of `today`, up to it.
pub fn year_so_far(today: NaiveDate) -> YearSoFar {
    let first_day = today.with_ordinal(1).unwrap_or(today);
    let last_day = NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today);
    YearSoFar {
        first_day,
        last_day,
        today,
    }
}

/// The statuses a compliance filter asks for, counted as the overview counts them.
fn statuses(filter: &str) -> AppResult<Vec<BoardStatus>> {
    use BoardStatus as B;
    match filter {
        "at_risk" => Ok(vec![B::AtRisk, B::Pending]),
        "not_met" => Ok(vec![B::NotMet, B::Overdue, B::NotAllowed]),
        "short" => Ok(vec![
            B::AtRisk,
            B::Pending,
            B::NotMet,
            B::Overdue,
            B::NotAllowed,
        ]),
        other => Err(AppError::field(
            "compliance",
            "UNKNOWN_COMPLIANCE_FILTER",
            format!("无法识别的达标情况：{other}（可用 at_risk、not_met 或 short）"),
        )),
    }
}

fn short_of(search: &CandidateSearch) -> AppResult<Option<ShortOf>> {
    let Some(filter) = search.compliance.as_deref().filter(|f| !f.is_empty()) else {
        return Ok(None);
    };
    let kind = search.kind.clone().filter(|k| !k.is_empty());
    if let Some(kind) = &kind
        && !KINDS.contains(&kind.as_str())
    {
        return Err(AppError::field(
            "kind",
            "UNKNOWN_RULE_KIND",
            format!("无法识别的规则类别：{kind}"),
        ));
    }
    Ok(Some(ShortOf {
        statuses: statuses(filter)?,
        rule_id: search
            .rule_id
            .clone()
            .filter(|r| !r.is_empty() && kind.is_some()),
        kind,
    }))
}

/// `GET /classes/{id}/candidates`: people the caller may name or nominate to the class.
pub async fn candidates(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    search: &CandidateSearch,
) -> AppResult<CandidatePage> {
    class_for_enrolment(app, principal, class_id).await?;
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let people = parse_search(&PeopleSearch {
        q: search.q.clone(),
        unit_id: search.unit_id,
        category: search.category.clone(),
        rank: search.rank.clone(),
        ..PeopleSearch::default()
    })?;
    let paged = paging(search.page, search.page_size, PAGE_SIZES)?;
    if paged.offset() >= COUNT_CAP {
        return Err(AppError::field(
            "page",
            "PAGE_TOO_DEEP",
            format!("只能翻阅前 {COUNT_CAP} 条结果，请增加查询条件缩小范围"),
        ));
    }
    let year = year_so_far(app.today());
    let query = CandidateQuery {
        people,
        untrained: search.untrained.unwrap_or(false).then_some(year),
        short_of: short_of(search)?,
    };
    let found =
        candidates::search(&app.db, &app.key, &scope, &query, paged.page, paged.size).await?;
    let ids: Vec<PersonId> = found.items.iter().map(|p| p.id).collect();
    let mut standings = candidates::standings(&app.db, class_id, year, &ids).await?;
    let rules = RulesInForce::load(app, app.today()).await?;
    let items = found
        .items
        .into_iter()
        .map(|p| {
            let standing = standings.remove(&p.id).unwrap_or_default();
            Candidate {
                person_id: p.id,
                name: p.name,
                sex: p.sex,
                birth_date: p.birth_date,
                unit_id: p.unit_id,
                unit_name: p.unit_name,
                position: p.position,
                rank: p.rank,
                categories: p.categories,
                listed: standing.listed,
                trained_this_year: standing.trained_this_year,
                booked_this_year: standing.booked_this_year,
                short: standing
                    .short
                    .into_iter()
                    .map(|(kind, rule_id, status)| ShortRule {
                        name: rules
                            .rule_name(&kind, &rule_id)
                            .unwrap_or_else(|| rule_id.clone()),
                        kind,
                        rule_id,
                        status,
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(CandidatePage {
        items,
        page: found.page,
        page_size: found.page_size,
        total: found.total,
        total_exact: found.total_exact,
        year: year.first_day.year(),
        rules: rule_choices(&rules),
    })
}

/// Every requirement, coverage target and promotion rule in force, set by set.
fn rule_choices(rules: &RulesInForce) -> Vec<RuleChoice> {
    rules
        .sets
        .iter()
        .flat_map(|(set, reference)| {
            set.requirements
                .iter()
                .map(|r| (&r.id, &r.name))
                .chain(set.coverage.iter().map(|r| (&r.id, &r.name)))
                .chain(set.promotions.iter().map(|r| (&r.id, &r.name)))
                .map(move |(id, name)| RuleChoice {
                    kind: reference.kind.clone(),
                    kind_title: reference.title.clone(),
                    rule_id: id.clone(),
                    name: name.clone(),
                })
        })
        .collect()
}
