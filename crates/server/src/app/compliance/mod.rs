//! Compliance use cases (issue 7, SPEC §6, ADR 0009): a person's training status under the three
//! rule sets in force (national, county, organisation-department cadres) and whether they may be
//! promoted to a post. The rules are versioned rule documents like the credit rules; the facts
//! are assembled here from the register, the classes and the approved external training records
//! (R-ARC-1); the judging is the domain's.

pub mod board;
pub mod dashboard;
pub mod preview;
pub mod sheets;
pub mod standings;
pub mod training_records;

use crate::app::{App, AppError, AppResult, Principal};
use chrono::NaiveDate;
use ganxun_domain::compliance::{
    Certificate, CertificateKind, ComplianceFacts, ComplianceRuleSet, Days, Held, Institution,
    Period, Post, Promotion, PromotionCheck, PromotionItem, Review, StandingKind, TrainingKind,
    TrainingRecord, evaluate, may_promote,
};
use ganxun_domain::{ClassHours, ClassKind, Permission, PersonId, Rank, UnitType};
use ganxun_storage::compliance::training_records::TrainingRecordRow;
use ganxun_storage::compliance::{ClassTaken, ComplianceRows};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};
use utoipa::ToSchema;

pub use ganxun_domain::compliance::{
    COMPLIANCE_COUNTY, COMPLIANCE_NATIONAL, COMPLIANCE_ORG_CADRES,
};

/// Every kind, in the order a review shows them (titles and built-in texts are registered in the
/// domain's `compliance::RULE_KINDS`).
pub const KINDS: [&str; 3] = [
    COMPLIANCE_NATIONAL,
    COMPLIANCE_COUNTY,
    COMPLIANCE_ORG_CADRES,
];

/// Which version of a kind is in force.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleSetRef {
    /// `compliance_national`, `compliance_county` or `compliance_org_cadres`.
    pub kind: String,
    pub title: String,
    /// The rule set's own name.
    pub name: String,
    /// 0 when the built-in set is in force.
    pub version: i32,
    pub applies_from: NaiveDate,
}

/// The rule set of `kind` in force on `date`: the newest saved version applying from that day
/// or before, else the built-in set (version 0). As for credit rules (ADR 0008).
pub async fn rule_set_for(
    app: &App,
    kind: &str,
    date: NaiveDate,
) -> AppResult<(ComplianceRuleSet, RuleSetRef)> {
    let title = crate::app::rules::kind(kind)?.title;
    let found =
        crate::app::rules::in_force_on(app, kind, date, parsed, |rules| rules.applies_from).await?;
    let reference = RuleSetRef {
        kind: kind.to_owned(),
        title: title.to_owned(),
        name: found.rules.name.clone(),
        version: found.version,
        applies_from: found.rules.applies_from,
    };
    Ok((ComplianceRuleSet::clone(&found.rules), reference))
}

/// A rule document parsed once per process: reading and checking the TOML took most of a
/// person's status (bench_compliance). Keyed by the text itself, so a saved version, another
/// database or an edited built-in set never meets a stale entry; documents are few and small.
fn parsed(body: &str) -> Result<Arc<ComplianceRuleSet>, String> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<ComplianceRuleSet>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(body).cloned()) {
        return Ok(found);
    }
    let rules = Arc::new(ComplianceRuleSet::from_toml(body).map_err(|e| e.to_string())?);
    if let Ok(mut c) = cache.lock() {
        c.insert(body.to_owned(), Arc::clone(&rules));
    }
    Ok(rules)
}

/// The training tags of a class kind. Classes organised in the system are collective
/// (集中培训, R-REG-3) except online study; the themed, rotation, appointment, initial and
/// seminar classes are held away from work, so they are also off the job (脱产, R-REG-1). The
/// subject tags follow the kind's own name: theory and party spirit → theory (R-CMP-1's 政治理论
/// 培训), in-service capability → professional (业务、专业培训), appointment training →
/// appointment. A kind that says nothing about its subject gets no subject tag, so it counts
/// only for rules about the form of training.
fn kinds_of(kind: Option<ClassKind>) -> BTreeSet<TrainingKind> {
    use ClassKind as C;
    use TrainingKind as T;
    let tags: &[TrainingKind] = match kind {
        Some(C::Online) => &[T::Online],
        Some(C::TheoryAndPartySpirit) => &[T::Concentrated, T::OffTheJob, T::Theory],
        Some(C::LeaderAppointment) => &[T::Concentrated, T::OffTheJob, T::Appointment],
        Some(C::InServiceCapability) => &[T::Concentrated, T::Professional],
        Some(C::ReadingStudy) => &[T::Concentrated, T::Theory],
        Some(
            C::MajorDecisionRotation
            | C::ConcentratedRotation
            | C::ThemedClass
            | C::CivilServantInitial
            | C::SeniorSeminar,
        ) => &[T::Concentrated, T::OffTheJob],
        // 挂职锻炼 is a posting away from one's job, not a class.
        Some(C::Secondment) => &[T::OffTheJob],
        Some(C::TeachingToCountryside | C::StudyTour | C::SchoolBased | C::Other) | None => {
            &[T::Concentrated]
        }
    };
    tags.iter().copied().collect()
}

/// Where a class was held: the host unit's type when the host is a unit of the tree (a party
/// school, a training institution); otherwise the host's name when it names the institution
/// plainly (“县委党校”, “行政学院”, “干部学院”). Anything else is left unknown, so rules that
/// ask for an institution do not count it.
fn institution_of(class: &ClassTaken) -> Option<Institution> {
    match class.host_type {
        UnitType::PartySchool => return Some(Institution::PartySchool),
        UnitType::Institution => return Some(Institution::TrainingInstitution),
        _ => {}
    }
    let name = class.host_name.as_str();
    if name.contains("党校") {
        Some(Institution::PartySchool)
    } else if name.contains("行政学院") {
        Some(Institution::AdministrativeCollege)
    } else if name.contains("干部学院") {
        Some(Institution::CadreCollege)
    } else {
        None
    }
}

/// A finished class as a training record.
///
/// Days: off-the-job classes count the calendar days of the class (the days enrolled, as ADR
/// 0009 counts off-the-job training); other classes the days their sessions fall on. Hours
/// (ADR 0023): where the class had a roll call, the hours the person actually attended (the
/// figure completion and grades read), and the days in the same proportion; without a roll
/// call, the class hours of the teaching plan. The ledger's class-hour credits are another
/// figure — seed 004 deducts twice for an absence — and are never hours.
fn record_of(class: &ClassTaken) -> TrainingRecord {
    let kinds = kinds_of(Some(class.kind));
    let calendar_days =
        u32::try_from((class.ends_on - class.starts_on).num_days() + 1).unwrap_or(0);
    let days = if kinds.contains(&TrainingKind::OffTheJob) || class.session_days == 0 {
        calendar_days
    } else {
        class.session_days
    };
    let planned = u64::try_from(class.total_hours).unwrap_or(0);
    let (hours, days) = match class.attended_hours {
        Some(attended) => {
            let attended = u64::try_from(attended).unwrap_or(0).min(planned);
            // Days in proportion to the hours attended, rounded down to the hundredth (all of
            // them for a class of no hours).
            let days = (u64::from(days) * 100 * attended)
                .checked_div(planned)
                .map_or(Days::whole(days), |share| {
                    Days::from_hundredths(u32::try_from(share).unwrap_or(u32::MAX))
                });
            (attended, days)
        }
        None => (planned, Days::whole(days)),
    };
    TrainingRecord {
        id: class.class_id.0,
        title: class.title.clone(),
        starts_on: class.starts_on,
        ends_on: class.ends_on,
        days,
        hours: ClassHours::from_hundredths(u32::try_from(hours).unwrap_or(u32::MAX)),
        kinds,
        institution: institution_of(class),
        // Organised (approved or filed) in the system: recognised, never privately arranged.
        recognised: true,
        privately_arranged: false,
    }
}

/// The id an external record has among the evaluator's records: its own id, negated, so that
/// it never collides with a class id (the records list says which is which in `source`).
pub fn external_record_id(id: ganxun_domain::TrainingRecordId) -> i64 {
    -id.0
}

/// Where the ids of online lessons start among the evaluator's records (negated, past every
/// external record's): a finished lesson's progress id is added to it.
const ONLINE_RECORD_BASE: i64 = 1 << 40;

/// The id a finished online lesson has among the evaluator's records.
pub fn online_record_id(progress_id: ganxun_domain::LearningProgressId) -> i64 {
    -(ONLINE_RECORD_BASE + progress_id.0)
}

/// A lesson finished online as a training record: online training (R-REG-4), and the kind its
/// course's category counts for (theory, professional); its hours as earned when finished;
/// recognised, since the server itself counted it.
fn online_record_of(
    lesson: &ganxun_storage::learning::playbacks::FinishedLesson,
) -> TrainingRecord {
    let mut kinds =
        std::collections::BTreeSet::from([ganxun_domain::compliance::TrainingKind::Online]);
    if let Some(kind) = ganxun_domain::learning::CourseCategory::parse(&lesson.category)
        .and_then(|c| c.training_kind())
    {
        kinds.insert(kind);
    }
    TrainingRecord {
        id: online_record_id(lesson.progress_id),
        title: format!("{}（{}）", lesson.course_title, lesson.lesson_title),
        starts_on: lesson.finished_on,
        ends_on: lesson.finished_on,
        days: Days::from_hundredths(0),
        hours: ClassHours::from_hundredths(u32::try_from(lesson.hours).unwrap_or(0)),
        kinds,
        institution: None,
        recognised: true,
        privately_arranged: false,
    }
}

/// An approved external record as a training record: tags from its kind, the institution it
/// names (a party school for 外地党校学习 that names none), recognised since the authority
/// approved it, and privately arranged as entered.
fn external_record_of(row: &TrainingRecordRow) -> TrainingRecord {
    let kind = row.kind;
    let hundredths = |v: i64| u32::try_from(v).unwrap_or(0);
    TrainingRecord {
        id: external_record_id(row.id),
        title: row.title.clone(),
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        days: Days::from_hundredths(hundredths(row.days)),
        hours: ClassHours::from_hundredths(hundredths(row.hours)),
        kinds: kind.tags(),
        institution: row.institution_type.or_else(|| kind.default_institution()),
        // Only approved records reach here (`rows_of`): approval is the recognition.
        recognised: true,
        privately_arranged: row.privately_arranged,
    }
}

/// The order of ranks for telling a promotion: 厅局级, 县处级 and 乡科级 leading posts, with the
/// 职级 ranks beside the posts they correspond to (一二级调研员 ≈ 县处级正职, …). Higher is
/// senior.
fn seniority(rank: Rank) -> u8 {
    match rank {
        Rank::BureauChief => 6,
        Rank::BureauDeputy => 5,
        Rank::CountyChief | Rank::Researcher1 | Rank::Researcher2 => 4,
        Rank::CountyDeputy | Rank::Researcher3 | Rank::Researcher4 => 3,
        Rank::SectionChief | Rank::PrincipalStaff1 | Rank::PrincipalStaff2 => 2,
        Rank::SectionDeputy | Rank::PrincipalStaff3 | Rank::PrincipalStaff4 => 1,
        Rank::Staff1 | Rank::Staff2 | Rank::Unranked => 0,
    }
}

/// Leading posts (党政领导职务: 正职, 副职), as opposed to 职级 ranks.
pub fn is_leading(rank: Rank) -> bool {
    matches!(
        rank,
        Rank::BureauChief
            | Rank::BureauDeputy
            | Rank::CountyChief
            | Rank::CountyDeputy
            | Rank::SectionChief
            | Rank::SectionDeputy
    )
}

/// The evaluator's facts from a person's stored rows: posts become ranks held, categories,
/// finished classes and approved external records become training records, active
/// central-group seats become periods and theory certificates become certificates.
pub fn facts_of(person: PersonId, rows: &ComplianceRows) -> ComplianceFacts {
    // Each post record holds until the next one's day.
    let ranks = rows
        .posts
        .iter()
        .enumerate()
        .map(|(i, step)| Held {
            value: step.rank,
            from: step.valid_from,
            until: rows.posts.get(i + 1).map(|next| next.valid_from),
        })
        .collect();
    let categories = rows
        .categories
        .iter()
        .map(|c| Held {
            value: c.category,
            from: c.valid_from,
            until: c.valid_to,
        })
        .collect();
    // A promotion is a record moving to a leading post senior to the one before (任职, R-REG-2).
    let promotions = rows
        .posts
        .windows(2)
        .filter_map(|pair| {
            let (before, after) = (pair[0].rank, pair[1].rank);
            (is_leading(after) && seniority(after) > seniority(before)).then(|| Promotion {
                id: pair[1].id,
                on: pair[1].valid_from,
                post: Post {
                    rank: after,
                    leading: true,
                },
            })
        })
        .collect();
    ComplianceFacts {
        person,
        ranks,
        categories,
        central_group: rows
            .standings
            .iter()
            .filter(|s| s.kind == StandingKind::CentralGroup)
            .map(|s| Period {
                from: s.valid_from,
                until: s.valid_to,
            })
            .collect(),
        records: rows
            .classes
            .iter()
            // A class counts once it has ended (ended, reported or archived), as for credits.
            .filter(|c| c.state.is_finished())
            .map(record_of)
            .chain(rows.external.iter().map(external_record_of))
            .chain(
                // Optional courses (拓展) are shown to the learner but count towards no rule.
                rows.online
                    .iter()
                    .filter(|lesson| lesson.required)
                    .map(online_record_of),
            )
            .collect(),
        certificates: rows
            .standings
            .iter()
            .filter(|s| s.kind == StandingKind::TheoryCertificate)
            .map(|s| Certificate {
                id: s.id.0,
                kind: CertificateKind::TheoryQualification,
                issued_on: s.valid_from,
            })
            .collect(),
        promotions,
    }
}

/// The facts of a person the principal may read (people.read within scope; a trainee reads
/// their own record through the `self` scope). `NotFound` otherwise, as for `GET /people/{id}`.
async fn facts(app: &App, principal: &Principal, person: PersonId) -> AppResult<ComplianceFacts> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let rows = ganxun_storage::compliance::rows_of(&app.db, &scope, person).await?;
    Ok(facts_of(person, &rows))
}

/// A training record as the responses list it: the evaluator's record and where it comes from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecordView {
    /// `id` is the class id for a class, the negated record id for an external record (the
    /// ids the reviews' `counted` and `excluded` name).
    #[serde(flatten)]
    pub record: TrainingRecord,
    /// `class` (a class organised in the system), `external` (an approved external record) or
    /// `online` (a lesson finished in the online library).
    #[schema(value_type = String)]
    pub source: &'static str,
    /// The class id or the external record's id.
    pub source_id: i64,
}

fn views(records: Vec<TrainingRecord>) -> Vec<RecordView> {
    records
        .into_iter()
        .map(|record| {
            let (source, source_id) = if record.id <= -ONLINE_RECORD_BASE {
                ("online", -record.id - ONLINE_RECORD_BASE)
            } else if record.id < 0 {
                ("external", -record.id)
            } else {
                ("class", record.id)
            };
            RecordView {
                record,
                source,
                source_id,
            }
        })
        .collect()
}

/// One rule set's review of a person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SetReview {
    pub rules: RuleSetRef,
    /// Per requirement that binds the person: status (`met`, `not_met`, `at_risk`), window,
    /// required / done / missing, counted record ids, excluded records with reasons and the
    /// explanation; and the make-ups of past promotions.
    pub review: Review,
}

/// A person's compliance as of a day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComplianceStatus {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub as_of: NaiveDate,
    /// National, county and organisation-department rules, in that order.
    pub sets: Vec<SetReview>,
    /// The training records the reviews speak of: title, dates, days, hours, kinds,
    /// institution, and `source` (`class` or `external`) with `source_id`; `id` is the class id,
    /// or the external record's id negated.
    pub records: Vec<RecordView>,
}

/// The person's status under each rule set in force on `as_of`, judged as of its end.
pub async fn status(
    app: &App,
    principal: &Principal,
    person: PersonId,
    as_of: NaiveDate,
) -> AppResult<ComplianceStatus> {
    let facts = facts(app, principal, person).await?;
    let mut sets = Vec::new();
    for kind in KINDS {
        let (rules, reference) = rule_set_for(app, kind, as_of).await?;
        sets.push(SetReview {
            rules: reference,
            review: evaluate(&rules, &facts, as_of),
        });
    }
    Ok(ComplianceStatus {
        person_id: person,
        as_of,
        sets,
        records: views(facts.records),
    })
}

/// A post the person might be promoted to, and the day.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PromotionCheckInput {
    /// A rank code, e.g. `county_deputy`; leading posts (正职、副职) are told from the rank.
    pub rank: String,
    pub on: NaiveDate,
}

/// One rule set's verdict.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SetPromotionCheck {
    pub rules: RuleSetRef,
    pub eligible: bool,
    /// The unmet checks, each with its rule result (window, required, done, missing, counted
    /// and excluded records, explanation) and make-up due day where the rule allows one.
    pub missing: Vec<PromotionItem>,
    /// Every check, met or not.
    pub check: PromotionCheck,
}

/// Whether a person may be promoted to a post on a day, under every rule set.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PromotionVerdict {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub rank: String,
    pub leading: bool,
    pub on: NaiveDate,
    /// Eligible under every rule set.
    pub eligible: bool,
    /// The earliest make-up due day among the unmet checks that allow one.
    pub make_up_due_on: Option<NaiveDate>,
    pub sets: Vec<SetPromotionCheck>,
    pub records: Vec<RecordView>,
}

/// "May this person be promoted to `rank` on `on`?" under the rule sets in force that day.
pub async fn promotion_check(
    app: &App,
    principal: &Principal,
    person: PersonId,
    input: &PromotionCheckInput,
) -> AppResult<PromotionVerdict> {
    let facts = facts(app, principal, person).await?;
    let rank = Rank::parse(&input.rank).ok_or_else(|| {
        AppError::field(
            "rank",
            "UNKNOWN_RANK",
            format!("无法识别的职级：{}", input.rank),
        )
    })?;
    let post = Post {
        rank,
        leading: is_leading(rank),
    };
    let mut sets = Vec::new();
    for kind in KINDS {
        let (rules, reference) = rule_set_for(app, kind, input.on).await?;
        let check = may_promote(&rules, &facts, &post, input.on);
        sets.push(SetPromotionCheck {
            rules: reference,
            eligible: check.eligible,
            missing: check.missing().cloned().collect(),
            check,
        });
    }
    Ok(PromotionVerdict {
        person_id: person,
        rank: rank.code().to_owned(),
        leading: post.leading,
        on: input.on,
        eligible: sets.iter().all(|s| s.eligible),
        make_up_due_on: sets
            .iter()
            .flat_map(|s| s.missing.iter().filter_map(|m| m.make_up_due_on))
            .min(),
        sets,
        records: views(facts.records),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ganxun_domain::code_enum::Vocabulary;
    use ganxun_domain::compliance::ExternalKind;
    use ganxun_domain::{Category, ClassState};
    use ganxun_storage::compliance::CategorySpan;
    use ganxun_storage::compliance::PostStep;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn step(id: i64, from: &str, rank: &str) -> PostStep {
        PostStep {
            id,
            valid_from: day(from),
            rank: Rank::from_code(rank).unwrap(),
        }
    }

    fn class(id: i64, kind: &str, state: &str, from: &str, to: &str) -> ClassTaken {
        ClassTaken {
            class_id: ganxun_domain::ClassId(id),
            title: format!("班次{id}"),
            kind: ClassKind::from_code(kind).unwrap(),
            host_type: UnitType::Other,
            host_name: "县委党校".to_owned(),
            state: ClassState::from_code(state).unwrap(),
            starts_on: day(from),
            ends_on: day(to),
            total_hours: 3600,
            session_days: 2,
            attended_hours: None,
        }
    }

    #[test]
    fn post_records_chain_into_ranks_and_a_move_to_a_senior_leading_post_is_a_promotion() {
        let rows = ComplianceRows {
            posts: vec![
                step(1, "2015-01-01", "principal_staff_1"),
                step(2, "2018-01-01", "section_chief"),
                step(3, "2021-01-01", "researcher_4"),
                step(4, "2025-07-01", "county_deputy"),
            ],
            categories: vec![CategorySpan {
                category: Category::SectionLeader,
                valid_from: day("2018-01-01"),
                valid_to: Some(day("2021-01-01")),
            }],
            classes: vec![],
            external: vec![],
            standings: vec![],
            online: vec![],
        };
        let facts = facts_of(PersonId(7), &rows);
        assert_eq!(facts.rank_on(day("2020-12-31")), Some(Rank::SectionChief));
        assert_eq!(facts.rank_on(day("2021-01-01")), Some(Rank::Researcher4));
        assert_eq!(facts.rank_on(day("2030-01-01")), Some(Rank::CountyDeputy));
        assert_eq!(facts.categories_on(day("2020-12-31")).count(), 1);
        assert_eq!(facts.categories_on(day("2021-01-01")).count(), 0);
        // 一级主任科员 → 乡科级正职 is not senior (same level); 四级调研员 → 县处级副职 is not either.
        assert!(facts.promotions.is_empty(), "{:?}", facts.promotions);

        let rows = ComplianceRows {
            posts: vec![
                step(1, "2018-01-01", "section_chief"),
                step(2, "2025-07-01", "county_deputy"),
            ],
            ..ComplianceRows::default()
        };
        let facts = facts_of(PersonId(7), &rows);
        assert_eq!(
            facts.promotions,
            [Promotion {
                id: 2,
                on: day("2025-07-01"),
                post: Post {
                    rank: Rank::CountyDeputy,
                    leading: true
                }
            }]
        );
    }

    #[test]
    fn only_finished_classes_become_records_with_days_by_their_kind() {
        let rows = ComplianceRows {
            classes: vec![
                class(1, "themed_class", "ended", "2026-03-02", "2026-03-13"),
                class(
                    2,
                    "in_service_capability",
                    "archived",
                    "2026-04-01",
                    "2026-04-10",
                ),
                class(3, "themed_class", "in_progress", "2026-05-01", "2026-05-20"),
                class(4, "online", "reported", "2026-06-01", "2026-06-30"),
            ],
            ..ComplianceRows::default()
        };
        let facts = facts_of(PersonId(7), &rows);
        let records: Vec<(i64, u32)> = facts
            .records
            .iter()
            .map(|r| (r.id, r.days.hundredths()))
            .collect();
        // Off the job: calendar days; otherwise the session days.
        assert_eq!(records, [(1, 1200), (2, 200), (4, 200)]);
        assert_eq!(facts.records[0].institution, Some(Institution::PartySchool));
        assert!(facts.records[0].kinds.contains(&TrainingKind::OffTheJob));
        assert_eq!(
            facts.records[2].kinds,
            BTreeSet::from([TrainingKind::Online])
        );
    }

    #[test]
    fn a_class_with_a_roll_call_counts_the_hours_attended_and_its_days_in_proportion() {
        // 36 planned hours over 12 calendar days (off the job); 23.04 attended (64 %).
        let mut attended = class(1, "themed_class", "ended", "2026-03-02", "2026-03-13");
        attended.attended_hours = Some(2304);
        let planned = class(2, "themed_class", "ended", "2026-03-02", "2026-03-13");
        let facts = facts_of(
            PersonId(7),
            &ComplianceRows {
                classes: vec![attended, planned],
                ..ComplianceRows::default()
            },
        );
        let figures: Vec<(u32, u32)> = facts
            .records
            .iter()
            .map(|r| (r.hours.hundredths(), r.days.hundredths()))
            .collect();
        // 12 days × 64 % = 7.68 days; without a roll call the plan's 36 hours and 12 days.
        assert_eq!(figures, [(2304, 768), (3600, 1200)]);
    }

    fn external(id: i64, kind: &str, institution: Option<&str>) -> TrainingRecordRow {
        TrainingRecordRow {
            id: ganxun_domain::TrainingRecordId(id),
            person_id: PersonId(7),
            kind: ExternalKind::from_code(kind).unwrap(),
            title: format!("外部{id}"),
            institution_name: String::new(),
            institution_type: institution.map(|i| Institution::from_code(i).unwrap()),
            starts_on: day("2025-09-01"),
            ends_on: day("2025-11-29"),
            days: 9000,
            hours: 0,
            privately_arranged: id == 3,
            evidence: "证书".to_owned(),
            state: ganxun_domain::review::ReviewState::Approved,
            entered_by: "county".to_owned(),
            entered_at: chrono::DateTime::UNIX_EPOCH,
            decided_by: None,
            decided_at: None,
            decision_reason: None,
        }
    }

    #[test]
    fn approved_external_records_join_the_classes_under_negated_ids() {
        let rows = ComplianceRows {
            classes: vec![class(
                1,
                "themed_class",
                "ended",
                "2026-03-02",
                "2026-03-13",
            )],
            external: vec![
                external(1, "party_school_elsewhere", None),
                external(2, "study_abroad", Some("training_institution")),
                external(3, "self_study", None),
            ],
            ..ComplianceRows::default()
        };
        let facts = facts_of(PersonId(7), &rows);
        let ids: Vec<i64> = facts.records.iter().map(|r| r.id).collect();
        assert_eq!(ids, [1, -1, -2, -3]);
        let party_school = &facts.records[1];
        assert_eq!(party_school.institution, Some(Institution::PartySchool));
        assert_eq!(party_school.days, Days::whole(90));
        assert!(party_school.recognised);
        assert_eq!(
            facts.records[2].institution,
            Some(Institution::TrainingInstitution)
        );
        assert!(facts.records[3].kinds.is_empty());
        assert!(facts.records[3].privately_arranged);
        let sources: Vec<(&str, i64)> = views(facts.records)
            .iter()
            .map(|v| (v.source, v.source_id))
            .collect();
        assert_eq!(
            sources,
            [
                ("class", 1),
                ("external", 1),
                ("external", 2),
                ("external", 3)
            ]
        );
    }

    #[test]
    fn every_class_kind_has_tags_and_only_online_is_online() {
        for kind in ClassKind::ALL {
            let tags = kinds_of(Some(*kind));
            assert!(!tags.is_empty(), "{kind:?}");
            assert_eq!(
                tags.contains(&TrainingKind::Online),
                *kind == ClassKind::Online
            );
        }
    }
}
