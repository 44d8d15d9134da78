//! WPA-Enterprise: EAP over RADIUS (RFC 3579) with PEAPv0/EAP-MSCHAPv2, EAP-TTLS (inner PAP
//! or MS-CHAPv2) and plain EAP-MSCHAPv2. The conversation and its TLS tunnel live here,
//! without I/O; `server::handle::eap` carries them over RADIUS and hands every credential
//! to the ordinary access decision under the inner identity.

pub mod avp;
pub mod check;
pub mod conversation;
pub mod framing;
pub mod fuzz;
pub mod mschapv2;
pub mod packet;
pub mod peap;
pub mod phase2;
pub mod reassembly;
pub mod sessions;
pub mod table;
pub mod tunnel;

#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context as _, bail};
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use sessions::Sessions;
use table::Table;

/// The EAP methods offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// PEAPv0 with inner EAP-MSCHAPv2.
    Peap,
    /// EAP-TTLS with inner PAP or MS-CHAPv2.
    Ttls,
    /// EAP-MSCHAPv2 outside any tunnel.
    MsChapV2,
}

impl Method {
    /// The EAP type number.
    pub fn typ(self) -> u8 {
        match self {
            Method::Peap => packet::typ::PEAP,
            Method::Ttls => packet::typ::TTLS,
            Method::MsChapV2 => packet::typ::MSCHAPV2,
        }
    }

    /// The method of an EAP type number we offer.
    pub fn from_typ(t: u8) -> Option<Method> {
        match t {
            packet::typ::PEAP => Some(Method::Peap),
            packet::typ::TTLS => Some(Method::Ttls),
            packet::typ::MSCHAPV2 => Some(Method::MsChapV2),
            _ => None,
        }
    }

    /// Its name in configuration and logs.
    pub fn name(self) -> &'static str {
        match self {
            Method::Peap => "peap",
            Method::Ttls => "ttls",
            Method::MsChapV2 => "mschapv2",
        }
    }

    /// The method named so in configuration.
    pub fn parse(name: &str) -> Option<Method> {
        [Method::Peap, Method::Ttls, Method::MsChapV2]
            .into_iter()
            .find(|m| m.name() == name)
    }
}

/// What the conversations need from `[eap]`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Offered first.
    pub default_method: Method,
    /// Accepted when a peer's Nak asks for them.
    pub methods: Vec<Method>,
    /// TLS octets per EAP request.
    pub fragment_size: usize,
}

/// The EAP side of the server: the TLS configuration, the session store for resumption,
/// and the conversations between rounds.
pub struct Server {
    /// `None` when no certificate is configured: PEAP and TTLS are then refused.
    pub tls: Option<Arc<ServerConfig>>,
    /// TLS sessions for resumption, each bound to its inner user.
    pub sessions: Arc<Sessions>,
    /// Conversations between rounds.
    pub table: Table,
    /// Methods and fragment size.
    pub settings: Settings,
    /// What was dropped unanswered.
    pub drops: Drops,
}

/// EAP requests dropped unanswered, by cause (RFC 2865 §3: silently, but counted).
#[derive(Debug, Default)]
pub struct Drops {
    /// A State that names no conversation (timed out, finished, or forged).
    pub unknown_state: AtomicU64,
    /// A response to a request that is not the conversation's latest.
    pub stale: AtomicU64,
    /// The conversation table was full.
    pub table_full: AtomicU64,
}

impl Drops {
    /// `name=count` pairs for the shutdown line.
    pub fn summary(&self) -> String {
        let g = |a: &AtomicU64| a.load(Ordering::Relaxed);
        format!(
            "eap_unknown_state={} eap_stale={} eap_table_full={}",
            g(&self.unknown_state),
            g(&self.stale),
            g(&self.table_full)
        )
    }
}

impl Server {
    /// A server with this TLS configuration (see [`tls_config`]) and these limits.
    pub fn new(
        tls: Option<Arc<ServerConfig>>,
        sessions: Arc<Sessions>,
        settings: Settings,
        max_conversations: usize,
        timeout: Duration,
    ) -> Server {
        Server {
            tls,
            sessions,
            table: Table::new(max_conversations, timeout),
            settings,
            drops: Drops::default(),
        }
    }
}

/// rustls over ring, as for RadSec (`radsec::crypto_provider`, whose comment says why ring
/// despite its deprecation); not shared from there so that `eap` depends on no transport.
#[allow(deprecated)]
pub(crate) fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The tunnels' TLS configuration: TLS 1.2 only (PEAPv0 and TTLS key derivation and the
/// supplicants in the field are TLS 1.2; see docs/architecture.md "EAP"), the server's
/// chain and key from PEM files, and resumption through `sessions`.
pub fn tls_config(
    certificate: &Path,
    private_key: &Path,
    sessions: Arc<Sessions>,
) -> anyhow::Result<Arc<ServerConfig>> {
    let chain = CertificateDer::pem_file_iter(certificate)
        .with_context(|| format!("cannot read {}", certificate.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("{}: not PEM certificates", certificate.display()))?;
    if chain.is_empty() {
        bail!("{}: no certificate in it", certificate.display());
    }
    let key = PrivateKeyDer::from_pem_file(private_key)
        .with_context(|| format!("cannot read the EAP private key {}", private_key.display()))?;
    let mut config = ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS12])
        .context("TLS versions")?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("the EAP certificate and private key do not belong together")?;
    config.session_storage = sessions;
    Ok(Arc::new(config))
}
