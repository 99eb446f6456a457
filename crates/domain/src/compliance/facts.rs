//! What the evaluator reads about one person: the ranks and categories held over time, the
//! training records, certificates and promotions. The storage layer assembles these; the
//! evaluator never reads anything else (and never the clock: the date is an argument).

use super::amount::Days;
use crate::people::person::{Category, Rank};
use crate::{ClassHours, PersonId, code_enum};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Something held from one day until another: a rank, a category, a seat in a central group.
///
/// `from` is the first day held; `until` is the first day **no longer** held (the day of the
/// next promotion), `None` while still held. A rank change on D is `{…, until: D}` followed by
/// `{from: D, …}`, so a history chains without gaps or overlaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held<T> {
    pub value: T,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl<T> Held<T> {
    /// Held on `date` (the whole day).
    pub fn on(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|until| date < until)
    }
}

/// A stretch of days without a value: a seat in a central group. Same conventions as [`Held`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Period {
    /// Held on `date` (the whole day).
    pub fn on(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|until| date < until)
    }
}

code_enum! {
    /// What a training record is, as tags: one record may be concentrated, off the job, at a
    /// party school and on theory all at once. A rule counts records by these tags.
    pub enum TrainingKind {
        /// 集中培训: classes, rotations, study tours (R-REG-3 counts these).
        Concentrated => ("concentrated", "集中培训", "Concentrated training"),
        /// 脱产培训: off the job, usually selected by the organisation (R-REG-1).
        OffTheJob => ("off_the_job", "脱产培训", "Off-the-job training"),
        /// 网络培训 / 网络自学: counted in its own bucket (R-REG-4).
        Online => ("online", "网络培训", "Online training"),
        /// 党委（党组）中心组学习 (R-CMP-2).
        CentralGroupStudy => ("central_group_study", "中心组学习", "Central group study"),
        /// 政治理论培训、党性教育 (R-CMP-1, R-REG-6 kind 1).
        Theory => ("theory", "政治理论培训", "Political theory"),
        /// 业务、专业培训 (R-CMP-1).
        Professional => ("professional", "业务、专业培训", "Professional training"),
        /// 任职培训: appointment training for a new leading post (R-REG-6 kind 4).
        Appointment => ("appointment", "任职培训", "Appointment training"),
    }
}

code_enum! {
    /// Where the training was held (seed 000 item 3: "党校、行政院校或干部教育培训主管部门认定的
    /// 培训机构"; seed 003: "党校、干校或其他培训机构").
    pub enum Institution {
        PartySchool => ("party_school", "党校", "Party school"),
        AdministrativeCollege => ("administrative_college", "行政学院", "Administrative college"),
        CadreCollege => ("cadre_college", "干部学院（干校）", "Cadre college"),
        TrainingInstitution => ("training_institution", "其他培训机构", "Other training institution"),
    }
}

code_enum! {
    /// Training done outside the system, entered with evidence and approved before it counts
    /// (R-ARC-1): the kinds a cadre's archive lists besides the classes organised here.
    pub enum ExternalKind {
        PartySchoolElsewhere => ("party_school_elsewhere", "外地党校学习", "Party school elsewhere"),
        StudyAbroad => ("study_abroad", "出国（境）培训", "Training abroad"),
        DegreeStudy => ("degree_study", "学历教育", "Degree study"),
        Secondment => ("secondment", "挂职锻炼", "Secondment"),
        SelfStudy => ("self_study", "自学", "Self-study"),
        Online => ("online", "网络培训", "Online study elsewhere"),
        /// 党委（党组）中心组集中学习: counted only by the central-group rule (R-CMP-2).
        CentralGroupStudy => ("central_group_study", "中心组集中学习", "Central group study"),
        Other => ("other", "其他", "Other"),
    }
}

impl ExternalKind {
    /// The training tags an approved record of this kind carries. Party school and study abroad
    /// are collective and away from work (集中、脱产); degree study and secondment are away from
    /// work but not classes (脱产 only — degree study counts once the authority has approved
    /// it, which is what recognition means here); online study counts in the online bucket;
    /// self-study has no tag, so it counts only for rules that ask for no kind; a central group's
    /// study counts only where a rule asks for it (R-CMP-2); anything else
    /// is taken as a concentrated class, like the classes of kind "other".
    pub fn tags(self) -> BTreeSet<TrainingKind> {
        use TrainingKind as T;
        let tags: &[TrainingKind] = match self {
            ExternalKind::PartySchoolElsewhere | ExternalKind::StudyAbroad => {
                &[T::Concentrated, T::OffTheJob]
            }
            ExternalKind::DegreeStudy | ExternalKind::Secondment => &[T::OffTheJob],
            ExternalKind::SelfStudy => &[],
            ExternalKind::Online => &[T::Online],
            ExternalKind::CentralGroupStudy => &[T::CentralGroupStudy],
            ExternalKind::Other => &[T::Concentrated],
        };
        tags.iter().copied().collect()
    }

    /// Where the training was held when the record does not say: a party school for 外地党校学习.
    pub fn default_institution(self) -> Option<Institution> {
        (self == ExternalKind::PartySchoolElsewhere).then_some(Institution::PartySchool)
    }
}

code_enum! {
    /// Certificates the rules ask for.
    pub enum CertificateKind {
        /// 理论水平任职资格证书 (seed 000 item 11: without it one is in general not considered for
        /// promotion).
        TheoryQualification => ("theory_qualification", "理论水平任职资格证书", "Theory qualification certificate"),
    }
}

/// One piece of training a person completed (or is attending).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingRecord {
    pub id: i64,
    pub title: String,
    pub starts_on: NaiveDate,
    /// The last day. A record counts in the window holding this day, and only once the day has
    /// passed the evaluation date's end (a class in progress does not count yet).
    pub ends_on: NaiveDate,
    /// Training days as recorded: for off-the-job training the calendar days enrolled, for
    /// other training the days of sessions; zero when only hours are known.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub days: Days,
    /// Class hours as recorded (R-REG-8: converted where the training happened); zero when only
    /// days are known.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub hours: ClassHours,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub kinds: BTreeSet<TrainingKind>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub institution: Option<Institution>,
    /// The training authority recognises it: an approved class, a class the organisation
    /// selected the person for (选调), an institution it recognises (认定), or private training
    /// it has explicitly recognised.
    pub recognised: bool,
    /// Privately arranged (社会化培训, R-REG-7): paid by the cadre; counts only if recognised.
    pub privately_arranged: bool,
}

impl TrainingRecord {
    /// Training of one month or more goes into the personal file (本人档案, seed 000 item 11,
    /// R-ARC-1); "以上" includes the month itself. A month is `days_per_month` days (see
    /// [`super::Conversion`]).
    pub fn goes_into_personal_file(&self, days_per_month: u32) -> bool {
        self.days >= Days::whole(days_per_month)
    }
}

/// A certificate a person holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub id: i64,
    pub kind: CertificateKind,
    pub issued_on: NaiveDate,
}

/// A post someone is (or would be) promoted to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    /// The rank of the post.
    pub rank: Rank,
    /// A party or government leading post (党政领导职务), not a 职级 rank such as 四级调研员.
    pub leading: bool,
}

/// A promotion that happened (任职), tracked for the make-up deadline (R-REG-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promotion {
    pub id: i64,
    pub on: NaiveDate,
    pub post: Post,
}

/// Everything the evaluator knows about one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplianceFacts {
    pub person: PersonId,
    pub ranks: Vec<Held<Rank>>,
    pub categories: Vec<Held<Category>>,
    /// Seats in a party committee's (party group's) central group (中心组, R-CMP-2). The register
    /// has no such category yet; the caller supplies it.
    pub central_group: Vec<Period>,
    pub records: Vec<TrainingRecord>,
    pub certificates: Vec<Certificate>,
    pub promotions: Vec<Promotion>,
}

impl ComplianceFacts {
    /// The rank held on `date`, if any.
    pub fn rank_on(&self, date: NaiveDate) -> Option<Rank> {
        self.ranks.iter().find(|r| r.on(date)).map(|r| r.value)
    }

    /// The categories held on `date`.
    pub fn categories_on(&self, date: NaiveDate) -> impl Iterator<Item = Category> + '_ {
        self.categories
            .iter()
            .filter(move |c| c.on(date))
            .map(|c| c.value)
    }

    /// Holds a central-group seat on `date`.
    pub fn in_central_group_on(&self, date: NaiveDate) -> bool {
        self.central_group.iter().any(|s| s.on(date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_online_external_study_is_online_and_self_study_has_no_tag() {
        for kind in ExternalKind::ALL {
            let tags = kind.tags();
            assert_eq!(
                tags.contains(&TrainingKind::Online),
                *kind == ExternalKind::Online,
                "{kind:?}"
            );
            assert_eq!(
                tags.is_empty(),
                *kind == ExternalKind::SelfStudy,
                "{kind:?}"
            );
        }
        assert_eq!(
            ExternalKind::PartySchoolElsewhere.tags(),
            BTreeSet::from([TrainingKind::Concentrated, TrainingKind::OffTheJob])
        );
        assert_eq!(
            ExternalKind::DegreeStudy.tags(),
            BTreeSet::from([TrainingKind::OffTheJob])
        );
        assert_eq!(
            ExternalKind::parse("挂职锻炼"),
            Some(ExternalKind::Secondment)
        );
        assert_eq!(
            ExternalKind::PartySchoolElsewhere.default_institution(),
            Some(Institution::PartySchool)
        );
        assert_eq!(ExternalKind::StudyAbroad.default_institution(), None);
    }
}
