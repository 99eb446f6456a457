//! ganxun's domain layer: typed ids, values that can only exist when valid, and the rules.
//! Pure and synchronous: nothing here touches a database, a file or the network.

pub mod attendance;
pub mod calendar;
pub mod class;
pub mod class_hours;
pub mod clock;
pub mod code_enum;
pub mod compliance;
pub mod credit;
mod document;
pub mod idcard;
pub mod ids;
pub mod name;
pub mod org;
pub mod password;
pub mod person;
pub mod phone;
pub mod pinyin_initials;
pub mod review;
pub mod role;
pub mod second_factor;
pub mod years;

#[cfg(test)]
mod hostile_input;

pub use calendar::{
    CalendarDocument, CalendarError, DateSpan, HolidayCalendar, china_date, china_datetime,
};
pub use clock::{Clock, FixedClock, SystemClock};
pub use idcard::{IdCardError, IdCardNumber, Sex};
pub use ids::{AccountId, PersonId, UnitId};
pub use name::{NameError, PersonName};
pub use org::{UnitCode, UnitType};
pub use password::{PasswordError, PasswordPolicy};
pub use person::{Category, Education, Rank};
pub use phone::{Phone, PhoneError};
pub use role::{Permission, Role, RoleSetError, Scope, ScopeKind};
// Functions and generic names (`route`, `transition`, `Session`, `Reason` …) stay under `class::`.
pub use class::{
    Approver, CLASS_NOT_APPROVED, ClassAction, ClassActivity, ClassDates, ClassFacts,
    ClassGateError, ClassKind, ClassState, Eligibility, EligibilityConditions, PersonFacts,
    PlanCheck, PlanProblem, RoutingDecision, RoutingFlag, RoutingRules, RoutingRulesError,
    TransitionError,
};
pub use class_hours::{ClassHours, ClassHoursError, HourConversion, HourConversionError};
pub use ids::{ClassId, InstructorId};
