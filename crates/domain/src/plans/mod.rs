//! Annual training plans (年度培训计划, R-PLAN-1): where a plan and a temporary addition to it
//! stand. The moves themselves are the application's (draft → submitted → approved or returned,
//! returned → draft); a plan changes only as a draft, and after approval only by additions that
//! are approved one by one.

use crate::code_enum;

code_enum! {
    /// Where an annual plan stands.
    pub enum PlanState {
        Draft => ("draft", "草稿", "Draft"),
        Submitted => ("submitted", "已报送", "Submitted"),
        Approved => ("approved", "已批准", "Approved"),
        Rejected => ("rejected", "已退回", "Returned"),
    }
}

code_enum! {
    /// Where an item of a plan stands: part of the plan as drafted (`none`), or a temporary
    /// addition (临时增补) to an approved plan, waiting for or given its own decision.
    pub enum AdditionState {
        InPlan => ("none", "计划内", "Part of the plan"),
        Pending => ("pending", "待审批", "Pending"),
        Approved => ("approved", "已批准", "Approved"),
        Rejected => ("rejected", "已退回", "Returned"),
    }
}

pub mod execution;
