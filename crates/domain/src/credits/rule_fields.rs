//! What the credit rules' form calls each key (issue 17 item 4), in the words of the counties'
//! credit measures.

use super::rules::{ResearchKind, ResearchLevel};
use crate::rules::{FieldHint, choices_of};

pub(super) const FIELDS: &[FieldHint] = &[
    FieldHint::plain("class_hours", "学时学分", "Credits for class hours"),
    FieldHint::plain("credits_per_hour", "每学时学分", "Credits per class hour"),
    FieldHint::plain(
        "deduction_multiplier",
        "迟到早退缺勤扣分倍数",
        "Deduction multiplier",
    ),
    FieldHint::plain(
        "round_missed_up",
        "不足 1 学时按 1 学时扣",
        "Round missed time up to an hour",
    ),
    FieldHint::plain(
        "collective_only",
        "只在集体培训时扣分",
        "Deduct in collective training only",
    ),
    FieldHint::plain("salon", "沙龙", "Salons"),
    FieldHint::plain(
        "excellent_percent",
        "优秀比例（%）",
        "Share rated excellent (%)",
    ),
    FieldHint::plain("excellent", "优秀得分", "Credits for excellent"),
    FieldHint::plain("good", "良好得分", "Credits for good"),
    FieldHint::keyed(
        "research",
        "教科研",
        "Research and teaching",
        choices_of::<ResearchKind>,
    ),
    FieldHint::keyed(
        "levels",
        "各级别得分",
        "Credits by level",
        choices_of::<ResearchLevel>,
    ),
    FieldHint::plain(
        "co_authored_share",
        "合作成果折算比例",
        "Share for co-authored work",
    ),
    FieldHint::plain("excludes_supplements", "增刊不计", "Supplements excluded"),
    FieldHint::plain("exam", "考试", "Examinations"),
    FieldHint::plain("assignment", "作业", "Assignments"),
    FieldHint::plain("bands", "分档", "Bands"),
    FieldHint::plain("bands.from", "分数线（不低于）", "From score"),
    FieldHint::plain("credits", "学分", "Credits"),
    FieldHint::plain("label", "档次名称", "Band name"),
    FieldHint::plain(
        "below_label",
        "不足最低档时的名称",
        "Name below the lowest band",
    ),
    FieldHint::plain("school_term", "校本研修学期", "School term"),
    FieldHint::plain("base", "基础学分", "Base credits"),
    FieldHint::plain("per_session_attended", "每参加一次", "Per session attended"),
    FieldHint::plain("per_session_taught", "每主讲一次", "Per session taught"),
];
