//! One error type for every response: status, stable machine code, Chinese message (STYLE 4).
//! The mapping has no wildcard: a new `AppError` forces a decision here. Server faults are
//! logged with their cause chain and never sent.

use crate::app::{AppError, FieldError, RequestProblem};
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ganxun_storage::{Constraint, Refusal};
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `ID_CARD_CHECK_DIGIT`.
    pub code: String,
    /// What went wrong and what to do, in Chinese.
    pub message: String,
    /// Per-field problems for forms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// An `AppError` on its way out.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError(err)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

fn conflict(constraint: Constraint) -> (&'static str, &'static str) {
    match constraint {
        Constraint::UnitCode => ("UNIT_CODE_TAKEN", "单位代码已被使用，请换一个"),
        Constraint::PersonIdCard => ("DUPLICATE_ID_CARD", "该身份证号已在干部库中，请勿重复录入"),
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
        Constraint::ForeignKey => ("REFERENCE_MISSING", "引用的记录不存在"),
    }
}

fn refusal(refusal: &Refusal) -> (&'static str, String) {
    match refusal {
        Refusal::MoveIntoOwnSubtree => (
            "MOVE_INTO_OWN_SUBTREE",
            "不能把单位移到它自己或其下级单位之下".to_owned(),
        ),
        Refusal::UnitInactive => (
            "UNIT_INACTIVE",
            "该单位已停用，请先启用或选择其他单位".to_owned(),
        ),
        Refusal::UnitNotEmpty {
            child_units,
            people,
        } => (
            "UNIT_NOT_EMPTY",
            format!(
                "该单位下仍有 {child_units} 个在用下级单位、{people} 名在册人员，请先调出或停用后再停用本单位"
            ),
        ),
        Refusal::StaleVersion => (
            "STALE_VERSION",
            "该记录已被他人修改，请刷新后再保存".to_owned(),
        ),
        Refusal::RootUnit => ("ROOT_UNIT", "顶级单位不能移动或停用".to_owned()),
        Refusal::ClassNotEditable { state } => (
            "CLASS_NOT_EDITABLE",
            format!(
                "班次当前状态为“{}”，不能再修改；如需修改，请先退回或取消后重新申报",
                state_label(state)
            ),
        ),
        Refusal::PlanNotEditable { state } => (
            "PLAN_NOT_EDITABLE",
            format!(
                "培训计划当前状态为“{}”，不能修改；已批准的计划只能申请临时增补",
                plan_state_label(state)
            ),
        ),
        Refusal::AdditionNotPending => (
            "ADDITION_NOT_PENDING",
            "该临时增补已经审批过，不能重复审批".to_owned(),
        ),
        Refusal::ReportSubmitted => (
            "REPORT_ALREADY_SUBMITTED",
            "绩效报告已报送，不能再修改".to_owned(),
        ),
        Refusal::AlreadyMarked { at, .. } => (
            "ALREADY_SIGNED_IN",
            format!(
                "本节课已有考勤记录（{}），无需重复签到",
                ganxun_domain::china_datetime(*at).format("%H:%M:%S")
            ),
        ),
        Refusal::LeaveNotPending { state } => (
            "LEAVE_NOT_PENDING",
            format!("该请假申请当前为“{}”，不能再处理", leave_state_label(state)),
        ),
        Refusal::EntryNotLive => (
            "ENTRY_NOT_LIVE",
            "该学分记录已被冲销或本身是冲销记录，不能再冲销".to_owned(),
        ),
        Refusal::FactNotPending { state } => (
            "FACT_NOT_PENDING",
            format!(
                "该记录已{}，不能再审核",
                if state == "approved" {
                    "通过"
                } else {
                    "退回"
                }
            ),
        ),
        Refusal::TrainingRecordNotPending { state } => (
            "TRAINING_RECORD_NOT_PENDING",
            format!(
                "该培训记录已{}，不能再审核",
                if state == "approved" {
                    "通过"
                } else {
                    "退回"
                }
            ),
        ),
        Refusal::PublicationTooLarge { people, max } => (
            "PUBLICATION_TOO_LARGE",
            format!("该单位共有 {people} 人，超过单次公示上限 {max} 人，请按下级单位分别公示"),
        ),
        Refusal::ObjectionAnswered => (
            "OBJECTION_ANSWERED",
            "该异议已答复，不能重复处理".to_owned(),
        ),
        Refusal::MembershipEnded { state } => (
            "MEMBERSHIP_ENDED",
            format!(
                "该干部已{}，不能再办理出库或提拔",
                if state == "promoted" {
                    "提拔使用"
                } else {
                    "出库"
                }
            ),
        ),
        Refusal::StandingRevoked => ("STANDING_REVOKED", "该记录已撤销，不能再次撤销".to_owned()),
        Refusal::HolderPasswordPending => (
            "HOLDER_PASSWORD_PENDING",
            "该账号仍在使用管理员设置的密码，请待本人登录并修改密码后再确认其角色".to_owned(),
        ),
        Refusal::RolesNotSuspended => (
            "ROLES_NOT_SUSPENDED",
            "该账号的角色没有被暂停，无需确认".to_owned(),
        ),
        Refusal::ReportMissing => (
            "REPORT_MISSING",
            "还没有绩效报告草稿，请先生成并保存草稿".to_owned(),
        ),
    }
}

fn state_label(code: &str) -> &str {
    ganxun_domain::ClassState::parse(code).map_or(code, |s| s.label_zh())
}

fn leave_state_label(code: &str) -> &str {
    match code {
        "pending" => "待审批",
        "approved" => "已批准",
        "refused" => "未批准",
        "cancelled" => "已取消",
        "returned" => "已销假",
        other => other,
    }
}

fn plan_state_label(code: &str) -> &str {
    match code {
        "draft" => "草稿",
        "submitted" => "已报送",
        "approved" => "已批准",
        "rejected" => "已退回",
        other => other,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut fields = Vec::new();
        let mut retry_after: Option<i64> = None;
        let (status, code, message): (StatusCode, &str, String) = match self.0 {
            AppError::InvalidCredentials => (
                StatusCode::UNAUTHORIZED,
                "INVALID_CREDENTIALS",
                "用户名或密码错误".into(),
            ),
            AppError::AccountLocked { until } => {
                let local = ganxun_domain::china_datetime(until).format("%H:%M");
                (
                    StatusCode::FORBIDDEN,
                    "ACCOUNT_LOCKED",
                    format!(
                        "密码错误次数过多，账号已锁定，请于 {local} 后再试或联系安全管理员解锁"
                    ),
                )
            }
            AppError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "请先登录".into(),
            ),
            AppError::SessionExpired { idle: true } => (
                StatusCode::UNAUTHORIZED,
                "SESSION_IDLE_TIMEOUT",
                "长时间未操作，已自动退出，请重新登录".into(),
            ),
            AppError::SessionExpired { idle: false } => (
                StatusCode::UNAUTHORIZED,
                "SESSION_EXPIRED",
                "登录已超过最长有效期，请重新登录".into(),
            ),
            AppError::PasswordChangeRequired => (
                StatusCode::FORBIDDEN,
                "PASSWORD_CHANGE_REQUIRED",
                "首次登录或密码已被重置，请先修改密码".into(),
            ),
            AppError::SecondFactorNeeded => (
                StatusCode::UNAUTHORIZED,
                "SECOND_FACTOR_REQUIRED",
                "请输入手机验证器上显示的 6 位验证码".into(),
            ),
            AppError::SecondFactorWrong => (
                StatusCode::UNAUTHORIZED,
                "SECOND_FACTOR_WRONG",
                "验证码不正确或已用过：请输入验证器上当前显示的 6 位数字，或一个未用过的恢复码"
                    .into(),
            ),
            AppError::SecondFactorSetupRequired => (
                StatusCode::FORBIDDEN,
                "SECOND_FACTOR_SETUP_REQUIRED",
                "您的角色要求两步验证，请先用手机验证器完成设置".into(),
            ),
            AppError::RolesSuspended => (
                StatusCode::FORBIDDEN,
                "ROLES_SUSPENDED",
                "您的密码曾由管理员设置或重置，账号角色已暂停，待安全管理员确认后恢复".into(),
            ),
            AppError::Throttled {
                retry_after_seconds,
            } => {
                retry_after = Some(retry_after_seconds);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    "SIGN_IN_THROTTLED",
                    format!("登录尝试过于频繁，请 {retry_after_seconds} 秒后再试"),
                )
            }
            AppError::Request(problem) => request_problem(problem),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "FORBIDDEN",
                "您的角色无权进行此操作".into(),
            ),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                "记录不存在或不在您的管理范围内".into(),
            ),
            AppError::Validation(list) => {
                let message = list
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join("；");
                fields = list;
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "VALIDATION_FAILED",
                    message,
                )
            }
            AppError::Conflict(constraint) => {
                let (code, message) = conflict(constraint);
                (StatusCode::CONFLICT, code, message.to_owned())
            }
            AppError::Refused(r) => {
                let (code, message) = refusal(&r);
                (StatusCode::CONFLICT, code, message)
            }
            AppError::Rule { code, message } => (StatusCode::CONFLICT, code, message),
            AppError::Csrf => (
                StatusCode::FORBIDDEN,
                "CSRF_FAILED",
                "页面已过期或请求来源不正确，请刷新页面后重试".into(),
            ),
            AppError::Unavailable => {
                retry_after = Some(5);
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "STORAGE_UNAVAILABLE",
                    "数据库暂时不可用，请稍后重试".into(),
                )
            }
            AppError::StorageFull => {
                retry_after = Some(5);
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "STORAGE_FULL",
                    "服务器存储空间已满，本次操作未保存，请稍后重试或联系系统管理员清理磁盘".into(),
                )
            }
            AppError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "INTERNAL",
                    "服务器内部错误，已记录，请稍后重试或联系管理员".into(),
                )
            }
        };
        // A single-field validation error carries that field's own code.
        let code = match fields.as_slice() {
            [only] => only.code.clone(),
            _ => code.to_owned(),
        };
        let mut response = (
            status,
            Json(ErrorBody {
                code,
                message,
                fields,
            }),
        )
            .into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

fn request_problem(problem: RequestProblem) -> (StatusCode, &'static str, String) {
    match problem {
        RequestProblem::TooLarge => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            "请求内容过大，超过了服务器允许的上限".into(),
        ),
        RequestProblem::UnsupportedMediaType => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "请求内容的类型不正确（JSON 接口须带 Content-Type: application/json）".into(),
        ),
        RequestProblem::Malformed(detail) => (
            StatusCode::BAD_REQUEST,
            "MALFORMED_REQUEST",
            format!("请求无法解析：{detail}"),
        ),
        RequestProblem::MethodNotAllowed => (
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "该地址不支持这种请求方法".into(),
        ),
    }
}

/// Rejections from axum's own extractors (bad JSON, bad query) in the same shape.
pub fn bad_request(message: impl ToString) -> ApiError {
    ApiError(AppError::field(
        "body",
        "BAD_REQUEST",
        format!("请求格式不正确：{}", message.to_string()),
    ))
}
