//! Behind a reverse proxy the client is the client (issue 26): with `trusted_proxies` naming
//! the test client's address, `X-Forwarded-For` / `Forwarded` name the client, so one
//! attacker's bad tokens get 401 then 429 while a valid token through the same proxy keeps
//! getting 200; without it the headers change nothing; a valid token is never refused
//! because of failures; the back-off also follows a token tried from many clients; the
//! audit log records the client's address. Against `radkota serve` over real HTTP.

mod common;

use std::net::SocketAddr;

use common::{Db, Server};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::{Value, json};

fn start(db: Db, trusted: &str) -> (Server, SocketAddr, String) {
    let s = Server::prepare_with(
        db,
        &format!(
            "[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\ntrusted_proxies = {trusted}\n"
        ),
    );
    let token = s
        .cli(&["token", "create", "--role", "admin", "--name", "proxy"])
        .trim()
        .to_string();
    let s = s.start();
    let addr = s.admin_addr();
    (s, addr, token)
}

fn get(http: &Client, addr: SocketAddr, token: &str, xff: Option<&str>) -> StatusCode {
    let mut req = http
        .get(format!("http://{addr}/api/v1/users"))
        .bearer_auth(token);
    if let Some(x) = xff {
        req = req.header("X-Forwarded-For", x);
    }
    req.send().expect("http").status()
}

fn proxied_clients_are_kept_apart(db: Db) {
    let (s, addr, token) = start(db, "[\"127.0.0.1\"]");
    let http = Client::new();
    for i in 1..=30 {
        let bad = get(&http, addr, "rk_wrong", Some("203.0.113.9"));
        let expected = if i <= 10 {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(bad, expected, "bad token, attempt {i}");
        assert_eq!(
            get(&http, addr, &token, Some("198.51.100.7")),
            StatusCode::OK,
            "valid token from another client, after {i} failures"
        );
    }
    // Another client's bad token is its own first failure: 401, not 429.
    assert_eq!(
        get(&http, addr, "rk_wrong_too", Some("198.51.100.7")),
        StatusCode::UNAUTHORIZED
    );
    // A valid token is accepted even from the client that is backed off.
    assert_eq!(
        get(&http, addr, &token, Some("203.0.113.9")),
        StatusCode::OK
    );
    // RFC 7239 Forwarded names the client too (preferred over X-Forwarded-For): a fresh bad
    // token from a fresh client is a first failure (rk_wrong itself is backed off now, from
    // any client).
    let forwarded = http
        .get(format!("http://{addr}/api/v1/users"))
        .bearer_auth("rk_fresh")
        .header("Forwarded", "for=\"[2001:db8::7]:4711\";proto=https")
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .expect("http")
        .status();
    assert_eq!(forwarded, StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(&http, addr, "rk_wrong", Some("198.51.100.8")),
        StatusCode::TOO_MANY_REQUESTS
    );

    // The audit log records the client the proxy forwarded for.
    let created = http
        .post(format!("http://{addr}/api/v1/users"))
        .bearer_auth(&token)
        .header("X-Forwarded-For", "192.0.2.50, 198.51.100.7")
        .json(&json!({"username": "via-proxy", "plan": "student", "password": "pw12345678"}))
        .send()
        .expect("http");
    assert_eq!(created.status(), StatusCode::CREATED);
    let audit: Value = http
        .get(format!("http://{addr}/api/v1/audit-log?limit=1000"))
        .bearer_auth(&token)
        .send()
        .expect("http")
        .json()
        .expect("json");
    let row = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["target"] == "user:via-proxy")
        .expect("audit row");
    assert_eq!(row["client"], "198.51.100.7", "{row}");
    // The chain, client included, still verifies.
    s.cli(&["audit", "verify"]);
    // Logs name the client too.
    assert!(
        common::eventually(5, || s.log_contains("client=203.0.113.9")),
        "{}",
        s.log()
    );
}

both_backends!(proxied_clients_are_kept_apart);

/// Without `trusted_proxies`, forwarding headers are anybody's words: ignored.
#[test]
fn headers_change_nothing_from_an_untrusted_peer() {
    let (s, addr, token) = start(Db::Sqlite, "[]");
    let http = Client::new();
    for i in 1..=10 {
        // A different spoofed address each time: all counted against 127.0.0.1.
        let spoof = format!("203.0.113.{i}");
        assert_eq!(
            get(&http, addr, "rk_wrong", Some(&spoof)),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        get(&http, addr, "rk_other", Some("198.51.100.99")),
        StatusCode::TOO_MANY_REQUESTS
    );
    // ...and still the valid token of the same address gets through.
    assert_eq!(get(&http, addr, &token, None), StatusCode::OK);
    assert_eq!(
        get(&http, addr, &token, Some("203.0.113.1")),
        StatusCode::OK
    );
    let created = http
        .post(format!("http://{addr}/api/v1/users"))
        .bearer_auth(&token)
        .header("X-Forwarded-For", "198.51.100.7")
        .json(&json!({"username": "direct", "plan": "student", "password": "pw12345678"}))
        .send()
        .expect("http");
    assert_eq!(created.status(), StatusCode::CREATED);
    // No HSTS on plain HTTP.
    assert!(!created.headers().contains_key("strict-transport-security"));
    let audit: Value = http
        .get(format!("http://{addr}/api/v1/audit-log?limit=1000"))
        .bearer_auth(&token)
        .send()
        .expect("http")
        .json()
        .expect("json");
    let row = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["target"] == "user:direct")
        .expect("audit row");
    assert_eq!(row["client"], "127.0.0.1", "{row}");
    drop(s);
}

/// A token tried from many clients is backed off on its own (credential stuffing through a
/// botnet), without touching those clients' other attempts or anyone's valid token.
#[test]
fn a_token_tried_from_many_clients_is_backed_off() {
    let (_s, addr, token) = start(Db::Sqlite, "[\"127.0.0.0/8\"]");
    let http = Client::new();
    for i in 1..=10 {
        let from = format!("192.0.2.{i}");
        assert_eq!(
            get(&http, addr, "rk_stolen", Some(&from)),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        get(&http, addr, "rk_stolen", Some("192.0.2.200")),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        get(&http, addr, "rk_typo", Some("192.0.2.200")),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(get(&http, addr, &token, Some("192.0.2.1")), StatusCode::OK);
}

/// Plain HTTP beyond loopback needs `allow_plain_http`; the server refuses to start
/// without it, and `doctor` warns with it.
#[test]
fn plain_http_beyond_loopback_needs_a_setting() {
    let s = Server::prepare_with(
        Db::Sqlite,
        "[admin]\nenabled = true\nlisten = \"0.0.0.0:0\"\n",
    );
    let out = s.cli_output(&["admin", "serve"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("admin.listen")
            && err.contains("allow_plain_http")
            && err.contains("tls_cert"),
        "{err}"
    );

    let s = Server::prepare_with(
        Db::Sqlite,
        "[admin]\nenabled = true\nlisten = \"0.0.0.0:0\"\nallow_plain_http = true\n",
    );
    let out = s.cli_output(&["doctor"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("admin listener") && text.contains("allow_plain_http = true"),
        "{text}"
    );
}
