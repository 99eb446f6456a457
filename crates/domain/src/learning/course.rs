//! What a course of the online library is about, in the terms compliance counts.

use crate::code_enum;
use crate::compliance::TrainingKind;

code_enum! {
    /// A course's subject (课程分类).
    pub enum CourseCategory {
        Theory => ("theory", "政治理论与党性教育", "Political theory and Party spirit"),
        Policy => ("policy", "政策法规", "Policy and law"),
        Professional => ("professional", "业务与专业知识", "Professional knowledge"),
        General => ("general", "综合素养", "General competence"),
    }
}

impl CourseCategory {
    /// The training kind compliance counts the course's hours under, besides online training
    /// itself (R-CMP-1: theory and professional training are each owed).
    pub fn training_kind(self) -> Option<TrainingKind> {
        match self {
            CourseCategory::Theory => Some(TrainingKind::Theory),
            CourseCategory::Policy | CourseCategory::Professional => {
                Some(TrainingKind::Professional)
            }
            CourseCategory::General => None,
        }
    }
}

code_enum! {
    /// What a lesson is: a measured video, a document read on screen, or a quiz.
    pub enum LessonKind {
        Video => ("video", "视频", "Video"),
        Document => ("document", "文档", "Document"),
        Quiz => ("quiz", "测验", "Quiz"),
    }
}

code_enum! {
    /// What a file of the media folder is.
    pub enum MediaKind {
        Video => ("video", "视频", "Video"),
        Document => ("document", "文档（PDF）", "Document (PDF)"),
    }
}

code_enum! {
    /// Where a course of the library stands.
    pub enum CourseState {
        Draft => ("draft", "草稿", "Draft"),
        Published => ("published", "已发布", "Published"),
        Retired => ("retired", "已下架", "Retired"),
    }
}
