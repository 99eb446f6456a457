//! Typed ids, so a person's id can never be passed where a unit's is expected.

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

typed_id!(
    /// A node of the organisation tree.
    UnitId
);
typed_id!(
    /// A cadre in the register.
    PersonId
);
typed_id!(
    /// A login account.
    AccountId
);
typed_id!(
    /// A training class (培训班次, R-CLS-1).
    ClassId
);
typed_id!(
    /// An instructor in the instructor pool (师资库, §9); not necessarily a cadre in the register.
    InstructorId
);
