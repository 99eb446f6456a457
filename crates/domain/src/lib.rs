//! ganxun's domain layer: typed ids, values that can only exist when valid, and the rules.
//! Pure and synchronous: nothing here touches a database, a file or the network.

// Features: the same names as in storage, the application, the HTTP layer and the web.
pub mod accounts;
pub mod attendance;
pub mod classes;
pub mod compliance;
pub mod credits;
pub mod learning;
pub mod money;
pub mod notices;
pub mod org;
pub mod people;
pub mod plans;
pub mod pool;
pub mod second_factor;

// What every feature stands on: ids, codes, time, working days, class hours, roles, reviews,
// refusals.
pub mod calendar;
pub mod class_hours;
pub mod clock;
pub mod code_enum;
mod document;
pub mod ids;
pub mod problem;
pub mod review;
pub mod role;
pub mod rules;
pub mod workbench;
pub mod years;

#[cfg(test)]
mod hostile_input;

pub use accounts::password::{PasswordError, PasswordPolicy};
pub use calendar::{
    CalendarDocument, CalendarError, DateSpan, HolidayCalendar, china_date, china_datetime,
    china_instant, china_timestamp,
};
pub use clock::{Clock, FixedClock, SystemClock};
pub use ids::{AccountBatchId, AccountId, PersonId, UnitId};
pub use org::{UnitCode, UnitType};
pub use people::idcard::{IdCardError, IdCardNumber, Sex};
pub use people::name::{NameError, PersonName};
pub use people::person::{Category, Education, Rank};
pub use people::phone::{Phone, PhoneError};
pub use problem::{BoxedProblem, Problem};
pub use role::{Permission, Role, RoleSetError, Scope, ScopeKind};
// Functions and generic names (`route`, `transition`, `Session`, `Reason` …) stay under `classes::`.
pub use class_hours::{ClassHours, ClassHoursError, HourConversion, HourConversionError};
pub use classes::{
    Approver, CLASS_NOT_APPROVED, ClassAction, ClassActivity, ClassDates, ClassFacts,
    ClassGateError, ClassKind, ClassState, Eligibility, EligibilityConditions, PersonFacts,
    PlanCheck, PlanProblem, RoutingDecision, RoutingFlag, RoutingRules, RoutingRulesError,
    TransitionError,
};
pub use ids::{
    AttachmentId, BriefingId, CertificateId, ClassDecisionId, ClassId, CorrectionId, CourseId,
    CreditEntryId, CreditFactId, EnrolmentId, FlagId, FollowUpId, InstructorId, JobId,
    LearningProgressId, LeaveId, LessonId, MarkId, MediaId, NoteId, NoticeId, ObjectionId, PlanId,
    PlanItemId, PlaybackId, PoolId, PoolMemberId, PoolPhaseId, PublicationId, QuizAttemptId,
    QuizId, RefusalId, RequirementId, RollCallId, RuleDocumentId, SessionId, SignInHoldId,
    StandingId, TrainingRecordId,
};
