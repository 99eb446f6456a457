//! What the compliance rules' form calls each key (issue 17 item 4), in the words of the
//! regulations; the codes a key holds are offered with their labels.

use super::{CertificateKind, Institution, TrainingKind};
use crate::rules::{Choice, FieldHint, choices_of};
use crate::{Category, Rank};

pub(super) const FIELDS: &[FieldHint] = &[
    FieldHint::plain(
        "at_risk_days",
        "临近期限提醒天数",
        "Days before the end to warn",
    ),
    FieldHint::plain("conversion", "天数与学时折算", "Days and hours"),
    FieldHint::plain("hours_per_day", "每天折合学时", "Class hours per day"),
    FieldHint::plain("days_per_month", "每月折合天数", "Days per month"),
    FieldHint::plain("requirements", "培训要求", "Training requirements"),
    FieldHint::plain("promotions", "提拔任职要求", "Requirements for promotion"),
    FieldHint::plain("coverage", "覆盖面要求", "Coverage requirements"),
    FieldHint::plain("binds", "适用对象", "Who it binds"),
    FieldHint::plain("everyone", "全体干部", "Everyone"),
    FieldHint::chosen(
        "ranks_any",
        "职级（任一）",
        "Ranks (any)",
        choices_of::<Rank>,
    ),
    FieldHint::chosen(
        "categories_any",
        "干部类别（任一）",
        "Categories (any)",
        choices_of::<Category>,
    ),
    FieldHint::plain(
        "central_group",
        "党委（党组）中心组成员",
        "Central study group members",
    ),
    FieldHint::plain("to", "提任职务", "Promoted to"),
    FieldHint::plain("leading_only", "仅限领导职务", "Leading posts only"),
    FieldHint::plain("window", "统计期间", "Period counted"),
    FieldHint::chosen("window.kind", "期间类型", "Kind of period", window_kinds),
    FieldHint::plain(
        "first_year",
        "首个规划期起始年",
        "First year of the plan period",
    ),
    FieldHint::plain("years", "年数", "Years"),
    FieldHint::plain("counts", "计入哪些培训", "Training that counts"),
    FieldHint::chosen(
        "kinds_any",
        "培训类型（任一）",
        "Kinds of training (any)",
        choices_of::<TrainingKind>,
    ),
    FieldHint::chosen(
        "kinds_none",
        "不计入的培训类型",
        "Kinds of training not counted",
        choices_of::<TrainingKind>,
    ),
    FieldHint::chosen(
        "institutions_any",
        "培训机构（任一）",
        "Institutions (any)",
        choices_of::<Institution>,
    ),
    FieldHint::plain(
        "recognised_only",
        "仅计经认可的培训",
        "Recognised training only",
    ),
    FieldHint::chosen(
        "private",
        "社会化培训",
        "Privately arranged training",
        private_choices,
    ),
    FieldHint::plain("amount", "要求量", "Amount required"),
    FieldHint::plain("days", "天数", "Days"),
    FieldHint::plain("months", "月数", "Months"),
    FieldHint::plain("hours", "学时", "Class hours"),
    FieldHint::plain("times", "次数", "Times"),
    FieldHint::chosen(
        "certificate",
        "须取得的证书",
        "Certificate required",
        choices_of::<CertificateKind>,
    ),
    FieldHint::rule_ids(
        "requirements_met",
        "须已达到的培训要求",
        "Requirements that must be met",
    ),
    FieldHint::plain(
        "make_up_years",
        "提任后补训年限",
        "Years to make up after promotion",
    ),
    FieldHint::plain("share", "覆盖比例", "Share covered"),
];

/// The kinds of period a requirement sums (the `kind` of a window).
pub fn window_kinds() -> Vec<Choice> {
    vec![
        Choice::new("calendar_year", "每个自然年度", "Each calendar year"),
        Choice::new(
            "plan_period",
            "按规划期（如 2023—2027）",
            "Each plan period (e.g. 2023–2027)",
        ),
        Choice::new("rolling", "截至当日的前若干年", "The years up to the day"),
        Choice::new("ever", "任职以来任何时候", "At any time"),
    ]
}

fn private_choices() -> Vec<Choice> {
    vec![
        Choice::new(
            "if_recognised",
            "经主管部门认可的计入",
            "Counts when recognised",
        ),
        Choice::new("never", "不计入", "Never counts"),
    ]
}
