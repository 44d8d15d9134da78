//! A RadSec client for the tests: a server started with `[radsec]` on, its city CA made
//! with the CLI, router certificates, and TLS connections (tokio-rustls, ring) that send
//! RADIUS packets framed by their Length field and read the replies back.

#![allow(dead_code)]

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::common::{Db, Server};

/// The `[radsec]` section the tests use (`extra` adds keys to it).
pub fn section(extra: &str) -> String {
    format!("[radsec]\nenabled = true\nlisten = [\"127.0.0.1:0\"]\n{extra}\n")
}

/// A provisioned server with the CA made and RadSec on, not started yet.
pub fn prepare(db: Db, radsec_extra: &str) -> Server {
    let s = Server::prepare_with(db, &section(radsec_extra));
    s.provision();
    s.cli(&["ca", "init", "--server-name", "127.0.0.1"]);
    s
}

/// The CA directory beside the key file.
pub fn ca_dir(s: &Server) -> PathBuf {
    s.dir().join("radkota-ca")
}

/// The RadSec address the server said it listens on.
pub fn radsec_addr(s: &Server) -> SocketAddr {
    *s.listening("radsec")
        .first()
        .expect("radsec listening line")
}

/// Adds NAS `name` at `address` (UDP identity; RadSec ignores it) and issues its certificate.
pub fn add_router(s: &Server, name: &str, address: &str) -> (PathBuf, PathBuf) {
    s.cli(&[
        "nas",
        "add",
        name,
        "--address",
        address,
        "--secret",
        "udp-secret-1",
    ]);
    s.cli(&["nas", "cert", name]);
    let dir = ca_dir(s).join("nas");
    (
        dir.join(format!("{name}.crt")),
        dir.join(format!("{name}.key")),
    )
}

/// A client configuration trusting the server's CA and presenting `cert`/`key`.
pub fn client_config(ca: &Path, cert: &Path, key: &Path) -> Arc<rustls::ClientConfig> {
    client_config_pem(
        &std::fs::read(ca).expect("ca"),
        &std::fs::read(cert).expect("cert"),
        &std::fs::read(key).expect("key"),
    )
}

/// As `client_config`, from PEM bytes.
pub fn client_config_pem(ca: &[u8], cert: &[u8], key: &[u8]) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(ca) {
        roots.add(c.expect("ca pem")).expect("ca cert");
    }
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert)
        .map(|c| c.expect("cert pem"))
        .collect();
    let key = PrivateKeyDer::from_pem_slice(key).expect("key pem");
    let provider = radkota::radsec::crypto_provider();
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_client_auth_cert(chain, key)
        .expect("client cert");
    Arc::new(config)
}

/// Connects from `local` (an address on loopback, e.g. 127.0.0.2) and completes the
/// handshake. In TLS 1.3 a refused client certificate shows on the first read, not here.
pub async fn connect(
    server: SocketAddr,
    config: Arc<rustls::ClientConfig>,
    local: Option<IpAddr>,
) -> std::io::Result<TlsStream<TcpStream>> {
    let socket = TcpSocket::new_v4()?;
    if let Some(ip) = local {
        socket.bind(SocketAddr::new(ip, 0))?;
    }
    let tcp = socket.connect(server).await?;
    let name = ServerName::IpAddress(server.ip().into());
    TlsConnector::from(config).connect(name, tcp).await
}

/// Sends one packet and reads one reply (`Err` on close or a read error).
pub async fn exchange(
    stream: &mut TlsStream<TcpStream>,
    packet: &[u8],
) -> std::io::Result<Vec<u8>> {
    stream.write_all(packet).await?;
    stream.flush().await?;
    read_packet(stream).await
}

/// Reads one RADIUS packet from the stream.
pub async fn read_packet(stream: &mut TlsStream<TcpStream>) -> std::io::Result<Vec<u8>> {
    let mut header = [0u8; 4];
    stream.read_exact(&mut header).await?;
    let len = usize::from(u16::from_be_bytes([header[2], header[3]]));
    if len < 20 {
        return Err(std::io::Error::other("short packet"));
    }
    let mut packet = header.to_vec();
    packet.resize(len, 0);
    stream.read_exact(&mut packet[4..]).await?;
    Ok(packet)
}

/// A Status-Server with its Message-Authenticator, signed with "radsec".
pub fn status_server(id: u8) -> Vec<u8> {
    use radkota::protocol::{Code, PacketBuilder};
    let auth: [u8; 16] = rand::random();
    PacketBuilder::new(Code::StatusServer, id)
        .finish_request(&auth, b"radsec", true)
        .expect("status-server")
}
