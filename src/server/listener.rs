//! UDP listeners: bind (IPv4 and IPv6 side by side), receive, and hand each datagram to a
//! task, bounded by an in-flight limit so a flood cannot grow memory without end.

use std::net::SocketAddr;
use std::sync::Arc;

use socket2::{Domain, Protocol, Socket, Type};
use tokio::net::UdpSocket;
use tokio::sync::{Semaphore, watch};

use super::counters::Counters;
use super::dispatch::{Context, Inline, handle_datagram, handle_inline};
use crate::protocol::MAX_PACKET_LEN;

/// Which port a datagram arrived on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortKind {
    Auth,
    Acct,
}

impl PortKind {
    /// For logs.
    pub fn as_str(self) -> &'static str {
        match self {
            PortKind::Auth => "auth",
            PortKind::Acct => "acct",
        }
    }
}

/// Binds one UDP socket. IPv6 sockets are v6-only so `0.0.0.0:1812` and `[::]:1812` can
/// both be bound, and the receive buffer is enlarged for bursts of logins.
pub fn bind(addr: SocketAddr) -> std::io::Result<UdpSocket> {
    let domain = if addr.is_ipv6() {
        Domain::IPV6
    } else {
        Domain::IPV4
    };
    let socket = Socket::new(domain, Type::DGRAM, Some(Protocol::UDP))?;
    if addr.is_ipv6() {
        socket.set_only_v6(true)?;
    }
    let _ = socket.set_recv_buffer_size(4 << 20);
    let _ = socket.set_send_buffer_size(4 << 20);
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    UdpSocket::from_std(socket.into())
}

/// Receives until shutdown is signalled, answering in place what needs no await and
/// spawning one task per datagram that does. Several of these may share one socket.
pub async fn run(
    socket: Arc<UdpSocket>,
    kind: PortKind,
    ctx: Arc<Context>,
    in_flight: Arc<Semaphore>,
    mut shutdown: watch::Receiver<bool>,
) {
    // One octet more than the largest packet, so an oversized datagram is seen as such.
    let mut buf = vec![0u8; MAX_PACKET_LEN + 1];
    loop {
        let (len, source) = tokio::select! {
            _ = shutdown.changed() => break,
            r = socket.recv_from(&mut buf) => match r {
                Ok(v) => v,
                Err(e) => {
                    // ICMP errors from earlier sends surface here on some systems; keep going.
                    tracing::debug!(error = %e, "recv_from failed");
                    continue;
                }
            },
        };
        Counters::inc(&ctx.counters.received);
        let Ok(permit) = in_flight.clone().try_acquire_owned() else {
            Counters::inc(&ctx.counters.overloaded);
            continue;
        };
        let claimed = match handle_inline(&ctx, kind, &buf[..len], source) {
            Inline::Done(reply) => {
                if let Some(reply) = reply {
                    send(&socket, &reply, source).await;
                }
                drop(permit);
                continue;
            }
            Inline::Spawn(claimed) => claimed,
        };
        let datagram = buf[..len].to_vec();
        let socket = socket.clone();
        let ctx = ctx.clone();
        tokio::spawn(async move {
            if let Some(reply) = handle_datagram(&ctx, kind, &datagram, source, claimed).await {
                send(&socket, &reply, source).await;
            }
            drop(permit);
        });
    }
}

async fn send(socket: &UdpSocket, reply: &[u8], to: SocketAddr) {
    if let Err(e) = socket.send_to(reply, to).await {
        tracing::debug!(error = %e, %to, "send_to failed");
    }
}
