//! Final grades (结业成绩, R-GRD-1/2): weighted components per class, a pass mark, and excellent
//! trainees (优秀学员) by rank, share or threshold. Scores are hundredths of a point; the weighted
//! total is rounded once, half up, to the hundredth.
//!
//! A component nobody entered is 未录入, not 0 (ADR 0023): the trainee's line has no total, no
//! rank and the verdict 待定 until every component is entered.

use crate::ids::PersonId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a component's score comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ComponentSource {
    /// Class hours attended over the class's hours, × 100 (课程与学时).
    Attendance,
    /// The mean of the class's exam scores.
    Exam,
    /// The mean of the class's assignment scores.
    Assignment,
    /// Entered on the grade sheet (研修成果 …).
    Manual,
}

/// One weighted part of the grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = GradeComponent))]
pub struct Component {
    pub code: String,
    pub label: String,
    /// Percent of the grade.
    pub weight: u32,
    pub source: ComponentSource,
}

/// How excellent trainees are chosen among those who passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ExcellentRule))]
pub enum Excellent {
    /// The best `n` (ties at the last place included).
    Top(u32),
    /// The best share in percent, rounded up (ties included).
    TopPercent(u32),
    /// Everyone at or above this score.
    AtLeast(u32),
}

/// A class's grading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradingScheme {
    pub components: Vec<Component>,
    /// Points needed to pass (60).
    pub pass_mark: u32,
    pub excellent: Excellent,
}

impl Default for GradingScheme {
    /// The Xiantao remote class (seed 000): courses and hours 40 %, assignments 30 %, research
    /// output 30 %; discussion, tutoring and Q&A are not counted.
    fn default() -> Self {
        let part = |code: &str, label: &str, weight, source| Component {
            code: code.to_owned(),
            label: label.to_owned(),
            weight,
            source,
        };
        GradingScheme {
            components: vec![
                part("hours", "课程与学时", 40, ComponentSource::Attendance),
                part("assignments", "作业", 30, ComponentSource::Assignment),
                part("research", "研修成果", 30, ComponentSource::Manual),
            ],
            pass_mark: 60,
            excellent: Excellent::TopPercent(10),
        }
    }
}

/// Why a scheme was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradingError {
    #[error("各项权重之和须为 100%，现为 {0}%")]
    Weights(u32),
    #[error("考核项目须有 1 至 8 项")]
    Count,
    #[error("考核项目代码“{0}”重复或为空")]
    Code(String),
    #[error("合格分数须在 0 至 100 之间")]
    PassMark,
    #[error("优秀学员的评定条件无效")]
    Excellent,
}

impl GradingError {
    pub fn code(&self) -> &'static str {
        match self {
            GradingError::Weights(_) => "GRADING_WEIGHTS",
            GradingError::Count => "GRADING_COMPONENTS",
            GradingError::Code(_) => "GRADING_CODE",
            GradingError::PassMark => "GRADING_PASS_MARK",
            GradingError::Excellent => "GRADING_EXCELLENT",
        }
    }
}

impl GradingScheme {
    pub fn validate(&self) -> Result<(), GradingError> {
        if !(1..=8).contains(&self.components.len()) {
            return Err(GradingError::Count);
        }
        let mut seen = std::collections::HashSet::new();
        for c in &self.components {
            if c.code.trim().is_empty() || !seen.insert(c.code.as_str()) {
                return Err(GradingError::Code(c.code.clone()));
            }
        }
        let weights: u32 = self.components.iter().map(|c| c.weight).sum();
        if weights != 100 {
            return Err(GradingError::Weights(weights));
        }
        if self.pass_mark > 100 {
            return Err(GradingError::PassMark);
        }
        let fine = match self.excellent {
            Excellent::Top(n) => n >= 1,
            Excellent::TopPercent(p) => (1..=100).contains(&p),
            Excellent::AtLeast(s) => s <= 100,
        };
        if !fine {
            return Err(GradingError::Excellent);
        }
        Ok(())
    }
}

crate::code_enum! {
    /// A trainee's grade verdict.
    pub enum GradeVerdict {
        Passed => ("passed", "合格", "Passed"),
        Failed => ("failed", "不合格", "Failed"),
        /// A component is not entered yet: no total, no verdict.
        Pending => ("pending", "待定（成绩未录全）", "Pending (scores missing)"),
    }
}

/// One trainee's component scores (hundredths of a point); a missing one is not entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraineeScores {
    pub person_id: PersonId,
    pub scores: BTreeMap<String, u32>,
}

/// One line of the grade sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradeLine {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub person_id: PersonId,
    pub scores: BTreeMap<String, u32>,
    /// Components with no score (未录入): the line has no total until they are entered.
    pub missing: Vec<String>,
    /// Hundredths of a point; none while a component is missing.
    pub total: Option<u32>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub verdict: GradeVerdict,
    pub passed: bool,
    /// 1 for the best; equal totals share a rank; none while a component is missing.
    pub rank: Option<u32>,
    pub excellent: bool,
}

/// The grade sheet, best first; lines still waiting for a score last.
pub fn grade(scheme: &GradingScheme, trainees: &[TraineeScores]) -> Vec<GradeLine> {
    let mut lines: Vec<GradeLine> = trainees
        .iter()
        .map(|t| {
            let mut weighted: u64 = 0;
            let mut missing = Vec::new();
            for c in &scheme.components {
                match t.scores.get(&c.code) {
                    Some(&score) => weighted += u64::from(score.min(10_000)) * u64::from(c.weight),
                    None => missing.push(c.code.clone()),
                }
            }
            // Σ score × weight% with one rounding, half up; nothing while a part is missing.
            let total = missing
                .is_empty()
                .then(|| u32::try_from((weighted + 50) / 100).unwrap_or(u32::MAX));
            let verdict = match total {
                None => GradeVerdict::Pending,
                Some(t) if t >= scheme.pass_mark * 100 => GradeVerdict::Passed,
                Some(_) => GradeVerdict::Failed,
            };
            GradeLine {
                person_id: t.person_id,
                scores: t.scores.clone(),
                missing,
                total,
                passed: verdict == GradeVerdict::Passed,
                verdict,
                rank: None,
                excellent: false,
            }
        })
        .collect();
    // Totals first, best first (`None` sorts below every total).
    lines.sort_by(|a, b| b.total.cmp(&a.total).then(a.person_id.cmp(&b.person_id)));
    for i in 0..lines.len() {
        if lines[i].total.is_none() {
            continue;
        }
        lines[i].rank = if i > 0 && lines[i].total == lines[i - 1].total {
            lines[i - 1].rank
        } else {
            Some(u32::try_from(i + 1).unwrap_or(u32::MAX))
        };
    }
    let passed = lines.iter().filter(|l| l.passed).count();
    let places = match scheme.excellent {
        Excellent::Top(n) => Some(n as usize),
        Excellent::TopPercent(p) => Some((passed * p as usize).div_ceil(100)),
        Excellent::AtLeast(_) => None,
    };
    for line in lines.iter_mut().filter(|l| l.passed) {
        line.excellent = match (scheme.excellent, places) {
            (Excellent::AtLeast(score), _) => line.total.unwrap_or(0) >= score * 100,
            (_, Some(places)) => line.rank.is_some_and(|rank| rank as usize <= places),
            (_, None) => false,
        };
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(
        person_id: i64,
        hours: u32,
        assignments: u32,
        research: Option<u32>,
    ) -> TraineeScores {
        let mut s = BTreeMap::from([
            ("hours".to_owned(), hours),
            ("assignments".to_owned(), assignments),
        ]);
        if let Some(r) = research {
            s.insert("research".to_owned(), r);
        }
        TraineeScores {
            person_id: PersonId(person_id),
            scores: s,
        }
    }

    #[test]
    fn the_xiantao_weights_give_forty_thirty_thirty() {
        // 100 × 40 % + 80 × 30 % + 70 × 30 % = 40 + 24 + 21 = 85.
        let sheet = grade(
            &GradingScheme::default(),
            &[scores(1, 10_000, 8_000, Some(7_000))],
        );
        assert_eq!(sheet[0].total, Some(8_500));
        assert!(sheet[0].passed && sheet[0].missing.is_empty());
        // 83.33 × 40 % + 76.5 × 30 % = 56.28 so far, but research is not entered: no total, no
        // verdict, no rank — not a fail on a 0 nobody gave.
        let sheet = grade(
            &GradingScheme::default(),
            &[
                scores(2, 8_333, 7_650, None),
                scores(3, 8_333, 7_650, Some(0)),
            ],
        );
        assert_eq!(
            (sheet[0].person_id.0, sheet[0].total, sheet[0].verdict),
            (3, Some(5_628), GradeVerdict::Failed)
        );
        assert_eq!(
            (
                sheet[1].total,
                sheet[1].verdict,
                sheet[1].rank,
                sheet[1].passed
            ),
            (None, GradeVerdict::Pending, None, false)
        );
        assert_eq!(sheet[1].missing, ["research"]);
        assert_eq!(GradeVerdict::Pending.label_zh(), "待定（成绩未录全）");
    }

    #[test]
    fn the_pass_mark_includes_itself_and_ties_share_a_rank() {
        let sheet = grade(
            &GradingScheme::default(),
            &[
                scores(1, 6_000, 6_000, Some(6_000)),
                scores(2, 9_000, 9_000, Some(9_000)),
                scores(3, 9_000, 9_000, Some(9_000)),
                // 59.9 × 40 % + 60 × 60 % = 59.96: below the pass mark.
                scores(4, 5_990, 6_000, Some(6_000)),
            ],
        );
        let ranks: Vec<(i64, u32, bool)> = sheet
            .iter()
            .map(|l| (l.person_id.0, l.rank.unwrap(), l.passed))
            .collect();
        assert_eq!(
            ranks,
            [(2, 1, true), (3, 1, true), (1, 3, true), (4, 4, false)]
        );
    }

    #[test]
    fn excellent_trainees_by_share_rank_or_threshold() {
        let trainees: Vec<TraineeScores> = (1..=12)
            .map(|i| scores(i, 5_000 + 400 * i as u32, 9_000, Some(9_000)))
            .collect();
        let excellent = |rule| {
            let scheme = GradingScheme {
                excellent: rule,
                ..GradingScheme::default()
            };
            grade(&scheme, &trainees)
                .iter()
                .filter(|l| l.excellent)
                .map(|l| l.person_id.0)
                .collect::<Vec<_>>()
        };
        // 12 pass; 10 % of 12 rounds up to 2.
        assert_eq!(excellent(Excellent::TopPercent(10)), [12, 11]);
        assert_eq!(excellent(Excellent::Top(3)), [12, 11, 10]);
        // Person 12: 9,800 × 40 % + 9,000 × 60 % = 3,920 + 5,400 = 9,320 → 93.2.
        assert_eq!(excellent(Excellent::AtLeast(93)), [12]);
    }

    #[test]
    fn a_scheme_must_weigh_one_hundred_percent() {
        let mut scheme = GradingScheme::default();
        scheme.components[0].weight = 50;
        assert_eq!(scheme.validate(), Err(GradingError::Weights(110)));
        let mut scheme = GradingScheme::default();
        scheme.components[1].code = "hours".to_owned();
        assert_eq!(scheme.validate().unwrap_err().code(), "GRADING_CODE");
        assert_eq!(GradingScheme::default().validate(), Ok(()));
    }
}
