//! A credit rule set (学分规则): a versioned TOML document with the date it applies from, saying
//! what each kind of training record is worth (R-CRD-1…6). Sections a county does not use are
//! left out; a record whose section is missing earns nothing and says so.

use super::amount::Credits;
use crate::code_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

code_enum! {
    /// The ledger's categories: totals are kept per person, year and category.
    pub enum CreditCategory {
        ClassHours => ("class_hours", "学时", "Class hours"),
        Salon => ("salon", "读书沙龙", "Reading salons"),
        Research => ("research", "教科研", "Teaching research"),
        Exam => ("exam", "考试", "Exams"),
        Assignment => ("assignment", "作业", "Assignments"),
        SchoolBased => ("school_based", "校本培训", "School-based training"),
        Other => ("other", "其他", "Other"),
    }
}

code_enum! {
    /// What a credit record (besides a class's roll calls) is: the kinds of training record the
    /// rules evaluate (R-CRD-2…5). Its code is also the ledger source kind of the credits it
    /// gives.
    pub enum FactKind {
        Exam => ("exam", "考试", "Exam"),
        Assignment => ("assignment", "作业", "Assignment"),
        /// A research output, approved before it counts (R-CRD-3).
        Research => ("research", "教科研成果", "Research output"),
        Salon => ("salon", "读书沙龙", "Reading salon"),
        /// A teacher's school-based training in a term (R-CRD-5).
        SchoolTerm => ("school_term", "校本培训", "School-based training term"),
    }
}

code_enum! {
    /// Kinds of teaching-research output (R-CRD-3).
    pub enum ResearchKind {
        Paper => ("paper", "论文", "Paper"),
        Project => ("project", "课题", "Research project"),
        Monograph => ("monograph", "专著", "Monograph"),
        PublicLesson => ("public_lesson", "公开课、优质课", "Public or model lesson"),
        ExperienceTalk => ("experience_talk", "经验介绍", "Experience talk"),
    }
}

code_enum! {
    /// The level an output is recognised at. `any` is for outputs worth the same at every level
    /// (a monograph).
    pub enum ResearchLevel {
        County => ("county", "县级", "County"),
        Municipal => ("municipal", "市级", "Municipal"),
        Provincial => ("provincial", "省级", "Provincial"),
        National => ("national", "国家级", "National"),
        NationalCore => ("national_core", "国家核心期刊", "National core journal"),
        Any => ("any", "不分级别", "Any level"),
    }
}

/// Class hours (R-CRD-1): credits per class hour attended, and the deduction for lateness,
/// early leave and absence without leave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassHoursRule {
    /// Credits per class hour attended (seed 004: 1).
    pub credits_per_hour: Credits,
    /// How many times the missed hours' credits are deducted (seed 004: 2, "双倍扣学分"); 0 for
    /// no deduction.
    pub deduction_multiplier: u32,
    /// Count part of a missed class hour as a whole one (seed 004: "不足1学时按照1学时扣").
    #[serde(default = "yes")]
    pub round_missed_up: bool,
    /// Deduct only in collective training (seed 004: "集体培训时"); online or self-arranged
    /// study then earns its hours without deductions.
    #[serde(default = "yes")]
    pub collective_only: bool,
}

fn yes() -> bool {
    true
}

/// Reading salons (R-CRD-2): groups ranked by their representative; the top share of groups
/// is excellent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalonRule {
    /// Percent of groups graded excellent (seed 004: 50).
    pub excellent_percent: u32,
    pub excellent: Credits,
    pub good: Credits,
}

/// What one kind of research output is worth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResearchRule {
    /// Credits by level; a level left out earns nothing.
    pub levels: BTreeMap<ResearchLevel, Credits>,
    /// The share a co-written output earns, as "1/2" (seed 004 papers: halved); none means
    /// co-writing changes nothing.
    #[serde(default)]
    pub co_authored_share: Option<String>,
    /// Papers in supplements (增刊) earn nothing (seed 004).
    #[serde(default)]
    pub excludes_supplements: bool,
}

/// A score band: scores of `from` and above (以上 includes the number) earn `credits`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The lowest score of the band, on the 100-point scale.
    pub from: u32,
    pub credits: Credits,
    /// 优秀, 良好, 合格 …
    pub label: String,
}

/// Exams or assignments scored on 100 points (R-CRD-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandedRule {
    /// Bands from the highest; a score below every band earns nothing.
    pub bands: Vec<Band>,
    /// What a score below every band is called (不合格).
    #[serde(default = "fail_label")]
    pub below_label: String,
}

fn fail_label() -> String {
    "不合格".to_owned()
}

/// School-based training points per term (R-CRD-5, seed 001).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolTermRule {
    pub base: Credits,
    pub per_session_attended: Credits,
    pub per_session_taught: Credits,
}

/// A whole rule set as its document reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditRuleSet {
    pub name: String,
    /// Records dated on or after this day are credited under this set.
    pub applies_from: NaiveDate,
    #[serde(default)]
    pub class_hours: Option<ClassHoursRule>,
    #[serde(default)]
    pub salon: Option<SalonRule>,
    #[serde(default)]
    pub research: BTreeMap<ResearchKind, ResearchRule>,
    #[serde(default)]
    pub exam: Option<BandedRule>,
    #[serde(default)]
    pub assignment: Option<BandedRule>,
    #[serde(default)]
    pub school_term: Option<SchoolTermRule>,
}

/// Why a rule set was refused; shown to the training authority when saving.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditRulesError {
    #[error("学分规则格式错误：{0}")]
    Syntax(String),
    #[error("规则名称不能为空")]
    NoName,
    #[error("扣分倍数须在 0 至 5 之间，实为 {0}")]
    DeductionMultiplier(u32),
    #[error("读书沙龙的优秀比例须在 1 至 100 之间，实为 {0}")]
    SalonPercent(u32),
    #[error("{kind}的合作成果比例“{share}”无效，请写成如 1/2 的分数（分子不大于分母）")]
    Share { kind: &'static str, share: String },
    #[error("{rule}的分档须从高到低排列、起点不超过 100 且互不相同，第 {index} 档有误")]
    Bands { rule: &'static str, index: usize },
    #[error("{rule}至少要有一个分档")]
    NoBands { rule: &'static str },
}

impl CreditRulesError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            CreditRulesError::Syntax(_) => "CREDIT_RULES_SYNTAX",
            CreditRulesError::NoName => "CREDIT_RULES_NO_NAME",
            CreditRulesError::DeductionMultiplier(_) => "CREDIT_RULES_DEDUCTION",
            CreditRulesError::SalonPercent(_) => "CREDIT_RULES_SALON_PERCENT",
            CreditRulesError::Share { .. } => "CREDIT_RULES_SHARE",
            CreditRulesError::Bands { .. } | CreditRulesError::NoBands { .. } => {
                "CREDIT_RULES_BANDS"
            }
        }
    }
}

/// A fraction such as "1/2": numerator and denominator, the numerator not above the denominator.
pub(crate) fn fraction(text: &str) -> Option<(u32, u32)> {
    let (n, d) = text.trim().split_once('/')?;
    let (n, d): (u32, u32) = (n.trim().parse().ok()?, d.trim().parse().ok()?);
    (d > 0 && n <= d).then_some((n, d))
}

/// The seed-004 reserve-cadre rules, exactly as written (R-CRD-1…4).
pub const SEED_004: &str = include_str!("seed_004.toml");
/// The seed-001 school-based training points (R-CRD-5).
pub const SEED_001: &str = include_str!("seed_001.toml");

impl CreditRuleSet {
    /// Parses and checks a document; syntax errors and unreadable values name their line.
    pub fn from_toml(text: &str) -> Result<Self, CreditRulesError> {
        let rules: CreditRuleSet =
            crate::document::from_toml(text).map_err(CreditRulesError::Syntax)?;
        rules.validate()?;
        Ok(rules)
    }

    /// The built-in seed-004 set.
    pub fn seed_004() -> Self {
        Self::from_toml(SEED_004).unwrap_or_else(|e| unreachable!("built-in rule set: {e}"))
    }

    /// The built-in seed-001 set.
    pub fn seed_001() -> Self {
        Self::from_toml(SEED_001).unwrap_or_else(|e| unreachable!("built-in rule set: {e}"))
    }

    pub fn validate(&self) -> Result<(), CreditRulesError> {
        if self.name.trim().is_empty() {
            return Err(CreditRulesError::NoName);
        }
        if let Some(rule) = &self.class_hours
            && rule.deduction_multiplier > 5
        {
            return Err(CreditRulesError::DeductionMultiplier(
                rule.deduction_multiplier,
            ));
        }
        if let Some(salon) = &self.salon
            && !(1..=100).contains(&salon.excellent_percent)
        {
            return Err(CreditRulesError::SalonPercent(salon.excellent_percent));
        }
        for (kind, rule) in &self.research {
            if let Some(share) = &rule.co_authored_share
                && fraction(share).is_none()
            {
                return Err(CreditRulesError::Share {
                    kind: kind.label_zh(),
                    share: share.clone(),
                });
            }
        }
        for (name, banded) in [("考试", &self.exam), ("作业", &self.assignment)] {
            if let Some(banded) = banded {
                check_bands(name, &banded.bands)?;
            }
        }
        Ok(())
    }
}

fn check_bands(rule: &'static str, bands: &[Band]) -> Result<(), CreditRulesError> {
    if bands.is_empty() {
        return Err(CreditRulesError::NoBands { rule });
    }
    for (index, band) in bands.iter().enumerate() {
        let descending = index == 0 || bands[index - 1].from > band.from;
        if band.from > 100 || !descending {
            return Err(CreditRulesError::Bands {
                rule,
                index: index + 1,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_sets_read_as_the_seeds_write_them() {
        let seed = CreditRuleSet::seed_004();
        let hours = seed.class_hours.as_ref().unwrap();
        assert_eq!(hours.credits_per_hour, Credits::whole(1));
        assert_eq!(hours.deduction_multiplier, 2);
        assert!(hours.round_missed_up && hours.collective_only);
        let paper = &seed.research[&ResearchKind::Paper];
        assert_eq!(
            paper.levels[&ResearchLevel::NationalCore],
            Credits::whole(20)
        );
        assert_eq!(paper.co_authored_share.as_deref(), Some("1/2"));
        assert!(paper.excludes_supplements);
        assert_eq!(
            seed.research[&ResearchKind::Project].levels[&ResearchLevel::National],
            Credits::whole(15)
        );
        let exam = seed.exam.as_ref().unwrap();
        let froms: Vec<u32> = exam.bands.iter().map(|b| b.from).collect();
        assert_eq!(froms, [85, 70, 60]);
        let school = CreditRuleSet::seed_001().school_term.unwrap();
        assert_eq!(
            (
                school.base,
                school.per_session_attended,
                school.per_session_taught
            ),
            (Credits::whole(30), Credits::whole(10), Credits::whole(30))
        );
    }

    #[test]
    fn a_bad_value_names_its_line() {
        let text = SEED_004.replacen("good = 7", "good = -7", 1);
        let error = CreditRuleSet::from_toml(&text).unwrap_err();
        let line = SEED_004
            .lines()
            .position(|l| l.starts_with("good = 7"))
            .unwrap()
            + 1;
        assert!(
            error.to_string().contains(&format!("第 {line} 行")),
            "{error}"
        );
        let unknown = SEED_004.replacen("[salon]", "[salom]", 1);
        assert_eq!(
            CreditRuleSet::from_toml(&unknown).unwrap_err().code(),
            "CREDIT_RULES_SYNTAX"
        );
    }

    #[test]
    fn inconsistent_rules_are_refused_with_their_reason() {
        let bands = SEED_004.replacen("from = 70", "from = 90", 1);
        assert_eq!(
            CreditRuleSet::from_toml(&bands).unwrap_err().code(),
            "CREDIT_RULES_BANDS"
        );
        let share = SEED_004.replacen("\"1/2\"", "\"3/2\"", 1);
        assert_eq!(
            CreditRuleSet::from_toml(&share).unwrap_err().code(),
            "CREDIT_RULES_SHARE"
        );
        let multiplier =
            SEED_004.replacen("deduction_multiplier = 2", "deduction_multiplier = 9", 1);
        assert_eq!(
            CreditRuleSet::from_toml(&multiplier).unwrap_err(),
            CreditRulesError::DeductionMultiplier(9)
        );
    }
}
