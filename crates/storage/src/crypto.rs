//! Personal data at rest (R-PPL-2): ID and phone numbers are sealed with AES-256-GCM under a
//! key kept outside the database, and found by exact value through a keyed hash (HMAC-SHA-256),
//! so neither a copy of the database nor its indexes reveal a number.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::path::Path;

type HmacSha256 = Hmac<Sha256>;

/// The data-encryption key. Two sub-keys are derived from it, one to seal and one to index,
/// so the keyed hashes never reuse the sealing key.
#[derive(Clone)]
pub struct DataKey {
    seal: [u8; 32],
    index: [u8; 32],
    chain: [u8; 32],
    fingerprint: String,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataKey(fingerprint {})", self.fingerprint)
    }
}

/// Why a key could not be read or a value not opened.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("数据密钥格式不正确：应为 64 位十六进制字符（32 字节）")]
    Malformed,
    #[error("无法读取数据密钥文件 {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("无法写入数据密钥文件 {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("无法解密个人信息：密钥与数据不符")]
    Open,
}

fn derive(master: &[u8; 32], purpose: &[u8]) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(master).expect("HMAC accepts any key length");
    mac.update(purpose);
    mac.finalize().into_bytes().into()
}

impl DataKey {
    pub fn from_bytes(master: [u8; 32]) -> Self {
        let check = derive(&master, b"ganxun key check v1");
        Self {
            seal: derive(&master, b"ganxun seal v1"),
            index: derive(&master, b"ganxun index v1"),
            chain: derive(&master, b"ganxun audit chain v1"),
            fingerprint: hex::encode(&check[..8]),
        }
    }

    /// Parses the text form: 64 hex characters, surrounding whitespace ignored.
    pub fn from_hex(text: &str) -> Result<Self, KeyError> {
        let bytes = hex::decode(text.trim()).map_err(|_| KeyError::Malformed)?;
        let master: [u8; 32] = bytes.try_into().map_err(|_| KeyError::Malformed)?;
        Ok(Self::from_bytes(master))
    }

    /// A fresh random key in its text form.
    pub fn generate_hex() -> String {
        let mut master = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut master);
        hex::encode(master)
    }

    pub fn read_file(path: &Path) -> Result<Self, KeyError> {
        let text = std::fs::read_to_string(path).map_err(|source| KeyError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_hex(&text)
    }

    /// Writes a new key file readable only by its owner. Refuses to overwrite an existing one.
    pub fn create_file(path: &Path) -> Result<Self, KeyError> {
        use std::io::Write;
        let text = Self::generate_hex();
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let write_err = |source| KeyError::Write {
            path: path.display().to_string(),
            source,
        };
        let mut file = options.open(path).map_err(write_err)?;
        file.write_all(format!("{text}\n").as_bytes())
            .map_err(write_err)?;
        file.sync_all().map_err(write_err)?;
        Self::from_hex(&text)
    }

    /// A short public fingerprint, stored in the database to detect a wrong key at start-up.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Seals a value: a random 96-bit nonce followed by the ciphertext and tag.
    pub fn seal(&self, plaintext: &str) -> Vec<u8> {
        let cipher = Aes256Gcm::new((&self.seal).into());
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), plaintext.as_bytes())
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        let mut out = Vec::with_capacity(12 + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    pub fn open(&self, sealed: &[u8]) -> Result<String, KeyError> {
        if sealed.len() < 12 + 16 {
            return Err(KeyError::Open);
        }
        let cipher = Aes256Gcm::new((&self.seal).into());
        let (nonce, body) = sealed.split_at(12);
        let plain = cipher
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| KeyError::Open)?;
        String::from_utf8(plain).map_err(|_| KeyError::Open)
    }

    /// The keyed hash that links audit entries: without the key nobody can forge an entry whose
    /// hash verifies, even with write access to the database (ADR 0002).
    pub fn chain_mac(&self, data: &[u8]) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.chain).expect("HMAC accepts any key length");
        mac.update(data);
        hex::encode(mac.finalize().into_bytes())
    }

    /// The keyed hash used to find a value by exact match. `kind` separates domains, so an ID
    /// number and a phone number with the same digits never collide.
    pub fn blind_index(&self, kind: &str, value: &str) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.index).expect("HMAC accepts any key length");
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> DataKey {
        DataKey::from_bytes([byte; 32])
    }

    #[test]
    fn sealed_values_open_with_the_same_key_only() {
        let sealed = key(1).seal("11010519491231002X");
        assert_eq!(key(1).open(&sealed).unwrap(), "11010519491231002X");
        assert!(key(2).open(&sealed).is_err());
    }

    #[test]
    fn sealing_twice_gives_different_bytes_so_equal_numbers_are_not_visible() {
        assert_ne!(key(1).seal("13900001111"), key(1).seal("13900001111"));
    }

    #[test]
    fn a_flipped_byte_is_refused_not_misread() {
        let mut sealed = key(1).seal("13900001111");
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert!(key(1).open(&sealed).is_err());
    }

    #[test]
    fn blind_indexes_are_stable_per_key_and_separate_kinds() {
        assert_eq!(key(1).blind_index("id", "x"), key(1).blind_index("id", "x"));
        assert_ne!(key(1).blind_index("id", "x"), key(2).blind_index("id", "x"));
        assert_ne!(
            key(1).blind_index("id", "x"),
            key(1).blind_index("phone", "x")
        );
    }

    #[test]
    fn key_text_must_be_exactly_32_bytes_of_hex() {
        assert!(DataKey::from_hex(&"ab".repeat(32)).is_ok());
        assert!(DataKey::from_hex(&"ab".repeat(31)).is_err());
        assert!(DataKey::from_hex("not hex").is_err());
    }

    #[test]
    fn a_key_file_is_created_once_and_read_back() {
        let dir = std::env::temp_dir().join(format!("ganxun-key-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("test.key");
        let _ = std::fs::remove_file(&path);
        let created = DataKey::create_file(&path).unwrap();
        assert_eq!(
            DataKey::read_file(&path).unwrap().fingerprint(),
            created.fingerprint()
        );
        assert!(
            DataKey::create_file(&path).is_err(),
            "an existing key is never overwritten"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
