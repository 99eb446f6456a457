//! Credit use cases (issue 6, SPEC §5): post a class's class-hour credits from its roll calls
//! under the rule set in force, record manual awards, revoke falsified entries, and explain any
//! total ("why do I have 47.5 credits?") from the entries and the rules behind them.

pub mod fact_data;
pub mod publications;
pub mod sheets;

use crate::app::attendance::report::class_attendance;
use crate::app::classes::load;
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{Datelike, NaiveDate};
use fact_data::{FactData, ResearchData, SalonData, SchoolTermData, ScoreData};
use ganxun_domain::ClassId;
use ganxun_domain::CreditEntryId;
use ganxun_domain::LearningProgressId;
use ganxun_domain::PersonId;
use ganxun_domain::code_enum::Vocabulary;
use ganxun_domain::credits::{
    Credit, CreditCategory, CreditRuleSet, Credits, FactKind, ResearchKind, ResearchLevel,
    ResearchRecord, SalonGroup, SalonRecord, SchoolTermRecord, ScoreRecord, evaluate,
};
use ganxun_domain::review::ReviewState;
use ganxun_domain::{ClassState, Permission};
use ganxun_storage::Actor;
use ganxun_storage::classes::ClassRecord;
use ganxun_storage::credits::facts::{self, FactRow, NewFact};
use ganxun_storage::credits::ledger::{
    self, EntryRow, NewEntry, Reconciled, Revocation, RuleRef, TotalRow,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The rule-document kinds: the county's credit rules (seed 004 built in) and school-based
/// training points (seed 001 built in).
pub const CREDIT_RULES: &str = "credit_rules";
pub const SCHOOL_CREDIT_RULES: &str = "school_credit_rules";

/// How a revocation's reason begins: the revocation report finds them by it.
const REVOKED: &str = "撤销：";

/// The rule set in force for records dated `date`: the newest saved version applying from that
/// day or before, else the built-in set (version 0).
pub async fn rule_set_for(
    app: &App,
    kind: &str,
    date: NaiveDate,
) -> AppResult<(CreditRuleSet, RuleRef)> {
    let found = crate::app::rules::in_force_on(
        app,
        kind,
        date,
        |body| CreditRuleSet::from_toml(body).map_err(|e| e.to_string()),
        |rules| rules.applies_from,
    )
    .await?;
    Ok((
        found.rules,
        RuleRef {
            document_id: found.document_id,
            version: found.version,
        },
    ))
}

fn entry_of(person_id: PersonId, credit: Credit, rule: RuleRef) -> NewEntry {
    NewEntry {
        person_id,
        date: credit.date,
        category: credit.category,
        amount: credit.amount.hundredths(),
        rule: Some(rule),
        rule_id: credit.rule.to_owned(),
        source_kind: credit.source.0.to_owned(),
        source_id: credit.source.1,
        explanation: credit.explanation,
    }
}

/// Posts (or re-posts) a finished class's class-hour credits on demand.
pub async fn post_class(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Reconciled> {
    principal.require(Permission::CreditWrite)?;
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    follow_class(app, &principal.actor(), &class).await
}

/// Brings the ledger in line with a finished class's roll calls: entries that changed since
/// the last posting, because a mark was corrected or the rules changed, are reversed and posted
/// anew. Called when the class ends, when a mark of an ended class is corrected, and on demand.
pub async fn follow_class(app: &App, actor: &Actor, class: &ClassRecord) -> AppResult<Reconciled> {
    if !class.state.is_finished() {
        return Err(AppError::rule(
            "CLASS_NOT_ENDED",
            "培训结束后才能登记学时学分",
        ));
    }
    let (rules, rule) = rule_set_for(app, CREDIT_RULES, class.ends_on).await?;
    let trainees = class_attendance(app, class).await?;
    // Every session is a source: a deduction no longer due is found and reversed.
    let mut sources: Vec<(&str, i64)> = vec![("class", class.id.0)];
    for session in ganxun_storage::attendance::sessions_of_class(&app.db, class.id).await? {
        sources.push(("session", session.id.0));
    }
    let mut desired = Vec::new();
    for (person_id, record) in &trainees {
        let evaluation = evaluate::class_hours(&rules, record);
        desired.extend(
            evaluation
                .credits
                .into_iter()
                .map(|c| entry_of(*person_id, c, rule)),
        );
    }
    let reason = format!("《{}》学时学分（{}）", class.title, rules.name);
    Ok(ledger::reconcile(&app.db, actor, app.now(), &sources, desired, &reason).await?)
}

/// Posts the class-hour credits of a lesson finished online under the credit rules in force on
/// the day it was finished (idempotent: the lesson is its source, so posting again changes
/// nothing, and a rule change re-evaluates it like a class).
pub async fn follow_lesson(
    app: &App,
    actor: &Actor,
    progress_id: LearningProgressId,
) -> AppResult<Reconciled> {
    let lesson = ganxun_storage::learning::playbacks::finished(&app.db, progress_id).await?;
    let (rules, rule) = rule_set_for(app, CREDIT_RULES, lesson.finished_on).await?;
    let finished = ganxun_domain::credits::evaluate::FinishedLesson {
        progress_id,
        course_title: lesson.course_title.clone(),
        lesson_title: lesson.lesson_title.clone(),
        minutes: lesson.minutes,
        hours: ganxun_domain::ClassHours::from_hundredths(u32::try_from(lesson.hours).unwrap_or(0)),
        finished_on: lesson.finished_on,
    };
    // An optional course (拓展) earns nothing in the ledger; one made required later is
    // posted then, and one no longer required is reversed (the assignment promises this).
    let desired = if lesson.required {
        ganxun_domain::credits::evaluate::online_lesson(&rules, &finished)
            .credits
            .into_iter()
            .map(|c| entry_of(lesson.person_id, c, rule))
            .collect()
    } else {
        Vec::new()
    };
    let reason = if lesson.required {
        format!(
            "网络学习《{}》学时学分（{}）",
            lesson.course_title, rules.name
        )
    } else {
        format!("《{}》当年不是必修课程，不计学时学分", lesson.course_title)
    };
    Ok(ledger::reconcile(
        &app.db,
        actor,
        app.now(),
        &[("lesson", progress_id.0)],
        desired,
        &reason,
    )
    .await?)
}

/// A manual award or deduction.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AwardInput {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub date: NaiveDate,
    /// A category code (`other`, `research` …).
    pub category: String,
    /// Credits as a decimal string, `"-2"` for a deduction.
    pub amount: String,
    pub reason: String,
}

/// Records a manual entry for a person the caller may maintain.
pub async fn award(app: &App, principal: &Principal, input: &AwardInput) -> AppResult<EntryRow> {
    require_people(app, principal, &[input.person_id]).await?;
    let category = CreditCategory::parse(&input.category).ok_or_else(|| {
        AppError::field(
            "category",
            "UNKNOWN_CATEGORY",
            format!("无法识别的学分类别：{}", input.category),
        )
    })?;
    let text = input.amount.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let amount = Credits::parse(digits)
        .ok()
        .filter(|a| !a.is_zero())
        .ok_or_else(|| {
            AppError::field(
                "amount",
                "CREDITS_INVALID",
                "学分须为非零数值，最多两位小数；扣分请写负数，如 -2",
            )
        })?;
    let amount = if negative { -amount } else { amount };
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::field(
            "reason",
            "REASON_REQUIRED",
            "请填写登记事由（不超过 500 字）",
        ));
    }
    let entry = NewEntry {
        person_id: input.person_id,
        date: input.date,
        category,
        amount: amount.hundredths(),
        rule: None,
        rule_id: "manual".to_owned(),
        source_kind: "manual".to_owned(),
        source_id: 0,
        explanation: reason.to_owned(),
    };
    let mut posted =
        ledger::post(&app.db, &principal.actor(), app.now(), vec![entry], reason).await?;
    posted.pop().ok_or(AppError::NotFound)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RevokeInput {
    pub reason: String,
}

/// Revokes a falsified entry: a reversal naming the revoker and the reason (R-CRD-7).
pub async fn revoke(
    app: &App,
    principal: &Principal,
    entry_id: CreditEntryId,
    input: &RevokeInput,
) -> AppResult<EntryRow> {
    principal.require(Permission::CreditAudit)?;
    let entry = ledger::entry(&app.db, entry_id).await?;
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    ganxun_storage::people::get(&app.db, &scope, entry.person_id).await?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(AppError::field(
            "reason",
            "REASON_REQUIRED",
            "撤销学分须说明原因",
        ));
    }
    Ok(ledger::reverse(
        &app.db,
        &principal.actor(),
        app.now(),
        entry_id,
        &format!("{REVOKED}{reason}"),
    )
    .await?)
}

/// One entry as the statement shows it.
#[derive(Debug, Clone, Serialize)]
pub struct StatementEntry {
    #[serde(flatten)]
    pub entry: EntryRow,
    pub category_label: String,
    /// The entry that reversed this one, if any.
    pub reversed_by: Option<CreditEntryId>,
    /// Who entered it, by name (the entry keeps the username).
    pub entered_by_name: String,
}

/// A total with its label.
#[derive(Debug, Clone, Serialize)]
pub struct StatementTotal {
    #[serde(flatten)]
    pub total: TotalRow,
    pub category_label: String,
}

/// A person's credits: totals by year and category, and every entry behind them.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub person_id: PersonId,
    pub name: String,
    pub unit_name: String,
    pub year: Option<i32>,
    pub totals: Vec<StatementTotal>,
    /// The sum of the totals shown, in hundredths.
    pub total: i64,
    pub entries: Vec<StatementEntry>,
}

/// The "why" of a person's credits (a year, or every year).
pub async fn statement(
    app: &App,
    principal: &Principal,
    person_id: PersonId,
    year: Option<i32>,
) -> AppResult<Statement> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let person = ganxun_storage::people::get(&app.db, &scope, person_id).await?;
    let rows = ledger::entries_of(&app.db, person_id, year).await?;
    let reversed_by: std::collections::HashMap<CreditEntryId, CreditEntryId> = rows
        .iter()
        .filter_map(|e| e.reverses.map(|r| (r, e.id)))
        .collect();
    let totals: Vec<StatementTotal> = ledger::totals_of(&app.db, person_id)
        .await?
        .into_iter()
        .filter(|t| year.is_none_or(|y| t.year == y))
        .map(|t| StatementTotal {
            category_label: t.category.label_zh().to_owned(),
            total: t,
        })
        .collect();
    let names =
        crate::app::accounts::names::names_of(app, rows.iter().map(|e| e.entered_by.as_str()))
            .await?;
    Ok(Statement {
        person_id,
        name: person.name,
        unit_name: person.unit_name,
        year,
        total: totals.iter().map(|t| t.total.amount).sum(),
        totals,
        entries: rows
            .into_iter()
            .map(|e| StatementEntry {
                category_label: e.category.label_zh().to_owned(),
                reversed_by: reversed_by.get(&e.id).copied(),
                entered_by_name: names.of(&e.entered_by),
                entry: e,
            })
            .collect(),
    })
}

/// What the rules make of a stored record, as ledger entries.
fn evaluate_fact(rules: &CreditRuleSet, rule: RuleRef, fact: &FactRow) -> Vec<NewEntry> {
    let data = FactData::read(&fact.data);
    let credits: Vec<(PersonId, Credit)> = match fact.kind {
        FactKind::Exam | FactKind::Assignment => {
            let record = ScoreRecord {
                id: fact.id.0,
                title: fact.title.clone(),
                date: fact.date,
                score: match &data {
                    Some(FactData::Score(s)) => s.score,
                    _ => 0,
                },
            };
            let evaluation = if fact.kind == FactKind::Exam {
                evaluate::exam(rules, &record)
            } else {
                evaluate::assignment(rules, &record)
            };
            let person = fact.person_id.unwrap_or(PersonId(0));
            evaluation
                .credits
                .into_iter()
                .map(|c| (person, c))
                .collect()
        }
        FactKind::Research => {
            let Some(FactData::Research(data)) = data else {
                return Vec::new();
            };
            let parsed = (
                ResearchKind::parse(&data.kind),
                ResearchLevel::parse(&data.level),
            );
            let (Some(kind), Some(level)) = parsed else {
                return Vec::new();
            };
            let record = ResearchRecord {
                id: fact.id.0,
                kind,
                level,
                title: fact.title.clone(),
                date: fact.date,
                co_authored: data.co_authored,
                supplement: data.supplement,
            };
            let person = fact.person_id.unwrap_or(PersonId(0));
            evaluate::research(rules, &record)
                .credits
                .into_iter()
                .map(|c| (person, c))
                .collect()
        }
        FactKind::Salon => {
            let groups = match data {
                Some(FactData::Salon(salon)) => salon.groups,
                _ => Vec::new(),
            };
            let record = SalonRecord {
                id: fact.id.0,
                title: fact.title.clone(),
                date: fact.date,
                groups: groups
                    .into_iter()
                    .map(SalonGroupInput::into_group)
                    .collect(),
            };
            evaluate::salon(rules, &record).unwrap_or_default()
        }
        FactKind::SchoolTerm => {
            let term = match data {
                Some(FactData::SchoolTerm(term)) => term,
                _ => SchoolTermData {
                    attended: 0,
                    taught: 0,
                },
            };
            let record = SchoolTermRecord {
                id: fact.id.0,
                term: fact.title.clone(),
                ends_on: fact.date,
                attended: term.attended,
                taught: term.taught,
            };
            let person = fact.person_id.unwrap_or(PersonId(0));
            evaluate::school_term(rules, &record)
                .credits
                .into_iter()
                .map(|c| (person, c))
                .collect()
        }
    };
    credits
        .into_iter()
        .map(|(person, c)| entry_of(person, c, rule))
        .collect()
}

/// Checks that the caller may record credits for every person named.
async fn require_people(app: &App, principal: &Principal, people: &[PersonId]) -> AppResult<()> {
    principal.require(Permission::CreditWrite)?;
    let scope = principal.scope(app, Permission::PeopleWrite).await?;
    for &id in people {
        ganxun_storage::people::get(&app.db, &scope, id).await?;
    }
    Ok(())
}

fn required_text(field: &str, value: &str, what: &str) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 200 {
        return Err(AppError::field(
            field,
            "REQUIRED",
            format!("请填写{what}（不超过 200 字）"),
        ));
    }
    Ok(value.to_owned())
}

/// Stores records and posts what they earn under the rule set of `kind` in force on `date`.
async fn record_facts(
    app: &App,
    principal: &Principal,
    rule_kind: &str,
    date: NaiveDate,
    facts: Vec<NewFact>,
) -> AppResult<Recorded> {
    let (rules, rule) = rule_set_for(app, rule_kind, date).await?;
    let reason = rules.name.clone();
    let (records, done) = facts::record(
        &app.db,
        &principal.actor(),
        app.now(),
        facts,
        |fact| evaluate_fact(&rules, rule, fact),
        &reason,
    )
    .await?;
    Ok(Recorded {
        records,
        posted: done.posted,
    })
}

/// What recording did.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub records: Vec<FactRow>,
    /// Ledger entries posted (none while a record awaits approval).
    pub posted: u32,
}

/// One trainee's score.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ScoreInput {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    /// On 100 points, up to two decimals: "84.5".
    pub score: String,
}

/// A score on 100 points with up to two decimals, in hundredths.
fn parse_score(text: &str) -> Option<u32> {
    Credits::parse(text)
        .ok()
        .and_then(|c| u32::try_from(c.hundredths()).ok())
        .filter(|h| *h <= 10_000)
}

/// The score of row `index` of a list (`scores[i].score`), or why it is refused.
pub(crate) fn row_score(index: usize, text: &str) -> AppResult<u32> {
    parse_score(text).ok_or_else(|| {
        AppError::field(
            &format!("scores[{index}].score"),
            "SCORE_INVALID",
            format!("第 {} 行成绩“{text}”须为 0 至 100 的数", index + 1),
        )
    })
}

/// Scores of an exam or an assignment (R-CRD-4), entered by hand.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ScoresInput {
    /// exam or assignment
    pub kind: String,
    pub title: String,
    pub date: NaiveDate,
    #[schema(value_type = Option<i64>)]
    pub class_id: Option<ClassId>,
    pub scores: Vec<ScoreInput>,
}

pub async fn record_scores(
    app: &App,
    principal: &Principal,
    input: &ScoresInput,
) -> AppResult<Recorded> {
    principal.require(Permission::CreditWrite)?;
    let kind = match FactKind::from_code(&input.kind) {
        Ok(kind @ (FactKind::Exam | FactKind::Assignment)) => kind,
        _ => {
            return Err(AppError::field(
                "kind",
                "UNKNOWN_KIND",
                "成绩类别须为考试（exam）或作业（assignment）",
            ));
        }
    };
    let title = required_text("title", &input.title, "考试或作业名称")?;
    let mut facts = Vec::new();
    for (index, s) in input.scores.iter().enumerate() {
        let score = row_score(index, &s.score)?;
        facts.push(NewFact {
            kind,
            person_id: Some(s.person_id),
            class_id: input.class_id,
            title: title.clone(),
            date: input.date,
            data: FactData::Score(ScoreData { score }).document(),
            evidence: String::new(),
            state: ReviewState::Approved,
        });
    }
    let people: Vec<PersonId> = input.scores.iter().map(|s| s.person_id).collect();
    require_people(app, principal, &people).await?;
    record_facts(app, principal, CREDIT_RULES, input.date, facts).await
}

/// A research output submitted with its evidence; it counts once approved (R-CRD-3).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ResearchInput {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    /// paper, project, monograph, public_lesson, experience_talk
    pub kind: String,
    /// county, municipal, provincial, national, national_core, any
    pub level: String,
    pub title: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub co_authored: bool,
    #[serde(default)]
    pub supplement: bool,
    /// Where it was published or recognised, with the reference of the evidence.
    pub evidence: String,
}

pub async fn submit_research(
    app: &App,
    principal: &Principal,
    input: &ResearchInput,
) -> AppResult<Recorded> {
    principal.require(Permission::CreditWrite)?;
    let kind = ResearchKind::parse(&input.kind).ok_or_else(|| {
        AppError::field(
            "kind",
            "UNKNOWN_KIND",
            format!("无法识别的成果类别：{}", input.kind),
        )
    })?;
    let level = ResearchLevel::parse(&input.level).ok_or_else(|| {
        AppError::field(
            "level",
            "UNKNOWN_LEVEL",
            format!("无法识别的级别：{}", input.level),
        )
    })?;
    let title = required_text("title", &input.title, "成果名称")?;
    let evidence = required_text("evidence", &input.evidence, "发表刊物或认定文件等佐证")?;
    require_people(app, principal, &[input.person_id]).await?;
    let fact = NewFact {
        kind: FactKind::Research,
        person_id: Some(input.person_id),
        class_id: None,
        title,
        date: input.date,
        data: FactData::Research(ResearchData {
            kind: kind.code().to_owned(),
            level: level.code().to_owned(),
            co_authored: input.co_authored,
            supplement: input.supplement,
        })
        .document(),
        evidence,
        state: ReviewState::Pending,
    };
    record_facts(app, principal, CREDIT_RULES, input.date, vec![fact]).await
}

/// A group of a reading salon (R-CRD-2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SalonGroupInput {
    pub name: String,
    /// The drawn representative's score on 100 points.
    pub score: String,
    #[schema(value_type = Vec<i64>)]
    pub members: Vec<PersonId>,
}

impl SalonGroupInput {
    fn into_group(self) -> SalonGroup {
        SalonGroup {
            name: self.name,
            score: parse_score(&self.score).unwrap_or(0),
            members: self.members,
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SalonInput {
    pub title: String,
    pub date: NaiveDate,
    #[schema(value_type = Option<i64>)]
    pub class_id: Option<ClassId>,
    pub groups: Vec<SalonGroupInput>,
}

pub async fn record_salon(
    app: &App,
    principal: &Principal,
    input: &SalonInput,
) -> AppResult<Recorded> {
    principal.require(Permission::CreditWrite)?;
    let title = required_text("title", &input.title, "沙龙活动名称")?;
    if input.groups.is_empty() || input.groups.iter().any(|g| g.members.is_empty()) {
        return Err(AppError::field(
            "groups",
            "SALON_GROUPS_REQUIRED",
            "请至少填写一个小组，每组至少一名组员",
        ));
    }
    for (index, group) in input.groups.iter().enumerate() {
        if parse_score(&group.score).is_none() {
            return Err(AppError::field(
                &format!("groups[{index}].score"),
                "SCORE_INVALID",
                format!("{}代表得分“{}”须为 0 至 100 的数", group.name, group.score),
            ));
        }
    }
    let people: Vec<PersonId> = input
        .groups
        .iter()
        .flat_map(|g| g.members.clone())
        .collect();
    require_people(app, principal, &people).await?;
    let fact = NewFact {
        kind: FactKind::Salon,
        person_id: None,
        class_id: input.class_id,
        title,
        date: input.date,
        data: FactData::Salon(SalonData {
            groups: input.groups.clone(),
        })
        .document(),
        evidence: String::new(),
        state: ReviewState::Approved,
    };
    record_facts(app, principal, CREDIT_RULES, input.date, vec![fact]).await
}

/// A teacher's school-based training in a term (R-CRD-5).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SchoolTermInput {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    /// 2026 年春季学期
    pub term: String,
    pub ends_on: NaiveDate,
    pub attended: u32,
    pub taught: u32,
}

pub async fn record_school_term(
    app: &App,
    principal: &Principal,
    input: &SchoolTermInput,
) -> AppResult<Recorded> {
    principal.require(Permission::CreditWrite)?;
    let term = required_text("term", &input.term, "学期")?;
    if input.attended > 500 || input.taught > 500 {
        return Err(AppError::field(
            "attended",
            "COUNT_INVALID",
            "每学期的培训次数须在 0 至 500 之间",
        ));
    }
    require_people(app, principal, &[input.person_id]).await?;
    let fact = NewFact {
        kind: FactKind::SchoolTerm,
        person_id: Some(input.person_id),
        class_id: None,
        title: term,
        date: input.ends_on,
        data: FactData::SchoolTerm(SchoolTermData {
            attended: input.attended,
            taught: input.taught,
        })
        .document(),
        evidence: String::new(),
        state: ReviewState::Approved,
    };
    record_facts(
        app,
        principal,
        SCHOOL_CREDIT_RULES,
        input.ends_on,
        vec![fact],
    )
    .await
}

/// A record with the name and unit of the person it belongs to, for lists.
#[derive(Debug, Clone, Serialize)]
pub struct PendingRecord {
    #[serde(flatten)]
    pub record: FactRow,
    pub person_name: String,
    pub unit_name: String,
}

/// Research outputs waiting for the authority's approval, of the people the caller may read.
pub async fn pending_facts(app: &App, principal: &Principal) -> AppResult<Vec<PendingRecord>> {
    principal.require(Permission::CreditAudit)?;
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let mut visible = Vec::new();
    for record in facts::pending(&app.db, 1_000).await? {
        let Some(person) = record.person_id else {
            continue;
        };
        if let Ok(person) = ganxun_storage::people::get(&app.db, &scope, person).await {
            visible.push(PendingRecord {
                record,
                person_name: person.name,
                unit_name: person.unit_name,
            });
        }
    }
    Ok(visible)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct FactDecisionInput {
    /// approve or reject
    pub decision: String,
    #[serde(default)]
    pub reason: String,
}

/// The authority approves an output (its credits are posted at once) or returns it with a reason.
pub async fn decide_fact(
    app: &App,
    principal: &Principal,
    id: ganxun_domain::CreditFactId,
    input: &FactDecisionInput,
) -> AppResult<FactDecided> {
    principal.require(Permission::CreditAudit)?;
    let fact = facts::get(&app.db, id).await?;
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    if let Some(person) = fact.person_id {
        ganxun_storage::people::get(&app.db, &scope, person).await?;
    }
    let verdict = ganxun_domain::review::decide(
        "成果",
        &input.decision,
        &input.reason,
        &fact.entered_by,
        &principal.username,
    )?;
    let (rules, rule) = rule_set_for(app, CREDIT_RULES, fact.date).await?;
    let (record, credits) = facts::decide(
        &app.db,
        &principal.actor(),
        app.now(),
        id,
        verdict.approve,
        &verdict.reason,
        |fact| evaluate_fact(&rules, rule, fact),
    )
    .await?;
    Ok(FactDecided { record, credits })
}

/// A decided record and what its approval posted (nothing when it was returned).
#[derive(Debug, Clone, Serialize)]
pub struct FactDecided {
    #[serde(flatten)]
    pub record: FactRow,
    pub credits: Reconciled,
}

/// A revocation with the name and unit of the person whose entry it was.
#[derive(Debug, Clone, Serialize)]
pub struct RevocationRow {
    #[serde(flatten)]
    pub revocation: Revocation,
    pub person_name: String,
    pub unit_name: String,
    /// Who entered what was revoked: for a score, an output or a salon, the person who entered
    /// it, not the reviewer who let it count (issue 17 item 5).
    pub entered_by_name: String,
    /// Who approved it into the ledger, when someone other than the one who entered it.
    pub approved_by_name: Option<String>,
    pub revoked_by_name: String,
}

/// Revoked entries with who entered them and who revoked them, for follow-up (R-CRD-7).
pub async fn revocations(app: &App, principal: &Principal) -> AppResult<Vec<RevocationRow>> {
    principal.require(Permission::CreditAudit)?;
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let mut visible = Vec::new();
    for revocation in ledger::revocations(&app.db, REVOKED, 1_000).await? {
        let person = revocation.original.person_id;
        if let Ok(person) = ganxun_storage::people::get(&app.db, &scope, person).await {
            visible.push((revocation, person.name, person.unit_name));
        }
    }
    let sources: Vec<(FactKind, i64)> = visible
        .iter()
        .filter_map(|(r, _, _)| {
            FactKind::from_code(&r.original.source_kind)
                .ok()
                .map(|kind| (kind, r.original.source_id))
        })
        .collect();
    let enterers = ganxun_storage::credits::facts::entered_by(&app.db, &sources).await?;
    let enterer = |r: &Revocation| {
        FactKind::from_code(&r.original.source_kind)
            .ok()
            .and_then(|kind| enterers.get(&(kind, r.original.source_id)))
            .cloned()
    };
    let names = crate::app::accounts::names::names_of(
        app,
        visible
            .iter()
            .flat_map(|(r, _, _)| [&r.original.entered_by, &r.revocation.entered_by])
            .map(String::as_str)
            .chain(enterers.values().map(String::as_str)),
    )
    .await?;
    Ok(visible
        .into_iter()
        .map(|(revocation, person_name, unit_name)| {
            let entered_by = enterer(&revocation);
            let posted_by = &revocation.original.entered_by;
            RevocationRow {
                entered_by_name: names.of(entered_by.as_deref().unwrap_or(posted_by)),
                approved_by_name: entered_by
                    .filter(|enterer| enterer != posted_by)
                    .map(|_| names.of(posted_by)),
                revoked_by_name: names.of(&revocation.revocation.entered_by),
                revocation,
                person_name,
                unit_name,
            }
        })
        .collect())
}

/// What a re-evaluation did.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Reevaluated {
    pub classes: u32,
    pub records: u32,
    /// Lessons finished online that year.
    pub lessons: u32,
    pub posted: u32,
    pub reversed: u32,
    pub unchanged: u32,
}

impl Reevaluated {
    fn add(&mut self, done: &Reconciled) {
        self.posted += done.posted;
        self.reversed += done.reversed;
        self.unchanged += done.unchanged;
    }
}

/// Re-evaluates a year under the rule sets now in force, after a rule change: every finished
/// class starting that year, every approved record dated in it and every lesson finished
/// online in it, within the caller's reach.
/// Changed credits are reversed and posted anew; nothing is rewritten.
pub async fn reevaluate(app: &App, principal: &Principal, year: i32) -> AppResult<Reevaluated> {
    principal.require(Permission::CreditAudit)?;
    let mut done = Reevaluated::default();
    let visibility = crate::app::classes::visibility(app, principal, Permission::ClassRun).await?;
    let filter = ganxun_storage::classes::ClassFilter {
        states: ClassState::FINISHED.to_vec(),
        year: Some(year),
        ..Default::default()
    };
    let mut page = 1;
    loop {
        let (summaries, _) =
            ganxun_storage::classes::list(&app.db, &visibility, &filter, page, 100).await?;
        if summaries.is_empty() {
            break;
        }
        for summary in summaries {
            let class = ganxun_storage::classes::get(&app.db, &visibility, summary.id).await?;
            done.add(&follow_class(app, &principal.actor(), &class).await?);
            done.classes += 1;
        }
        page += 1;
    }
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    for fact in facts::approved_in_year(&app.db, year).await? {
        // A salon names its members in its groups; the others name their person.
        if let Some(person) = fact.person_id
            && ganxun_storage::people::get(&app.db, &scope, person)
                .await
                .is_err()
        {
            continue;
        }
        let kind = if fact.kind == FactKind::SchoolTerm {
            SCHOOL_CREDIT_RULES
        } else {
            CREDIT_RULES
        };
        let (rules, rule) = rule_set_for(app, kind, fact.date).await?;
        let reconciled = ledger::reconcile(
            &app.db,
            &principal.actor(),
            app.now(),
            &[(fact.kind.code(), fact.id.0)],
            evaluate_fact(&rules, rule, &fact),
            &format!("按“{}”重新计算", rules.name),
        )
        .await?;
        done.add(&reconciled);
        done.records += 1;
    }
    for (progress_id, person) in
        ganxun_storage::learning::playbacks::finished_in_year(&app.db, year).await?
    {
        if ganxun_storage::people::get(&app.db, &scope, person)
            .await
            .is_err()
        {
            continue;
        }
        done.add(&follow_lesson(app, &principal.actor(), progress_id).await?);
        done.lessons += 1;
    }
    Ok(done)
}

/// A draft rule set tried on one person's records.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PreviewInput {
    /// credit_rules or school_credit_rules
    pub kind: String,
    /// The draft's TOML text.
    pub body: String,
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub year: i32,
}

/// One credit the draft would give, beside what the ledger holds for the same record and rule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PreviewLine {
    pub source_kind: String,
    pub source_id: i64,
    pub rule_id: String,
    pub explanation: String,
    /// Hundredths under the draft, and now in the ledger (None when nothing is there).
    pub draft: i64,
    pub current: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Preview {
    pub lines: Vec<PreviewLine>,
    pub draft_total: i64,
    pub current_total: i64,
}

/// "Apply this draft to person X's facts": what the draft would give for the person's finished
/// classes and approved records of the year, against the live ledger entries. Nothing is saved.
pub async fn preview(app: &App, principal: &Principal, input: &PreviewInput) -> AppResult<Preview> {
    principal.require(Permission::CreditAudit)?;
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    ganxun_storage::people::get(&app.db, &scope, input.person_id).await?;
    let rules =
        CreditRuleSet::from_toml(&input.body).map_err(|e| AppError::field("body", e.code(), e))?;
    let draft_rule = RuleRef {
        document_id: None,
        version: -1,
    };
    let mut desired: Vec<NewEntry> = Vec::new();
    if input.kind == CREDIT_RULES {
        let enrolments =
            ganxun_storage::classes::enrolment::of_person(&app.db, input.person_id).await?;
        for (class_id, _) in enrolments {
            let class = ganxun_storage::classes::get(
                &app.db,
                &ganxun_storage::classes::ClassVisibility::everything(),
                class_id,
            )
            .await?;
            if !class.state.is_finished() || class.ends_on.year() != input.year {
                continue;
            }
            for (person, record) in class_attendance(app, &class).await? {
                if person == input.person_id {
                    desired.extend(
                        evaluate::class_hours(&rules, &record)
                            .credits
                            .into_iter()
                            .map(|c| entry_of(person, c, draft_rule)),
                    );
                }
            }
        }
    }
    for fact in facts::approved_in_year(&app.db, input.year).await? {
        let wanted = (fact.kind == FactKind::SchoolTerm) == (input.kind == SCHOOL_CREDIT_RULES);
        if wanted {
            desired.extend(
                evaluate_fact(&rules, draft_rule, &fact)
                    .into_iter()
                    .filter(|e| e.person_id == input.person_id),
            );
        }
    }
    let entries = ledger::entries_of(&app.db, input.person_id, Some(input.year)).await?;
    let reversed: std::collections::HashSet<CreditEntryId> =
        entries.iter().filter_map(|e| e.reverses).collect();
    let live = |e: &&EntryRow| e.reverses.is_none() && !reversed.contains(&e.id);
    let lines: Vec<PreviewLine> = desired
        .into_iter()
        .map(|d| {
            let current = entries
                .iter()
                .filter(live)
                .find(|e| {
                    e.source_kind == d.source_kind
                        && e.source_id == d.source_id
                        && e.rule_id == d.rule_id
                })
                .map(|e| e.amount);
            PreviewLine {
                source_kind: d.source_kind,
                source_id: d.source_id,
                rule_id: d.rule_id,
                explanation: d.explanation,
                draft: d.amount,
                current,
            }
        })
        .collect();
    Ok(Preview {
        draft_total: lines.iter().map(|l| l.draft).sum(),
        current_total: entries.iter().map(|e| e.amount).sum(),
        lines,
    })
}
