//! `[radsec]`: RADIUS over TLS (RFC 6614) for routers that reach the server across networks
//! the city does not own. Off by default; its files default to the CA directory, which
//! lives beside the sealing key file (so beside the SQLite database by default), never in
//! the working directory as such.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;

use super::{Config, ConfigError, KeyLocation};

/// RadSec listener and the city CA's location.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RadsecConfig {
    /// Serve RadSec.
    pub enabled: bool,
    /// TCP listen addresses (IANA port 2083).
    pub listen: Vec<String>,
    /// The city CA's directory; empty means `<key file without extension>-ca` beside the
    /// key file, e.g. `data/radkota-ca` (required when the key file is not a file).
    pub ca_dir: String,
    /// The listener's certificate chain (PEM); empty means `<ca_dir>/server.crt`.
    pub certificate: String,
    /// The listener's private key (PEM); empty means `<ca_dir>/server.key`.
    pub private_key: String,
    /// CA certificates a router's certificate must chain to (PEM); empty means
    /// `<ca_dir>/ca.crt`.
    pub client_ca: String,
    /// Connections open at once (handshaking or established); more are closed at once.
    pub max_connections: usize,
    /// TLS handshakes worked on at once; others wait for a turn within their timeout.
    pub max_handshakes: usize,
    /// Seconds a connection has to complete its TLS handshake.
    pub handshake_timeout_secs: u64,
    /// Seconds without a request after which a connection is closed (RouterOS reconnects
    /// when it next needs the server; a Status-Server watchdog keeps a connection open).
    pub idle_timeout_secs: u64,
    /// Requests of one connection worked on at once (RADIUS has 256 identifiers).
    pub max_in_flight_per_connection: usize,
    /// The server's IP address as routers reach it, written into the MikroTik scripts
    /// (`nas mikrotik-script`); empty means the script asks for `--server`.
    pub server_address: String,
}

impl Default for RadsecConfig {
    fn default() -> Self {
        RadsecConfig {
            enabled: false,
            listen: vec!["0.0.0.0:2083".into(), "[::]:2083".into()],
            ca_dir: String::new(),
            certificate: String::new(),
            private_key: String::new(),
            client_ca: String::new(),
            max_connections: 2048,
            max_handshakes: 32,
            handshake_timeout_secs: 10,
            idle_timeout_secs: 600,
            max_in_flight_per_connection: 256,
            server_address: String::new(),
        }
    }
}

impl Config {
    /// The city CA's directory: `radsec.ca_dir`, else beside the sealing key file.
    pub fn ca_dir(&self) -> Result<PathBuf, ConfigError> {
        if !self.radsec.ca_dir.is_empty() {
            return Ok(PathBuf::from(&self.radsec.ca_dir));
        }
        match self.key_location() {
            KeyLocation::Configured(key) | KeyLocation::BesideDatabase(key) => {
                let stem = key
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "radkota".into());
                Ok(key.with_file_name(format!("{stem}-ca")))
            }
            KeyLocation::Ephemeral | KeyLocation::Unset => Err(ConfigError::Invalid {
                key: "radsec.ca_dir".into(),
                reason: "no key file to put the CA beside: set radsec.ca_dir".into(),
            }),
        }
    }

    /// The listener's certificate, key and client CA files.
    pub fn radsec_files(&self) -> Result<(PathBuf, PathBuf, PathBuf), ConfigError> {
        let r = &self.radsec;
        self.tls_files(&r.certificate, &r.private_key, &r.client_ca)
    }

    /// A certificate, key and CA file as configured, each one left empty taken from the
    /// city CA's directory (`radkota ca init`): RadSec's and EAP's alike.
    pub(super) fn tls_files(
        &self,
        certificate: &str,
        private_key: &str,
        ca_certificate: &str,
    ) -> Result<(PathBuf, PathBuf, PathBuf), ConfigError> {
        let any_empty = [certificate, private_key, ca_certificate]
            .iter()
            .any(|s| s.is_empty());
        let ca = crate::ca::CaPaths::new(if any_empty {
            self.ca_dir()?
        } else {
            PathBuf::new()
        });
        let pick = |set: &str, default: PathBuf| {
            if set.is_empty() {
                default
            } else {
                PathBuf::from(set)
            }
        };
        Ok((
            pick(certificate, ca.server_cert()),
            pick(private_key, ca.server_key()),
            pick(ca_certificate, ca.ca_cert()),
        ))
    }

    /// Parsed RadSec listen addresses (validated by `check_radsec`).
    pub fn radsec_addrs(&self) -> Vec<SocketAddr> {
        self.radsec
            .listen
            .iter()
            .filter_map(|a| a.parse().ok())
            .collect()
    }
}

/// Checks `[radsec]`.
pub(super) fn check_radsec(r: &RadsecConfig) -> Result<(), ConfigError> {
    let bad = |key: &str, reason: &str| ConfigError::Invalid {
        key: format!("radsec.{key}"),
        reason: reason.into(),
    };
    for a in &r.listen {
        a.parse::<SocketAddr>()
            .map_err(|_| bad("listen", &format!("'{a}' is not an address:port")))?;
    }
    if !r.server_address.is_empty() && r.server_address.parse::<std::net::IpAddr>().is_err() {
        return Err(bad(
            "server_address",
            "must be an IP address (RouterOS wants one)",
        ));
    }
    if r.enabled && r.listen.is_empty() {
        return Err(bad("listen", "RadSec is enabled but has no listen address"));
    }
    for (key, v, lo, hi) in [
        ("max_connections", r.max_connections, 1, 1_000_000),
        ("max_handshakes", r.max_handshakes, 1, 10_000),
        (
            "max_in_flight_per_connection",
            r.max_in_flight_per_connection,
            1,
            256,
        ),
    ] {
        if v < lo || v > hi {
            return Err(bad(key, &format!("must be between {lo} and {hi}")));
        }
    }
    for (key, v) in [
        ("handshake_timeout_secs", r.handshake_timeout_secs),
        ("idle_timeout_secs", r.idle_timeout_secs),
    ] {
        if v == 0 || v > 86_400 {
            return Err(bad(key, "must be between 1 and 86400"));
        }
    }
    Ok(())
}
