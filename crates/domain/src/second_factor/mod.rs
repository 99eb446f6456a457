//! The second factor at sign-in (issue 14 item 8, 等保 level 3 双因素): time-based one-time
//! codes from an authenticator app (RFC 6238, what every app on a phone speaks) and one-use
//! recovery codes for when the phone is lost.
//!
//! Pure: the caller brings the secret's randomness and the clock; storing the secret sealed,
//! refusing a code used twice and counting wrong codes toward the lock-out belong to the
//! layers with a database.

mod base32;
mod recovery_code;
mod totp;

pub use recovery_code::{RECOVERY_CODE_COUNT, RecoveryCode};
pub use totp::{CODE_DIGITS, STEP_SECONDS, TotpSecret, otpauth_uri};

/// What a person typed in the second-factor box, told apart by its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OneTimeCode {
    /// Six digits from the authenticator app.
    Totp(String),
    /// A recovery code, normalised (see [`RecoveryCode::normalise`]).
    Recovery(String),
}

impl OneTimeCode {
    /// Reads what was typed; spaces and dashes are ignored, letters are not case-sensitive.
    /// `None` when it can be neither.
    pub fn parse(typed: &str) -> Option<Self> {
        let compact: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.len() == CODE_DIGITS && compact.chars().all(|c| c.is_ascii_digit()) {
            return Some(OneTimeCode::Totp(compact));
        }
        RecoveryCode::normalise(&compact).map(OneTimeCode::Recovery)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_are_an_app_code_whatever_the_spacing() {
        assert_eq!(
            OneTimeCode::parse(" 287 082 "),
            Some(OneTimeCode::Totp("287082".into()))
        );
        assert_eq!(
            OneTimeCode::parse("287-082"),
            Some(OneTimeCode::Totp("287082".into()))
        );
    }

    #[test]
    fn a_recovery_code_is_read_in_any_case_and_grouping() {
        let code = RecoveryCode::generate(&mut |bytes| bytes.fill(7));
        let typed = code.as_str().to_lowercase().replace('-', " ");
        assert_eq!(
            OneTimeCode::parse(&typed),
            Some(OneTimeCode::Recovery(code.as_str().replace('-', "")))
        );
    }

    #[test]
    fn anything_else_is_no_code() {
        for typed in [
            "",
            "12345",
            "1234567",
            "abc",
            "12345a",
            "你好你好你好",
            "\0\0\0\0\0\0",
        ] {
            assert_eq!(OneTimeCode::parse(typed), None, "{typed:?}");
        }
    }
}
