//! Personal data at rest (R-PPL-2): ID and phone numbers are sealed under a key kept outside the
//! database, and found by exact value through a keyed hash, so neither a copy of the database nor
//! its indexes reveal a number. Two suites (ADR 0014): `international` (AES-256-GCM,
//! HMAC-SHA-256) and `national` (SM4-GCM, HMAC-SM3), chosen at set-up; every sealed value starts
//! with a byte naming its algorithm.

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, AesGcm, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use sm3::Sm3;
use sm4::Sm4;
use std::path::Path;

type HmacSha256 = Hmac<Sha256>;
type HmacSm3 = Hmac<Sm3>;
/// SM4 in Galois/counter mode with a 96-bit nonce (GB/T 36624 lists GCM among SM4's modes).
type Sm4Gcm = AesGcm<Sm4, U12>;

/// The first byte of a value sealed with AES-256-GCM. Values sealed before the tag existed
/// carry none (they start with their nonce) and still open.
const TAG_AES_256_GCM: u8 = 0x01;
/// The first byte of a value sealed with SM4-GCM.
const TAG_SM4_GCM: u8 = 0x02;
const NONCE_LEN: usize = 12;
const GCM_TAG_LEN: usize = 16;

/// Which algorithms protect the data, chosen once at set-up and recorded in the database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CryptoSuite {
    /// AES-256-GCM, HMAC-SHA-256.
    #[default]
    International,
    /// 国密: SM4-GCM, HMAC-SM3.
    National,
}

impl CryptoSuite {
    /// The name used in settings and recorded in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            CryptoSuite::International => "international",
            CryptoSuite::National => "national",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "international" => Some(CryptoSuite::International),
            "national" => Some(CryptoSuite::National),
            _ => None,
        }
    }

    /// How people are told which suite is meant.
    pub fn describe(self) -> &'static str {
        match self {
            CryptoSuite::International => "international（国际算法 AES-256-GCM、HMAC-SHA-256）",
            CryptoSuite::National => "national（国密算法 SM4-GCM、HMAC-SM3）",
        }
    }
}

/// The data-encryption key. Sub-keys are derived from it (seal, index, chain, fingerprint) with
/// the suite's HMAC, so the keyed hashes never reuse the sealing key.
#[derive(Clone)]
pub struct DataKey {
    master: [u8; 32],
    suite: CryptoSuite,
    seal: [u8; 32],
    index: [u8; 32],
    chain: [u8; 32],
    fingerprint: String,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DataKey({}, fingerprint {})",
            self.suite.as_str(),
            self.fingerprint
        )
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

/// HMAC over the parts in order, with the suite's hash; both give 32 bytes.
fn keyed_hash(suite: CryptoSuite, key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    fn with<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = <M as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
        for part in parts {
            mac.update(part);
        }
        let mut out = [0u8; 32];
        out.copy_from_slice(&mac.finalize().into_bytes());
        out
    }
    match suite {
        CryptoSuite::International => with::<HmacSha256>(key, parts),
        CryptoSuite::National => with::<HmacSm3>(key, parts),
    }
}

impl DataKey {
    /// The key under the international suite (the default).
    pub fn from_bytes(master: [u8; 32]) -> Self {
        Self::from_bytes_in(master, CryptoSuite::International)
    }

    pub fn from_bytes_in(master: [u8; 32], suite: CryptoSuite) -> Self {
        let derive = |purpose: &[u8]| keyed_hash(suite, &master, &[purpose]);
        let check = derive(b"ganxun key check v1");
        Self {
            master,
            suite,
            seal: derive(b"ganxun seal v1"),
            index: derive(b"ganxun index v1"),
            chain: derive(b"ganxun audit chain v1"),
            fingerprint: hex::encode(&check[..8]),
        }
    }

    /// The same key material under another suite (set-up chooses it after reading the key).
    pub fn in_suite(&self, suite: CryptoSuite) -> Self {
        Self::from_bytes_in(self.master, suite)
    }

    /// The suite this key seals and hashes with.
    pub fn suite(&self) -> CryptoSuite {
        self.suite
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

    /// Seals a value: the algorithm's tag byte, a random 96-bit nonce, the ciphertext and the
    /// GCM tag.
    pub fn seal(&self, plaintext: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let nonce_ref = Nonce::from_slice(&nonce);
        let (tag, body) = match self.suite {
            CryptoSuite::International => (
                TAG_AES_256_GCM,
                Aes256Gcm::new((&self.seal).into()).encrypt(nonce_ref, plaintext.as_bytes()),
            ),
            CryptoSuite::National => (
                TAG_SM4_GCM,
                self.sm4().encrypt(nonce_ref, plaintext.as_bytes()),
            ),
        };
        let body = body.expect("GCM encryption of an in-memory buffer cannot fail");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + body.len());
        out.push(tag);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&body);
        out
    }

    /// SM4 takes a 128-bit key: the first half of the seal sub-key.
    fn sm4(&self) -> Sm4Gcm {
        Sm4Gcm::new(aes_gcm::Key::<Sm4Gcm>::from_slice(&self.seal[..16]))
    }

    /// Opens a sealed value, whichever algorithm its tag names. A value without a tag (sealed
    /// before tags existed) is AES-256-GCM. A legacy value whose random nonce happens to start
    /// with a tag byte fails the tagged reading (GCM authenticates) and opens as legacy.
    pub fn open(&self, sealed: &[u8]) -> Result<String, KeyError> {
        let tagged = match sealed.split_first() {
            Some((&TAG_AES_256_GCM, rest)) => gcm_open(&Aes256Gcm::new((&self.seal).into()), rest),
            Some((&TAG_SM4_GCM, rest)) => gcm_open(&self.sm4(), rest),
            _ => None,
        };
        let plain = tagged
            .or_else(|| gcm_open(&Aes256Gcm::new((&self.seal).into()), sealed))
            .ok_or(KeyError::Open)?;
        String::from_utf8(plain).map_err(|_| KeyError::Open)
    }

    /// The keyed hash that links audit entries: without the key nobody can forge an entry whose
    /// hash verifies, even with write access to the database (ADR 0002).
    pub fn chain_mac(&self, data: &[u8]) -> String {
        hex::encode(keyed_hash(self.suite, &self.chain, &[data]))
    }

    /// The chain key's MAC fed piece by piece: an archive file too large to hold at once.
    pub fn chain_mac_stream(&self) -> ChainMacStream {
        match self.suite {
            CryptoSuite::International => ChainMacStream::Sha256(
                <HmacSha256 as Mac>::new_from_slice(&self.chain)
                    .expect("HMAC accepts any key length"),
            ),
            CryptoSuite::National => ChainMacStream::Sm3(
                <HmacSm3 as Mac>::new_from_slice(&self.chain).expect("HMAC accepts any key length"),
            ),
        }
    }

    /// The keyed hash used to find a value by exact match. `kind` separates domains, so an ID
    /// number and a phone number with the same digits never collide.
    pub fn blind_index(&self, kind: &str, value: &str) -> String {
        hex::encode(keyed_hash(
            self.suite,
            &self.index,
            &[kind.as_bytes(), &[0], value.as_bytes()],
        ))
    }
}

/// An HMAC under the chain key being computed (see [`DataKey::chain_mac_stream`]).
pub enum ChainMacStream {
    Sha256(HmacSha256),
    Sm3(HmacSm3),
}

impl ChainMacStream {
    pub fn update(&mut self, data: &[u8]) {
        match self {
            ChainMacStream::Sha256(mac) => mac.update(data),
            ChainMacStream::Sm3(mac) => mac.update(data),
        }
    }

    /// The MAC in hex, as [`DataKey::chain_mac`] gives it for the same bytes.
    pub fn finish(self) -> String {
        match self {
            ChainMacStream::Sha256(mac) => hex::encode(mac.finalize().into_bytes()),
            ChainMacStream::Sm3(mac) => hex::encode(mac.finalize().into_bytes()),
        }
    }
}

/// Nonce then ciphertext and tag, opened with `cipher`; `None` when short or not authentic.
fn gcm_open(cipher: &impl Aead, nonce_and_body: &[u8]) -> Option<Vec<u8>> {
    if nonce_and_body.len() < NONCE_LEN + GCM_TAG_LEN {
        return None;
    }
    let (nonce, body) = nonce_and_body.split_at(NONCE_LEN);
    cipher.decrypt(Nonce::from_slice(nonce), body).ok()
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

    fn national(byte: u8) -> DataKey {
        DataKey::from_bytes_in([byte; 32], CryptoSuite::National)
    }

    /// GB/T 32905-2016 appendix A.1: SM3("abc").
    #[test]
    fn sm3_gives_the_standard_answer_for_abc() {
        use sha2::Digest;
        assert_eq!(
            hex::encode(Sm3::digest(b"abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    /// GB/T 32907-2016 appendix A.1: one block under key = plaintext = 0123456789abcdeffedcba9876543210.
    #[test]
    fn sm4_gives_the_standard_answer_for_one_block() {
        use sm4::cipher::{BlockEncrypt, KeyInit as _};
        let bytes: [u8; 16] = hex::decode("0123456789abcdeffedcba9876543210")
            .unwrap()
            .try_into()
            .unwrap();
        let mut block = bytes.into();
        Sm4::new(&bytes.into()).encrypt_block(&mut block);
        assert_eq!(hex::encode(block), "681edf34d206965e86b3e94f536e4246");
    }

    #[test]
    fn each_suite_tags_what_it_seals_and_opens_it() {
        let aes = key(1).seal("13900001111");
        let sm4 = national(1).seal("13900001111");
        assert_eq!((aes[0], sm4[0]), (TAG_AES_256_GCM, TAG_SM4_GCM));
        assert_eq!(aes.len(), 1 + NONCE_LEN + 11 + GCM_TAG_LEN);
        assert_eq!(national(1).open(&sm4).unwrap(), "13900001111");
        assert_eq!(key(1).open(&aes).unwrap(), "13900001111");
        assert!(
            national(2).open(&sm4).is_err(),
            "another key cannot open it"
        );
        let mut flipped = sm4.clone();
        flipped[20] ^= 1;
        assert!(national(1).open(&flipped).is_err());
    }

    /// Values written before the tag existed: nonce, ciphertext, tag under AES-256-GCM. Every
    /// first byte is tried, including the tag bytes, which a random nonce can start with.
    #[test]
    fn untagged_values_from_before_the_tag_still_open() {
        let key = key(7);
        let cipher = Aes256Gcm::new((&key.seal).into());
        for first in 0..=255u8 {
            let mut nonce = [first; NONCE_LEN];
            nonce[NONCE_LEN - 1] = 0x5a;
            let body = cipher
                .encrypt(Nonce::from_slice(&nonce), b"420102199001011234".as_slice())
                .unwrap();
            let legacy = [nonce.as_slice(), &body].concat();
            assert_eq!(key.open(&legacy).unwrap(), "420102199001011234");
        }
    }

    #[test]
    fn the_national_suite_hashes_with_sm3_under_its_own_sub_keys() {
        let (aes, sm) = (key(1), national(1));
        assert_ne!(aes.blind_index("id", "x"), sm.blind_index("id", "x"));
        assert_ne!(aes.chain_mac(b"entry"), sm.chain_mac(b"entry"));
        assert_ne!(aes.fingerprint(), sm.fingerprint());
        assert_eq!(
            sm.blind_index("id", "x"),
            national(1).blind_index("id", "x")
        );
        assert_eq!(sm.chain_mac(b"entry").len(), 64, "same width as SHA-256");
        // HMAC-SM3 of the chain sub-key, computed here the long way round.
        let mut mac = <HmacSm3 as Mac>::new_from_slice(&sm.chain).unwrap();
        mac.update(b"entry");
        assert_eq!(
            sm.chain_mac(b"entry"),
            hex::encode(mac.finalize().into_bytes())
        );
        assert_eq!(
            aes.in_suite(CryptoSuite::National).fingerprint(),
            sm.fingerprint()
        );
    }

    /// The international suite must derive exactly what it did before suites existed, or every
    /// existing database would see a wrong key, unopenable numbers and a broken chain.
    #[test]
    fn the_international_suite_derives_the_same_sub_keys_as_before() {
        let master = [3u8; 32];
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&master).unwrap();
        mac.update(b"ganxun key check v1");
        let check = mac.finalize().into_bytes();
        assert_eq!(
            DataKey::from_bytes(master).fingerprint(),
            hex::encode(&check[..8])
        );
        assert_eq!(CryptoSuite::parse("national"), Some(CryptoSuite::National));
        assert_eq!(CryptoSuite::parse("sm"), None);
    }

    #[test]
    fn a_streamed_chain_mac_equals_the_one_shot_one() {
        for key in [key(4), national(4)] {
            let mut stream = key.chain_mac_stream();
            stream.update(b"first line\n");
            stream.update(b"second line\n");
            assert_eq!(stream.finish(), key.chain_mac(b"first line\nsecond line\n"));
        }
    }
}
