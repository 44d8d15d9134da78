//! The UDP transport: bind (IPv4 and IPv6 side by side), receive, build each datagram's
//! request once and hand it to the handlers, answering on the loop what needs no await and
//! spawning a task for the rest, bounded by an in-flight limit so a flood cannot grow memory
//! without end.

use std::net::SocketAddr;
use std::sync::Arc;

use socket2::{Domain, Protocol, Socket, Type};
use tokio::net::UdpSocket;
use tokio::sync::{Semaphore, watch};

use super::context::Context;
use super::counters::Counters;
use super::handle::{self, Step};
use super::request::{PortKind, Request};
use crate::metrics::METRICS;
use crate::protocol::MAX_PACKET_LEN;

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
        let arrived = std::time::Instant::now();
        Counters::inc(&ctx.counters.received);
        let Ok(permit) = in_flight.clone().try_acquire_owned() else {
            Counters::inc(&ctx.counters.overloaded);
            continue;
        };
        let code = buf[0];
        let step = match Request::receive(&ctx, kind, &buf[..len], source) {
            Some(req) => {
                req.nas.seen(arrived);
                handle::now(&ctx, req)
            }
            None => Step::Reply(None),
        };
        match step {
            Step::Reply(reply) => {
                if let Some(reply) = reply {
                    send(&socket, &reply, source).await;
                    METRICS.replied(code, arrived);
                }
                drop(permit);
            }
            Step::Later(later) => {
                let socket = socket.clone();
                let ctx = ctx.clone();
                tokio::spawn(async move {
                    if let Some(reply) = handle::later(&ctx, later).await {
                        send(&socket, &reply, source).await;
                        METRICS.replied(code, arrived);
                    }
                    drop(permit);
                });
            }
        }
    }
}

async fn send(socket: &UdpSocket, reply: &[u8], to: SocketAddr) {
    if let Err(e) = socket.send_to(reply, to).await {
        tracing::debug!(error = %e, %to, "send_to failed");
    }
}
