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

impl Api {
    fn json_post(&self, token: &str, path: &str) -> Value {
        let (st, _, text) = self.call(Some(token), Method::POST, path, None);
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
    // A silent NAS answers nothing: one short attempt keeps disconnect tests fast.
    cfg.push_str(
        "\n[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\n\n[coa]\ntimeout_ms = 50\nattempts = 1\n",
    );
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
    // A hotspot in area A whose CoA port is this socket, which never answers.
    let silent = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port().to_string();
    s.cli(&[
        "nas",
        "add",
        "nas-a2",
        "--address",
        "127.0.0.1",
        "--secret",
        "nas-secret-a-91",
        "--rw",
        "KA-L1-01",
        "--coa-port",
        &silent_port,
    ]);
    add_sessions(&s);
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
    for path in [
        "/api/v1/sessions",
        "/api/v1/sessions/{id}/disconnect",
        "/api/v1/users/{username}/disconnect",
        "/api/v1/usage/users/{username}",
        "/api/v1/usage/nas/{name}",
    ] {
        assert!(doc.contains(&format!("\"{path}\"")), "{path}");
    }

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
        ["nas-a", "nas-a2", "nas-b"]
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
    assert_eq!(
        names(&api.json(&op_a, "/api/v1/nas"), "name"),
        ["nas-a", "nas-a2"]
    );
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
        (
            M::PATCH,
            "/api/v1/nas/nas-b",
            Some(json!({"address": "10.2.0.9"})),
        ),
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
    // A NAS changed in place: only what is given, the secret never shown back; moving it
    // out of the operator's area is refused, a name in use is 409, bad input 422.
    let patch = |body: Value| api.call(Some(&op_a), M::PATCH, "/api/v1/nas/na2", Some(body));
    let (st, _, text) = patch(
        json!({"address": "10.1.0.3", "coa_port": 1700, "enabled": false,
        "secret": "nas-secret-a-91", "vendor": "wispr", "rw": null}),
    );
    assert_eq!(st, StatusCode::OK, "{text}");
    let changed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (
            &changed["address"],
            &changed["coa_port"],
            &changed["enabled"],
            &changed["vendor"],
            &changed["rw"]
        ),
        (
            &json!("10.1.0.3"),
            &json!(1700),
            &json!(false),
            &json!("wispr"),
            &json!("KA-L1-01")
        )
    );
    assert_eq!(patch(json!({})).0, StatusCode::OK);
    assert_eq!(patch(json!({"rw": "KB-L1-01"})).0, StatusCode::FORBIDDEN);
    assert_eq!(patch(json!({"name": "nas-a"})).0, StatusCode::CONFLICT);
    assert_eq!(
        patch(json!({"address": "10.1.0.1"})).0,
        StatusCode::CONFLICT
    );
    for bad in [
        json!({"address": "not-an-address"}),
        json!({"name": "bad name"}),
        json!({"secret": ""}),
        json!({"vendor": "cisco"}),
        json!({"coa_port": 0}),
        json!({"require_message_authenticator": "sometimes"}),
    ] {
        assert_eq!(
            patch(bad.clone()).0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}"
        );
    }
    assert_eq!(patch(json!({"colour": "red"})).0, StatusCode::BAD_REQUEST);
    let (st, _, text) = patch(json!({"name": "na3", "enabled": true}));
    assert_eq!(st, StatusCode::OK, "{text}");
    assert_eq!(api.json(&admin, "/api/v1/nas/na3")["enabled"], true);
    assert_eq!(
        api.status(Some(&op_a), M::GET, "/api/v1/nas/na2", None),
        StatusCode::NOT_FOUND
    );
    let audit = api.json(&admin, "/api/v1/audit-log?limit=1000");
    let sets: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "nas.set")
        .collect();
    assert_eq!(
        sets.len(),
        2,
        "one row per change, none for an empty body: {sets:?}"
    );
    assert!(
        sets.iter().any(|r| r["target"] == "nas:na2"
            && r["actor"] == "token:2 (op-a)"
            && r["after"]
                .as_str()
                .and_then(|a| serde_json::from_str::<Value>(a).ok())
                .is_some_and(|a| a["secret_changed"] == true)),
        "{sets:?}"
    );
    assert_eq!(
        api.status(Some(&op_a), M::DELETE, "/api/v1/nas/na3", None),
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
        (
            M::PATCH,
            "/api/v1/nas/nas-a",
            Some(json!({"enabled": false})),
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
            json!({"username": "ok", "plan": "student", "password": "pw-new-789"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"username": "ok", "plan": "gold", "password": "pw-new-789", "area": "KA"}),
            StatusCode::NOT_FOUND,
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

    sessions_and_usage(&api, &admin, &op_a, &auditor);

    // The API's changes are in the chain, which still verifies.
    s.cli(&["audit", "verify"]);

    // Failed tokens are rate-limited per address; a valid token is still accepted.
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
        StatusCode::OK
    );
}

/// Accounting for three sessions: alice open on nas-a2 (the silent one), alice closed on
/// nas-a, bob open on nas-b; all counted on 2026-03-02.
fn add_sessions(s: &Server) {
    use radkota::store::{AcctKind, AcctRecord};
    common::runtime().block_on(async {
        let store = s.store().await;
        let mut ids = std::collections::HashMap::new();
        for n in store.list_nas().await.unwrap() {
            ids.insert(n.name.clone(), n.id);
        }
        // Recent by both the server's test clock and the wall clock, so the reaper does not
        // mark the open ones stale; the usage day is given explicitly.
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let at = common::today_at_10_wib().max(wall) + 60;
        let rec = |kind, nas: &str, sid: &str, user: &str, t: i64, c: (i64, i64, i64)| AcctRecord {
            kind,
            nas_id: ids[nas],
            acct_session_id: sid.into(),
            username: user.into(),
            event_time: t,
            seen_at: t,
            day: "2026-03-02".into(),
            session_time: c.2,
            input_octets: c.0,
            output_octets: c.1,
            input_packets: 1,
            output_packets: 1,
            framed_ip: Some("10.5.50.21".into()),
            calling_station_id: Some("AA:BB:CC:00:00:01".into()),
            called_station_id: None,
            nas_port_id: None,
            class: Some(b"sealed-class".to_vec()),
            terminate_cause: (kind == AcctKind::Stop).then(|| "User-Request".to_string()),
            interim_interval: 300,
            hour: 10,
            clock_skew: None,
            nas_identifier: None,
        };
        store
            .apply_accounting(&[
                rec(AcctKind::Start, "nas-a2", "a-open", "alice", at, (0, 0, 0)),
                rec(
                    AcctKind::Interim,
                    "nas-a2",
                    "a-open",
                    "alice",
                    at + 60,
                    (1000, 5000, 60),
                ),
                rec(
                    AcctKind::Start,
                    "nas-a",
                    "a-closed",
                    "alice",
                    at - 600,
                    (0, 0, 0),
                ),
                rec(
                    AcctKind::Stop,
                    "nas-a",
                    "a-closed",
                    "alice",
                    at - 300,
                    (200, 800, 300),
                ),
                rec(AcctKind::Start, "nas-b", "b-open", "bob", at + 5, (0, 0, 0)),
                rec(
                    AcctKind::Interim,
                    "nas-b",
                    "b-open",
                    "bob",
                    at + 65,
                    (7, 9, 60),
                ),
            ])
            .await
            .unwrap();
        store.close().await;
    });
}

/// Sessions and usage through every role: readable by all three (operators: their area
/// only), disconnect by admin and operator, problem+json for bad input.
fn sessions_and_usage(api: &Api, admin: &str, op_a: &str, auditor: &str) {
    use Method as M;
    let sids = |v: &Value| names(v, "acct_session_id");
    let all = api.json(admin, "/api/v1/sessions");
    assert_eq!(sids(&all), ["b-open", "a-open", "a-closed"]);
    assert_eq!(all["total"], 3);
    assert!(all["items"][0].get("class").is_none(), "{all}");
    let id_of = |sid: &str| {
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["acct_session_id"] == sid)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (a_open, a_closed, b_open) = (id_of("a-open"), id_of("a-closed"), id_of("b-open"));
    assert_eq!(
        sids(&api.json(admin, "/api/v1/sessions?open=true")),
        ["b-open", "a-open"]
    );
    assert_eq!(
        sids(&api.json(admin, "/api/v1/sessions?user=alice")),
        ["a-open", "a-closed"]
    );
    assert_eq!(
        sids(&api.json(admin, "/api/v1/sessions?nas=nas-b")),
        ["b-open"]
    );
    let page = api.json(admin, "/api/v1/sessions?limit=1&offset=1&user=alice");
    assert_eq!(
        (sids(&page), page["total"].as_i64()),
        (vec!["a-closed".to_string()], Some(2))
    );
    assert_eq!(api.json(auditor, "/api/v1/sessions")["total"], 3);
    assert_eq!(
        api.json(auditor, &format!("/api/v1/sessions/{b_open}"))["username"],
        "bob"
    );

    // Operator of area A: sessions on area A's NAS only; area B's do not exist for them.
    let mine = api.json(op_a, "/api/v1/sessions");
    assert_eq!(sids(&mine), ["a-open", "a-closed"]);
    assert_eq!(mine["total"], 2);
    assert_eq!(api.json(op_a, "/api/v1/sessions?user=bob")["total"], 0);
    assert_eq!(api.json(op_a, "/api/v1/sessions?nas=nas-b")["total"], 0);
    for (method, path) in [
        (M::GET, format!("/api/v1/sessions/{b_open}")),
        (M::POST, format!("/api/v1/sessions/{b_open}/disconnect")),
        (M::POST, "/api/v1/users/bob/disconnect".to_string()),
        (
            M::GET,
            "/api/v1/usage/users/bob?from=2026-03-01&to=2026-03-31".to_string(),
        ),
        (
            M::GET,
            "/api/v1/usage/nas/nas-b?from=2026-03-01&to=2026-03-31".to_string(),
        ),
    ] {
        assert_eq!(
            api.status(Some(op_a), method, &path, None),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }

    // The auditor never disconnects.
    for path in [
        format!("/api/v1/sessions/{a_open}/disconnect"),
        "/api/v1/users/alice/disconnect".to_string(),
    ] {
        assert_eq!(
            api.status(Some(auditor), M::POST, &path, None),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }

    // A disconnect to a NAS that does not answer reports that, promptly.
    let started = std::time::Instant::now();
    let (st, _, text) = api.call(
        Some(op_a),
        M::POST,
        &format!("/api/v1/sessions/{a_open}/disconnect"),
        None,
    );
    assert_eq!(st, StatusCode::OK, "{text}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let r: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (r["disconnected"].as_i64(), r["failed"].as_i64()),
        (Some(0), Some(1)),
        "{r}"
    );
    assert_eq!(r["results"][0]["outcome"], "no-answer", "{r}");
    assert_eq!(r["results"][0]["acct_session_id"], "a-open", "{r}");
    assert!(
        r["results"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("no answer"),
        "{r}"
    );
    // All of a user's open sessions: alice has one (the closed one is not sent to).
    let r = api.json_post(op_a, "/api/v1/users/alice/disconnect");
    assert_eq!(r["results"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(r["results"][0]["outcome"], "no-answer", "{r}");
    // Admin reaches area B too; 10.2.0.1 is nowhere, so no answer or not sendable.
    let r = api.json_post(admin, "/api/v1/users/bob/disconnect");
    let outcome = r["results"][0]["outcome"].as_str().unwrap().to_string();
    assert!(outcome == "no-answer" || outcome == "not-sent", "{r}");
    assert_eq!(
        api.status(
            Some(admin),
            M::POST,
            &format!("/api/v1/sessions/{a_closed}/disconnect"),
            None
        ),
        StatusCode::CONFLICT
    );
    assert_eq!(
        api.status(
            Some(admin),
            M::POST,
            "/api/v1/users/nobody/disconnect",
            None
        ),
        StatusCode::NOT_FOUND
    );

    // Usage per user and per NAS.
    let march = "from=2026-03-01&to=2026-03-31";
    for token in [admin, op_a, auditor] {
        let u = api.json(token, &format!("/api/v1/usage/users/alice?{march}"));
        assert_eq!(u["days"].as_array().unwrap().len(), 1, "{u}");
        assert_eq!(u["days"][0]["day"], "2026-03-02");
        assert_eq!(u["total"]["input_octets"], 1200, "{u}");
        assert_eq!(u["total"]["output_octets"], 5800, "{u}");
        assert_eq!(u["total"]["sessions"], 2, "{u}");
        let n = api.json(token, &format!("/api/v1/usage/nas/nas-a?{march}"));
        assert_eq!(n["total"]["output_octets"], 800, "{n}");
    }
    let b = api.json(auditor, &format!("/api/v1/usage/nas/nas-b?{march}"));
    assert_eq!(b["total"]["input_octets"], 7, "{b}");
    let empty = api.json(
        admin,
        "/api/v1/usage/users/alice?from=2026-04-01&to=2026-04-30",
    );
    assert_eq!(empty["days"].as_array().unwrap().len(), 0);

    // problem+json for bad input.
    for path in [
        "/api/v1/usage/users/alice?from=2026-13-01&to=2026-03-31",
        "/api/v1/usage/users/alice?from=yesterday",
        "/api/v1/usage/users/alice?from=2026-03-31&to=2026-03-01",
        "/api/v1/usage/users/alice?from=2020-01-01&to=2026-03-01",
        "/api/v1/usage/nas/nas-a?day=2026-03-01",
        "/api/v1/sessions?open=maybe",
        "/api/v1/sessions?limit=0",
        "/api/v1/sessions/abc",
    ] {
        assert_eq!(
            api.status(Some(admin), M::GET, path, None),
            StatusCode::BAD_REQUEST,
            "{path}"
        );
    }
    assert_eq!(
        api.status(Some(admin), M::GET, "/api/v1/sessions/999999", None),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.status(
            Some(admin),
            M::GET,
            "/api/v1/usage/nas/nope?from=2026-03-01&to=2026-03-02",
            None
        ),
        StatusCode::NOT_FOUND
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
