//! What confirming an account's held roles refuses inside the transaction.

use ganxun_domain::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Held roles are confirmed only after the holder replaced the administrator's password.
    HolderPasswordPending,
    /// The account's roles are not held: nothing to confirm.
    RolesNotSuspended,
}

impl Problem for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::HolderPasswordPending => "HOLDER_PASSWORD_PENDING",
            Refusal::RolesNotSuspended => "ROLES_NOT_SUSPENDED",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::HolderPasswordPending => {
                "该账号仍在使用管理员设置的密码，请待本人登录并修改密码后再确认其角色".to_owned()
            }
            Refusal::RolesNotSuspended => "该账号的角色没有被暂停，无需确认".to_owned(),
        }
    }
}
