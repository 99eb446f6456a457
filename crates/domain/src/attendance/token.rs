//! Rotating sign-in codes (R-ATT-1): the code shown as a QR code on the room's screen changes
//! every few seconds and is bound to the session and the time, so a photo sent to an absent
//! colleague stops working before they can use it.
//!
//! Time is cut into steps of `token_step_seconds` (10 by default) counted from the Unix epoch. A
//! code carries its step number and the first 10 bytes of HMAC-SHA-256 over
//! `"ganxun-sign-in|{session_id}|{step}"` under the deployment's 32-byte key (the purpose prefix
//! keeps these tags apart from anything else the key might sign). The 15 bytes are written in
//! unpadded URL-safe base64: 20 characters that fit in a URL and a small QR code.
//!
//! A code is accepted during its own step and `token_previous_steps` more (1 by default), so
//! 10 to 20 seconds after it appeared, for a phone on a slow network; 30 seconds later it is
//! refused as expired. The server's clock decides: a code from a later step than the server's
//! is refused, so several servers sharing a database must keep their clocks in step (NTP).
//! Changing the step length makes the codes on screen invalid at once; they are replaced
//! within one step.
//!
//! The tag is compared in constant time. A code whose tag does not match this session is
//! reported as "not for this session": that is what a code of another session is, and a forged
//! or damaged code deserves the same answer.

use super::settings::AttendanceSettings;
use crate::SessionId;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bytes of the step number in a code: 2^40 ten-second steps reach far past any deployment.
const STEP_BYTES: usize = 5;
/// Bytes of the truncated tag: 80 bits, beyond guessing within a 20-second life.
const TAG_BYTES: usize = 10;
const TOKEN_BYTES: usize = STEP_BYTES + TAG_BYTES;
/// The largest step a code can carry.
const MAX_STEP: u64 = (1 << (8 * STEP_BYTES)) - 1;

/// Why a sign-in code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("签到码无法识别，请重新扫描教室屏幕上的二维码")]
    Malformed,
    #[error("该签到码不属于本节课，请扫描本节课教室屏幕上的二维码")]
    WrongSession,
    #[error("签到码已过期（{age_seconds} 秒前生成），请扫描教室屏幕上最新的二维码")]
    Expired { age_seconds: i64 },
    #[error("签到码的时间晚于服务器时间，请稍候几秒后重新扫描教室屏幕上的二维码")]
    FromTheFuture,
}

impl TokenError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            TokenError::Malformed => "SIGN_IN_TOKEN_MALFORMED",
            TokenError::WrongSession => "SIGN_IN_TOKEN_WRONG_SESSION",
            TokenError::Expired { .. } => "SIGN_IN_TOKEN_EXPIRED",
            TokenError::FromTheFuture => "SIGN_IN_TOKEN_FROM_THE_FUTURE",
        }
    }
}

/// A sign-in code as read from its text: the step it was issued in and its tag. Not yet
/// verified; [`SignInToken::verify`] checks it for a session and an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInToken {
    step: u64,
    tag: [u8; TAG_BYTES],
}

impl SignInToken {
    /// The code to show for `session_id` at `now`.
    pub fn issue(
        key: &[u8; 32],
        session_id: SessionId,
        now: DateTime<Utc>,
        settings: &AttendanceSettings,
    ) -> String {
        let step = step_at(now, settings);
        let tag = tag_of(&authenticator(key, session_id, step).finalize().into_bytes());
        SignInToken { step, tag }.to_string()
    }

    /// Checks a code scanned for `session_id` at the server's `now`.
    pub fn verify(
        key: &[u8; 32],
        session_id: SessionId,
        token: &str,
        now: DateTime<Utc>,
        settings: &AttendanceSettings,
    ) -> Result<(), TokenError> {
        let token = SignInToken::parse(token)?;
        authenticator(key, session_id, token.step)
            .verify_truncated_left(&token.tag)
            .map_err(|_| TokenError::WrongSession)?;
        let current = step_at(now, settings);
        if token.step > current {
            return Err(TokenError::FromTheFuture);
        }
        if current - token.step > u64::from(settings.token_previous_steps) {
            let issued_at = i64::try_from(token.step)
                .unwrap_or(i64::MAX)
                .saturating_mul(step_seconds(settings));
            return Err(TokenError::Expired {
                age_seconds: now.timestamp().saturating_sub(issued_at),
            });
        }
        Ok(())
    }

    /// Reads a code's text (surrounding spaces ignored).
    pub fn parse(text: &str) -> Result<Self, TokenError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim())
            .map_err(|_| TokenError::Malformed)?;
        let bytes: [u8; TOKEN_BYTES] = bytes.try_into().map_err(|_| TokenError::Malformed)?;
        let (step_bytes, tag_bytes) = bytes.split_at(STEP_BYTES);
        let step = step_bytes
            .iter()
            .fold(0u64, |step, byte| (step << 8) | u64::from(*byte));
        let tag = tag_bytes.try_into().map_err(|_| TokenError::Malformed)?;
        Ok(Self { step, tag })
    }

    /// The step the code was issued in.
    pub fn step(&self) -> u64 {
        self.step
    }

    /// When the code shown at `now` is replaced by the next one: the screen refreshes then.
    pub fn next_change(now: DateTime<Utc>, settings: &AttendanceSettings) -> DateTime<Utc> {
        let seconds = step_seconds(settings);
        let next_step_starts = (now.timestamp().div_euclid(seconds) + 1).saturating_mul(seconds);
        DateTime::from_timestamp(next_step_starts, 0).unwrap_or(now + TimeDelta::seconds(seconds))
    }
}

impl std::fmt::Display for SignInToken {
    /// The code's text, 20 URL-safe characters.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut bytes = [0u8; TOKEN_BYTES];
        let step = self.step.min(MAX_STEP).to_be_bytes();
        bytes[..STEP_BYTES].copy_from_slice(&step[step.len() - STEP_BYTES..]);
        bytes[STEP_BYTES..].copy_from_slice(&self.tag);
        f.write_str(&URL_SAFE_NO_PAD.encode(bytes))
    }
}

fn step_seconds(settings: &AttendanceSettings) -> i64 {
    i64::from(settings.token_step_seconds.max(1))
}

/// The step `now` falls in; instants before the epoch fall in step 0.
fn step_at(now: DateTime<Utc>, settings: &AttendanceSettings) -> u64 {
    let step = now.timestamp().div_euclid(step_seconds(settings));
    u64::try_from(step).unwrap_or(0).min(MAX_STEP)
}

/// The HMAC over a session and a step, ready to finalise or verify.
fn authenticator(key: &[u8; 32], session_id: SessionId, step: u64) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(format!("ganxun-sign-in|{session_id}|{step}").as_bytes());
    mac
}

fn tag_of(full: &[u8]) -> [u8; TAG_BYTES] {
    let mut tag = [0u8; TAG_BYTES];
    let n = full.len().min(TAG_BYTES);
    tag[..n].copy_from_slice(&full[..n]);
    tag
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    const KEY: [u8; 32] = [7; 32];
    const SESSION: SessionId = SessionId(4711);

    /// An instant at the start of a 10-second step.
    fn step_start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 0, 30, 0).unwrap()
    }

    fn settings() -> AttendanceSettings {
        AttendanceSettings::default()
    }

    fn verify_at(token: &str, now: DateTime<Utc>) -> Result<(), TokenError> {
        SignInToken::verify(&KEY, SESSION, token, now, &settings())
    }

    fn ms(n: i64) -> TimeDelta {
        TimeDelta::milliseconds(n)
    }

    #[test]
    fn a_code_is_twenty_url_safe_characters() {
        let token = SignInToken::issue(&KEY, SESSION, step_start(), &settings());
        assert_eq!(token.len(), 20);
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{token}"
        );
        let parsed = SignInToken::parse(&token).unwrap();
        assert_eq!(
            parsed.step(),
            u64::try_from(step_start().timestamp() / 10).unwrap()
        );
        assert_eq!(parsed.to_string(), token);
    }

    #[test]
    fn the_code_changes_with_the_step_and_not_within_it() {
        let issue = |now| SignInToken::issue(&KEY, SESSION, now, &settings());
        let first = issue(step_start());
        assert_eq!(issue(step_start() + ms(9_999)), first);
        assert_ne!(issue(step_start() + ms(10_000)), first);
        assert_ne!(
            SignInToken::issue(&KEY, SessionId(SESSION.0 + 1), step_start(), &settings()),
            first
        );
        assert_ne!(
            SignInToken::issue(&[8; 32], SESSION, step_start(), &settings()),
            first
        );
    }

    #[test]
    fn a_code_is_accepted_through_its_own_step_and_the_next() {
        let token = SignInToken::issue(&KEY, SESSION, step_start(), &settings());
        verify_at(&token, step_start()).unwrap();
        verify_at(&token, step_start() + ms(9_999)).unwrap();
        verify_at(&token, step_start() + ms(10_000)).unwrap();
        verify_at(&token, step_start() + ms(19_999)).unwrap();
    }

    #[test]
    fn one_step_too_old_is_expired() {
        let token = SignInToken::issue(&KEY, SESSION, step_start(), &settings());
        let error = verify_at(&token, step_start() + ms(20_000)).unwrap_err();
        assert_eq!(error, TokenError::Expired { age_seconds: 20 });
        assert_eq!(error.code(), "SIGN_IN_TOKEN_EXPIRED");
        assert_eq!(
            error.to_string(),
            "签到码已过期（20 秒前生成），请扫描教室屏幕上最新的二维码"
        );
    }

    #[test]
    fn a_photo_of_the_code_forwarded_thirty_seconds_later_is_expired() {
        // Photographed at the very end of its step, the worst case.
        let shown = step_start() + ms(9_999);
        let token = SignInToken::issue(&KEY, SESSION, shown, &settings());
        assert!(matches!(
            verify_at(&token, shown + TimeDelta::seconds(30)),
            Err(TokenError::Expired { age_seconds: 39 })
        ));
    }

    #[test]
    fn with_no_previous_steps_a_code_lives_only_its_own_step() {
        let strict = AttendanceSettings {
            token_previous_steps: 0,
            ..settings()
        };
        let token = SignInToken::issue(&KEY, SESSION, step_start(), &strict);
        SignInToken::verify(&KEY, SESSION, &token, step_start() + ms(9_999), &strict).unwrap();
        assert!(matches!(
            SignInToken::verify(&KEY, SESSION, &token, step_start() + ms(10_000), &strict),
            Err(TokenError::Expired { age_seconds: 10 })
        ));
    }

    #[test]
    fn a_code_of_another_session_or_key_is_not_for_this_session() {
        let other = SignInToken::issue(&KEY, SessionId(SESSION.0 + 1), step_start(), &settings());
        let error = verify_at(&other, step_start()).unwrap_err();
        assert_eq!(error, TokenError::WrongSession);
        assert_eq!(error.code(), "SIGN_IN_TOKEN_WRONG_SESSION");
        assert_eq!(
            error.to_string(),
            "该签到码不属于本节课，请扫描本节课教室屏幕上的二维码"
        );
        let other_key = SignInToken::issue(&[8; 32], SESSION, step_start(), &settings());
        assert_eq!(
            verify_at(&other_key, step_start()),
            Err(TokenError::WrongSession)
        );
    }

    #[test]
    fn a_tampered_step_breaks_the_tag() {
        let token = SignInToken::issue(&KEY, SESSION, step_start(), &settings());
        let mut parsed = SignInToken::parse(&token).unwrap();
        parsed.step += 1;
        assert_eq!(
            verify_at(&parsed.to_string(), step_start() + ms(10_000)),
            Err(TokenError::WrongSession)
        );
    }

    #[test]
    fn a_code_from_a_later_step_than_the_server_is_refused() {
        let token = SignInToken::issue(&KEY, SESSION, step_start(), &settings());
        let error = verify_at(&token, step_start() - ms(1)).unwrap_err();
        assert_eq!(error, TokenError::FromTheFuture);
        assert_eq!(error.code(), "SIGN_IN_TOKEN_FROM_THE_FUTURE");
    }

    #[test]
    fn text_that_is_not_a_code_is_malformed() {
        let token = SignInToken::issue(&KEY, SESSION, step_start(), &settings());
        for text in [
            "",
            "hello",
            &token[..19],
            &format!("{token}A"),
            "!!!!!!!!!!!!!!!!!!!!",
            "签到码签到码签到码签到码签到码签到码签到",
        ] {
            assert_eq!(
                verify_at(text, step_start()),
                Err(TokenError::Malformed),
                "{text}"
            );
        }
        verify_at(&format!(" {token}\n"), step_start()).unwrap();
        assert_eq!(
            TokenError::Malformed.to_string(),
            "签到码无法识别，请重新扫描教室屏幕上的二维码"
        );
    }

    #[test]
    fn the_screen_refreshes_at_the_next_step() {
        assert_eq!(
            SignInToken::next_change(step_start(), &settings()),
            step_start() + TimeDelta::seconds(10)
        );
        assert_eq!(
            SignInToken::next_change(step_start() + ms(9_999), &settings()),
            step_start() + TimeDelta::seconds(10)
        );
    }

    proptest! {
        #[test]
        fn a_fresh_code_verifies_for_its_session_only(
            session in any::<i64>().prop_map(SessionId),
            other in any::<i64>().prop_map(SessionId),
            seconds in 0i64..4_000_000_000,
            lag_ms in 0i64..10_000,
        ) {
            let now = DateTime::from_timestamp(seconds, 0).unwrap();
            let token = SignInToken::issue(&KEY, session, now, &settings());
            prop_assert_eq!(token.len(), 20);
            prop_assert!(SignInToken::verify(&KEY, session, &token, now + ms(lag_ms), &settings()).is_ok());
            if other != session {
                prop_assert_eq!(
                    SignInToken::verify(&KEY, other, &token, now, &settings()),
                    Err(TokenError::WrongSession)
                );
            }
        }
    }
}
