//! The RadSec accept loop. Every connection takes a slot of `max_connections` (none free:
//! closed at once) and has `handshake_timeout_secs` to finish its handshake. The ClientHello
//! is awaited without a turn; only then does the connection wait for one of
//! `max_handshakes` turns for the work that costs CPU (key exchange, signatures, the
//! client certificate). So a flood of half-open connections holds slots and memory that are
//! bounded and expire, never the runtime's threads that UDP and established connections
//! need.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_rustls::LazyConfigAcceptor;

use super::Shared;
use super::connection;
use super::stats::Stats;

/// Binds one TCP listener (IPv6 sockets v6-only, so both families can listen on 2083).
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let domain = if addr.is_ipv6() {
        Domain::IPV6
    } else {
        Domain::IPV4
    };
    let socket = Socket::new(domain, Type::STREAM, Some(Protocol::TCP))?;
    if addr.is_ipv6() {
        socket.set_only_v6(true)?;
    }
    socket.set_reuse_address(true)?;
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    TcpListener::from_std(socket.into())
}

/// Accepts until shutdown.
pub async fn run(listener: TcpListener, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let (stream, peer) = tokio::select! {
            _ = shutdown.changed() => break,
            r = listener.accept() => match r {
                Ok(v) => v,
                Err(e) => {
                    // Out of file descriptors, mostly: pause rather than spin.
                    tracing::warn!(error = %e, "RadSec accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        Stats::inc(&shared.stats.accepted);
        let Ok(slot) = shared.slots.clone().try_acquire_owned() else {
            Stats::inc(&shared.stats.over_connection_limit);
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            if let Some(tls) = handshake(stream, &shared).await {
                connection::serve(tls, peer, &shared, shutdown).await;
            }
            drop(slot);
        });
    }
}

/// The TLS handshake within its timeout, the CPU part in a turn of its own.
async fn handshake(
    stream: TcpStream,
    shared: &Shared,
) -> Option<tokio_rustls::server::TlsStream<TcpStream>> {
    let settings = &shared.settings;
    let work = async {
        let start = LazyConfigAcceptor::new(rustls::server::Acceptor::default(), stream)
            .await
            .ok()?;
        let _turn = shared.handshakes.acquire().await.ok()?;
        start.into_stream(shared.tls.clone()).await.ok()
    };
    match tokio::time::timeout(settings.handshake_timeout, work).await {
        Ok(Some(tls)) => Some(tls),
        Ok(None) => {
            Stats::inc(&shared.stats.handshake_failed);
            None
        }
        Err(_) => {
            Stats::inc(&shared.stats.handshake_timeout);
            None
        }
    }
}
