//! The archive as data in the shape of GB/T 38860-2020 《干部网络培训 学员学习档案技术要求》
//! (R-REG-11, REGULATIONS CT-09) as far as its published outline is known: the metadata block
//! (档案编号, 学员信息, 建档时间, 更新时间, 所用技术要求版本) and the learning-record components.
//! Codes come from the standards it references where the register holds the data: sex by
//! GB/T 2261.1-2003, post level by GB/T 12407-2008; dates and times as GB/T 7408 (ISO 8601)
//! extended formats in China time. ADR 0010 lists which fields are known and which inferred.

use super::{ArchiveTraining, ArchiveView, assemble};
use crate::app::{App, AppResult, Principal};
use chrono::{DateTime, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::Rank;
use ganxun_domain::compliance::BoardStatus;
use ganxun_storage::archive::ArchiveExport;
use serde::Serialize;
use utoipa::ToSchema;

/// The version of the technical requirements the export follows (所用技术要求版本).
pub const SPECIFICATION: &str = "GB/T 38860-2020";

/// A value from a code table: the code (none where the table has no entry for it), its name
/// and the table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Coded {
    pub code: Option<String>,
    pub name: String,
    /// "GB/T 2261.1-2003", "GB/T 12407-2008", or "ganxun" for the system's own vocabularies.
    pub code_table: String,
}

impl Coded {
    fn new(code: Option<&str>, name: &str, table: &str) -> Self {
        Coded {
            code: code.map(str::to_owned),
            name: name.to_owned(),
            code_table: table.to_owned(),
        }
    }
}

/// 工作单位: the unit's code in this system and its name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkUnit {
    pub code: String,
    pub name: String,
}

/// 学员信息.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Learner {
    pub name: String,
    pub sex: Coded,
    /// GB/T 7408 calendar date, "1980-01-01".
    pub birth_date: String,
    /// Masked: the export never carries the full number.
    pub id_number_masked: String,
    pub work_unit: WorkUnit,
    /// 现任职务 as written in the register.
    pub post: String,
    /// 职务级别 (GB/T 12407-2008); the 职级 ranks of 2019 have no code there.
    pub rank: Coded,
    /// 政治面貌 (GB/T 4762): not held in the register, so always null.
    pub political_status: Option<Coded>,
    /// 民族 (GB/T 3304): not held in the register, so always null.
    pub ethnicity: Option<Coded>,
    /// 学历, in the system's vocabulary.
    pub education: Option<Coded>,
}

/// The metadata block.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Metadata {
    /// 档案编号.
    pub archive_number: String,
    /// 学员信息.
    pub learner: Learner,
    /// 建档时间, "2026-03-02T09:00:00+08:00".
    pub created_at: String,
    /// 更新时间.
    pub updated_at: String,
    /// 所用技术要求版本.
    pub specification_version: String,
}

/// One learning record (学习记录): a class or an approved external training.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningRecord {
    /// "class-12", "external-3": unique within the archive.
    pub record_id: String,
    pub title: String,
    pub category: Coded,
    pub organiser: String,
    pub institution: String,
    pub start_date: String,
    pub end_date: String,
    /// Decimal strings ("90", "2.5").
    pub days: Option<String>,
    pub class_hours: Option<String>,
    /// completed 结业, withdrawn 退学, approved 已认可.
    pub result: Coded,
    pub score: Option<String>,
    pub certificate_number: Option<String>,
    pub privately_arranged: bool,
    /// 装入本人档案: one month or more.
    pub personal_file: bool,
}

/// Credits of one year and category (学分记录).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditRecord {
    pub year: i32,
    pub category: Coded,
    pub amount: String,
    pub entries: i64,
}

/// One requirement's status as of the day (考核评价).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Assessment {
    pub rule_set: String,
    pub rule_id: String,
    pub name: String,
    pub window_start: Option<String>,
    pub window_end: String,
    pub status: Coded,
    pub explanation: String,
}

/// The components (档案构件).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Components {
    pub learning_records: Vec<LearningRecord>,
    pub credits: Vec<CreditRecord>,
    pub assessments: Vec<Assessment>,
}

/// A learner archive in the shape of GB/T 38860.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Gbt38860Archive {
    pub metadata: Metadata,
    pub components: Components,
}

/// GB/T 12407-2008 table 1 (公务员职务级别): the leading posts. The 职级 ranks introduced in
/// 2019 (调研员, 主任科员, 科员) postdate the table and have no code.
pub fn rank_code(rank: Rank) -> Option<&'static str> {
    match rank {
        Rank::BureauChief => Some("121"),
        Rank::BureauDeputy => Some("122"),
        Rank::CountyChief => Some("131"),
        Rank::CountyDeputy => Some("132"),
        Rank::SectionChief => Some("141"),
        Rank::SectionDeputy => Some("142"),
        Rank::Researcher1
        | Rank::Researcher2
        | Rank::Researcher3
        | Rank::Researcher4
        | Rank::PrincipalStaff1
        | Rank::PrincipalStaff2
        | Rank::PrincipalStaff3
        | Rank::PrincipalStaff4
        | Rank::Staff1
        | Rank::Staff2
        | Rank::Unranked => None,
    }
}

/// GB/T 2261.1-2003: 1 男性, 2 女性 (0 未知, 9 未说明 are never needed: the ID number gives it).
pub fn sex_code(sex: &str) -> Option<&'static str> {
    match sex {
        "male" => Some("1"),
        "female" => Some("2"),
        _ => None,
    }
}

/// GB/T 7408 extended date-time with the China offset.
fn instant(at: DateTime<Utc>) -> String {
    ganxun_domain::calendar::china_datetime(at)
        .format("%Y-%m-%dT%H:%M:%S+08:00")
        .to_string()
}

fn learning_record(t: &ArchiveTraining) -> LearningRecord {
    LearningRecord {
        record_id: format!("{}-{}", t.source, t.source_id),
        title: t.title.clone(),
        category: Coded::new(Some(&t.kind), &t.kind_label, "ganxun"),
        organiser: t.organiser.clone(),
        institution: t.institution.clone(),
        start_date: t.starts_on.to_string(),
        end_date: t.ends_on.to_string(),
        days: t.days.clone(),
        class_hours: t.hours.clone(),
        result: Coded::new(Some(&t.result), &t.result_label, "ganxun"),
        score: t.grade.clone(),
        certificate_number: t.certificate_number.clone(),
        privately_arranged: t.privately_arranged,
        personal_file: t.personal_file,
    }
}

/// The archive view in the GB/T 38860 shape.
pub fn shape(view: &ArchiveView) -> Gbt38860Archive {
    let p = &view.person;
    let rank = Rank::parse(&p.rank).unwrap_or(Rank::Unranked);
    Gbt38860Archive {
        metadata: Metadata {
            archive_number: view.number.clone(),
            learner: Learner {
                name: p.name.clone(),
                sex: Coded::new(sex_code(&p.sex), &p.sex_label, "GB/T 2261.1-2003"),
                birth_date: p.birth_date.to_string(),
                id_number_masked: p.id_card_masked.clone(),
                work_unit: WorkUnit {
                    code: p.unit_code.clone(),
                    name: p.unit_name.clone(),
                },
                post: p.position.clone(),
                rank: Coded::new(rank_code(rank), &p.rank_label, "GB/T 12407-2008"),
                political_status: None,
                ethnicity: None,
                education: p
                    .education
                    .as_deref()
                    .zip(p.education_label.as_deref())
                    .map(|(code, name)| Coded::new(Some(code), name, "ganxun")),
            },
            created_at: instant(view.created_at),
            updated_at: instant(view.updated_at),
            specification_version: SPECIFICATION.to_owned(),
        },
        components: Components {
            learning_records: view.trainings.iter().map(learning_record).collect(),
            credits: view
                .credits
                .iter()
                .flat_map(|y| {
                    y.categories.iter().map(|c| CreditRecord {
                        year: y.year,
                        category: Coded::new(Some(c.category.code()), &c.label, "ganxun"),
                        amount: c.amount.clone(),
                        entries: c.entries,
                    })
                })
                .collect(),
            assessments: view
                .compliance
                .sets
                .iter()
                .flat_map(|set| {
                    set.review.requirements.iter().map(|r| Assessment {
                        rule_set: set.rules.title.clone(),
                        rule_id: r.rule_id.clone(),
                        name: r.name.clone(),
                        window_start: r.window.starts_on.map(|d| d.to_string()),
                        window_end: r.window.ends_on.to_string(),
                        status: Coded::new(
                            Some(BoardStatus::from(r.status).code()),
                            r.status.label_zh(),
                            "ganxun",
                        ),
                        explanation: r.explanation.clone(),
                    })
                })
                .collect(),
        },
    }
}

/// The archive as GB/T 38860-shaped data, for whoever may read the person; the export is
/// audited.
pub async fn gbt38860(
    app: &App,
    principal: &Principal,
    person_id: PersonId,
) -> AppResult<Gbt38860Archive> {
    let view = assemble(app, principal, person_id, Some(ArchiveExport::Gbt38860)).await?;
    Ok(shape(&view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_posts_have_gbt_12407_codes_and_2019_ranks_have_none() {
        assert_eq!(rank_code(Rank::SectionChief), Some("141"));
        assert_eq!(rank_code(Rank::CountyDeputy), Some("132"));
        assert_eq!(rank_code(Rank::BureauChief), Some("121"));
        assert_eq!(rank_code(Rank::PrincipalStaff1), None);
        assert_eq!(sex_code("female"), Some("2"));
        assert_eq!(sex_code("male"), Some("1"));
    }
}
