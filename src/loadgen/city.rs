//! `radkota bench --simulate-city`: a school morning across many hotspots. Logins ramp up to a
//! peak and down again, each login is followed by accounting Start, an Interim-Update and a
//! Stop, and each hotspot is its own UDP source. The verdict says whether the server kept up:
//! no timeouts, no unexpected replies, and requests sent on schedule.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::net::UdpSocket;

use super::packets::{Kind, RequestFactory};
use super::report::{Report, WorkerStats};
use super::{Options, Worker};

/// The shape of the morning.
#[derive(Debug, Clone)]
pub struct CityOptions {
    pub host: IpAddr,
    pub auth_port: u16,
    pub acct_port: u16,
    pub secret: Vec<u8>,
    pub hotspots: usize,
    pub logins: u64,
    pub duration: Duration,
    pub users: u64,
    pub user_prefix: String,
    pub pass_prefix: String,
    pub accounting: bool,
    pub timeout: Duration,
}

/// The outcome and whether the server kept up.
#[derive(Debug, Clone)]
pub struct CityReport {
    pub report: Report,
    /// Worst delay between an event's scheduled time and when it was sent.
    pub max_lag: Duration,
    pub kept_up: bool,
}

/// Time of login `k` of `n` under a triangular ramp peaking at 40% of the morning.
fn login_time(k: u64, n: u64, total: Duration) -> Duration {
    let u = (k as f64 + 0.5) / n as f64;
    let peak = 0.4;
    let x = if u < peak {
        (u * peak).sqrt()
    } else {
        1.0 - ((1.0 - u) * (1.0 - peak)).sqrt()
    };
    total.mul_f64(x.clamp(0.0, 1.0))
}

#[derive(Debug, Clone, Copy)]
struct Event {
    at: Duration,
    login: u64,
    // 0 = login, 1 = Start, 2 = Interim, 3 = Stop
    step: u8,
}

/// Runs the morning and judges it.
pub async fn run(opts: CityOptions) -> anyhow::Result<CityReport> {
    anyhow::ensure!(
        opts.hotspots >= 1 && opts.hotspots <= 4096,
        "--hotspots must be 1..=4096"
    );
    anyhow::ensure!(
        opts.logins >= 1 && opts.logins <= 1_000_000,
        "--logins must be 1..=1000000"
    );
    anyhow::ensure!(opts.duration <= super::MAX_DURATION, "--duration too long");
    let base = base_options(&opts);
    let factory = Arc::new(RequestFactory::new(&base));
    let plans = schedule(&opts);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (i, mut plan) in plans.into_iter().enumerate() {
        plan.sort_by_key(|e| (e.at, e.step));
        let bind: SocketAddr = if opts.host.is_ipv6() {
            "[::]:0".parse()?
        } else {
            "0.0.0.0:0".parse()?
        };
        let socket = UdpSocket::bind(bind).await?;
        let worker = Worker::for_city(socket, &base, factory.clone(), start, i);
        tasks.push(tokio::spawn(play(worker, plan, start, i)));
    }
    let mut stats = Vec::new();
    let mut max_lag = Duration::ZERO;
    for t in tasks {
        let (s, lag) = t.await?;
        stats.push(s);
        max_lag = max_lag.max(lag);
    }
    let report = Report::from_workers(stats, start.elapsed());
    let kept_up = report.timeouts == 0
        && report.unexpected == 0
        && report.bad_replies == 0
        && report.rejects == 0
        && max_lag < Duration::from_secs(1);
    Ok(CityReport {
        report,
        max_lag,
        kept_up,
    })
}

/// The bench options every hotspot's worker shares: mixed sessions under one fresh tag.
fn base_options(opts: &CityOptions) -> Options {
    Options {
        host: opts.host,
        auth_port: opts.auth_port,
        acct_port: opts.acct_port,
        secret: opts.secret.clone(),
        kind: Kind::Mixed,
        requests: 1,
        duration: opts.duration,
        clients: 1,
        rate: None,
        users: opts.users,
        first_user: 1,
        user_prefix: opts.user_prefix.clone(),
        pass_prefix: opts.pass_prefix.clone(),
        timeout: opts.timeout,
        session_tag: format!("city{:x}", rand::random::<u32>()),
        servers: Vec::new(),
        keep_acked: false,
    }
}

/// Each hotspot's events, unsorted: logins spread round-robin over the hotspots, each with
/// its accounting when asked for.
fn schedule(opts: &CityOptions) -> Vec<Vec<Event>> {
    let mut plans: Vec<Vec<Event>> = vec![Vec::new(); opts.hotspots];
    for k in 0..opts.logins {
        let t = login_time(k, opts.logins, opts.duration);
        // Sessions last a deterministic 15-45% of the morning, so sessions end while others begin.
        let len = opts
            .duration
            .mul_f64(0.15 + 0.30 * ((k * 7919) % 100) as f64 / 100.0);
        let plan = &mut plans[(k % opts.hotspots as u64) as usize];
        plan.push(Event {
            at: t,
            login: k,
            step: 0,
        });
        if opts.accounting {
            plan.push(Event {
                at: t,
                login: k,
                step: 1,
            });
            for (step, at) in [(2, t + len / 2), (3, t + len)] {
                if at < opts.duration {
                    plan.push(Event { at, login: k, step });
                }
            }
        }
    }
    plans
}

/// Sends one hotspot's sorted events on schedule; returns its stats and worst lag.
async fn play(
    worker: Worker,
    plan: Vec<Event>,
    start: Instant,
    i: usize,
) -> (WorkerStats, Duration) {
    let mut stats = WorkerStats::default();
    let mut lag = Duration::ZERO;
    let mut id = (i % 256) as u8;
    for e in plan {
        tokio::time::sleep_until((start + e.at).into()).await;
        lag = lag.max(start.elapsed().saturating_sub(e.at));
        id = id.wrapping_add(1);
        // Mixed steps: 0 login (PAP/CHAP alternating), 1 Start, 2 Interim, 4 Stop.
        let step = if e.step == 3 { 4 } else { u64::from(e.step) };
        let (req, to_acct, expect) = worker.factory.build(e.login, step, id);
        worker.failover(&req, to_acct, expect, &mut stats).await;
    }
    (stats, lag)
}
