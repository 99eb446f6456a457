//! What the classes' rule forms call each key (issue 17 item 4): approval routing and the
//! deadlines of plans and reports.

use super::ClassKind;
use super::approval::{Approver, WindowYear};
use crate::rules::{FieldHint, choices_of};
use crate::{Category, UnitType};

pub(super) const ROUTING_FIELDS: &[FieldHint] = &[
    FieldHint::plain(
        "lead_working_days",
        "提前申报的工作日数",
        "Working days to submit ahead",
    ),
    FieldHint::plain("rules", "审批路由", "Routes"),
    FieldHint::plain("when", "适用条件", "When it applies"),
    FieldHint::chosen(
        "kinds_any",
        "班次类型（任一）",
        "Class kinds (any)",
        choices_of::<ClassKind>,
    ),
    FieldHint::chosen(
        "trainee_categories_any",
        "参训对象类别（任一）",
        "Trainee categories (any)",
        choices_of::<Category>,
    ),
    FieldHint::chosen(
        "host_types_any",
        "承办机构类型（任一）",
        "Host types (any)",
        choices_of::<UnitType>,
    ),
    FieldHint::chosen(
        "approve_by",
        "审批单位",
        "Approved by",
        choices_of::<Approver>,
    ),
    FieldHint::chosen(
        "then_file_with",
        "审批后报备单位",
        "Then filed with",
        choices_of::<Approver>,
    ),
    FieldHint::plain("submit_window", "申报时间", "When to submit"),
    FieldHint::chosen("year", "申报年度", "Year", choices_of::<WindowYear>),
    FieldHint::plain("quarter", "申报季度（1–4）", "Quarter (1–4)"),
];

pub(super) const SETTINGS_FIELDS: &[FieldHint] = &[
    FieldHint::plain(
        "plan_due",
        "年度计划报送截止日（月-日）",
        "Annual plan due (month-day)",
    ),
    FieldHint::plain(
        "report_due_days",
        "班次结束后几日内报送绩效报告",
        "Days after the end to report",
    ),
    FieldHint::chosen(
        "report_due_for",
        "须报送绩效报告的参训对象",
        "Trainees whose classes report",
        choices_of::<Category>,
    ),
];
