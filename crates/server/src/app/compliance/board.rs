//! Maintained compliance statuses and their upkeep (issue 7, ADR 0012): each person's result per
//! rule, judged by the same evaluator as the person page, kept so the authority's dashboard reads
//! counts instead of judging a province on every request.
//!
//! Upkeep: a change to a person's facts marks them in the same transaction (storage); the
//! worker refreshes marked people every few seconds; a full recomputation runs as a background
//! job with progress — once a day (windows close and open, at-risk dates come), after a
//! compliance rule set is saved, and when the authority asks.

use crate::app::compliance::{KINDS, RuleSetRef, facts_of, rule_set_for};
use crate::app::{App, AppResult, Principal};
use chrono::NaiveDate;
use ganxun_domain::JobId;
use ganxun_domain::Permission;
use ganxun_domain::PersonId;
use ganxun_domain::compliance::{BoardStatus, RuleType};
use ganxun_domain::compliance::{ComplianceRuleSet, Figures, coverage, evaluate, why_not_counted};
use ganxun_storage::Actor;
use ganxun_storage::compliance::board::{self as board, Judged, StatusRow};
use ganxun_storage::compliance::{PersonRows, rows_of_people};
use ganxun_storage::jobs::{self, JobRow, JobState, Started};
use serde::Serialize;
use std::time::Duration;

/// The job kind of a full recomputation.
pub const RECOMPUTE: &str = "compliance_recompute";
/// People judged per batch (and per transaction) by the worker and the recomputation.
const BATCH: usize = 2_000;
/// A running job whose heartbeat is older than this is taken as dead (its server stopped).
const HEARTBEAT_LIMIT: chrono::Duration = chrono::Duration::minutes(10);
/// The meta entry naming the rule versions of the last full recomputation.
const RULES_JUDGED_BY: &str = "compliance.rules_judged_by";
/// How long the worker sleeps when nothing is waiting.
const IDLE: Duration = Duration::from_secs(5);

/// The rule sets in force on a day, loaded once per batch or run.
pub struct RulesInForce {
    pub as_of: NaiveDate,
    pub sets: Vec<(ComplianceRuleSet, RuleSetRef)>,
}

impl RulesInForce {
    pub async fn load(app: &App, as_of: NaiveDate) -> AppResult<Self> {
        let mut sets = Vec::with_capacity(KINDS.len());
        for kind in KINDS {
            sets.push(rule_set_for(app, kind, as_of).await?);
        }
        Ok(Self { as_of, sets })
    }

    /// Which versions judge: `compliance_national=0,…`. A different answer after a rule set is
    /// saved starts a recomputation.
    pub fn fingerprint(&self) -> String {
        self.sets
            .iter()
            .map(|(_, r)| format!("{}={}", r.kind, r.version))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The name of a rule of `kind` (a make-up is named by its promotion rule), if the sets in
    /// force still have it.
    pub fn rule_name(&self, kind: &str, rule_id: &str) -> Option<String> {
        let (set, _) = self.sets.iter().find(|(_, r)| r.kind == kind)?;
        let base = rule_id.split('@').next().unwrap_or(rule_id);
        set.requirements
            .iter()
            .map(|r| (&r.id, &r.name))
            .chain(set.coverage.iter().map(|r| (&r.id, &r.name)))
            .chain(set.promotions.iter().map(|r| (&r.id, &r.name)))
            .find(|(id, _)| id.as_str() == base)
            .map(|(_, name)| name.clone())
    }
}

/// Days, hours and times in hundredths (times as counted), as the status table keeps them.
fn figures(f: &Figures) -> [Option<i64>; 3] {
    [
        f.days.map(|d| i64::from(d.hundredths())),
        f.hours.map(|h| i64::from(h.hundredths())),
        f.times.map(i64::from),
    ]
}

/// One person judged under every set in force: a row per binding requirement, per make-up of
/// a past promotion, and per coverage target the person counts towards. Inactive people get
/// no rows, so they leave the board.
pub fn judge(rules: &RulesInForce, person: &PersonRows) -> Judged {
    let as_of = rules.as_of;
    let mut rows = Vec::new();
    if person.active {
        let facts = facts_of(person.person_id, &person.rows);
        let last_day = |ids: &[i64]| {
            ids.iter()
                .filter_map(|id| facts.records.iter().find(|r| r.id == *id))
                .map(|r| r.ends_on)
                .max()
        };
        for (set, reference) in &rules.sets {
            let review = evaluate(set, &facts, as_of);
            let row = |rule_id: String, rule_type: RuleType, status: BoardStatus| StatusRow {
                kind: reference.kind.clone(),
                rule_id,
                rule_type,
                status,
                window_from: None,
                window_to: as_of,
                required: [None; 3],
                done: [None; 3],
                missing: [None; 3],
                last_trained_on: None,
                rule_version: reference.version,
            };
            for r in &review.requirements {
                rows.push(StatusRow {
                    window_from: r.window.starts_on,
                    window_to: r.window.ends_on,
                    required: figures(&r.required),
                    done: figures(&r.done),
                    missing: figures(&r.missing),
                    last_trained_on: last_day(&r.counted),
                    ..row(r.rule_id.clone(), RuleType::Requirement, r.status.into())
                });
            }
            for m in &review.make_ups {
                rows.push(StatusRow {
                    window_from: Some(m.promoted_on),
                    window_to: m.due_on.unwrap_or(m.promoted_on),
                    required: figures(&m.now.required),
                    done: figures(&m.now.done),
                    missing: figures(&m.now.missing),
                    last_trained_on: m.completed_on,
                    ..row(
                        format!("{}@{}", m.rule_id, m.promotion),
                        RuleType::MakeUp,
                        m.status.into(),
                    )
                });
            }
            for c in coverage(set, std::slice::from_ref(&facts), as_of) {
                if c.bound.is_empty() {
                    continue;
                }
                // "Not trained for longest": the newest record this target counts, at any time.
                let last_trained_on =
                    set.coverage
                        .iter()
                        .find(|r| r.id == c.rule_id)
                        .and_then(|rule| {
                            facts
                                .records
                                .iter()
                                .filter(|r| r.ends_on <= as_of)
                                .filter(|r| why_not_counted(&rule.counts, r).is_none())
                                .map(|r| r.ends_on)
                                .max()
                        });
                let trained = i64::from(!c.trained.is_empty());
                rows.push(StatusRow {
                    window_from: c.window.starts_on,
                    window_to: c.window.ends_on,
                    required: [None, None, Some(1)],
                    done: [None, None, Some(trained)],
                    missing: [None, None, Some(1 - trained)],
                    last_trained_on,
                    ..row(
                        c.rule_id.clone(),
                        RuleType::Coverage,
                        if trained == 1 {
                            BoardStatus::Met
                        } else {
                            BoardStatus::NotMet
                        },
                    )
                });
            }
        }
    }
    Judged {
        person_id: person.person_id,
        unit_id: person.unit_id,
        unit_path: person.unit_path.clone(),
        rows,
    }
}

/// Judges `ids` and replaces their statuses, clearing the marks they had when their rows were
/// read. Returns rows written.
async fn refresh_with(app: &App, rules: &RulesInForce, ids: &[PersonId]) -> AppResult<usize> {
    let marks = board::marks_of(&app.db, ids).await?;
    let people = rows_of_people(&app.db, ids).await?;
    let judged: Vec<Judged> = people.iter().map(|p| judge(rules, p)).collect();
    Ok(board::replace(&app.db, app.now(), rules.as_of, &judged, &marks).await?)
}

/// Refreshes up to one batch of marked people as of today; returns how many were refreshed.
pub async fn refresh_marked(app: &App) -> AppResult<usize> {
    let marks = board::dirty(&app.db, BATCH as u64).await?;
    if marks.is_empty() {
        return Ok(0);
    }
    let rules = RulesInForce::load(app, app.today()).await?;
    let ids: Vec<PersonId> = marks.iter().map(|m| m.person_id).collect();
    refresh_with(app, &rules, &ids).await?;
    Ok(marks.len())
}

/// Refreshes every marked person (tests, the command line).
pub async fn refresh_all_marked(app: &App) -> AppResult<usize> {
    let mut total = 0;
    loop {
        let n = refresh_marked(app).await?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
    }
}

/// What asking for a recomputation did.
#[derive(Debug, Clone, Serialize)]
pub struct RecomputeStarted {
    /// False when one was already running: `job` is that one.
    pub started: bool,
    pub job: JobRow,
}

/// Starts a full recomputation as of today in the background (the authority, `class.approve`,
/// the permission that edits the rules), or reports the one already running.
pub async fn start_recompute(app: &App, principal: &Principal) -> AppResult<RecomputeStarted> {
    principal.require(Permission::ClassApprove)?;
    begin_recompute(app, &principal.actor()).await
}

async fn begin_recompute(app: &App, actor: &Actor) -> AppResult<RecomputeStarted> {
    let total = i64::try_from(board::people_count(&app.db).await?).unwrap_or(i64::MAX);
    let now = app.now();
    let as_of = app.today();
    match jobs::start(
        &app.db,
        actor,
        now,
        RECOMPUTE,
        Some(as_of),
        total,
        now - HEARTBEAT_LIMIT,
    )
    .await?
    {
        Started::AlreadyRunning(job) => Ok(RecomputeStarted {
            started: false,
            job,
        }),
        Started::New(job) => {
            let (app, id) = (app.clone(), job.id);
            tokio::spawn(async move { run_job(&app, id, as_of).await });
            Ok(RecomputeStarted { started: true, job })
        }
    }
}

/// Runs a started job to its end and records the outcome.
async fn run_job(app: &App, id: JobId, as_of: NaiveDate) {
    let outcome = recompute(app, id, as_of, |_| {}).await.map_err(|e| {
        tracing::error!(error = ?e, "compliance recomputation failed");
        "重新计算失败，详见服务器日志".to_owned()
    });
    let outcome = outcome.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
    if let Err(e) = jobs::finish(&app.db, id, app.now(), outcome).await {
        tracing::error!(error = ?e, "could not record the end of job {id}");
    }
}

/// Judges everyone as of `as_of`, a batch per transaction, recording progress on job `id` (and
/// telling `on_progress` how many are done); then drops rows of people gone and recounts every
/// unit. Returns the rows written.
pub async fn recompute(
    app: &App,
    id: JobId,
    as_of: NaiveDate,
    mut on_progress: impl FnMut(i64),
) -> AppResult<usize> {
    let rules = RulesInForce::load(app, as_of).await?;
    let (mut after, mut done, mut written) = (PersonId(0), 0i64, 0usize);
    loop {
        let ids = board::people_after(&app.db, after, BATCH as u64).await?;
        let Some(&last) = ids.last() else { break };
        written += refresh_with(app, &rules, &ids).await?;
        after = last;
        done += i64::try_from(ids.len()).unwrap_or(i64::MAX);
        jobs::progress(&app.db, id, app.now(), done, &format!("已计算 {done} 人")).await?;
        on_progress(done);
    }
    board::finish_recomputation(&app.db).await?;
    ganxun_storage::meta::set(&app.db, RULES_JUDGED_BY, &rules.fingerprint()).await?;
    Ok(written)
}

/// Recomputes in the foreground (the command line): the job is recorded as from the web.
pub async fn recompute_now(
    app: &App,
    actor: &Actor,
    on_progress: impl FnMut(i64, i64),
) -> AppResult<JobRow> {
    let total = i64::try_from(board::people_count(&app.db).await?).unwrap_or(i64::MAX);
    let (now, as_of) = (app.now(), app.today());
    let job = match jobs::start(
        &app.db,
        actor,
        now,
        RECOMPUTE,
        Some(as_of),
        total,
        now - HEARTBEAT_LIMIT,
    )
    .await?
    {
        Started::New(job) => job,
        Started::AlreadyRunning(job) => {
            return Err(crate::app::AppError::rule(
                "JOB_ALREADY_RUNNING",
                format!("已有重新计算任务（编号 {}）正在运行，请稍后再试", job.id),
            ));
        }
    };
    let mut on_progress = on_progress;
    let outcome = recompute(app, job.id, as_of, |done| on_progress(done, total)).await;
    let recorded = outcome
        .as_ref()
        .map(|n| i64::try_from(*n).unwrap_or(i64::MAX))
        .map_err(|e| format!("{e:?}"));
    let job = jobs::finish(&app.db, job.id, app.now(), recorded).await?;
    outcome.map(|_| job)
}

/// Whether the statuses are due for a full recomputation: none today yet, or the rule sets in
/// force changed since the last one.
async fn recomputation_due(app: &App) -> AppResult<bool> {
    let today = app.today();
    if board::people_count(&app.db).await? == 0 {
        return Ok(false);
    }
    let last = jobs::latest(&app.db, RECOMPUTE).await?;
    if let Some(job) = &last
        && job.state == JobState::Running
    {
        return Ok(false);
    }
    let last_done = jobs::latest_done(&app.db, RECOMPUTE).await?;
    if last_done.is_none_or(|job| job.as_of != Some(today)) {
        // Retry a failed run only after a pause, not in a loop.
        return Ok(last.is_none_or(|job| {
            job.state == JobState::Done || app.now() - job.heartbeat_at > HEARTBEAT_LIMIT
        }));
    }
    let judged_by = ganxun_storage::meta::get(&app.db, RULES_JUDGED_BY).await?;
    let rules = RulesInForce::load(app, today).await?;
    Ok(judged_by.as_deref() != Some(rules.fingerprint().as_str()))
}

/// One round of upkeep: refresh marked people, start a recomputation when one is due. Returns
/// whether there was work (the worker then goes again without sleeping).
pub async fn upkeep(app: &App) -> AppResult<bool> {
    let refreshed = refresh_marked(app).await?;
    if recomputation_due(app).await? {
        begin_recompute(app, &Actor::system("compliance")).await?;
    }
    Ok(refreshed > 0)
}

/// The upkeep loop of a running server. Errors are logged and retried on the next round.
pub fn spawn_worker(app: App) {
    tokio::spawn(async move {
        loop {
            match upkeep(&app).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => tracing::warn!(error = ?e, "compliance upkeep failed; retrying"),
            }
            tokio::time::sleep(IDLE).await;
        }
    });
}

/// The newest recomputation, for whoever may read the dashboard.
pub async fn latest_job(app: &App, principal: &Principal) -> AppResult<Option<JobRow>> {
    principal.require(Permission::PeopleRead)?;
    Ok(jobs::latest(&app.db, RECOMPUTE).await?)
}
