//! Credit use cases (issue 6, SPEC §5): post a class's class-hour credits from its roll calls
//! under the rule set in force, record manual awards, revoke falsified entries, and explain any
//! total ("why do I have 47.5 credits?") from the entries and the rules behind them.

use super::attendance_report::class_attendance;
use super::classes::load;
use super::{App, AppError, AppResult, Principal};
use chrono::NaiveDate;
use ganxun_domain::credit::{
    Credit, CreditCategory, CreditRuleSet, Credits, SEED_001, SEED_004, evaluate,
};
use ganxun_domain::{ClassState, Permission};
use ganxun_storage::Actor;
use ganxun_storage::classes::ClassRecord;
use ganxun_storage::documents;
use ganxun_storage::ledger::{self, EntryRow, NewEntry, Reconciled, RuleRef, TotalRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The rule-document kinds: the county's credit rules (seed 004 built in) and school-based
/// training points (seed 001 built in).
pub const CREDIT_RULES: &str = "credit_rules";
pub const SCHOOL_CREDIT_RULES: &str = "school_credit_rules";

/// The built-in text of a credit rule kind.
pub fn built_in(kind: &str) -> &'static str {
    if kind == SCHOOL_CREDIT_RULES {
        SEED_001
    } else {
        SEED_004
    }
}

/// The rule set in force for records dated `date`: the newest saved version applying from that
/// day or before, else the built-in set (version 0).
pub async fn rule_set_for(
    app: &App,
    kind: &str,
    date: NaiveDate,
) -> AppResult<(CreditRuleSet, RuleRef)> {
    for saved in documents::history(&app.db, kind).await? {
        let rules = CreditRuleSet::from_toml(&saved.body).map_err(|e| {
            AppError::Internal(anyhow::anyhow!("stored {kind} v{}: {e}", saved.version))
        })?;
        if rules.applies_from <= date {
            let rule = RuleRef {
                document_id: Some(saved.id),
                version: saved.version,
            };
            return Ok((rules, rule));
        }
    }
    let rules = CreditRuleSet::from_toml(built_in(kind))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("built-in {kind}: {e}")))?;
    Ok((
        rules,
        RuleRef {
            document_id: None,
            version: 0,
        },
    ))
}

fn entry_of(person_id: i64, credit: Credit, rule: RuleRef) -> NewEntry {
    NewEntry {
        person_id,
        date: credit.date,
        category: credit.category.code().to_owned(),
        amount: credit.amount.hundredths(),
        rule: Some(rule),
        rule_id: credit.rule.to_owned(),
        source_kind: credit.source.0.to_owned(),
        source_id: credit.source.1,
        explanation: credit.explanation,
    }
}

/// Posts (or re-posts) a finished class's class-hour credits on demand.
pub async fn post_class(app: &App, principal: &Principal, class_id: i64) -> AppResult<Reconciled> {
    principal.require(Permission::CreditWrite)?;
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    follow_class(app, &principal.actor(), &class).await
}

/// Brings the ledger in line with a finished class's roll calls: entries that changed since
/// the last posting, because a mark was corrected or the rules changed, are reversed and posted
/// anew. Called when the class ends, when a mark of an ended class is corrected, and on demand.
pub async fn follow_class(app: &App, actor: &Actor, class: &ClassRecord) -> AppResult<Reconciled> {
    let finished = matches!(
        ClassState::parse(&class.state),
        Some(ClassState::Ended | ClassState::Reported | ClassState::Archived)
    );
    if !finished {
        return Err(AppError::rule(
            "CLASS_NOT_ENDED",
            "培训结束后才能登记学时学分",
        ));
    }
    let (rules, rule) = rule_set_for(app, CREDIT_RULES, class.ends_on).await?;
    let trainees = class_attendance(app, class).await?;
    // Every session is a source: a deduction no longer due is found and reversed.
    let mut sources: Vec<(&str, i64)> = vec![("class", class.id)];
    for session in ganxun_storage::attendance::sessions_of_class(&app.db, class.id).await? {
        sources.push(("session", session.id));
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

/// A manual award or deduction.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AwardInput {
    pub person_id: i64,
    pub date: NaiveDate,
    /// A category code (`other`, `research` …).
    pub category: String,
    /// Credits as a decimal string, `"-2"` for a deduction.
    pub amount: String,
    pub reason: String,
}

/// Records a manual entry for a person the caller may maintain.
pub async fn award(app: &App, principal: &Principal, input: &AwardInput) -> AppResult<EntryRow> {
    principal.require(Permission::CreditWrite)?;
    let scope = principal.scope(app, Permission::PeopleWrite).await?;
    ganxun_storage::people::get(&app.db, &scope, input.person_id).await?;
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
        category: category.code().to_owned(),
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
    entry_id: i64,
    input: &RevokeInput,
) -> AppResult<EntryRow> {
    principal.require(Permission::CreditRevoke)?;
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
        &format!("撤销：{reason}"),
    )
    .await?)
}

/// One entry as the statement shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementEntry {
    #[serde(flatten)]
    pub entry: EntryRow,
    pub category_label: String,
    /// The entry that reversed this one, if any.
    pub reversed_by: Option<i64>,
}

/// A total with its label.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementTotal {
    #[serde(flatten)]
    pub total: TotalRow,
    pub category_label: String,
}

/// A person's credits: totals by year and category, and every entry behind them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Statement {
    pub person_id: i64,
    pub name: String,
    pub unit_name: String,
    pub year: Option<i32>,
    pub totals: Vec<StatementTotal>,
    /// The sum of the totals shown, in hundredths.
    pub total: i64,
    pub entries: Vec<StatementEntry>,
}

fn category_label(code: &str) -> String {
    CreditCategory::parse(code).map_or_else(|| code.to_owned(), |c| c.label_zh().to_owned())
}

/// The "why" of a person's credits (a year, or every year).
pub async fn statement(
    app: &App,
    principal: &Principal,
    person_id: i64,
    year: Option<i32>,
) -> AppResult<Statement> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let person = ganxun_storage::people::get(&app.db, &scope, person_id).await?;
    let rows = ledger::entries_of(&app.db, person_id, year).await?;
    let reversed_by: std::collections::HashMap<i64, i64> = rows
        .iter()
        .filter_map(|e| e.reverses.map(|r| (r, e.id)))
        .collect();
    let totals: Vec<StatementTotal> = ledger::totals_of(&app.db, person_id)
        .await?
        .into_iter()
        .filter(|t| year.is_none_or(|y| t.year == y))
        .map(|t| StatementTotal {
            category_label: category_label(&t.category),
            total: t,
        })
        .collect();
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
                category_label: category_label(&e.category),
                reversed_by: reversed_by.get(&e.id).copied(),
                entry: e,
            })
            .collect(),
    })
}
