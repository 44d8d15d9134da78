//! The TOML configuration: every key has a working default, a few can be overridden from the
//! environment per host, and unknown keys or bad values are a startup error naming the key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::auth::pap::Argon2Params;
pub use eap::EapConfig;
pub use hotspot::{MessagesConfig, RoamingConfig};
pub use listener::ListenerConfig;
pub use portal::PortalConfig;
pub use radsec::RadsecConfig;

mod defaults;
mod eap;
mod hotspot;
mod listener;
mod load;
mod portal;
mod radsec;
#[cfg(test)]
mod tests;
mod validate;

/// Where the configuration is read from when neither `--config` nor `RADKOTA_CONFIG` is set.
pub const DEFAULT_CONFIG_PATH: &str = "config/radkota.toml";

/// Where the Debian package installs the configuration; read when `DEFAULT_CONFIG_PATH`
/// is absent, so a command works from any directory on an installed system.
pub const SYSTEM_CONFIG_PATH: &str = "/etc/radkota/radkota.toml";

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

/// Where the sealing key lives, from `auth.key_file` and the database URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyLocation {
    /// `auth.key_file` (or `RADKOTA_KEY_FILE`).
    Configured(PathBuf),
    /// The default for a SQLite file: `<db file without extension>.key` in its directory.
    BesideDatabase(PathBuf),
    /// An in-memory SQLite database: a key that lives and dies with the process.
    Ephemeral,
    /// PostgreSQL without `auth.key_file`: there is no file to put it next to.
    Unset,
}

/// The default key file of SQLite file `db`: `radkota.db` -> `radkota.key`.
fn key_beside(db: &Path) -> PathBuf {
    if db.extension().is_some_and(|e| e != "key") {
        db.with_extension("key")
    } else {
        let mut name = db.as_os_str().to_os_string();
        name.push(".key");
        PathBuf::from(name)
    }
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
    pub metrics: MetricsConfig,
    pub radsec: RadsecConfig,
    pub eap: EapConfig,
    /// Issue 22: the texts a person reads, and MAC roaming.
    pub messages: MessagesConfig,
    pub roaming: RoamingConfig,
    /// The person's own page (issue 22); off by default.
    pub portal: PortalConfig,
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
    /// Seconds between the summary lines (accepts, rejects and drops by reason, accounting,
    /// queue depth); 0 = none.
    pub summary_secs: u64,
}

/// Authentication.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    /// argon2id cost for new password hashes.
    pub argon2: Argon2Params,
    /// Concurrent argon2 verifications; 0 means the number of CPU cores.
    pub argon2_workers: usize,
    /// Key file for sealed secrets; empty means next to the SQLite database (`<db>.key`,
    /// e.g. `data/radkota.key`); required for PostgreSQL.
    pub key_file: String,
    /// Days of authentication log kept; 0 keeps it forever (see also `[retention]`).
    pub auth_log_retention_days: u32,
    /// Seconds a successful PAP check is remembered so repeat logins skip argon2; 0 disables.
    pub password_cache_secs: u64,
    /// PAP requests each NAS may have waiting for argon2; more from that NAS are shed.
    pub argon2_queue_per_nas: usize,
    /// Milliseconds a PAP request may wait for argon2 before it is dropped unverified (the
    /// NAS has stopped waiting for that answer by then).
    pub argon2_max_wait_ms: u64,
    /// Seconds a failed PAP check is remembered so the same wrong password is refused
    /// without argon2; 0 disables.
    pub failure_cache_secs: u64,
    /// Failed logins in a row for one user at one NAS before that pair is refused
    /// unchecked for a while; 0 disables the back-off.
    pub failure_backoff_after: u32,
    /// The first back-off pause in seconds, doubled with each further failure.
    pub failure_backoff_secs: u64,
    /// The longest back-off pause in seconds; a pair with no failure for this long starts
    /// afresh.
    pub failure_backoff_max_secs: u64,
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
    /// A counter growing faster than this many Gbit/s between two records of a session is
    /// not charged but flagged (hotspot report); also what a first record may carry.
    pub plausible_max_gbps: u32,
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

/// How long personal data is kept (UU PDP 27/2022); aggregates are always kept.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionConfig {
    /// Days a closed or stale session row is kept after it was last seen; 0 keeps forever.
    pub session_days: u32,
    /// Days of per-person usage (`usage_daily_user`, `usage_daily_user_nas`,
    /// `usage_monthly_user`) kept, in whole months; 0 keeps forever. Per-NAS and per-plan rollups are always kept.
    pub user_usage_days: u32,
    /// Minutes between purges while `radkota serve` runs.
    pub interval_minutes: u32,
    /// Rows deleted per purge slice (one short write transaction) at most.
    pub slice_rows: u32,
    /// Milliseconds a slice's write should take: slower slices get fewer rows.
    pub slice_ms: u32,
    /// Milliseconds the purge pauses after each slice, leaving the database to accounting.
    pub slice_pause_ms: u32,
}

/// `/metrics`, `/livez` and `/readyz` on a listener of their own, off the RADIUS ports.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    /// Address and port (for example `127.0.0.1:9812`); empty leaves the listener off.
    pub listen: String,
}

/// The admin HTTP API.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminConfig {
    /// Whether `radkota serve` also runs the admin API.
    pub enabled: bool,
    /// Address and port of the API (plain HTTP only on loopback, unless `allow_plain_http`).
    pub listen: String,
    /// Connections open at once (further ones wait to be accepted).
    pub max_connections: usize,
    /// Connections open at once from one address (further ones are closed).
    pub max_connections_per_address: usize,
    /// Longest a request may take, in seconds; a connection may stay silent twice as long.
    pub request_timeout_secs: u64,
    /// TLS, trusted proxies, plain HTTP and the failed-token back-off (`tls_cert`, ...).
    #[serde(flatten)]
    pub http: ListenerConfig,
}

impl Config {
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

    /// Where the key file for sealed secrets is: `auth.key_file` when set, else next to
    /// the SQLite database file (never the working directory as such).
    pub fn key_location(&self) -> KeyLocation {
        if !self.auth.key_file.is_empty() {
            return KeyLocation::Configured(PathBuf::from(&self.auth.key_file));
        }
        let url = self.database_url();
        if let Some(db) = crate::store::sqlite_path_of(&url) {
            return KeyLocation::BesideDatabase(key_beside(&db));
        }
        if url.starts_with("sqlite:") {
            KeyLocation::Ephemeral
        } else {
            KeyLocation::Unset
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

    /// How PAP is checked and floods of it contained (`[auth]`), for the authenticator.
    pub fn pap_settings(&self) -> crate::auth::pap_check::PapSettings {
        use std::time::Duration;
        let a = &self.auth;
        crate::auth::pap_check::PapSettings {
            argon2: a.argon2,
            pool: crate::auth::argon2_pool::PoolSettings {
                workers: self.argon2_workers(),
                queue_per_nas: a.argon2_queue_per_nas,
                max_wait: Duration::from_millis(a.argon2_max_wait_ms),
            },
            success_ttl: Duration::from_secs(a.password_cache_secs),
            failure_ttl: Duration::from_secs(a.failure_cache_secs),
            backoff: crate::auth::failures::BackoffSettings {
                after: a.failure_backoff_after,
                first: Duration::from_secs(a.failure_backoff_secs),
                max: Duration::from_secs(a.failure_backoff_max_secs),
                max_entries: 100_000,
            },
        }
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
