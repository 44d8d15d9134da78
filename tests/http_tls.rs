//! TLS on the admin API (issue 26), against `radkota serve` with a certificate that
//! `radkota ca server-cert` issued from the test city CA: TLS 1.3 and 1.2 are served
//! (a rustls client), TLS 1.1 is refused (a TLS 1.1 ClientHello gets an alert, never a
//! ServerHello), HSTS is sent under TLS, and a renewed certificate is picked up without a
//! restart (on file change, and at once on SIGHUP): a new connection sees the new serial
//! while an open one keeps working; the connection caps and the idle timeout hold for
//! handshaking connections too. The person's page runs on the same listener: under TLS
//! its cookies are Secure.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use common::{Db, Server};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};

struct Tls {
    server: Server,
    addr: SocketAddr,
    token: String,
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

fn start() -> Tls {
    start_with("")
}

/// As `start`, with more `[admin]` lines.
fn start_with(admin_extra: &str) -> Tls {
    let s = Server::prepare(Db::Sqlite);
    let token = s
        .cli(&["token", "create", "--role", "admin", "--name", "tls"])
        .trim()
        .to_string();
    s.cli(&["ca", "init"]);
    let cert = s.dir().join("https.crt");
    let key = s.dir().join("https.key");
    issue(&s, &cert, &key);
    s.append_config(&format!(
        "[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\ntls_cert = \"{}\"\ntls_key = \"{}\"\n{admin_extra}",
        cert.display(),
        key.display()
    ));
    let ca = s.dir().join("radkota-ca").join("ca.crt");
    assert!(ca.exists(), "{}", ca.display());
    let server = s.start();
    let addr = server.admin_addr();
    Tls {
        server,
        addr,
        token,
        ca,
        cert,
        key,
    }
}

fn issue(s: &Server, cert: &Path, key: &Path) -> String {
    s.cli(&[
        "ca",
        "server-cert",
        "--server-name",
        "localhost",
        "--server-name",
        "127.0.0.1",
        "--cert",
        cert.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
    ])
}

fn client_config(ca: &Path, version: &'static rustls::SupportedProtocolVersion) -> ClientConfig {
    let mut roots = RootCertStore::empty();
    for c in CertificateDer::pem_file_iter(ca).unwrap() {
        roots.add(c.unwrap()).unwrap();
    }
    ClientConfig::builder_with_provider(radkota::radsec::crypto_provider())
        .with_protocol_versions(&[version])
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth()
}

/// One keep-alive HTTPS connection.
struct Conn(StreamOwned<ClientConnection, TcpStream>);

impl Conn {
    fn open(addr: SocketAddr, config: ClientConfig) -> Conn {
        let tcp = TcpStream::connect(addr).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let name = ServerName::try_from("localhost").unwrap();
        let conn = ClientConnection::new(Arc::new(config), name).unwrap();
        Conn(StreamOwned::new(conn, tcp))
    }

    /// GET `path`; returns the status, the header block (lower-cased) and the body.
    fn get(&mut self, path: &str, token: &str) -> (u16, String, String) {
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n\r\n"
        );
        self.0.write_all(req.as_bytes()).unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            self.0.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head).to_lowercase();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().unwrap());
        let mut body = vec![0u8; len];
        self.0.read_exact(&mut body).unwrap();
        (status, head, String::from_utf8_lossy(&body).into_owned())
    }

    fn version(&self) -> Option<rustls::ProtocolVersion> {
        self.0.conn.protocol_version()
    }

    /// The serial number of the server's certificate, hex.
    fn serial(&self) -> String {
        let der = &self.0.conn.peer_certificates().unwrap()[0];
        let (_, cert) = x509_parser::parse_x509_certificate(der.as_ref()).unwrap();
        cert.raw_serial_as_string()
    }
}

#[test]
fn serves_tls_13_and_12_with_hsts_and_refuses_11() {
    let t = start();
    for (version, expect) in [
        (&rustls::version::TLS13, rustls::ProtocolVersion::TLSv1_3),
        (&rustls::version::TLS12, rustls::ProtocolVersion::TLSv1_2),
    ] {
        let mut c = Conn::open(t.addr, client_config(&t.ca, version));
        let (status, head, body) = c.get("/api/v1/users", &t.token);
        assert_eq!(status, 200, "{head}{body}");
        assert_eq!(c.version(), Some(expect));
        assert!(
            head.contains("strict-transport-security: max-age=31536000"),
            "{head}"
        );
        // Errors carry HSTS too.
        let (status, head, _) = c.get("/api/v1/users", "rk_wrong");
        assert_eq!(status, 401);
        assert!(head.contains("strict-transport-security"), "{head}");
    }

    // A TLS 1.1 ClientHello is answered by an alert (protocol_version or
    // handshake_failure), never a ServerHello.
    let mut tcp = TcpStream::connect(t.addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    tcp.write_all(&tls11_client_hello()).unwrap();
    let mut answer = [0u8; 7];
    tcp.read_exact(&mut answer).expect("an alert");
    assert_eq!(answer[0], 0x15, "not an alert: {answer:02x?}");
    assert_eq!(answer[5], 2, "not a fatal alert: {answer:02x?}");
    assert!(matches!(answer[6], 70 | 40), "alert {}", answer[6]);

    // With openssl at hand, its TLS 1.1 client fails too.
    if let Ok(out) = std::process::Command::new("openssl")
        .args(["s_client", "-connect", &t.addr.to_string(), "-tls1_1"])
        .args(["-cipher", "DEFAULT:@SECLEVEL=0"])
        .stdin(std::process::Stdio::null())
        .output()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !out.status.success() || !text.contains("Protocol  : TLSv1.1"),
            "{text}"
        );
    }
    drop(t.server);
}

/// A TLS 1.1 ClientHello (legacy version 3.2, no supported_versions extension) offering
/// ECDHE and RSA suites with AES-CBC, and SNI "localhost".
fn tls11_client_hello() -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&[0x03, 0x02]); // client_version TLS 1.1
    body.extend_from_slice(&[0x42; 32]); // random
    body.push(0); // session id
    let suites: [u16; 4] = [0xc013, 0xc014, 0x002f, 0x0035];
    body.extend_from_slice(&((suites.len() * 2) as u16).to_be_bytes());
    for s in suites {
        body.extend_from_slice(&s.to_be_bytes());
    }
    body.extend_from_slice(&[1, 0]); // compression: null
    let host = b"localhost";
    let mut sni = Vec::new();
    sni.extend_from_slice(&((host.len() + 3) as u16).to_be_bytes());
    sni.push(0);
    sni.extend_from_slice(&(host.len() as u16).to_be_bytes());
    sni.extend_from_slice(host);
    let groups = [0x00, 0x04, 0x00, 0x17, 0x00, 0x1d]; // secp256r1, x25519
    let mut ext = Vec::new();
    for (kind, data) in [
        (0u16, sni.as_slice()),
        (10u16, &groups[..]),
        (11u16, &[1, 0][..]),
    ] {
        ext.extend_from_slice(&kind.to_be_bytes());
        ext.extend_from_slice(&(data.len() as u16).to_be_bytes());
        ext.extend_from_slice(data);
    }
    body.extend_from_slice(&(ext.len() as u16).to_be_bytes());
    body.extend_from_slice(&ext);
    let mut hs = vec![1u8]; // client_hello
    hs.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    hs.extend_from_slice(&body);
    let mut record = vec![0x16, 0x03, 0x01];
    record.extend_from_slice(&(hs.len() as u16).to_be_bytes());
    record.extend_from_slice(&hs);
    record
}

#[test]
fn a_renewed_certificate_is_served_without_a_restart() {
    let t = start();
    let config = || client_config(&t.ca, &rustls::version::TLS13);
    let mut old = Conn::open(t.addr, config());
    assert_eq!(old.get("/api/v1/plans", &t.token).0, 200);
    let first = old.serial();

    let out = issue(&t.server, &t.cert, &t.key);
    assert!(out.contains("serial"), "{out}");
    let mut renewed = None;
    assert!(
        common::eventually(15, || {
            let mut c = Conn::open(t.addr, config());
            let ok = c.get("/api/v1/plans", &t.token).0 == 200;
            let serial = c.serial();
            let changed = ok && serial != first;
            if changed {
                renewed = Some(serial);
            }
            changed
        }),
        "still the first certificate; log:\n{}",
        t.server.log()
    );
    assert!(t.server.log_contains("TLS certificate reloaded"));
    // The connection opened before the renewal keeps working, on the first certificate.
    assert_eq!(old.get("/api/v1/plans", &t.token).0, 200);
    assert_eq!(old.serial(), first);

    // SIGHUP reloads at once, changed files or not (and does not stop the server).
    let reloads = || {
        t.server
            .log()
            .lines()
            .filter(|l| l.contains("TLS certificate reloaded"))
            .count()
    };
    let before = reloads();
    let hup = std::process::Command::new("kill")
        .args(["-HUP", &t.server.pid().to_string()])
        .status()
        .unwrap();
    assert!(hup.success());
    assert!(
        common::eventually(5, || reloads() > before),
        "{}",
        t.server.log()
    );
    assert_eq!(old.get("/api/v1/plans", &t.token).0, 200);

    // A broken renewal (a key that does not match) leaves the served certificate alone.
    let other = t.server.dir().join("other.key");
    let _ = issue(&t.server, &t.server.dir().join("other.crt"), &other);
    std::fs::copy(&other, &t.key).unwrap();
    std::thread::sleep(Duration::from_secs(5));
    let mut c = Conn::open(t.addr, config());
    assert_eq!(c.get("/api/v1/plans", &t.token).0, 200);
    assert_eq!(Some(c.serial()), renewed);
    assert!(t.server.log_contains("does not load"), "{}", t.server.log());
}

/// The connection bounds hold under TLS: a client that never finishes its handshake is cut
/// off by the idle timeout, and the per-address cap counts handshaking connections.
#[test]
fn connection_bounds_hold_under_tls() {
    let t = start_with("request_timeout_secs = 1\nmax_connections_per_address = 2\n");
    let silent: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(t.addr).unwrap())
        .collect();
    // A third from the same address is closed at once, before any handshake.
    let mut third = TcpStream::connect(t.addr).unwrap();
    third
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let _ = third.write_all(&tls11_client_hello());
    let mut buf = [0u8; 16];
    assert!(matches!(third.read(&mut buf), Ok(0) | Err(_)));
    // The silent ones are closed after twice the request timeout.
    let started = std::time::Instant::now();
    for mut s in silent {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        assert!(matches!(s.read(&mut buf), Ok(0) | Err(_)));
    }
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(6), "{waited:?}");
    // Then the address has its share again: a full TLS request works.
    let mut c = Conn::open(t.addr, client_config(&t.ca, &rustls::version::TLS13));
    assert_eq!(c.get("/api/v1/plans", &t.token).0, 200);
}

/// A certificate that does not load stops the start with a message naming the file.
#[test]
fn a_certificate_that_does_not_load_stops_the_start() {
    let s = Server::prepare(Db::Sqlite);
    let missing = s.dir().join("missing.crt");
    s.append_config(&format!(
        "[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\ntls_cert = \"{}\"\ntls_key = \"{}\"\n",
        missing.display(),
        s.dir().join("missing.key").display()
    ));
    let out = s.cli_output(&["admin", "serve"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing.crt"), "{err}");
}

/// The person's page on the same shared listener: under TLS it sends HSTS, and its cookies
/// (the login form's visitor cookie here) are `Secure` without any cookie setting.
#[test]
fn the_console_under_tls_marks_its_cookies_secure() {
    let t = start();
    let mut c = Conn::open(t.addr, client_config(&t.ca, &rustls::version::TLS13));
    let (status, head, body) = c.get("/login", "");
    assert_eq!(status, 200, "{head}{body}");
    assert!(body.contains("action=\"/login\""), "{body}");
    let cookie = head
        .lines()
        .find(|l| l.starts_with("set-cookie:"))
        .expect("the login form's cookie");
    assert!(
        cookie.contains("; secure") && cookie.contains("httponly"),
        "{cookie}"
    );
    // The API keeps its JSON 404 on the same listener.
    let (status, head, _) = c.get("/api/v1/nope", &t.token);
    assert_eq!(status, 404);
    assert!(head.contains("application/problem+json"), "{head}");
}

#[test]
fn the_portal_under_tls_marks_its_cookies_secure() {
    let s = Server::prepare(Db::Sqlite);
    s.cli(&["ca", "init"]);
    let cert = s.dir().join("portal.crt");
    let key = s.dir().join("portal.key");
    issue(&s, &cert, &key);
    s.append_config(&format!(
        "[portal]\nlisten = \"127.0.0.1:0\"\ntls_cert = \"{}\"\ntls_key = \"{}\"\n",
        cert.display(),
        key.display()
    ));
    let ca = s.dir().join("radkota-ca").join("ca.crt");
    let server = s.start();
    let addr = portal_addr(&server);
    let mut c = Conn::open(addr, client_config(&ca, &rustls::version::TLS13));
    let (status, head, body) = c.get("/", "");
    assert_eq!(status, 200, "{head}{body}");
    assert!(head.contains("strict-transport-security"), "{head}");
    let cookies: Vec<&str> = head
        .lines()
        .filter(|l| l.starts_with("set-cookie:"))
        .collect();
    assert!(!cookies.is_empty(), "no cookie set: {head}");
    for cookie in cookies {
        assert!(
            cookie.contains("; secure") && cookie.contains("httponly"),
            "{cookie}"
        );
    }
}

/// Where the server said the portal listens (waits up to 10 s for it).
fn portal_addr(s: &Server) -> SocketAddr {
    let found = || {
        s.log().lines().find_map(|l| {
            let l = l.contains("portal listening").then_some(l)?;
            l[l.find("addr=")? + 5..]
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
    };
    let start = std::time::Instant::now();
    loop {
        if let Some(a) = found() {
            return a;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "{}", s.log());
        std::thread::sleep(Duration::from_millis(50));
    }
}
