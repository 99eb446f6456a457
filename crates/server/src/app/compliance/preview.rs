//! Who a draft of a compliance rule set would affect (issue 17 item 4: "a preview of who is
//! affected before saving"): everyone judged today under the sets in force and again with the
//! draft in place of its kind, each rule's counts by status both ways, and the people whose
//! status would change, by name. Nothing is saved.

use crate::app::compliance::board::{RulesInForce, judge};
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::compliance::{BoardStatus, ComplianceRuleSet};
use ganxun_domain::{Permission, PersonId, UnitId};
use ganxun_storage::compliance::board as board_store;
use ganxun_storage::compliance::rows_of_people;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use utoipa::ToSchema;

/// People judged per read.
const BATCH: u64 = 2_000;
/// At most this many people are judged (a province previews its first quarter of a million).
const MOST_JUDGED: usize = 250_000;
/// At most this many changes are listed by name (all are counted).
const MOST_LISTED: usize = 200;

/// What a draft would change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompliancePreview {
    /// People judged both ways.
    pub judged: usize,
    /// Whether more people exist than were judged.
    pub partial: bool,
    /// Each rule of the set in force or of the draft, with its counts both ways.
    pub rules: Vec<PreviewRuleCounts>,
    /// People whose status under some rule would change.
    pub changed_people: usize,
    /// The changes, by name (the first [`MOST_LISTED`]).
    pub changes: Vec<PreviewChange>,
}

/// One rule's counts under the set in force and under the draft.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PreviewRuleCounts {
    pub rule_id: String,
    pub name: String,
    pub now: PreviewCounts,
    pub draft: PreviewCounts,
}

/// People by status (make-ups and coverage rows count under the status they carry).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct PreviewCounts {
    pub bound: usize,
    pub met: usize,
    pub at_risk: usize,
    pub not_met: usize,
}

impl PreviewCounts {
    fn add(&mut self, status: BoardStatus) {
        self.bound += 1;
        match status {
            BoardStatus::Met | BoardStatus::Done | BoardStatus::CompletedLate => self.met += 1,
            BoardStatus::AtRisk | BoardStatus::Pending => self.at_risk += 1,
            BoardStatus::NotMet | BoardStatus::Overdue | BoardStatus::NotAllowed => {
                self.not_met += 1;
            }
        }
    }
}

/// One person's status under one rule, now and with the draft (none: the rule does not bind
/// them that way).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PreviewChange {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    pub unit_name: String,
    pub rule_name: String,
    /// met, at_risk, not_met (make-ups: pending, done, overdue …); none when not bound.
    #[schema(value_type = Option<String>)]
    pub now: Option<BoardStatus>,
    #[schema(value_type = Option<String>)]
    pub draft: Option<BoardStatus>,
}

/// The draft `body` of compliance kind `kind`, judged against the sets in force today; for
/// those who edit the rules.
pub async fn preview(
    app: &App,
    principal: &Principal,
    kind: &str,
    body: &str,
) -> AppResult<CompliancePreview> {
    principal.require(Permission::ClassApprove)?;
    if !crate::app::compliance::KINDS.contains(&kind) {
        return Err(AppError::NotFound);
    }
    let draft =
        ComplianceRuleSet::from_toml(body).map_err(|e| AppError::field("body", e.code(), e))?;
    let today = app.today();
    // Only the draft's kind is compared: judging the other sets would be the same both ways.
    let mut now = RulesInForce::load(app, today).await?;
    now.sets.retain(|(_, reference)| reference.kind == kind);
    let with_draft = RulesInForce {
        as_of: today,
        sets: now
            .sets
            .iter()
            .map(|(_, reference)| (draft.clone(), reference.clone()))
            .collect(),
    };
    let rule_name =
        |rules: &RulesInForce, id: &str| rules.rule_name(kind, id).unwrap_or_else(|| id.to_owned());

    let mut counts: BTreeMap<String, (String, PreviewCounts, PreviewCounts)> = BTreeMap::new();
    let mut changes = Vec::new();
    let mut changed_people = 0;
    let (mut judged, mut after) = (0usize, PersonId(0));
    let mut units: HashMap<UnitId, String> = HashMap::new();
    loop {
        let ids = board_store::people_after(&app.db, after, BATCH).await?;
        let Some(&last) = ids.last() else { break };
        after = last;
        for person in rows_of_people(&app.db, &ids).await? {
            let of_kind = |rules: &RulesInForce| -> BTreeMap<String, BoardStatus> {
                judge(rules, &person)
                    .rows
                    .into_iter()
                    .map(|r| (r.rule_id, r.status))
                    .collect()
            };
            let (before, after_draft) = (of_kind(&now), of_kind(&with_draft));
            let rule_ids: BTreeSet<&String> = before.keys().chain(after_draft.keys()).collect();
            let mut changed = false;
            for rule_id in rule_ids {
                let (was, will) = (
                    before.get(rule_id).copied(),
                    after_draft.get(rule_id).copied(),
                );
                let entry = counts.entry(rule_id.clone()).or_insert_with(|| {
                    let rules = if was.is_some() { &now } else { &with_draft };
                    (
                        rule_name(rules, rule_id),
                        PreviewCounts::default(),
                        PreviewCounts::default(),
                    )
                });
                if let Some(status) = was {
                    entry.1.add(status);
                }
                if let Some(status) = will {
                    entry.2.add(status);
                }
                if was == will {
                    continue;
                }
                changed = true;
                if changes.len() < MOST_LISTED {
                    let rule_name = entry.0.clone();
                    let unit_name = unit_name(app, &mut units, person.unit_id).await;
                    changes.push(PreviewChange {
                        person_id: person.person_id,
                        name: person.name.clone(),
                        unit_name,
                        rule_name,
                        now: was,
                        draft: will,
                    });
                }
            }
            changed_people += usize::from(changed);
            judged += 1;
        }
        if judged >= MOST_JUDGED {
            break;
        }
    }
    let partial = judged >= MOST_JUDGED
        && !board_store::people_after(&app.db, after, 1)
            .await?
            .is_empty();
    Ok(CompliancePreview {
        judged,
        partial,
        rules: counts
            .into_iter()
            .map(|(rule_id, (name, now, draft))| PreviewRuleCounts {
                rule_id,
                name,
                now,
                draft,
            })
            .collect(),
        changed_people,
        changes,
    })
}

/// A unit's name, read once per preview.
async fn unit_name(app: &App, known: &mut HashMap<UnitId, String>, id: UnitId) -> String {
    if let Some(name) = known.get(&id) {
        return name.clone();
    }
    let name = ganxun_storage::org::get_unit_unscoped(&app.db, id)
        .await
        .map(|u| u.name)
        .unwrap_or_default();
    known.insert(id, name.clone());
    name
}
