//! `[eap]`: WPA-Enterprise (PEAP, TTLS, EAP-MSCHAPv2) on the ordinary auth port. Off by
//! default; the certificate defaults to the city CA's server certificate (`radkota ca
//! init`), which is what phones are told to trust.

use std::path::PathBuf;

use serde::Deserialize;

use super::{Config, ConfigError};

/// EAP methods, certificate, fragment size and conversation limits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EapConfig {
    /// Answer Access-Requests carrying EAP-Message (else they are rejected).
    pub enabled: bool,
    /// The method offered first: `peap`, `ttls` or `mschapv2`.
    pub default_method: String,
    /// Methods a peer may ask for instead (EAP Nak).
    pub methods: Vec<String>,
    /// The server certificate chain (PEM); empty means `<ca_dir>/server.crt`.
    pub certificate: String,
    /// Its private key (PEM); empty means `<ca_dir>/server.key`.
    pub private_key: String,
    /// The CA devices must trust, for `radkota eap profile`; empty means `<ca_dir>/ca.crt`.
    pub ca_certificate: String,
    /// The name in the certificate that devices check (domain suffix match), for
    /// `radkota eap profile`; empty means the certificate's first DNS name.
    pub server_name: String,
    /// TLS octets per Access-Challenge (FreeRADIUS uses 1024; leaves room in a 1500-octet
    /// EAPOL frame).
    pub fragment_size: usize,
    /// Conversations kept between rounds at once (each holds a TLS state of a few tens of
    /// KiB); further new conversations are dropped until some finish or time out.
    pub max_conversations: usize,
    /// Seconds a conversation waits for the peer's next response.
    pub conversation_timeout_secs: u64,
    /// TLS sessions kept for resumption.
    pub session_cache: usize,
    /// Seconds a TLS session may be resumed (its user is checked again each time).
    pub session_lifetime_secs: u64,
}

impl Default for EapConfig {
    fn default() -> Self {
        EapConfig {
            enabled: false,
            default_method: "peap".into(),
            methods: vec!["peap".into(), "ttls".into(), "mschapv2".into()],
            certificate: String::new(),
            private_key: String::new(),
            ca_certificate: String::new(),
            server_name: String::new(),
            fragment_size: 1024,
            max_conversations: 4096,
            conversation_timeout_secs: 30,
            session_cache: 10_000,
            session_lifetime_secs: 86_400,
        }
    }
}

impl Config {
    /// The EAP certificate, key and CA files.
    pub fn eap_files(&self) -> Result<(PathBuf, PathBuf, PathBuf), ConfigError> {
        let e = &self.eap;
        self.tls_files(&e.certificate, &e.private_key, &e.ca_certificate)
    }
}

/// Checks `[eap]`.
pub(super) fn check_eap(e: &EapConfig) -> Result<(), ConfigError> {
    let bad = |key: &str, reason: String| ConfigError::Invalid {
        key: format!("eap.{key}"),
        reason,
    };
    let known = "peap, ttls or mschapv2";
    if crate::eap::Method::parse(&e.default_method).is_none() {
        return Err(bad("default_method", format!("must be {known}")));
    }
    for m in &e.methods {
        if crate::eap::Method::parse(m).is_none() {
            return Err(bad("methods", format!("'{m}' is not {known}")));
        }
    }
    for (key, v, lo, hi) in [
        ("fragment_size", e.fragment_size, 200, 4000),
        ("max_conversations", e.max_conversations, 1, 1_000_000),
        ("session_cache", e.session_cache, 1, 10_000_000),
    ] {
        if v < lo || v > hi {
            return Err(bad(key, format!("must be between {lo} and {hi}")));
        }
    }
    if e.conversation_timeout_secs == 0 || e.conversation_timeout_secs > 600 {
        return Err(bad(
            "conversation_timeout_secs",
            "must be between 1 and 600".into(),
        ));
    }
    Ok(())
}
