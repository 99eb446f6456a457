//! Online learning (issue 16): measured media, the course library, and playbacks whose
//! heartbeats the server counts. The accounting itself is the domain's (`learning::Playback`);
//! here each heartbeat is one transaction over the playback, the lesson's progress and the
//! day's total, so a second is credited once or not at all.

pub mod briefings;
pub mod courses;
pub mod flags;
pub mod media;
pub mod notes;
pub mod playbacks;
pub mod quizzes;
pub mod refusal;
pub mod requirements;
pub mod watch;

/// The follow-up that posts a finished lesson's credits (the application does it): written by
/// a heartbeat, a quiz passed, or a requirement that makes a finished lesson count.
pub const LESSON_CREDITS: &str = "lesson_credits";

use ganxun_domain::learning::Segments;
use ganxun_domain::{PersonId, UnitId};

/// Reads stored spans back through `Segments::add`, so a damaged row cannot break the union's
/// invariants (sorted, disjoint).
fn segments(stored: &str) -> Segments {
    let spans: Vec<(u64, u64)> = serde_json::from_str(stored).unwrap_or_default();
    let mut segments = Segments::new();
    for (start, end) in spans {
        segments.add(start, end);
    }
    segments
}

fn stored(segments: &Segments) -> String {
    serde_json::to_string(segments.spans()).unwrap_or_else(|_| "[]".to_owned())
}

fn ms(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn db_ms(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A learner as the readers' lists name them: their name and their unit's.
pub(crate) struct Named {
    pub name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub unit_path: String,
}

/// The people among `ids` with their units' names and paths (two queries, whatever the count).
pub(crate) async fn named(
    conn: &impl sea_orm::ConnectionTrait,
    ids: impl IntoIterator<Item = PersonId>,
) -> crate::error::StoreResult<std::collections::BTreeMap<PersonId, Named>> {
    use crate::entity::{org_unit, person};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let people: Vec<(PersonId, String, UnitId)> = person::Entity::find()
        .select_only()
        .columns([
            person::Column::Id,
            person::Column::Name,
            person::Column::UnitId,
        ])
        .filter(person::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    let units: std::collections::BTreeMap<UnitId, (String, String)> = org_unit::Entity::find()
        .select_only()
        .columns([
            org_unit::Column::Id,
            org_unit::Column::Name,
            org_unit::Column::Path,
        ])
        .filter(org_unit::Column::Id.is_in(people.iter().map(|(_, _, unit)| *unit)))
        .into_tuple::<(UnitId, String, String)>()
        .all(conn)
        .await?
        .into_iter()
        .map(|(id, name, path)| (id, (name, path)))
        .collect();
    Ok(people
        .into_iter()
        .filter_map(|(id, name, unit_id)| {
            let (unit_name, unit_path) = units.get(&unit_id)?.clone();
            Some((
                id,
                Named {
                    name,
                    unit_id,
                    unit_name,
                    unit_path,
                },
            ))
        })
        .collect())
}
