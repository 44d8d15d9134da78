//! `radkota bench`: a bounded RADIUS load generator for operators (in the spirit of radperf).
//! It is a plain RADIUS client: it works against radkota or any other server, checks every
//! reply's authenticators, and stops at a request count or a time limit, whichever is first.

pub mod city;
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
    for worker in 0..opts.clients {
        let bind: SocketAddr = if opts.host.is_ipv6() {
            "[::]:0".parse()?
        } else {
            "0.0.0.0:0".parse()?
        };
        let socket = UdpSocket::bind(bind).await?;
        let ctx = Worker {
            socket,
            auth: SocketAddr::new(opts.host, opts.auth_port),
            acct: SocketAddr::new(opts.host, opts.acct_port),
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
    auth: SocketAddr,
    acct: SocketAddr,
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
            auth: SocketAddr::new(opts.host, opts.auth_port),
            acct: SocketAddr::new(opts.host, opts.acct_port),
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
                let target = if to_acct { self.acct } else { self.auth };
                self.exchange(&request, target, expect, &mut stats).await;
            }
        }
        stats
    }

    async fn exchange(
        &self,
        request: &[u8],
        target: SocketAddr,
        expect: Code,
        stats: &mut WorkerStats,
    ) {
        let sent_at = Instant::now();
        if self.socket.send_to(request, target).await.is_err() {
            stats.send_errors += 1;
            return;
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
                stats.timeouts += 1;
                return;
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
                return;
            }
            match Packet::decode(reply).map(|p| p.code) {
                Ok(code) if code == expect => stats.ok += 1,
                Ok(Code::AccessReject) => stats.rejects += 1,
                _ => stats.unexpected += 1,
            }
            return;
        }
    }
}
