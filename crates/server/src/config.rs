//! Settings: defaults, then `ganxun.toml` (if present), then `GANXUN_*` environment variables,
//! then command-line flags. A first start with nothing configured just works.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use ganxun_domain::{PasswordPolicy, Role};
use ganxun_storage::crypto::CryptoSuite;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Address to listen on (`GANXUN_LISTEN`).
    pub listen: String,
    /// SQLite path or PostgreSQL URL (`GANXUN_DATABASE`).
    pub database: String,
    /// The data-encryption key file (`GANXUN_KEY_FILE`); default: `ganxun.key` beside the
    /// SQLite file, or in the working directory for PostgreSQL. `GANXUN_DATA_KEY` (64 hex
    /// characters) takes precedence over any file.
    pub key_file: Option<PathBuf>,
    /// `international` (AES-256-GCM, HMAC-SHA-256) or `national` (SM4-GCM, HMAC-SM3), chosen
    /// at set-up (`GANXUN_CRYPTO_SUITE`); the database records it and refuses the other (ADR 0014).
    pub crypto_suite: CryptoSuite,
    pub security: SecuritySettings,
    pub audit: AuditSettings,
    pub print: PrintSettings,
    pub import: ImportSettings,
    pub media: MediaSettings,
}

/// Where online-learning videos are kept and how large one may be (`[media]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MediaSettings {
    /// The media folder (`GANXUN_MEDIA__DIR`); default: `media` beside the SQLite file, or in
    /// the working directory for PostgreSQL. Servers sharing a database share this folder.
    pub dir: Option<PathBuf>,
    /// The largest video accepted, in MB.
    pub max_video_mb: u64,
}

impl Default for MediaSettings {
    fn default() -> Self {
        Self {
            dir: None,
            max_video_mb: 2048,
        }
    }
}

/// The audit log's retention (`[audit]`, ADR 0014).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditSettings {
    /// Months entries stay in the online table before `ganxun archive-audit` may move them to
    /// a sealed file; at least [`MIN_AUDIT_RETENTION_MONTHS`].
    pub retention_months: u32,
}

/// 等保 level 3 keeps audit records at least six months; nothing younger is ever archived.
pub const MIN_AUDIT_RETENTION_MONTHS: u32 = 6;

impl Default for AuditSettings {
    fn default() -> Self {
        Self {
            retention_months: 36,
        }
    }
}

/// Limits on reading an uploaded roster or score sheet (`[import]`; defaults suit a province's
/// 200,000-person roster and keep any file, however built, within bounded memory and time).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportSettings {
    /// Data rows in one file.
    pub max_rows: usize,
    /// One worksheet's XML once inflated, in MB.
    pub max_sheet_mb: u64,
    /// The shared-string table once inflated, in MB (kept in memory while reading).
    pub max_shared_strings_mb: u64,
    /// All parts of the file together once inflated, in MB.
    pub max_inflated_mb: u64,
    /// Seconds a read may take.
    pub max_seconds: u64,
}

impl Default for ImportSettings {
    fn default() -> Self {
        let limits = ganxun_sheets::ReadLimits::default();
        const MIB: u64 = 1024 * 1024;
        Self {
            max_rows: limits.max_rows,
            max_sheet_mb: limits.max_sheet_bytes / MIB,
            max_shared_strings_mb: limits.max_shared_strings_bytes / MIB,
            max_inflated_mb: limits.max_inflated_bytes / MIB,
            max_seconds: limits.max_duration.as_secs(),
        }
    }
}

impl ImportSettings {
    /// The reader's limits from these settings.
    pub fn limits(&self) -> ganxun_sheets::ReadLimits {
        const MIB: u64 = 1024 * 1024;
        ganxun_sheets::ReadLimits {
            max_rows: self.max_rows,
            max_sheet_bytes: self.max_sheet_mb.saturating_mul(MIB),
            max_shared_strings_bytes: self.max_shared_strings_mb.saturating_mul(MIB),
            max_inflated_bytes: self.max_inflated_mb.saturating_mul(MIB),
            max_duration: std::time::Duration::from_secs(self.max_seconds),
            ..ganxun_sheets::ReadLimits::default()
        }
    }
}

/// Printed paperwork (certificates, rosters, sign-in sheets).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PrintSettings {
    /// Font folders (`GANXUN_PRINT__FONT_DIRS`); default: the system's font folders. A font
    /// that covers Chinese must be among them (Debian: `fonts-noto-cjk`).
    pub font_dirs: Vec<PathBuf>,
    /// A folder whose `certificate.typ`, `roster.typ`, `sign_in_sheet.typ` or `archive.typ`
    /// replace the built-in layouts (`GANXUN_PRINT__TEMPLATES_DIR`).
    pub templates_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SecuritySettings {
    pub password: PasswordPolicy,
    /// Failed attempts before a lock-out.
    pub lockout_attempts: i32,
    pub lockout_minutes: i64,
    /// A session unused this long ends.
    pub idle_timeout_minutes: i64,
    /// A session ends this long after sign-in, however busy.
    pub absolute_timeout_hours: i64,
    /// Mark cookies `Secure`. Default: only when the request arrived over TLS (as told by a
    /// trusted proxy's `X-Forwarded-Proto: https`).
    pub secure_cookies: Option<bool>,
    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` (only behind a reverse proxy).
    pub trust_proxy: bool,
    /// Sign-in attempts allowed per address and per account (`[security.throttle]`).
    pub throttle: ThrottleSettings,
    /// A file of common or breached passwords, one per line, refused under either password
    /// profile (`GANXUN_SECURITY__COMMON_PASSWORDS_FILE`).
    pub common_passwords_file: Option<PathBuf>,
    /// Who must sign in with an authenticator app (`[security.second_factor]`).
    pub second_factor: SecondFactorSettings,
}

/// The second factor at sign-in (issue 14 item 8). Anyone may set one up; holders of these
/// roles must, and can do nothing else until they have.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SecondFactorSettings {
    /// Default: the three administrators and the training authority (等保 level 3 asks two
    /// factors of administrators; the authority decides on everyone's records).
    pub required_roles: Vec<Role>,
    /// The name the authenticator app shows above the code.
    pub issuer: String,
}

impl Default for SecondFactorSettings {
    fn default() -> Self {
        Self {
            required_roles: vec![
                Role::SystemAdmin,
                Role::SecurityAdmin,
                Role::AuditAdmin,
                Role::TrainingAuthority,
            ],
            issuer: "干训".to_owned(),
        }
    }
}

/// How many sign-in attempts one address and one account may make in a window, right or wrong
/// (issue 14 item 6). Past either limit sign-in answers 429 with `Retry-After` without checking
/// the password. Counted in the database, so servers sharing it share the counts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ThrottleSettings {
    /// On in production; tests that sign in many times at one instant turn it off explicitly.
    pub enabled: bool,
    pub window_seconds: i64,
    /// Generous: a whole office may sign in from behind one NAT address in the morning.
    pub per_address: i32,
    pub per_account: i32,
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            window_seconds: 60,
            per_address: 30,
            per_account: 10,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".to_owned(),
            database: "./ganxun.db".to_owned(),
            key_file: None,
            crypto_suite: CryptoSuite::default(),
            security: SecuritySettings::default(),
            audit: AuditSettings::default(),
            print: PrintSettings::default(),
            import: ImportSettings::default(),
            media: MediaSettings::default(),
        }
    }
}

impl Default for SecuritySettings {
    fn default() -> Self {
        Self {
            password: PasswordPolicy::default(),
            lockout_attempts: 5,
            lockout_minutes: 15,
            idle_timeout_minutes: 30,
            absolute_timeout_hours: 12,
            secure_cookies: None,
            trust_proxy: false,
            throttle: ThrottleSettings::default(),
            common_passwords_file: None,
            second_factor: SecondFactorSettings::default(),
        }
    }
}

impl Settings {
    /// Loads settings from `config_file` (or `./ganxun.toml` when it exists) and the environment.
    pub fn load(config_file: Option<&Path>) -> anyhow::Result<Settings> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match config_file {
            Some(path) => {
                anyhow::ensure!(path.exists(), "配置文件不存在：{}", path.display());
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file("ganxun.toml")),
        }
        let figment = figment
            .merge(Env::prefixed("GANXUN_").only(&[
                "listen",
                "database",
                "key_file",
                "crypto_suite",
            ]))
            .merge(
                Env::prefixed("GANXUN_SECURITY__")
                    .split("__")
                    .map(|k| format!("security.{k}").into()),
            )
            .merge(
                Env::prefixed("GANXUN_IMPORT__")
                    .split("__")
                    .map(|k| format!("import.{k}").into()),
            )
            .merge(
                Env::prefixed("GANXUN_MEDIA__")
                    .split("__")
                    .map(|k| format!("media.{k}").into()),
            )
            .merge(
                Env::prefixed("GANXUN_AUDIT__")
                    .split("__")
                    .map(|k| format!("audit.{k}").into()),
            );
        let mut settings: Settings = figment.extract()?;
        if let Some(path) = &settings.security.common_passwords_file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("常用密码清单无法读取：{}（{e}）", path.display()))?;
            settings.security.password = settings.security.password.clone().with_common_list(&text);
        }
        anyhow::ensure!(
            settings.audit.retention_months >= MIN_AUDIT_RETENTION_MONTHS,
            "audit.retention_months 不能少于 {MIN_AUDIT_RETENTION_MONTHS} 个月（审计记录至少在线保存六个月）/ \
             must be at least {MIN_AUDIT_RETENTION_MONTHS} months"
        );
        Ok(settings)
    }

    /// The media folder, given the database location.
    pub fn media_path(&self) -> PathBuf {
        if let Some(path) = &self.media.dir {
            return path.clone();
        }
        match ganxun_storage::DatabaseUrl::parse(&self.database) {
            ganxun_storage::DatabaseUrl::Sqlite(path) => Path::new(&path)
                .parent()
                .map(|dir| dir.join("media"))
                .unwrap_or_else(|| PathBuf::from("media")),
            ganxun_storage::DatabaseUrl::Postgres(_) => PathBuf::from("media"),
        }
    }

    /// Where the key file is, given the database location.
    pub fn key_path(&self) -> PathBuf {
        if let Some(path) = &self.key_file {
            return path.clone();
        }
        match ganxun_storage::DatabaseUrl::parse(&self.database) {
            ganxun_storage::DatabaseUrl::Sqlite(path) => Path::new(&path)
                .parent()
                .map(|dir| dir.join("ganxun.key"))
                .unwrap_or_else(|| PathBuf::from("ganxun.key")),
            ganxun_storage::DatabaseUrl::Postgres(_) => PathBuf::from("ganxun.key"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_sits_beside_the_sqlite_file_by_default() {
        let mut settings = Settings {
            database: "/srv/data/ganxun.db".into(),
            ..Settings::default()
        };
        assert_eq!(settings.key_path(), PathBuf::from("/srv/data/ganxun.key"));
        settings.database = "ganxun.db".into();
        assert_eq!(settings.key_path(), PathBuf::from("ganxun.key"));
        settings.key_file = Some("/etc/ganxun/key".into());
        assert_eq!(settings.key_path(), PathBuf::from("/etc/ganxun/key"));
    }

    #[test]
    fn defaults_follow_the_requirements() {
        let s = SecuritySettings::default();
        assert_eq!(
            (
                s.lockout_attempts,
                s.lockout_minutes,
                s.idle_timeout_minutes
            ),
            (5, 15, 30)
        );
        assert_eq!((s.password.min_length(), s.password.min_classes()), (8, 3));
        assert!(
            s.throttle.enabled,
            "sign-in throttling is on unless turned off"
        );
    }

    #[test]
    fn throttling_is_a_config_section() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ganxun.toml");
        std::fs::write(
            &file,
            "[security.throttle]\nenabled = false\nper_account = 3\n",
        )
        .unwrap();
        let settings = Settings::load(Some(&file)).unwrap();
        assert!(!settings.security.throttle.enabled);
        assert_eq!(settings.security.throttle.per_account, 3);
        assert_eq!(
            settings.security.throttle.per_address, 30,
            "unset keys keep defaults"
        );
    }

    #[test]
    fn the_password_profile_the_common_list_and_the_second_factor_are_config_sections() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("breached.txt");
        std::fs::write(&list, "# top of a breach list\nXiantao-River-2026\n").unwrap();
        let file = dir.path().join("ganxun.toml");
        std::fs::write(
            &file,
            format!(
                "[security]\ncommon_passwords_file = {:?}\n[security.password]\nprofile = \"asvs\"\n\
                 [security.second_factor]\nrequired_roles = [\"system_admin\"]\n",
                list.display().to_string()
            ),
        )
        .unwrap();
        let settings = Settings::load(Some(&file)).unwrap();
        let policy = &settings.security.password;
        assert_eq!((policy.min_length(), policy.max_age_days()), (12, None));
        assert_eq!(
            policy.check("xiantao-river-2026", "someone"),
            Err(ganxun_domain::PasswordError::TooCommon),
            "the deployment's list, whatever the case"
        );
        assert_eq!(policy.check("xiantao-river-2027", "someone"), Ok(()));
        assert_eq!(
            settings.security.second_factor.required_roles,
            vec![Role::SystemAdmin]
        );
        let shipped = SecuritySettings::default();
        assert_eq!(shipped.second_factor.required_roles.len(), 4);
        assert_eq!(shipped.password.max_age_days(), Some(90));

        std::fs::write(
            &file,
            "[security]\ncommon_passwords_file = \"/nonexistent/list.txt\"\n",
        )
        .unwrap();
        let refused = Settings::load(Some(&file)).unwrap_err().to_string();
        assert!(refused.contains("常用密码清单无法读取"), "{refused}");
    }

    #[test]
    fn the_suite_and_retention_are_read_and_a_short_retention_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ganxun.toml");
        std::fs::write(
            &path,
            "crypto_suite = \"national\"\n[audit]\nretention_months = 12\n",
        )
        .unwrap();
        let settings = Settings::load(Some(&path)).unwrap();
        assert_eq!(settings.crypto_suite, CryptoSuite::National);
        assert_eq!(settings.audit.retention_months, 12);
        assert_eq!(Settings::default().crypto_suite, CryptoSuite::International);
        std::fs::write(&path, "[audit]\nretention_months = 5\n").unwrap();
        let refused = Settings::load(Some(&path)).unwrap_err().to_string();
        assert!(refused.contains("不能少于 6 个月"), "{refused}");
        std::fs::write(&path, "crypto_suite = \"sm\"\n").unwrap();
        assert!(Settings::load(Some(&path)).is_err(), "an unknown suite");
    }
}
