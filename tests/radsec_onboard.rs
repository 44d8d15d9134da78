//! Router onboarding from the command line and the admin API: `ca init` (once, beside the
//! key file, private keys 0600), `nas cert` (PEM and a PKCS#12 bundle that OpenSSL opens with
//! the passphrase written beside it, the NAS name as the certificate's common name, audited),
//! and the RouterOS script from `nas mikrotik-script` and GET /api/v1/nas/{name}/mikrotik-script.

mod common;
mod radsec_client;

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use common::Db;
use radsec_client as rs;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn ca_certificates_and_scripts() {
    let s = rs::prepare(Db::Sqlite, "server_address = \"203.0.113.5\"");
    let ca = rs::ca_dir(&s);
    assert_eq!(mode(&ca.join("ca.key")), 0o600, "the CA key is private");
    assert_eq!(mode(&ca.join("server.key")), 0o600);
    assert_eq!(mode(&ca), 0o700);
    let again = s.cli_output(&["ca", "init"]);
    assert!(!again.status.success(), "a second CA is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let unknown = s.cli_output(&["nas", "cert", "nope"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no NAS named nope"));

    let (cert, key) = rs::add_router(&s, "rw05-onboard", "192.0.2.50");
    assert_eq!(mode(&key), 0o600);
    let der =
        radkota::ca::inspect::first_pem_der(&std::fs::read_to_string(&cert).unwrap()).unwrap();
    assert_eq!(
        radkota::ca::inspect::common_name(&der).as_deref(),
        Some("rw05-onboard")
    );
    let nas_dir = ca.join("nas");
    let p12 = nas_dir.join("rw05-onboard.p12");
    let pass = std::fs::read_to_string(nas_dir.join("rw05-onboard.p12.pass")).unwrap();
    assert_eq!(pass.len(), 20);
    assert_eq!(mode(&p12), 0o600);
    // OpenSSL, a third party, opens the bundle with the passphrase and finds the
    // router's certificate, the CA and the key.
    let out = Command::new("openssl")
        .args(["pkcs12", "-in"])
        .arg(&p12)
        .args(["-passin", &format!("pass:{pass}"), "-nodes", "-info"])
        .output()
        .expect("openssl");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("CN=rw05-onboard") || text.contains("CN = rw05-onboard"),
        "{text}"
    );
    assert!(text.contains("radkota city CA"), "{text}");
    assert!(text.contains("PRIVATE KEY"), "{text}");
    let wrong = Command::new("openssl")
        .args(["pkcs12", "-in"])
        .arg(&p12)
        .args(["-passin", "pass:wrong", "-nodes"])
        .output()
        .expect("openssl");
    assert!(
        !wrong.status.success(),
        "a wrong passphrase does not open it"
    );
    assert!(s.cli(&["audit", "list"]).contains("nas.cert.issue"));

    let script = s.cli(&["nas", "mikrotik-script", "rw05-onboard"]);
    for part in [
        "/system identity set name=\"rw05-onboard\"",
        &format!("/certificate import file-name=\"rw05-onboard.p12\" passphrase=\"{pass}\""),
        "protocol=radsec address=203.0.113.5",
        "secret=\"radsec\"",
        "/radius incoming set accept=yes port=3799",
        "radius-interim-update=5m login-by=mac,http-chap,cookie",
    ] {
        assert!(script.contains(part), "missing {part}:\n{script}");
    }
    let udp = s.cli(&[
        "nas",
        "mikrotik-script",
        "rw05-onboard",
        "--udp",
        "--server",
        "198.51.100.7",
    ]);
    assert!(udp.contains("protocol=udp address=198.51.100.7"), "{udp}");
    assert!(
        udp.contains("require-message-auth=yes-for-request-resp"),
        "{udp}"
    );
    assert!(
        !udp.contains("udp-secret-1"),
        "the sealed shared secret is never printed"
    );

    let token = s
        .cli(&["token", "create", "--role", "admin"])
        .trim()
        .to_string();
    let mut cfg = std::fs::read_to_string(s.config_path()).unwrap();
    cfg.push_str("\n[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\n");
    std::fs::write(s.config_path(), cfg).unwrap();
    let s = s.start();
    assert!(common::eventually(10, || s.log_contains("admin API listening")));
    let addr = s
        .log()
        .lines()
        .find(|l| l.contains("admin API listening"))
        .and_then(|l| {
            l[l.find("addr=")? + 5..]
                .split_whitespace()
                .next()
                .map(str::to_string)
        })
        .expect("admin address");
    let http = reqwest::blocking::Client::new();
    let get = |path: &str, token: Option<&str>| {
        let mut req = http.get(format!("http://{addr}{path}"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().expect("http");
        (resp.status().as_u16(), resp.text().unwrap_or_default())
    };
    let (status, body) = get("/api/v1/nas/rw05-onboard/mikrotik-script", Some(&token));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, script, "the API serves the CLI's script");
    let (status, _) = get("/api/v1/nas/rw05-onboard/mikrotik-script", None);
    assert_eq!(status, 401);
    let (status, _) = get("/api/v1/nas/nope/mikrotik-script", Some(&token));
    assert_eq!(status, 404);
    let (status, body) = get(
        "/api/v1/nas/rw05-onboard/mikrotik-script?udp=true&server=x",
        Some(&token),
    );
    assert_eq!(status, 400, "{body}");
}
