//! Publishing a unit's credits (公示, R-CRD-7): while a publication is open, a cadre may object
//! to their line, and the objection is answered once.

use crate::code_enum;

code_enum! {
    /// Where an objection to a published line stands.
    pub enum ObjectionState {
        Open => ("open", "待答复", "Open"),
        /// The objection is right: the ledger is corrected by its own entries.
        Upheld => ("upheld", "成立", "Upheld"),
        Dismissed => ("dismissed", "不成立", "Dismissed"),
    }
}
