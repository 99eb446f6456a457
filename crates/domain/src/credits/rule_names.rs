//! What each credit rule is called where people read it (the statement, the "why", Excel): the
//! ledger keeps the rule's code (`class_hours.late`), a reader sees 迟到扣分.

use crate::code_enum;

code_enum! {
    /// The rules that post credits, by the code the ledger keeps.
    pub enum CreditRule {
        ClassHoursEarned => ("class_hours.earned", "出勤学时", "Hours attended"),
        ClassHoursLate => ("class_hours.late", "迟到扣分", "Late arrival"),
        ClassHoursEarly => ("class_hours.early", "早退扣分", "Early departure"),
        ClassHoursAbsence => ("class_hours.absence", "缺勤扣分", "Absence"),
        ExamBand => ("exam.band", "考试成绩分档", "Exam band"),
        AssignmentBand => ("assignment.band", "作业成绩分档", "Assignment band"),
        ResearchOutput => ("research.output", "教科研成果", "Research output"),
        SalonExcellent => ("salon.excellent", "沙龙优秀", "Salon: excellent"),
        SalonGood => ("salon.good", "沙龙良好", "Salon: good"),
        SchoolTermBase => ("school_term.base", "校本培训基础分", "School-based training: base"),
        SchoolTermAttended => ("school_term.attended", "参加校本培训", "School-based training attended"),
        SchoolTermTaught => ("school_term.taught", "主持校本培训", "School-based training led"),
        OnlineEarned => ("online.earned", "网络学习学时", "Online learning hours"),
        Manual => ("manual", "手工登记", "Entered by hand"),
    }
}

/// The Chinese name of the rule with `code`; an unknown code (a county's own rule) as it is.
pub fn rule_name_zh(code: &str) -> String {
    use crate::code_enum::Vocabulary;
    CreditRule::from_code(code).map_or_else(|_| code.to_owned(), |r| r.label_zh().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_rules_are_named_and_others_kept() {
        assert_eq!(rule_name_zh("class_hours.earned"), "出勤学时");
        assert_eq!(rule_name_zh("online.earned"), "网络学习学时");
        assert_eq!(rule_name_zh("county.special"), "county.special");
    }
}
