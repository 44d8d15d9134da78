//! RadSec (RADIUS over TLS, RFC 6614): a second transport beside UDP for routers that reach
//! the server across networks the city does not own. The router is known by its client
//! certificate, not its address (`peers`); its packets go to the same handlers as UDP
//! (`server::handle`). `tls` builds the rustls configuration, `listener` accepts and
//! bounds connections and handshakes, `connection` frames packets over one connection.

mod connection;
mod listener;
pub mod peers;
pub mod stats;
mod tls;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::server::context::Context;
use crate::store::Store;
use peers::Peers;
use stats::Stats;

/// The TLS provider of both ends (server, `radkota bench`, tests): rustls over ring.
/// rustls 0.23.48 deprecates ring's provider for lacking post-quantum key exchange; the
/// alternative, aws-lc-rs, needs cmake and nasm to build, and RouterOS 7 offers no
/// post-quantum group either, so ring's X25519 and NIST curves lose nothing here.
#[allow(deprecated)]
pub fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Limits and timeouts from `[radsec]`.
#[derive(Debug, Clone)]
struct Settings {
    handshake_timeout: Duration,
    idle_timeout: Duration,
    max_in_flight_per_connection: usize,
}

/// What every connection shares.
struct Shared {
    ctx: Arc<Context>,
    tls: Arc<rustls::ServerConfig>,
    peers: Arc<Peers>,
    /// One per open connection (`max_connections`).
    slots: Arc<Semaphore>,
    /// Turns for the CPU part of a handshake (`max_handshakes`).
    handshakes: Semaphore,
    in_flight: Arc<Semaphore>,
    stats: Arc<Stats>,
    settings: Settings,
}

/// The running RadSec transport: its listeners and its peer-table refresh.
pub struct Running {
    /// Accept loops; they end at shutdown.
    pub listeners: Vec<JoinHandle<()>>,
    /// The peer-table refresh; aborted at shutdown.
    pub refresh: JoinHandle<()>,
    /// The counters, for the statistics lines.
    pub stats: Arc<Stats>,
}

/// Loads the peer table and the TLS configuration, binds every `[radsec] listen` address
/// and starts accepting. `in_flight` is the UDP listeners' bound, shared.
pub async fn start(
    config: &Config,
    ctx: Arc<Context>,
    store: &Store,
    in_flight: Arc<Semaphore>,
    stop: &watch::Receiver<bool>,
) -> anyhow::Result<Running> {
    let r = &config.radsec;
    let peers = Peers::load(store)
        .await
        .context("cannot load the RadSec peers")?;
    let stats = Arc::new(Stats::default());
    let (cert, key, client_ca) = config.radsec_files()?;
    let tls = tls::server_config(&cert, &key, &client_ca, peers.clone(), stats.clone())?;
    let shared = Arc::new(Shared {
        ctx,
        tls,
        peers: peers.clone(),
        slots: Arc::new(Semaphore::new(r.max_connections)),
        handshakes: Semaphore::new(r.max_handshakes),
        in_flight,
        stats: stats.clone(),
        settings: Settings {
            handshake_timeout: Duration::from_secs(r.handshake_timeout_secs),
            idle_timeout: Duration::from_secs(r.idle_timeout_secs),
            max_in_flight_per_connection: r.max_in_flight_per_connection,
        },
    });
    let mut listeners = Vec::new();
    for addr in config.radsec_addrs() {
        let socket =
            listener::bind(addr).with_context(|| format!("cannot listen on {addr} (radsec)"))?;
        tracing::info!(kind = "radsec", addr = %socket.local_addr()?, "listening");
        listeners.push(tokio::spawn(listener::run(
            socket,
            shared.clone(),
            stop.clone(),
        )));
    }
    let refresh = tokio::spawn(peers.refresh_loop(
        store.clone(),
        Duration::from_secs(config.server.nas_refresh_secs),
    ));
    Ok(Running {
        listeners,
        refresh,
        stats,
    })
}
