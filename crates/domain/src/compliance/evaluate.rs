//! The evaluator: pure functions of (rule set, facts, date) → results with the evidence
//! (R-CMP-1…4, R-REG-1…4, R-REG-7). ADR 0009 spells out the semantics with examples:
//!
//! - a requirement binds a person when they hold a binding rank, category or central-group seat
//!   on the evaluation date; the window is the one holding that date;
//! - every record of the window counts, also those from before the person was bound, as long as
//!   it has ended by the evaluation date and passes the rule's `counts` filter; a record belongs
//!   to the window holding its last day;
//! - days and hours are summed separately; "days or hours" is met when either sum reaches its
//!   figure; `missing` is zero when met, otherwise `required − done` for each figure;
//! - a fixed window not met is at risk within `at_risk_days` of its last day and not met once
//!   that day is over; a look-back window met today is at risk when records leaving it within
//!   `at_risk_days` would make it unmet.

use super::amount::Days;
use super::facts::{CertificateKind, ComplianceFacts, Post, TrainingRecord};
use super::rules::{
    Binding, ComplianceRuleSet, Conversion, Counting, CoverageRule, PrivateTraining, PromotionRule,
    Required, Requirement,
};
use super::window::{Window, WindowSpec, rolling_start, years_after};
use crate::{ClassHours, PersonId};
use chrono::{Days as DayCount, NaiveDate};
use serde::Serialize;

/// Where a person stands on a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ComplianceState))]
pub enum Status {
    Met,
    /// Needs action within `at_risk_days`: a fixed window about to close unmet, or a look-back
    /// window that records ageing out will leave unmet.
    AtRisk,
    /// Not met: finally if the window is closed, "not yet" otherwise.
    NotMet,
}

impl Status {
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Met => "已达标",
            Status::AtRisk => "有风险",
            Status::NotMet => "未达标",
        }
    }
}

/// Days, hours and times; each present only when the rule asks for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub days: Option<Days>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub hours: Option<ClassHours>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

/// A record of the window that does not count, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Excluded {
    pub record: i64,
    pub reason: String,
}

/// One rule's result for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleResult {
    pub rule_id: String,
    pub name: String,
    pub source: String,
    pub window: Window,
    /// The window is over by the end of the evaluation day: a fixed window on or after its last
    /// day, a look-back window always.
    pub closed: bool,
    pub met: bool,
    pub status: Status,
    pub required: Figures,
    pub done: Figures,
    /// Zero when met; otherwise `required − done` for each figure (either would be enough when
    /// the rule says "days or hours").
    pub missing: Figures,
    /// The certificate `times` counts, for certificate rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub certificate: Option<CertificateKind>,
    /// The records that count, by id, oldest first.
    pub counted: Vec<i64>,
    /// The certificates that count, by id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<i64>,
    /// Records in the window that do not count, with the reason.
    pub excluded: Vec<Excluded>,
    /// One Chinese sentence with the numbers.
    pub explanation: String,
}

/// A record's days and hours, the missing one filled from the other (`conversion`).
pub fn record_figures(record: &TrainingRecord, conversion: &Conversion) -> (Days, ClassHours) {
    let (days, hours) = (record.days, record.hours);
    if days == Days::ZERO && hours > ClassHours::ZERO {
        (Days::from_hours(hours, conversion.hours_per_day), hours)
    } else if hours == ClassHours::ZERO && days > Days::ZERO {
        (days, days.to_hours(conversion.hours_per_day))
    } else {
        (days, hours)
    }
}

fn list<T: Copy>(items: &[T], label: impl Fn(T) -> &'static str) -> String {
    items
        .iter()
        .map(|&i| label(i))
        .collect::<Vec<_>>()
        .join("、")
}

/// Why `record` does not count under `counts`, or `None` if it does.
pub fn why_not_counted(counts: &Counting, record: &TrainingRecord) -> Option<String> {
    if record.privately_arranged {
        match counts.private {
            PrivateTraining::Never => return Some("社会化培训不计入本项".to_owned()),
            // R-REG-7: privately arranged training counts only when the authority recognises it.
            PrivateTraining::IfRecognised if !record.recognised => {
                return Some("社会化培训未经干部教育培训主管部门认可，不计入".to_owned());
            }
            PrivateTraining::IfRecognised => {}
        }
    }
    if counts.recognised_only && !record.recognised {
        return Some("未经干部教育培训主管部门认可的培训不计入".to_owned());
    }
    if let Some(kind) = counts.kinds_none.iter().find(|k| record.kinds.contains(k)) {
        return Some(format!("{}单独计算，不计入本项", kind.label_zh()));
    }
    if let Some(kinds) = &counts.kinds_any
        && !kinds.iter().any(|k| record.kinds.contains(k))
    {
        return Some(format!(
            "培训类别不符，本项只计{}",
            list(kinds, |k| k.label_zh())
        ));
    }
    if let Some(places) = &counts.institutions_any
        && !record.institution.is_some_and(|i| places.contains(&i))
    {
        return Some(format!(
            "培训机构不符，本项只计在{}的培训",
            list(places, |i| i.label_zh())
        ));
    }
    None
}

/// Bound by `binding` on `date`.
pub fn binds(binding: &Binding, facts: &ComplianceFacts, date: NaiveDate) -> bool {
    binding.everyone
        || facts
            .rank_on(date)
            .is_some_and(|r| binding.ranks_any.contains(&r))
        || facts
            .categories_on(date)
            .any(|c| binding.categories_any.contains(&c))
        || (binding.central_group && facts.in_central_group_on(date))
}

/// The sums of the counting records of a window up to a date.
struct Tally {
    days: Days,
    hours: ClassHours,
    times: u32,
    counted: Vec<i64>,
    certificates: Vec<i64>,
    excluded: Vec<Excluded>,
}

impl Tally {
    fn empty() -> Self {
        Tally {
            days: Days::ZERO,
            hours: ClassHours::ZERO,
            times: 0,
            counted: Vec::new(),
            certificates: Vec::new(),
            excluded: Vec::new(),
        }
    }
}

fn tally(
    rules: &ComplianceRuleSet,
    counts: &Counting,
    required: Required,
    facts: &ComplianceFacts,
    window: Window,
    up_to: NaiveDate,
) -> Tally {
    let mut t = Tally::empty();
    if let Required::Certificate(kind) = required {
        let mut held: Vec<_> = facts
            .certificates
            .iter()
            .filter(|c| c.kind == kind && window.contains(c.issued_on) && c.issued_on <= up_to)
            .collect();
        held.sort_by_key(|c| (c.issued_on, c.id));
        t.times = u32::try_from(held.len()).unwrap_or(u32::MAX);
        t.certificates = held.iter().map(|c| c.id).collect();
        return t;
    }
    let mut records: Vec<&TrainingRecord> = facts
        .records
        .iter()
        .filter(|r| window.contains(r.ends_on) && r.ends_on <= up_to)
        .collect();
    records.sort_by_key(|r| (r.ends_on, r.id));
    for record in records {
        match why_not_counted(counts, record) {
            Some(reason) => t.excluded.push(Excluded {
                record: record.id,
                reason,
            }),
            None => {
                let (days, hours) = record_figures(record, &rules.conversion);
                t.days = t.days + days;
                t.hours = t.hours + hours;
                t.times = t.times.saturating_add(1);
                t.counted.push(record.id);
            }
        }
    }
    t
}

fn is_met(required: Required, t: &Tally) -> bool {
    match required {
        Required::Time { days, hours } => {
            days.is_some_and(|d| t.days >= d) || hours.is_some_and(|h| t.hours >= h)
        }
        Required::Times(n) => t.times >= n,
        Required::Certificate(_) => t.times >= 1,
    }
}

/// (required, done, missing) in the shape the rule asks for.
fn figures(required: Required, t: &Tally, met: bool) -> (Figures, Figures, Figures) {
    match required {
        Required::Time { days, hours } => {
            let req = Figures {
                days,
                hours,
                times: None,
            };
            let done = Figures {
                days: days.map(|_| t.days),
                hours: hours.map(|_| t.hours),
                times: None,
            };
            let missing = Figures {
                days: days.map(|d| if met { Days::ZERO } else { d.shortfall(t.days) }),
                hours: hours.map(|h| {
                    if met {
                        ClassHours::ZERO
                    } else {
                        ClassHours::from_hundredths(
                            h.hundredths().saturating_sub(t.hours.hundredths()),
                        )
                    }
                }),
                times: None,
            };
            (req, done, missing)
        }
        Required::Times(_) | Required::Certificate(_) => {
            let n = if let Required::Times(n) = required {
                n
            } else {
                1
            };
            let times = |v| Figures {
                days: None,
                hours: None,
                times: Some(v),
            };
            let missing = if met { 0 } else { n.saturating_sub(t.times) };
            (times(n), times(t.times), times(missing))
        }
    }
}

/// "90 天或 550 学时", "1 次", "理论水平任职资格证书".
fn say(f: &Figures, certificate: Option<CertificateKind>, joiner: &str) -> String {
    if let (Some(kind), Some(n)) = (certificate, f.times) {
        return format!("{} {n} 份", kind.label_zh());
    }
    let mut parts = Vec::new();
    if let Some(d) = f.days {
        parts.push(format!("{d} 天"));
    }
    if let Some(h) = f.hours {
        parts.push(format!("{h} 学时"));
    }
    if let Some(n) = f.times {
        parts.push(format!("{n} 次"));
    }
    parts.join(joiner)
}

struct Judged<'a> {
    id: &'a str,
    name: &'a str,
    source: &'a str,
    counts: &'a Counting,
    required: Required,
}

fn judge(
    rules: &ComplianceRuleSet,
    rule: &Judged<'_>,
    facts: &ComplianceFacts,
    spec: WindowSpec,
    as_of: NaiveDate,
) -> RuleResult {
    let window = spec.containing(as_of);
    let t = tally(rules, rule.counts, rule.required, facts, window, as_of);
    let met = is_met(rule.required, &t);
    let closed = !spec.is_fixed() || as_of >= window.ends_on;
    let status = if spec.is_fixed() {
        let days_left = (window.ends_on - as_of).num_days();
        match (met, closed) {
            (true, _) => Status::Met,
            (false, true) => Status::NotMet,
            (false, false) if days_left <= i64::from(rules.at_risk_days) => Status::AtRisk,
            (false, false) => Status::NotMet,
        }
    } else if met {
        // A look-back: met today; at risk if, `at_risk_days` later, the records still inside
        // the window (no new ones assumed) no longer meet it.
        let later = as_of
            .checked_add_days(DayCount::new(u64::from(rules.at_risk_days)))
            .unwrap_or(NaiveDate::MAX);
        let later_window = Window {
            starts_on: match spec {
                WindowSpec::Rolling { years } => Some(rolling_start(later, years)),
                _ => window.starts_on,
            },
            ends_on: as_of,
        };
        let kept = tally(
            rules,
            rule.counts,
            rule.required,
            facts,
            later_window,
            as_of,
        );
        if is_met(rule.required, &kept) {
            Status::Met
        } else {
            Status::AtRisk
        }
    } else {
        Status::NotMet
    };
    build(rule, window, closed, met, status, t)
}

/// The result of `rule` from its tally.
fn build(
    rule: &Judged<'_>,
    window: Window,
    closed: bool,
    met: bool,
    status: Status,
    t: Tally,
) -> RuleResult {
    let (required, done, missing) = figures(rule.required, &t, met);
    let certificate = match rule.required {
        Required::Certificate(kind) => Some(kind),
        _ => None,
    };
    let mut explanation = format!(
        "{window}：已完成 {}，要求 {}，{}",
        say(&done, certificate, "、"),
        say(&required, certificate, "或 "),
        status.label_zh()
    );
    if !met {
        explanation.push_str(&format!("，尚缺 {}", say(&missing, certificate, "或 ")));
    }
    RuleResult {
        rule_id: rule.id.to_owned(),
        name: rule.name.to_owned(),
        source: rule.source.to_owned(),
        window,
        closed,
        met,
        status,
        required,
        done,
        missing,
        certificate,
        counted: t.counted,
        certificates: t.certificates,
        excluded: t.excluded,
        explanation,
    }
}

fn required_of(rules: &ComplianceRuleSet, amount: &super::rules::Amount) -> Required {
    // Validated documents always have a valid amount. An invalid one (built in code and never
    // validated) fails closed: it can never be met, rather than passing everyone or panicking.
    amount
        .required(&rules.conversion)
        .unwrap_or(Required::Times(u32::MAX))
}

/// One requirement for one person as of a date; `None` when it does not bind them that day.
pub fn evaluate_requirement(
    rules: &ComplianceRuleSet,
    requirement: &Requirement,
    facts: &ComplianceFacts,
    as_of: NaiveDate,
) -> Option<RuleResult> {
    if !binds(&requirement.binds, facts, as_of) {
        return None;
    }
    let judged = Judged {
        id: &requirement.id,
        name: &requirement.name,
        source: &requirement.source,
        counts: &requirement.counts,
        required: required_of(rules, &requirement.amount),
    };
    Some(judge(rules, &judged, facts, requirement.window, as_of))
}

/// A person's compliance as of the end of `as_of`: every requirement that binds them that day,
/// and the make-up deadlines of their promotions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub person: PersonId,
    pub as_of: NaiveDate,
    pub requirements: Vec<RuleResult>,
    pub make_ups: Vec<MakeUp>,
}

/// Evaluates a person as of the end of `as_of` (records ending that day count). To judge a
/// closed window — last year, the last plan period — pass its last day.
pub fn evaluate(rules: &ComplianceRuleSet, facts: &ComplianceFacts, as_of: NaiveDate) -> Review {
    Review {
        person: facts.person,
        as_of,
        requirements: rules
            .requirements
            .iter()
            .filter_map(|r| evaluate_requirement(rules, r, facts, as_of))
            .collect(),
        make_ups: make_ups(rules, facts, as_of),
    }
}

/// One check behind a promotion decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PromotionItem {
    /// The promotion rule that asks for it.
    pub promotion_rule: String,
    /// The check itself: the promotion rule's own amount, or a requirement it names.
    pub result: RuleResult,
    /// When not met: the day by which a person promoted anyway must have made it up (R-REG-2);
    /// `None` when the rule allows no make-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub make_up_due_on: Option<NaiveDate>,
}

/// "May X be promoted to `post` on `on`?" (R-CMP-4, R-REG-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PromotionCheck {
    pub eligible: bool,
    pub items: Vec<PromotionItem>,
}

impl PromotionCheck {
    /// The checks not met: what is missing, with the evidence.
    pub fn missing(&self) -> impl Iterator<Item = &PromotionItem> {
        self.items.iter().filter(|i| !i.result.met)
    }
}

fn promotion_result(
    rules: &ComplianceRuleSet,
    rule: &PromotionRule,
    facts: &ComplianceFacts,
    on: NaiveDate,
) -> Option<RuleResult> {
    let amount = rule.amount.as_ref()?;
    let judged = Judged {
        id: &rule.id,
        name: &rule.name,
        source: &rule.source,
        counts: &rule.counts,
        required: required_of(rules, amount),
    };
    Some(judge(rules, &judged, facts, rule.window, on))
}

/// Whether `facts`' person may be promoted to `post` on `on`: every promotion rule about the
/// post, each with its amount over its window up to that day, and the requirements it names
/// that bind the person that day. Eligible when every check is met.
pub fn may_promote(
    rules: &ComplianceRuleSet,
    facts: &ComplianceFacts,
    post: &Post,
    on: NaiveDate,
) -> PromotionCheck {
    let mut items = Vec::new();
    for rule in rules.promotions.iter().filter(|r| r.to.matches(post)) {
        if let Some(result) = promotion_result(rules, rule, facts, on) {
            let make_up_due_on = (!result.met)
                .then(|| rule.make_up_years.map(|y| years_after(on, y)))
                .flatten();
            items.push(PromotionItem {
                promotion_rule: rule.id.clone(),
                result,
                make_up_due_on,
            });
        }
        for id in &rule.requirements_met {
            let found = rules
                .requirement(id)
                .and_then(|r| evaluate_requirement(rules, r, facts, on));
            if let Some(result) = found {
                items.push(PromotionItem {
                    promotion_rule: rule.id.clone(),
                    result,
                    make_up_due_on: None,
                });
            }
        }
    }
    PromotionCheck {
        eligible: items.iter().all(|i| i.result.met),
        items,
    }
}

/// Where a make-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MakeUpStatus {
    /// Not yet made up; the deadline has not passed (the due day itself included).
    Pending,
    /// Made up on or before the due day.
    Done,
    /// Not made up, and the due day is over.
    Overdue,
    /// Made up, but after the due day.
    CompletedLate,
    /// Promoted without meeting a rule that allows no make-up ("必须").
    NotAllowed,
}

/// A promotion made with a deficit, and its make-up (R-REG-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MakeUp {
    pub promotion: i64,
    pub promoted_on: NaiveDate,
    pub rule_id: String,
    pub name: String,
    pub source: String,
    /// The last day to complete it: promotion day + `make_up_years` (2024-03-01 → 2025-03-01).
    pub due_on: Option<NaiveDate>,
    pub status: MakeUpStatus,
    /// The end day of the record that completed it.
    pub completed_on: Option<NaiveDate>,
    /// The deficit on the promotion day.
    pub at_promotion: RuleResult,
    /// The same rule over the window up to the evaluation day (records after the promotion
    /// count towards the make-up).
    pub now: RuleResult,
}

/// The day the counting records of `result`'s window first met the rule: the end day of the
/// record that brought a sum to its figure.
fn completed_on(
    rules: &ComplianceRuleSet,
    rule: &PromotionRule,
    facts: &ComplianceFacts,
    result: &RuleResult,
) -> Option<NaiveDate> {
    if !result.met {
        return None;
    }
    let amount = rule.amount.as_ref()?;
    let required = required_of(rules, amount);
    if let Required::Certificate(kind) = required {
        return facts
            .certificates
            .iter()
            .filter(|c| c.kind == kind && result.certificates.contains(&c.id))
            .map(|c| c.issued_on)
            .min();
    }
    let mut running = Tally::empty();
    for id in &result.counted {
        let record = facts.records.iter().find(|r| r.id == *id)?;
        let (days, hours) = record_figures(record, &rules.conversion);
        running.days = running.days + days;
        running.hours = running.hours + hours;
        running.times += 1;
        if is_met(required, &running) {
            return Some(record.ends_on);
        }
    }
    None
}

/// The make-ups of every promotion up to `as_of` that was made with a deficit.
pub fn make_ups(
    rules: &ComplianceRuleSet,
    facts: &ComplianceFacts,
    as_of: NaiveDate,
) -> Vec<MakeUp> {
    let mut out = Vec::new();
    for promotion in facts.promotions.iter().filter(|p| p.on <= as_of) {
        for rule in rules
            .promotions
            .iter()
            .filter(|r| r.to.matches(&promotion.post))
        {
            let Some(at_promotion) = promotion_result(rules, rule, facts, promotion.on) else {
                continue;
            };
            if at_promotion.met {
                continue;
            }
            // The make-up window: the promotion's look-back, extended to the evaluation day.
            let mut now = at_promotion.clone();
            if let Some(amount) = &rule.amount {
                let judged = Judged {
                    id: &rule.id,
                    name: &rule.name,
                    source: &rule.source,
                    counts: &rule.counts,
                    required: required_of(rules, amount),
                };
                let extended = Window {
                    starts_on: at_promotion.window.starts_on,
                    ends_on: as_of,
                };
                now = judge_in(rules, &judged, facts, extended, as_of);
            }
            let due_on = rule.make_up_years.map(|y| years_after(promotion.on, y));
            let completed = completed_on(rules, rule, facts, &now);
            let status = match (due_on, completed) {
                (None, _) => MakeUpStatus::NotAllowed,
                (Some(due), Some(done)) if done <= due => MakeUpStatus::Done,
                (Some(_), Some(_)) => MakeUpStatus::CompletedLate,
                (Some(due), None) if as_of > due => MakeUpStatus::Overdue,
                (Some(_), None) => MakeUpStatus::Pending,
            };
            out.push(MakeUp {
                promotion: promotion.id,
                promoted_on: promotion.on,
                rule_id: rule.id.clone(),
                name: rule.name.clone(),
                source: rule.source.clone(),
                due_on,
                status,
                completed_on: completed,
                at_promotion,
                now,
            });
        }
    }
    out
}

/// A rule over an explicit window (the make-up window), judged as a look-back: met or not.
fn judge_in(
    rules: &ComplianceRuleSet,
    rule: &Judged<'_>,
    facts: &ComplianceFacts,
    window: Window,
    as_of: NaiveDate,
) -> RuleResult {
    let t = tally(rules, rule.counts, rule.required, facts, window, as_of);
    let met = is_met(rule.required, &t);
    let status = if met { Status::Met } else { Status::NotMet };
    build(rule, window, true, met, status, t)
}

/// A unit-level coverage result (R-CMP-3: one fifth trained a year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageResult {
    pub rule_id: String,
    pub name: String,
    pub source: String,
    pub window: Window,
    pub closed: bool,
    pub met: bool,
    pub status: Status,
    /// (numerator, denominator) of the target share.
    pub share: (u32, u32),
    /// Everyone bound on the evaluation date.
    pub bound: Vec<PersonId>,
    /// Those with at least one counting record in the window.
    pub trained: Vec<PersonId>,
    /// ⌈bound × share⌉: the fewest people that reach the share ("以上" includes it).
    pub required: u32,
    pub missing: u32,
    pub explanation: String,
}

/// The fewest people of `bound` that reach the share (n, d): ⌈bound × n / d⌉, since "以上"
/// includes the share itself (10 bound need 2 for 1/5, 11 need 3).
pub fn required_people(bound: u32, (n, d): (u32, u32)) -> u32 {
    u32::try_from((u64::from(bound) * u64::from(n)).div_ceil(u64::from(d.max(1))))
        .unwrap_or(u32::MAX)
}

/// Coverage targets over a group of people (a unit and its subunits, as the caller chooses).
pub fn coverage(
    rules: &ComplianceRuleSet,
    people: &[ComplianceFacts],
    as_of: NaiveDate,
) -> Vec<CoverageResult> {
    rules
        .coverage
        .iter()
        .map(|rule| coverage_of(rules, rule, people, as_of))
        .collect()
}

fn coverage_of(
    rules: &ComplianceRuleSet,
    rule: &CoverageRule,
    people: &[ComplianceFacts],
    as_of: NaiveDate,
) -> CoverageResult {
    let window = rule.window.containing(as_of);
    let (n, d) = rule.share_parts();
    let mut bound = Vec::new();
    let mut trained = Vec::new();
    for facts in people.iter().filter(|f| binds(&rule.binds, f, as_of)) {
        bound.push(facts.person);
        let t = tally(
            rules,
            &rule.counts,
            Required::Times(1),
            facts,
            window,
            as_of,
        );
        if t.times > 0 {
            trained.push(facts.person);
        }
    }
    let count = |v: &Vec<PersonId>| u32::try_from(v.len()).unwrap_or(u32::MAX);
    let (bound_n, trained_n) = (count(&bound), count(&trained));
    let required = required_people(bound_n, (n, d));
    let met = trained_n >= required;
    let closed = !rule.window.is_fixed() || as_of >= window.ends_on;
    let days_left = (window.ends_on - as_of).num_days();
    let status = match (met, closed) {
        (true, _) => Status::Met,
        (false, false) if days_left <= i64::from(rules.at_risk_days) => Status::AtRisk,
        (false, _) => Status::NotMet,
    };
    let missing = required.saturating_sub(trained_n);
    CoverageResult {
        rule_id: rule.id.clone(),
        name: rule.name.clone(),
        source: rule.source.clone(),
        explanation: format!(
            "{window}：应训 {bound_n} 人，已培训 {trained_n} 人，要求 {n}/{d} 以上即 {required} 人，{}{}",
            status.label_zh(),
            if met {
                String::new()
            } else {
                format!("，尚缺 {missing} 人")
            }
        ),
        window,
        closed,
        met,
        status,
        share: (n, d),
        bound,
        trained,
        required,
        missing,
    }
}
