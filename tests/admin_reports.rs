//! The report endpoints of the admin API over real HTTP, on SQLite and PostgreSQL: the
//! auditor gets usage, hotspot and weekly reports as JSON and CSV with usernames always
//! pseudonymised, raw names only for an admin, operators refused, bad queries as
//! problem+json.

mod common;

use std::net::SocketAddr;

use common::{Acct, Client as Radius, Db, SECRET, Server};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::Value;

const AREAS_CSV: &str = "\
kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code,rw_name
KA,Kecamatan A,KA-L1,Kelurahan A,KA-L1-01,RW 01
";

const MAC_ALICE: &str = "AA:BB:CC:00:00:01";
const MAC_BOB: &str = "AA:BB:CC:00:00:02";

fn wall() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Yesterday at `h`:00 WIB, and yesterday's date.
fn yesterday(h: i64) -> (i64, String) {
    let wib = 7 * 3600;
    let midnight = (wall() + wib).div_euclid(86_400) * 86_400 - wib - 86_400;
    let day = chrono::DateTime::from_timestamp(midnight + wib, 0)
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    (midnight + h * 3600, day)
}

fn acct(c: &Radius, status: u32, sid: &str, user: &str, mac: &str, at: i64, c3: (u32, u32, u32)) {
    Acct {
        status,
        session: sid,
        user,
        mac: Some(mac),
        counters: Some(c3),
        event: Some(at),
        ..Acct::default()
    }
    .send(c)
}

struct Api {
    http: Client,
    base: String,
}

impl Api {
    /// (status, content type, body); error bodies must be problem+json.
    fn get(&self, token: Option<&str>, path: &str) -> (StatusCode, String, String) {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
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
        if !status.is_success() {
            assert_eq!(ctype, "application/problem+json", "{path}: {text}");
        }
        (status, ctype, text)
    }

    fn json(&self, token: &str, path: &str) -> Value {
        let (st, ctype, text) = self.get(Some(token), path);
        assert_eq!(st, StatusCode::OK, "{path}: {text}");
        assert_eq!(ctype, "application/json");
        serde_json::from_str(&text).unwrap()
    }
}

fn token(s: &Server, args: &[&str]) -> String {
    let mut all = vec!["token", "create"];
    all.extend_from_slice(args);
    s.cli(&all).trim().to_string()
}

fn report_api(db: Db) {
    let s = Server::prepare_with(db, "[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\n");
    let areas = s.data_dir().parent().unwrap().join("areas.csv");
    std::fs::write(&areas, AREAS_CSV).unwrap();
    s.cli(&["area", "import", &areas.display().to_string()]);
    s.cli(&[
        "nas",
        "add",
        "nas-a",
        "--address",
        "127.0.0.1",
        "--secret",
        "testing123",
        "--rw",
        "KA-L1-01",
    ]);
    for (user, plan) in [("alice", "student"), ("bob", "umkm")] {
        s.cli(&[
            "user",
            "add",
            user,
            "--plan",
            plan,
            "--password",
            "Kota-hotspot-passphrase-2026-rahasia",
            "--area",
            "KA-L1-01",
        ]);
    }
    let admin = token(&s, &["--role", "admin"]);
    let auditor = token(&s, &["--role", "auditor"]);
    let operator = token(&s, &["--role", "operator", "--area", "KA"]);
    let mut s = s.start();
    s.set_clock(wall());
    let nas = Radius::new("127.0.0.1:0", s.acct, SECRET);
    let (t, day) = yesterday(10);
    // Overlapping: two sessions open at once.
    acct(&nas, 1, "s-a", "alice", MAC_ALICE, t, (0, 0, 0));
    acct(&nas, 1, "s-b", "bob", MAC_BOB, t + 60, (0, 0, 0));
    acct(
        &nas,
        2,
        "s-a",
        "alice",
        MAC_ALICE,
        t + 3600,
        (3600, 100, 1000),
    );
    acct(&nas, 2, "s-b", "bob", MAC_BOB, t + 1860, (1800, 50, 500));

    assert!(common::eventually(10, || s.log_contains("admin API listening")));
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
    let range = format!("from={day}&to={day}");

    // Usage by RW as JSON, exact.
    let r = api.json(&auditor, &format!("/api/v1/reports/usage?{range}&by=rw"));
    assert_eq!(r["by"], "rw");
    let row = &r["rows"][0];
    assert_eq!(row["key"], "KA-L1-01");
    assert_eq!(row["kecamatan"], "KA");
    assert_eq!(row["total"]["unique_users"], 2);
    assert_eq!(row["total"]["sessions"], 2);
    assert_eq!(row["total"]["input_octets"], 150);
    assert_eq!(row["total"]["output_octets"], 1500);
    assert_eq!(row["total"]["session_seconds"], 5400);
    assert_eq!(row["total"]["peak_sessions"], 2);
    assert_eq!(row["by_plan"]["umkm"]["output_octets"], 500);

    // Per user: pseudonyms for the auditor, in JSON and CSV.
    for fmt in ["json", "csv"] {
        let (st, ctype, body) = api.get(
            Some(&auditor),
            &format!("/api/v1/reports/usage?{range}&by=user&format={fmt}"),
        );
        assert_eq!(st, StatusCode::OK, "{body}");
        for secret in ["alice", "bob", MAC_ALICE, MAC_BOB] {
            assert!(!body.contains(secret), "{secret} in {body}");
        }
        if fmt == "csv" {
            assert_eq!(ctype, "text/csv; charset=utf-8");
            let lines: Vec<&str> = body.lines().collect();
            assert!(lines[0].starts_with("by,from,to,key,label,"), "{body}");
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains(",umkm,1,1,50,500,1800,") && l.contains(",u-")),
                "{body}"
            );
        } else {
            let v: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(v["pseudonymised"], true);
            assert_eq!(v["rows"].as_array().unwrap().len(), 2);
            for r in v["rows"].as_array().unwrap() {
                assert!(r["key"].as_str().unwrap().starts_with("u-"), "{r}");
            }
        }
    }
    // Raw names: refused for the auditor, given to an admin.
    let (st, _, body) = api.get(
        Some(&auditor),
        &format!("/api/v1/reports/usage?{range}&by=user&raw=true"),
    );
    assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
    let raw = api.json(
        &admin,
        &format!("/api/v1/reports/usage?{range}&by=user&raw=true"),
    );
    assert_eq!(raw["pseudonymised"], false);
    let keys: Vec<&str> = raw["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["alice", "bob"]);
    assert_eq!(raw["rows"][0]["total"]["session_seconds"], 3600);

    // Hotspots and weekly, JSON and CSV.
    let h = api.json(&auditor, "/api/v1/reports/hotspots");
    assert_eq!(h["rows"][0]["name"], "nas-a");
    assert_eq!(h["rows"][0]["users_week"], 2);
    assert_eq!(h["rows"][0]["open_sessions"], 0);
    let (st, ctype, body) = api.get(Some(&auditor), "/api/v1/reports/hotspots?format=csv");
    assert_eq!(
        (st, ctype.as_str()),
        (StatusCode::OK, "text/csv; charset=utf-8")
    );
    assert!(
        body.lines()
            .nth(1)
            .unwrap()
            .starts_with("nas-a,KA-L1-01,KA-L1,KA,"),
        "{body}"
    );
    let w = api.json(&auditor, "/api/v1/reports/weekly");
    assert_eq!(w["week_to"], day);
    assert_eq!(w["rows"][0]["rw"], "KA-L1-01");
    assert_eq!(w["rows"][0]["this_week"]["unique_users"], 2);
    assert_eq!(w["rows"][0]["last_week"]["unique_users"], 0);
    let (st, _, body) = api.get(Some(&admin), "/api/v1/reports/weekly?format=csv");
    assert_eq!(st, StatusCode::OK);
    assert!(
        body.starts_with("rw,label,kecamatan,kelurahan,this_week_unique_users,"),
        "{body}"
    );

    // Operators are refused; no token is 401; bad queries are 400.
    for path in [
        "/api/v1/reports/usage",
        "/api/v1/reports/hotspots",
        "/api/v1/reports/weekly",
    ] {
        assert_eq!(api.get(Some(&operator), path).0, StatusCode::FORBIDDEN);
        assert_eq!(api.get(None, path).0, StatusCode::UNAUTHORIZED);
    }
    for bad in [
        "by=street",
        "format=html",
        "from=2026-02-30",
        "from=2026-03-02&to=2026-03-01",
        "from=2025-01-01&to=2026-01-02",
        "colour=red",
    ] {
        let (st, _, body) = api.get(Some(&auditor), &format!("/api/v1/reports/usage?{bad}"));
        assert_eq!(st, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }

    // The OpenAPI document lists the three endpoints.
    let (_, _, doc) = api.get(None, "/openapi.json");
    for p in ["usage", "hotspots", "weekly"] {
        assert!(doc.contains(&format!("\"/api/v1/reports/{p}\"")), "{p}");
    }
}

both_backends!(report_api);
