//! Failover without loss (issue 17): two instances on one PostgreSQL database under
//! `radkota bench --servers A,B --kind mixed` (logins, Start, Interim-Updates, Stop; the
//! next server after a timeout, as RouterOS does). One instance is killed mid-run, or the
//! database is cut for a few seconds (a TCP proxy in between; the shared server is never
//! touched). Every accounting record a server acknowledged is stored, once: each session is
//! one row, at least at its acknowledged counters, exactly at its Stop's when the Stop was
//! acknowledged, and the usage rollups hold each octet once. `scripts/failover.sh` runs
//! the same scenarios for longer.

mod common;
#[path = "faults/support.rs"]
#[allow(dead_code)]
mod support;

use std::collections::HashMap;
use std::io::Read;
use std::process::Child;
use std::time::{Duration, Instant};

use common::{Db, Server, code, runtime};
use radkota::protocol::Code;
use radkota::store::testing::postgres_url;
use radkota::store::{SessionFilter, Store};
use support::Proxy;

const USERS: usize = 200;

/// Seconds of load, when the fault starts, how long a database cut lasts: short, or a
/// minute and more with `RADKOTA_SOAK=1` (`scripts/failover.sh`).
fn timing() -> (u64, u64, u64) {
    if std::env::var("RADKOTA_SOAK").is_ok_and(|v| v == "1") {
        (90, 20, 20)
    } else {
        (8, 3, 4)
    }
}

/// Two instances on one database (reached through `via` when given), with a plan without
/// limits and `USERS` bench users.
fn pair(proxy: Option<&Proxy>) -> (Server, Server, tempfile::TempDir) {
    let mut a = Server::prepare(Db::Postgres);
    a.cli(&[
        "nas",
        "add",
        "bench",
        "--address",
        "127.0.0.1",
        "--secret",
        "testing123",
    ]);
    a.cli(&["plan", "add", "bench"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("users.csv");
    let mut rows = String::from("username,full_name,plan,area,password\n");
    for n in 1..=USERS {
        rows.push_str(&format!("user{n:05},Bench {n},bench,,pass{n:05}\n"));
    }
    std::fs::write(&csv, rows).expect("csv");
    a.cli(&["user", "import", csv.to_str().expect("path")]);
    if let Some(p) = proxy {
        let direct = a.db_url().to_string();
        let host = direct
            .split('@')
            .nth(1)
            .and_then(|r| r.split('/').next())
            .expect("host:port in the URL")
            .to_string();
        a.set_db_url(direct.replacen(&host, &format!("127.0.0.1:{}", p.port), 1));
    }
    let b = a.sibling();
    (a.start(), b.start(), dir)
}

/// The upstream `host:port` of the test database, for a proxy.
fn upstream() -> String {
    let url = postgres_url().expect("postgres url");
    url.split('@')
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("host:port in the URL")
        .to_string()
}

/// `radkota bench` against A then B, mixed sessions, for at most `secs`.
fn bench(a: &Server, b: &Server, log: &std::path::Path, secs: u64) -> Child {
    let servers = format!(
        "127.0.0.1:{}:{},127.0.0.1:{}:{}",
        a.auth.port(),
        a.acct.port(),
        b.auth.port(),
        b.acct.port()
    );
    a.cli_spawn(&[
        "bench",
        "--secret",
        "testing123",
        "--servers",
        &servers,
        "--kind",
        "mixed",
        "-n",
        "1000000",
        "--duration",
        &secs.to_string(),
        "--clients",
        "8",
        "--users",
        &USERS.to_string(),
        "--timeout-ms",
        "400",
        "--session-tag",
        &format!("fo{:x}", rand::random::<u32>()),
        "--acked-log",
        log.to_str().expect("path"),
    ])
}

/// The bench's output, once it has finished.
fn finish(mut bench: Child) -> String {
    let mut out = String::new();
    bench
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out)
        .expect("read");
    assert!(
        bench.wait().expect("wait").success(),
        "bench failed:\n{out}"
    );
    out
}

fn result(out: &str, key: &str) -> u64 {
    out.lines()
        .find(|l| l.starts_with("RESULT"))
        .and_then(|l| {
            l.split_whitespace()
                .find_map(|w| w.strip_prefix(&format!("{key}=")))
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{key} missing:\n{out}"))
}

/// One acknowledged record of the bench's log.
struct Acked {
    status: u32,
    input: i64,
    output: i64,
    server: usize,
}

fn read_acked(log: &std::path::Path) -> HashMap<String, Vec<Acked>> {
    let text = std::fs::read_to_string(log).expect("acked log");
    let mut by_session: HashMap<String, Vec<Acked>> = HashMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        assert_eq!(f.len(), 5, "{line}");
        by_session.entry(f[0].to_string()).or_default().push(Acked {
            status: f[1].parse().expect("status"),
            input: f[2].parse().expect("input"),
            output: f[3].parse().expect("output"),
            server: f[4].parse().expect("server"),
        });
    }
    by_session
}

/// Every acknowledged record stored, each session one row, usage counted once; returns
/// (records acknowledged, sessions, acknowledged by the second server).
fn check_stored_once(db_url: &str, log: &std::path::Path) -> (usize, usize, usize) {
    // The store's pool lives on this runtime, so both go together.
    let rt = runtime();
    let store = &rt.block_on(Store::connect(db_url)).expect("store");
    let acked = read_acked(log);
    let rows = rt
        .block_on(store.list_sessions(&SessionFilter {
            limit: 1_000_000,
            ..Default::default()
        }))
        .expect("sessions");
    let mut rows_by_id: HashMap<&str, Vec<_>> = HashMap::new();
    for r in &rows {
        rows_by_id.entry(&r.acct_session_id).or_default().push(r);
    }
    for (session, records) in &acked {
        let stored = rows_by_id.get(session.as_str()).map_or(&[][..], |v| &v[..]);
        assert_eq!(stored.len(), 1, "session {session}: {} rows", stored.len());
        let row = stored[0];
        for a in records {
            assert!(
                row.input_octets >= a.input && row.output_octets >= a.output,
                "acknowledged record of {session} lost: {row:?}"
            );
        }
        if let Some(stop) = records.iter().find(|a| a.status == 2) {
            assert_eq!(
                (row.state.as_str(), row.input_octets, row.output_octets),
                ("closed", stop.input, stop.output),
                "{session}"
            );
        }
    }
    let total_in: i64 = rows.iter().map(|r| r.input_octets).sum();
    let total_out: i64 = rows.iter().map(|r| r.output_octets).sum();
    let nas = rt
        .block_on(store.nas_usage(1, "2000-01-01", "2100-01-01"))
        .expect("nas usage");
    assert_eq!(
        (
            nas.iter().map(|d| d.input_octets).sum::<i64>(),
            nas.iter().map(|d| d.output_octets).sum::<i64>()
        ),
        (total_in, total_out),
        "per-NAS usage holds each octet once"
    );
    let mut users_in = 0;
    for n in 1..=USERS {
        let usage = rt
            .block_on(store.user_usage(&format!("user{n:05}"), "2000-01-01", "2100-01-01"))
            .expect("usage");
        users_in += usage.iter().map(|d| d.input_octets).sum::<i64>();
    }
    assert_eq!(users_in, total_in, "per-user usage holds each octet once");
    let records = acked.values().map(Vec::len).sum();
    let by_b = acked.values().flatten().filter(|a| a.server == 1).count();
    (records, acked.len(), by_b)
}

fn kill9(pid: u32) {
    let ok = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "kill -9 {pid}");
}

#[test]
fn instance_killed_under_load() {
    if postgres_url().is_none() {
        return;
    }
    let (a, b, dir) = pair(None);
    let log = dir.path().join("acked.log");
    let (secs, fault_at, _) = timing();
    let run = bench(&a, &b, &log, secs);
    std::thread::sleep(Duration::from_secs(fault_at));
    kill9(a.pid());
    let out = finish(run);
    eprintln!("{out}");
    assert!(result(&out, "failovers") > 0, "{out}");
    assert_eq!(result(&out, "rejects"), 0, "{out}");
    let (records, sessions, by_b) = check_stored_once(b.db_url(), &log);
    eprintln!("acknowledged {records} accounting records of {sessions} sessions, {by_b} by B");
    assert!(by_b > 0, "B took over the accounting");
    // Logins go on through B.
    let reply = b.client().login("siswa-none", "x").expect("B answers");
    assert_eq!(code(&reply), Code::AccessReject);
}

#[test]
fn database_outage_under_load() {
    if postgres_url().is_none() {
        return;
    }
    let proxy = Proxy::start(upstream());
    let (a, b, dir) = pair(Some(&proxy));
    let log = dir.path().join("acked.log");
    let (secs, fault_at, hold) = timing();
    let run = bench(&a, &b, &log, secs + hold);
    std::thread::sleep(Duration::from_secs(fault_at));
    proxy.cut();
    let cut_at = Instant::now();
    std::thread::sleep(Duration::from_secs(hold));
    proxy.restore();
    eprintln!("database cut for {:?}", cut_at.elapsed());
    let out = finish(run);
    eprintln!("{out}");
    assert!(result(&out, "timeouts") > 0, "the cut was felt: {out}");
    let (records, sessions, _) = check_stored_once(&postgres_direct(&a), &log);
    eprintln!("acknowledged {records} accounting records of {sessions} sessions");
    // Both recover by themselves: each answers accounting again on its own.
    for s in [&a, &b] {
        let c = common::Client::new("127.0.0.1:0", s.acct, common::SECRET);
        common::Acct {
            status: common::START,
            session: &format!("after-{}", s.acct.port()),
            user: "user00001",
            ..Default::default()
        }
        .send(&c);
    }
}

/// The database URL without the proxy (the proxy's port replaced by the upstream's).
fn postgres_direct(s: &Server) -> String {
    let via = s.db_url();
    let proxied = via
        .split('@')
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("host:port")
        .to_string();
    via.replacen(&proxied, &upstream(), 1)
}
