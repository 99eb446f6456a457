//! What online learning refuses inside the transaction that would change it.

use ganxun_domain::learning::{CourseState, PlaybackEnd};
use ganxun_domain::problem::{Problem, Status};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Lessons are added to a draft course only; a published one is retired and copied.
    CourseNotDraft { state: CourseState },
    /// Only a published course is retired.
    CourseNotRetirable { state: CourseState },
    /// A course is published with at least one lesson.
    CourseEmpty,
    /// Only a published course is studied.
    CourseNotPublished,
    /// Another playback of the person is open and the settings refuse a second one.
    PlaybackElsewhere,
    /// The playback ended (taken over elsewhere, stopped, or the lesson was left).
    PlaybackEnded { reason: Option<PlaybackEnd> },
    /// Another report of the same playback was counted at the same moment; this one counts
    /// nothing (the next heartbeat goes on as usual).
    ReportRaced,
    /// A retired course is not assigned any more.
    CourseRetired,
    /// The same course is already required of the same people in that year.
    RequirementExists,
    /// The unit, class or person an assignment names does not exist.
    AudienceUnknown { kind: &'static str },
    /// A note or reflection changed since the page read it.
    NoteChanged,
    /// The lesson is a video, not a quiz.
    NotAQuiz,
    /// A quiz is answered on its own page, not played.
    LessonIsQuiz,
    /// The person passed the quiz already.
    QuizPassed,
    /// Every sitting the quiz allows has been used.
    QuizNoAttemptsLeft { attempts: u32 },
    /// A video's length is its file's; a reading time is for documents.
    ReadingTimeOfVideo,
}

impl Problem for Refusal {
    fn status(&self) -> Status {
        match self {
            Refusal::AudienceUnknown { .. } | Refusal::ReadingTimeOfVideo => Status::Unprocessable,
            _ => Status::Conflict,
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            Refusal::AudienceUnknown { .. } => Some("audience_id"),
            Refusal::ReadingTimeOfVideo => Some("reading_minutes"),
            _ => None,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Refusal::CourseNotDraft { .. } => "COURSE_NOT_DRAFT",
            Refusal::CourseNotRetirable { .. } => "COURSE_NOT_RETIRABLE",
            Refusal::CourseEmpty => "COURSE_EMPTY",
            Refusal::CourseNotPublished => "COURSE_NOT_PUBLISHED",
            Refusal::PlaybackElsewhere => "PLAYBACK_ELSEWHERE",
            Refusal::PlaybackEnded { .. } => "PLAYBACK_ENDED",
            Refusal::ReportRaced => "PLAYBACK_REPORT_RACED",
            Refusal::CourseRetired => "COURSE_RETIRED",
            Refusal::RequirementExists => "REQUIREMENT_EXISTS",
            Refusal::AudienceUnknown { .. } => "AUDIENCE_UNKNOWN",
            Refusal::NoteChanged => "NOTE_CHANGED",
            Refusal::NotAQuiz => "LESSON_NOT_A_QUIZ",
            Refusal::LessonIsQuiz => "LESSON_IS_A_QUIZ",
            Refusal::QuizPassed => "QUIZ_ALREADY_PASSED",
            Refusal::QuizNoAttemptsLeft { .. } => "QUIZ_NO_ATTEMPTS_LEFT",
            Refusal::ReadingTimeOfVideo => "LESSON_READING_TIME_OF_VIDEO",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::CourseNotDraft { state } => format!(
                "课程当前为“{}”，不能再增改课节；如需修改，请先下架",
                state.label_zh()
            ),
            Refusal::CourseNotRetirable { state } => {
                format!("课程当前为“{}”，只有已发布的课程可以下架", state.label_zh())
            }
            Refusal::CourseEmpty => "课程还没有课节，不能发布".to_owned(),
            Refusal::CourseNotPublished => "该课程尚未发布或已下架，不能学习".to_owned(),
            Refusal::PlaybackElsewhere => {
                "您正在另一处学习（其他课程、窗口或设备），请先在那里结束后再开始".to_owned()
            }
            Refusal::ReportRaced => {
                "同一播放的另一次进度报告刚刚已计入，本次不重复计时，学习可继续".to_owned()
            }
            Refusal::CourseRetired => "该课程已下架，不能再列为必修".to_owned(),
            Refusal::RequirementExists => "该课程当年已对这些学员列为必修，无需重复指定".to_owned(),
            Refusal::AudienceUnknown { kind } => format!("找不到所指定的{kind}，请重新选择"),
            Refusal::NoteChanged => {
                "这条笔记刚被修改过（也许在另一个窗口），请刷新后再改".to_owned()
            }
            Refusal::NotAQuiz => "这一课节不是测验".to_owned(),
            Refusal::ReadingTimeOfVideo => {
                "视频课节的时长以视频文件本身为准，阅读时间只用于文档课节".to_owned()
            }
            Refusal::LessonIsQuiz => "这一课节是测验，请在测验页作答".to_owned(),
            Refusal::QuizPassed => "您已通过这次测验，无需再答".to_owned(),
            Refusal::QuizNoAttemptsLeft { attempts } => {
                format!(
                    "这次测验最多可答 {attempts} 次，次数已用完；如有特殊情况请联系培训管理部门"
                )
            }
            Refusal::PlaybackEnded { reason } => format!(
                "本次播放已结束（{}），学习时间不再累计；请重新开始播放",
                reason.map_or("已结束", PlaybackEnd::label_zh)
            ),
        }
    }
}
