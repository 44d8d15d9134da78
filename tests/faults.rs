//! Faults (issue 25, part 6), each under accounting and login load with an admin change:
//! SQLite on a full filesystem (a 12 MiB tmpfs; needs root, skipped otherwise) with the
//! server's log on that filesystem and on another, the log destination gone (stderr a
//! closed pipe), SQLite locked by another process (`sqlite3`), PostgreSQL refusing
//! connections (a TCP proxy in between is cut; the shared server is never touched). In
//! each: every acknowledged accounting record is stored, nothing is counted twice, the
//! audit chain verifies, and the service resumes by itself. Outcomes are recorded in
//! docs/reliability.md; `RADKOTA_SOAK=1` holds each fault longer.

mod common;
#[path = "faults/support.rs"]
mod support;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{SECRET, runtime, today_at_10_wib};
use radkota::protocol::crypto::verify_response_authenticator;
use radkota::protocol::{Code, PacketBuilder, attr};
use radkota::store::testing::{PgSchema, postgres_url};
use radkota::store::{SessionFilter, Store};
use support::{Proxy, Tmpfs};

/// 2026-03-01 10:00 WIB: the NAS's clock for every record.
const T0: u32 = 1_772_334_000;
/// Records per session: Start, Interim-Updates, Stop.
const STEPS: u32 = 9;
const SESSIONS: u32 = 60;
const PW: &str = "Malang-RW07-hotspot-passphrase-37-oct";

/// How long a fault is held: a few seconds, or a minute with `RADKOTA_SOAK=1`.
fn hold() -> Duration {
    if std::env::var("RADKOTA_SOAK").is_ok_and(|v| v == "1") {
        Duration::from_secs(60)
    } else {
        Duration::from_secs(4)
    }
}

/// A config directory, a data directory and a database, and the `radkota` processes run
/// against them (server and CLI).
struct Setup {
    dir: tempfile::TempDir,
    data: PathBuf,
    db_url: String,
    /// The URL the tests read the database through (not through a proxy).
    check_url: String,
    schema: Option<PgSchema>,
}

impl Drop for Setup {
    fn drop(&mut self) {
        if let Some(schema) = self.schema.take() {
            let _ = runtime().block_on(schema.drop());
        }
    }
}

impl Setup {
    fn new(data: PathBuf, db_url: String, check_url: String, schema: Option<PgSchema>) -> Setup {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = "[server]\nauth_listen = [\"127.0.0.1:0\"]\nacct_listen = [\"127.0.0.1:0\"]\n\
                      [log]\nlevel = \"info,radkota=debug\"\n\
                      [auth.argon2]\nmemory_kib = 1024\niterations = 1\nparallelism = 1\n";
        std::fs::write(dir.path().join("radkota.toml"), config).expect("config");
        let s = Setup {
            dir,
            data,
            db_url,
            check_url,
            schema,
        };
        s.cli_ok(&[
            "nas",
            "add",
            "rw01",
            "--address",
            "127.0.0.1",
            "--secret",
            "testing123",
        ]);
        s.cli_ok(&["user", "add", "warung", "--plan", "umkm", "--password", PW]);
        s
    }

    fn sqlite(dir: &Path) -> Setup {
        let url = format!("sqlite://{}", dir.join("radkota.db").display());
        Setup::new(dir.join("data"), url.clone(), url, None)
    }

    fn command(&self) -> Command {
        // RADKOTA_FAULTS_BIN runs another build (e.g. one from before a fix) through the
        // same scenarios.
        let bin = std::env::var_os("RADKOTA_FAULTS_BIN").map_or_else(
            || PathBuf::from(env!("CARGO_BIN_EXE_radkota")),
            PathBuf::from,
        );
        let mut cmd = Command::new(bin);
        cmd.env("RADKOTA_CONFIG", self.dir.path().join("radkota.toml"))
            .env("RADKOTA_DATA_DIR", &self.data)
            .env("RADKOTA_DATABASE_URL", &self.db_url)
            .env("RADKOTA_TEST_CLOCK", today_at_10_wib().to_string())
            .env_remove("RADKOTA_LOG_LEVEL")
            .env_remove("RADKOTA_LOG_FORMAT");
        // PostgreSQL has no file to keep the key beside, so it is named; SQLite's key
        // follows the database file.
        if self.db_url.starts_with("postgres") {
            cmd.env("RADKOTA_KEY_FILE", self.dir.path().join("radkota.key"));
        } else {
            cmd.env_remove("RADKOTA_KEY_FILE");
        }
        cmd
    }

    fn cli_ok(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("run radkota");
        assert!(
            out.status.success(),
            "radkota {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// An admin change in the background: a new user.
    fn add_user(&self, name: &str) -> Child {
        self.command()
            .args(["user", "add", name, "--plan", "umkm", "--password", PW])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn cli")
    }

    fn audit_intact(&self) {
        let out = self.cli_ok(&["audit", "verify"]);
        assert!(out.contains("audit log intact"), "{out}");
    }

    /// Starts `radkota serve` with stderr to `log` (a file) or to a pipe that is closed as
    /// soon as the server is ready.
    fn serve(&self, log: Option<&Path>) -> Running {
        let mut cmd = self.command();
        cmd.arg("serve").stdin(Stdio::null()).stdout(Stdio::null());
        match log {
            Some(path) => {
                let f = std::fs::File::create(path).expect("log file");
                cmd.stderr(f);
            }
            None => {
                cmd.stderr(Stdio::piped());
            }
        }
        let mut child = cmd.spawn().expect("spawn server");
        let lines = match child.stderr.take() {
            Some(pipe) => read_until_ready(pipe),
            None => wait_for_ready(log.expect("log"), &mut child),
        };
        let addr = |kind: &str| {
            let tag = format!("kind=\"{kind}\"");
            lines
                .iter()
                .filter(|l| l.contains("listening") && l.contains(&tag))
                .find_map(|l| {
                    l[l.find("addr=")? + 5..]
                        .split_whitespace()
                        .next()?
                        .parse::<SocketAddr>()
                        .ok()
                })
                .expect("listening address")
        };
        Running {
            auth: addr("auth"),
            acct: addr("acct"),
            child,
        }
    }
}

/// Reads the pipe until the server is ready, then closes it: the log destination is gone.
fn read_until_ready(pipe: ChildStderr) -> Vec<String> {
    let mut lines = Vec::new();
    for line in BufReader::new(pipe).lines().map_while(Result::ok) {
        let ready = line.contains("radkota ready");
        lines.push(line);
        if ready {
            break;
        }
    }
    lines
}

fn wait_for_ready(log: &Path, child: &mut Child) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        if text.contains("radkota ready") {
            return text.lines().map(str::to_string).collect();
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("server exited early ({status}): {text}");
        }
        assert!(Instant::now() < deadline, "server did not start: {text}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

struct Running {
    child: Child,
    auth: SocketAddr,
    acct: SocketAddr,
}

impl Running {
    /// The exit status, if the server has exited.
    fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// SIGTERM; the exit status must be success (no abort, no SIGPIPE death).
    fn stop(mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let status = self.child.wait().expect("wait");
        assert!(status.success(), "server exit status {status}");
    }

    /// PAP logins of `warung` (cached after the first): how many of `n` were answered
    /// with an Access-Accept.
    fn logins(&self, n: usize) -> usize {
        let c = common::Client::new("127.0.0.1:0", self.auth, SECRET);
        c.socket
            .set_read_timeout(Some(Duration::from_millis(300)))
            .expect("timeout");
        (0..n)
            .filter(|_| {
                let req = c.pap_request("warung", PW, true);
                c.exchange(&req)
                    .is_some_and(|r| r[0] == Code::AccessAccept.as_u8())
            })
            .count()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Accounting of `SESSIONS` sessions, `STEPS` records each with counters growing by step,
/// and which records got an Accounting-Response.
struct Load {
    server: SocketAddr,
    answered: HashSet<(u32, u32)>,
}

impl Load {
    fn new(server: SocketAddr) -> Load {
        Load {
            server,
            answered: HashSet::new(),
        }
    }

    fn packet(k: u32, j: u32, id: u8) -> Vec<u8> {
        let status = match j {
            1 => 1,
            STEPS => 2,
            _ => 3,
        };
        let mut b = PacketBuilder::new(Code::AccountingRequest, id);
        b.add_u32(attr::ACCT_STATUS_TYPE, status).unwrap();
        b.add(attr::ACCT_SESSION_ID, format!("f-{k}").as_bytes())
            .unwrap();
        b.add(attr::USER_NAME, format!("u{k}").as_bytes()).unwrap();
        b.add_u32(attr::EVENT_TIMESTAMP, T0 + j * 60).unwrap();
        b.add_u32(attr::ACCT_SESSION_TIME, (j - 1) * 60).unwrap();
        b.add_u32(attr::ACCT_INPUT_OCTETS, (j - 1) * 1000).unwrap();
        b.add_u32(attr::ACCT_OUTPUT_OCTETS, (j - 1) * 2000).unwrap();
        b.finish_request(&[0; 16], SECRET, false).unwrap()
    }

    /// Sends step `j` of every session not yet answered at that step, once; returns how
    /// many were answered. Each round sends from a port of its own, as a NAS's retries
    /// carry new identifiers: a late answer to an earlier round is not mistaken for one to
    /// this round (it is simply not counted, as the NAS would not count it).
    fn round(&mut self, j: u32) -> usize {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
        socket
            .set_read_timeout(Some(Duration::from_millis(700)))
            .expect("timeout");
        let todo: Vec<u32> = (0..SESSIONS)
            .filter(|k| !self.answered.contains(&(*k, j)))
            .collect();
        let mut pending = std::collections::HashMap::new();
        for (i, k) in todo.iter().enumerate() {
            let req = Load::packet(*k, j, i as u8);
            let auth: [u8; 16] = req[4..20].try_into().unwrap();
            pending.insert(i as u8, (*k, auth));
            socket.send_to(&req, self.server).expect("send");
        }
        let mut got = 0;
        let mut buf = [0u8; 4096];
        while !pending.is_empty() {
            let Ok((n, _)) = socket.recv_from(&mut buf) else {
                break;
            };
            let reply = &buf[..n];
            if let Some((k, auth)) = pending.get(&reply[1]).copied() {
                assert_eq!(reply[0], Code::AccountingResponse.as_u8());
                assert!(verify_response_authenticator(reply, &auth, SECRET));
                pending.remove(&reply[1]);
                self.answered.insert((k, j));
                got += 1;
            }
        }
        got
    }

    /// Step `j` again and again until every session's is answered (the NAS retrying).
    fn until_answered(&mut self, j: u32, within: Duration) {
        let deadline = Instant::now() + within;
        while (0..SESSIONS).any(|k| !self.answered.contains(&(k, j))) {
            assert!(Instant::now() < deadline, "step {j} not all answered");
            self.round(j);
        }
    }

    /// Every answered record is stored (the session's counters are at least its), and
    /// every session's usage rollups equal its counters (nothing counted twice).
    fn check(&self, rt: &tokio::runtime::Runtime, store: &Store) {
        let rows = rt
            .block_on(store.list_sessions(&SessionFilter {
                limit: 100_000,
                ..Default::default()
            }))
            .expect("sessions");
        let mut total = 0;
        for &(k, j) in &self.answered {
            let row = rows
                .iter()
                .find(|s| s.acct_session_id == format!("f-{k}"))
                .unwrap_or_else(|| panic!("answered record {k}/{j} lost"));
            assert!(
                row.input_octets >= i64::from((j - 1) * 1000),
                "{k}/{j} lost"
            );
        }
        for row in &rows {
            let usage = rt
                .block_on(store.user_usage(&row.username, "2000-01-01", "2100-01-01"))
                .expect("usage");
            let sum = |f: fn(&radkota::store::UsageDay) -> i64| usage.iter().map(f).sum::<i64>();
            assert_eq!(
                (sum(|d| d.input_octets), sum(|d| d.output_octets)),
                (row.input_octets, row.output_octets),
                "{row:?}"
            );
            total += row.input_octets;
        }
        let nas = rt
            .block_on(store.nas_usage(1, "2000-01-01", "2100-01-01"))
            .expect("nas usage");
        assert_eq!(nas.iter().map(|d| d.input_octets).sum::<i64>(), total);
    }

    /// After everything was answered: every session closed with its exact final counters.
    fn check_complete(&self, rt: &tokio::runtime::Runtime, store: &Store) {
        self.check(rt, store);
        let rows = rt
            .block_on(store.list_sessions(&SessionFilter {
                limit: 100_000,
                ..Default::default()
            }))
            .expect("sessions");
        assert_eq!(rows.len(), SESSIONS as usize);
        for r in &rows {
            assert_eq!(
                (r.input_octets, r.output_octets, r.state.as_str()),
                (
                    i64::from((STEPS - 1) * 1000),
                    i64::from((STEPS - 1) * 2000),
                    "closed"
                ),
                "{r:?}"
            );
        }
    }
}

/// One fault under load: steps 1-3 before, 4-6 while `fault` holds (it returns the clearing
/// action), the rest after; an admin change during the fault. Returns (acknowledged
/// during the fault, logins accepted during the fault).
fn under_load(
    setup: &Setup,
    server: &mut Running,
    fault: impl FnOnce() -> Box<dyn FnOnce()>,
) -> (usize, usize) {
    let mut load = Load::new(server.acct);
    assert_eq!(server.exited(), None, "the server runs");
    for j in 1..=3 {
        load.until_answered(j, Duration::from_secs(10));
    }
    assert_eq!(server.logins(3), 3, "logins before the fault");
    let clear = fault();
    let admin = setup.add_user("during-fault");
    let start = Instant::now();
    let mut acked = 0;
    let mut logins = 0;
    let mut j = 4;
    while start.elapsed() < hold() {
        acked += load.round(j);
        logins += server.logins(2);
        j = if j == 6 { 4 } else { j + 1 };
    }
    assert_eq!(server.exited(), None, "the server survived the fault");
    clear();
    let admin_ok = wait_child(admin);
    // What was acknowledged before and during the fault is stored, counted once.
    let rt = runtime();
    let store = rt
        .block_on(Store::connect(&setup.check_url))
        .expect("store");
    load.check(&rt, &store);
    for j in 4..=STEPS {
        load.until_answered(j, Duration::from_secs(30));
    }
    assert!(server.logins(3) > 0, "logins after the fault");
    load.check_complete(&rt, &store);
    let users = rt.block_on(store.list_users(None, 1000, 0)).expect("users");
    if admin_ok {
        assert!(users.iter().any(|u| u.username == "during-fault"));
    }
    setup.audit_intact();
    setup.cli_ok(&[
        "user",
        "add",
        "after-fault",
        "--plan",
        "umkm",
        "--password",
        PW,
    ]);
    setup.audit_intact();
    eprintln!(
        "acknowledged during the fault: {acked}; logins accepted during the fault: {logins}; \
         admin change during the fault succeeded: {admin_ok}"
    );
    (acked, logins)
}

fn wait_child(mut c: Child) -> bool {
    c.wait().map(|s| s.success()).unwrap_or(false)
}

fn full_disk(log_on_same_fs: bool) {
    let Some(fs) = Tmpfs::mount("12m") else {
        return;
    };
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let log = if log_on_same_fs {
        fs.0.path().join("radkota.log")
    } else {
        elsewhere.path().join("radkota.log")
    };
    let setup = Setup::sqlite(fs.0.path());
    let mut server = setup.serve(Some(&log));
    let (_, logins) = under_load(&setup, &mut server, || {
        let filler = fs.fill();
        Box::new(move || std::fs::remove_file(filler).expect("free space"))
    });
    assert!(logins > 0, "logins went on while the disk was full");
    server.stop();
    let text = std::fs::read_to_string(&log).expect("log");
    let stopped = text
        .lines()
        .rev()
        .find(|l| l.contains("stopped"))
        .expect("stopped line");
    if log_on_same_fs {
        assert!(
            text.contains("log lines dropped: the log could not be written"),
            "the count of dropped lines is logged once the log can be written"
        );
        assert!(!stopped.contains("log_lines_dropped=0"), "{stopped}");
    } else {
        assert!(stopped.contains("log_lines_dropped=0"), "{stopped}");
        assert!(
            text.contains("accounting batch not stored"),
            "failures logged"
        );
    }
    eprintln!("{stopped}");
}

#[test]
fn sqlite_full_disk_log_on_same_filesystem() {
    full_disk(true);
}

#[test]
fn sqlite_full_disk_log_elsewhere() {
    full_disk(false);
}

#[test]
fn log_destination_gone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let setup = Setup::sqlite(dir.path());
    let mut server = setup.serve(None);
    // The pipe is closed: every line from now on fails with EPIPE (SIGPIPE is ignored).
    let (acked, logins) = under_load(&setup, &mut server, || Box::new(|| {}));
    assert!(acked > 0 && logins > 0, "service went on with no log");
    server.stop();
}

#[test]
fn sqlite_locked_by_another_process() {
    let dir = tempfile::tempdir().expect("tempdir");
    let setup = Setup::sqlite(dir.path());
    let db = dir.path().join("radkota.db");
    let mut server = setup.serve(Some(&dir.path().join("radkota.log")));
    under_load(&setup, &mut server, || {
        let mut sqlite = Command::new("sqlite3")
            .arg(&db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("sqlite3 (apt install sqlite3)");
        let mut stdin = sqlite.stdin.take().expect("stdin");
        stdin
            .write_all(b"BEGIN EXCLUSIVE;\nSELECT 'locked';\n")
            .expect("lock");
        let mut line = String::new();
        let stdout = sqlite.stdout.take().expect("stdout");
        BufReader::new(stdout).read_line(&mut line).expect("read");
        assert_eq!(line.trim(), "locked");
        Box::new(move || {
            let _ = stdin.write_all(b"ROLLBACK;\n.quit\n");
            drop(stdin);
            let _ = sqlite.wait();
        })
    });
    server.stop();
}

#[test]
fn postgres_refusing_connections() {
    let Some(base) = postgres_url() else {
        return;
    };
    let schema = runtime().block_on(PgSchema::create(&base)).expect("schema");
    let direct = schema.url().to_string();
    let host = direct
        .split('@')
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("host:port in the URL")
        .to_string();
    let proxy = Proxy::start(host.clone());
    let via = direct.replacen(&host, &format!("127.0.0.1:{}", proxy.port), 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let setup = Setup::new(dir.path().join("data"), via, direct, Some(schema));
    let mut server = setup.serve(Some(&dir.path().join("radkota.log")));
    let proxy = Arc::new(proxy);
    let p = proxy.clone();
    let (acked, _) = under_load(&setup, &mut server, move || {
        p.cut();
        Box::new(move || p.restore())
    });
    eprintln!("acknowledged while PostgreSQL refused connections: {acked}");
    server.stop();
}
