//! The city CA: one directory holding the CA's certificate and key, the RadSec listener's
//! own certificate, and the certificates issued to routers. Made by `radkota ca init`,
//! used by `radkota nas cert` (rcgen; ECDSA P-256, which RouterOS 7 imports) and read by
//! the RadSec listener. Pure file and certificate work: nothing here touches the database.

pub mod bundle;
mod files;
pub mod inspect;

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, SerialNumber,
};
use time::OffsetDateTime;

/// Days a router or server certificate is valid unless told otherwise (five years: a
/// router is touched rarely, and revocation, not expiry, is how one is shut out).
pub const DEFAULT_DAYS: u32 = 1826;
/// Days an HTTPS listener's certificate is valid unless told otherwise: 397, the longest
/// that browsers accept for a server certificate.
pub const HTTPS_DAYS: u32 = 397;
/// Days the CA itself is valid.
const CA_DAYS: i64 = 7305;

/// A CA problem, phrased for the operator.
#[derive(Debug, thiserror::Error)]
pub enum CaError {
    #[error("{path}: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error("{0} already exists; the CA is not made twice (remove the directory to start over)")]
    Exists(PathBuf),
    #[error("no CA in {0}: run `radkota ca init` first")]
    Missing(PathBuf),
    #[error("{path} is readable by group or others (mode {mode:04o}); run `chmod 600` on it")]
    Readable { path: PathBuf, mode: u32 },
    #[error("certificate: {0}")]
    Certificate(String),
}

impl CaError {
    fn io(path: &Path, e: std::io::Error) -> CaError {
        CaError::Io {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }
    }
}

impl From<rcgen::Error> for CaError {
    fn from(e: rcgen::Error) -> CaError {
        CaError::Certificate(e.to_string())
    }
}

/// The files of a CA directory.
#[derive(Debug, Clone)]
pub struct CaPaths {
    pub dir: PathBuf,
}

impl CaPaths {
    /// The CA in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> CaPaths {
        CaPaths { dir: dir.into() }
    }
    /// The CA certificate (what routers and the listener trust).
    pub fn ca_cert(&self) -> PathBuf {
        self.dir.join("ca.crt")
    }
    /// The CA's private key (0600).
    pub fn ca_key(&self) -> PathBuf {
        self.dir.join("ca.key")
    }
    /// The RadSec listener's certificate.
    pub fn server_cert(&self) -> PathBuf {
        self.dir.join("server.crt")
    }
    /// The RadSec listener's private key (0600).
    pub fn server_key(&self) -> PathBuf {
        self.dir.join("server.key")
    }
    /// An HTTPS listener's certificate (`radkota ca server-cert`), by default.
    pub fn https_cert(&self) -> PathBuf {
        self.dir.join("https.crt")
    }
    /// Its private key (0600).
    pub fn https_key(&self) -> PathBuf {
        self.dir.join("https.key")
    }
    /// Where router certificates go by default.
    pub fn nas_dir(&self) -> PathBuf {
        self.dir.join("nas")
    }
}

/// A certificate and key just made.
#[derive(Debug, Clone)]
pub struct Issued {
    pub cert_pem: String,
    pub cert_der: Vec<u8>,
    /// PKCS#8 PEM.
    pub key_pem: String,
    /// PKCS#8 DER.
    pub key_der: Vec<u8>,
    /// Serial number, hex.
    pub serial: String,
    /// SHA-256 of the DER, lower-case hex.
    pub fingerprint: String,
    /// Epoch seconds.
    pub not_after: i64,
}

/// A loaded CA, able to sign.
pub struct Ca {
    pub cert_pem: String,
    pub cert_der: Vec<u8>,
    key: KeyPair,
    issuer: rcgen::Certificate,
}

impl std::fmt::Debug for Ca {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ca").finish_non_exhaustive()
    }
}

/// Creates the CA in `paths.dir` named `name`, and the RadSec listener's certificate for
/// `server_names` (host names or IP addresses routers connect to).
pub fn init(paths: &CaPaths, name: &str, server_names: &[String]) -> Result<Ca, CaError> {
    if paths.ca_key().exists() || paths.ca_cert().exists() {
        return Err(CaError::Exists(paths.ca_cert()));
    }
    files::private_dir(&paths.dir)?;
    let key = KeyPair::generate()?;
    let now = OffsetDateTime::now_utc();
    let params = ca_params(name, now, now + time::Duration::days(CA_DAYS));
    let issuer = params.self_signed(&key)?;
    files::write_new(
        &paths.ca_key(),
        key.serialize_pem().as_bytes(),
        0o600,
        false,
    )?;
    files::write_new(&paths.ca_cert(), issuer.pem().as_bytes(), 0o644, false)?;
    let ca = Ca {
        cert_pem: issuer.pem(),
        cert_der: issuer.der().to_vec(),
        key,
        issuer,
    };
    let server = ca.issue_server(server_names, DEFAULT_DAYS)?;
    files::write_new(&paths.server_key(), server.key_pem.as_bytes(), 0o600, false)?;
    files::write_new(
        &paths.server_cert(),
        server.cert_pem.as_bytes(),
        0o644,
        false,
    )?;
    Ok(ca)
}

/// Loads the CA in `paths.dir`.
pub fn load(paths: &CaPaths) -> Result<Ca, CaError> {
    if !paths.ca_key().exists() {
        return Err(CaError::Missing(paths.dir.clone()));
    }
    files::check_private(&paths.ca_key())?;
    let key = KeyPair::from_pem(&files::read_text(&paths.ca_key())?)?;
    let cert_pem = files::read_text(&paths.ca_cert())?;
    let cert_der = inspect::first_pem_der(&cert_pem).ok_or_else(|| {
        CaError::Certificate(format!("{}: no certificate", paths.ca_cert().display()))
    })?;
    let name = inspect::common_name(&cert_der)
        .ok_or_else(|| CaError::Certificate("the CA certificate has no common name".into()))?;
    // rcgen signs with a certificate object; one rebuilt from the same name and key gives
    // the same issuer name and key identifier as the stored CA certificate.
    let now = OffsetDateTime::now_utc();
    let issuer = ca_params(&name, now, now + time::Duration::days(1)).self_signed(&key)?;
    Ok(Ca {
        cert_pem,
        cert_der,
        key,
        issuer,
    })
}

fn ca_params(
    name: &str,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, DnValue::Utf8String(name.to_string()));
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.not_before = not_before;
    params.not_after = not_after;
    params
}

impl Ca {
    /// Issues a router's client certificate: subject CN = the NAS name, which is how the
    /// RadSec listener knows the router, valid for `days`.
    pub fn issue_nas(&self, nas_name: &str, days: u32) -> Result<Issued, CaError> {
        let now = OffsetDateTime::now_utc();
        self.issue_nas_between(nas_name, now, now + time::Duration::days(i64::from(days)))
    }

    /// As [`Ca::issue_nas`] with explicit validity (tests make expired certificates).
    pub fn issue_nas_between(
        &self,
        nas_name: &str,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<Issued, CaError> {
        let mut params = leaf_params(nas_name, not_before, not_after);
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        self.sign(params)
    }

    /// Issues a server certificate (TLS server authentication) for host names and IP
    /// addresses `names`, the first also its common name, valid for `days`.
    pub fn issue_server(&self, names: &[String], days: u32) -> Result<Issued, CaError> {
        let first = names.first().map_or("radkota", String::as_str);
        let now = OffsetDateTime::now_utc();
        let mut params = leaf_params(first, now, now + time::Duration::days(i64::from(days)));
        params.subject_alt_names = names
            .iter()
            .map(|n| match n.parse::<IpAddr>() {
                Ok(ip) => Ok(rcgen::SanType::IpAddress(ip)),
                Err(_) => n
                    .clone()
                    .try_into()
                    .map(rcgen::SanType::DnsName)
                    .map_err(|_| {
                        CaError::Certificate(format!("'{n}' is not a host name or IP address"))
                    }),
            })
            .collect::<Result<_, _>>()?;
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        self.sign(params)
    }

    fn sign(&self, mut params: CertificateParams) -> Result<Issued, CaError> {
        let mut serial = [0u8; 16];
        rand::Rng::fill(&mut rand::thread_rng(), &mut serial[..]);
        serial[0] &= 0x7f; // a positive INTEGER
        params.serial_number = Some(SerialNumber::from_slice(&serial));
        let not_after = params.not_after.unix_timestamp();
        let key = KeyPair::generate()?;
        let cert = params.signed_by(&key, &self.issuer, &self.key)?;
        let cert_der = cert.der().to_vec();
        Ok(Issued {
            cert_pem: cert.pem(),
            fingerprint: inspect::fingerprint(&cert_der),
            cert_der,
            key_pem: key.serialize_pem(),
            key_der: key.serialize_der(),
            serial: hex::encode(serial),
            not_after,
        })
    }
}

fn leaf_params(
    cn: &str,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, DnValue::Utf8String(cn.to_string()));
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.use_authority_key_identifier_extension = true;
    params.not_before = not_before;
    params.not_after = not_after;
    params
}

/// Writes (or replaces) a server certificate and its key: the key first, each through a
/// temporary file and a rename, so a listener that reloads on change never reads half a
/// file (at worst a new key with the old certificate, which it refuses until the
/// certificate follows).
pub fn write_server_pair(cert: &Path, key: &Path, issued: &Issued) -> Result<(), CaError> {
    for p in [cert, key] {
        if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
            files::private_dir(dir)?;
        }
    }
    files::write_new(key, issued.key_pem.as_bytes(), 0o600, true)?;
    files::write_new(cert, issued.cert_pem.as_bytes(), 0o644, true)
}

/// Writes a router's certificate, key and PKCS#12 bundle (with its passphrase beside it)
/// into `dir` as `NAME.crt`, `NAME.key`, `NAME.p12`, `NAME.p12.pass`; returns the paths.
pub fn write_nas_files(
    dir: &Path,
    nas_name: &str,
    issued: &Issued,
    ca: &Ca,
) -> Result<Vec<PathBuf>, CaError> {
    files::private_dir(dir)?;
    let passphrase = bundle::passphrase();
    let p12 = bundle::pkcs12(nas_name, issued, &ca.cert_der, &passphrase)?;
    let mut written = Vec::new();
    for (ext, bytes, mode) in [
        ("crt", issued.cert_pem.as_bytes(), 0o644),
        ("key", issued.key_pem.as_bytes(), 0o600),
        ("p12", p12.as_slice(), 0o600),
        ("p12.pass", passphrase.as_bytes(), 0o600),
    ] {
        let path = dir.join(format!("{nas_name}.{ext}"));
        files::write_new(&path, bytes, mode, true)?;
        written.push(path);
    }
    Ok(written)
}

/// The PKCS#12 passphrase written for `nas_name` in `dir`, if any.
pub fn read_passphrase(dir: &Path, nas_name: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(format!("{nas_name}.p12.pass")))
        .ok()
        .map(|s| s.trim().to_string())
}
