//! Approval and filing of class applications (申报审批和备案, R-CLS-2, seed 000 item 6), routed
//! by rules that are data (DESIGN "Rules are data"): a deployment edits the rule document, the
//! router is a pure function of (rules, class facts, submission date, holiday calendar).

mod route;
mod rules;

pub use route::{ClassFacts, RoutingDecision, RoutingFlag, route};
pub use rules::{
    Approver, Conditions, DEFAULT_ROUTING_TOML, RoutingDocument, RoutingRule, RoutingRules,
    RoutingRulesError, SubmitWindow, WindowYear,
};
