//! ganxun's domain layer: typed ids, values that can only exist when valid, and the rules.
//! Pure and synchronous: nothing here touches a database, a file or the network.

pub mod clock;
pub mod code_enum;
pub mod idcard;
pub mod ids;
pub mod name;
pub mod org;
pub mod password;
pub mod person;
pub mod phone;
pub mod pinyin_initials;
pub mod role;

pub use clock::{Clock, FixedClock, SystemClock};
pub use idcard::{IdCardError, IdCardNumber, Sex};
pub use ids::{AccountId, PersonId, UnitId};
pub use name::{NameError, PersonName};
pub use org::{UnitCode, UnitType};
pub use password::{PasswordError, PasswordPolicy};
pub use person::{Category, Education, Rank};
pub use phone::{Phone, PhoneError};
pub use role::{Permission, Role, RoleSetError, Scope, ScopeKind};
