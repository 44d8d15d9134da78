//! The RadSec listener's TLS configuration (rustls, ring provider): TLS 1.3 and 1.2 with
//! rustls's AEAD suites (ECDHE with AES-GCM or ChaCha20-Poly1305, which RouterOS 7
//! offers), the listener's own certificate, and mutual TLS in which a router's certificate
//! must chain to the client CA *and* belong to a NAS that is enabled and not revoked, so a
//! refused router is told so in the handshake (a TLS alert) rather than by a silent close.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, UnixTime};
use rustls::server::WebPkiClientVerifier;
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{CertificateError, DigitallySignedStruct, DistinguishedName, RootCertStore};
use rustls::{ServerConfig, SignatureScheme};

use super::peers::{Peers, Refusal};
use super::stats::Stats;

/// Builds the server configuration from PEM files.
pub fn server_config(
    certificate: &Path,
    private_key: &Path,
    client_ca: &Path,
    peers: Arc<Peers>,
    stats: Arc<Stats>,
) -> anyhow::Result<Arc<ServerConfig>> {
    let chain = read_certs(certificate)?;
    let key = PrivateKeyDer::from_pem_file(private_key).with_context(|| {
        format!(
            "cannot read the RadSec private key {}",
            private_key.display()
        )
    })?;
    let mut roots = RootCertStore::empty();
    for ca in read_certs(client_ca)? {
        roots
            .add(ca)
            .with_context(|| format!("{}: not a usable CA certificate", client_ca.display()))?;
    }
    let provider = crate::radsec::crypto_provider();
    let inner = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .context("cannot build the client certificate verifier")?;
    let verifier = Arc::new(PeerVerifier {
        inner,
        peers,
        stats,
    });
    let config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .context("TLS versions")?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .context("the RadSec certificate and private key do not belong together")?;
    Ok(Arc::new(config))
}

fn read_certs(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_file_iter(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("{}: not PEM certificates", path.display()))?;
    if certs.is_empty() {
        bail!("{}: no certificate in it", path.display());
    }
    Ok(certs)
}

/// webpki's chain and validity checks, then the peer table's: the NAS named by the
/// certificate exists, is enabled, and this certificate of it is not revoked.
#[derive(Debug)]
struct PeerVerifier {
    inner: Arc<dyn ClientCertVerifier>,
    peers: Arc<Peers>,
    stats: Arc<Stats>,
}

impl ClientCertVerifier for PeerVerifier {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        true
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.inner.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        if let Err(e) = self
            .inner
            .verify_client_cert(end_entity, intermediates, now)
        {
            self.stats.refused(&format!("{e}"));
            return Err(e);
        }
        match self.peers.identify(end_entity) {
            Ok(_) => Ok(ClientCertVerified::assertion()),
            Err(refusal) => {
                self.stats.refused(&refusal.to_string());
                Err(rustls::Error::InvalidCertificate(match refusal {
                    Refusal::Revoked(_) => CertificateError::Revoked,
                    _ => CertificateError::ApplicationVerificationFailure,
                }))
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}
