//! The settings every HTTP face shares (TLS, reverse proxies, plain HTTP, the failed-login
//! back-off), flattened into its section: `[admin]` today, `[portal]` and the console next.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;

use super::ConfigError;

/// One HTTP listener's TLS and proxy settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct ListenerConfig {
    /// The listener's certificate chain (PEM, leaf first); empty serves plain HTTP. Renewed
    /// files are picked up without a restart (within seconds, or at once on SIGHUP).
    pub tls_cert: String,
    /// The certificate's private key (PEM); set together with `tls_cert`.
    pub tls_key: String,
    /// Reverse proxies (CIDRs or addresses) whose `Forwarded` / `X-Forwarded-For` name the
    /// client; from any other address the headers are ignored. Empty: none.
    pub trusted_proxies: Vec<String>,
    /// Serve plain HTTP on an address other than loopback (only behind a TLS proxy on a
    /// network nobody else reaches; `radkota doctor` warns).
    pub allow_plain_http: bool,
    /// Failed credentials per client address, and per credential, in a minute before
    /// further failing attempts are answered 429; 0 turns the back-off off (testing only).
    pub auth_failures_per_minute: u32,
}

impl Default for ListenerConfig {
    fn default() -> Self {
        ListenerConfig {
            tls_cert: String::new(),
            tls_key: String::new(),
            trusted_proxies: Vec::new(),
            allow_plain_http: false,
            auth_failures_per_minute: 10,
        }
    }
}

impl ListenerConfig {
    /// The certificate and key files when TLS is on.
    pub fn tls_files(&self) -> Option<(PathBuf, PathBuf)> {
        (!self.tls_cert.is_empty())
            .then(|| (PathBuf::from(&self.tls_cert), PathBuf::from(&self.tls_key)))
    }

    /// Whether `listen` serves plain HTTP beyond loopback (allowed only by
    /// `allow_plain_http`).
    pub fn plain_beyond_loopback(&self, listen: &str) -> bool {
        self.tls_files().is_none()
            && listen
                .parse::<SocketAddr>()
                .is_ok_and(|a| !a.ip().is_loopback())
    }

    /// Checks the settings of section `section`, whose listener is `listen` (`None` when the
    /// listener is off: plain HTTP is then no concern).
    pub fn check(&self, section: &str, listen: Option<&str>) -> Result<(), ConfigError> {
        let bad = |key: &str, reason: String| ConfigError::Invalid {
            key: format!("{section}.{key}"),
            reason,
        };
        if self.tls_cert.is_empty() != self.tls_key.is_empty() {
            return Err(bad(
                if self.tls_cert.is_empty() {
                    "tls_cert"
                } else {
                    "tls_key"
                },
                "tls_cert and tls_key are set together (both empty: plain HTTP)".into(),
            ));
        }
        crate::http::client::TrustedProxies::parse(&self.trusted_proxies)
            .map_err(|e| bad("trusted_proxies", e))?;
        let Some(listen) = listen else {
            return Ok(());
        };
        if self.plain_beyond_loopback(listen) && !self.allow_plain_http {
            return Err(bad(
                "listen",
                format!(
                    "{listen} is reachable from other machines but has no TLS: set \
                     {section}.tls_cert and {section}.tls_key (radkota ca server-cert makes \
                     them), listen on 127.0.0.1, or set {section}.allow_plain_http = true \
                     when a TLS reverse proxy is the only way in"
                ),
            ));
        }
        Ok(())
    }
}
