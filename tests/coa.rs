//! RFC 5176 over real UDP on both backends: a test NAS listener receives the
//! Disconnect-Request / CoA-Request, checks its Request Authenticator and
//! Message-Authenticator with the NAS secret, and answers ACK, NAK (Error-Cause 503) or
//! nothing; driven by `session disconnect`, `user disable` and Interim-Updates that use up a
//! quota.

mod common;

use std::net::UdpSocket;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use common::{Acct, Client, Db, INTERIM, SECRET, START, Server};
use radkota::protocol::crypto::{
    MessageAuthenticator, check_message_authenticator, verify_request_authenticator,
};
use radkota::protocol::{Code, Packet, PacketBuilder, attr};

/// Short waits so the unanswered case takes 0.2 + 0.4 + 0.8 s, not 7 s.
const FAST_COA: &str = "[coa]\nattempts = 3\ntimeout_ms = 200\n";

/// How the test NAS answers.
#[derive(Debug, Clone, Copy)]
enum Answer {
    Ack,
    Nak(u32),
    Silent,
}

/// One request the test NAS received, with what it found checking it.
struct Received {
    raw: Vec<u8>,
    request_authenticator_ok: bool,
    message_authenticator: MessageAuthenticator,
}

impl Received {
    fn packet(&self) -> Packet<'_> {
        Packet::decode(&self.raw).expect("request decodes")
    }

    fn text(&self, typ: u8) -> Option<String> {
        self.packet()
            .attr(typ)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }

    /// Asserts it is a well-signed request of `code` for `user`'s session `session`.
    fn check(&self, code: Code, user: &str, session: &str) {
        assert_eq!(self.packet().code, code);
        assert!(self.request_authenticator_ok, "Request Authenticator");
        assert_eq!(
            self.message_authenticator,
            MessageAuthenticator::Valid,
            "Message-Authenticator"
        );
        assert_eq!(self.text(attr::USER_NAME).as_deref(), Some(user));
        assert_eq!(self.text(attr::ACCT_SESSION_ID).as_deref(), Some(session));
        assert!(self.packet().attr_u32(attr::EVENT_TIMESTAMP).is_some());
    }
}

/// A NAS's CoA port on 127.0.0.1 with an ephemeral port, in a thread of its own.
struct TestNas {
    port: u16,
    received: mpsc::Receiver<Received>,
    stop: Arc<AtomicBool>,
}

impl TestNas {
    fn start(answer: Answer) -> TestNas {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("bind test NAS");
        socket
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let port = socket.local_addr().unwrap().port();
        let (tx, received) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while !stopping.load(Ordering::Relaxed) {
                let Ok((n, from)) = socket.recv_from(&mut buf) else {
                    continue;
                };
                let raw = buf[..n].to_vec();
                let got = Received {
                    request_authenticator_ok: verify_request_authenticator(&raw, SECRET),
                    message_authenticator: check_message_authenticator(&raw, SECRET, None),
                    raw: raw.clone(),
                };
                if let Some(reply) = reply_to(&raw, answer) {
                    socket.send_to(&reply, from).unwrap();
                }
                if tx.send(got).is_err() {
                    break;
                }
            }
        });
        TestNas {
            port,
            received,
            stop,
        }
    }

    /// The next request, waiting up to `secs`.
    fn next(&self, secs: u64) -> Option<Received> {
        self.received.recv_timeout(Duration::from_secs(secs)).ok()
    }

    /// Every request that arrives within `ms`.
    fn drain(&self, ms: u64) -> Vec<Received> {
        let mut out = Vec::new();
        while let Ok(r) = self.received.recv_timeout(Duration::from_millis(ms)) {
            out.push(r);
        }
        out
    }
}

impl Drop for TestNas {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The ACK or NAK a NAS sends (signed, with a Message-Authenticator), or none.
fn reply_to(raw: &[u8], answer: Answer) -> Option<Vec<u8>> {
    let p = Packet::decode(raw).ok()?;
    let (ack, nak) = match p.code {
        Code::DisconnectRequest => (Code::DisconnectAck, Code::DisconnectNak),
        Code::CoaRequest => (Code::CoaAck, Code::CoaNak),
        _ => return None,
    };
    let mut b = match answer {
        Answer::Silent => return None,
        Answer::Ack => PacketBuilder::new(ack, p.identifier),
        Answer::Nak(cause) => {
            let mut b = PacketBuilder::new(nak, p.identifier);
            b.add_u32(attr::ERROR_CAUSE, cause).unwrap();
            b
        }
    };
    b.add_u32(attr::EVENT_TIMESTAMP, 1_750_000_000).unwrap();
    b.finish_reply(&p.authenticator, SECRET, true).ok()
}

/// A server whose NAS rw01 (127.0.0.1, `vendor`) sends CoA to `nas`, with users siswa
/// (student) and kecil (plan `tiny`: 1 MB a day, `on_quota`).
fn setup(db: Db, nas: &TestNas, vendor: &str, on_quota: &str) -> Server {
    let s = Server::prepare_with(db, FAST_COA);
    let port = nas.port.to_string();
    s.cli(&[
        "nas",
        "add",
        "rw01",
        "--address",
        "127.0.0.1",
        "--secret",
        "testing123",
        "--vendor",
        vendor,
        "--coa-port",
        &port,
    ]);
    s.cli(&[
        "user",
        "add",
        "siswa",
        "--plan",
        "student",
        "--password",
        "rahasia-siswa",
    ]);
    s.cli(&[
        "plan",
        "add",
        "tiny",
        "--daily-quota",
        "1MB",
        "--on-quota",
        on_quota,
        "--hours",
        "always",
        "--max-sessions",
        "0",
    ]);
    s.cli(&[
        "user",
        "add",
        "kecil",
        "--plan",
        "tiny",
        "--password",
        "rahasia-kecil",
    ]);
    s.start()
}

/// Sends an Accounting-Request and waits for its Accounting-Response.
fn acct(s: &Server, status: u32, user: &str, session: &str, octets: (u32, u32)) {
    let c = Client::new("127.0.0.1:0", s.acct, SECRET);
    Acct {
        status,
        session,
        user,
        mac: Some("AA:BB:CC:07:00:21"),
        framed_ip: Some([10, 5, 50, 21]),
        counters: (status != START).then_some((60, octets.0, octets.1)),
        ..Acct::default()
    }
    .send(&c)
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn disconnect_user_acked(db: Db) {
    let nas = TestNas::start(Answer::Ack);
    let s = setup(db, &nas, "mikrotik", "disconnect");
    acct(&s, START, "siswa", "81000001", (0, 0));
    acct(&s, START, "siswa", "81000002", (0, 0));
    let out = s.cli_output(&["session", "disconnect", "siswa"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(
        text.lines()
            .filter(|l| l.ends_with(": Disconnect-ACK"))
            .count(),
        2,
        "{text}"
    );
    assert!(text.contains("Acct-Session-Id 81000001"), "{text}");
    let mut sessions: Vec<String> = (0..2)
        .map(|_| {
            let r = nas.next(5).expect("Disconnect-Request");
            assert_eq!(r.packet().code, Code::DisconnectRequest);
            r.check(
                Code::DisconnectRequest,
                "siswa",
                &r.text(attr::ACCT_SESSION_ID).unwrap(),
            );
            assert_eq!(
                r.text(attr::CALLING_STATION_ID).as_deref(),
                Some("AA:BB:CC:07:00:21")
            );
            assert_eq!(
                r.packet().attr(attr::FRAMED_IP_ADDRESS),
                Some(&[10, 5, 50, 21][..])
            );
            r.text(attr::ACCT_SESSION_ID).unwrap()
        })
        .collect();
    sessions.sort();
    assert_eq!(sessions, ["81000001", "81000002"]);
    // One session by its ID.
    let rt = common::runtime();
    let store = rt.block_on(s.store());
    let id = rt
        .block_on(store.list_sessions(&radkota::store::SessionFilter {
            username: Some("siswa".into()),
            limit: 10,
            ..Default::default()
        }))
        .unwrap()
        .iter()
        .find(|x| x.acct_session_id == "81000002")
        .unwrap()
        .id;
    let text = s.cli(&["session", "disconnect", &id.to_string()]);
    assert!(text.contains("Disconnect-ACK"), "{text}");
    nas.next(5)
        .expect("Disconnect-Request")
        .check(Code::DisconnectRequest, "siswa", "81000002");
    // Nothing open: nothing sent, not an error.
    let text = s.cli(&["session", "disconnect", "kecil"]);
    assert!(text.contains("no open sessions"), "{text}");
    let unknown = s.cli_output(&["session", "disconnect", "nobody"]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("no user 'nobody'"));
}

fn disconnect_nak_reports_error_cause(db: Db) {
    let nas = TestNas::start(Answer::Nak(503));
    let s = setup(db, &nas, "mikrotik", "disconnect");
    acct(&s, START, "siswa", "81000001", (0, 0));
    let out = s.cli_output(&["session", "disconnect", "siswa"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Disconnect-NAK (Error-Cause 503 Session Context Not Found)"),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).contains("1 of 1 sessions not disconnected"));
    nas.next(5)
        .expect("Disconnect-Request")
        .check(Code::DisconnectRequest, "siswa", "81000001");
    assert!(nas.drain(300).is_empty(), "a NAK is not retried");
}

fn disconnect_unanswered_is_retried_then_reported(db: Db) {
    let nas = TestNas::start(Answer::Silent);
    let s = setup(db, &nas, "mikrotik", "disconnect");
    acct(&s, START, "siswa", "81000001", (0, 0));
    let out = s.cli_output(&["session", "disconnect", "siswa"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("no answer after 3 attempts"),
        "{}",
        stdout(&out)
    );
    let got = nas.drain(500);
    assert_eq!(got.len(), 3, "sent three times");
    for r in &got {
        r.check(Code::DisconnectRequest, "siswa", "81000001");
        assert_eq!(r.raw, got[0].raw, "a retransmission is the same packet");
    }
}

fn user_disable_disconnects(db: Db) {
    let nas = TestNas::start(Answer::Ack);
    let s = setup(db, &nas, "mikrotik", "disconnect");
    acct(&s, START, "siswa", "81000001", (0, 0));
    let text = s.cli(&["user", "disable", "siswa"]);
    assert!(text.contains("disabled user siswa"), "{text}");
    assert!(text.contains("Disconnect-ACK"), "{text}");
    nas.next(5)
        .expect("Disconnect-Request")
        .check(Code::DisconnectRequest, "siswa", "81000001");
    assert!(s.cli(&["user", "show", "siswa"]).contains("disabled"));
}

fn user_disable_stands_when_nas_is_silent(db: Db) {
    let nas = TestNas::start(Answer::Silent);
    let s = setup(db, &nas, "mikrotik", "disconnect");
    acct(&s, START, "siswa", "81000001", (0, 0));
    let out = s.cli_output(&["user", "disable", "siswa"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("no answer after 3 attempts"));
    assert!(stderr(&out).contains("the account is disabled all the same"));
    assert!(s.cli(&["user", "show", "siswa"]).contains("disabled"));
    assert_eq!(nas.drain(500).len(), 3);
}

fn quota_used_up_disconnects_once(db: Db) {
    let nas = TestNas::start(Answer::Ack);
    let s = setup(db, &nas, "mikrotik", "disconnect");
    acct(&s, START, "kecil", "82000001", (0, 0));
    acct(&s, INTERIM, "kecil", "82000001", (300_000, 400_000));
    assert!(nas.drain(700).is_empty(), "700 kB of 1 MB is not used up");
    acct(&s, INTERIM, "kecil", "82000001", (500_000, 600_000));
    let r = nas.next(10).expect("Disconnect-Request after the quota");
    r.check(Code::DisconnectRequest, "kecil", "82000001");
    // Later Interim-Updates of the same session in the same day send nothing more.
    acct(&s, INTERIM, "kecil", "82000001", (600_000, 700_000));
    assert!(
        nas.drain(1000).is_empty(),
        "at most once per session and day"
    );
    assert!(
        s.log_contains("quota used up: action applied"),
        "{}",
        s.log()
    );
}

fn quota_throttle_sends_coa_rate(db: Db) {
    let nas = TestNas::start(Answer::Ack);
    let s = setup(db, &nas, "mikrotik", "throttle 256k/512k");
    acct(&s, START, "kecil", "83000001", (0, 0));
    acct(&s, INTERIM, "kecil", "83000001", (700_000, 700_000));
    let r = nas.next(10).expect("CoA-Request after the quota");
    r.check(Code::CoaRequest, "kecil", "83000001");
    let rate = r
        .packet()
        .vendor_attr(attr::VENDOR_MIKROTIK, attr::mikrotik::RATE_LIMIT)
        .map(|v| String::from_utf8_lossy(v).into_owned());
    assert_eq!(rate.as_deref(), Some("256k/512k"));
    assert!(
        common::eventually(5, || s.log_contains("CoA-ACK")),
        "{}",
        s.log()
    );
}

fn quota_action_does_not_delay_accounting(db: Db) {
    let nas = TestNas::start(Answer::Silent);
    let s = setup(db, &nas, "mikrotik", "disconnect");
    acct(&s, START, "kecil", "85000001", (0, 0));
    let started = std::time::Instant::now();
    acct(&s, INTERIM, "kecil", "85000001", (900_000, 900_000));
    // The NAS never answers (0.2 + 0.4 + 0.8 s of retries); the response must not wait.
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "Accounting-Response took {:?}",
        started.elapsed()
    );
    let got = nas.drain(1000);
    assert_eq!(got.len(), 3, "three sends to a silent NAS");
    got[0].check(Code::DisconnectRequest, "kecil", "85000001");
    assert!(
        common::eventually(5, || s.log_contains("did not apply the action")),
        "{}",
        s.log()
    );
}

fn cidr_nas_is_refused(db: Db) {
    let nas = TestNas::start(Answer::Ack);
    let s = Server::prepare_with(db, FAST_COA);
    s.cli(&[
        "nas",
        "add",
        "kel-sukamaju",
        "--address",
        "127.0.0.0/24",
        "--secret",
        "testing123",
        "--coa-port",
        &nas.port.to_string(),
    ]);
    s.cli(&[
        "user",
        "add",
        "siswa",
        "--plan",
        "student",
        "--password",
        "rahasia-siswa",
    ]);
    let s = s.start();
    acct(&s, START, "siswa", "84000001", (0, 0));
    let out = s.cli_output(&["session", "disconnect", "siswa"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("not sent: NAS kel-sukamaju is registered as the block"),
        "{}",
        stdout(&out)
    );
    assert!(
        nas.drain(300).is_empty(),
        "nothing is sent to a guessed address"
    );
}

both_backends!(
    disconnect_user_acked,
    disconnect_nak_reports_error_cause,
    disconnect_unanswered_is_retried_then_reported,
    user_disable_disconnects,
    user_disable_stands_when_nas_is_silent,
    quota_used_up_disconnects_once,
    quota_throttle_sends_coa_rate,
    quota_action_does_not_delay_accounting,
    cidr_nas_is_refused,
);
