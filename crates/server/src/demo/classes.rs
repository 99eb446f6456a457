//! A year of classes for the demo county, in every state, made through the same use cases the
//! web app calls, on a clock moved through the year: dossiers drafted and submitted ahead of
//! time (a few late), approved or filed by the organisation department, one rejected and one
//! cancelled, teaching plans with the instructor pool, named trainees with a waiting list,
//! arrival reports, performance reports (one overdue) and certificates; annual plans too.

use crate::app::classes::certificates;
use crate::app::classes::dossier::{self, ClassInput};
use crate::app::classes::enrolment::{self, ArrivalInput, ArrivalMark, EnrolInput};
use crate::app::classes::reports::{self, Narrative, ReportInput, SubmitReportInput};
use crate::app::classes::teaching::{self, InstructorInput, SessionInput, TeachingPlanInput};
use crate::app::classes::workflow::{self, ActionInput};
use crate::app::plans::{self, DecisionInput, ItemInput};
use crate::app::{App, AppError, Principal};
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::FixedClock;
use ganxun_domain::PersonId;
use ganxun_domain::classes::{EligibilityConditions, EnrolmentStatus};
use ganxun_storage::{AccessScope, org, people};
use rand::Rng;
use rand::rngs::StdRng;
use std::sync::Arc;

/// Where a demo class stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Draft,
    Submitted,
    Rejected,
    Approved,
    Enrolling,
    InProgress,
    Ended,
    Reported,
    Archived,
    Cancelled,
}

struct Spec {
    title: &'static str,
    kind: &'static str,
    by: &'static str,
    categories: &'static [&'static str],
    /// Days from today to the first day.
    starts_in: i64,
    days: i64,
    capacity: i32,
    stage: Stage,
    /// Submitted only this many days ahead (late), instead of a month.
    late: bool,
}

#[allow(clippy::too_many_arguments, reason = "one row of the table below")]
const fn spec(
    title: &'static str,
    kind: &'static str,
    by: &'static str,
    categories: &'static [&'static str],
    starts_in: i64,
    days: i64,
    capacity: i32,
    stage: Stage,
    late: bool,
) -> Spec {
    Spec {
        title,
        kind,
        by,
        categories,
        starts_in,
        days,
        capacity,
        stage,
        late,
    }
}

const SPECS: &[Spec] = &[
    spec(
        "全县中小学校长任职资格培训班",
        "leader_appointment",
        "jyj",
        &["principal"],
        -260,
        5,
        40,
        Stage::Archived,
        false,
    ),
    spec(
        "新任科级领导干部任职培训班",
        "leader_appointment",
        "jyj",
        &["section_leader"],
        -230,
        5,
        30,
        Stage::Archived,
        false,
    ),
    spec(
        "学习贯彻党的二十届四中全会精神专题班",
        "theory_party_spirit",
        "shahu",
        &["section_leader"],
        -200,
        3,
        50,
        Stage::Reported,
        true,
    ),
    spec(
        "乡村振兴专题培训班",
        "themed_class",
        "shahu",
        &["village_committee"],
        -170,
        3,
        60,
        Stage::Reported,
        false,
    ),
    spec(
        "班主任能力提升培训班",
        "in_service_capability",
        "jyj",
        &["teacher"],
        -150,
        4,
        45,
        Stage::Reported,
        false,
    ),
    spec(
        "送教下乡·沙湖镇村干部轮训",
        "teaching_to_countryside",
        "shahu",
        &["village_committee"],
        -120,
        2,
        80,
        Stage::Reported,
        false,
    ),
    spec(
        "校本培训·新课标教学研讨",
        "school_based",
        "jyj",
        &["teacher"],
        -90,
        1,
        60,
        Stage::Reported,
        false,
    ),
    spec(
        "安全生产监管能力培训班",
        "in_service_capability",
        "shahu",
        &["civil_servant"],
        -60,
        2,
        40,
        Stage::Ended,
        false,
    ),
    spec(
        "科级干部依法行政专题班",
        "themed_class",
        "jyj",
        &["section_leader"],
        -30,
        3,
        35,
        Stage::Ended,
        false,
    ),
    spec(
        "年轻干部理论学习班",
        "theory_party_spirit",
        "shahu",
        &["reserve_cadre"],
        -1,
        4,
        30,
        Stage::InProgress,
        false,
    ),
    spec(
        "学校安全管理专题培训",
        "themed_class",
        "jyj",
        &["principal"],
        12,
        4,
        40,
        Stage::Enrolling,
        false,
    ),
    spec(
        "基层党建工作培训班",
        "concentrated_rotation",
        "shahu",
        &["village_committee"],
        20,
        3,
        3,
        Stage::Enrolling,
        false,
    ),
    spec(
        "乡镇党委书记专题研修班",
        "senior_seminar",
        "shahu",
        &["section_leader"],
        45,
        3,
        30,
        Stage::Approved,
        false,
    ),
    spec(
        "教师信息技术应用能力培训",
        "online",
        "jyj",
        &["teacher"],
        28,
        2,
        100,
        Stage::Approved,
        false,
    ),
    spec(
        "妇女干部能力提升班",
        "themed_class",
        "shahu",
        &["womens_federation"],
        24,
        2,
        40,
        Stage::Submitted,
        true,
    ),
    spec(
        "后备干部外出考察学习",
        "study_tour",
        "jyj",
        &["reserve_cadre"],
        35,
        4,
        20,
        Stage::Rejected,
        false,
    ),
    spec(
        "2027年寒假校长读书班",
        "reading_study",
        "jyj",
        &["principal"],
        60,
        3,
        40,
        Stage::Draft,
        false,
    ),
    spec(
        "防汛抗旱业务培训",
        "themed_class",
        "shahu",
        &["civil_servant"],
        40,
        1,
        50,
        Stage::Cancelled,
        false,
    ),
];

const TOPICS: &[&str] = &[
    "习近平新时代中国特色社会主义思想专题辅导",
    "党性教育与作风建设",
    "依法行政与法治思维",
    "基层治理现代化",
    "乡村振兴政策解读",
    "廉政警示教育",
    "突发事件应对与舆情处置",
    "现场教学与经验交流",
    "分组研讨",
    "结业考试与总结",
];

const INSTRUCTORS: &[(&str, &str, &str)] = &[
    ("周文华", "教授", "市委党校"),
    ("吴建国", "副教授", "市委党校"),
    ("郑丽萍", "高级讲师", "县委党校"),
    ("王海波", "讲师", "县委党校"),
    ("陈思远", "研究员", "市社科院"),
    ("刘晓梅", "正高级教师", "示范县第1中学"),
];

/// The app with a clock of its own, set to China 09:00 on `date`.
fn on(app: &App, date: NaiveDate) -> App {
    let at = Utc.from_utc_datetime(&date.and_hms_opt(1, 0, 0).unwrap_or_default());
    App {
        clock: Arc::new(FixedClock::at(at)),
        ..app.clone()
    }
}

async fn principal(app: &App, username: &str) -> anyhow::Result<Principal> {
    Principal::of_username(app, username)
        .await
        .map_err(|e| anyhow::anyhow!("demo account {username}: {e:?}"))
}

fn fail(what: &str) -> impl Fn(AppError) -> anyhow::Error + '_ {
    move |e| anyhow::anyhow!("演示数据：{what}失败：{e:?}")
}

/// People of the demo county to name as trainees.
async fn trainees(app: &App, county_path: &str, count: u64) -> anyhow::Result<Vec<PersonId>> {
    let scope = AccessScope {
        subtrees: vec![county_path.to_owned()],
        ..AccessScope::default()
    };
    let page = people::search(&app.db, &app.key, &scope, &Default::default(), 1, count).await?;
    Ok(page.items.into_iter().map(|p| p.id).collect())
}

/// Two sessions a day, instructors in turn.
fn sessions(
    starts_on: NaiveDate,
    days: i64,
    instructors: &[ganxun_domain::InstructorId],
    rng: &mut StdRng,
) -> Vec<SessionInput> {
    let mut sessions = Vec::new();
    for day in 0..days {
        let date = starts_on + Duration::days(day);
        for (start, end) in [("09:00", "12:00"), ("14:30", "17:30")] {
            let topic = TOPICS[rng.gen_range(0..TOPICS.len())];
            sessions.push(SessionInput {
                date,
                start_time: start.to_owned(),
                end_time: end.to_owned(),
                topic: topic.to_owned(),
                // Discussion and visits have no lecturer; in-house topics rotate the pool.
                instructor_id: (!topic.contains("研讨"))
                    .then(|| instructors[sessions.len() % instructors.len()]),
                declared_hours: None,
            });
        }
    }
    sessions
}

/// Makes the demo year; returns how many classes it made.
pub async fn generate(app: &App, rng: &mut StdRng) -> anyhow::Result<usize> {
    let today = app.today();
    let zzb = principal(app, "zzb").await?;
    let jyj = principal(app, "jyj").await?;
    let shahu = principal(app, "shahu").await?;
    let head_teacher = principal(app, "banzhuren").await?;
    let everything = AccessScope::everything();
    let unit = |code: &'static str| {
        let everything = everything.clone();
        async move {
            org::find_by_code(&app.db, &everything, code)
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo unit {code} missing"))
        }
    };
    let county = unit("SFX").await?;
    let party_school = unit("SFX-DX").await?;
    let personnel_office = unit("SFX-JYJ-RSK").await?;
    let start_of_year = NaiveDate::from_ymd_opt(today.year(), 1, 5).unwrap_or(today);
    let at_start = on(app, start_of_year - Duration::days(90));
    let mut instructors = Vec::new();
    for (name, title, affiliation) in INSTRUCTORS {
        let input = InstructorInput {
            name: (*name).to_owned(),
            title: (*title).to_owned(),
            affiliation: (*affiliation).to_owned(),
        };
        instructors.push(
            teaching::add_instructor(&at_start, &zzb, &input)
                .await
                .map_err(fail("师资"))?
                .id,
        );
    }
    annual_plans(app, &zzb, &jyj, &shahu, today).await?;
    let pool = trainees(app, &county.path, 400).await?;
    // The demo trainee has a seat in the class running today, so signing in at a session and
    // asking for leave can be tried at once (issue 17 item 6).
    let learner = principal(app, "xueyuan").await?.person_id;
    let mut made = 0;
    // One withdrawal (退学) in the demo year is enough to show it.
    let mut withdrawals = 0;
    for (index, spec) in SPECS.iter().enumerate() {
        let by = if spec.by == "jyj" { &jyj } else { &shahu };
        let starts_on = today + Duration::days(spec.starts_in);
        let ends_on = starts_on + Duration::days(spec.days - 1);
        let section_leaders = spec.categories.contains(&"section_leader");
        // Section leaders' classes come in the fourth quarter of the year before (seed 000);
        // the rest a month ahead, late ones a week ahead.
        let drafted_on = if spec.late {
            starts_on - Duration::days(7)
        } else if section_leaders {
            NaiveDate::from_ymd_opt(starts_on.year() - 1, 11, 20).unwrap_or(starts_on)
        } else {
            starts_on - Duration::days(35)
        };
        let drafted_on = drafted_on.min(today);
        let desk = on(app, drafted_on);
        let input = ClassInput {
            title: spec.title.to_owned(),
            kind: spec.kind.to_owned(),
            organiser_unit_id: by.unit_id,
            host_unit_id: Some(party_school.id),
            host_name: String::new(),
            target_trainees: format!(
                "全县{}",
                spec.categories
                    .iter()
                    .filter_map(|c| ganxun_domain::Category::parse(c))
                    .map(|c| c.label_zh())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            trainee_categories: spec.categories.iter().map(|c| (*c).to_owned()).collect(),
            starts_on,
            ends_on,
            venue: "示范县委党校报告厅".to_owned(),
            funding_source: "budget".to_owned(),
            fee_fen: 0,
            capacity: Some(spec.capacity),
            head_teacher_account_id: Some(head_teacher.account_id),
            monitor_person_id: None,
            liaison_name: "县委党校教务科".to_owned(),
            liaison_phone: Some(format!("1390715{:04}", 1000 + index)),
            eligibility: EligibilityConditions::default(),
            plan_item_id: None,
            // The bureau's classes name its personnel office for leave; the town's leave it to
            // those who run the class.
            leave_office_unit_id: (spec.by == "jyj").then_some(personnel_office.id),
            version: None,
        };
        let class = dossier::create(&desk, by, &input)
            .await
            .map_err(fail("创建班次"))?;
        made += 1;
        let id = class.id;
        let plan = TeachingPlanInput {
            version: class.version,
            sessions: sessions(starts_on, spec.days, &instructors, rng),
        };
        teaching::set_plan(&desk, by, id, &plan)
            .await
            .map_err(fail("教学计划"))?;
        if spec.stage == Stage::Draft {
            continue;
        }
        let act = async |app: &App, who: &Principal, action: &str, reason: &str| {
            let input = ActionInput {
                action: action.to_owned(),
                reason: reason.to_owned(),
            };
            workflow::act(app, who, id, &input)
                .await
                .map_err(fail(action))
        };
        act(&desk, by, "submit", "").await?;
        if spec.stage == Stage::Submitted {
            continue;
        }
        let decided = on(app, (drafted_on + Duration::days(3)).min(today));
        if spec.stage == Stage::Rejected {
            act(
                &decided,
                &zzb,
                "reject",
                "考察地点与培训主题关联不紧密，请调整行程后重新申报",
            )
            .await?;
            continue;
        }
        if spec.stage == Stage::Cancelled {
            act(&decided, by, "cancel", "因防汛任务调整，班次取消").await?;
            continue;
        }
        let decision = if section_leaders { "approve" } else { "file" };
        act(&decided, &zzb, decision, "同意举办").await?;
        if spec.stage == Stage::Approved {
            continue;
        }
        act(&decided, by, "open_enrolment", "").await?;
        let seats = usize::try_from(spec.capacity).unwrap_or(0);
        let wanted = (seats + seats / 10 + 1).min(pool.len());
        let offset = (index * 23) % pool.len().max(1);
        let mut named: Vec<PersonId> = pool
            .iter()
            .cycle()
            .skip(offset)
            .take(wanted)
            .copied()
            .collect();
        if let (Stage::InProgress, Some(learner)) = (spec.stage, learner) {
            // First, so the seat is a place and not the waiting list.
            named.retain(|p| *p != learner);
            named.insert(0, learner);
        }
        enrolment::enrol(
            &decided,
            &zzb,
            id,
            &EnrolInput {
                person_ids: named,
                note: "点名调学".to_owned(),
            },
        )
        .await
        .map_err(fail("点名调学"))?;
        if spec.stage == Stage::Enrolling {
            let roster = enrolment::roster(&decided, &zzb, id)
                .await
                .map_err(fail("名单"))?;
            pending_leave(app, id, &roster).await?;
            continue;
        }
        let opening = on(app, starts_on);
        act(&opening, &head_teacher, "start", "").await?;
        let roster = enrolment::roster(&opening, &head_teacher, id)
            .await
            .map_err(fail("名单"))?;
        let marks = roster
            .iter()
            .filter(|r| r.status == EnrolmentStatus::Enrolled)
            .enumerate()
            // About one in twelve does not come.
            .map(|(i, r)| ArrivalMark {
                person_id: r.person_id,
                arrived: i % 12 != 5,
            })
            .collect();
        enrolment::mark_arrival(&opening, &head_teacher, id, &ArrivalInput { marks })
            .await
            .map_err(fail("到位"))?;
        workflow::send_arrival_report(&opening, &head_teacher, id)
            .await
            .map_err(fail("到位报送"))?;
        roll_calls(app, &head_teacher, id, &roster, &mut withdrawals, rng).await?;
        if spec.stage == Stage::InProgress {
            pending_leave(app, id, &roster).await?;
            continue;
        }
        let closing = on(app, ends_on);
        act(&closing, &head_teacher, "end", "").await?;
        match certificates::issue(&closing, &head_teacher, id).await {
            Ok(_) => {}
            // A class in which nobody completed issues nothing (ADR 0023).
            Err(e) if ganxun_domain::Problem::code(&e) == "NO_ONE_TO_CERTIFY" => {}
            Err(e) => return Err(fail("发证")(e)),
        }
        if spec.stage == Stage::Ended {
            continue;
        }
        let writing = on(app, ends_on + Duration::days(if spec.late { 9 } else { 3 }));
        let narrative = Narrative {
            summary: format!("{}按计划完成全部教学内容。", spec.title),
            effects: "学员普遍反映课程针对性强，理论联系实际，收获较大。".to_owned(),
            problems: "个别学员因工作原因请假，部分课程研讨时间偏紧。".to_owned(),
            suggestions: "下期适当增加现场教学和案例研讨比重。".to_owned(),
        };
        let page = reports::save(
            &writing,
            &head_teacher,
            id,
            &ReportInput {
                narrative,
                version: None,
            },
        )
        .await
        .map_err(fail("绩效报告"))?;
        let version = page.stored.map(|s| s.version).unwrap_or(1);
        reports::submit(&writing, &head_teacher, id, &SubmitReportInput { version })
            .await
            .map_err(fail("报送报告"))?;
        if spec.stage == Stage::Archived {
            act(&on(app, ends_on + Duration::days(30)), &zzb, "archive", "").await?;
        }
    }
    // Research outputs are entered by the bureau's administrator for the bureau's own staff and
    // approved by the authority: nobody approves what they entered.
    let bureau = ganxun_storage::org::get_unit_unscoped(&app.db, jyj.unit_id).await?;
    let bureau_staff = trainees(app, &bureau.path, 2).await?;
    credit_records(app, &zzb, &jyj, &pool, &bureau_staff, today).await?;
    Ok(made)
}

/// Credit records besides roll calls: an exam with every band, a reading salon, a school term,
/// and two papers of the bureau's staff entered by its administrator: one co-written and
/// approved by the authority, one awaiting approval.
async fn credit_records(
    app: &App,
    zzb: &Principal,
    bureau_admin: &Principal,
    pool: &[PersonId],
    bureau_staff: &[PersonId],
    today: NaiveDate,
) -> anyhow::Result<()> {
    use crate::app::credits::{
        self, FactDecisionInput, ResearchInput, SalonGroupInput, SalonInput, SchoolTermInput,
        ScoreInput, ScoresInput,
    };
    let [a, b, c, d, e, f, ..] = pool else {
        return Ok(());
    };
    let month_ago = today - Duration::days(30);
    let scores = [
        (a, "92"),
        (b, "85"),
        (c, "78.5"),
        (d, "66"),
        (e, "59"),
        (f, "88"),
    ];
    let input = ScoresInput {
        kind: "exam".to_owned(),
        title: "教育政策法规测试".to_owned(),
        date: month_ago,
        class_id: None,
        scores: scores
            .iter()
            .map(|(p, s)| ScoreInput {
                person_id: **p,
                score: (*s).to_owned(),
            })
            .collect(),
    };
    credits::record_scores(app, zzb, &input)
        .await
        .map_err(fail("考试成绩"))?;
    let group = |name: &str, score: &str, members: Vec<PersonId>| SalonGroupInput {
        name: name.to_owned(),
        score: score.to_owned(),
        members,
    };
    let salon = SalonInput {
        title: "《给教师的建议》读书沙龙".to_owned(),
        date: month_ago + Duration::days(7),
        class_id: None,
        groups: vec![
            group("第一组", "91", vec![*a, *b, *c]),
            group("第二组", "84", vec![*d, *e, *f]),
        ],
    };
    credits::record_salon(app, zzb, &salon)
        .await
        .map_err(fail("读书沙龙"))?;
    let term = SchoolTermInput {
        person_id: *c,
        term: format!("{} 年春季学期", today.year()),
        ends_on: NaiveDate::from_ymd_opt(today.year(), 7, 10)
            .unwrap_or(month_ago)
            .min(today),
        attended: 8,
        taught: 2,
    };
    credits::record_school_term(app, zzb, &term)
        .await
        .map_err(fail("校本培训"))?;
    let [author, other_author, ..] = bureau_staff else {
        return Ok(());
    };
    for (person, title, approve) in [
        (author, "农村小学课后服务的实践与思考", true),
        (other_author, "县域教师专业发展共同体建设", false),
    ] {
        let paper = ResearchInput {
            person_id: *person,
            kind: "paper".to_owned(),
            level: "provincial".to_owned(),
            title: title.to_owned(),
            date: month_ago,
            co_authored: approve,
            supplement: false,
            evidence: "《湖北教育》正刊".to_owned(),
        };
        let recorded = credits::submit_research(app, bureau_admin, &paper)
            .await
            .map_err(fail("教科研成果"))?;
        if let (true, Some(record)) = (approve, recorded.records.first()) {
            let decision = FactDecisionInput {
                decision: "approve".to_owned(),
                reason: String::new(),
            };
            credits::decide_fact(app, zzb, record.id, &decision)
                .await
                .map_err(fail("成果审核"))?;
        }
    }
    Ok(())
}

/// Roll calls of every session held so far: most trainees present, some late or leaving early,
/// a few absent (all of them when they never arrived); one trainee per class asks for leave from
/// the last session held, approved within the 1/7 cap, refused past it — or, once in the year,
/// approved with a withdrawal.
async fn roll_calls(
    app: &App,
    head_teacher: &Principal,
    class_id: ClassId,
    roster: &[ganxun_storage::classes::enrolment::EnrolmentRow],
    withdrawals: &mut usize,
    rng: &mut StdRng,
) -> anyhow::Result<()> {
    use ganxun_domain::attendance::{AttendanceStatus, MarkSource};
    use ganxun_storage::attendance::{self, MarkChange, NewLeave};
    let now_local = ganxun_domain::china_datetime(app.now());
    let sessions: Vec<_> = attendance::sessions_of_class(&app.db, class_id)
        .await?
        .into_iter()
        .filter(|s| {
            chrono::NaiveTime::parse_from_str(&s.start_time, "%H:%M")
                .is_ok_and(|t| s.date.and_time(t) <= now_local)
        })
        .collect();
    let enrolled: Vec<_> = roster
        .iter()
        .filter(|r| r.status == EnrolmentStatus::Enrolled)
        .collect();
    let Some(last) = sessions.last() else {
        return Ok(());
    };
    let leave_taker = enrolled.get(enrolled.len() / 2).map(|r| r.person_id);
    let actor = ganxun_storage::Actor {
        account_id: Some(head_teacher.account_id),
        name: head_teacher.username.clone(),
        ip: "local".to_owned(),
    };
    let mut marks = Vec::new();
    for session in &sessions {
        attendance::open_roll_call(&app.db, &actor, app.now(), class_id, session.id).await?;
        for trainee in &enrolled {
            if Some(trainee.person_id) == leave_taker && session.id == last.id {
                continue;
            }
            let roll: u32 = rng.gen_range(0..100);
            let (status, late, early) = match (trainee.arrived, roll) {
                (Some(false), _) | (_, 0..=2) => (AttendanceStatus::Absent, 0, 0),
                (_, 3..=9) => (AttendanceStatus::Late, rng.gen_range(3..25), 0),
                (_, 10..=12) => (AttendanceStatus::LeftEarly, 0, rng.gen_range(10..40)),
                _ => (AttendanceStatus::Present, 0, 0),
            };
            marks.push((
                session.id,
                trainee.person_id,
                MarkChange {
                    status,
                    minutes_late: late,
                    minutes_early: early,
                    source: match status {
                        AttendanceStatus::Present | AttendanceStatus::Late => MarkSource::SignIn,
                        _ => MarkSource::Teacher,
                    },
                    reason: String::new(),
                    follow_up: None,
                },
            ));
        }
    }
    attendance::bulk_marks(&app.db, &actor, app.now(), class_id, marks).await?;
    let Some(person_id) = leave_taker else {
        return Ok(());
    };
    let leave = attendance::request_leave(
        &app.db,
        &ganxun_storage::Actor::system("demo"),
        app.now(),
        NewLeave {
            class_id,
            person_id,
            first_session_id: last.id,
            last_session_id: last.id,
            hours: last.class_hours,
            reason: "单位有紧急任务，需返岗处理".to_owned(),
        },
    )
    .await?;
    let class = ganxun_storage::classes::get(
        &app.db,
        &ganxun_storage::classes::ClassVisibility::everything(),
        class_id,
    )
    .await?;
    let allowance = i64::from(
        ganxun_domain::attendance::LeaveCap::ONE_SEVENTH
            .allowance(ganxun_domain::ClassHours::from_hundredths(
                u32::try_from(class.total_hours).unwrap_or(0),
            ))
            .hundredths(),
    );
    let input = if last.class_hours <= allowance {
        crate::app::attendance::leave::LeaveDecisionInput {
            decision: "approve".to_owned(),
            reason: "同意，返回后及时销假".to_owned(),
            withdraw: false,
        }
    } else if *withdrawals == 0 {
        *withdrawals += 1;
        crate::app::attendance::leave::LeaveDecisionInput {
            decision: "approve".to_owned(),
            reason: "请假超过总学时七分之一，作退学处理".to_owned(),
            withdraw: true,
        }
    } else {
        crate::app::attendance::leave::LeaveDecisionInput {
            decision: "refuse".to_owned(),
            reason: "请假将超过总学时七分之一，不予批准".to_owned(),
            withdraw: false,
        }
    };
    crate::app::attendance::leave::decide_leave(app, head_teacher, leave.id, &input)
        .await
        .map_err(fail("请假审批"))?;
    Ok(())
}

/// One trainee of a class that is enrolling or running asks for leave from its next session,
/// left pending for the approvers' list.
async fn pending_leave(
    app: &App,
    class_id: ClassId,
    roster: &[ganxun_storage::classes::enrolment::EnrolmentRow],
) -> anyhow::Result<()> {
    use ganxun_storage::attendance::{self, NewLeave};
    let now_local = ganxun_domain::china_datetime(app.now());
    let next = attendance::sessions_of_class(&app.db, class_id)
        .await?
        .into_iter()
        .find(|s| {
            chrono::NaiveTime::parse_from_str(&s.start_time, "%H:%M")
                .is_ok_and(|t| s.date.and_time(t) > now_local)
        });
    let asker = roster
        .iter()
        .filter(|r| r.status == EnrolmentStatus::Enrolled)
        .nth(1);
    let (Some(next), Some(asker)) = (next, asker) else {
        return Ok(());
    };
    attendance::request_leave(
        &app.db,
        &ganxun_storage::Actor::system("demo"),
        app.now(),
        NewLeave {
            class_id,
            person_id: asker.person_id,
            first_session_id: next.id,
            last_session_id: next.id,
            hours: next.class_hours,
            reason: "需参加县里召开的专项工作会议".to_owned(),
        },
    )
    .await?;
    Ok(())
}

/// Annual plans: the education bureau's approved plan with a pending addition, the town's
/// submitted plan, and next year's draft.
async fn annual_plans(
    app: &App,
    zzb: &Principal,
    jyj: &Principal,
    shahu: &Principal,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let year = today.year();
    let early = on(app, NaiveDate::from_ymd_opt(year, 2, 20).unwrap_or(today));
    let item =
        |title: &str, kind: &str, trainees: i32, days: i32, quarter: i32, reason: &str| ItemInput {
            title: title.to_owned(),
            kind: kind.to_owned(),
            target_trainees: String::new(),
            trainees,
            days,
            budget_fen: i64::from(trainees * days) * 20_000,
            quarter: Some(quarter),
            reason: reason.to_owned(),
        };
    let plan = plans::create(
        &early,
        jyj,
        &plans::AnnualPlanInput {
            unit_id: jyj.unit_id,
            year,
            title: format!("示范县教育局{year}年度干部教育培训计划"),
            budget_fen: 60_000_000,
            note: String::new(),
        },
    )
    .await
    .map_err(fail("年度计划"))?;
    for (title, kind, n, d, q) in [
        ("校长任职资格培训", "leader_appointment", 40, 5, 1),
        ("班主任能力提升培训", "in_service_capability", 45, 4, 2),
        ("教师信息技术应用能力培训", "online", 100, 2, 4),
    ] {
        plans::add_item(&early, jyj, plan.id, &item(title, kind, n, d, q, ""))
            .await
            .map_err(fail("计划班次"))?;
    }
    plans::submit(&early, jyj, plan.id)
        .await
        .map_err(fail("报送计划"))?;
    plans::decide(
        &early,
        zzb,
        plan.id,
        &DecisionInput {
            decision: "approve".to_owned(),
            reason: "同意".to_owned(),
        },
    )
    .await
    .map_err(fail("审批计划"))?;
    let later = on(
        app,
        NaiveDate::from_ymd_opt(year, 6, 10)
            .unwrap_or(today)
            .min(today),
    );
    plans::add_item(
        &later,
        jyj,
        plan.id,
        &item(
            "学校安全管理专题培训",
            "themed_class",
            40,
            2,
            4,
            "落实上级关于校园安全工作的新部署",
        ),
    )
    .await
    .map_err(fail("临时增补"))?;

    let town = plans::create(
        &early,
        shahu,
        &plans::AnnualPlanInput {
            unit_id: shahu.unit_id,
            year,
            title: format!("沙湖镇{year}年度干部培训计划"),
            budget_fen: 12_000_000,
            note: String::new(),
        },
    )
    .await
    .map_err(fail("年度计划"))?;
    plans::add_item(
        &early,
        shahu,
        town.id,
        &item("村干部轮训", "concentrated_rotation", 96, 3, 2, ""),
    )
    .await
    .map_err(fail("计划班次"))?;
    let late = on(
        app,
        NaiveDate::from_ymd_opt(year, 4, 8)
            .unwrap_or(today)
            .min(today),
    );
    plans::submit(&late, shahu, town.id)
        .await
        .map_err(fail("报送计划"))?;

    let next = on(app, today);
    let draft = plans::create(
        &next,
        jyj,
        &plans::AnnualPlanInput {
            unit_id: jyj.unit_id,
            year: year + 1,
            title: format!("示范县教育局{}年度干部教育培训计划（草稿）", year + 1),
            budget_fen: 65_000_000,
            note: String::new(),
        },
    )
    .await
    .map_err(fail("年度计划"))?;
    plans::add_item(
        &next,
        jyj,
        draft.id,
        &item("寒假校长读书班", "reading_study", 40, 3, 1, ""),
    )
    .await
    .map_err(fail("计划班次"))?;
    Ok(())
}
