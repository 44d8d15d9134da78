//! `[portal]`: the person's own page ("Sisa kuota") on a listener of its own, meant for the
//! hotspots' walled garden. Off by default (an empty `listen`).

use std::net::SocketAddr;

use serde::Deserialize;

use super::{ConfigError, ListenerConfig};

/// The self-service page's listener and its limits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PortalConfig {
    /// Address:port of the page; empty: off. Environment: `RADKOTA_PORTAL_LISTEN`.
    pub listen: String,
    /// Marks the cookies `Secure` although the listener speaks plain HTTP: for a TLS proxy
    /// in front (a browser drops Secure cookies sent over plain HTTP, so logins would not
    /// stick without one). With `tls_cert` set they are Secure anyway.
    pub secure_cookies: bool,
    /// TLS, reverse proxies and plain HTTP beyond loopback, as for `[admin]`.
    #[serde(flatten)]
    pub http: ListenerConfig,
    /// Minutes a login lasts (from the login, not from the last click).
    pub session_minutes: u64,
    /// Logins kept at once; beyond it the one nearest its end is dropped first.
    pub max_sessions: usize,
    /// Wrong passwords in a row for one username before it is slowed down.
    pub backoff_after: u32,
    /// Wrong passwords in a row from one address (any usernames) before it is slowed
    /// down: higher, since a whole RW may reach the page through one router's address.
    pub address_backoff_after: u32,
    /// The first pause in seconds, doubled with each further wrong password.
    pub backoff_secs: u64,
    /// The longest pause in seconds.
    pub backoff_max_secs: u64,
}

impl Default for PortalConfig {
    fn default() -> Self {
        PortalConfig {
            listen: String::new(),
            secure_cookies: false,
            http: ListenerConfig::default(),
            session_minutes: 30,
            max_sessions: 10_000,
            backoff_after: 10,
            address_backoff_after: 50,
            backoff_secs: 30,
            backoff_max_secs: 900,
        }
    }
}

/// Checks `[portal]`.
pub(super) fn check_portal(p: &PortalConfig) -> Result<(), ConfigError> {
    let bad = |key: &str, reason: String| ConfigError::Invalid {
        key: key.to_string(),
        reason,
    };
    if !p.listen.is_empty() && p.listen.parse::<SocketAddr>().is_err() {
        return Err(bad(
            "portal.listen",
            format!(
                "'{}' is not an address:port such as 0.0.0.0:8081 (empty: off)",
                p.listen
            ),
        ));
    }
    for (key, value) in [
        ("portal.session_minutes", p.session_minutes),
        ("portal.max_sessions", p.max_sessions as u64),
        ("portal.backoff_after", u64::from(p.backoff_after)),
        (
            "portal.address_backoff_after",
            u64::from(p.address_backoff_after),
        ),
        ("portal.backoff_secs", p.backoff_secs),
    ] {
        if value == 0 {
            return Err(bad(key, "must be at least 1".to_string()));
        }
    }
    p.http.check(
        "portal",
        (!p.listen.is_empty()).then_some(p.listen.as_str()),
    )?;
    if p.backoff_max_secs < p.backoff_secs {
        return Err(bad(
            "portal.backoff_max_secs",
            format!("must be at least portal.backoff_secs ({})", p.backoff_secs),
        ));
    }
    Ok(())
}
