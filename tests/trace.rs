//! The live trace (issue 23, part 3) over real HTTP and UDP against `radkota serve`: an
//! attached trace sees a CHAP reject for quota with the quota figures and a wrong-password
//! PAP with its verdict, never the password or the shared secret; filters hold; a trace
//! without an admin token (or with a lesser role) is refused and each attach is audited;
//! `radkota trace` prints the same blocks; `serve --debug` prints every request; and the
//! log's summary line and per-accept debug line (part 4).

mod common;

use std::io::Read;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use common::{Acct, Client, Db, INTERIM, START, Server, code, eventually};
use radkota::protocol::Code;
use reqwest::StatusCode;

const PASSWORD: &str = "kata-sandi-siti-42";
const WRONG: &str = "salah-sandi-99";

/// A server with the admin API on, NAS 127.0.0.1 (secret `testing123`), `siti` on the
/// `umkm` plan (no hours, so the test passes at any time) and `budi`.
fn server(extra_log: &str) -> (Server, SocketAddr) {
    let s = Server::prepare(Db::Sqlite);
    let cfg = std::fs::read_to_string(s.config_path()).unwrap().replace(
        "level = \"info,radkota=debug\"",
        &format!("level = \"info,radkota=debug\"\n{extra_log}"),
    );
    std::fs::write(
        s.config_path(),
        format!("{cfg}\n[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\n"),
    )
    .unwrap();
    add_rw07_and_siti(&s);
    s.cli(&[
        "user",
        "add",
        "budi",
        "--plan",
        "umkm",
        "--password",
        "kata-sandi-budi-1",
    ]);
    let s = s.start();
    assert!(
        eventually(10, || s.log_contains("admin API listening")),
        "{}",
        s.log()
    );
    let addr = s
        .log()
        .lines()
        .find(|l| l.contains("admin API listening"))
        .and_then(|l| {
            l[l.find("addr=")? + 5..]
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .expect("admin address");
    (s, addr)
}

/// An attached trace: the response body, read on a thread as it streams.
struct Trace {
    text: Arc<Mutex<String>>,
}

impl Trace {
    fn attach(api: SocketAddr, token: &str, query: &str) -> Trace {
        let resp = reqwest::blocking::Client::builder()
            .timeout(None)
            .build()
            .unwrap()
            .get(format!("http://{api}/api/v1/trace?{query}"))
            .bearer_auth(token)
            .send()
            .expect("attach");
        assert_eq!(resp.status(), StatusCode::OK);
        let text = Arc::new(Mutex::new(String::new()));
        let sink = text.clone();
        std::thread::spawn(move || {
            let mut resp = resp;
            let mut buf = [0u8; 4096];
            while let Ok(n) = resp.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let t = Trace { text };
        assert!(
            eventually(10, || t.text().contains("trace attached")),
            "{}",
            t.text()
        );
        t
    }

    fn text(&self) -> String {
        self.text.lock().unwrap().clone()
    }

    /// Waits until the trace holds `needle`; returns everything so far.
    fn wait_for(&self, needle: &str) -> String {
        assert!(
            eventually(10, || self.text().contains(needle)),
            "no `{needle}` in:\n{}",
            self.text()
        );
        self.text()
    }
}

fn admin_token(s: &Server, role: &str) -> String {
    s.cli(&[
        "token",
        "create",
        "--role",
        role,
        "--name",
        &format!("t-{role}"),
    ])
    .trim()
    .to_string()
}

/// A CHAP Access-Request with CHAP-Challenge, Calling-Station-Id and Message-Authenticator.
fn chap_request(c: &Client, user: &str, password: &str, mac: &str) -> Vec<u8> {
    c.chap_request(user, password, Some(mac))
}

/// The block (from its `-- ... --` header to the next) that mentions `needle`.
fn block_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.split("\n-- ")
        .find(|b| b.contains(needle))
        .unwrap_or_else(|| panic!("no block with `{needle}` in:\n{text}"))
}

#[test]
fn chap_reject_for_quota_shows_the_quota_figures() {
    let (s, api) = server("");
    s.cli(&["user", "set", "siti", "--daily-quota", "1MB"]);
    let c = s.client();
    // 2.5 MB today on another device: over the 1 MB quota.
    let acct = |status, counters| Acct {
        status,
        session: "trace-s1",
        user: "siti",
        mac: Some("AA-BB-CC-00-00-01"),
        counters,
        ..Acct::default()
    };
    let a = Client::new("127.0.0.1:0", s.acct, common::SECRET);
    acct(START, None).send(&a);
    acct(INTERIM, Some((60, 1_500_000, 1_000_000))).send(&a);
    let token = admin_token(&s, "admin");
    let trace = Trace::attach(api, &token, "user=siti");
    let req = chap_request(&c, "siti", PASSWORD, "AA-BB-CC-00-00-02");
    let reply = c.exchange(&req).expect("reply");
    c.verify_reply(&req, &reply);
    assert_eq!(code(&reply), Code::AccessReject);
    let text = trace.wait_for("Access-Reject");
    let b = block_with(&text, "Access-Reject");
    for want in [
        "rw07 (mikrotik), from 127.0.0.1:",
        "Message-Authenticator valid",
        "siti, device AA-BB-CC-00-00-02",
        "method                chap",
        "password              matches",
        "account active on plan umkm",
        "hours: any time",
        "daily data: used 2.50 MB of 1.00 MB, 0 B left",
        "devices: 1 open on other devices, 2 allowed",
        "policy refuses: daily data quota used up (used 2500kB of 1MB)",
        "verdict               Access-Reject: daily data quota used up",
        "time                  check ",
    ] {
        assert!(b.contains(want), "no `{want}` in:\n{b}");
    }
    assert!(
        !text.contains(PASSWORD) && !text.contains("testing123"),
        "{text}"
    );
}

#[test]
fn wrong_password_pap_shows_the_verdict_never_the_password() {
    let (s, api) = server("");
    let token = admin_token(&s, "admin");
    let rejects = Trace::attach(api, &token, "reject_only=true");
    let siti_only = Trace::attach(api, &token, "user=siti&rate=100");
    let c = s.client();
    let reply = c.login("siti", WRONG).expect("reply");
    assert_eq!(code(&reply), Code::AccessReject);
    let reply = c.login("budi", "kata-sandi-budi-1").expect("reply");
    assert_eq!(code(&reply), Code::AccessAccept);
    let reply = c.login("siti", PASSWORD).expect("reply");
    assert_eq!(code(&reply), Code::AccessAccept);

    let text = siti_only.wait_for("Access-Accept");
    let bad = block_with(&text, "Access-Reject");
    assert!(bad.contains("method                pap"), "{bad}");
    assert!(
        bad.contains("password              does not match"),
        "{bad}"
    );
    assert!(
        bad.contains("verdict               Access-Reject: bad password"),
        "{bad}"
    );
    let good = block_with(&text, "Access-Accept");
    assert!(good.contains("password              matches"), "{good}");
    assert!(
        good.contains("reply                 "),
        "the reply attributes are shown: {good}"
    );
    assert!(good.contains("Session-Timeout = "), "{good}");
    assert!(!text.contains("budi"), "the user filter holds:\n{text}");

    // Rejects only: siti's bad password, neither accept.
    let all = rejects.wait_for("bad password");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let all = format!("{all}{}", &rejects.text()[all.len()..]);
    assert!(!all.contains("Access-Accept"), "{all}");
    for t in [&text, &all] {
        for secret in [WRONG, PASSWORD, "kata-sandi-budi-1", "testing123"] {
            assert!(!t.contains(secret), "`{secret}` shown:\n{t}");
        }
    }
    // Each attach is in the audit log, with its filter.
    let audit = s.cli(&["audit", "list"]);
    assert_eq!(audit.matches("trace.attach").count(), 2, "{audit}");
}

#[test]
fn a_trace_without_an_admin_token_is_refused() {
    let (s, api) = server("");
    let http = reqwest::blocking::Client::new();
    let url = format!("http://{api}/api/v1/trace?user=siti");
    assert_eq!(
        http.get(&url).send().unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        http.get(&url)
            .bearer_auth("not-a-token")
            .send()
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // Auditors read logs but may not watch logins live.
    let t = admin_token(&s, "auditor");
    assert_eq!(
        http.get(&url).bearer_auth(&t).send().unwrap().status(),
        StatusCode::FORBIDDEN
    );
    // The CLI says why, and exits 1.
    let out = Command::new(env!("CARGO_BIN_EXE_radkota"))
        .env("RADKOTA_CONFIG", s.config_path())
        .env_remove("RADKOTA_TOKEN")
        .args(["trace", "--url", &format!("http://{api}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("an admin token is needed"));
    let out = Command::new(env!("CARGO_BIN_EXE_radkota"))
        .env("RADKOTA_CONFIG", s.config_path())
        .env("RADKOTA_TOKEN", "not-a-token")
        .args(["trace", "--url", &format!("http://{api}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("401"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!s.cli(&["audit", "list"]).contains("trace.attach"));
}

#[test]
fn the_trace_command_prints_blocks() {
    let (s, api) = server("");
    let token = admin_token(&s, "admin");
    let mut child = Command::new(env!("CARGO_BIN_EXE_radkota"))
        .env("RADKOTA_CONFIG", s.config_path())
        .env("RADKOTA_TOKEN", &token)
        .args(["trace", "--url", &format!("http://{api}"), "--user", "siti"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    assert!(eventually(10, || text
        .lock()
        .unwrap()
        .contains("trace attached")));
    let c = s.client();
    assert_eq!(code(&c.login("siti", WRONG).unwrap()), Code::AccessReject);
    let ok = eventually(10, || text.lock().unwrap().contains("does not match"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(ok, "{}", text.lock().unwrap());
}

#[test]
fn serve_debug_prints_every_request() {
    let s = Server::prepare(Db::Sqlite);
    add_rw07_and_siti(&s);
    let s = s.start_debug();
    let c = s.client();
    assert_eq!(
        code(&c.login("siti", PASSWORD).unwrap()),
        Code::AccessAccept
    );
    assert_eq!(code(&c.login("nobody", WRONG).unwrap()), Code::AccessReject);
    assert!(
        eventually(10, || s.debug_output().contains("no such user")),
        "{}",
        s.debug_output()
    );
    let out = s.debug_output();
    assert!(out.contains("verdict               Access-Accept"), "{out}");
    assert!(
        out.contains("verdict               Access-Reject: unknown user"),
        "{out}"
    );
    assert!(!out.contains(PASSWORD) && !out.contains(WRONG) && !out.contains("testing123"));
}

#[test]
fn the_log_has_a_summary_line_and_a_debug_line_per_accept() {
    let (s, _) = server("summary_secs = 1");
    let c = s.client();
    assert_eq!(
        code(&c.login("siti", PASSWORD).unwrap()),
        Code::AccessAccept
    );
    assert_eq!(code(&c.login("siti", WRONG).unwrap()), Code::AccessReject);
    Acct {
        status: START,
        session: "sum-1",
        user: "siti",
        ..Acct::default()
    }
    .send(&Client::new("127.0.0.1:0", s.acct, common::SECRET));
    let count = |log: &str, key: &str| -> u64 {
        log.lines()
            .filter(|l| l.contains("summary: "))
            .filter_map(|l| {
                let at = l.find(key)? + key.len();
                l[at..]
                    .split(|ch: char| !ch.is_ascii_digit())
                    .next()?
                    .parse::<u64>()
                    .ok()
            })
            .sum()
    };
    assert!(
        eventually(10, || {
            let log = s.log();
            count(&log, "accepts=") == 1
                && count(&log, "bad password=") == 1
                && count(&log, "accounting=") == 1
        }),
        "{}",
        s.log()
    );
    let log = s.log();
    assert!(log.contains("summary: accepts="), "{log}");
    assert!(
        log.contains("queue=") && log.contains("in_flight="),
        "{log}"
    );
    let accepts: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("DEBUG") && l.contains("Access-Accept"))
        .collect();
    assert_eq!(accepts.len(), 1, "{log}");
    assert!(
        accepts[0].contains("user=siti") && accepts[0].contains("nas=rw07"),
        "{}",
        accepts[0]
    );
}

#[test]
fn a_wrong_shared_secret_shows_as_an_invalid_message_authenticator() {
    let (s, api) = server("");
    let token = admin_token(&s, "admin");
    let trace = Trace::attach(api, &token, "nas=rw07");
    let wrong = Client::new("127.0.0.1:0", s.auth, b"not-the-secret-77");
    let req = wrong.pap_request("siti", PASSWORD, true);
    assert!(
        wrong.exchange(&req).is_none(),
        "a bad Message-Authenticator is dropped"
    );
    let text = trace.wait_for("INVALID");
    let b = block_with(&text, "INVALID");
    assert!(
        b.contains(
            "Message-Authenticator INVALID: the NAS and radkota have different shared secrets"
        ),
        "{b}"
    );
    assert!(
        b.contains("no answer: dropped for its Message-Authenticator"),
        "{b}"
    );
    assert!(b.contains("password              not checked"), "{b}");
    for secret in ["not-the-secret-77", "testing123", PASSWORD] {
        assert!(!text.contains(secret), "`{secret}` shown:\n{text}");
    }
}

/// The NAS `rw07` on 127.0.0.1 and the user `siti` on the `umkm` plan (no hours).
fn add_rw07_and_siti(s: &Server) {
    s.cli(&[
        "nas",
        "add",
        "rw07",
        "--address",
        "127.0.0.1",
        "--secret",
        "testing123",
    ]);
    s.cli(&[
        "user",
        "add",
        "siti",
        "--plan",
        "umkm",
        "--password",
        PASSWORD,
    ]);
}
