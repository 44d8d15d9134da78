//! The connections an HTTP listener hands to axum: bounded TCP (see `limits`), wrapped in
//! TLS when the listener has a certificate. The TLS handshake runs on the connection's own
//! task, on its first read or write, so a slow or silent client never holds up the accept
//! loop (and the connection's idle timeout ends a handshake that stalls).

use std::future::Future as _;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use axum::serve::Listener;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_rustls::TlsAcceptor;

use super::limits::{BoundedListener, BoundedStream};

/// A bounded listener that speaks TLS when given an acceptor.
pub struct HttpListener {
    inner: BoundedListener,
    tls: Option<TlsAcceptor>,
}

impl HttpListener {
    /// Wraps `inner`; `tls` of `None` serves plain HTTP.
    pub fn new(inner: BoundedListener, tls: Option<Arc<rustls::ServerConfig>>) -> HttpListener {
        HttpListener {
            inner,
            tls: tls.map(TlsAcceptor::from),
        }
    }
}

impl Listener for HttpListener {
    type Io = HttpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (HttpStream, SocketAddr) {
        let (stream, addr) = self.inner.accept().await;
        let io = match &self.tls {
            None => HttpStream::Plain(stream),
            Some(acceptor) => HttpStream::Handshake(Box::new(acceptor.accept(stream))),
        };
        (io, addr)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// One connection: plain, handshaking, or TLS.
pub enum HttpStream {
    /// A listener without a certificate.
    Plain(BoundedStream),
    /// The TLS handshake, driven by the first read or write.
    Handshake(Box<tokio_rustls::Accept<BoundedStream>>),
    /// An established TLS connection.
    Tls(Box<tokio_rustls::server::TlsStream<BoundedStream>>),
    /// The handshake failed; every further call fails.
    Failed,
}

impl HttpStream {
    /// Drives the handshake, if one is under way, to its end.
    fn handshake(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let HttpStream::Handshake(accept) = self {
            match ready!(Pin::new(accept.as_mut()).poll(cx)) {
                Ok(tls) => *self = HttpStream::Tls(Box::new(tls)),
                Err(e) => {
                    tracing::debug!(error = %e, "HTTP listener: TLS handshake failed");
                    *self = HttpStream::Failed;
                    return Poll::Ready(Err(e));
                }
            }
        }
        match self {
            HttpStream::Failed => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::NotConnected,
                "TLS handshake failed",
            ))),
            _ => Poll::Ready(Ok(())),
        }
    }
}

impl AsyncRead for HttpStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.handshake(cx))?;
        match this {
            HttpStream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            HttpStream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
            _ => Poll::Ready(Err(io::ErrorKind::NotConnected.into())),
        }
    }
}

impl AsyncWrite for HttpStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.handshake(cx))?;
        match this {
            HttpStream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            HttpStream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
            _ => Poll::Ready(Err(io::ErrorKind::NotConnected.into())),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.handshake(cx))?;
        match this {
            HttpStream::Plain(s) => Pin::new(s).poll_flush(cx),
            HttpStream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
            _ => Poll::Ready(Err(io::ErrorKind::NotConnected.into())),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            HttpStream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            HttpStream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
            _ => Poll::Ready(Ok(())),
        }
    }
}
