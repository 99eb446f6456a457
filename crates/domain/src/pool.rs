//! Reserve pools (后备干部库, ADR 0011): where a person's membership of a pool stands. One open
//! membership per person and pool; a closed one stays as history.

use crate::code_enum;

code_enum! {
    /// Where a membership stands.
    pub enum MemberState {
        Active => ("active", "在库", "In the pool"),
        Left => ("left", "出库", "Left the pool"),
        /// Promoted to a post (提拔使用), with the check of the training rules on that day.
        Promoted => ("promoted", "提拔使用", "Promoted"),
    }
}
