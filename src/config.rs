//! The TOML configuration: every key has a working default, a few can be overridden from the
//! environment per host, and unknown keys or bad values are a startup error naming the key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::auth::pap::Argon2Params;

/// Where the configuration is read from when neither `--config` nor `RADKOTA_CONFIG` is set.
pub const DEFAULT_CONFIG_PATH: &str = "config/radkota.toml";

/// A configuration problem, phrased for the operator.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("config file {path}: {reason}")]
    Parse { path: String, reason: String },
    #[error("config key `{key}`: {reason}")]
    Invalid { key: String, reason: String },
}

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Directory for the SQLite database and the key file.
    pub data_dir: PathBuf,
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub log: LogConfig,
    pub auth: AuthConfig,
    pub policy: PolicyConfig,
    pub accounting: AccountingConfig,
    pub admin: AdminConfig,
    pub coa: CoaConfig,
    pub reports: ReportsConfig,
    pub retention: RetentionConfig,
}

/// UDP listeners and request handling.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Authentication listen addresses (IPv4 and IPv6).
    pub auth_listen: Vec<String>,
    /// Accounting listen addresses (IPv4 and IPv6).
    pub acct_listen: Vec<String>,
    /// How long a reply is kept to answer retransmissions (RFC 5080 §2.2.2), seconds.
    pub duplicate_window_secs: u64,
    /// Upper bound on cached replies, so a flood cannot grow memory without limit. The
    /// default holds 30 s of a whole city's traffic (551 NAS at a few hundred requests per
    /// second) and keeps the server under 100 MiB at benchmark rates; FreeRADIUS's
    /// comparable `max_requests` is 16,384.
    pub duplicate_cache_max: usize,
    /// How often the NAS registry checks the database for changes, seconds.
    pub nas_refresh_secs: u64,
    /// How long graceful shutdown waits for in-flight requests, seconds.
    pub shutdown_grace_secs: u64,
}

/// Database connection.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` or `postgres://...`; empty means `sqlite://<data_dir>/radkota.db`.
    pub url: String,
    /// Pool size.
    pub max_connections: u32,
}

/// Logging.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: String,
    /// `error`, `warn`, `info`, `debug` or `trace` (or a tracing filter directive).
    pub level: String,
}

/// Authentication.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    /// argon2id cost for new password hashes.
    pub argon2: Argon2Params,
    /// Concurrent argon2 verifications; 0 means the number of CPU cores.
    pub argon2_workers: usize,
    /// Key file for sealed secrets; empty means `<data_dir>/radkota.key`.
    pub key_file: String,
    /// Days of authentication log kept; 0 keeps it forever (see also `[retention]`).
    pub auth_log_retention_days: u32,
    /// Seconds a successful PAP check is remembered so repeat logins skip argon2; 0 disables.
    pub password_cache_secs: u64,
}

/// Plans and dictionaries.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PolicyConfig {
    /// Top-level FreeRADIUS-format dictionary file; when the default path is missing the
    /// built-in copy of the shipped dictionaries is used.
    pub dictionary: String,
}

/// The default `policy.dictionary`.
pub const DEFAULT_DICTIONARY: &str = "dictionaries/dictionary";

impl Default for PolicyConfig {
    fn default() -> Self {
        PolicyConfig {
            dictionary: DEFAULT_DICTIONARY.into(),
        }
    }
}

/// Disconnect-Request and CoA-Request sent to hotspot controllers (RFC 5176).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CoaConfig {
    /// Times a request is sent before giving up (the first send included).
    pub attempts: u32,
    /// Wait for the first answer, milliseconds; doubled after each unanswered send.
    pub timeout_ms: u64,
    /// Apply a plan's `on_quota` action when an Interim-Update shows a quota used up.
    pub enforce_quota: bool,
}

impl Default for CoaConfig {
    fn default() -> Self {
        CoaConfig {
            attempts: 3,
            timeout_ms: 1000,
            enforce_quota: true,
        }
    }
}

/// Accounting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccountingConfig {
    /// Most records written in one transaction.
    pub batch_max: usize,
    /// How long the writer waits for more records before committing a batch, milliseconds.
    pub batch_window_ms: u64,
    /// Records waiting to be written; beyond this new requests are dropped and counted.
    pub queue_max: usize,
    /// A session with no update for this many interim intervals is marked stale.
    pub stale_after_intervals: u32,
    /// Acct-Interim-Interval sent in Access-Accept, seconds.
    pub interim_interval_secs: u32,
    /// Time zone of usage days: Asia/Jakarta, Asia/Makassar, Asia/Jayapura, UTC or +HH:MM.
    pub timezone: String,
    /// SQLite: wait for the disk before acknowledging each batch (survives power loss). With
    /// false, acknowledged records survive a crash of radkota but not of the machine.
    pub fsync: bool,
}

/// Thresholds of the hotspot-health and weekly reports (`radkota report`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportsConfig {
    /// A hotspot is silent after this many hours without any packet...
    pub silent_hours: u32,
    /// ...when it had traffic on at least this many of the 7 days ending today.
    pub silent_min_active_days: u32,
    /// Rejected-heavy: at least this many rejects plus bad authenticators this week...
    pub rejected_min: u32,
    /// ...making up at least this percentage of its requests.
    pub rejected_percent: u32,
    /// Clock skew: Event-Timestamp further than this from the server's clock, seconds.
    pub clock_skew_secs: u32,
    /// Underused (weekly): unique users this week below this percentage of last week's...
    pub underused_percent: u32,
    /// ...when last week had at least this many.
    pub underused_min_users: u32,
}

impl Default for ReportsConfig {
    fn default() -> Self {
        ReportsConfig {
            silent_hours: 6,
            silent_min_active_days: 3,
            rejected_min: 20,
            rejected_percent: 50,
            clock_skew_secs: 300,
            underused_percent: 50,
            underused_min_users: 10,
        }
    }
}

/// How long personal data is kept (UU PDP 27/2022); aggregates are always kept.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionConfig {
    /// Days a closed or stale session row is kept after it was last seen; 0 keeps forever.
    pub session_days: u32,
    /// Days of per-person daily usage (`usage_daily_user`, `usage_daily_user_nas`) kept,
    /// in whole months; 0 keeps forever. Per-NAS and per-plan rollups are always kept.
    pub user_usage_days: u32,
    /// Minutes between purges while `radkota serve` runs.
    pub interval_minutes: u32,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        RetentionConfig {
            session_days: 180,
            user_usage_days: 0,
            interval_minutes: 60,
        }
    }
}

/// The admin HTTP API.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminConfig {
    /// Whether `radkota serve` also runs the admin API.
    pub enabled: bool,
    /// Address and port of the API (plain HTTP: keep it on loopback or behind a TLS proxy).
    pub listen: String,
}

impl Default for AdminConfig {
    fn default() -> Self {
        AdminConfig {
            enabled: false,
            listen: "127.0.0.1:8080".into(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            server: ServerConfig::default(),
            database: DatabaseConfig::default(),
            log: LogConfig::default(),
            auth: AuthConfig::default(),
            policy: PolicyConfig::default(),
            accounting: AccountingConfig::default(),
            admin: AdminConfig::default(),
            coa: CoaConfig::default(),
            reports: ReportsConfig::default(),
            retention: RetentionConfig::default(),
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            auth_listen: vec!["0.0.0.0:1812".into(), "[::]:1812".into()],
            acct_listen: vec!["0.0.0.0:1813".into(), "[::]:1813".into()],
            duplicate_window_secs: 30,
            duplicate_cache_max: 20_000,
            nas_refresh_secs: 2,
            shutdown_grace_secs: 5,
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            url: String::new(),
            max_connections: 8,
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: "text".into(),
            level: "info".into(),
        }
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            argon2: Argon2Params::default(),
            argon2_workers: 0,
            key_file: String::new(),
            auth_log_retention_days: 90,
            password_cache_secs: 300,
        }
    }
}

impl Default for AccountingConfig {
    fn default() -> Self {
        AccountingConfig {
            batch_max: 256,
            batch_window_ms: 0,
            queue_max: 16_384,
            stale_after_intervals: 3,
            interim_interval_secs: 300,
            timezone: "Asia/Jakarta".into(),
            fsync: true,
        }
    }
}

impl Config {
    /// Loads the file (an absent default file means all defaults), applies environment
    /// overrides, and validates.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        Self::load_with_env(explicit, |k| std::env::var(k).ok())
    }

    /// As `load`, with the environment given as a function (tests).
    pub fn load_with_env(
        explicit: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut cfg = match explicit {
            Some(path) => Self::from_file(path)?,
            None => {
                let path = Path::new(DEFAULT_CONFIG_PATH);
                if path.exists() {
                    Self::from_file(path)?
                } else {
                    Config::default()
                }
            }
        };
        cfg.apply_env(env);
        cfg.validate()?;
        Ok(cfg)
    }

    /// Parses a TOML string (no environment, no validation).
    pub fn from_toml(text: &str, path: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_string(),
            reason: e.to_string().trim().replace('\n', " "),
        })
    }

    fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) {
        let list = |v: String| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        if let Some(v) = env("RADKOTA_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = env("RADKOTA_DATABASE_URL") {
            self.database.url = v;
        }
        if let Some(v) = env("RADKOTA_AUTH_LISTEN") {
            self.server.auth_listen = list(v);
        }
        if let Some(v) = env("RADKOTA_ACCT_LISTEN") {
            self.server.acct_listen = list(v);
        }
        if let Some(v) = env("RADKOTA_LOG_LEVEL") {
            self.log.level = v;
        }
        if let Some(v) = env("RADKOTA_LOG_FORMAT") {
            self.log.format = v;
        }
        if let Some(v) = env("RADKOTA_KEY_FILE") {
            self.auth.key_file = v;
        }
    }

    /// Checks every value that a typo could break.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, reason: String| ConfigError::Invalid {
            key: key.to_string(),
            reason,
        };
        for (key, list) in [
            ("server.auth_listen", &self.server.auth_listen),
            ("server.acct_listen", &self.server.acct_listen),
        ] {
            for a in list {
                a.parse::<SocketAddr>().map_err(|_| {
                    bad(
                        key,
                        format!("'{a}' is not an address:port such as 0.0.0.0:1812 or [::]:1812"),
                    )
                })?;
            }
        }
        if self.server.duplicate_window_secs == 0 || self.server.duplicate_window_secs > 300 {
            return Err(bad(
                "server.duplicate_window_secs",
                "must be between 1 and 300".into(),
            ));
        }
        if self.server.duplicate_cache_max == 0 {
            return Err(bad(
                "server.duplicate_cache_max",
                "must be at least 1".into(),
            ));
        }
        if self.server.nas_refresh_secs == 0 {
            return Err(bad("server.nas_refresh_secs", "must be at least 1".into()));
        }
        self.admin.listen.parse::<SocketAddr>().map_err(|_| {
            bad(
                "admin.listen",
                format!(
                    "'{}' is not an address:port such as 127.0.0.1:8080",
                    self.admin.listen
                ),
            )
        })?;
        let url = self.database_url();
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(bad(
                "database.url",
                "must start with sqlite:, postgres:// or postgresql://".into(),
            ));
        }
        if self.database.max_connections == 0 {
            return Err(bad("database.max_connections", "must be at least 1".into()));
        }
        if !matches!(self.log.format.as_str(), "text" | "json") {
            return Err(bad(
                "log.format",
                format!("'{}' is not text or json", self.log.format),
            ));
        }
        if !valid_log_level(&self.log.level) {
            return Err(bad(
                "log.level",
                format!(
                    "'{}' is not a log level (error, warn, info, debug, trace)",
                    self.log.level
                ),
            ));
        }
        let a = &self.auth.argon2;
        if a.memory_kib < 8 * a.parallelism.max(1) || a.iterations == 0 || a.parallelism == 0 {
            return Err(bad(
                "auth.argon2",
                "memory_kib >= 8 x parallelism, iterations >= 1, parallelism >= 1".into(),
            ));
        }
        let acct = &self.accounting;
        if acct.batch_max == 0 || acct.batch_max > 10_000 {
            return Err(bad(
                "accounting.batch_max",
                "must be between 1 and 10000".into(),
            ));
        }
        if acct.batch_window_ms > 1000 {
            return Err(bad(
                "accounting.batch_window_ms",
                "must be between 0 and 1000".into(),
            ));
        }
        if acct.queue_max < acct.batch_max {
            return Err(bad(
                "accounting.queue_max",
                "must be at least accounting.batch_max".into(),
            ));
        }
        if acct.stale_after_intervals < 2 {
            // One interval is too tight: a single lost Interim-Update would mark it stale.
            return Err(bad(
                "accounting.stale_after_intervals",
                "must be at least 2".into(),
            ));
        }
        if acct.interim_interval_secs < 60 || acct.interim_interval_secs > 86_400 {
            // RFC 2869 §5.16: not smaller than 60 seconds.
            return Err(bad(
                "accounting.interim_interval_secs",
                "must be between 60 and 86400".into(),
            ));
        }
        crate::accounting::DayZone::parse(&acct.timezone)
            .map_err(|e| bad("accounting.timezone", e))?;
        if self.coa.attempts == 0 || self.coa.attempts > 10 {
            return Err(bad("coa.attempts", "must be between 1 and 10".into()));
        }
        if self.coa.timeout_ms < 10 || self.coa.timeout_ms > 60_000 {
            return Err(bad("coa.timeout_ms", "must be between 10 and 60000".into()));
        }
        let r = &self.reports;
        if r.silent_hours == 0 {
            return Err(bad("reports.silent_hours", "must be at least 1".into()));
        }
        if r.silent_min_active_days > 7 {
            return Err(bad(
                "reports.silent_min_active_days",
                "must be 0 to 7".into(),
            ));
        }
        for (key, v) in [
            ("reports.rejected_percent", r.rejected_percent),
            ("reports.underused_percent", r.underused_percent),
        ] {
            if v > 100 {
                return Err(bad(key, "must be a percentage, 0 to 100".into()));
            }
        }
        let r = &self.retention;
        if r.user_usage_days != 0 && r.user_usage_days < 62 {
            // Quotas and monthly figures read this and last month's per-person rows.
            return Err(bad(
                "retention.user_usage_days",
                "must be 0 (keep forever) or at least 62".into(),
            ));
        }
        if r.interval_minutes == 0 || r.interval_minutes > 1440 {
            return Err(bad(
                "retention.interval_minutes",
                "must be between 1 and 1440".into(),
            ));
        }
        Ok(())
    }

    /// The cut-offs of a retention purge run at `now` (epoch seconds).
    pub fn purge_cutoffs(&self, now: i64) -> crate::store::PurgeCutoffs {
        let days_before = |days: u32| (days > 0).then(|| now - i64::from(days) * 86_400);
        let zone = self.day_zone();
        crate::store::PurgeCutoffs {
            sessions_before: days_before(self.retention.session_days),
            auth_log_before: days_before(self.auth.auth_log_retention_days),
            user_usage_from: days_before(self.retention.user_usage_days).map(|t| zone.date(t)),
        }
    }

    /// Loads the dictionary named by `policy.dictionary`; a missing file at the default path
    /// falls back to the built-in copy (a binary run outside the source tree), any other
    /// problem is an error naming file and line. Returns where it came from too.
    pub fn dictionary(
        &self,
    ) -> Result<(crate::dictionary::Dictionary, String), crate::dictionary::DictError> {
        let path = Path::new(&self.policy.dictionary);
        crate::dictionary::Dictionary::load_or_embedded(
            path,
            self.policy.dictionary == DEFAULT_DICTIONARY,
        )
    }

    /// The accounting day zone (validated by `validate`; the default zone otherwise).
    pub fn day_zone(&self) -> crate::accounting::DayZone {
        crate::accounting::DayZone::parse(&self.accounting.timezone).unwrap_or_default()
    }

    /// The database URL, defaulting to a SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        if self.database.url.is_empty() {
            format!("sqlite://{}", self.data_dir.join("radkota.db").display())
        } else {
            self.database.url.clone()
        }
    }

    /// The key file for sealed secrets.
    pub fn key_file(&self) -> PathBuf {
        if self.auth.key_file.is_empty() {
            self.data_dir.join("radkota.key")
        } else {
            PathBuf::from(&self.auth.key_file)
        }
    }

    /// Parsed auth listen addresses (validated by `validate`).
    pub fn auth_addrs(&self) -> Vec<SocketAddr> {
        self.server
            .auth_listen
            .iter()
            .filter_map(|a| a.parse().ok())
            .collect()
    }

    /// Parsed accounting listen addresses (validated by `validate`).
    pub fn acct_addrs(&self) -> Vec<SocketAddr> {
        self.server
            .acct_listen
            .iter()
            .filter_map(|a| a.parse().ok())
            .collect()
    }

    /// Number of argon2 workers, resolving 0 to the core count.
    pub fn argon2_workers(&self) -> usize {
        if self.auth.argon2_workers > 0 {
            self.auth.argon2_workers
        } else {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        }
    }
}

/// A level, or comma-separated `target=level` directives; anything else is a typo that
/// tracing would silently read as a target name.
fn valid_log_level(s: &str) -> bool {
    const LEVELS: [&str; 6] = ["off", "error", "warn", "info", "debug", "trace"];
    let is_level = |l: &str| LEVELS.contains(&l.trim().to_ascii_lowercase().as_str());
    !s.trim().is_empty()
        && s.split(',').all(|d| match d.rsplit_once('=') {
            Some((target, level)) => !target.trim().is_empty() && is_level(level),
            None => is_level(d),
        })
        && tracing_subscriber::EnvFilter::try_new(s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn shipped_file_equals_the_defaults() {
        let text = include_str!("../config/radkota.toml");
        let file = Config::from_toml(text, "config/radkota.toml").expect("shipped config parses");
        file.validate().expect("shipped config is valid");
        let d = Config::default();
        assert_eq!(format!("{file:?}"), format!("{d:?}"));
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let err =
            Config::from_toml("[server]\nauth_lisen = [\"0.0.0.0:1812\"]\n", "x.toml").unwrap_err();
        assert!(err.to_string().contains("auth_lisen"), "{err}");
    }

    #[test]
    fn bad_values_name_the_key() {
        let cases = [
            ("[server]\nauth_listen = [\"1812\"]\n", "server.auth_listen"),
            ("[log]\nformat = \"xml\"\n", "log.format"),
            ("[log]\nlevel = \"loud!!\"\n", "log.level"),
            ("[database]\nurl = \"mysql://x\"\n", "database.url"),
            (
                "[server]\nduplicate_window_secs = 0\n",
                "server.duplicate_window_secs",
            ),
            ("[auth.argon2]\niterations = 0\n", "auth.argon2"),
            ("[accounting]\nbatch_max = 0\n", "accounting.batch_max"),
            (
                "[accounting]\nbatch_window_ms = 5000\n",
                "accounting.batch_window_ms",
            ),
            ("[accounting]\nqueue_max = 10\n", "accounting.queue_max"),
            (
                "[accounting]\nstale_after_intervals = 1\n",
                "accounting.stale_after_intervals",
            ),
            (
                "[accounting]\ninterim_interval_secs = 5\n",
                "accounting.interim_interval_secs",
            ),
            (
                "[accounting]\ntimezone = \"Mars/Olympus\"\n",
                "accounting.timezone",
            ),
            ("[admin]\nlisten = \"8080\"\n", "admin.listen"),
            ("[coa]\nattempts = 0\n", "coa.attempts"),
            ("[coa]\ntimeout_ms = 5\n", "coa.timeout_ms"),
            (
                "[retention]\nuser_usage_days = 30\n",
                "retention.user_usage_days",
            ),
            (
                "[retention]\ninterval_minutes = 0\n",
                "retention.interval_minutes",
            ),
        ];
        for (text, key) in cases {
            let err = Config::from_toml(text, "x.toml")
                .and_then(|c| c.validate())
                .unwrap_err();
            assert!(err.to_string().contains(key), "{text}: {err}");
        }
        let err =
            Config::from_toml("[server]\nnas_refresh_secs = \"two\"\n", "x.toml").unwrap_err();
        assert!(err.to_string().contains("nas_refresh_secs"), "{err}");
    }

    #[test]
    fn environment_overrides() {
        let env = |k: &str| match k {
            "RADKOTA_DATABASE_URL" => Some("postgres://u@h/db".to_string()),
            "RADKOTA_AUTH_LISTEN" => Some("127.0.0.1:11812, [::1]:11812".to_string()),
            "RADKOTA_ACCT_LISTEN" => Some("127.0.0.1:11813".to_string()),
            _ => None,
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        std::fs::write(&path, "").unwrap();
        let c = Config::load_with_env(Some(&path), env).unwrap();
        assert_eq!(c.database_url(), "postgres://u@h/db");
        assert_eq!(c.auth_addrs().len(), 2);
        assert_eq!(c.acct_addrs(), vec!["127.0.0.1:11813".parse().unwrap()]);
        let bad = |k: &str| (k == "RADKOTA_AUTH_LISTEN").then(|| "nonsense".to_string());
        let err = Config::load_with_env(Some(&path), bad).unwrap_err();
        assert!(err.to_string().contains("server.auth_listen"), "{err}");
    }

    #[test]
    fn defaults_put_everything_in_the_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.toml");
        std::fs::write(&path, "").unwrap();
        let c = Config::load_with_env(Some(&path), no_env).unwrap();
        assert_eq!(c.database_url(), "sqlite://data/radkota.db");
        assert_eq!(c.key_file(), PathBuf::from("data/radkota.key"));
        assert_eq!(c.auth_addrs().len(), 2);
        let missing =
            Config::load_with_env(Some(&dir.path().join("nope.toml")), no_env).unwrap_err();
        assert!(missing.to_string().contains("nope.toml"));
    }
}
