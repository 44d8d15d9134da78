//! WPA-Enterprise against a real supplicant: `eapol_test` (Debian package eapoltest, the
//! wpa_supplicant EAP state machine acting as a NAS) logs in over PEAPv0/EAP-MSCHAPv2,
//! EAP-TTLS/PAP, EAP-TTLS/MS-CHAPv2 and plain EAP-MSCHAPv2: right and wrong passwords, an
//! anonymous (or misleading) outer identity, a certificate chain of several fragments,
//! TLS session resumption, and a disabled user refused inside the tunnel. eapol_test
//! itself checks that the MS-MPPE keys in the Access-Accept match the keys it derived.
//! `.ci/run` installs eapoltest and sets RADKOTA_REQUIRE_INTEROP=1 so a missing tool fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{Db, Server};

/// The name in the test server certificate, which eapol_test checks.
const SERVER_NAME: &str = "radius.kota.test";

fn eapol_test_available() -> bool {
    let found = Command::new("sh")
        .args(["-c", "command -v eapol_test"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("RADKOTA_REQUIRE_INTEROP").is_err(),
            "eapol_test is required (apt-get install eapoltest)"
        );
        eprintln!(
            "!!!!!!!! skipped: eapol_test not installed (apt-get install eapoltest) !!!!!!!!"
        );
    }
    found
}

/// A root CA, an intermediate and a server certificate (RSA 2048, made by openssl): the
/// chain the server sends (server + intermediate, about 2.5 KiB with the handshake) needs
/// three 1024-octet fragments.
struct Chain {
    _dir: tempfile::TempDir,
    root: PathBuf,
    chain: PathBuf,
    key: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn chain() -> &'static Chain {
    static CHAIN: OnceLock<Chain> = OnceLock::new();
    CHAIN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join("ca.ext"),
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n",
        )
        .unwrap();
        std::fs::write(
            d.join("server.ext"),
            format!(
                "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n\
                 extendedKeyUsage=serverAuth\nsubjectAltName=DNS:{SERVER_NAME}\n"
            ),
        )
        .unwrap();
        let req = |name: &str, cn: &str| {
            openssl(
                d,
                &[
                    "req",
                    "-new",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    &format!("{name}.key"),
                    "-out",
                    &format!("{name}.csr"),
                    "-subj",
                    &format!("/O=Kota Test/CN={cn}"),
                ],
            )
        };
        req("root", "Kota Test Root CA");
        openssl(
            d,
            &[
                "x509", "-req", "-in", "root.csr", "-signkey", "root.key", "-out", "root.crt",
                "-days", "30", "-extfile", "ca.ext",
            ],
        );
        let sign = |name: &str, by: &str, ext: &str| {
            openssl(
                d,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &format!("{name}.csr"),
                    "-CA",
                    &format!("{by}.crt"),
                    "-CAkey",
                    &format!("{by}.key"),
                    "-CAcreateserial",
                    "-out",
                    &format!("{name}.crt"),
                    "-days",
                    "30",
                    "-extfile",
                    ext,
                ],
            )
        };
        req("int", "Kota Test Intermediate CA");
        sign("int", "root", "ca.ext");
        req("server", SERVER_NAME);
        sign("server", "int", "server.ext");
        let mut pem = std::fs::read_to_string(d.join("server.crt")).unwrap();
        pem.push_str(&std::fs::read_to_string(d.join("int.crt")).unwrap());
        std::fs::write(d.join("chain.pem"), pem).unwrap();
        Chain {
            root: d.join("root.crt"),
            chain: d.join("chain.pem"),
            key: d.join("server.key"),
            _dir: dir,
        }
    })
}

/// A server with EAP on (the test chain), the standard NAS and users, started.
fn eap_server(db: Db) -> Server {
    let c = chain();
    let s = Server::prepare_with(
        db,
        &format!(
            "[eap]\nenabled = true\ncertificate = \"{}\"\nprivate_key = \"{}\"\n",
            c.chain.display(),
            c.key.display()
        ),
    );
    s.provision();
    s.start()
}

/// One eapol_test run (`reauths` further authentications on the same supplicant, which
/// resume the TLS session); its output and whether every authentication succeeded.
fn eapol(s: &Server, network: &str, reauths: u32) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("eapol.conf");
    std::fs::write(
        &conf,
        format!("network={{\n  ssid=\"kota\"\n  key_mgmt=WPA-EAP\n{network}\n}}\n"),
    )
    .unwrap();
    let out = Command::new("eapol_test")
        .arg("-c")
        .arg(&conf)
        .args(["-a", "127.0.0.1", "-p", &s.auth.port().to_string()])
        .args(["-s", "testing123", "-t", "15", "-r", &reauths.to_string()])
        .output()
        .expect("eapol_test");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success() && text.contains("\nSUCCESS"), text)
}

fn tls_network(eap: &str, phase2: &str, outer: &str, user: &str, password: &str) -> String {
    format!(
        "  eap={eap}\n  anonymous_identity=\"{outer}\"\n  identity=\"{user}\"\n  \
         password=\"{password}\"\n  ca_cert=\"{}\"\n  domain_suffix_match=\"{SERVER_NAME}\"\n  \
         phase2=\"{phase2}\"\n",
        chain().root.display()
    )
}

/// Lines of the server log that report the end of a conversation by `method`, once
/// `want` of them are there (the log is read from the server's stderr by another thread)
/// or after a few seconds.
fn outcomes_n(s: &Server, method: &str, want: usize) -> Vec<String> {
    common::eventually(5, || outcomes(s, method).len() >= want);
    outcomes(s, method)
}

fn outcomes(s: &Server, method: &str) -> Vec<String> {
    s.log()
        .lines()
        .filter(|l| l.contains("Access-") && l.contains(&format!("method=\"{method}\"")))
        .map(str::to_string)
        .collect()
}

fn assert_accepted_as(text: &str, user: &str) {
    assert!(
        text.contains(&format!("Value: '{user}'")),
        "the Access-Accept names the inner user {user}:\n{text}"
    );
    assert!(
        text.contains("MPPE keys OK: "),
        "eapol_test compared the MPPE keys:\n{text}"
    );
    assert!(!text.contains("mismatch: 1"), "MPPE keys differ:\n{text}");
}

fn peap(db: Db) {
    if !eapol_test_available() {
        return;
    }
    let s = eap_server(db);
    // The outer identity names another real user: it must not matter.
    let net = tls_network("PEAP", "auth=MSCHAPV2", "warung", "siswa", "rahasia-siswa");
    let (ok, text) = eapol(&s, &net, 1);
    assert!(ok, "PEAP with the right password, then resumed:\n{text}");
    assert_accepted_as(&text, "siswa");
    // The server's first flight (the chain) went in three or more fragments: a first
    // with L and M, at least one middle one with M, each acknowledged.
    assert_eq!(text.matches("Flags 0xc0").count(), 1, "{text}");
    assert!(
        text.matches("Flags 0x40").count() >= 1,
        "the chain needed several fragments:\n{text}"
    );
    assert!(text.contains("Handshake finished - resumed=1"), "{text}");
    assert_eq!(outcomes_n(&s, "peap-mschapv2", 1).len(), 1, "{}", s.log());
    assert_eq!(outcomes_n(&s, "peap-resumed", 1).len(), 1, "{}", s.log());

    let net = tls_network(
        "PEAP",
        "auth=MSCHAPV2",
        "anonymous@kota.test",
        "siswa",
        "salah",
    );
    let (ok, text) = eapol(&s, &net, 0);
    assert!(!ok, "a wrong password is refused:\n{text}");
    assert!(
        text.contains("error 691"),
        "the peer was told why (E=691):\n{text}"
    );
    let rejected = outcomes_n(&s, "peap-mschapv2", 2);
    assert!(
        rejected.iter().any(|l| l.contains("bad password")),
        "{rejected:?}"
    );
}

both_backends!(peap);

#[test]
fn ttls_pap_and_mschapv2() {
    if !eapol_test_available() {
        return;
    }
    let s = eap_server(Db::Sqlite);
    for (phase2, method) in [("auth=PAP", "ttls-pap"), ("auth=MSCHAPV2", "ttls-mschapv2")] {
        let net = tls_network(
            "TTLS",
            phase2,
            "anonymous@kota.test",
            "warung",
            "Malang-RW07-hotspot-passphrase-37-oct",
        );
        let (ok, text) = eapol(&s, &net, 1);
        assert!(ok, "TTLS {phase2}, then resumed:\n{text}");
        assert_accepted_as(&text, "warung");
        assert_eq!(outcomes_n(&s, method, 1).len(), 1, "{}", s.log());
        let net = tls_network(
            "TTLS",
            phase2,
            "anonymous@kota.test",
            "warung",
            "wrong-password",
        );
        let (ok, text) = eapol(&s, &net, 0);
        assert!(!ok, "TTLS {phase2} with a wrong password:\n{text}");
    }
    assert_eq!(outcomes_n(&s, "ttls-resumed", 2).len(), 2, "{}", s.log());
}

#[test]
fn plain_mschapv2() {
    if !eapol_test_available() {
        return;
    }
    let s = eap_server(Db::Sqlite);
    let net = "  eap=MSCHAPV2\n  identity=\"siswa\"\n  password=\"rahasia-siswa\"\n";
    let (ok, text) = eapol(&s, net, 0);
    assert!(ok, "plain EAP-MSCHAPv2:\n{text}");
    assert_accepted_as(&text, "siswa");
    let net = "  eap=MSCHAPV2\n  identity=\"siswa\"\n  password=\"salah\"\n";
    let (ok, text) = eapol(&s, net, 0);
    assert!(!ok, "plain EAP-MSCHAPv2, wrong password:\n{text}");
    assert!(
        text.contains("error 691"),
        "the peer was told why (E=691):\n{text}"
    );
}

#[test]
fn disabled_user_is_refused_inside_the_tunnel() {
    if !eapol_test_available() {
        return;
    }
    let s = eap_server(Db::Sqlite);
    let peap = tls_network(
        "PEAP",
        "auth=MSCHAPV2",
        "anonymous",
        "siswa",
        "rahasia-siswa",
    );
    let ttls = tls_network("TTLS", "auth=PAP", "anonymous", "siswa", "rahasia-siswa");
    assert!(eapol(&s, &peap, 0).0, "accepted while enabled");
    s.cli(&["user", "disable", "siswa"]);
    for net in [&peap, &ttls] {
        let (ok, text) = eapol(&s, net, 0);
        assert!(!ok, "a disabled user is refused:\n{text}");
    }
    let refused = || -> Vec<String> {
        s.log()
            .lines()
            .filter(|l| l.contains("Access-Reject") && l.contains("reason=\"disabled\""))
            .map(str::to_string)
            .collect()
    };
    common::eventually(5, || refused().len() >= 2);
    let refused = refused();
    assert_eq!(refused.len(), 2, "{}", s.log());
    assert!(
        refused.iter().all(|l| l.contains("user=siswa")),
        "{refused:?}"
    );
}

/// The city CA from `radkota ca init` serves EAP without further configuration, and
/// `radkota eap profile` writes a property list with that CA and the name to check.
#[test]
fn city_ca_and_device_profile() {
    let s = Server::prepare_with(Db::Sqlite, "[eap]\nenabled = true\n");
    s.provision();
    s.cli(&["ca", "init", "--server-name", SERVER_NAME]);
    let out = s.dir().join("kota.mobileconfig");
    let printed = s.cli(&[
        "eap",
        "profile",
        "--ssid",
        "Kota-Sekolah",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        printed.contains(&format!("Domain:              {SERVER_NAME}")),
        "{printed}"
    );
    assert!(printed.contains("Protected EAP (PEAP)"), "{printed}");
    // A third party reads the profile: Python's plistlib.
    let check = Command::new("python3")
        .arg("-c")
        .arg(
            "import plistlib,sys; p=plistlib.load(open(sys.argv[1],'rb')); \
             ca,wifi=p['PayloadContent']; \
             assert ca['PayloadContent'].startswith(b'0\\x82'), 'DER'; \
             e=wifi['EAPClientConfiguration']; \
             print(wifi['SSID_STR'], e['AcceptEAPTypes'], e['TLSTrustedServerNames'], \
             wifi['PayloadCertificateAnchorUUID'][0]==ca['PayloadUUID'])",
        )
        .arg(&out)
        .output()
        .expect("python3");
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_eq!(
        text.trim(),
        format!("Kota-Sekolah [25] ['{SERVER_NAME}'] True")
    );
    if !eapol_test_available() {
        return;
    }
    let s = s.start();
    let ca = s.dir().join("radkota-ca/ca.crt");
    assert!(ca.exists(), "the CA is beside the key file");
    let net = format!(
        "  eap=PEAP\n  anonymous_identity=\"anonymous\"\n  identity=\"siswa\"\n  \
         password=\"rahasia-siswa\"\n  ca_cert=\"{}\"\n  domain_suffix_match=\"{SERVER_NAME}\"\n  \
         phase2=\"auth=MSCHAPV2\"\n",
        ca.display()
    );
    let (ok, text) = eapol(&s, &net, 0);
    assert!(ok, "PEAP with the city CA's certificate:\n{text}");
}
