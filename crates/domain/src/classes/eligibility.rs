//! Who may enrol in a class (issue 4, R-CLS-4): conditions set per class as data, evaluated on a
//! person's facts on a given date, with every reason for a refusal in Chinese.
//!
//! The Xiantao principals' class of seed 000 asks for "原则上在45周岁以下，担任校长工作一年以上":
//! `max_age = 45`, `min_years_in_post = 1`. Ages are full years (周岁) and "45 周岁以下" includes
//! 45. Which date counts (usually the class's first day) is the caller's choice.

use crate::people::person::{Category, Rank};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The conditions of one class; an absent or empty condition does not restrict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibilityConditions {
    /// The oldest age allowed, in full years, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    /// Full years the person must have held their current post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_years_in_post: Option<u32>,
    /// The person must belong to one of these categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub categories_any: Vec<Category>,
    /// The person's rank must be one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub ranks_any: Vec<Rank>,
}

/// Why a class's conditions were refused when saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EligibilityError {
    #[error("年龄上限须在 18 至 70 岁之间，实为 {0} 岁")]
    MaxAge(u32),
    #[error("任职年限要求须在 0 至 40 年之间，实为 {0} 年")]
    YearsInPost(u32),
}

impl EligibilityError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            EligibilityError::MaxAge(_) => "ELIGIBILITY_MAX_AGE",
            EligibilityError::YearsInPost(_) => "ELIGIBILITY_YEARS_IN_POST",
        }
    }
}

/// What the register knows about a person on the date in question. Categories are those the
/// person holds on that date (the register keeps them with dates; the caller picks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonFacts {
    pub birth_date: Option<NaiveDate>,
    /// Since when the person has held their current post (任现职时间).
    pub in_post_since: Option<NaiveDate>,
    pub categories: Vec<Category>,
    pub rank: Option<Rank>,
}

/// One reason a person may not enrol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum Reason {
    #[serde(rename = "ELIGIBILITY_TOO_OLD")]
    TooOld { age: u32, max_age: u32 },
    #[serde(rename = "ELIGIBILITY_AGE_UNKNOWN")]
    AgeUnknown { max_age: u32 },
    #[serde(rename = "ELIGIBILITY_TOO_SHORT_IN_POST")]
    TooShortInPost {
        years: u32,
        months: u32,
        min_years: u32,
    },
    #[serde(rename = "ELIGIBILITY_IN_POST_UNKNOWN")]
    InPostUnknown { min_years: u32 },
    #[serde(rename = "ELIGIBILITY_CATEGORY")]
    CategoryMissing { required: Vec<Category> },
    #[serde(rename = "ELIGIBILITY_RANK")]
    RankNotAllowed {
        rank: Option<Rank>,
        required: Vec<Rank>,
    },
}

impl Reason {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::TooOld { .. } => "ELIGIBILITY_TOO_OLD",
            Reason::AgeUnknown { .. } => "ELIGIBILITY_AGE_UNKNOWN",
            Reason::TooShortInPost { .. } => "ELIGIBILITY_TOO_SHORT_IN_POST",
            Reason::InPostUnknown { .. } => "ELIGIBILITY_IN_POST_UNKNOWN",
            Reason::CategoryMissing { .. } => "ELIGIBILITY_CATEGORY",
            Reason::RankNotAllowed { .. } => "ELIGIBILITY_RANK",
        }
    }
}

fn labels<T: crate::code_enum::Vocabulary>(items: &[T]) -> String {
    items
        .iter()
        .map(|item| item.label_zh())
        .collect::<Vec<_>>()
        .join("、")
}

impl std::fmt::Display for Reason {
    /// The Chinese reason shown to the nominating unit.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::TooOld { age, max_age } => {
                write!(f, "年龄 {age} 岁，超过 {max_age} 岁的限制")
            }
            Reason::AgeUnknown { max_age } => write!(
                f,
                "缺少出生日期，无法核对年龄条件（{max_age} 岁以下），请先补全干部信息"
            ),
            Reason::TooShortInPost {
                years,
                months,
                min_years,
            } => write!(
                f,
                "任现职 {years} 年 {months} 个月，不满 {min_years} 年的要求"
            ),
            Reason::InPostUnknown { min_years } => write!(
                f,
                "缺少任现职时间，无法核对任职年限条件（{min_years} 年以上），请先补全干部信息"
            ),
            Reason::CategoryMissing { required } => {
                write!(f, "不属于要求的人员类别（{}）", labels(required))
            }
            Reason::RankNotAllowed {
                rank: Some(rank),
                required,
            } => write!(
                f,
                "职级为{}，不在要求的职级（{}）之内",
                rank.label_zh(),
                labels(required)
            ),
            Reason::RankNotAllowed {
                rank: None,
                required,
            } => write!(f, "缺少职级信息，无法核对职级条件（{}）", labels(required)),
        }
    }
}

/// The outcome for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", content = "reasons", rename_all = "snake_case")]
pub enum Eligibility {
    Eligible,
    /// Every condition the person fails, in the order the conditions are listed.
    Refused(Vec<Reason>),
}

impl Eligibility {
    pub fn is_eligible(&self) -> bool {
        matches!(self, Eligibility::Eligible)
    }
}

/// Full months from `from` to `on`: a month is complete on the same day of the next month (a
/// person born on 29 February turns a year older on 1 March in other years). Zero when `on`
/// is before `from`.
fn full_months(from: NaiveDate, on: NaiveDate) -> u32 {
    let months = (on.year() - from.year()) * 12 + on.month() as i32
        - from.month() as i32
        - i32::from(on.day() < from.day());
    u32::try_from(months).unwrap_or(0)
}

impl EligibilityConditions {
    /// Checks the conditions before they are saved with a class.
    pub fn validate(&self) -> Result<(), EligibilityError> {
        if let Some(age) = self.max_age
            && !(18..=70).contains(&age)
        {
            return Err(EligibilityError::MaxAge(age));
        }
        if let Some(years) = self.min_years_in_post
            && years > 40
        {
            return Err(EligibilityError::YearsInPost(years));
        }
        Ok(())
    }

    /// Whether `person` may enrol, judged on `on`. A condition the register cannot answer (no
    /// birth date, no post date, no rank) refuses, saying what to complete.
    pub fn evaluate(&self, person: &PersonFacts, on: NaiveDate) -> Eligibility {
        let mut reasons = Vec::new();
        if let Some(max_age) = self.max_age {
            match person.birth_date {
                None => reasons.push(Reason::AgeUnknown { max_age }),
                Some(birth) => {
                    let age = full_months(birth, on) / 12;
                    if age > max_age {
                        reasons.push(Reason::TooOld { age, max_age });
                    }
                }
            }
        }
        if let Some(min_years) = self.min_years_in_post {
            match person.in_post_since {
                None => reasons.push(Reason::InPostUnknown { min_years }),
                Some(since) => {
                    let months = full_months(since, on);
                    if months < min_years.saturating_mul(12) {
                        reasons.push(Reason::TooShortInPost {
                            years: months / 12,
                            months: months % 12,
                            min_years,
                        });
                    }
                }
            }
        }
        if !self.categories_any.is_empty()
            && !self
                .categories_any
                .iter()
                .any(|c| person.categories.contains(c))
        {
            reasons.push(Reason::CategoryMissing {
                required: self.categories_any.clone(),
            });
        }
        if !self.ranks_any.is_empty()
            && !person
                .rank
                .is_some_and(|rank| self.ranks_any.contains(&rank))
        {
            reasons.push(Reason::RankNotAllowed {
                rank: person.rank,
                required: self.ranks_any.clone(),
            });
        }
        if reasons.is_empty() {
            Eligibility::Eligible
        } else {
            Eligibility::Refused(reasons)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::tests::date;

    /// Seed 000, Xiantao: "原则上在45周岁以下，担任校长工作一年以上".
    fn xiantao() -> EligibilityConditions {
        EligibilityConditions {
            max_age: Some(45),
            min_years_in_post: Some(1),
            categories_any: vec![Category::Principal],
            ..EligibilityConditions::default()
        }
    }

    fn principal(birth: NaiveDate, in_post_since: NaiveDate) -> PersonFacts {
        PersonFacts {
            birth_date: Some(birth),
            in_post_since: Some(in_post_since),
            categories: vec![Category::Principal],
            rank: None,
        }
    }

    /// The Xiantao class started in July 2010.
    fn starts() -> NaiveDate {
        date(2010, 7, 1)
    }

    #[test]
    fn a_principal_of_forty_five_with_a_year_in_post_is_eligible() {
        let person = principal(date(1965, 7, 1), date(2009, 7, 1));
        assert_eq!(xiantao().evaluate(&person, starts()), Eligibility::Eligible);
    }

    #[test]
    fn a_principal_of_forty_seven_is_refused_with_the_age_reason() {
        let person = principal(date(1963, 3, 15), date(2001, 9, 1));
        let Eligibility::Refused(reasons) = xiantao().evaluate(&person, starts()) else {
            panic!("must be refused");
        };
        assert_eq!(
            reasons,
            [Reason::TooOld {
                age: 47,
                max_age: 45
            }]
        );
        assert_eq!(reasons[0].to_string(), "年龄 47 岁，超过 45 岁的限制");
        assert_eq!(reasons[0].code(), "ELIGIBILITY_TOO_OLD");
    }

    #[test]
    fn age_counts_in_full_years_so_the_day_before_the_46th_birthday_is_still_45() {
        let person = principal(date(1964, 7, 2), date(2000, 1, 1));
        assert!(xiantao().evaluate(&person, date(2010, 7, 1)).is_eligible());
        assert_eq!(
            xiantao().evaluate(&person, date(2010, 7, 2)),
            Eligibility::Refused(vec![Reason::TooOld {
                age: 46,
                max_age: 45
            }])
        );
    }

    #[test]
    fn a_leap_day_birthday_turns_a_year_older_on_the_first_of_march() {
        assert_eq!(full_months(date(1964, 2, 29), date(2010, 2, 28)) / 12, 45);
        assert_eq!(full_months(date(1964, 2, 29), date(2010, 3, 1)) / 12, 46);
    }

    #[test]
    fn fewer_than_twelve_months_in_post_is_refused_with_years_and_months() {
        let person = principal(date(1975, 5, 5), date(2009, 10, 20));
        let outcome = xiantao().evaluate(&person, starts());
        assert_eq!(
            outcome,
            Eligibility::Refused(vec![Reason::TooShortInPost {
                years: 0,
                months: 8,
                min_years: 1
            }])
        );
        let Eligibility::Refused(reasons) = outcome else {
            unreachable!()
        };
        assert_eq!(
            reasons[0].to_string(),
            "任现职 0 年 8 个月，不满 1 年的要求"
        );
    }

    #[test]
    fn every_failed_condition_is_a_reason_in_condition_order() {
        let conditions = EligibilityConditions {
            ranks_any: vec![Rank::SectionChief, Rank::SectionDeputy],
            ..xiantao()
        };
        let person = PersonFacts {
            birth_date: Some(date(1960, 1, 1)),
            in_post_since: Some(date(2010, 1, 1)),
            categories: vec![Category::Teacher],
            rank: Some(Rank::Staff1),
        };
        let Eligibility::Refused(reasons) = conditions.evaluate(&person, starts()) else {
            panic!("must be refused");
        };
        let messages: Vec<String> = reasons.iter().map(Reason::to_string).collect();
        assert_eq!(
            messages,
            [
                "年龄 50 岁，超过 45 岁的限制",
                "任现职 0 年 6 个月，不满 1 年的要求",
                "不属于要求的人员类别（校长）",
                "职级为一级科员，不在要求的职级（乡科级正职、乡科级副职）之内",
            ]
        );
    }

    #[test]
    fn missing_register_data_refuses_and_says_what_to_complete() {
        let conditions = EligibilityConditions {
            ranks_any: vec![Rank::SectionChief],
            ..xiantao()
        };
        let person = PersonFacts {
            categories: vec![Category::Principal],
            ..PersonFacts::default()
        };
        let Eligibility::Refused(reasons) = conditions.evaluate(&person, starts()) else {
            panic!("must be refused");
        };
        let codes: Vec<&str> = reasons.iter().map(Reason::code).collect();
        assert_eq!(
            codes,
            [
                "ELIGIBILITY_AGE_UNKNOWN",
                "ELIGIBILITY_IN_POST_UNKNOWN",
                "ELIGIBILITY_RANK"
            ]
        );
        assert_eq!(
            reasons[0].to_string(),
            "缺少出生日期，无法核对年龄条件（45 岁以下），请先补全干部信息"
        );
        assert_eq!(
            reasons[2].to_string(),
            "缺少职级信息，无法核对职级条件（乡科级正职）"
        );
    }

    #[test]
    fn no_conditions_admit_everyone() {
        let outcome = EligibilityConditions::default().evaluate(&PersonFacts::default(), starts());
        assert!(outcome.is_eligible());
    }

    #[test]
    fn any_one_of_the_listed_categories_is_enough() {
        let conditions = EligibilityConditions {
            categories_any: vec![Category::SectionLeader, Category::ReserveCadre],
            ..EligibilityConditions::default()
        };
        let person = PersonFacts {
            categories: vec![Category::CivilServant, Category::ReserveCadre],
            ..PersonFacts::default()
        };
        assert!(conditions.evaluate(&person, starts()).is_eligible());
    }

    #[test]
    fn conditions_are_read_from_toml_with_chinese_labels_and_checked() {
        let conditions: EligibilityConditions = toml::from_str(
            r#"
            max_age = 45
            min_years_in_post = 1
            categories_any = ["校长"]
            "#,
        )
        .unwrap();
        assert_eq!(conditions, xiantao());
        conditions.validate().unwrap();
        assert!(toml::from_str::<EligibilityConditions>("max_agee = 45").is_err());
        let absurd = EligibilityConditions {
            max_age: Some(450),
            ..EligibilityConditions::default()
        };
        assert_eq!(absurd.validate().unwrap_err().code(), "ELIGIBILITY_MAX_AGE");
        let long = EligibilityConditions {
            min_years_in_post: Some(41),
            ..EligibilityConditions::default()
        };
        assert_eq!(
            long.validate().unwrap_err().to_string(),
            "任职年限要求须在 0 至 40 年之间，实为 41 年"
        );
    }

    #[test]
    fn an_outcome_serialises_with_reason_codes() {
        let person = principal(date(1963, 3, 15), date(2001, 9, 1));
        let json = serde_json::to_value(xiantao().evaluate(&person, starts())).unwrap();
        assert_eq!(json["outcome"], "refused");
        assert_eq!(json["reasons"][0]["code"], "ELIGIBILITY_TOO_OLD");
        assert_eq!(json["reasons"][0]["age"], 47);
    }
}
