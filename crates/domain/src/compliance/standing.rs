//! Certificates held and central-group seats (ADR 0009): what the compliance rules ask about
//! besides training, entered with evidence and revoked with a reason, never deleted.

use crate::code_enum;

code_enum! {
    /// What a standing is.
    pub enum StandingKind {
        /// 理论水平任职资格证书: needed for promotion under seed 000 (R-CMP-4).
        TheoryCertificate => ("theory_certificate", "理论水平任职资格证书", "Theory qualification certificate"),
        /// A seat in a party committee's central group (中心组), which binds its member to six
        /// days of study a year (R-CMP-2).
        CentralGroup => ("central_group", "中心组成员", "Central group member"),
    }
}

code_enum! {
    /// Whether a standing counts.
    pub enum StandingState {
        Active => ("active", "有效", "Active"),
        /// Entered in error or withdrawn: kept, no longer counted.
        Revoked => ("revoked", "已撤销", "Revoked"),
    }
}
