//! What confirming an account's held roles, or reading a batch's slips, refuses inside the
//! transaction.

use ganxun_domain::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Held roles are confirmed only after the holder replaced the administrator's password.
    HolderPasswordPending,
    /// The account's roles are not held: nothing to confirm.
    RolesNotSuspended,
    /// A batch's slips are erased an hour after opening (or when the opener discarded them):
    /// the first passwords are shown once (ADR 0022).
    SlipsGone,
    /// A person of the batch was given an account since the opener looked: the batch is not
    /// written (its slips would be wrong) and is to be opened again.
    PersonHasAccount,
}

impl Problem for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::HolderPasswordPending => "HOLDER_PASSWORD_PENDING",
            Refusal::RolesNotSuspended => "ROLES_NOT_SUSPENDED",
            Refusal::SlipsGone => "ACCOUNT_SLIPS_GONE",
            Refusal::PersonHasAccount => "PERSON_HAS_ACCOUNT",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::HolderPasswordPending => {
                "该账号仍在使用管理员设置的密码，请待本人登录并修改密码后再确认其角色".to_owned()
            }
            Refusal::RolesNotSuspended => "该账号的角色没有被暂停，无需确认".to_owned(),
            Refusal::SlipsGone => "开通单只能在开通后 1 小时内下载，现已销毁（初始密码只显示一次）。\
                 未领到开通单的人员，请系统管理员重置其密码"
                .to_owned(),
            Refusal::PersonHasAccount => {
                "刚有人为其中的人员开通了账号，本次未开通任何账号，请重新开通（已有账号的人员会自动跳过）"
                    .to_owned()
            }
        }
    }
}
