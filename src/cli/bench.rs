//! `radkota bench`: load-test a RADIUS server (this one or any other) from the command line.

use std::io::Read;
use std::net::IpAddr;
use std::time::Duration;

use clap::Args;

use crate::loadgen::{self, Kind, city};

/// Help epilogue for `bench`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota bench --secret testing123 --kind chap -n 20000
  radkota bench --secret testing123 --kind pap --rate 200 --duration 30
  radkota bench --secret testing123 --simulate-city --logins 20000 --duration 60
  radkota bench --secret testing123 --kind mixed --servers 10.0.0.1,10.0.0.2 --timeout-ms 500
  radkota bench --radsec-port 2083 --ca ca.crt --cert nas.crt --key nas.key --kind chap
  radkota bench --radsec-port 2083 --ca ca.crt --cert nas.crt --key nas.key --handshakes

Users user00001.. with passwords pass00001.. must exist on the server under test (change
with --user-prefix, --pass-prefix, --users). Only the address given with --host is sent to
(default 127.0.0.1), or the servers of --servers. Every run stops at --requests or --duration, whichever comes first.";

/// Options of `radkota bench`.
#[derive(Debug, Args)]
pub(super) struct BenchArgs {
    /// Server address (IPv4 or IPv6).
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Authentication port.
    #[arg(long, default_value_t = 1812)]
    auth_port: u16,
    /// Accounting port.
    #[arg(long, default_value_t = 1813)]
    acct_port: u16,
    /// Shared secret the server has for this machine's address.
    #[arg(
        long,
        conflicts_with = "secret_stdin",
        required_unless_present_any = ["secret_stdin", "radsec_port"]
    )]
    secret: Option<String>,
    /// Read the shared secret from standard input instead.
    #[arg(long)]
    secret_stdin: bool,
    /// What to send.
    #[arg(long, value_enum, default_value = "chap")]
    kind: Kind,
    /// Requests to send in all (a mixed session counts as five).
    #[arg(short = 'n', long, default_value_t = 10_000)]
    requests: u64,
    /// Stop after this many seconds in any case.
    #[arg(long, default_value_t = 60)]
    duration: u64,
    /// Simulated hotspots (one UDP source port each, one request in flight each).
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Fixed rate in requests per second instead of as fast as the server answers.
    #[arg(long)]
    rate: Option<f64>,
    /// Number of distinct users cycled through.
    #[arg(long, default_value_t = 1000)]
    users: u64,
    /// First user number.
    #[arg(long, default_value_t = 1)]
    first_user: u64,
    /// User names are PREFIX + five-digit number.
    #[arg(long, default_value = "user")]
    user_prefix: String,
    /// Passwords are PREFIX + the same number.
    #[arg(long, default_value = "pass")]
    pass_prefix: String,
    /// Milliseconds to wait for each reply (no retransmissions).
    #[arg(long, default_value_t = 2000)]
    timeout_ms: u64,
    /// Acct-Session-Id tag, so an acct-interim or acct-stop run updates an acct-start run.
    #[arg(long, default_value = "bench")]
    session_tag: String,
    /// Servers tried in order like a RouterOS hotspot does: each request goes to the first
    /// and, after --timeout-ms without an answer, to the next. Comma-separated HOST (with
    /// --auth-port and --acct-port), HOST:AUTH:ACCT or [IPv6]:AUTH:ACCT.
    #[arg(long, conflicts_with_all = ["host", "simulate_city"])]
    servers: Option<String>,
    /// Write every acknowledged accounting record to FILE, one per line: session id,
    /// status type, input and output octets, the server (0-based) that answered.
    #[arg(long, value_name = "FILE", conflicts_with = "simulate_city")]
    acked_log: Option<std::path::PathBuf>,
    /// Replay a school morning across many hotspots and say whether the server kept up.
    #[arg(long)]
    simulate_city: bool,
    /// Hotspots in the city simulation.
    #[arg(long, default_value_t = 551)]
    hotspots: usize,
    /// Logins in the city simulation.
    #[arg(long, default_value_t = 20_000)]
    logins: u64,
    /// City simulation without accounting (logins only).
    #[arg(long)]
    no_accounting: bool,
    /// Send over RadSec (TLS) to this port instead of UDP; the secret is "radsec".
    #[arg(long, value_name = "PORT", requires_all = ["ca", "cert", "key"])]
    radsec_port: Option<u16>,
    /// RadSec: the CA certificate the server's certificate chains to.
    #[arg(long, value_name = "PEM")]
    ca: Option<std::path::PathBuf>,
    /// RadSec: the router certificate to present (`radkota nas cert`).
    #[arg(long, value_name = "PEM")]
    cert: Option<std::path::PathBuf>,
    /// RadSec: its private key.
    #[arg(long, value_name = "PEM")]
    key: Option<std::path::PathBuf>,
    /// RadSec: measure full TLS handshakes per second (each with one Status-Server).
    #[arg(long, requires = "radsec_port")]
    handshakes: bool,
}

/// Runs the benchmark and prints the report.
pub(super) async fn run(args: BenchArgs) -> anyhow::Result<()> {
    if let Some(port) = args.radsec_port {
        return radsec(args, port).await;
    }
    let secret = match (&args.secret, args.secret_stdin) {
        (Some(s), _) => s.clone().into_bytes(),
        (None, _) => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s.lines().next().unwrap_or_default().as_bytes().to_vec()
        }
    };
    anyhow::ensure!(!secret.is_empty(), "the shared secret is empty");
    let timeout = Duration::from_millis(args.timeout_ms.clamp(1, 60_000));
    if args.simulate_city {
        let r = city::run(city::CityOptions {
            host: args.host,
            auth_port: args.auth_port,
            acct_port: args.acct_port,
            secret,
            hotspots: args.hotspots,
            logins: args.logins,
            duration: Duration::from_secs(args.duration),
            users: args.users,
            user_prefix: args.user_prefix,
            pass_prefix: args.pass_prefix,
            accounting: !args.no_accounting,
            timeout,
        })
        .await?;
        println!(
            "{}",
            r.report.render(&format!(
                "city: {} hotspots, {} logins",
                args.hotspots, args.logins
            ))
        );
        println!(
            "  worst send delay behind schedule: {:.0} ms",
            r.max_lag.as_secs_f64() * 1000.0
        );
        println!("{}", r.report.result_line("city"));
        if r.kept_up {
            println!("verdict: kept up / server sanggup melayani");
            return Ok(());
        }
        anyhow::bail!("the server did not keep up (timeouts, rejects or requests sent late)");
    }
    let kind_name = format!("{:?}", args.kind).to_lowercase();
    let servers = match &args.servers {
        Some(list) => loadgen::failover::parse_servers(list, args.auth_port, args.acct_port)?,
        None => Vec::new(),
    };
    let acked_log = args.acked_log.clone();
    let report = loadgen::run(options(args, secret, timeout, servers)).await?;
    if let Some(path) = &acked_log {
        let text: String = report.acked.iter().map(|a| a.line() + "\n").collect();
        std::fs::write(path, text)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    println!("{}", report.render(&kind_name));
    println!("{}", report.result_line(&kind_name));
    Ok(())
}

/// The load generator's options from the command line (`servers`: `--servers`, parsed).
fn options(
    args: BenchArgs,
    secret: Vec<u8>,
    timeout: Duration,
    servers: Vec<loadgen::failover::Target>,
) -> loadgen::Options {
    loadgen::Options {
        keep_acked: args.acked_log.is_some(),
        host: args.host,
        auth_port: args.auth_port,
        acct_port: args.acct_port,
        secret,
        kind: args.kind,
        requests: args.requests,
        duration: Duration::from_secs(args.duration),
        clients: args.clients,
        rate: args.rate,
        users: args.users,
        first_user: args.first_user,
        user_prefix: args.user_prefix,
        pass_prefix: args.pass_prefix,
        timeout,
        session_tag: args.session_tag,
        servers,
    }
}

/// `--radsec-port`: the same load over TLS, or full handshakes.
async fn radsec(args: BenchArgs, port: u16) -> anyhow::Result<()> {
    let (Some(ca), Some(cert), Some(key)) = (args.ca.clone(), args.cert.clone(), args.key.clone())
    else {
        anyhow::bail!("--radsec-port needs --ca, --cert and --key");
    };
    let target = loadgen::radsec::Target {
        server: std::net::SocketAddr::new(args.host, port),
        ca,
        cert,
        key,
    };
    if args.handshakes {
        let duration = Duration::from_secs(args.duration.min(3600));
        let report =
            loadgen::radsec::handshakes(target, args.clients.clamp(1, 4096), duration).await?;
        println!("{}", report.render("radsec full handshakes"));
        println!("{}", report.result_line("radsec-handshake"));
        return Ok(());
    }
    let kind_name = format!("radsec-{:?}", args.kind).to_lowercase();
    let timeout = Duration::from_millis(args.timeout_ms.clamp(1, 60_000));
    let report = loadgen::radsec::run(
        options(args, b"radsec".to_vec(), timeout, Vec::new()),
        target,
    )
    .await?;
    println!("{}", report.render(&kind_name));
    println!("{}", report.result_line(&kind_name));
    Ok(())
}
