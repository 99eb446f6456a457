//! A demo course library (issue 16): one short generated video (a clock and a moving mark,
//! 2 minutes, H.264) behind the lessons of three published courses and a draft, so the library,
//! the learner's pages and the player have something real to play on a closed intranet.

use crate::app::App;
use crate::app::learning::media;
use ganxun_storage::Actor;
use ganxun_storage::learning::courses::{self, NewCourse};

/// The demo lessons' video, made with ffmpeg (`color` + `drawtext` of the running time).
const LESSON_VIDEO: &[u8] = include_bytes!("lesson.mp4");

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

pub async fn generate(app: &App) -> anyhow::Result<()> {
    let actor = Actor::system("demo");
    let video = media::keep_bytes(app, &actor, "示范课程视频.mp4", LESSON_VIDEO.to_vec()).await?;
    for (title, category, summary, lessons, published) in COURSES {
        let new = NewCourse {
            title: (*title).to_owned(),
            category: (*category).to_owned(),
            summary: (*summary).to_owned(),
        };
        let course = courses::create(&app.db, &actor, app.now(), &new).await?;
        for lesson in *lessons {
            courses::add_lesson(&app.db, &actor, app.now(), course.id, lesson, video.id).await?;
        }
        if *published {
            courses::set_state(&app.db, &actor, app.now(), course.id, true).await?;
        }
    }
    Ok(())
}
