//! Validation of every value a typo could break, one check per config section, each error
//! naming the key.

use std::fmt::Display;
use std::net::SocketAddr;

use super::{
    AccountingConfig, AdminConfig, AuthConfig, CoaConfig, Config, ConfigError, DatabaseConfig,
    LogConfig, MetricsConfig, ReportsConfig, RetentionConfig, ServerConfig,
};
use crate::auth::pap::Argon2Params;

impl Config {
    /// Checks every value that a typo could break.
    pub fn validate(&self) -> Result<(), ConfigError> {
        // Sections in the order the first error is reported, which tests and operators see.
        check_server(&self.server)?;
        check_admin(&self.admin)?;
        check_metrics(&self.metrics)?;
        check_database(&self.database, &self.database_url())?;
        check_log(&self.log)?;
        check_argon2(&self.auth.argon2)?;
        check_pap_flood(&self.auth)?;
        check_accounting(&self.accounting)?;
        check_coa(&self.coa)?;
        check_reports(&self.reports)?;
        check_retention(&self.retention)?;
        super::radsec::check_radsec(&self.radsec)?;
        super::eap::check_eap(&self.eap)?;
        super::hotspot::check_messages(&self.messages)?;
        super::portal::check_portal(&self.portal)
    }
}

/// The error for a bad value of `key`.
fn bad(key: &str, reason: String) -> ConfigError {
    ConfigError::Invalid {
        key: key.to_string(),
        reason,
    }
}

/// `v` must lie in `lo..=hi`.
fn between<T: PartialOrd + Display>(key: &str, v: T, lo: T, hi: T) -> Result<(), ConfigError> {
    if v < lo || v > hi {
        return Err(bad(key, format!("must be between {lo} and {hi}")));
    }
    Ok(())
}

/// `v` must be `min` or more.
fn at_least<T: PartialOrd + Display>(key: &str, v: T, min: T) -> Result<(), ConfigError> {
    if v < min {
        return Err(bad(key, format!("must be at least {min}")));
    }
    Ok(())
}

fn check_server(s: &ServerConfig) -> Result<(), ConfigError> {
    for (key, list) in [
        ("server.auth_listen", &s.auth_listen),
        ("server.acct_listen", &s.acct_listen),
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
    between(
        "server.duplicate_window_secs",
        s.duplicate_window_secs,
        1,
        300,
    )?;
    at_least("server.duplicate_cache_max", s.duplicate_cache_max, 1)?;
    at_least("server.nas_refresh_secs", s.nas_refresh_secs, 1)
}

fn check_metrics(m: &MetricsConfig) -> Result<(), ConfigError> {
    if m.listen.is_empty() || m.listen.parse::<SocketAddr>().is_ok() {
        return Ok(());
    }
    Err(bad(
        "metrics.listen",
        format!(
            "'{}' is not an address:port such as 127.0.0.1:9812 (empty: off)",
            m.listen
        ),
    ))
}

fn check_admin(a: &AdminConfig) -> Result<(), ConfigError> {
    a.listen.parse::<SocketAddr>().map_err(|_| {
        bad(
            "admin.listen",
            format!(
                "'{}' is not an address:port such as 127.0.0.1:8080",
                a.listen
            ),
        )
    })?;
    // Zero would refuse every connection or time every request out at once.
    for (key, value) in [
        ("admin.max_connections", a.max_connections as u64),
        (
            "admin.max_connections_per_address",
            a.max_connections_per_address as u64,
        ),
        ("admin.request_timeout_secs", a.request_timeout_secs),
    ] {
        if value == 0 {
            return Err(bad(key, "must be at least 1".to_string()));
        }
    }
    a.http
        .check("admin", a.enabled.then_some(a.listen.as_str()))
}

/// `url` is the effective URL (`Config::database_url`), not the possibly empty key.
fn check_database(d: &DatabaseConfig, url: &str) -> Result<(), ConfigError> {
    if !(url.starts_with("sqlite:")
        || url.starts_with("postgres://")
        || url.starts_with("postgresql://"))
    {
        return Err(bad(
            "database.url",
            "must start with sqlite:, postgres:// or postgresql://".into(),
        ));
    }
    at_least("database.max_connections", d.max_connections, 1)
}

fn check_log(l: &LogConfig) -> Result<(), ConfigError> {
    if !matches!(l.format.as_str(), "text" | "json") {
        return Err(bad(
            "log.format",
            format!("'{}' is not text or json", l.format),
        ));
    }
    between("log.summary_secs", l.summary_secs, 0, 86_400)?;
    if !valid_log_level(&l.level) {
        return Err(bad(
            "log.level",
            format!(
                "'{}' is not a log level (error, warn, info, debug, trace)",
                l.level
            ),
        ));
    }
    Ok(())
}

fn check_argon2(a: &Argon2Params) -> Result<(), ConfigError> {
    if a.memory_kib < 8 * a.parallelism.max(1) || a.iterations == 0 || a.parallelism == 0 {
        return Err(bad(
            "auth.argon2",
            "memory_kib >= 8 x parallelism, iterations >= 1, parallelism >= 1".into(),
        ));
    }
    Ok(())
}

fn check_pap_flood(a: &AuthConfig) -> Result<(), ConfigError> {
    between(
        "auth.argon2_queue_per_nas",
        a.argon2_queue_per_nas,
        1,
        100_000,
    )?;
    between("auth.argon2_max_wait_ms", a.argon2_max_wait_ms, 100, 60_000)?;
    between("auth.failure_cache_secs", a.failure_cache_secs, 0, 86_400)?;
    between(
        "auth.failure_backoff_after",
        a.failure_backoff_after,
        0,
        1000,
    )?;
    between(
        "auth.failure_backoff_secs",
        a.failure_backoff_secs,
        1,
        86_400,
    )?;
    between(
        "auth.failure_backoff_max_secs",
        a.failure_backoff_max_secs,
        a.failure_backoff_secs,
        86_400,
    )
}

fn check_accounting(acct: &AccountingConfig) -> Result<(), ConfigError> {
    between("accounting.batch_max", acct.batch_max, 1, 10_000)?;
    between("accounting.batch_window_ms", acct.batch_window_ms, 0, 1000)?;
    if acct.queue_max < acct.batch_max {
        return Err(bad(
            "accounting.queue_max",
            "must be at least accounting.batch_max".into(),
        ));
    }
    // One interval is too tight: a single lost Interim-Update would mark it stale.
    at_least(
        "accounting.stale_after_intervals",
        acct.stale_after_intervals,
        2,
    )?;
    // RFC 2869 §5.16: not smaller than 60 seconds.
    between(
        "accounting.interim_interval_secs",
        acct.interim_interval_secs,
        60,
        86_400,
    )?;
    crate::accounting::DayZone::parse(&acct.timezone).map_err(|e| bad("accounting.timezone", e))?;
    between(
        "accounting.plausible_max_gbps",
        acct.plausible_max_gbps,
        1,
        1_000_000,
    )?;
    Ok(())
}

fn check_coa(c: &CoaConfig) -> Result<(), ConfigError> {
    between("coa.attempts", c.attempts, 1, 10)?;
    between("coa.timeout_ms", c.timeout_ms, 10, 60_000)
}

fn check_reports(r: &ReportsConfig) -> Result<(), ConfigError> {
    at_least("reports.silent_hours", r.silent_hours, 1)?;
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
    Ok(())
}

fn check_retention(r: &RetentionConfig) -> Result<(), ConfigError> {
    if r.user_usage_days != 0 && r.user_usage_days < 62 {
        // Quotas and monthly figures read this and last month's per-person rows.
        return Err(bad(
            "retention.user_usage_days",
            "must be 0 (keep forever) or at least 62".into(),
        ));
    }
    between("retention.interval_minutes", r.interval_minutes, 1, 1440)?;
    between("retention.slice_rows", r.slice_rows, 16, 100_000)?;
    between("retention.slice_ms", r.slice_ms, 1, 10_000)?;
    between("retention.slice_pause_ms", r.slice_pause_ms, 0, 60_000)
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
