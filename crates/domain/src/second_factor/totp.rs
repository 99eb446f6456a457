//! Time-based one-time codes (RFC 6238 over RFC 4226): HMAC-SHA-1, 30-second steps, six
//! digits — the parameters every authenticator app assumes. SHA-1 here is an HMAC over a
//! counter, where its collision weakness does not matter; the national suite has no app
//! support for an SM3 variant, so both suites use this (ADR 0015).

use super::base32;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const CODE_DIGITS: usize = 6;
/// A code from the step before or after the current one is accepted too: phone clocks drift
/// and people type slowly.
const DRIFT_STEPS: i64 = 1;
/// 160 bits, the length RFC 4226 recommends.
const SECRET_BYTES: usize = 20;

/// The shared secret between the server and the holder's authenticator app.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

impl TotpSecret {
    /// A new secret from the caller's random source.
    pub fn generate(fill_random: &mut dyn FnMut(&mut [u8])) -> Self {
        let mut bytes = vec![0u8; SECRET_BYTES];
        fill_random(&mut bytes);
        Self(bytes)
    }

    /// The secret as the app takes it typed (base32, no padding).
    pub fn to_base32(&self) -> String {
        base32::encode(&self.0)
    }

    /// Reads a stored secret; `None` if it is not base32 or too short to be one of ours.
    pub fn from_base32(text: &str) -> Option<Self> {
        base32::decode(text)
            .filter(|bytes| bytes.len() >= 10)
            .map(Self)
    }

    /// The code for a time step (RFC 4226 dynamic truncation).
    fn code_at_step(&self, step: i64) -> String {
        let mut mac =
            <Hmac<Sha1> as Mac>::new_from_slice(&self.0).expect("HMAC accepts any key length");
        mac.update(&step.to_be_bytes());
        let digest = mac.finalize().into_bytes();
        let offset = usize::from(digest[digest.len() - 1] & 0x0F);
        let binary = u32::from_be_bytes([
            digest[offset] & 0x7F,
            digest[offset + 1],
            digest[offset + 2],
            digest[offset + 3],
        ]);
        format!("{:06}", binary % 1_000_000)
    }

    /// The code the app shows at `now`.
    pub fn code_at(&self, now: DateTime<Utc>) -> String {
        self.code_at_step(step_of(now))
    }

    /// The time step a typed code belongs to, if it is right for `now` give or take one step.
    /// The caller must refuse a step it has already accepted (a code seen over a shoulder or
    /// replayed from a log is then worthless).
    pub fn matching_step(&self, code: &str, now: DateTime<Utc>) -> Option<i64> {
        let current = step_of(now);
        (current - DRIFT_STEPS..=current + DRIFT_STEPS)
            .find(|step| constant_time_eq(self.code_at_step(*step).as_bytes(), code.as_bytes()))
    }
}

fn step_of(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(STEP_SECONDS)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `otpauth://` address a QR code carries to the app (Key Uri Format): the issuer names
/// the system, the label names the account, both percent-encoded (Chinese included).
pub fn otpauth_uri(issuer: &str, account: &str, secret: &TotpSecret) -> String {
    format!(
        "otpauth://totp/{issuer_label}:{account_label}?secret={secret}&issuer={issuer_label}&algorithm=SHA1&digits={CODE_DIGITS}&period={STEP_SECONDS}",
        issuer_label = percent_encode(issuer),
        account_label = percent_encode(account),
        secret = secret.to_base32(),
    )
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// The RFC 6238 appendix B secret for SHA-1.
    fn rfc_secret() -> TotpSecret {
        TotpSecret(b"12345678901234567890".to_vec())
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(seconds, 0).unwrap()
    }

    #[test]
    fn the_rfc_6238_test_vectors_give_their_last_six_digits() {
        // Appendix B lists eight digits; apps show the last six.
        for (seconds, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(
                rfc_secret().code_at(at(seconds)),
                eight[2..],
                "T = {seconds}"
            );
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_not_beyond() {
        let secret = rfc_secret();
        let now = at(1_234_567_890);
        let code = secret.code_at(now);
        let step = step_of(now);
        assert_eq!(secret.matching_step(&code, now), Some(step));
        assert_eq!(
            secret.matching_step(&code, at(1_234_567_890 + 30)),
            Some(step)
        );
        assert_eq!(
            secret.matching_step(&code, at(1_234_567_890 - 30)),
            Some(step)
        );
        assert_eq!(secret.matching_step(&code, at(1_234_567_890 + 90)), None);
        assert_eq!(
            secret.matching_step("000000", now).is_some(),
            secret.code_at(now) == "000000"
        );
    }

    #[test]
    fn the_secret_round_trips_through_base32_and_never_prints() {
        let secret = TotpSecret::generate(&mut |bytes| {
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = i as u8;
            }
        });
        assert_eq!(secret.to_base32().len(), 32);
        assert_eq!(
            TotpSecret::from_base32(&secret.to_base32()),
            Some(secret.clone())
        );
        assert_eq!(format!("{secret:?}"), "TotpSecret(…)");
        assert_eq!(TotpSecret::from_base32("MZXW6"), None, "too short");
    }

    #[test]
    fn the_otpauth_address_names_issuer_and_account_percent_encoded() {
        let uri = otpauth_uri("干训", "zzb", &rfc_secret());
        assert_eq!(
            uri,
            "otpauth://totp/%E5%B9%B2%E8%AE%AD:zzb?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=%E5%B9%B2%E8%AE%AD&algorithm=SHA1&digits=6&period=30"
        );
    }
}
