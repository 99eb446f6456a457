//! Typed ids, so a person's id can never be passed where a unit's is expected.
//!
//! An id is its number everywhere outside the program: serde reads and writes the bare number
//! (`#[serde(transparent)]`), and with the `db` feature it is a SeaORM column type stored as a
//! `BIGINT` — entities, rows and store signatures hold it, and it can be a table's key
//! (`TryFromU64`).
//!
//! What stays a bare number, on purpose: a column that names rows of several kinds (the
//! ledger's and compliance's `source_id`, the follow-up outbox's `subject_id`, a requirement's
//! `audience_id`), positions in the audit and ledger hash chains, the pure evaluators' own
//! records, and the id of a row that never leaves its own store (a role grant, a post held, a
//! counter, a day's total). Every id a handler, a path or another feature sees is typed.

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

        #[cfg(feature = "db")]
        db_id!($name);
    };
}

/// With the `db` feature: what SeaORM needs for an id to be a column's type and a key.
#[cfg(feature = "db")]
macro_rules! db_id {
    ($name:ident) => {
        impl From<$name> for sea_orm::Value {
            fn from(id: $name) -> Self {
                sea_orm::Value::BigInt(Some(id.0))
            }
        }

        impl sea_orm::TryGetable for $name {
            fn try_get_by<I: sea_orm::ColIdx>(
                res: &sea_orm::QueryResult,
                index: I,
            ) -> Result<Self, sea_orm::TryGetError> {
                <i64 as sea_orm::TryGetable>::try_get_by(res, index).map($name)
            }
        }

        impl sea_orm::sea_query::ValueType for $name {
            fn try_from(value: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                <i64 as sea_orm::sea_query::ValueType>::try_from(value).map($name)
            }

            fn type_name() -> String {
                stringify!($name).to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::BigInt
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::BigInteger
            }
        }

        impl sea_orm::sea_query::Nullable for $name {
            fn null() -> sea_orm::Value {
                sea_orm::Value::BigInt(None)
            }
        }

        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(n: u64) -> Result<Self, sea_orm::DbErr> {
                <i64 as sea_orm::TryFromU64>::try_from_u64(n).map($name)
            }
        }

        impl sea_orm::IntoActiveValue<$name> for $name {
            fn into_active_value(self) -> sea_orm::ActiveValue<$name> {
                sea_orm::ActiveValue::Set(self)
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
    /// A batch of accounts opened at once, with its sealed sign-in slips (开通账号).
    AccountBatchId
);
typed_id!(
    /// A training class (培训班次, R-CLS-1).
    ClassId
);
typed_id!(
    /// An instructor in the instructor pool (师资库, §9); not necessarily a cadre in the register.
    InstructorId
);
typed_id!(
    /// One session (课次) of a class's teaching plan.
    SessionId
);
typed_id!(
    /// A request for leave from one or more sessions of a class.
    LeaveId
);
typed_id!(
    /// One person's attendance mark (考勤) for one session.
    MarkId
);
typed_id!(
    /// A correction of an attendance mark, kept with what it was before and after.
    CorrectionId
);
typed_id!(
    /// An annual training plan (年度培训计划).
    PlanId
);
typed_id!(
    /// One line of an annual training plan.
    PlanItemId
);
typed_id!(
    /// A reserve-cadre pool (后备干部库).
    PoolId
);
typed_id!(
    /// A training phase (培训阶段) of a reserve-cadre pool.
    PoolPhaseId
);
typed_id!(
    /// One membership of a person in a reserve-cadre pool (入库 to 出库).
    PoolMemberId
);
typed_id!(
    /// An entry of the credit ledger (学分台账); also its place in the ledger's hash chain.
    CreditEntryId
);
typed_id!(
    /// A publication (公示) of a unit's credits for a year, open to objections until it closes.
    PublicationId
);
typed_id!(
    /// An objection (异议) raised against a credit publication.
    ObjectionId
);
typed_id!(
    /// A course of the online course library (课程库).
    CourseId
);
typed_id!(
    /// A lesson of a course: a video, a document or a quiz.
    LessonId
);
typed_id!(
    /// A media file (video or PDF) in the deployment's media folder.
    MediaId
);
typed_id!(
    /// One playback of one lesson by one person: the lease its heartbeats hold.
    PlaybackId
);
typed_id!(
    /// A sign, for review, that learning may not have been a person at a screen.
    FlagId
);
typed_id!(
    /// A heartbeat of a playback that was not counted, with why.
    RefusalId
);
typed_id!(
    /// A note or reflection (笔记、心得) a learner wrote on a lesson.
    NoteId
);
typed_id!(
    /// A course required of an audience in a year (必修).
    RequirementId
);
typed_id!(
    /// A learning briefing (学习简报) made for a unit and a period.
    BriefingId
);
typed_id!(
    /// The quiz of a quiz lesson.
    QuizId
);
typed_id!(
    /// One sitting of a quiz by one person.
    QuizAttemptId
);
typed_id!(
    /// A notice (通知) to a unit's administrators (a class started, its arrivals, its attendance).
    NoticeId
);
typed_id!(
    /// What the server credited one person for one lesson (a learning progress row).
    LearningProgressId
);
typed_id!(
    /// A saved version of a rule document (routing rules, holiday calendar, credit rules …).
    RuleDocumentId
);
typed_id!(
    /// A record credits are evaluated from (a score, a research output, a salon, a school term).
    CreditFactId
);
typed_id!(
    /// Training done outside the system, entered with its evidence and approved before it counts.
    TrainingRecordId
);
typed_id!(
    /// A completion certificate (结业证书) issued to one person for one class.
    CertificateId
);
typed_id!(
    /// One person's place in a class (or on its waiting list).
    EnrolmentId
);
typed_id!(
    /// The opening of one session's roll call by the head teacher.
    RollCallId
);
typed_id!(
    /// A sign-in scan held by the server until the phone that made it signs in.
    SignInHoldId
);
typed_id!(
    /// A certificate held or a central-group seat (a person's standing for compliance).
    StandingId
);
typed_id!(
    /// A file attached to a class dossier (an approval letter, a budget, the printed plan).
    AttachmentId
);
typed_id!(
    /// A run of a background job (a full compliance recomputation, …) with its progress.
    JobId
);
typed_id!(
    /// One decision on a class (submitted, approved, returned …), kept in its history.
    ClassDecisionId
);
typed_id!(
    /// Work a change promised in its own transaction (the outbox), retried until it succeeds.
    FollowUpId
);

#[cfg(all(test, feature = "db"))]
mod tests {
    use super::*;
    use sea_orm::sea_query::{Nullable, ValueType};
    use sea_orm::{TryFromU64, Value};

    #[test]
    fn an_id_is_stored_as_its_number_and_read_back() {
        let value = Value::from(PersonId(42));
        assert_eq!(value, Value::BigInt(Some(42)));
        assert_eq!(
            <PersonId as ValueType>::try_from(value).ok(),
            Some(PersonId(42))
        );
        assert_eq!(<UnitId as Nullable>::null(), Value::BigInt(None));
        assert_eq!(
            <ClassId as ValueType>::column_type(),
            sea_orm::sea_query::ColumnType::BigInteger
        );
        // What an insert's `last_insert_id` is turned into when the id is a key.
        assert_eq!(
            <AccountId as TryFromU64>::try_from_u64(7).ok(),
            Some(AccountId(7))
        );
        assert!(<AccountId as TryFromU64>::try_from_u64(u64::MAX).is_err());
        // A text is not an id.
        assert!(<PersonId as ValueType>::try_from(Value::from("42")).is_err());
    }

    #[test]
    fn an_id_is_a_bare_number_in_json() {
        assert_eq!(serde_json::to_string(&UnitId(5)).ok().as_deref(), Some("5"));
        assert_eq!(serde_json::from_str::<UnitId>("5").ok(), Some(UnitId(5)));
    }
}
