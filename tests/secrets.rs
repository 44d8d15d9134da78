//! Secrets never leak (issue 25, part 7): a whole day of an installation at trace level
//! (CLI adds NAS, users and a token; PAP, CHAP and MS-CHAPv2 logins; accounting; admin API
//! calls; exports; a packet signed with a wrong secret) and every output searched for every
//! shared secret, password, the key and the API token. Also: the key and the database are
//! created 0600, and the server warns at start when the database is readable by others.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use common::{Acct, Client, Db, START, STOP, Server, code};
use radkota::auth::mschapv2::generate_nt_response;
use radkota::protocol::{Code, PacketBuilder, attr};

const NAS_SECRET: &str = "Nas-Rahasia-7Qz-1";
const PAP_PASSWORD: &str = "Pap-Sandi-3Kx-2";
const CHAP_PASSWORD: &str = "Chap-Sandi-9Lm-3";
const MS_PASSWORD: &str = "Ms-Sandi-4Tp-4";
const API_PASSWORD: &str = "Api-Sandi-6Vb-5";
const API_NAS_SECRET: &str = "Api-Nas-2Hj-6";
const API_NEW_PASSWORD: &str = "Api-Baru-8Wc-7";
const WRONG_PASSWORD: &str = "Salah-Sandi-5Rf-8";
const WRONG_SECRET: &str = "Salah-Rahasia-1Nd-9";

fn chap_request(c: &Client, user: &str, password: &str) -> Vec<u8> {
    c.chap_request(user, password, None)
}

fn mschapv2_request(c: &Client, user: &str, password: &str) -> Vec<u8> {
    let auth: [u8; 16] = rand::random();
    let challenge: [u8; 16] = rand::random();
    let peer: [u8; 16] = rand::random();
    let nt = generate_nt_response(&challenge, &peer, user.as_bytes(), password);
    let mut response = vec![3u8, 0];
    response.extend_from_slice(&peer);
    response.extend_from_slice(&[0u8; 8]);
    response.extend_from_slice(&nt);
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, user.as_bytes()).unwrap();
    b.add_vendor(
        attr::VENDOR_MICROSOFT,
        attr::ms::MS_CHAP_CHALLENGE,
        &challenge,
    )
    .unwrap();
    b.add_vendor(
        attr::VENDOR_MICROSOFT,
        attr::ms::MS_CHAP2_RESPONSE,
        &response,
    )
    .unwrap();
    b.finish_request(&auth, &c.secret, true).unwrap()
}

/// Sends `req` up to three times; the code of the authentic reply.
fn answer(c: &Client, req: &[u8]) -> Code {
    let reply = (0..3).find_map(|_| c.exchange(req)).expect("an answer");
    c.verify_reply(req, &reply);
    code(&reply)
}

/// Everything the scenario saw: (where, text).
#[derive(Default)]
struct Seen(Vec<(String, String)>);

impl Seen {
    fn add(&mut self, what: &str, text: impl Into<String>) {
        self.0.push((what.to_string(), text.into()));
    }

    fn cli(&mut self, s: &Server, args: &[&str]) -> String {
        let out = s.cli_output(args);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        self.add(&format!("stdout of {args:?}"), stdout.clone());
        self.add(
            &format!("stderr of {args:?}"),
            String::from_utf8_lossy(&out.stderr),
        );
        stdout
    }
}

fn http(
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<serde_json::Value>,
) -> (u16, String) {
    let client = reqwest::blocking::Client::new();
    let mut req = client.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().expect("http");
    let status = resp.status().as_u16();
    (status, resp.text().unwrap_or_default())
}

fn full_scenario(db: Db) {
    let s = Server::prepare(db);
    let cfg = std::fs::read_to_string(s.config_path())
        .unwrap()
        .replace("level = \"info,radkota=debug\"", "level = \"trace\"");
    std::fs::write(
        s.config_path(),
        format!("{cfg}\n[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\n"),
    )
    .unwrap();
    let mut seen = Seen::default();

    // CLI: a NAS, users for each method, a token (whose one intended output is kept apart).
    seen.cli(
        &s,
        &[
            "nas",
            "add",
            "rw01",
            "--address",
            "127.0.0.1",
            "--secret",
            NAS_SECRET,
        ],
    );
    for (user, pw) in [
        ("pap-user", PAP_PASSWORD),
        ("chap-user", CHAP_PASSWORD),
        ("ms-user", MS_PASSWORD),
    ] {
        seen.cli(
            &s,
            &["user", "add", user, "--plan", "umkm", "--password", pw],
        );
    }
    // Errors that carry secrets in their arguments.
    seen.cli(
        &s,
        &[
            "nas",
            "add",
            "rw01",
            "--address",
            "127.0.0.1",
            "--secret",
            NAS_SECRET,
        ],
    );
    seen.cli(
        &s,
        &[
            "user",
            "add",
            "pap-user",
            "--plan",
            "umkm",
            "--password",
            PAP_PASSWORD,
        ],
    );
    seen.cli(
        &s,
        &[
            "user",
            "add",
            "bad user",
            "--plan",
            "umkm",
            "--password",
            PAP_PASSWORD,
        ],
    );
    let token_out = s.cli_output(&["token", "create", "--role", "admin", "--name", "root"]);
    assert!(token_out.status.success());
    let token = String::from_utf8_lossy(&token_out.stdout)
        .trim()
        .to_string();
    seen.add(
        "stderr of token create",
        String::from_utf8_lossy(&token_out.stderr),
    );
    assert!(token.len() >= 20, "{token}");

    let s = s.start();
    let c = Client::new("127.0.0.1:0", s.auth, NAS_SECRET.as_bytes());
    assert!(c.login("pap-user", PAP_PASSWORD).is_some());
    assert_eq!(
        answer(&c, &c.pap_request("pap-user", PAP_PASSWORD, true)),
        Code::AccessAccept
    );
    assert_eq!(
        answer(&c, &c.pap_request("pap-user", WRONG_PASSWORD, true)),
        Code::AccessReject
    );
    assert_eq!(
        answer(&c, &chap_request(&c, "chap-user", CHAP_PASSWORD)),
        Code::AccessAccept
    );
    assert_eq!(
        answer(&c, &chap_request(&c, "chap-user", WRONG_PASSWORD)),
        Code::AccessReject
    );
    assert_eq!(
        answer(&c, &mschapv2_request(&c, "ms-user", MS_PASSWORD)),
        Code::AccessAccept
    );
    assert_eq!(
        answer(&c, &mschapv2_request(&c, "ms-user", WRONG_PASSWORD)),
        Code::AccessReject
    );

    // A packet signed with a wrong secret from the known address: dropped, never echoed.
    let wrong = Client::new("127.0.0.1:0", s.auth, WRONG_SECRET.as_bytes());
    wrong.send(&wrong.pap_request("pap-user", PAP_PASSWORD, true));
    assert!(wrong.receive().is_none(), "no answer to a wrong secret");

    // Accounting.
    let acct = Client::new("127.0.0.1:0", s.acct, NAS_SECRET.as_bytes());
    Acct {
        status: START,
        session: "s-1",
        user: "pap-user",
        ..Default::default()
    }
    .send(&acct);
    Acct {
        status: STOP,
        session: "s-1",
        user: "pap-user",
        counters: Some((60, 1000, 2000)),
        ..Default::default()
    }
    .send(&acct);

    // The admin API.
    assert!(common::eventually(10, || s.log_contains("admin API listening")));
    let addr = s
        .log()
        .lines()
        .find(|l| l.contains("admin API listening"))
        .and_then(|l| {
            Some(
                l[l.find("addr=")? + 5..]
                    .split_whitespace()
                    .next()?
                    .to_string(),
            )
        })
        .expect("admin address");
    let base = format!("http://{addr}");
    use reqwest::Method as M;
    let calls = [
        (
            M::POST,
            "/api/v1/users",
            Some(
                serde_json::json!({"username": "api-user", "plan": "umkm", "password": API_PASSWORD}),
            ),
        ),
        (
            M::PATCH,
            "/api/v1/users/api-user",
            Some(serde_json::json!({"password": API_NEW_PASSWORD})),
        ),
        (
            M::POST,
            "/api/v1/nas",
            Some(
                serde_json::json!({"name": "rw02", "address": "127.0.0.2", "secret": API_NAS_SECRET}),
            ),
        ),
        (
            M::POST,
            "/api/v1/nas",
            Some(
                serde_json::json!({"name": "rw02", "address": "127.0.0.2", "secret": API_NAS_SECRET}),
            ),
        ),
        (
            M::POST,
            "/api/v1/users",
            Some(
                serde_json::json!({"username": "api-user", "plan": "umkm", "password": API_PASSWORD}),
            ),
        ),
        (M::GET, "/api/v1/users", None),
        (M::GET, "/api/v1/users/pap-user", None),
        (M::GET, "/api/v1/nas", None),
        (M::GET, "/api/v1/nas/rw01", None),
        (M::GET, "/api/v1/sessions", None),
        (M::GET, "/api/v1/auth-log", None),
        (M::GET, "/api/v1/audit-log", None),
    ];
    for (method, path, body) in calls {
        let (status, text) = http(method.clone(), format!("{base}{path}"), &token, body);
        assert!(status < 500, "{method} {path}: {status} {text}");
        seen.add(&format!("API {method} {path}"), text);
    }
    let (status, _) = http(M::GET, format!("{base}/api/v1/users"), "wrong-token", None);
    assert_eq!(status, 401);
    let c2 = Client::new("127.0.0.2:0", s.auth, API_NAS_SECRET.as_bytes());
    assert!(common::eventually(5, || c2
        .exchange(&c2.pap_request("api-user", API_NEW_PASSWORD, true))
        .is_some_and(|r| code(&r) == Code::AccessAccept)));

    // Exports and reports.
    let dir = s.data_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let export = dir.join("users.csv");
    seen.cli(
        &s,
        &["user", "export", "--output", export.to_str().unwrap()],
    );
    seen.add("users.csv", std::fs::read_to_string(&export).unwrap());
    for args in [
        &["user", "list"][..],
        &["user", "show", "pap-user"][..],
        &["nas", "list"][..],
        &["audit", "list"][..],
        &["token", "list"][..],
        &["session", "list"][..],
        &["report", "usage", "--format", "csv"][..],
        &["report", "usage", "--format", "json"][..],
        &["report", "hotspots", "--format", "csv"][..],
        &["key", "show"][..],
    ] {
        seen.cli(&s, args);
    }

    let mut s = s;
    std::thread::sleep(Duration::from_millis(300));
    seen.add("server log", s.stop());

    let key = std::fs::read(s.key_file()).unwrap();
    let key_hex = hex::encode(&key);
    let key_upper = key_hex.to_uppercase();
    let mut needles: Vec<(&str, String)> = vec![
        ("NAS secret", NAS_SECRET.into()),
        ("PAP password", PAP_PASSWORD.into()),
        ("CHAP password", CHAP_PASSWORD.into()),
        ("MS-CHAPv2 password", MS_PASSWORD.into()),
        ("API password", API_PASSWORD.into()),
        ("API NAS secret", API_NAS_SECRET.into()),
        ("API new password", API_NEW_PASSWORD.into()),
        ("wrong password", WRONG_PASSWORD.into()),
        ("wrong secret", WRONG_SECRET.into()),
        ("API token", token.clone()),
        ("key (hex)", key_hex),
        ("key (HEX)", key_upper),
    ];
    // The token's secret part (after any id prefix) must not show either.
    if let Some((_, tail)) = token.rsplit_once(['.', '_']) {
        if tail.len() >= 16 {
            needles.push(("API token secret part", tail.to_string()));
        }
    }
    let lossy_key = String::from_utf8_lossy(&key).into_owned();
    for (where_, text) in &seen.0 {
        for (what, needle) in &needles {
            assert!(
                !text.contains(needle.as_str()),
                "{what} appears in {where_}:\n{text}"
            );
        }
        if lossy_key.chars().filter(|c| !c.is_control()).count() >= 16 {
            assert!(
                !text.contains(&lossy_key),
                "the raw key appears in {where_}"
            );
        }
    }
    // The scenario really ran at trace level and really logged logins.
    let log = &seen.0.iter().find(|(w, _)| w == "server log").unwrap().1;
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "not at trace level"
    );
    assert!(log.contains("pap-user"), "logins are in the log");

    // Files holding secrets are private.
    for file in [s.key_file(), export] {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
    if let Some(db_file) = s.db_url().strip_prefix("sqlite://") {
        let mode = std::fs::metadata(db_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{db_file}");
    }
}

both_backends!(full_scenario);

/// A database readable by others (made by hand or by an older version) is named in a
/// warning at start.
#[test]
fn server_warns_about_a_readable_database() {
    let s = Server::prepare(Db::Sqlite);
    s.provision();
    let db_file = s.db_url().strip_prefix("sqlite://").unwrap().to_string();
    std::fs::set_permissions(&db_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut s = s.start();
    let log = s.stop();
    let warning = log
        .lines()
        .find(|l| l.contains("readable by group or others"))
        .unwrap_or_else(|| panic!("no warning:\n{log}"));
    assert!(warning.contains(&db_file), "{warning}");
    assert!(warning.contains("0644"), "{warning}");
}
