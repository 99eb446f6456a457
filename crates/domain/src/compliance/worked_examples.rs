//! The national rules and the seeds' rules worked by hand, at their boundaries (ADR 0009), and
//! the evaluator's invariants as properties.

use super::evaluate::{self, *};
use super::*;
use crate::ClassHours;
use crate::PersonId;
use crate::people::person::{Category, Rank};
use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn hours(text: &str) -> ClassHours {
    ClassHours::parse(text).unwrap()
}

/// A person of `rank` since 2015, with no records.
fn cadre(rank: Rank) -> ComplianceFacts {
    ComplianceFacts {
        person: PersonId(1),
        ranks: vec![Held {
            value: rank,
            from: d(2015, 1, 1),
            until: None,
        }],
        categories: Vec::new(),
        central_group: Vec::new(),
        records: Vec::new(),
        certificates: Vec::new(),
        promotions: Vec::new(),
    }
}

fn with_category(mut facts: ComplianceFacts, category: Category) -> ComplianceFacts {
    facts.categories.push(Held {
        value: category,
        from: d(2015, 1, 1),
        until: None,
    });
    facts
}

/// A recognised record ending on `ends_on` with `days` and `hours`, of the given kinds.
fn record(
    id: i64,
    ends_on: NaiveDate,
    days: u32,
    hours: &str,
    kinds: &[TrainingKind],
) -> TrainingRecord {
    TrainingRecord {
        id,
        title: format!("培训{id}"),
        starts_on: ends_on - chrono::Days::new(u64::from(days.saturating_sub(1))),
        ends_on,
        days: Days::whole(days),
        hours: ClassHours::parse(hours).unwrap(),
        kinds: kinds.iter().copied().collect::<BTreeSet<_>>(),
        institution: Some(Institution::PartySchool),
        recognised: true,
        privately_arranged: false,
    }
}

const OFF_JOB: &[TrainingKind] = &[TrainingKind::OffTheJob, TrainingKind::Concentrated];
const CONCENTRATED: &[TrainingKind] = &[TrainingKind::Concentrated];
const ONLINE: &[TrainingKind] = &[TrainingKind::Online];

fn result(review: &Review, id: &str) -> RuleResult {
    review
        .requirements
        .iter()
        .find(|r| r.rule_id == id)
        .unwrap_or_else(|| panic!("{id} does not bind: {review:#?}"))
        .clone()
}

fn bound(review: &Review) -> Vec<&str> {
    review
        .requirements
        .iter()
        .map(|r| r.rule_id.as_str())
        .collect()
}

// ---- R-REG-1: 3 months or 550 hours per plan period ----

#[test]
fn five_hundred_hours_and_forty_days_do_not_meet_reg_1() {
    let mut p = cadre(Rank::CountyChief);
    p.records = vec![
        record(1, d(2023, 11, 30), 25, "300", OFF_JOB),
        record(2, d(2026, 5, 20), 15, "200", OFF_JOB),
    ];
    let r = result(
        &evaluate(&ComplianceRuleSet::national(), &p, d(2027, 12, 31)),
        "reg_1",
    );
    assert!(!r.met && r.closed);
    assert_eq!(r.status, Status::NotMet);
    assert_eq!(
        (r.window.starts_on, r.window.ends_on),
        (Some(d(2023, 1, 1)), d(2027, 12, 31))
    );
    assert_eq!(
        (r.done.days, r.done.hours),
        (Some(Days::whole(40)), Some(hours("500")))
    );
    // "3 个月" is 90 days (30 a month); either figure would be enough.
    assert_eq!(
        (r.required.days, r.required.hours),
        (Some(Days::whole(90)), Some(hours("550")))
    );
    assert_eq!(
        (r.missing.days, r.missing.hours),
        (Some(Days::whole(50)), Some(hours("50")))
    );
    assert_eq!(r.counted, [1, 2]);
    assert_eq!(
        r.explanation,
        "2023-01-01 至 2027-12-31：已完成 40 天、500 学时，要求 90 天或 550 学时，未达标，尚缺 50 天或 50 学时"
    );
}

#[test]
fn ninety_two_days_and_four_hundred_hours_meet_reg_1_because_either_figure_is_enough() {
    let mut p = cadre(Rank::Researcher4);
    p.records = vec![record(1, d(2024, 6, 30), 92, "400", OFF_JOB)];
    let r = result(
        &evaluate(&ComplianceRuleSet::national(), &p, d(2025, 1, 10)),
        "reg_1",
    );
    assert!(r.met);
    assert_eq!(r.status, Status::Met);
    assert_eq!(
        (r.missing.days, r.missing.hours),
        (Some(Days::ZERO), Some(ClassHours::ZERO))
    );
}

#[test]
fn a_fourth_grade_researcher_is_bound_by_reg_1_not_reg_3() {
    let review = evaluate(
        &ComplianceRuleSet::national(),
        &cadre(Rank::Researcher4),
        d(2025, 1, 10),
    );
    assert_eq!(bound(&review), ["reg_1", "reg_4"]);
    let staff = evaluate(
        &ComplianceRuleSet::national(),
        &cadre(Rank::PrincipalStaff1),
        d(2025, 1, 10),
    );
    assert_eq!(bound(&staff), ["reg_3", "reg_4"]);
}

// ---- R-REG-3: 12 days or 90 hours a year ----

#[test]
fn eleven_days_of_eighty_eight_hours_do_not_meet_reg_3_and_twelve_days_of_seventy_two_do() {
    let rules = ComplianceRuleSet::national();
    let mut p = cadre(Rank::SectionChief);
    p.records = vec![record(1, d(2024, 5, 10), 11, "88", CONCENTRATED)];
    let r = result(&evaluate(&rules, &p, d(2024, 12, 31)), "reg_3");
    assert_eq!((r.met, r.status, r.closed), (false, Status::NotMet, true));
    assert_eq!(
        (r.missing.days, r.missing.hours),
        (Some(Days::whole(1)), Some(hours("2")))
    );

    p.records = vec![record(1, d(2024, 5, 10), 12, "72", CONCENTRATED)];
    let r = result(&evaluate(&rules, &p, d(2024, 12, 31)), "reg_3");
    assert_eq!((r.met, r.status), (true, Status::Met));
}

#[test]
fn ninety_hours_recorded_without_days_meet_reg_3() {
    let mut p = cadre(Rank::Staff1);
    p.records = vec![record(1, d(2024, 9, 1), 0, "90", CONCENTRATED)];
    let r = result(
        &evaluate(&ComplianceRuleSet::national(), &p, d(2024, 12, 31)),
        "reg_3",
    );
    assert!(r.met);
    // The missing day figure is filled at 6 hours a day: 90 / 6 = 15 days.
    assert_eq!(r.done.days, Some(Days::whole(15)));
}

#[test]
fn a_year_not_met_is_at_risk_in_its_last_ninety_days_and_final_after_its_last_day() {
    let rules = ComplianceRuleSet::national();
    let mut p = cadre(Rank::SectionDeputy);
    p.records = vec![record(1, d(2024, 3, 10), 5, "30", CONCENTRATED)];
    let on = |date| result(&evaluate(&rules, &p, date), "reg_3");
    // 2024-10-02 is 90 days before 2024-12-31; 2024-10-01 is 91.
    assert_eq!(
        (on(d(2024, 10, 1)).status, on(d(2024, 10, 1)).closed),
        (Status::NotMet, false)
    );
    assert_eq!(on(d(2024, 10, 2)).status, Status::AtRisk);
    assert_eq!(on(d(2024, 12, 30)).status, Status::AtRisk);
    assert_eq!(
        (on(d(2024, 12, 31)).status, on(d(2024, 12, 31)).closed),
        (Status::NotMet, true)
    );
}

#[test]
fn a_class_counts_in_the_year_of_its_last_day_and_only_once_it_has_ended() {
    let rules = ComplianceRuleSet::national();
    let mut p = cadre(Rank::SectionChief);
    let mut spanning = record(1, d(2025, 1, 3), 12, "72", CONCENTRATED);
    spanning.starts_on = d(2024, 12, 23);
    p.records = vec![spanning];
    assert!(!result(&evaluate(&rules, &p, d(2024, 12, 31)), "reg_3").met);
    assert!(!result(&evaluate(&rules, &p, d(2025, 1, 2)), "reg_3").met);
    assert!(result(&evaluate(&rules, &p, d(2025, 1, 3)), "reg_3").met);
}

// ---- R-REG-4: 50 online hours a year, in their own bucket ----

#[test]
fn forty_nine_and_three_quarter_online_hours_do_not_meet_reg_4_and_fifty_do() {
    let rules = ComplianceRuleSet::national();
    let mut p = cadre(Rank::Staff2);
    p.records = vec![
        record(1, d(2024, 3, 1), 0, "30", ONLINE),
        record(2, d(2024, 11, 1), 0, "19.75", ONLINE),
    ];
    let r = result(&evaluate(&rules, &p, d(2024, 12, 31)), "reg_4");
    assert_eq!((r.met, r.status), (false, Status::NotMet));
    assert_eq!(r.done.hours, Some(hours("49.75")));
    assert_eq!(r.missing.hours, Some(hours("0.25")));
    assert_eq!(r.required.days, None);

    p.records
        .push(record(3, d(2024, 12, 31), 0, "0.25", ONLINE));
    let r = result(&evaluate(&rules, &p, d(2024, 12, 31)), "reg_4");
    assert_eq!((r.met, r.done.hours), (true, Some(hours("50"))));
}

#[test]
fn online_hours_do_not_count_towards_reg_3() {
    let mut p = cadre(Rank::SectionChief);
    p.records = vec![record(1, d(2024, 3, 1), 0, "120", ONLINE)];
    let review = evaluate(&ComplianceRuleSet::national(), &p, d(2024, 12, 31));
    let r = result(&review, "reg_3");
    assert!(!r.met && r.counted.is_empty());
    assert_eq!(r.excluded[0].reason, "网络培训单独计算，不计入本项");
    assert!(result(&review, "reg_4").met);
}

// ---- R-REG-7: privately arranged training ----

#[test]
fn private_training_counts_only_once_the_authority_recognises_it() {
    let rules = ComplianceRuleSet::national();
    let mut private = record(1, d(2024, 6, 1), 12, "72", CONCENTRATED);
    private.privately_arranged = true;
    private.recognised = false;
    private.institution = Some(Institution::TrainingInstitution);
    let mut p = cadre(Rank::SectionChief);
    p.records = vec![private.clone()];
    let r = result(&evaluate(&rules, &p, d(2024, 12, 31)), "reg_3");
    assert!(!r.met);
    assert_eq!(
        r.excluded,
        [Excluded {
            record: 1,
            reason: "社会化培训未经干部教育培训主管部门认可，不计入".to_owned()
        }]
    );

    p.records[0].recognised = true;
    assert!(result(&evaluate(&rules, &p, d(2024, 12, 31)), "reg_3").met);
}

#[test]
fn unrecognised_training_does_not_count_either() {
    let mut p = cadre(Rank::SectionChief);
    let mut r = record(1, d(2024, 6, 1), 12, "72", CONCENTRATED);
    r.recognised = false;
    p.records = vec![r];
    let result = result(
        &evaluate(&ComplianceRuleSet::national(), &p, d(2024, 12, 31)),
        "reg_3",
    );
    assert_eq!(
        result.excluded[0].reason,
        "未经干部教育培训主管部门认可的培训不计入"
    );
}

// ---- Rank changes inside a window ----

/// A 乡科级正职 from 2020 promoted to 县处级副职 on 2025-07-01.
fn promoted_mid_period() -> ComplianceFacts {
    let mut p = cadre(Rank::SectionChief);
    p.ranks = vec![
        Held {
            value: Rank::SectionChief,
            from: d(2020, 1, 1),
            until: Some(d(2025, 7, 1)),
        },
        Held {
            value: Rank::CountyDeputy,
            from: d(2025, 7, 1),
            until: None,
        },
    ];
    p.records = vec![
        record(1, d(2023, 10, 20), 30, "180", OFF_JOB),
        record(2, d(2024, 10, 20), 14, "84", CONCENTRATED),
        record(3, d(2025, 5, 20), 20, "120", OFF_JOB),
        record(4, d(2026, 4, 30), 30, "180", OFF_JOB),
    ];
    p
}

#[test]
fn a_rank_change_switches_the_rule_from_the_day_of_the_change() {
    let rules = ComplianceRuleSet::national();
    let p = promoted_mid_period();
    // The day before: still 乡科级, judged by reg_3 for 2025.
    assert_eq!(
        bound(&evaluate(&rules, &p, d(2025, 6, 30))),
        ["reg_3", "reg_4"]
    );
    // From the day of the change: 县处级, judged by reg_1 for 2023–2027.
    assert_eq!(
        bound(&evaluate(&rules, &p, d(2025, 7, 1))),
        ["reg_1", "reg_4"]
    );
    // 2024, judged after its end on its last day, is a 乡科级 year: 14 days ≥ 12.
    assert!(result(&evaluate(&rules, &p, d(2024, 12, 31)), "reg_3").met);
    // 2025 is judged on 2025-12-31, when the person is 县处级: reg_3 no longer binds for 2025.
    assert_eq!(
        bound(&evaluate(&rules, &p, d(2025, 12, 31))),
        ["reg_1", "reg_4"]
    );
}

#[test]
fn reg_1_counts_the_whole_plan_period_including_training_from_before_the_promotion() {
    let rules = ComplianceRuleSet::national();
    let p = promoted_mid_period();
    // As of 2025-12-31: records 1–3 (64 days, 384 h), all from before the promotion.
    let r = result(&evaluate(&rules, &p, d(2025, 12, 31)), "reg_1");
    assert_eq!(r.counted, [1, 2, 3]);
    assert_eq!(
        (r.done.days, r.done.hours),
        (Some(Days::whole(64)), Some(hours("384")))
    );
    assert_eq!((r.met, r.status), (false, Status::NotMet));
    // The full amount is required, not a share of the years held (no pro rata).
    assert_eq!(r.required.days, Some(Days::whole(90)));
    // 2026-04-30 brings 94 days: met.
    let r = result(&evaluate(&rules, &p, d(2026, 5, 1)), "reg_1");
    assert_eq!((r.met, r.done.days), (true, Some(Days::whole(94))));
}

// ---- R-REG-2 / R-CMP-4: promotion and make-up ----

fn county_post() -> Post {
    Post {
        rank: Rank::CountyDeputy,
        leading: true,
    }
}

#[test]
fn a_promotion_with_a_deficit_is_refused_with_what_is_missing_and_a_make_up_date() {
    let mut p = cadre(Rank::SectionChief);
    p.records = vec![record(1, d(2022, 9, 30), 40, "240", OFF_JOB)];
    let check = may_promote(
        &ComplianceRuleSet::national(),
        &p,
        &county_post(),
        d(2024, 3, 1),
    );
    assert!(!check.eligible);
    let missing: Vec<_> = check.missing().collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].promotion_rule, "reg_2");
    assert_eq!(missing[0].make_up_due_on, Some(d(2025, 3, 1)));
    // The 5 years up to the promotion day.
    assert_eq!(missing[0].result.window.starts_on, Some(d(2019, 3, 2)));
    assert_eq!(
        (
            missing[0].result.missing.days,
            missing[0].result.missing.hours
        ),
        (Some(Days::whole(50)), Some(hours("310")))
    );
}

#[test]
fn a_promotion_with_the_training_done_is_eligible() {
    let mut p = cadre(Rank::SectionChief);
    p.records = vec![record(1, d(2022, 9, 30), 90, "400", OFF_JOB)];
    let check = may_promote(
        &ComplianceRuleSet::national(),
        &p,
        &county_post(),
        d(2024, 3, 1),
    );
    assert!(check.eligible && check.missing().next().is_none());
    // A section-level post is not a reg_2 post.
    let section = Post {
        rank: Rank::SectionChief,
        leading: true,
    };
    assert!(
        may_promote(
            &ComplianceRuleSet::national(),
            &cadre(Rank::Staff1),
            &section,
            d(2024, 3, 1)
        )
        .items
        .is_empty()
    );
}

/// Promoted to 县处级副职 on 2024-03-01 with 40 days in the 5 years before.
fn promoted_with_deficit() -> ComplianceFacts {
    let mut p = cadre(Rank::SectionChief);
    p.records = vec![record(1, d(2022, 9, 30), 40, "240", OFF_JOB)];
    p.promotions = vec![Promotion {
        id: 7,
        on: d(2024, 3, 1),
        post: county_post(),
    }];
    p
}

#[test]
fn the_make_up_is_due_one_year_after_the_promotion_and_overdue_the_day_after() {
    let rules = ComplianceRuleSet::national();
    let p = promoted_with_deficit();
    let on = |date| make_ups(&rules, &p, date);
    let due = on(d(2025, 3, 1));
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].promotion, due[0].rule_id.as_str()), (7, "reg_2"));
    assert_eq!(due[0].due_on, Some(d(2025, 3, 1)));
    assert_eq!(due[0].status, MakeUpStatus::Pending);
    assert_eq!(on(d(2025, 3, 2))[0].status, MakeUpStatus::Overdue);
    assert_eq!(on(d(2024, 2, 29)), []);
}

#[test]
fn training_after_the_promotion_makes_it_up_and_its_day_decides_late_or_not() {
    let rules = ComplianceRuleSet::national();
    let mut p = promoted_with_deficit();
    p.records.push(record(2, d(2025, 3, 1), 50, "300", OFF_JOB));
    let m = &make_ups(&rules, &p, d(2025, 6, 1))[0];
    assert_eq!(
        (m.status, m.completed_on),
        (MakeUpStatus::Done, Some(d(2025, 3, 1)))
    );
    assert_eq!(m.now.counted, [1, 2]);
    assert!(!m.at_promotion.met);

    p.records[1].ends_on = d(2025, 3, 10);
    let m = &make_ups(&rules, &p, d(2025, 6, 1))[0];
    assert_eq!(
        (m.status, m.completed_on),
        (MakeUpStatus::CompletedLate, Some(d(2025, 3, 10)))
    );
}

#[test]
fn seed_000_promotions_need_three_months_at_a_school_the_rotation_rules_and_the_certificate() {
    let rules = ComplianceRuleSet::seed_000();
    let mut p = with_category(cadre(Rank::SectionDeputy), Category::SectionLeader);
    let mut theory = record(1, d(2021, 6, 30), 30, "180", OFF_JOB);
    theory.kinds.insert(TrainingKind::Theory);
    let mut professional = record(2, d(2023, 6, 30), 10, "60", CONCENTRATED);
    professional.kinds.insert(TrainingKind::Professional);
    professional.institution = None;
    p.records = vec![theory, professional];
    let check = may_promote(&rules, &p, &county_post(), d(2024, 3, 1));
    assert!(!check.eligible);
    let missing: Vec<(&str, &str)> = check
        .missing()
        .map(|i| (i.promotion_rule.as_str(), i.result.rule_id.as_str()))
        .collect();
    assert_eq!(
        missing,
        [
            ("cmp_1_promotion", "cmp_1_promotion"),
            ("cmp_4_rotation", "cmp_1_professional"),
            ("cmp_4_certificate", "cmp_4_certificate"),
        ]
    );
    // "必须": no make-up date.
    assert!(check.missing().all(|i| i.make_up_due_on.is_none()));
    // 30 days at a party school of the 90; the theory month is met.
    let school = &check.items[0].result;
    assert_eq!(
        (school.done.days, school.missing.days),
        (Some(Days::whole(30)), Some(Days::whole(60)))
    );
    assert!(
        check
            .items
            .iter()
            .any(|i| i.result.rule_id == "cmp_1_theory" && i.result.met)
    );
}

// ---- Seed 000: rotation, enterprise leaders, central groups ----

#[test]
fn the_professional_fifteen_days_roll_and_warn_before_old_training_ages_out() {
    let rules = ComplianceRuleSet::seed_000();
    let mut p = with_category(cadre(Rank::SectionChief), Category::SectionLeader);
    let mut r = record(1, d(2020, 9, 1), 15, "90", CONCENTRATED);
    r.kinds.insert(TrainingKind::Professional);
    p.records = vec![r];
    let on = |date| result(&evaluate(&rules, &p, date), "cmp_1_professional");
    // The record covers the 5-year windows ending up to 2025-08-31 (2020-09-01 … 2025-08-31).
    // From 90 days before that day it is at risk; from 2025-09-01 it is not met.
    assert_eq!(on(d(2025, 6, 2)).status, Status::Met);
    assert_eq!(on(d(2025, 6, 3)).status, Status::AtRisk);
    assert!(on(d(2025, 6, 3)).met);
    assert_eq!(on(d(2025, 8, 31)).status, Status::AtRisk);
    let gone = on(d(2025, 9, 1));
    assert_eq!(
        (gone.status, gone.window.starts_on),
        (Status::NotMet, Some(d(2020, 9, 2)))
    );
}

#[test]
fn an_enterprise_leader_needs_one_course_at_a_school_in_five_years() {
    let rules = ComplianceRuleSet::seed_000();
    let mut p = with_category(cadre(Rank::Unranked), Category::EnterpriseLeader);
    let mut elsewhere = record(1, d(2023, 5, 1), 5, "30", CONCENTRATED);
    elsewhere.institution = None;
    p.records = vec![elsewhere];
    let r = result(&evaluate(&rules, &p, d(2024, 1, 1)), "cmp_1_enterprise");
    assert_eq!(
        (r.met, r.done.times, r.missing.times),
        (false, Some(0), Some(1))
    );
    assert!(r.excluded[0].reason.starts_with("培训机构不符"));
    p.records
        .push(record(2, d(2023, 9, 1), 3, "18", CONCENTRATED));
    let r = result(&evaluate(&rules, &p, d(2024, 1, 1)), "cmp_1_enterprise");
    assert_eq!((r.met, r.counted.clone()), (true, vec![2]));
}

#[test]
fn a_central_group_member_needs_six_days_of_group_study_a_year() {
    let rules = ComplianceRuleSet::seed_000();
    let mut p = cadre(Rank::SectionChief);
    p.central_group = vec![Period {
        from: d(2022, 1, 1),
        until: None,
    }];
    let study = |id, day| {
        record(
            id,
            d(2024, 3, day),
            0,
            "3",
            &[TrainingKind::CentralGroupStudy],
        )
    };
    // Half-day sessions of 3 hours: 0.5 day each at 6 hours a day.
    p.records = (1..=11).map(|i| study(i, i as u32)).collect();
    let r = result(
        &evaluate(&rules, &p, d(2024, 12, 31)),
        "cmp_2_central_group",
    );
    assert_eq!(
        (r.met, r.done.days),
        (false, Some(Days::from_hundredths(550)))
    );
    p.records.push(study(12, 20));
    assert!(
        result(
            &evaluate(&rules, &p, d(2024, 12, 31)),
            "cmp_2_central_group"
        )
        .met
    );
    assert!(
        !bound(&evaluate(
            &rules,
            &cadre(Rank::SectionChief),
            d(2024, 12, 31)
        ))
        .contains(&"cmp_2_central_group")
    );
}

#[test]
fn a_month_of_training_goes_into_the_personal_file() {
    let conversion = ComplianceRuleSet::seed_000().conversion;
    let month = record(1, d(2024, 6, 30), 30, "180", OFF_JOB);
    let shorter = record(2, d(2024, 6, 30), 29, "174", OFF_JOB);
    assert!(month.goes_into_personal_file(conversion.days_per_month));
    assert!(!shorter.goes_into_personal_file(conversion.days_per_month));
}

// ---- Seed 003: organisation-department cadres ----

fn org_cadre(id: i64, trained: bool) -> ComplianceFacts {
    let mut p = with_category(cadre(Rank::PrincipalStaff2), Category::OrgDeptCadre);
    p.person = PersonId(id);
    if trained {
        p.records = vec![record(id, d(2024, 4, 15), 5, "30", OFF_JOB)];
    }
    p
}

#[test]
fn one_fifth_of_organisation_cadres_trained_a_year_counts_whole_people_rounding_up() {
    let rules = ComplianceRuleSet::seed_003();
    let unit = |people: usize, trained: usize| -> Vec<ComplianceFacts> {
        (0..people)
            .map(|i| org_cadre(i as i64 + 1, i < trained))
            .collect()
    };
    // 10 people: 2 is exactly one fifth ("以上" includes it).
    let c = &coverage(&rules, &unit(10, 2), d(2024, 12, 31))[0];
    assert_eq!((c.required, c.met, c.trained.len()), (2, true, 2));
    // 11 people: ⌈11/5⌉ = 3.
    let c = &coverage(&rules, &unit(11, 2), d(2024, 12, 31))[0];
    assert_eq!(
        (c.required, c.met, c.missing, c.status),
        (3, false, 1, Status::NotMet)
    );
    assert_eq!(
        c.explanation,
        "2024-01-01 至 2024-12-31：应训 11 人，已培训 2 人，要求 1/5 以上即 3 人，未达标，尚缺 1 人"
    );
    let c = &coverage(&rules, &unit(11, 2), d(2024, 11, 1))[0];
    assert_eq!(c.status, Status::AtRisk);
}

#[test]
fn an_organisation_cadre_needs_three_months_off_the_job_at_a_school_in_five_years() {
    let rules = ComplianceRuleSet::seed_003();
    let mut p = org_cadre(1, false);
    p.records = vec![
        record(1, d(2021, 6, 30), 60, "360", OFF_JOB),
        record(2, d(2024, 6, 30), 30, "180", OFF_JOB),
    ];
    let r = result(&evaluate(&rules, &p, d(2025, 1, 1)), "cmp_3_org_cadres");
    assert_eq!((r.met, r.done.days), (true, Some(Days::whole(90))));
}

// ---- The documents ----

#[test]
fn the_built_in_sets_read_as_the_regulations_and_seeds_write_them() {
    let national = ComplianceRuleSet::national();
    let ids: Vec<&str> = national
        .requirements
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(ids, ["reg_1", "reg_3", "reg_4"]);
    let reg_1 = national.requirement("reg_1").unwrap();
    assert_eq!(
        reg_1.amount.required(&national.conversion),
        Some(Required::Time {
            days: Some(Days::whole(90)),
            hours: Some(hours("550"))
        })
    );
    assert_eq!(
        reg_1.window,
        WindowSpec::PlanPeriod {
            first_year: 2023,
            years: 5
        }
    );
    assert_eq!(national.promotions[0].make_up_years, Some(1));
    let seed = ComplianceRuleSet::seed_000();
    assert_eq!(seed.requirements.len(), 4);
    assert_eq!(seed.promotions.len(), 3);
    assert_eq!(ComplianceRuleSet::seed_003().coverage[0].share, "1/5");
}

fn line_of(text: &str, starts: &str) -> usize {
    text.lines().position(|l| l.starts_with(starts)).unwrap() + 1
}

#[test]
fn a_bad_value_names_its_line() {
    let text = NATIONAL.replacen("amount = { hours = 50 }", "amount = { hours = -50 }", 1);
    let error = ComplianceRuleSet::from_toml(&text).unwrap_err();
    assert_eq!(error.code(), "COMPLIANCE_RULES_SYNTAX");
    let line = line_of(&text, "amount = { hours = -50 }");
    assert!(
        error.to_string().contains(&format!("第 {line} 行")),
        "{error}"
    );
}

#[test]
fn an_impossible_rule_names_its_line_and_a_stable_code() {
    let cases = [
        (
            NATIONAL.replacen(
                "amount = { hours = 50 }",
                "amount = { hours = 50, times = 2 }",
                1,
            ),
            "amount = { hours = 50, times = 2 }",
            "COMPLIANCE_RULES_AMOUNT",
        ),
        (
            NATIONAL.replacen("id = \"reg_3\"", "id = \"reg_1\"", 1),
            "id = \"reg_1\"\nname = \"乡科级",
            "COMPLIANCE_RULES_DUPLICATE_ID",
        ),
        (
            NATIONAL.replacen("binds = { everyone = true }", "binds = {}", 1),
            "binds = {}",
            "COMPLIANCE_RULES_BINDS_NOBODY",
        ),
        (
            NATIONAL.replacen("make_up_years = 1", "make_up_years = 0", 1),
            "make_up_years = 0",
            "COMPLIANCE_RULES_MAKE_UP",
        ),
        (
            NATIONAL.replacen("days_per_month = 30", "days_per_month = 20", 1),
            "days_per_month = 20",
            "COMPLIANCE_RULES_CONVERSION",
        ),
        (
            SEED_000.replacen("\"cmp_1_enterprise\"]", "\"cmp_9\"]", 1),
            "requirements_met",
            "COMPLIANCE_RULES_UNKNOWN_REQUIREMENT",
        ),
        (
            SEED_003.replacen("share = \"1/5\"", "share = \"6/5\"", 1),
            "share = \"6/5\"",
            "COMPLIANCE_RULES_SHARE",
        ),
        (
            NATIONAL.replacen(
                "{ kind = \"calendar_year\" }\ncounts = { kinds_any = [\"online\"] }",
                "{ kind = \"ever\" }\ncounts = { kinds_any = [\"online\"] }",
                1,
            ),
            "window = { kind = \"ever\" }",
            "COMPLIANCE_RULES_WINDOW",
        ),
    ];
    for (text, at, code) in cases {
        let error = ComplianceRuleSet::from_toml(&text).unwrap_err();
        assert_eq!(error.code(), code, "{error}");
        let line = text
            .find(at)
            .map(|i| text[..i].matches('\n').count() + 1)
            .unwrap();
        assert!(
            error.to_string().starts_with(&format!("第 {line} 行：")),
            "{code}: {error}"
        );
    }
}

#[test]
fn unknown_keys_and_kinds_are_refused_as_syntax() {
    let typo = NATIONAL.replacen("make_up_years", "makeup_years", 1);
    assert_eq!(
        ComplianceRuleSet::from_toml(&typo).unwrap_err().code(),
        "COMPLIANCE_RULES_SYNTAX"
    );
    let kind = NATIONAL.replacen("kinds_any = [\"online\"]", "kinds_any = [\"onlne\"]", 1);
    assert_eq!(
        ComplianceRuleSet::from_toml(&kind).unwrap_err().code(),
        "COMPLIANCE_RULES_SYNTAX"
    );
}

// ---- Properties ----

fn any_record(id: i64) -> impl Strategy<Value = TrainingRecord> {
    let kinds = proptest::sample::subsequence(TrainingKind::ALL.to_vec(), 0..=3);
    let institution = proptest::option::of(proptest::sample::select(Institution::ALL.to_vec()));
    (
        0..(365 * 8i64),
        0..100u32,
        0..80_000u32,
        kinds,
        institution,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            move |(day, days, hours, kinds, institution, recognised, private)| {
                let ends_on = d(2019, 1, 1) + chrono::Duration::days(day);
                TrainingRecord {
                    id,
                    title: String::new(),
                    starts_on: ends_on,
                    ends_on,
                    days: Days::from_hundredths(days * 50),
                    hours: ClassHours::from_hundredths(hours / 25 * 25),
                    kinds: kinds.into_iter().collect(),
                    institution,
                    recognised,
                    privately_arranged: private,
                }
            },
        )
}

fn any_records() -> impl Strategy<Value = Vec<TrainingRecord>> {
    proptest::collection::vec(any_record(0), 0..12).prop_map(|mut v| {
        for (i, r) in v.iter_mut().enumerate() {
            r.id = i as i64 + 1;
        }
        v
    })
}

/// Someone every requirement of the built-in sets binds.
fn everyone_bound(records: Vec<TrainingRecord>) -> ComplianceFacts {
    let mut p = cadre(Rank::SectionChief);
    for c in [
        Category::SectionLeader,
        Category::EnterpriseLeader,
        Category::OrgDeptCadre,
        Category::CountyLeader,
    ] {
        p = with_category(p, c);
    }
    p.central_group = vec![Period {
        from: d(2015, 1, 1),
        until: None,
    }];
    p.records = records;
    p
}

fn all_sets() -> Vec<ComplianceRuleSet> {
    vec![
        ComplianceRuleSet::national(),
        ComplianceRuleSet::seed_000(),
        ComplianceRuleSet::seed_003(),
    ]
}

fn as_of() -> impl Strategy<Value = NaiveDate> {
    (0..(365 * 8i64)).prop_map(|day| d(2019, 1, 1) + chrono::Duration::days(day))
}

proptest! {
    #[test]
    fn adding_a_counting_record_never_turns_met_into_not_met(
        records in any_records(),
        extra in any_record(1000),
        as_of in as_of(),
    ) {
        for rules in all_sets() {
            let before = evaluate(&rules, &everyone_bound(records.clone()), as_of);
            let mut more = records.clone();
            more.push(extra.clone());
            let after = evaluate(&rules, &everyone_bound(more), as_of);
            for (b, a) in before.requirements.iter().zip(&after.requirements) {
                prop_assert_eq!(&b.rule_id, &a.rule_id);
                prop_assert!(!b.met || a.met, "{} turned unmet", b.rule_id);
                prop_assert!(a.done.days >= b.done.days && a.done.hours >= b.done.hours);
                prop_assert!(a.done.times >= b.done.times);
            }
        }
    }

    #[test]
    fn missing_is_required_less_done_or_zero_when_met(records in any_records(), as_of in as_of()) {
        for rules in all_sets() {
            for r in evaluate(&rules, &everyone_bound(records.clone()), as_of).requirements {
                let gap = |req: Option<u32>, done: Option<u32>| req.map(|q| q.saturating_sub(done.unwrap_or(0)));
                let reached = |req: Option<u32>, done: Option<u32>| req.is_some_and(|q| done.unwrap_or(0) >= q);
                let days = (r.required.days.map(Days::hundredths), r.done.days.map(Days::hundredths));
                let hours = (r.required.hours.map(ClassHours::hundredths), r.done.hours.map(ClassHours::hundredths));
                let times = (r.required.times, r.done.times);
                prop_assert_eq!(r.met, reached(days.0, days.1) || reached(hours.0, hours.1) || reached(times.0, times.1));
                if r.met {
                    prop_assert!(r.missing.days.is_none_or(|m| m == Days::ZERO));
                    prop_assert!(r.missing.hours.is_none_or(|m| m == ClassHours::ZERO));
                    prop_assert!(r.missing.times.is_none_or(|m| m == 0));
                    prop_assert_ne!(r.status, Status::NotMet);
                } else {
                    prop_assert_eq!(r.missing.days.map(Days::hundredths), gap(days.0, days.1));
                    prop_assert_eq!(r.missing.hours.map(ClassHours::hundredths), gap(hours.0, hours.1));
                    prop_assert_eq!(r.missing.times, gap(times.0, times.1));
                    prop_assert_ne!(r.status, Status::Met);
                }
            }
        }
    }

    #[test]
    fn only_records_of_the_window_up_to_the_date_are_looked_at_in_any_order(
        records in any_records(),
        as_of in as_of(),
    ) {
        for rules in all_sets() {
            let review = evaluate(&rules, &everyone_bound(records.clone()), as_of);
            let mut reversed = records.clone();
            reversed.reverse();
            prop_assert_eq!(&review, &evaluate(&rules, &everyone_bound(reversed), as_of));
            for r in &review.requirements {
                for id in r.counted.iter().chain(r.excluded.iter().map(|e| &e.record)) {
                    let record = records.iter().find(|x| x.id == *id).unwrap();
                    prop_assert!(r.window.contains(record.ends_on) && record.ends_on <= as_of);
                }
            }
        }
    }

    #[test]
    fn a_make_up_is_overdue_exactly_after_its_due_day(
        records in any_records(),
        promoted in as_of(),
        later in 0..800i64,
    ) {
        let rules = ComplianceRuleSet::national();
        let mut p = everyone_bound(records);
        p.promotions = vec![Promotion { id: 1, on: promoted, post: county_post() }];
        let as_of = promoted + chrono::Duration::days(later);
        for m in make_ups(&rules, &p, as_of) {
            let due = m.due_on.unwrap();
            match m.status {
                MakeUpStatus::Overdue => prop_assert!(as_of > due && m.completed_on.is_none()),
                MakeUpStatus::Pending => prop_assert!(as_of <= due && m.completed_on.is_none()),
                MakeUpStatus::Done => prop_assert!(m.completed_on.unwrap() <= due),
                MakeUpStatus::CompletedLate => prop_assert!(m.completed_on.unwrap() > due),
                MakeUpStatus::NotAllowed => prop_assert!(false, "reg_2 allows a make-up"),
            }
        }
    }
}

#[test]
fn evaluate_requirement_is_none_for_people_it_does_not_bind() {
    let rules = ComplianceRuleSet::national();
    let reg_1 = rules.requirement("reg_1").unwrap();
    assert!(
        evaluate::evaluate_requirement(&rules, reg_1, &cadre(Rank::Staff1), d(2024, 1, 1))
            .is_none()
    );
}
