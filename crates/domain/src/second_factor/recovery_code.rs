//! One-use recovery codes, handed out when the authenticator is set up, for the day the phone
//! is lost. Ten codes of ten characters from an alphabet without look-alikes (no 0/O, 1/I):
//! about 50 bits each, stored only as keyed hashes.

/// How many codes are handed out at a time.
pub const RECOVERY_CODE_COUNT: usize = 10;
const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const LENGTH: usize = 10;

/// A recovery code as shown to its holder: `ABCDE-FGHJK`.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

impl RecoveryCode {
    /// A new code from the caller's random source (each byte picks one of 32 characters, so
    /// there is no modulo bias).
    pub fn generate(fill_random: &mut dyn FnMut(&mut [u8])) -> Self {
        let mut bytes = [0u8; LENGTH];
        fill_random(&mut bytes);
        let chars: String = bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
            .collect();
        Self(format!("{}-{}", &chars[..LENGTH / 2], &chars[LENGTH / 2..]))
    }

    /// As shown and printed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form that is hashed and compared: upper case, no dash. `None` unless it has the
    /// shape of one of ours.
    pub fn normalise(typed: &str) -> Option<String> {
        let compact: String = typed
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        (compact.len() == LENGTH && compact.bytes().all(|b| ALPHABET.contains(&b)))
            .then_some(compact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_two_groups_of_five_from_the_unambiguous_alphabet() {
        let mut counter = 0u8;
        let code = RecoveryCode::generate(&mut |bytes| {
            for b in bytes.iter_mut() {
                *b = counter;
                counter = counter.wrapping_add(37);
            }
        });
        let text = code.as_str();
        assert_eq!(text.len(), 11);
        assert_eq!(&text[5..6], "-");
        assert!(
            text.chars()
                .filter(|c| *c != '-')
                .all(|c| ALPHABET.contains(&(c as u8)))
        );
        assert!(!text.contains(['0', 'O', '1', 'I']));
        assert_eq!(RecoveryCode::normalise(text), Some(text.replace('-', "")));
    }

    #[test]
    fn the_alphabet_has_no_repeats() {
        let mut seen = ALPHABET.to_vec();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), ALPHABET.len());
    }

    #[test]
    fn normalising_refuses_wrong_lengths_and_look_alikes() {
        assert_eq!(
            RecoveryCode::normalise("abcde fghjk"),
            Some("ABCDEFGHJK".into())
        );
        assert_eq!(RecoveryCode::normalise("ABCDE-FGHJ"), None);
        assert_eq!(RecoveryCode::normalise("ABCDE-FGHJ0"), None);
        assert_eq!(RecoveryCode::normalise("ABCDE-FGHJI"), None);
    }
}
