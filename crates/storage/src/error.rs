//! What a store method can report, in terms the application can act on (STYLE 3, 5).

use ganxun_domain::code_enum::UnknownCode;
use ganxun_domain::problem::{BoxedProblem, Problem, downcast};
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
    LearningMediaDigest,
    LearningPlaybackOpen,
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
                "uq_learning_media_sha256",
                "learning_media.sha256",
                Constraint::LearningMediaDigest,
            ),
            (
                "uq_learning_playback_open",
                "learning_playback.person_id, learning_playback.open_key",
                Constraint::LearningPlaybackOpen,
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

impl Problem for Constraint {
    fn code(&self) -> &'static str {
        self.code_and_message().0
    }

    fn message(&self) -> String {
        self.code_and_message().1.to_owned()
    }
}

impl Constraint {
    fn code_and_message(self) -> (&'static str, &'static str) {
        match self {
            Constraint::UnitCode => ("UNIT_CODE_TAKEN", "单位代码已被使用，请换一个"),
            Constraint::PersonIdCard => {
                ("DUPLICATE_ID_CARD", "该身份证号已在干部库中，请勿重复录入")
            }
            Constraint::PersonPostDate => ("POST_DATE_TAKEN", "该日期已有任职记录"),
            Constraint::AccountUsername => ("USERNAME_TAKEN", "用户名已被使用，请换一个"),
            Constraint::AccountRole => ("ROLE_DUPLICATE", "同一角色不能重复授予"),
            Constraint::PlanUnitYear => (
                "PLAN_EXISTS",
                "该单位本年度的培训计划已存在，请在原计划中修改",
            ),
            Constraint::EnrolmentPerson => ("ALREADY_ENROLLED", "该学员已在本班次名单中"),
            Constraint::CertificateNumber => ("CERTIFICATE_NUMBER_TAKEN", "证书编号重复，请重试"),
            Constraint::RuleDocumentVersion => (
                "RULES_SAVED_CONCURRENTLY",
                "规则刚被他人保存，请刷新后再保存",
            ),
            Constraint::MarkSessionPerson => ("ALREADY_SIGNED_IN", "本节课已有该学员的考勤记录"),
            Constraint::ReserveMemberOpen => ("ALREADY_IN_POOL", "该干部已在本后备干部库中"),
            Constraint::LearningMediaDigest => (
                "MEDIA_UPLOADED_CONCURRENTLY",
                "同一个视频刚刚被上传，请刷新后在视频列表中选用",
            ),
            Constraint::LearningPlaybackOpen => (
                "PLAYBACK_ELSEWHERE",
                "您正在另一处学习（其他课程、窗口或设备），请先在那里结束后再开始",
            ),
            Constraint::ForeignKey => ("REFERENCE_MISSING", "引用的记录不存在"),
        }
    }
}

/// The record changed since the caller read it: every feature's optimistic check answers this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaleVersion;

impl Problem for StaleVersion {
    fn code(&self) -> &'static str {
        "STALE_VERSION"
    }

    fn message(&self) -> String {
        "该记录已被他人修改，请刷新后再保存".to_owned()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    #[error("constraint violated: {0:?}")]
    Conflict(Constraint),
    /// A business refusal decided inside the transaction, of the refusing feature's own type
    /// (`org::Refusal`, `plans::Refusal` …).
    #[error("refused: {0:?}")]
    Refused(BoxedProblem),
    #[error("database unavailable")]
    Unavailable(#[source] DbErr),
    /// The disk under the database is full: nothing was written, writes resume once space is
    /// freed (issue 14 item 1). Reads keep working.
    #[error("storage full")]
    Full(#[source] DbErr),
    /// A stored code that its vocabulary does not know (a column read as a `code_enum!` type):
    /// the data, not the request, is wrong, whichever vocabulary and table.
    #[error("stored data unreadable: {0}")]
    UnknownCode(#[source] UnknownCode),
    #[error("database error")]
    Db(#[source] DbErr),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// A refusal of any feature.
    pub fn refused(problem: impl Problem) -> Self {
        StoreError::Refused(Box::new(problem))
    }

    /// The refusal inside, when it is of type `T`.
    pub fn refusal<T: Problem>(&self) -> Option<&T> {
        match self {
            StoreError::Refused(problem) => downcast::<T>(problem.as_ref()),
            _ => None,
        }
    }
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        // A failed statement or commit may leave its connection unusable: check connections
        // thoroughly on their way back for a while.
        crate::distrust::distrust_connections();
        if let Some(unknown) = UnknownCode::of(&err) {
            return StoreError::UnknownCode(unknown.clone());
        }
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

    /// A vocabulary and a typed id read through SeaORM from a real database, and a stored code
    /// no variant knows becoming the one error for it.
    #[tokio::test]
    async fn stored_codes_and_ids_read_back_typed_and_an_unknown_code_is_one_error() {
        use ganxun_domain::{ClassState, PersonId};
        use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
        let conn = Database::connect("sqlite::memory:").await.unwrap();
        conn.execute_unprepared("CREATE TABLE t (state TEXT, person_id BIGINT)")
            .await
            .unwrap();
        let insert = Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "INSERT INTO t VALUES (?, ?)",
            [ClassState::InProgress.into(), PersonId(7).into()],
        );
        conn.execute_raw(insert).await.unwrap();
        conn.execute_unprepared("INSERT INTO t VALUES ('running', 8)")
            .await
            .unwrap();
        let rows = conn
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT state, person_id FROM t ORDER BY person_id",
            ))
            .await
            .unwrap();
        assert_eq!(
            rows[0].try_get_by_index::<ClassState>(0).unwrap(),
            ClassState::InProgress
        );
        assert_eq!(
            rows[0].try_get_by_index::<PersonId>(1).unwrap(),
            PersonId(7)
        );
        let err = StoreError::from(rows[1].try_get_by_index::<ClassState>(0).unwrap_err());
        match err {
            StoreError::UnknownCode(unknown) => {
                assert_eq!(unknown.vocabulary, "ClassState");
                assert_eq!(unknown.code, "running");
            }
            other => panic!("expected UnknownCode, got {other:?}"),
        }
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
