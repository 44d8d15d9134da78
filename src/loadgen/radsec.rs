//! `radkota bench --radsec-port`: the same requests as the UDP bench over RadSec (RFC 6614),
//! one TLS connection per simulated NAS with one request outstanding, and a full-handshake
//! mode (`--handshakes`) that connects, completes a TLS handshake without resumption,
//! exchanges one Status-Server and closes, as fast as the server allows.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::{Options, Report, RequestFactory, WorkerStats};
use crate::protocol::crypto::verify_response_authenticator;
use crate::protocol::{Code, Packet, PacketBuilder};

/// The RadSec shared secret.
const SECRET: &[u8] = b"radsec";

/// Where and as whom to connect.
#[derive(Debug, Clone)]
pub struct Target {
    pub server: SocketAddr,
    /// CA certificate(s) the server's certificate chains to.
    pub ca: PathBuf,
    /// The router certificate and key to present.
    pub cert: PathBuf,
    pub key: PathBuf,
}

fn connector(t: &Target) -> anyhow::Result<TlsConnector> {
    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_file_iter(&t.ca).with_context(|| format!("{}", t.ca.display()))? {
        roots.add(c.context("CA certificate")?)?;
    }
    let chain = CertificateDer::pem_file_iter(&t.cert)
        .with_context(|| format!("{}", t.cert.display()))?
        .collect::<Result<Vec<_>, _>>()
        .context("client certificate")?;
    let key =
        PrivateKeyDer::from_pem_file(&t.key).with_context(|| format!("{}", t.key.display()))?;
    let provider = crate::radsec::crypto_provider();
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_client_auth_cert(chain, key)?;
    // Every handshake a full one: what a router that reconnects costs the server.
    config.resumption = rustls::client::Resumption::disabled();
    Ok(TlsConnector::from(Arc::new(config)))
}

async fn connect(c: &TlsConnector, server: SocketAddr) -> std::io::Result<TlsStream<TcpStream>> {
    let tcp = TcpStream::connect(server).await?;
    tcp.set_nodelay(true)?;
    c.connect(ServerName::IpAddress(server.ip().into()), tcp)
        .await
}

async fn exchange(s: &mut TlsStream<TcpStream>, request: &[u8]) -> std::io::Result<Vec<u8>> {
    s.write_all(request).await?;
    s.flush().await?;
    let mut header = [0u8; 4];
    s.read_exact(&mut header).await?;
    let len = usize::from(u16::from_be_bytes([header[2], header[3]])).max(4);
    let mut reply = header.to_vec();
    reply.resize(len, 0);
    s.read_exact(&mut reply[4..]).await?;
    Ok(reply)
}

/// Sends `opts`' load over one RadSec connection per client.
pub async fn run(opts: Options, target: Target) -> anyhow::Result<Report> {
    let mut opts = opts;
    opts.secret = SECRET.to_vec();
    let connector = connector(&target)?;
    let factory = Arc::new(RequestFactory::new(&opts));
    let next = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + opts.duration;
    let mut tasks = Vec::with_capacity(opts.clients);
    for worker in 0..opts.clients {
        let stream = connect(&connector, target.server)
            .await
            .with_context(|| format!("RadSec connection {worker}"))?;
        let (factory, next, total) = (factory.clone(), next.clone(), opts.requests);
        let timeout = opts.timeout;
        tasks.push(tokio::spawn(async move {
            let mut stream = stream;
            let mut stats = WorkerStats::default();
            let per_unit = factory.requests_per_unit();
            let mut id = (worker % 256) as u8;
            while Instant::now() < deadline {
                let first = next.fetch_add(per_unit, Ordering::Relaxed);
                if first >= total {
                    break;
                }
                for step in 0..per_unit {
                    id = id.wrapping_add(1);
                    let (request, _, expect) = factory.build(first / per_unit, step, id);
                    let sent_at = Instant::now();
                    stats.sent += 1;
                    let Ok(Ok(reply)) =
                        tokio::time::timeout(timeout, exchange(&mut stream, &request)).await
                    else {
                        stats.timeouts += 1;
                        return stats;
                    };
                    stats
                        .latencies_us
                        .push(sent_at.elapsed().as_micros().min(u32::MAX as u128) as u32);
                    tally(&request, &reply, expect, &mut stats);
                }
            }
            stats
        }));
    }
    let mut stats = Vec::with_capacity(tasks.len());
    for t in tasks {
        stats.push(t.await?);
    }
    Ok(Report::from_workers(stats, start.elapsed()))
}

fn tally(request: &[u8], reply: &[u8], expect: Code, stats: &mut WorkerStats) {
    let authenticator: [u8; 16] = request
        .get(4..20)
        .and_then(|a| a.try_into().ok())
        .unwrap_or([0; 16]);
    if !verify_response_authenticator(reply, &authenticator, SECRET) {
        stats.bad_replies += 1;
        return;
    }
    match Packet::decode(reply).map(|p| p.code) {
        Ok(code) if code == expect => stats.ok += 1,
        Ok(Code::AccessReject) => stats.rejects += 1,
        _ => stats.unexpected += 1,
    }
}

/// Full handshakes (each followed by one Status-Server) by `clients` loops for `duration`.
pub async fn handshakes(
    target: Target,
    clients: usize,
    duration: Duration,
) -> anyhow::Result<Report> {
    let connector = connector(&target)?;
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..clients {
        let (connector, stop, server) = (connector.clone(), stop.clone(), target.server);
        tasks.push(tokio::spawn(async move {
            let mut stats = WorkerStats::default();
            let mut id = (worker % 256) as u8;
            while !stop.load(Ordering::Relaxed) && start.elapsed() < duration {
                id = id.wrapping_add(1);
                let auth: [u8; 16] = rand::random();
                let Ok(request) =
                    PacketBuilder::new(Code::StatusServer, id).finish_request(&auth, SECRET, true)
                else {
                    break;
                };
                let sent_at = Instant::now();
                stats.sent += 1;
                let attempt = async {
                    let mut s = connect(&connector, server).await?;
                    let reply = exchange(&mut s, &request).await?;
                    let _ = s.shutdown().await;
                    std::io::Result::Ok(reply)
                };
                match tokio::time::timeout(Duration::from_secs(5), attempt).await {
                    Ok(Ok(reply)) => {
                        stats
                            .latencies_us
                            .push(sent_at.elapsed().as_micros().min(u32::MAX as u128) as u32);
                        tally(&request, &reply, Code::AccessAccept, &mut stats);
                    }
                    _ => stats.timeouts += 1,
                }
            }
            stats
        }));
    }
    let mut stats = Vec::new();
    for t in tasks {
        stats.push(t.await?);
    }
    stop.store(true, Ordering::Relaxed);
    Ok(Report::from_workers(stats, start.elapsed()))
}
