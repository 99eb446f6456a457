//! What a store method can report, in terms the application can act on (STYLE 3, 5).

use sea_orm::{DbErr, RuntimeErr};

/// A named unique or foreign-key constraint. Violations are reported by name, never by
/// matching error text in business code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    UnitCode,
    PersonIdCard,
    PersonPostDate,
    AccountUsername,
    AccountRole,
    PlanUnitYear,
    EnrolmentPerson,
    CertificateNumber,
    RuleDocumentVersion,
    MarkSessionPerson,
    ReserveMemberOpen,
    ForeignKey,
}

impl Constraint {
    /// PostgreSQL reports the index name; SQLite reports `table.column` pairs. Both map here.
    fn identify(name_or_columns: &str) -> Option<Self> {
        let known = [
            ("uq_org_unit_code", "org_unit.code", Constraint::UnitCode),
            (
                "uq_person_id_card",
                "person.id_card_hash",
                Constraint::PersonIdCard,
            ),
            (
                "uq_person_post_date",
                "person_post.person_id, person_post.valid_from",
                Constraint::PersonPostDate,
            ),
            (
                "uq_account_username",
                "account.username",
                Constraint::AccountUsername,
            ),
            (
                "uq_account_role",
                "account_role.account_id, account_role.role",
                Constraint::AccountRole,
            ),
            (
                "uq_training_plan_unit_year",
                "training_plan.unit_id, training_plan.year",
                Constraint::PlanUnitYear,
            ),
            (
                "uq_enrolment_person",
                "class_enrolment.class_id, class_enrolment.person_id",
                Constraint::EnrolmentPerson,
            ),
            (
                "uq_certificate_number",
                "certificate.number",
                Constraint::CertificateNumber,
            ),
            (
                "uq_mark_session_person",
                "attendance_mark.session_id, attendance_mark.person_id",
                Constraint::MarkSessionPerson,
            ),
            (
                "uq_rule_document_version",
                "rule_document.kind, rule_document.version",
                Constraint::RuleDocumentVersion,
            ),
            (
                "uq_reserve_member_open",
                "reserve_member.pool_id, reserve_member.person_id, reserve_member.open_key",
                Constraint::ReserveMemberOpen,
            ),
        ];
        known
            .iter()
            .find(|(name, columns, _)| {
                name_or_columns == *name || name_or_columns.ends_with(columns)
            })
            .map(|(_, _, constraint)| *constraint)
    }
}

/// Business refusals that can only be decided inside the transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A unit cannot become a descendant of itself.
    MoveIntoOwnSubtree,
    /// New units and people need an active parent unit.
    UnitInactive,
    /// A unit with active children or people cannot be deactivated.
    UnitNotEmpty { child_units: u64, people: u64 },
    /// The record changed since the caller read it.
    StaleVersion,
    /// A root unit cannot be moved or deactivated by this route.
    RootUnit,
    /// A class's dossier or teaching plan can change only in the states that allow it.
    ClassNotEditable { state: String },
    /// A plan changes only as a draft (items: also as a temporary addition once approved).
    PlanNotEditable { state: String },
    /// The temporary addition was already decided.
    AdditionNotPending,
    /// The performance report was already submitted.
    ReportSubmitted,
    /// There is no report draft to submit.
    ReportMissing,
    /// The trainee already has a mark for the session (signed in before).
    AlreadyMarked {
        at: chrono::DateTime<chrono::Utc>,
        status: String,
    },
    /// The leave request was already decided or cancelled.
    LeaveNotPending { state: String },
    /// The ledger entry is a reversal or already reversed.
    EntryNotLive,
    /// The credit record was already approved or rejected.
    FactNotPending { state: String },
    /// The external training record was already approved or rejected.
    TrainingRecordNotPending { state: String },
    /// A publication would list more people than one list should hold.
    PublicationTooLarge { people: u64, max: u64 },
    /// The objection was already answered.
    ObjectionAnswered,
    /// The reserve-pool membership was already closed (left or promoted).
    MembershipEnded { state: String },
    /// The certificate or seat was already revoked.
    StandingRevoked,
    /// Held roles are confirmed only after the holder replaced the administrator's password.
    HolderPasswordPending,
    /// The account's roles are not held: nothing to confirm.
    RolesNotSuspended,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    #[error("constraint violated: {0:?}")]
    Conflict(Constraint),
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("database unavailable")]
    Unavailable(#[source] DbErr),
    /// The disk under the database is full: nothing was written, writes resume once space is
    /// freed (issue 14 item 1). Reads keep working.
    #[error("storage full")]
    Full(#[source] DbErr),
    #[error("database error")]
    Db(#[source] DbErr),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        if let Some(constraint) = constraint_of(&err) {
            return StoreError::Conflict(constraint);
        }
        if is_full(&err) {
            return StoreError::Full(err);
        }
        if is_unavailable(&err) {
            return StoreError::Unavailable(err);
        }
        StoreError::Db(err)
    }
}

fn sqlx_error(err: &DbErr) -> Option<&sea_orm::sqlx::Error> {
    match err {
        DbErr::Query(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Conn(RuntimeErr::SqlxError(e)) => Some(e.as_ref()),
        _ => None,
    }
}

fn constraint_of(err: &DbErr) -> Option<Constraint> {
    let db_err = sqlx_error(err)?.as_database_error()?;
    if db_err.is_foreign_key_violation() {
        return Some(Constraint::ForeignKey);
    }
    if !db_err.is_unique_violation() {
        return None;
    }
    if let Some(name) = db_err.constraint() {
        return Constraint::identify(name);
    }
    // SQLite: "UNIQUE constraint failed: person.id_card_hash"
    let message = db_err.message();
    message
        .rsplit_once(": ")
        .and_then(|(_, columns)| Constraint::identify(columns))
}

/// The database's own error code.
#[derive(Debug, PartialEq, Eq)]
enum Code {
    /// SQLite's primary result code (the low byte of its extended code).
    Sqlite(i64),
    /// PostgreSQL's SQLSTATE.
    Postgres(String),
}

fn code_of(err: &DbErr) -> Option<Code> {
    let db_err = sqlx_error(err)?.as_database_error()?;
    let code = db_err.code()?;
    if db_err
        .try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>()
        .is_some()
    {
        return code
            .parse::<i64>()
            .ok()
            .map(|extended| Code::Sqlite(extended & 0xff));
    }
    Some(Code::Postgres(code.into_owned()))
}

/// SQLITE_FULL (13) or PostgreSQL `53100 disk_full`.
fn is_full(err: &DbErr) -> bool {
    code_of(err).is_some_and(|code| full_code(&code))
}

fn full_code(code: &Code) -> bool {
    match code {
        Code::Sqlite(primary) => *primary == 13,
        Code::Postgres(state) => state == "53100",
    }
}

/// Connection loss, pool exhaustion, a locked or busy database, an I/O error, a server shutting
/// down or restarting: the client should retry later (503), not be told the request was wrong.
fn is_unavailable(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        _ => match sqlx_error(err) {
            Some(
                sea_orm::sqlx::Error::Io(_)
                | sea_orm::sqlx::Error::PoolTimedOut
                | sea_orm::sqlx::Error::PoolClosed
                | sea_orm::sqlx::Error::WorkerCrashed,
            ) => true,
            Some(_) => code_of(err).is_some_and(|code| unavailable_code(&code)),
            None => false,
        },
    }
}

/// SQLite: BUSY (5), LOCKED (6), IOERR (10, any extended code), CANTOPEN (14).
/// PostgreSQL: connection exceptions (`08…`), insufficient resources (`53…`: too many
/// connections, out of memory), operator intervention (`57P01`–`57P05`: shutdown, crash,
/// cannot connect now, database dropped, idle session timeout), `58030` I/O error.
fn unavailable_code(code: &Code) -> bool {
    match code {
        Code::Sqlite(primary) => matches!(primary, 5 | 6 | 10 | 14),
        Code::Postgres(state) => {
            state.starts_with("08")
                || state.starts_with("53")
                || state.starts_with("57P")
                || state == "58030"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_are_recognised_by_postgres_name_and_sqlite_columns() {
        assert_eq!(
            Constraint::identify("uq_person_id_card"),
            Some(Constraint::PersonIdCard)
        );
        assert_eq!(
            Constraint::identify("person.id_card_hash"),
            Some(Constraint::PersonIdCard)
        );
        assert_eq!(
            Constraint::identify("account_role.account_id, account_role.role"),
            Some(Constraint::AccountRole)
        );
        assert_eq!(Constraint::identify("something_else"), None);
    }

    #[test]
    fn sqlite_and_postgres_codes_that_mean_retry_later() {
        use Code::{Postgres, Sqlite};
        let pg = |state: &str| Postgres(state.to_owned());
        assert!(full_code(&Sqlite(13)) && full_code(&pg("53100")));
        assert!(!full_code(&Sqlite(10)) && !full_code(&pg("53300")));
        // SQLite primary codes BUSY, LOCKED, IOERR, CANTOPEN.
        for code in [Sqlite(5), Sqlite(6), Sqlite(10), Sqlite(14)] {
            assert!(unavailable_code(&code), "{code:?}");
        }
        for state in [
            "08006", "08001", "57P01", "57P02", "57P03", "53300", "58030",
        ] {
            assert!(unavailable_code(&pg(state)), "{state}");
        }
        // Constraint, syntax and data errors are the request's or the program's fault.
        for code in [Sqlite(19), Sqlite(1), pg("23505"), pg("22P02"), pg("42601")] {
            assert!(!unavailable_code(&code), "{code:?}");
        }
    }
}
