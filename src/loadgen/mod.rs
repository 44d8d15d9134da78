//! `radkota bench`: a bounded RADIUS load generator for operators (in the spirit of radperf).
//! It is a plain RADIUS client: it works against radkota or any other server, checks every
//! reply's authenticators, and stops at a request count or a time limit, whichever is first.

pub mod city;
pub mod failover;
pub mod packets;
pub mod radsec;
pub mod report;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::net::UdpSocket;

use crate::protocol::crypto::verify_response_authenticator;
use crate::protocol::{Code, Packet};
pub use failover::{Acked, Target};
pub use packets::{Kind, RequestFactory};
pub use report::{Report, WorkerStats};

/// Hard caps so a typo cannot turn a benchmark into a flood that never ends.
pub const MAX_REQUESTS: u64 = 10_000_000;
/// Longest run allowed.
pub const MAX_DURATION: Duration = Duration::from_secs(3600);

/// What to send, where, and how much.
#[derive(Debug, Clone)]
pub struct Options {
    pub host: IpAddr,
    pub auth_port: u16,
    pub acct_port: u16,
    pub secret: Vec<u8>,
    pub kind: Kind,
    /// Requests to send in all (a mixed session counts as its five requests).
    pub requests: u64,
    /// Stop sending after this long.
    pub duration: Duration,
    /// Simulated NAS: one UDP socket (source port) each, one request outstanding each.
    pub clients: usize,
    /// Requests per second across all clients; `None` sends as fast as replies come.
    pub rate: Option<f64>,
    pub users: u64,
    pub first_user: u64,
    pub user_prefix: String,
    pub pass_prefix: String,
    pub timeout: Duration,
    /// Tag in Acct-Session-Id, so Interim/Stop runs can update an earlier Start run's sessions.
    pub session_tag: String,
    /// Servers in failover order (`--servers`); empty: `host` with the two ports alone.
    pub servers: Vec<Target>,
    /// Keep every acknowledged accounting record in the report (`--acked-log`).
    pub keep_acked: bool,
}

impl Options {
    /// The servers requests go to, in the order they are tried.
    fn targets(&self) -> Arc<[Target]> {
        if self.servers.is_empty() {
            Arc::new([Target {
                auth: SocketAddr::new(self.host, self.auth_port),
                acct: SocketAddr::new(self.host, self.acct_port),
            }])
        } else {
            self.servers.clone().into()
        }
    }
}

/// Sends the configured load and returns the measurements.
pub async fn run(opts: Options) -> anyhow::Result<Report> {
    anyhow::ensure!(
        opts.requests >= 1 && opts.requests <= MAX_REQUESTS,
        "--requests must be 1..={MAX_REQUESTS}"
    );
    anyhow::ensure!(
        opts.duration <= MAX_DURATION,
        "--duration must be at most {} s",
        MAX_DURATION.as_secs()
    );
    anyhow::ensure!(
        opts.clients >= 1 && opts.clients <= 4096,
        "--clients must be 1..=4096"
    );
    anyhow::ensure!(opts.users >= 1, "--users must be at least 1");
    let factory = Arc::new(RequestFactory::new(&opts));
    let next = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let deadline = start + opts.duration;
    let mut tasks = Vec::with_capacity(opts.clients);
    let targets = opts.targets();
    for worker in 0..opts.clients {
        let bind: SocketAddr = if targets[0].auth.is_ipv6() {
            "[::]:0".parse()?
        } else {
            "0.0.0.0:0".parse()?
        };
        let socket = UdpSocket::bind(bind).await?;
        let ctx = Worker {
            socket,
            targets: targets.clone(),
            keep_acked: opts.keep_acked,
            secret: opts.secret.clone(),
            timeout: opts.timeout,
            factory: factory.clone(),
            next: next.clone(),
            stop: stop.clone(),
            total: opts.requests,
            rate: opts.rate,
            start,
            deadline,
            worker,
        };
        tasks.push(tokio::spawn(ctx.run()));
    }
    let mut stats = Vec::with_capacity(tasks.len());
    for t in tasks {
        stats.push(t.await?);
    }
    Ok(Report::from_workers(stats, start.elapsed()))
}

struct Worker {
    socket: UdpSocket,
    /// Tried in order for each request, the next after a timeout.
    targets: Arc<[Target]>,
    keep_acked: bool,
    secret: Vec<u8>,
    timeout: Duration,
    factory: Arc<RequestFactory>,
    next: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    total: u64,
    rate: Option<f64>,
    start: Instant,
    deadline: Instant,
    worker: usize,
}

impl Worker {
    /// A worker that only exchanges (the city simulation schedules its own requests).
    fn for_city(
        socket: UdpSocket,
        opts: &Options,
        factory: Arc<RequestFactory>,
        start: Instant,
        worker: usize,
    ) -> Worker {
        Worker {
            socket,
            targets: opts.targets(),
            keep_acked: opts.keep_acked,
            secret: opts.secret.clone(),
            timeout: opts.timeout,
            factory,
            next: Arc::new(AtomicU64::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
            total: 0,
            rate: None,
            start,
            deadline: start + opts.duration,
            worker,
        }
    }

    async fn run(self) -> WorkerStats {
        let mut stats = WorkerStats::default();
        let mut id: u8 = (self.worker % 256) as u8;
        let per_unit = self.factory.requests_per_unit();
        loop {
            if self.stop.load(Ordering::Relaxed) || Instant::now() >= self.deadline {
                break;
            }
            let first = self.next.fetch_add(per_unit, Ordering::Relaxed);
            if first >= self.total {
                break;
            }
            if let Some(rate) = self.rate {
                let due = self.start + Duration::from_secs_f64(first as f64 / rate);
                tokio::time::sleep_until(due.into()).await;
            }
            let unit = first / per_unit;
            for step in 0..per_unit {
                id = id.wrapping_add(1);
                let (request, to_acct, expect) = self.factory.build(unit, step, id);
                self.failover(&request, to_acct, expect, &mut stats).await;
            }
        }
        stats
    }

    /// Sends `request` to each server in turn until one answers (RouterOS: the next server
    /// after a timeout); a request no server answered counts as one timeout.
    async fn failover(&self, request: &[u8], to_acct: bool, expect: Code, stats: &mut WorkerStats) {
        for (i, target) in self.targets.iter().enumerate() {
            if i > 0 {
                stats.failovers += 1;
            }
            let to = if to_acct { target.acct } else { target.auth };
            match self.exchange(request, to, expect, stats).await {
                Exchange::TimedOut => continue,
                Exchange::Answered(ok) => {
                    if ok && to_acct && self.keep_acked {
                        stats.acked.extend(Acked::of(request, i));
                    }
                    return;
                }
                Exchange::NotSent => return,
            }
        }
        stats.timeouts += 1;
    }

    async fn exchange(
        &self,
        request: &[u8],
        target: SocketAddr,
        expect: Code,
        stats: &mut WorkerStats,
    ) -> Exchange {
        let sent_at = Instant::now();
        if self.socket.send_to(request, target).await.is_err() {
            stats.send_errors += 1;
            return Exchange::NotSent;
        }
        stats.sent += 1;
        let mut buf = [0u8; 4096];
        let authenticator: [u8; 16] = request
            .get(4..20)
            .and_then(|a| a.try_into().ok())
            .unwrap_or([0; 16]);
        loop {
            let left = self.timeout.saturating_sub(sent_at.elapsed());
            let received = tokio::time::timeout(left, self.socket.recv_from(&mut buf)).await;
            let Ok(Ok((n, _))) = received else {
                return Exchange::TimedOut;
            };
            let reply = &buf[..n];
            // A late answer to an earlier request on this socket: keep waiting for ours.
            if reply.get(1) != request.get(1) {
                continue;
            }
            stats
                .latencies_us
                .push(sent_at.elapsed().as_micros().min(u32::MAX as u128) as u32);
            if !verify_response_authenticator(reply, &authenticator, &self.secret) {
                stats.bad_replies += 1;
                return Exchange::Answered(false);
            }
            let ok = match Packet::decode(reply).map(|p| p.code) {
                Ok(code) if code == expect => {
                    stats.ok += 1;
                    true
                }
                Ok(Code::AccessReject) => {
                    stats.rejects += 1;
                    false
                }
                _ => {
                    stats.unexpected += 1;
                    false
                }
            };
            return Exchange::Answered(ok);
        }
    }
}

/// What became of one request sent to one server.
enum Exchange {
    /// An answer came (`true`: the one expected).
    Answered(bool),
    TimedOut,
    NotSent,
}
