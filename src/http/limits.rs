//! Resource bounds of an HTTP listener: a cap on open connections, in total and per client
//! address, a time limit on every request, its body included, and an idle timeout of twice
//! that on every connection (a client that sends or reads nothing for that long is cut off,
//! which ends slow-header and slow-read attacks).

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};

use super::problem::Problem;

/// The bounds of one listener (`[admin]`'s today).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once; further ones wait in the kernel's accept queue.
    pub max_connections: usize,
    /// Connections open at once from one address; further ones are closed at once.
    pub max_per_address: usize,
    /// Longest a request may take; a connection may stay silent twice as long.
    pub timeout: Duration,
}

impl Limits {
    /// The bounds configured in `[admin]`.
    pub fn from_config(c: &crate::config::AdminConfig) -> Limits {
        Limits::new(
            c.max_connections,
            c.max_connections_per_address,
            c.request_timeout_secs,
        )
    }

    /// Bounds from a section's settings (zeros read as one).
    pub fn new(max_connections: usize, max_per_address: usize, timeout_secs: u64) -> Limits {
        Limits {
            max_connections: max_connections.max(1),
            max_per_address: max_per_address.max(1),
            timeout: Duration::from_secs(timeout_secs.max(1)),
        }
    }
}

/// A TCP listener that hands out at most `max_connections` connections at once, at most
/// `max_per_address` of them to one address, each closed after twice `timeout` of silence.
pub struct BoundedListener {
    inner: TcpListener,
    limits: Limits,
    open: Arc<Semaphore>,
    per_address: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl BoundedListener {
    /// Wraps a bound listener.
    pub fn new(inner: TcpListener, limits: Limits) -> BoundedListener {
        BoundedListener {
            inner,
            limits,
            open: Arc::new(Semaphore::new(limits.max_connections)),
            per_address: Arc::default(),
        }
    }

    /// Counts a connection from `ip`; `None` when that address already has its share.
    fn admit(&self, ip: IpAddr) -> Option<AddressSlot> {
        let mut map = self.per_address.lock().ok()?;
        let n = map.entry(ip).or_insert(0);
        if *n >= self.limits.max_per_address {
            return None;
        }
        *n += 1;
        Some(AddressSlot {
            ip,
            map: self.per_address.clone(),
        })
    }
}

impl axum::serve::Listener for BoundedListener {
    type Io = BoundedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (BoundedStream, SocketAddr) {
        loop {
            // Waiting here leaves new connections in the kernel's queue instead of in memory.
            let Ok(permit) = self.open.clone().acquire_owned().await else {
                // The semaphore is never closed; should it be, serve nothing rather than spin.
                std::future::pending::<()>().await;
                continue;
            };
            let (stream, addr) = axum::serve::Listener::accept(&mut self.inner).await;
            let Some(slot) = self.admit(addr.ip()) else {
                tracing::debug!(%addr, "HTTP listener: too many connections from this address; closed");
                continue;
            };
            // Twice the request timeout, so a request that stalls is answered 408 by the
            // request timeout before its connection is cut.
            let timeout = self.limits.timeout * 2;
            return (
                BoundedStream {
                    stream,
                    timeout,
                    idle: Box::pin(tokio::time::sleep(timeout)),
                    _permit: permit,
                    _slot: slot,
                },
                addr,
            );
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// One address's share of the connections, given back when the connection closes.
struct AddressSlot {
    ip: IpAddr,
    map: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        if let Ok(mut map) = self.map.lock() {
            if let Some(n) = map.get_mut(&self.ip) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    map.remove(&self.ip);
                }
            }
        }
    }
}

/// A connection that fails with `TimedOut` after `timeout` without any progress.
pub struct BoundedStream {
    stream: TcpStream,
    timeout: Duration,
    idle: Pin<Box<Sleep>>,
    _permit: OwnedSemaphorePermit,
    _slot: AddressSlot,
}

impl BoundedStream {
    /// Passes a ready result through (restarting the idle clock), or fails a pending one
    /// whose idle time is up.
    fn watch<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match poll {
            Poll::Ready(r) => {
                self.idle.as_mut().reset(Instant::now() + self.timeout);
                Poll::Ready(r)
            }
            Poll::Pending => match self.idle.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "HTTP connection idle for too long",
                ))),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl AsyncRead for BoundedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_read(cx, buf);
        this.watch(cx, poll)
    }
}

impl AsyncWrite for BoundedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.watch(cx, poll)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_flush(cx);
        this.watch(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// Middleware: a request (reading its body included) that takes longer than `timeout` is
/// answered 408 and its work dropped.
pub async fn request_timeout(timeout: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "the request took too long and was abandoned",
        )
        .into_response(),
    }
}
