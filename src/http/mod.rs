//! The listener every HTTP face runs on (the admin API today; the console and the person's
//! page next): bounded connections, TLS with a certificate renewed in place, the client's
//! real address behind trusted reverse proxies, HSTS under TLS, and RFC 9457 errors.
//! A face brings its router and its `ListenerConfig`; `bind` then `serve`.

pub mod backoff;
pub mod client;
pub mod limits;
pub mod problem;
mod stream;
pub mod tls;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use axum::Router;
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument as _;

use crate::config::ListenerConfig;
use client::{ClientAddr, TrustedProxies};
use limits::{BoundedListener, Limits};
use stream::HttpListener;

/// HSTS: a year, this host only (the city's other hosts may not all speak TLS).
const HSTS: &str = "max-age=31536000";

/// Whether the request came over TLS (in every request's extensions): what marks cookies
/// `Secure` and decides HSTS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tls(pub bool);

/// A listener bound and ready to serve.
pub struct Bound {
    name: &'static str,
    listener: HttpListener,
    local: SocketAddr,
    certs: Option<Arc<tls::CertFiles>>,
    trusted: Arc<TrustedProxies>,
    limits: Limits,
}

impl Bound {
    /// The address actually bound (port 0 resolved).
    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }

    /// Whether the listener speaks TLS.
    pub fn tls(&self) -> bool {
        self.certs.is_some()
    }

    /// The listener's bounds.
    pub fn limits(&self) -> Limits {
        self.limits
    }
}

/// Binds `listen` for the face called `name` (as logged): loads the certificate when TLS is
/// configured and refuses plain HTTP beyond loopback unless `allow_plain_http`.
pub async fn bind(
    name: &'static str,
    listen: &str,
    config: &ListenerConfig,
    limits: Limits,
) -> anyhow::Result<Bound> {
    let addr: SocketAddr = listen
        .parse()
        .with_context(|| format!("{name}: '{listen}' is not an address:port"))?;
    if config.plain_beyond_loopback(listen) && !config.allow_plain_http {
        bail!(
            "{name}: {listen} is reachable from other machines but has no TLS certificate \
             (set tls_cert and tls_key, or allow_plain_http = true behind a TLS proxy)"
        );
    }
    let trusted = TrustedProxies::parse(&config.trusted_proxies)
        .map_err(|e| anyhow::anyhow!("{name}: trusted_proxies: {e}"))?;
    let certs = match config.tls_files() {
        Some((cert, key)) => Some(Arc::new(
            tls::CertFiles::load(&cert, &key).with_context(|| format!("{name}: TLS"))?,
        )),
        None => None,
    };
    let server_config = certs.clone().map(tls::server_config).transpose()?;
    let tcp = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} ({name})"))?;
    let local = tcp.local_addr()?;
    Ok(Bound {
        name,
        listener: HttpListener::new(BoundedListener::new(tcp, limits), server_config),
        local,
        certs,
        trusted: Arc::new(trusted),
        limits,
    })
}

/// Serves `app` on `bound` until `shutdown` resolves, with the request timeout, the
/// client's address and the TLS flag on every request and HSTS on every TLS response.
pub async fn serve(
    bound: Bound,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let Bound {
        name,
        listener,
        local,
        certs,
        trusted,
        limits,
    } = bound;
    tracing::info!(
        addr = %local,
        tls = certs.is_some(),
        trusted_proxies = trusted.len(),
        max_connections = limits.max_connections,
        max_connections_per_address = limits.max_per_address,
        timeout_secs = limits.timeout.as_secs(),
        "{name} listening"
    );
    let watcher = certs.clone().map(|c| tokio::spawn(c.watch()));
    let tls = Tls(certs.is_some());
    let timeout = limits.timeout;
    let app = app
        .layer(axum::middleware::from_fn(move |req, next| {
            limits::request_timeout(timeout, req, next)
        }))
        .layer(axum::middleware::from_fn(move |req, next| {
            front(trusted.clone(), tls, req, next)
        }));
    // `tap_io` (a no-op tap) is what gives a custom listener `ConnectInfo<SocketAddr>`.
    let listener = axum::serve::ListenerExt::tap_io(listener, |_| {});
    let result = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .with_context(|| name.to_string());
    if let Some(w) = watcher {
        w.abort();
    }
    tracing::info!("{name} stopped");
    result
}

/// Marks the request with its client and transport, logs under the client's address, and
/// adds HSTS to TLS responses.
async fn front(trusted: Arc<TrustedProxies>, tls: Tls, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client = match peer {
        Some(ip) => client::client_address(ip, req.headers(), &trusted),
        None => std::net::IpAddr::from([0, 0, 0, 0]),
    };
    req.extensions_mut().insert(ClientAddr(client));
    req.extensions_mut().insert(tls);
    let span = tracing::info_span!("http", client = %client);
    let mut response = next.run(req).instrument(span).await;
    if tls.0 {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}
