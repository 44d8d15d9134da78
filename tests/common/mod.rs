//! Test support: start the real `radkota serve` binary on loopback (SQLite in a temp dir, or
//! a throw-away PostgreSQL schema), run CLI commands against the same config, and a small
//! blocking RADIUS client built on our codec.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use radkota::protocol::crypto::{
    MessageAuthenticator, check_message_authenticator, hide_password, verify_response_authenticator,
};
use radkota::protocol::{Code, Packet, PacketBuilder, attr};
use radkota::store::Store;
use radkota::store::testing::{PgSchema, postgres_url};

pub mod interop;
mod radius;
#[allow(unused_imports)]
pub use radius::{ACCT_ON, Acct, INTERIM, START, STOP, code, session_timeout};

/// Which database a test server uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Generates one `#[test]` per backend from a function taking `Db`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name(super::common::Db::Sqlite) })*
        }
        mod postgres {
            $(#[test] fn $name() {
                if radkota::store::testing::postgres_url().is_some() { super::$name(super::common::Db::Postgres) }
            })*
        }
    };
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// The shared secret every test NAS uses.
pub const SECRET: &[u8] = b"testing123";

/// A running server and its private data directory.
pub struct Server {
    child: Option<Child>,
    dir: tempfile::TempDir,
    pub auth: SocketAddr,
    pub acct: SocketAddr,
    lines: Arc<Mutex<Vec<String>>>,
    /// Standard output of `serve --debug` (`start_debug`).
    out: Arc<Mutex<String>>,
    db_url: String,
    schema: Option<PgSchema>,
    /// The policy clock the server and CLI start at (see `policy::clock`).
    clock: i64,
}

/// Today 10:00 in Asia/Jakarta, as epoch seconds: inside the student plan's allowed hours
/// whenever the suite runs, and on the same day as the real clock so usage days agree.
pub fn today_at_10_wib() -> i64 {
    today_at_wib(10, 0)
}

/// Today at hh:mm in Asia/Jakarta (WIB, UTC+7), as epoch seconds.
pub fn today_at_wib(h: i64, m: i64) -> i64 {
    let wib = 7 * 3600;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    (now + wib).div_euclid(86_400) * 86_400 + h * 3600 + m * 60 - wib
}

impl Server {
    /// Prepares a data directory and database without starting the server, so NAS and users
    /// can be added first.
    pub fn prepare(db: Db) -> Server {
        Self::prepare_with(db, "")
    }

    /// As `prepare`, with `extra` appended to the config file (whole TOML sections).
    pub fn prepare_with(db: Db, extra: &str) -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        let (db_url, schema) = match db {
            Db::Sqlite => (
                format!("sqlite://{}", dir.path().join("radkota.db").display()),
                None,
            ),
            Db::Postgres => {
                let base = postgres_url().expect("postgres url");
                let schema = runtime()
                    .block_on(PgSchema::create(&base))
                    .expect("pg schema");
                (schema.url().to_string(), Some(schema))
            }
        };
        // Small argon2 costs keep the suite fast; production uses OWASP's defaults.
        let config = "\
[server]
auth_listen = [\"127.0.0.1:0\"]
acct_listen = [\"127.0.0.1:0\"]
nas_refresh_secs = 1
duplicate_window_secs = 30

[log]
level = \"info,radkota=debug\"

[auth.argon2]
memory_kib = 1024
iterations = 1
parallelism = 1
";
        std::fs::write(
            dir.path().join("radkota.toml"),
            format!("{config}\n{extra}"),
        )
        .expect("config");
        Server {
            child: None,
            dir,
            auth: "127.0.0.1:0".parse().unwrap(),
            acct: "127.0.0.1:0".parse().unwrap(),
            lines: Arc::new(Mutex::new(Vec::new())),
            out: Arc::new(Mutex::new(String::new())),
            db_url,
            schema,
            clock: today_at_10_wib(),
        }
    }

    /// A second instance on the same database (PostgreSQL): a data directory of its own
    /// with the same config and a copy of the key file (made by the first CLI command).
    /// The database stays the first's: dropping the sibling leaves it.
    pub fn sibling(&self) -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::copy(self.config_path(), dir.path().join("radkota.toml")).expect("config");
        std::fs::copy(self.key_file(), dir.path().join("radkota.key")).expect("key file");
        Server {
            child: None,
            dir,
            auth: "127.0.0.1:0".parse().unwrap(),
            acct: "127.0.0.1:0".parse().unwrap(),
            lines: Arc::new(Mutex::new(Vec::new())),
            out: Arc::new(Mutex::new(String::new())),
            db_url: self.db_url.clone(),
            schema: None,
            clock: self.clock,
        }
    }

    /// Makes the server and the CLI reach the database at `url` (e.g. through a proxy);
    /// the database is still dropped through the URL it was made with.
    pub fn set_db_url(&mut self, url: String) {
        self.db_url = url;
    }

    /// The address in the first log line holding `what` (`... addr=IP:PORT`), waiting up
    /// to 10 s for it: a listener's line may come just after the server says it is ready.
    fn logged_addr(&self, what: &str) -> Option<SocketAddr> {
        let find = || {
            let lines = self.lines.lock().unwrap();
            lines.iter().filter(|l| l.contains(what)).find_map(|l| {
                l[l.find("addr=")? + 5..]
                    .split_whitespace()
                    .next()?
                    .parse()
                    .ok()
            })
        };
        eventually(10, || find().is_some());
        find()
    }

    /// The address the server said `/metrics` listens on (`[metrics] listen`).
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.logged_addr("metrics listening")
    }

    /// The address the server said the admin API listens on (waits up to 10 s for it).
    pub fn admin_addr(&self) -> SocketAddr {
        let found = self.logged_addr("admin API listening");
        found.unwrap_or_else(|| panic!("no admin address logged:\n{}", self.log()))
    }

    /// Appends `text` (whole TOML sections) to the config file, for settings that name
    /// files in the server's directory.
    pub fn append_config(&self, text: &str) {
        use std::io::Write as _;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(self.config_path())
            .expect("config");
        writeln!(f, "\n{text}").expect("config");
    }

    /// Starts the policy clock of the server and the CLI at `epoch` (debug builds only).
    pub fn set_clock(&mut self, epoch: i64) {
        self.clock = epoch;
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_radkota"));
        cmd.env("RADKOTA_CONFIG", self.dir.path().join("radkota.toml"))
            .env("RADKOTA_DATA_DIR", self.dir.path().join("data"))
            .env("RADKOTA_DATABASE_URL", &self.db_url)
            .env("RADKOTA_TEST_CLOCK", self.clock.to_string())
            .env_remove("RADKOTA_AUTH_LISTEN")
            .env_remove("RADKOTA_ACCT_LISTEN")
            .env_remove("RADKOTA_LOG_LEVEL")
            .env_remove("RADKOTA_LOG_FORMAT");
        // SQLite keeps its key next to the database; PostgreSQL needs it configured.
        if self.db_url.starts_with("postgres") {
            cmd.env("RADKOTA_KEY_FILE", self.key_file());
        } else {
            cmd.env_remove("RADKOTA_KEY_FILE");
        }
        cmd
    }

    /// The key file the server and the CLI use.
    pub fn key_file(&self) -> PathBuf {
        self.dir.path().join("radkota.key")
    }

    /// The temporary directory that holds the config, the key and a SQLite database.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Runs a CLI command against this server's config; panics with its stderr on failure.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = self.cli_output(args);
        assert!(
            out.status.success(),
            "radkota {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a CLI command and returns its output whatever the status.
    pub fn cli_output(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run radkota")
    }

    /// Runs a CLI command with `input` on its standard input (`--password-stdin`) and
    /// returns its output whatever the status.
    pub fn cli_input(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write;
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn radkota");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(input.as_bytes()).expect("write stdin");
        drop(stdin);
        child.wait_with_output().expect("radkota output")
    }

    /// Starts a CLI command against this server's config without waiting for it; its
    /// standard output is piped.
    pub fn cli_spawn(&self, args: &[&str]) -> Child {
        self.command()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn radkota")
    }

    /// Adds the standard test NAS (127.0.0.1) and a user per seeded plan.
    pub fn provision(&self) {
        self.cli(&[
            "nas",
            "add",
            "rw01",
            "--address",
            "127.0.0.1",
            "--secret",
            "testing123",
        ]);
        self.cli(&[
            "user",
            "add",
            "siswa",
            "--plan",
            "student",
            "--password",
            "rahasia-siswa",
        ]);
        self.cli(&[
            "user",
            "add",
            "warung",
            "--plan",
            "umkm",
            "--password",
            "Malang-RW07-hotspot-passphrase-37-oct",
        ]);
    }

    /// Starts `radkota serve` and waits until both ports listen.
    pub fn start(self) -> Server {
        self.start_with(&[])
    }

    /// Starts `radkota serve --debug`, its standard output kept (`debug_output`).
    pub fn start_debug(self) -> Server {
        self.start_with(&["--debug"])
    }

    /// What `serve --debug` has printed so far.
    pub fn debug_output(&self) -> String {
        self.out.lock().unwrap().clone()
    }

    fn start_with(mut self, args: &[&str]) -> Server {
        let mut child = self
            .command()
            .arg("serve")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn server");
        let stdout = child.stdout.take().expect("stdout");
        let out = self.out.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut out = out.lock().unwrap();
                out.push_str(&line);
                out.push('\n');
            }
        });
        let stderr = child.stderr.take().expect("stderr");
        let lines = self.lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (auth, acct) = {
                let lines = self.lines.lock().unwrap();
                (find_addr(&lines, "auth"), find_addr(&lines, "acct"))
            };
            if let (Some(a), Some(b)) = (auth, acct) {
                if self.log_contains("radkota ready") {
                    self.auth = a;
                    self.acct = b;
                    return self;
                }
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("server exited early ({status}):\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "server did not start:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The config file the server and the CLI read (tests may rewrite it before `start`).
    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("radkota.toml")
    }

    /// Every address the server said it listens on for `kind` ("auth" or "acct").
    pub fn listening(&self, kind: &str) -> Vec<SocketAddr> {
        let tag = format!("kind=\"{kind}\"");
        let lines = self.lines.lock().unwrap();
        lines
            .iter()
            .filter(|l| l.contains("listening") && l.contains(&tag))
            .filter_map(|l| {
                l[l.find("addr=")? + 5..]
                    .split_whitespace()
                    .next()?
                    .parse()
                    .ok()
            })
            .collect()
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("server running").id()
    }

    /// Waits for a server killed from elsewhere (e.g. `kill -9 <pid>`) and starts it again
    /// on the same data directory and database, with fresh ports.
    pub fn restart(mut self) -> Server {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        std::thread::sleep(Duration::from_millis(100));
        self.lines.lock().unwrap().clear();
        self.start()
    }

    /// The database URL (for connections that play the database's part in a test).
    pub fn db_url(&self) -> &str {
        &self.db_url
    }

    /// Everything the server has logged so far.
    pub fn log(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    /// Whether a log line contains `needle`.
    pub fn log_contains(&self, needle: &str) -> bool {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains(needle))
    }

    /// Sends SIGTERM, waits for exit, and returns the full log.
    pub fn stop(&mut self) -> String {
        if let Some(mut child) = self.child.take() {
            unsafe_kill_term(child.id());
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                if let Some(status) = child.try_wait().unwrap() {
                    assert!(
                        status.success(),
                        "server exit status {status}:\n{}",
                        self.log()
                    );
                    break;
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    panic!("server did not stop on SIGTERM:\n{}", self.log());
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            // Let the reader thread collect the last lines.
            std::thread::sleep(Duration::from_millis(100));
        }
        self.log()
    }

    /// A store handle on the same database (for assertions).
    pub async fn store(&self) -> Store {
        Store::connect(&self.db_url).await.expect("store")
    }

    /// The data directory.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A client bound to 127.0.0.1 talking to the auth port.
    pub fn client(&self) -> Client {
        Client::new("127.0.0.1:0", self.auth, SECRET)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Some(schema) = self.schema.take() {
            let _ = runtime().block_on(schema.drop());
        }
    }
}

fn unsafe_kill_term(pid: u32) {
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
}

fn find_addr(lines: &[String], kind: &str) -> Option<SocketAddr> {
    let tag = format!("kind=\"{kind}\"");
    lines
        .iter()
        .filter(|l| l.contains("listening") && l.contains(&tag))
        .find_map(|l| {
            let rest = &l[l.find("addr=")? + 5..];
            rest.split_whitespace().next()?.parse().ok()
        })
}

/// Value of counter `name` in the server's final statistics line.
pub fn final_counter(log: &str, name: &str) -> u64 {
    let line = log
        .lines()
        .rev()
        .find(|l| l.contains("stopped") && l.contains("counters="))
        .expect("final counters line");
    let key = format!("{name}=");
    line.split(|c: char| c.is_whitespace() || c == '"')
        .find_map(|w| w.strip_prefix(&key))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("counter {name} not in {line}"))
}

/// A blocking RADIUS client over UDP.
pub struct Client {
    pub socket: UdpSocket,
    pub server: SocketAddr,
    pub secret: Vec<u8>,
    next_id: std::cell::Cell<u8>,
}

impl Client {
    /// Binds `local` (e.g. "127.0.0.2:0" to appear as another NAS).
    pub fn new(local: &str, server: SocketAddr, secret: &[u8]) -> Client {
        let socket = UdpSocket::bind(local).expect("bind client");
        socket
            .set_read_timeout(Some(Duration::from_millis(1500)))
            .unwrap();
        Client {
            socket,
            server,
            secret: secret.to_vec(),
            next_id: std::cell::Cell::new(1),
        }
    }

    /// A fresh identifier.
    pub fn id(&self) -> u8 {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        id
    }

    /// Sends bytes and waits for one reply (None on timeout).
    pub fn exchange(&self, request: &[u8]) -> Option<Vec<u8>> {
        self.socket.send_to(request, self.server).expect("send");
        self.receive()
    }

    /// Sends bytes without waiting for a reply.
    pub fn send(&self, request: &[u8]) {
        self.socket.send_to(request, self.server).expect("send");
    }

    /// Waits for one datagram.
    pub fn receive(&self) -> Option<Vec<u8>> {
        let mut buf = [0u8; 4096];
        match self.socket.recv_from(&mut buf) {
            Ok((n, _)) => Some(buf[..n].to_vec()),
            Err(_) => None,
        }
    }

    /// A PAP Access-Request (MA first when `ma`).
    pub fn pap_request(&self, user: &str, password: &str, ma: bool) -> Vec<u8> {
        let auth: [u8; 16] = rand::random();
        let mut b = PacketBuilder::new(Code::AccessRequest, self.id());
        b.add(attr::USER_NAME, user.as_bytes()).unwrap();
        b.add(
            attr::USER_PASSWORD,
            &hide_password(password.as_bytes(), &self.secret, &auth).unwrap(),
        )
        .unwrap();
        b.add(attr::NAS_IDENTIFIER, b"rw01-test").unwrap();
        b.finish_request(&auth, &self.secret, ma).unwrap()
    }

    /// A CHAP Access-Request with CHAP-Challenge and Message-Authenticator, from device
    /// `mac` (Calling-Station-Id) when given.
    pub fn chap_request(&self, user: &str, password: &str, mac: Option<&str>) -> Vec<u8> {
        use md5::Digest;
        let auth: [u8; 16] = rand::random();
        let challenge: [u8; 16] = rand::random();
        let ident = 7u8;
        let mut h = md5::Md5::new();
        h.update([ident]);
        h.update(password.as_bytes());
        h.update(challenge);
        let mut chap = vec![ident];
        chap.extend_from_slice(&h.finalize());
        let mut b = PacketBuilder::new(Code::AccessRequest, self.id());
        b.add(attr::USER_NAME, user.as_bytes()).unwrap();
        b.add(attr::CHAP_PASSWORD, &chap).unwrap();
        b.add(attr::CHAP_CHALLENGE, &challenge).unwrap();
        if let Some(mac) = mac {
            b.add(attr::CALLING_STATION_ID, mac.as_bytes()).unwrap();
        }
        b.finish_request(&auth, &self.secret, true).unwrap()
    }

    /// Checks a reply's Response Authenticator and Message-Authenticator against `request`.
    pub fn verify_reply(&self, request: &[u8], reply: &[u8]) {
        let req_auth: [u8; 16] = request[4..20].try_into().unwrap();
        assert_eq!(reply[1], request[1], "identifier echoed");
        assert!(
            verify_response_authenticator(reply, &req_auth, &self.secret),
            "Response Authenticator"
        );
        let code = Packet::decode(reply).unwrap().code;
        if matches!(
            code,
            Code::AccessAccept | Code::AccessReject | Code::AccessChallenge
        ) {
            assert_eq!(
                check_message_authenticator(reply, &self.secret, Some(&req_auth)),
                MessageAuthenticator::Valid,
                "every Access-* reply carries a valid Message-Authenticator (BlastRADIUS)"
            );
        }
    }
}

/// The Mikrotik-Rate-Limit of a reply, as text.
pub fn rate_limit(reply: &[u8]) -> Option<String> {
    Packet::decode(reply)
        .ok()?
        .vendor_attr(attr::VENDOR_MIKROTIK, attr::mikrotik::RATE_LIMIT)
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

/// Waits (polling) until `f` is true or `secs` pass.
pub fn eventually(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// The text of every QR code in `html`'s inline SVGs, decoded by zbarimg.
pub fn decode_qr_codes(html: &str, dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for (i, part) in html.split("<svg").skip(1).enumerate() {
        let end = part.find("</svg>").expect("closed svg");
        let svg = format!("<svg{}</svg>", &part[..end]);
        let file = dir.join(format!("qr{i}.svg"));
        std::fs::write(&file, svg).unwrap();
        let run = std::process::Command::new("zbarimg")
            .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"])
            .arg(&file)
            .output()
            .expect("zbarimg (Debian package zbar-tools) must be installed");
        assert!(
            run.status.success(),
            "zbarimg found no QR code in slip {i}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        out.push(String::from_utf8_lossy(&run.stdout).trim().to_string());
    }
    out
}
