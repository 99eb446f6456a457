//! Where a class's money comes from (经费来源, R-CLS-1). Privately arranged training is paid by
//! the cadre and can never be charged to a budget (R-REG-7).

use crate::code_enum;

code_enum! {
    /// The funding source of a class.
    pub enum FundingSource {
        Budget => ("budget", "财政预算安排", "Government budget"),
        Special => ("special", "上级专项经费", "Earmarked funds from above"),
        Unit => ("unit", "单位自筹", "The unit's own funds"),
        SelfPaid => ("self_paid", "个人自费（社会化培训）", "Paid by the trainee (private training)"),
        Other => ("other", "其他", "Other"),
    }
}
