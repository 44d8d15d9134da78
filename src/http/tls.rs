//! TLS of an HTTP listener (rustls, ring provider): TLS 1.3 and 1.2 only, and a certificate
//! that can be renewed under a running server. The handshake's certificate comes from an
//! `Arc` swapped when the files change (checked every few seconds) or on SIGHUP, so a
//! renewal drops no connection: open ones keep the certificate they began with.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, bail};
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;

/// How often the certificate files are checked for a change.
const POLL: Duration = Duration::from_secs(2);

/// The certificate and key files of a listener, and what was last loaded from them.
#[derive(Debug)]
pub struct CertFiles {
    cert: PathBuf,
    key: PathBuf,
    current: RwLock<Arc<CertifiedKey>>,
    /// The files' modification times and sizes at the last load attempt.
    seen: Mutex<Stamp>,
}

type Stamp = Option<[(SystemTime, u64); 2]>;

impl CertFiles {
    /// Loads `cert` (a PEM chain, leaf first) and `key` (PEM); an error names the file.
    pub fn load(cert: &Path, key: &Path) -> anyhow::Result<CertFiles> {
        let seen = stamp(cert, key);
        let loaded = load_pair(cert, key)?;
        Ok(CertFiles {
            cert: cert.to_path_buf(),
            key: key.to_path_buf(),
            current: RwLock::new(Arc::new(loaded)),
            seen: Mutex::new(seen),
        })
    }

    /// Loads the files again when they changed since the last attempt (or always, when
    /// `force`). A pair that does not load (half written, key not matching) leaves the
    /// certificate in use as it is; returns whether a new one was taken.
    pub fn reload(&self, force: bool) -> bool {
        let now = stamp(&self.cert, &self.key);
        {
            let Ok(mut seen) = self.seen.lock() else {
                return false;
            };
            if !force && *seen == now {
                return false;
            }
            *seen = now;
        }
        match load_pair(&self.cert, &self.key) {
            Ok(loaded) => {
                let serial = loaded
                    .end_entity_cert()
                    .ok()
                    .and_then(|der| serial_of(der.as_ref()))
                    .unwrap_or_default();
                if let Ok(mut current) = self.current.write() {
                    *current = Arc::new(loaded);
                }
                tracing::info!(cert = %self.cert.display(), %serial, "HTTP listener: TLS certificate reloaded");
                true
            }
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "HTTP listener: the renewed TLS certificate does not load; still serving the previous one");
                false
            }
        }
    }

    /// Reloads on change and on SIGHUP, for ever (the listener aborts it when it stops).
    pub async fn watch(self: Arc<Self>) {
        let mut hangup = hangup();
        let mut tick = tokio::time::interval(POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let force = tokio::select! {
                _ = tick.tick() => false,
                _ = recv(&mut hangup) => true,
            };
            let me = self.clone();
            // File reads are blocking I/O: off the runtime's threads.
            let _ = tokio::task::spawn_blocking(move || me.reload(force)).await;
        }
    }
}

impl ResolvesServerCert for CertFiles {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.current.read().ok().map(|c| c.clone())
    }
}

#[cfg(unix)]
fn hangup() -> Option<tokio::signal::unix::Signal> {
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok()
}

#[cfg(unix)]
async fn recv(s: &mut Option<tokio::signal::unix::Signal>) {
    match s {
        Some(s) => {
            if s.recv().await.is_none() {
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending::<()>().await,
    }
}

#[cfg(not(unix))]
fn hangup() -> Option<()> {
    None
}

#[cfg(not(unix))]
async fn recv(_: &mut Option<()>) {
    std::future::pending::<()>().await
}

fn stamp(cert: &Path, key: &Path) -> Stamp {
    let one = |p: &Path| {
        let m = std::fs::metadata(p).ok()?;
        Some((m.modified().ok()?, m.len()))
    };
    Some([one(cert)?, one(key)?])
}

fn load_pair(cert: &Path, key: &Path) -> anyhow::Result<CertifiedKey> {
    let chain = CertificateDer::pem_file_iter(cert)
        .with_context(|| format!("cannot read the TLS certificate {}", cert.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("{}: not PEM certificates", cert.display()))?;
    if chain.is_empty() {
        bail!("{}: no certificate in it", cert.display());
    }
    let der = PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("cannot read the TLS private key {}", key.display()))?;
    let provider = crate::radsec::crypto_provider();
    let signing = provider
        .key_provider
        .load_private_key(der)
        .with_context(|| format!("{}: not a usable private key", key.display()))?;
    let certified = CertifiedKey::new(chain, signing);
    certified.keys_match().with_context(|| {
        format!(
            "{} and {} do not belong together",
            cert.display(),
            key.display()
        )
    })?;
    Ok(certified)
}

fn serial_of(der: &[u8]) -> Option<String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    Some(cert.raw_serial_as_string())
}

/// The listener's TLS configuration: TLS 1.3 and 1.2, HTTP/1.1, no client certificate.
pub fn server_config(files: Arc<CertFiles>) -> anyhow::Result<Arc<ServerConfig>> {
    let mut config = ServerConfig::builder_with_provider(crate::radsec::crypto_provider())
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .context("TLS versions")?
        .with_no_client_auth()
        .with_cert_resolver(files);
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
