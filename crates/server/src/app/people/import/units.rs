//! Units named in a roster by name alone (issue 17 item 10): a name matches the one active unit
//! in the importer's scope that has it (spaces and full-width forms aside); a name that matches
//! none, or several, is offered the near ones and waits for the person importing to choose; the
//! choice comes back with the import. Nothing is matched by nearness alone.

use crate::app::{App, AppResult};
use ganxun_domain::UnitId;
use ganxun_domain::org::names::{near, normal};
use ganxun_storage::AccessScope;
use ganxun_storage::org::{self, Unit};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// Near units offered for a name.
const SUGGESTIONS: usize = 5;

/// The unit a person importing chose for a name that matched no unit exactly.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct UnitChoice {
    /// The name as the file gives it.
    pub name: String,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
}

/// A unit as a report names it.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct UnitRef {
    #[schema(value_type = i64)]
    pub id: UnitId,
    pub name: String,
    pub code: String,
    /// The parent's name, so two units of one name can be told apart.
    pub parent_name: Option<String>,
}

/// How a name given without a code was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitNameStatus {
    /// Exactly one unit has the name.
    Matched,
    /// Chosen by the person importing.
    Confirmed,
    /// No unit has the name; near ones are offered.
    Near,
    /// Several units have the name; one must be chosen.
    Ambiguous,
    /// Nothing has the name or one near it.
    Unknown,
    /// The unit chosen for it is not one the importer may use.
    ChoiceInvalid,
}

/// A name the file gives without a code, with what it matched.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct UnitNameMatch {
    /// The name as first written in the file.
    pub name: String,
    /// Rows that give it.
    pub rows: usize,
    /// The first of those rows.
    pub first_row: usize,
    pub status: UnitNameStatus,
    /// The unit the rows go to (matched or confirmed).
    pub unit: Option<UnitRef>,
    /// Units to choose from: near names, or every unit of the name when several have it.
    pub suggestions: Vec<UnitRef>,
}

/// The active units of the importer's scope, by name.
pub(super) struct Directory {
    units: Vec<UnitRef>,
    by_name: HashMap<String, Vec<usize>>,
    normals: Vec<String>,
    by_id: HashMap<UnitId, usize>,
}

impl Directory {
    pub(super) async fn load(app: &App, scope: &AccessScope) -> AppResult<Self> {
        let units: Vec<Unit> = org::list_units(&app.db, scope, false).await?;
        let names: HashMap<UnitId, String> = units.iter().map(|u| (u.id, u.name.clone())).collect();
        let units: Vec<UnitRef> = units
            .into_iter()
            .map(|u| UnitRef {
                parent_name: u.parent_id.and_then(|p| names.get(&p).cloned()),
                id: u.id,
                name: u.name,
                code: u.code,
            })
            .collect();
        let normals: Vec<String> = units.iter().map(|u| normal(&u.name)).collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, name) in normals.iter().enumerate() {
            by_name.entry(name.clone()).or_default().push(i);
        }
        let by_id = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        Ok(Directory {
            units,
            by_name,
            normals,
            by_id,
        })
    }

    /// Matches each distinct name (`(name as written, row number)` in file order) against the
    /// directory and the choices; the answer is keyed by the name's normal form.
    pub(super) fn resolve<'a>(
        &self,
        names: impl IntoIterator<Item = (&'a str, usize)>,
        choices: &[UnitChoice],
    ) -> HashMap<String, UnitNameMatch> {
        let chosen: HashMap<String, UnitId> = choices
            .iter()
            .map(|c| (normal(&c.name), c.unit_id))
            .collect();
        let mut found: HashMap<String, UnitNameMatch> = HashMap::new();
        for (name, row) in names {
            let key = normal(name);
            if let Some(entry) = found.get_mut(&key) {
                entry.rows += 1;
                continue;
            }
            let exact = self.by_name.get(&key).map(Vec::as_slice).unwrap_or(&[]);
            let (status, unit, suggestions) = match (exact, chosen.get(&key)) {
                ([only], _) => (
                    UnitNameStatus::Matched,
                    Some(self.units[*only].clone()),
                    vec![],
                ),
                (_, Some(id)) => match self.by_id.get(id) {
                    Some(&i) => (
                        UnitNameStatus::Confirmed,
                        Some(self.units[i].clone()),
                        vec![],
                    ),
                    None => (UnitNameStatus::ChoiceInvalid, None, self.near(&key)),
                },
                ([], None) => {
                    let suggestions = self.near(&key);
                    let status = if suggestions.is_empty() {
                        UnitNameStatus::Unknown
                    } else {
                        UnitNameStatus::Near
                    };
                    (status, None, suggestions)
                }
                (several, None) => (
                    UnitNameStatus::Ambiguous,
                    None,
                    several.iter().map(|&i| self.units[i].clone()).collect(),
                ),
            };
            found.insert(
                key,
                UnitNameMatch {
                    name: name.trim().to_owned(),
                    rows: 1,
                    first_row: row,
                    status,
                    unit,
                    suggestions,
                },
            );
        }
        found
    }

    fn near(&self, key: &str) -> Vec<UnitRef> {
        let candidates = self.normals.iter().map(String::as_str).zip(0..);
        near(key, candidates, SUGGESTIONS)
            .into_iter()
            .map(|i| self.units[i].clone())
            .collect()
    }
}

/// The reason a row whose unit name was not resolved is not imported.
pub(super) fn refusal(found: &UnitNameMatch) -> (&'static str, String) {
    let name = &found.name;
    let offered = found
        .suggestions
        .iter()
        .map(|u| match &u.parent_name {
            Some(parent) => format!("“{}”（{parent}）", u.name),
            None => format!("“{}”", u.name),
        })
        .collect::<Vec<_>>()
        .join("、");
    match found.status {
        UnitNameStatus::Near => (
            "UNIT_NAME_UNCONFIRMED",
            format!(
                "您的管理范围内没有名为“{name}”的单位，相近的有：{offered}。请在预检结果中确认是哪个单位后再导入"
            ),
        ),
        UnitNameStatus::Ambiguous => (
            "UNIT_NAME_AMBIGUOUS",
            format!(
                "您的管理范围内有 {} 个名为“{name}”的单位：{offered}。请在预检结果中选定一个，或改填单位代码",
                found.suggestions.len()
            ),
        ),
        UnitNameStatus::ChoiceInvalid => (
            "UNIT_CHOICE_INVALID",
            format!("为“{name}”选定的单位不存在、已停用或不在您的管理范围内，请重新选择"),
        ),
        _ => (
            "UNIT_NAME_UNKNOWN",
            format!(
                "您的管理范围内没有名为“{name}”或与之相近的单位。请先在“组织机构”中新增该单位（可用“导入单位”批量新增），或改填单位代码"
            ),
        ),
    }
}

/// Whether two spellings of a unit's name are the same (spaces and full-width forms aside).
pub(super) fn same_name(registered: &str, given: &str) -> bool {
    normal(registered) == normal(given)
}
