//! Training classes (issue 4, SPEC §3): the dossier, who may see it, its decisions, teaching
//! plan, enrolment, performance report and certificates. One transaction per use case; every
//! change is audited in the same transaction. Whether a change is allowed (state machine,
//! routing, eligibility) is decided by the domain and the application; this layer makes sure
//! the state the decision was based on is still the state it writes over.

pub mod attachments;
pub mod candidates;
pub mod certificates;
pub mod dossier;
pub mod enrolment;
pub mod hosts;
pub mod refusal;
pub mod reports;
pub mod teaching;

pub use dossier::{
    ClassFields, ClassFilter, ClassRecord, ClassRoute, ClassSummary, ClassVisibility, Decision,
    DecisionDetail, DecisionEffects, PhoneChange, RouteFlag, create, decide, decisions, get, list,
    load_for_update, state_and_title, update_fields,
};
