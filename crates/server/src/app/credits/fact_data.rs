//! What each kind of credit fact keeps besides its title, date and evidence: typed documents,
//! written by the use cases that record facts, read back by the evaluator and served as they
//! are (the `data` of a recorded fact), so the web's types come from the OpenAPI document.

use super::SalonGroupInput;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The details of a fact, by its kind. Each shape has its own fields, so a stored document
/// reads back as the one it was written as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum FactData {
    Research(ResearchData),
    Salon(SalonData),
    SchoolTerm(SchoolTermData),
    Score(ScoreData),
}

impl FactData {
    /// Reads a stored document; `None` when it is none of the shapes.
    pub fn read(stored: &serde_json::Value) -> Option<Self> {
        serde_json::from_value(stored.clone()).ok()
    }

    /// The document to store.
    pub fn document(&self) -> serde_json::Value {
        // Plain fields and lists: turning them into JSON cannot fail.
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// An exam's or assignment's score (R-CRD-4), in hundredths of a point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ScoreData {
    pub score: u32,
}

/// A research output (R-CRD-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ResearchData {
    /// paper, project, monograph, public_lesson, experience_talk
    pub kind: String,
    /// county, municipal, provincial, national, national_core, any
    pub level: String,
    #[serde(default)]
    pub co_authored: bool,
    #[serde(default)]
    pub supplement: bool,
}

/// A reading salon's groups (R-CRD-2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SalonData {
    pub groups: Vec<SalonGroupInput>,
}

/// A teacher's school-based training in a term (R-CRD-5): sessions attended and taught.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SchoolTermData {
    pub attended: u32,
    pub taught: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_stored_shape_reads_back_as_itself() {
        let research = json!({"kind": "paper", "level": "provincial", "co_authored": true, "supplement": false});
        assert!(matches!(FactData::read(&research), Some(FactData::Research(r)) if r.co_authored));
        let salon = json!({"groups": [{"name": "一组", "score": "85", "members": [1, 2]}]});
        assert!(matches!(FactData::read(&salon), Some(FactData::Salon(s)) if s.groups.len() == 1));
        let term = json!({"attended": 3, "taught": 1});
        assert_eq!(
            FactData::read(&term),
            Some(FactData::SchoolTerm(SchoolTermData {
                attended: 3,
                taught: 1
            }))
        );
        let score = json!({"score": 8450});
        assert_eq!(
            FactData::read(&score),
            Some(FactData::Score(ScoreData { score: 8450 }))
        );
        assert_eq!(FactData::read(&serde_json::Value::Null), None);
        let written = FactData::Score(ScoreData { score: 1 });
        assert_eq!(FactData::read(&written.document()), Some(written));
    }
}
