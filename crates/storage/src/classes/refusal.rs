//! What a class's records refuse inside the transaction that would change them.

use ganxun_domain::{ClassState, Problem};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A class's dossier or teaching plan can change only in the states that allow it.
    ClassNotEditable { state: ClassState },
    /// The performance report was already submitted.
    ReportSubmitted,
    /// There is no report draft to submit.
    ReportMissing,
}

impl Problem for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::ClassNotEditable { .. } => "CLASS_NOT_EDITABLE",
            Refusal::ReportSubmitted => "REPORT_ALREADY_SUBMITTED",
            Refusal::ReportMissing => "REPORT_MISSING",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::ClassNotEditable { state } => format!(
                "班次当前状态为“{}”，不能再修改；如需修改，请先退回或取消后重新申报",
                state.label_zh()
            ),
            Refusal::ReportSubmitted => "绩效报告已报送，不能再修改".to_owned(),
            Refusal::ReportMissing => "还没有绩效报告草稿，请先生成并保存草稿".to_owned(),
        }
    }
}
