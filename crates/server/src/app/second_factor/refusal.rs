//! What the second step of signing in refuses.

use ganxun_domain::problem::{Problem, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The password was right; the account's second-factor code is needed too.
    Needed,
    /// The code was wrong, already used, or not a code at all.
    Wrong,
    /// A role of the account requires a second factor that is not set up yet.
    SetupRequired,
}

impl Problem for Refusal {
    fn status(&self) -> Status {
        match self {
            Refusal::Needed | Refusal::Wrong => Status::Unauthorized,
            Refusal::SetupRequired => Status::Forbidden,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Refusal::Needed => "SECOND_FACTOR_REQUIRED",
            Refusal::Wrong => "SECOND_FACTOR_WRONG",
            Refusal::SetupRequired => "SECOND_FACTOR_SETUP_REQUIRED",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::Needed => "请输入手机验证器上显示的 6 位验证码".into(),
            Refusal::Wrong => {
                "验证码不正确或已用过：请输入验证器上当前显示的 6 位数字，或一个未用过的恢复码"
                    .into()
            }
            Refusal::SetupRequired => "您的角色要求两步验证，请先用手机验证器完成设置".into(),
        }
    }
}
