//! The workbench (工作台, issue 17 item 1): what waits for someone now, by kind. Each kind is
//! gathered by the application from the feature that owns it, within the caller's rights and
//! scope; this vocabulary names them for the API and the screens.

use crate::code_enum;

code_enum! {
    /// A kind of work waiting on someone's workbench.
    pub enum TaskKind {
        ReportsOverdue => ("reports_overdue", "逾期未报送的绩效报告", "Performance reports overdue"),
        ClassesToDecide => ("classes_to_decide", "待审批、备案的培训班次", "Classes to approve or file"),
        PlansToDecide => ("plans_to_decide", "待审批的年度培训计划", "Annual training plans to approve"),
        LeaveToDecide => ("leave_to_decide", "待审批的请假", "Leave requests to decide"),
        RecordsToReview => ("records_to_review", "待审核的学分成果", "Credit records to review"),
        TrainingRecordsToReview => ("training_records_to_review", "待认定的外部培训记录", "External training records to approve"),
        ObjectionsToAnswer => ("objections_to_answer", "待答复的学分公示异议", "Objections to credit publications to answer"),
        FollowUpsFailed => ("follow_ups_failed", "未完成的后续处理", "Follow-ups not done"),
        PeopleAtRisk => ("people_at_risk", "未达标或有风险的干部", "People missing or at risk of missing a rule"),
        LearningFlags => ("learning_flags", "待复核的网络学习异常", "Online learning anomalies to review"),
        NoticesUnread => ("notices_unread", "未读的待办通知", "Unread notices"),
        MyLessons => ("my_lessons", "本年度待学的必修课节", "Required lessons left this year"),
    }
}

impl TaskKind {
    /// Past a deadline: shown first, in the warning colour.
    pub fn is_overdue(self) -> bool {
        matches!(self, TaskKind::ReportsOverdue | TaskKind::FollowUpsFailed)
    }
}
