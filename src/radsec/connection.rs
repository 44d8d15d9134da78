//! One RadSec connection: RADIUS packets framed by their own Length field over TLS
//! (RFC 6614 §2.5), each handed as a `server::request::Request` to the same handlers as UDP,
//! with the NAS the client certificate named and the secret "radsec". The port a request
//! "arrived on" follows its code (one connection carries authentication, accounting and
//! Status-Server). Duplicates are per connection because the duplicate cache is keyed by
//! the peer's address and port. Replies go out in the order they are ready, through one
//! writer task. The connection closes on idleness, a framing error, shutdown, or when a
//! reload of the peer table no longer accepts its certificate (a revocation).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::io::{AsyncReadExt, AsyncWriteExt, ReadHalf, WriteHalf};
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio_rustls::server::TlsStream;

use super::Shared;
use super::stats::Stats;
use crate::protocol::{Code, MAX_PACKET_LEN, MIN_PACKET_LEN, Packet};
use crate::server::counters::Counters;
use crate::server::handle::{self, Step};
use crate::server::registry::Nas;
use crate::server::request::{PortKind, Request};

type Stream = TlsStream<TcpStream>;

/// Why the read loop ended.
enum End {
    Closed,
    Idle,
    Framing,
    PeerChanged,
    Shutdown,
}

/// Serves one established connection until it ends.
pub async fn serve(
    tls: Stream,
    peer: SocketAddr,
    shared: &Shared,
    shutdown: watch::Receiver<bool>,
) {
    let Some(cert) = tls
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|c| c.first())
        .map(|c| c.to_vec())
    else {
        return;
    };
    // Checked again after the handshake: a resumed TLS session skips the certificate
    // verifier, and the table may have changed since the session was made.
    let nas = match shared.peers.identify(&cert) {
        Ok(nas) => nas,
        Err(refusal) => {
            shared.stats.refused(&refusal.to_string());
            return;
        }
    };
    Stats::inc(&shared.stats.established);
    shared.stats.open.fetch_add(1, Ordering::Relaxed);
    tracing::debug!(nas = %nas.name, %peer, "RadSec connection established");
    let (reader, writer) = tokio::io::split(tls);
    let (replies, queue) = mpsc::channel(shared.settings.max_in_flight_per_connection);
    let writer = tokio::spawn(write_replies(writer, queue));
    let end = read_requests(reader, peer, nas.clone(), &cert, shared, replies, shutdown).await;
    let counter = match end {
        End::Idle => Some(&shared.stats.closed_idle),
        End::Framing => Some(&shared.stats.closed_bad_framing),
        End::PeerChanged => Some(&shared.stats.closed_peer_changed),
        End::Closed | End::Shutdown => None,
    };
    if let Some(c) = counter {
        Stats::inc(c);
    }
    if matches!(end, End::PeerChanged) {
        tracing::info!(nas = %nas.name, %peer, "RadSec connection closed: its certificate is no longer accepted");
    }
    // The writer ends once every task holding a sender has sent its reply, or at once
    // when the peer is no longer trusted.
    if matches!(end, End::PeerChanged | End::Framing) {
        writer.abort();
    } else {
        let _ = writer.await;
    }
    shared.stats.open.fetch_sub(1, Ordering::Relaxed);
}

async fn read_requests(
    mut reader: ReadHalf<Stream>,
    peer: SocketAddr,
    mut nas: Arc<Nas>,
    cert: &[u8],
    shared: &Shared,
    replies: mpsc::Sender<Vec<u8>>,
    mut shutdown: watch::Receiver<bool>,
) -> End {
    let mut changes = shared.peers.subscribe();
    let _ = changes.borrow_and_update();
    let per_connection = Arc::new(Semaphore::new(shared.settings.max_in_flight_per_connection));
    let mut buf: Vec<u8> = Vec::with_capacity(MAX_PACKET_LEN * 2);
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        // `read` is cancel-safe, so a peer-table change mid-packet loses nothing.
        let read = tokio::select! {
            _ = shutdown.changed() => return End::Shutdown,
            r = changes.changed() => {
                if r.is_err() {
                    return End::Shutdown;
                }
                match shared.peers.identify(cert) {
                    Ok(now) if now.id == nas.id => { nas = now; continue; }
                    _ => return End::PeerChanged,
                }
            }
            r = tokio::time::timeout(shared.settings.idle_timeout, reader.read(&mut chunk)) => r,
        };
        let n = match read {
            Err(_) => return End::Idle,
            Ok(Err(_)) | Ok(Ok(0)) => return End::Closed,
            Ok(Ok(n)) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        while let Some(len) = frame_len(&buf) {
            let Ok(len) = len else { return End::Framing };
            if buf.len() < len {
                break;
            }
            let packet: Vec<u8> = buf.drain(..len).collect();
            let Ok(permit) = per_connection.clone().acquire_owned().await else {
                return End::Shutdown;
            };
            dispatch(shared, peer, &nas, packet, permit, &replies).await;
        }
    }
}

/// The length of the packet at the start of `buf`: `None` until its header is in,
/// `Err` when the Length field is impossible (the stream cannot be resynchronised).
fn frame_len(buf: &[u8]) -> Option<Result<usize, ()>> {
    let header = buf.get(2..4)?;
    let len = usize::from(u16::from_be_bytes([header[0], header[1]]));
    Some(if (MIN_PACKET_LEN..=MAX_PACKET_LEN).contains(&len) {
        Ok(len)
    } else {
        Err(())
    })
}

/// Hands one packet to the handlers; a reply that needs an await is sent by its own task.
async fn dispatch(
    shared: &Shared,
    peer: SocketAddr,
    nas: &Arc<Nas>,
    bytes: Vec<u8>,
    permit: tokio::sync::OwnedSemaphorePermit,
    replies: &mpsc::Sender<Vec<u8>>,
) {
    let ctx = &shared.ctx;
    Counters::inc(&ctx.counters.received);
    // The same in-flight bound as UDP: RadSec cannot take the whole server.
    let Ok(global) = shared.in_flight.clone().try_acquire_owned() else {
        Counters::inc(&ctx.counters.overloaded);
        return;
    };
    let packet = match Packet::decode(&bytes) {
        Ok(p) => p,
        Err(e) => {
            Counters::inc(&ctx.counters.malformed);
            tracing::trace!(nas = %nas.name, error = %e, "malformed RadSec packet dropped");
            return;
        }
    };
    let port = match packet.code {
        Code::AccountingRequest => PortKind::Acct,
        _ => PortKind::Auth,
    };
    let req = Request {
        port,
        source: peer,
        nas: nas.clone(),
        packet,
    };
    match handle::now(ctx, req) {
        Step::Reply(reply) => {
            if let Some(reply) = reply {
                let _ = replies.send(reply).await;
            }
        }
        Step::Later(later) => {
            let ctx = ctx.clone();
            let replies = replies.clone();
            tokio::spawn(async move {
                if let Some(reply) = handle::later(&ctx, later).await {
                    let _ = replies.send(reply).await;
                }
                drop((permit, global));
            });
        }
    }
}

/// Writes replies as they come, flushing when none is waiting.
async fn write_replies(mut writer: WriteHalf<Stream>, mut queue: mpsc::Receiver<Vec<u8>>) {
    while let Some(reply) = queue.recv().await {
        if writer.write_all(&reply).await.is_err() {
            return;
        }
        if queue.is_empty() && writer.flush().await.is_err() {
            return;
        }
    }
    let _ = writer.shutdown().await;
}
