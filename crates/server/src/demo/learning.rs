//! A demo course library (issue 16): one short generated video (a clock and a moving mark,
//! 2 minutes, H.264) behind the lessons of three published courses and a draft, and a
//! three-page study guide (PDF) read as a lesson of the second, so the library, the learner's
//! pages, the player and the reader have something real to show on a closed intranet. Then
//! yesterday's learning, counted by the same accounting as a browser's heartbeats: a dozen
//! cadres finish the first lesson honestly; five start within minutes from one machine, one
//! feeds forged positions and one learns in twenty hours of the day, so the flags page has
//! something to review. The first two courses are this year's required ones; three learners
//! left notes and a reflection, answered by the training office. Last, the half-monthly
//! statistics and monthly briefings of the last two months.

use crate::app::App;
use crate::app::learning::media;
use chrono::{DateTime, TimeDelta, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::learning::{LearningSettings, NoteKind};
use ganxun_domain::{LessonId, PersonId, PlaybackId};
use ganxun_storage::Actor;
use ganxun_storage::compliance::board;
use ganxun_storage::learning::courses::{self, NewCourse};
use ganxun_storage::learning::notes;
use ganxun_storage::learning::playbacks::{self, Heartbeat};
use ganxun_storage::learning::requirements::{self, NewAudience};

/// The demo lessons' video, made with ffmpeg (`color` + `drawtext` of the running time).
const LESSON_VIDEO: &[u8] = include_bytes!("lesson.mp4");

/// The demo's document lesson: `lesson-pdf.html` printed to PDF by Chromium
/// (`chromium --headless --no-pdf-header-footer --print-to-pdf=lesson.pdf lesson-pdf.html`).
const LESSON_DOCUMENT: &[u8] = include_bytes!("lesson.pdf");

/// (title, category, summary, lessons, published)
const COURSES: &[(&str, &str, &str, &[&str], bool)] = &[
    (
        "学习贯彻党的二十届三中全会精神",
        "theory",
        "全会精神的主要内容、重大意义和贯彻落实要求。",
        &[
            "全会的重大意义",
            "进一步全面深化改革的总目标",
            "抓好贯彻落实",
        ],
        true,
    ),
    (
        "《中国共产党纪律处分条例》解读",
        "policy",
        "条例修订的背景、主要内容和执行要求。",
        &["修订背景与总体要求", "六项纪律逐条解读"],
        true,
    ),
    (
        "新时代学校管理实务",
        "professional",
        "校长履职、安全管理和家校共育中的常见问题。",
        &["校长的职责与担当", "校园安全管理"],
        true,
    ),
    (
        "数字化办公技能",
        "general",
        "常用办公软件和政务平台的使用。",
        &["文档协同编辑"],
        false,
    ),
];

pub async fn generate(app: &App, with_briefings: bool) -> anyhow::Result<()> {
    let actor = Actor::system("demo");
    let video = media::keep_bytes(app, &actor, "示范课程视频.mp4", LESSON_VIDEO.to_vec()).await?;
    let document = media::keep_bytes(
        app,
        &actor,
        "条例学习辅导材料.pdf",
        LESSON_DOCUMENT.to_vec(),
    )
    .await?;
    let mut first_lesson = None;
    let year = chrono::Datelike::year(&ganxun_domain::china_date(app.now()));
    for (n, (title, category, summary, lessons, published)) in COURSES.iter().enumerate() {
        let new = NewCourse {
            title: (*title).to_owned(),
            category: (*category).to_owned(),
            summary: (*summary).to_owned(),
        };
        let course = courses::create(&app.db, &actor, app.now(), &new).await?;
        for lesson in *lessons {
            courses::add_lesson(
                &app.db,
                &actor,
                app.now(),
                course.id,
                lesson,
                video.id,
                None,
            )
            .await?;
        }
        // The second course's study guide is read on screen (a minute a page).
        if n == 1 {
            courses::add_lesson(
                &app.db,
                &actor,
                app.now(),
                course.id,
                "条例学习辅导材料",
                document.id,
                None,
            )
            .await?;
        }
        // The first course ends with a quiz: passing it earns the quiz's class hours.
        if n == 0 {
            ganxun_storage::learning::quizzes::add(
                &app.db,
                &actor,
                app.now(),
                course.id,
                "课后测验",
                &demo_quiz(),
            )
            .await?;
        }
        if *published {
            let course = courses::set_state(&app.db, &actor, app.now(), course.id, true).await?;
            first_lesson = first_lesson.or(course.lessons.first().map(|l| l.id));
            // The first two are this year's required courses for everyone (必修); the third is
            // optional (拓展): studied for interest, counted towards no total.
            if n < 2 {
                requirements::add(
                    &app.db,
                    &actor,
                    DEMO_KEEPER,
                    app.now(),
                    course.id,
                    year,
                    NewAudience::Everyone,
                )
                .await?;
            }
        }
    }
    if let Some(lesson) = first_lesson {
        let honest = yesterday(app, lesson, video.duration_ms).await?;
        notes_of(app, lesson, &honest).await?;
    }
    if with_briefings {
        briefings(app).await?;
    }
    Ok(())
}

/// The statistics and briefings of the last two months, as the schedule would have made them.
async fn briefings(app: &App) -> anyhow::Result<()> {
    use ganxun_domain::learning::{BriefingKind, Period};
    let today = ganxun_domain::china_date(app.now());
    let mut month = Period::last_ended(BriefingKind::Month, today);
    for _ in 0..2 {
        for half in [false, true] {
            let period = Period {
                kind: BriefingKind::HalfMonth,
                second_half: half,
                ..month
            };
            crate::app::learning::briefings::make_for_period(app, period).await?;
        }
        crate::app::learning::briefings::make_for_period(app, month).await?;
        month = month.previous();
    }
    // And the half-month just ended, when it is the month's first half.
    crate::app::learning::briefings::run_schedule(app, today).await?;
    Ok(())
}

/// Three questions on the first course: two single choices and a multiple one.
fn demo_quiz() -> ganxun_domain::learning::Quiz {
    use ganxun_domain::learning::{Question, Quiz};
    let question = |text: &str, options: &[&str], answers: &[usize]| Question {
        text: text.to_owned(),
        options: options.iter().map(|o| (*o).to_owned()).collect(),
        answers: answers.iter().copied().collect(),
    };
    Quiz {
        questions: vec![
            question(
                "党的二十届三中全会的主题是",
                &[
                    "进一步全面深化改革、推进中国式现代化",
                    "加快经济社会发展",
                    "全面从严治党",
                ],
                &[0],
            ),
            question(
                "进一步全面深化改革的总目标包括",
                &[
                    "继续完善和发展中国特色社会主义制度",
                    "推进国家治理体系和治理能力现代化",
                    "放缓改革步伐",
                ],
                &[0, 1],
            ),
            question(
                "贯彻落实全会精神要坚持问题导向、联系实际",
                &["正确", "错误"],
                &[0],
            ),
        ],
        pass_percent: 60,
        max_attempts: 3,
    }
}

/// Who keeps the demo library, as people read it.
const DEMO_KEEPER: &str = "县委组织部干部教育科";

/// Notes and reflections of three of yesterday's learners on the first lesson, one of them
/// already answered by the training office (R-ONL-5).
async fn notes_of(app: &App, lesson: LessonId, learners: &[PersonId]) -> anyhow::Result<()> {
    let actor = Actor::system("demo");
    let written: &[(NoteKind, &str, Option<u64>)] = &[
        (
            NoteKind::Note,
            "全会的主题：进一步全面深化改革、推进中国式现代化。",
            Some(35_000),
        ),
        (
            NoteKind::Reflection,
            "通过学习，进一步理解了改革的总目标。结合乡镇工作，要在为民服务上下功夫，把改革举措落到实处。",
            None,
        ),
        (
            NoteKind::Note,
            "“七个聚焦”要逐条对照本单位工作。",
            Some(80_000),
        ),
    ];
    for (learner, (kind, body, at)) in learners.iter().zip(written) {
        let note = notes::write(
            &app.db,
            &actor,
            app.now(),
            *learner,
            lesson,
            *kind,
            body,
            *at,
        )
        .await?;
        if *kind == NoteKind::Reflection {
            notes::comment(
                &app.db,
                &actor,
                DEMO_KEEPER,
                app.now(),
                note.id,
                "体会真切。建议结合本镇实际，列出两三件今年要落实的具体事项。",
            )
            .await?;
        }
    }
    Ok(())
}

/// Yesterday's learning of the first lesson (see the module's comment). Credits follow through
/// the follow-ups, run before the demo is handed over. Answers the honest learners.
async fn yesterday(app: &App, lesson: LessonId, duration_ms: u64) -> anyhow::Result<Vec<PersonId>> {
    let people = board::people_after(&app.db, PersonId(0), 20).await?;
    let settings = &LearningSettings::default();
    let hours = crate::app::learning::lesson_hours(app).await?;
    let morning = app.now() - TimeDelta::days(1);
    // No presence check interrupts the demo's playbacks.
    let no_check = TimeDelta::days(2);
    let play = |person: PersonId, ip: String, at: DateTime<Utc>| async move {
        let started = playbacks::start(
            &app.db,
            person,
            AccountId(0),
            &ip,
            at,
            lesson,
            settings,
            no_check,
        )
        .await?;
        anyhow::Ok(started.playback_id)
    };
    let beat = |person: PersonId, playback: PlaybackId, at: DateTime<Utc>, position_ms: u64| {
        demo_beat(app, settings, &hours, (person, playback), at, position_ms)
    };
    // Honest learners, each from their own office, spread over the morning.
    for (n, person) in people.iter().take(12).enumerate() {
        let start = morning + TimeDelta::minutes(20 * n as i64);
        let playback = play(*person, format!("10.20.1.{}", n + 10), start).await?;
        let mut position = 0;
        let mut at = start;
        while position <= duration_ms {
            beat(*person, playback, at, position.min(duration_ms)).await?;
            position += 15_000;
            at += TimeDelta::seconds(15);
        }
    }
    // One machine starting five accounts within minutes.
    for (n, person) in people.iter().skip(12).take(5).enumerate() {
        let at = morning + TimeDelta::minutes(400 + n as i64);
        play(*person, "10.20.9.99".to_owned(), at).await?;
    }
    // Forged positions: every heartbeat claims ten more minutes than real time allows.
    if let Some(person) = people.get(17) {
        let start = morning + TimeDelta::minutes(500);
        let playback = play(*person, "10.20.3.7".to_owned(), start).await?;
        for n in 0..=20u64 {
            let at = start + TimeDelta::seconds(15 * n as i64);
            beat(
                *person,
                playback,
                at,
                (n * 600_000).min(duration_ms + 600_000),
            )
            .await?;
        }
    }
    // Someone left learning yesterday: a short credited sitting in each of twenty hours.
    if let Some(person) = people.get(18) {
        let midnight = ganxun_domain::calendar::china_midnight(ganxun_domain::china_date(morning));
        let mut position = 0;
        for hour in 0..20 {
            let at = midnight + TimeDelta::hours(hour);
            let playback = play(*person, "10.20.5.21".to_owned(), at).await?;
            beat(*person, playback, at, position).await?;
            beat(
                *person,
                playback,
                at + TimeDelta::seconds(15),
                position + 15_000,
            )
            .await?;
            position = (position + 15_000) % duration_ms;
        }
    }
    crate::app::follow_ups::run_due(app).await?;
    crate::app::learning::flags::examine_day(app, ganxun_domain::china_date(morning)).await?;
    Ok(people.iter().take(12).copied().collect())
}

/// One heartbeat of a demo playback, counted like a browser's.
async fn demo_beat(
    app: &App,
    settings: &LearningSettings,
    hours: &ganxun_domain::class_hours::OnlineCourseHours,
    (person, playback): (PersonId, PlaybackId),
    at: DateTime<Utc>,
    position_ms: u64,
) -> anyhow::Result<()> {
    let learner = Actor {
        account_id: None,
        name: "demo".to_owned(),
        ip: "demo".to_owned(),
    };
    playbacks::beat(
        &app.db,
        &learner,
        settings,
        hours,
        person,
        playback,
        at,
        Heartbeat {
            position_ms,
            playing: true,
            visible: true,
            page: None,
        },
        || (TimeDelta::days(2), String::new()),
    )
    .await?;
    Ok(())
}
