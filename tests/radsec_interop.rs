//! Interop with a third-party RadSec client: radsecproxy (Debian package `radsecproxy`)
//! takes radclient's PAP, CHAP and accounting over UDP and forwards them over TLS with the
//! router's certificate to radkota's RadSec listener; the answers match radclient's
//! straight to radkota over UDP. `.ci/run` installs the package and sets
//! RADKOTA_REQUIRE_INTEROP=1 so that a missing tool fails the suite instead of skipping.

mod common;
mod radsec_client;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Db, Server, interop};
use radsec_client as rs;

const ROUTER: &str = "rw04-proxy";

fn tool_available(name: &str) -> bool {
    interop::tool_available(name, "radsecproxy freeradius-utils")
}

fn radclient(server: &str, kind: &str, secret: &str, attrs: &str) -> String {
    interop::radclient(server, kind, secret, 3, 3, attrs)
}

/// The reply code and the attributes of radclient's answer, without the ones a proxy
/// or the transport changes (Message-Authenticator, Proxy-State).
fn answer(out: &str) -> Vec<String> {
    let Some(at) = out.find("Received ") else {
        return vec!["no answer".into()];
    };
    let rest = &out[at..];
    let mut lines = rest.lines();
    let first = lines.next().unwrap_or_default();
    let code = first
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let mut attrs: Vec<String> = lines
        .take_while(|l| l.starts_with(' ') || l.starts_with('\t'))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.starts_with("Message-Authenticator") && !l.starts_with("Proxy-State"))
        .collect();
    attrs.sort();
    attrs.insert(0, code);
    attrs
}

struct Proxy(Child);

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn start_proxy(
    dir: &Path,
    radsec: std::net::SocketAddr,
    ca: &Path,
    cert: &Path,
    key: &Path,
) -> (Proxy, u16) {
    let port = free_udp_port();
    let conf = dir.join("radsecproxy.conf");
    std::fs::write(
        &conf,
        format!(
            "ListenUDP 127.0.0.1:{port}\n\
             LogLevel 3\n\
             LogDestination file://{log}\n\
             tls city {{\n    CACertificateFile {ca}\n    CertificateFile {cert}\n    CertificateKeyFile {key}\n}}\n\
             client local {{\n    host 127.0.0.1\n    type udp\n    secret testing123\n}}\n\
             server radkota {{\n    host {host}\n    port {rport}\n    type tls\n    tls city\n    secret radsec\n}}\n\
             realm * {{\n    server radkota\n    accountingServer radkota\n}}\n",
            log = dir.join("radsecproxy.log").display(),
            ca = ca.display(),
            cert = cert.display(),
            key = key.display(),
            host = radsec.ip(),
            rport = radsec.port(),
        ),
    )
    .expect("radsecproxy.conf");
    let child = Command::new("radsecproxy")
        .args(["-f", "-c"])
        .arg(&conf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("radsecproxy");
    (Proxy(child), port)
}

fn through_radsecproxy(db: Db) {
    if !tool_available("radsecproxy") || !tool_available("radclient") {
        return;
    }
    let s = rs::prepare(db, "");
    let (cert, key) = rs::add_router(&s, ROUTER, "192.0.2.40");
    let s: Server = s.start();
    let ca = rs::ca_dir(&s).join("ca.crt");
    let (_proxy, port) = start_proxy(s.dir(), rs::radsec_addr(&s), &ca, &cert, &key);
    let proxy = format!("127.0.0.1:{port}");
    let direct = s.auth.to_string();

    // radsecproxy connects to its server on the first request; wait until it answers.
    let deadline = Instant::now() + Duration::from_secs(20);
    let pap =
        "User-Name = siswa, User-Password = \"rahasia-siswa\", Message-Authenticator = 0x00\n";
    loop {
        if radclient(&proxy, "auth", "testing123", pap).contains("Received Access-Accept") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "radsecproxy never answered; its log:\n{}",
            std::fs::read_to_string(s.dir().join("radsecproxy.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    let chap = "User-Name = warung, CHAP-Password = \"Malang-RW07-hotspot-passphrase-37-oct\", Message-Authenticator = 0x00\n";
    let wrong = "User-Name = siswa, User-Password = \"salah\", Message-Authenticator = 0x00\n";
    for (what, attrs, expect) in [
        ("PAP", pap, "Access-Accept"),
        ("CHAP", chap, "Access-Accept"),
        ("wrong password", wrong, "Access-Reject"),
    ] {
        let via_tls = answer(&radclient(&proxy, "auth", "testing123", attrs));
        let via_udp = answer(&radclient(&direct, "auth", "testing123", attrs));
        assert_eq!(
            via_tls[0], expect,
            "{what} through radsecproxy: {via_tls:?}"
        );
        assert_eq!(
            via_tls, via_udp,
            "{what}: the same answer over RadSec and UDP"
        );
    }
    assert!(
        answer(&radclient(&proxy, "auth", "testing123", pap))
            .contains(&"Mikrotik-Rate-Limit = \"2M/4M\"".to_string())
    );

    let start = "Acct-Status-Type = Start, Acct-Session-Id = \"proxy-s1\", User-Name = siswa, \
                 Calling-Station-Id = \"AA-BB-CC-00-00-09\"\n";
    let out = radclient(&proxy, "acct", "testing123", start);
    assert!(
        out.contains("Received Accounting-Response"),
        "accounting through radsecproxy:\n{out}"
    );
    common::runtime().block_on(async {
        let store = s.store().await;
        let rows = store
            .list_sessions(&radkota::store::SessionFilter {
                username: Some("siswa".into()),
                nas_id: None,
                open_only: true,
                limit: 10,
            })
            .await
            .expect("sessions");
        let row = rows
            .iter()
            .find(|r| r.acct_session_id == "proxy-s1")
            .expect("the proxied Start is stored");
        assert_eq!(row.nas_name.as_deref(), Some(ROUTER));
        store.close().await;
    });
}

both_backends!(through_radsecproxy);
