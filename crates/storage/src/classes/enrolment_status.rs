//! The states of a place in a class, as stored. A leaf, so that the dossier (which counts the
//! enrolled) and the enrolment (which reads the dossier) need not import each other.

pub const ENROLLED: &str = "enrolled";
pub const WAITING: &str = "waiting";
pub const REMOVED: &str = "removed";
/// Withdrawn (退学) after leave past the cap: no hours, no certificate (R-REG-5).
pub const WITHDRAWN: &str = "withdrawn";
