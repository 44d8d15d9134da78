//! The admin HTTP API over real HTTP, started by `radkota serve` with `[admin] enabled`:
//! a role x endpoint matrix (operators confined to their area, auditors read-only and never
//! shown a secret or hash, revoked tokens refused), problem+json errors, the OpenAPI
//! document, audit rows for API changes, and the failed-token rate limit.

mod common;

use std::net::SocketAddr;

use common::{Db, Server};
use reqwest::blocking::Client;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const AREAS_CSV: &str = "\
kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code,rw_name
KA,Kecamatan A,KA-L1,Kelurahan A,KA-L1-01,RW 01
KB,Kecamatan B,KB-L1,Kelurahan B,KB-L1-01,RW 01
";

const SECRETS: &[&str] = &[
    "nas-secret-a-91",
    "nas-secret-b-92",
    "pw-alice-123",
    "pw-bob-456",
    "pw-new-789",
    "argon2",
    "sealed",
];

struct Api {
    http: Client,
    base: String,
}

impl Api {
    fn call(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, String, String) {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().expect("http");
        let status = resp.status();
        let ctype = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let text = resp.text().unwrap_or_default();
        for s in SECRETS {
            assert!(!text.contains(s), "{path} leaked '{s}': {text}");
        }
        if !status.is_success() {
            assert_eq!(ctype, "application/problem+json", "{path}: {text}");
            let p: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(p["status"], status.as_u16(), "{text}");
        }
        (status, ctype, text)
    }

    fn status(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> StatusCode {
        self.call(token, method, path, body).0
    }

    fn json(&self, token: &str, path: &str) -> Value {
        let (st, _, text) = self.call(Some(token), Method::GET, path, None);
        assert_eq!(st, StatusCode::OK, "{path}: {text}");
        serde_json::from_str(&text).unwrap()
    }
}

fn names(v: &Value, key: &str) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[key].as_str().unwrap().to_string())
        .collect()
}

fn token(s: &Server, args: &[&str]) -> String {
    let mut all = vec!["token", "create"];
    all.extend_from_slice(args);
    s.cli(&all).trim().to_string()
}

fn role_matrix(db: Db) {
    let s = Server::prepare(db);
    let mut cfg = std::fs::read_to_string(s.config_path()).unwrap();
    cfg.push_str("\n[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\n");
    std::fs::write(s.config_path(), cfg).unwrap();
    let areas = s.data_dir().parent().unwrap().join("areas.csv");
    std::fs::write(&areas, AREAS_CSV).unwrap();
    s.cli(&["area", "import", &areas.display().to_string()]);
    s.cli(&[
        "nas",
        "add",
        "nas-a",
        "--address",
        "10.1.0.1",
        "--secret",
        "nas-secret-a-91",
        "--rw",
        "KA-L1-01",
    ]);
    s.cli(&[
        "nas",
        "add",
        "nas-b",
        "--address",
        "10.2.0.1",
        "--secret",
        "nas-secret-b-92",
        "--rw",
        "KB-L1-01",
    ]);
    s.cli(&[
        "user",
        "add",
        "alice",
        "--plan",
        "student",
        "--password",
        "pw-alice-123",
        "--area",
        "KA-L1-01",
    ]);
    s.cli(&[
        "user",
        "add",
        "bob",
        "--plan",
        "umkm",
        "--password",
        "pw-bob-456",
        "--area",
        "KB-L1",
    ]);
    let admin = token(&s, &["--role", "admin", "--name", "root"]);
    let op_a = token(
        &s,
        &["--role", "operator", "--area", "KA", "--name", "op-a"],
    );
    let auditor = token(&s, &["--role", "auditor"]);
    let revoked = token(&s, &["--role", "admin"]);
    let revoked_id = s
        .cli(&["token", "list"])
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    s.cli(&["token", "revoke", &revoked_id]);
    assert!(s.cli(&["token", "list"]).contains("revoked"));

    let s = s.start();
    assert!(
        common::eventually(10, || s.log_contains("admin API listening")),
        "{}",
        s.log()
    );
    let addr: SocketAddr = s
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
    let api = Api {
        http: Client::new(),
        base: format!("http://{addr}"),
    };
    use Method as M;

    // OpenAPI needs no token.
    let (st, _, doc) = api.call(None, M::GET, "/openapi.json", None);
    assert_eq!(st, StatusCode::OK);
    assert!(doc.contains("\"openapi\":\"3.1.0\"") && doc.contains("/api/v1/users/{username}"));

    // No token, a wrong token and a revoked token are refused.
    assert_eq!(
        api.status(None, M::GET, "/api/v1/users", None),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        api.status(Some(&revoked), M::GET, "/api/v1/users", None),
        StatusCode::UNAUTHORIZED
    );

    // Admin: everything.
    assert_eq!(
        names(&api.json(&admin, "/api/v1/users"), "username"),
        ["alice", "bob"]
    );
    assert_eq!(
        names(&api.json(&admin, "/api/v1/nas"), "name"),
        ["nas-a", "nas-b"]
    );
    let page = api.json(&admin, "/api/v1/users?limit=1&offset=1");
    assert_eq!(
        (names(&page, "username"), page["total"].as_i64()),
        (vec!["bob".to_string()], Some(2))
    );
    assert_eq!(api.json(&admin, "/api/v1/areas")["total"], 6);
    assert_eq!(api.json(&admin, "/api/v1/plans")["total"], 2);

    // Operator of area A: only A's users and NAS.
    assert_eq!(
        names(&api.json(&op_a, "/api/v1/users"), "username"),
        ["alice"]
    );
    assert_eq!(names(&api.json(&op_a, "/api/v1/nas"), "name"), ["nas-a"]);
    assert_eq!(
        api.status(Some(&op_a), M::GET, "/api/v1/users/alice", None),
        StatusCode::OK
    );
    for (method, path, body) in [
        (M::GET, "/api/v1/users/bob", None),
        (
            M::PATCH,
            "/api/v1/users/bob",
            Some(json!({"status": "disabled"})),
        ),
        (M::DELETE, "/api/v1/users/bob", None),
        (M::GET, "/api/v1/nas/nas-b", None),
        (M::DELETE, "/api/v1/nas/nas-b", None),
    ] {
        assert_eq!(
            api.status(Some(&op_a), method, path, body),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let new_in = |area: &str, name: &str| json!({"username": name, "plan": "student", "password": "pw-new-789", "area": area});
    assert_eq!(
        api.status(
            Some(&op_a),
            M::POST,
            "/api/v1/users",
            Some(new_in("KB-L1-01", "x1"))
        ),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api.status(
            Some(&op_a),
            M::POST,
            "/api/v1/users",
            Some(json!({"username": "x2", "plan": "student", "password": "pw-new-789"}))
        ),
        StatusCode::FORBIDDEN
    );
    let nas_in = |rw: &str, name: &str, ip: &str| json!({"name": name, "address": ip, "secret": "nas-secret-a-91", "rw": rw});
    assert_eq!(
        api.status(
            Some(&op_a),
            M::POST,
            "/api/v1/nas",
            Some(nas_in("KB-L1-01", "nb2", "10.2.0.2"))
        ),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api.status(Some(&op_a), M::GET, "/api/v1/auth-log", None),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api.status(Some(&op_a), M::GET, "/api/v1/audit-log", None),
        StatusCode::FORBIDDEN
    );
    // ... and may change their own.
    assert_eq!(
        api.status(
            Some(&op_a),
            M::POST,
            "/api/v1/users",
            Some(new_in("KA-L1", "carol"))
        ),
        StatusCode::CREATED
    );
    assert_eq!(
        api.status(
            Some(&op_a),
            M::PATCH,
            "/api/v1/users/carol",
            Some(json!({"status": "disabled", "password": "pw-new-789"}))
        ),
        StatusCode::OK
    );
    assert_eq!(
        api.json(&admin, "/api/v1/users/carol")["status"],
        "disabled"
    );
    assert_eq!(
        api.status(
            Some(&op_a),
            M::POST,
            "/api/v1/nas",
            Some(nas_in("KA-L1-01", "na2", "10.1.0.2"))
        ),
        StatusCode::CREATED
    );
    assert_eq!(
        api.status(Some(&op_a), M::DELETE, "/api/v1/nas/na2", None),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.status(Some(&op_a), M::DELETE, "/api/v1/users/carol", None),
        StatusCode::NO_CONTENT
    );

    // Auditor: reads logs, writes nothing, reads no users or NAS.
    let audit = api.json(&auditor, "/api/v1/audit-log?limit=1000");
    let actions: Vec<_> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_string())
        .collect();
    assert!(actions.iter().any(|a| a == "user.passwd"), "{actions:?}");
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["actor"] == "token:2 (op-a)" && r["role"] == "operator")
    );
    api.json(&auditor, "/api/v1/auth-log");
    api.json(&auditor, "/api/v1/areas");
    for (method, path, body) in [
        (M::GET, "/api/v1/users", None),
        (M::GET, "/api/v1/users/alice", None),
        (M::GET, "/api/v1/nas", None),
        (M::POST, "/api/v1/users", Some(new_in("KA", "x3"))),
        (
            M::PATCH,
            "/api/v1/users/alice",
            Some(json!({"status": "disabled"})),
        ),
        (M::DELETE, "/api/v1/users/alice", None),
        (
            M::POST,
            "/api/v1/nas",
            Some(nas_in("KA-L1-01", "x4", "10.1.0.9")),
        ),
        (M::DELETE, "/api/v1/nas/nas-a", None),
    ] {
        assert_eq!(
            api.status(Some(&auditor), method, path, body),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }

    // problem+json for bad input.
    let (st, ct, text) = api.call(Some(&admin), M::POST, "/api/v1/users", None);
    assert_eq!(
        (st, ct.as_str()),
        (StatusCode::BAD_REQUEST, "application/problem+json"),
        "{text}"
    );
    for (body, want) in [
        (
            json!({"username": "a b", "plan": "student", "password": "pw-new-789"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"username": "ok", "plan": "gold", "password": "pw-new-789"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"username": "ok", "plan": "student", "password": "pw-new-789", "area": "NOPE"}),
            StatusCode::NOT_FOUND,
        ),
        (
            json!({"username": "alice", "plan": "student", "password": "pw-new-789", "area": "KA"}),
            StatusCode::CONFLICT,
        ),
        (
            json!({"username": "ok", "plan": "student", "password": "pw", "admin": true}),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        assert_eq!(
            api.status(Some(&admin), M::POST, "/api/v1/users", Some(body.clone())),
            want,
            "{body}"
        );
    }
    assert_eq!(
        api.status(Some(&admin), M::GET, "/api/v1/users?limit=5000", None),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        api.status(Some(&admin), M::GET, "/api/v1/users?limit=abc", None),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        api.status(Some(&admin), M::GET, "/api/v1/nope", None),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.status(Some(&admin), M::PUT, "/api/v1/users", None),
        StatusCode::METHOD_NOT_ALLOWED
    );

    // The API's changes are in the chain, which still verifies.
    s.cli(&["audit", "verify"]);

    // Failed tokens are rate-limited per address (last: it locks this address out).
    // The revoked token above was the first failure from this address.
    for _ in 1..10 {
        assert_eq!(
            api.status(Some("rk_wrong"), M::GET, "/api/v1/users", None),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        api.status(Some("rk_wrong"), M::GET, "/api/v1/users", None),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        api.status(Some(&admin), M::GET, "/api/v1/users", None),
        StatusCode::TOO_MANY_REQUESTS
    );
}

both_backends!(role_matrix);

/// `radkota admin serve` runs the API alone (whatever `enabled` says) and stops on SIGTERM.
#[test]
fn admin_serve_alone() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let s = Server::prepare(Db::Sqlite);
    let mut cfg = std::fs::read_to_string(s.config_path()).unwrap();
    cfg.push_str("\n[admin]\nlisten = \"127.0.0.1:0\"\n");
    std::fs::write(s.config_path(), cfg).unwrap();
    let dir = s.data_dir().parent().unwrap().to_path_buf();
    let mut child = Command::new(env!("CARGO_BIN_EXE_radkota"))
        .args(["admin", "serve"])
        .env("RADKOTA_CONFIG", s.config_path())
        .env("RADKOTA_DATA_DIR", s.data_dir())
        .env(
            "RADKOTA_DATABASE_URL",
            format!("sqlite://{}", dir.join("radkota.db").display()),
        )
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr: SocketAddr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.contains("admin API listening")
                .then(|| {
                    l[l.find("addr=")? + 5..]
                        .split_whitespace()
                        .next()?
                        .parse()
                        .ok()
                })
                .flatten()
        })
        .expect("listening line");
    let resp = Client::new()
        .get(format!("http://{addr}/openapi.json"))
        .send()
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = Client::new()
        .get(format!("http://{addr}/api/v1/users"))
        .send()
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(child.wait().unwrap().success());
}

/// Every new command group has help, and bad token arguments are one clear error.
#[test]
fn admin_cli_help_and_errors() {
    let s = Server::prepare(Db::Sqlite);
    for args in [
        &["area", "--help"][..],
        &["audit", "--help"],
        &["token", "--help"],
        &["admin", "--help"],
        &["user", "import", "--help"],
        &["user", "export", "--help"],
        &["nas", "import", "--help"],
    ] {
        assert!(s.cli(args).contains("Example"), "{args:?}");
    }
    for (args, msg) in [
        (
            &["token", "create", "--role", "operator"][..],
            "needs --area",
        ),
        (
            &["token", "create", "--role", "operator", "--area", "X"],
            "does not exist",
        ),
        (
            &["token", "create", "--role", "admin", "--area", "X"],
            "operator tokens only",
        ),
        (&["token", "revoke", "99"], "does not exist"),
        (&["audit", "list", "--from", "yesterday"], "not a date"),
    ] {
        let out = s.cli_output(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(msg),
            "{args:?}: {err}"
        );
    }
}
