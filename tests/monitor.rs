//! Metrics and health on their own listener (issue 17): `/metrics` scraped over HTTP from a
//! running server after real RADIUS traffic and parsed as Prometheus text; `/readyz` 503
//! while migrations are pending and while PostgreSQL cannot be reached (a TCP proxy in
//! between is cut; the shared server is never touched), 200 again when it is back.

mod common;
#[path = "faults/support.rs"]
#[allow(dead_code)]
mod support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use common::{Acct, Client, Db, SECRET, START, Server, code, eventually};
use radkota::protocol::Code;
use radkota::store::testing::postgres_url;
use support::Proxy;

const METRICS: &str = "[metrics]\nlisten = \"127.0.0.1:0\"\n";

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("http client")
}

fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let r = http()
        .get(format!("http://{addr}{path}"))
        .send()
        .expect("HTTP request");
    let status = r.status().as_u16();
    let ctype = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, ctype, r.text().expect("body"))
}

/// Every line is a comment (`# HELP`/`# TYPE` first for each family) or `name{labels} value`
/// with a legal metric name and a number: the exposition format's grammar, checked strictly
/// beside the lenient parser below.
fn check_grammar(text: &str) {
    let mut typed = std::collections::HashSet::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut parts = rest.split(' ');
            let name = parts.next().expect("name");
            let kind = parts.next().expect("type");
            assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
            typed.insert(name.to_string());
            continue;
        }
        if line.starts_with("# HELP ") {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').expect("name and value");
        let name = series.split('{').next().expect("name");
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
                && !name.starts_with(|c: char| c.is_ascii_digit()),
            "{line}"
        );
        assert!(
            value.parse::<f64>().is_ok() || value == "+Inf",
            "value of {line}"
        );
        if series.contains('{') {
            assert!(series.ends_with('}'), "{line}");
        }
        let family = ["_bucket", "_sum", "_count", "_total"]
            .iter()
            .find_map(|s| name.strip_suffix(s).filter(|f| typed.contains(*f)))
            .unwrap_or(name);
        assert!(typed.contains(family), "no # TYPE before {line}");
    }
}

/// Samples by name and sorted labels.
fn samples(text: &str) -> HashMap<String, f64> {
    let scrape = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_string())))
        .expect("parses as Prometheus text");
    let mut out = HashMap::new();
    for s in scrape.samples {
        let mut labels: Vec<String> = s.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        labels.sort();
        let value = match s.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v) => v,
            prometheus_parse::Value::Histogram(h) => {
                // The parser folds buckets into the series; keep the +Inf bucket as its count.
                h.iter().map(|b| b.count).fold(0.0, f64::max)
            }
            prometheus_parse::Value::Summary(_) => continue,
        };
        out.insert(format!("{}{{{}}}", s.metric, labels.join(",")), value);
    }
    out
}

fn scrape_after_traffic(db: Db) {
    let s = Server::prepare_with(db, METRICS);
    s.provision();
    let s = s.start();
    let addr = s.metrics_addr().expect("metrics listener logged");
    let (status, _, body) = get(addr, "/livez");
    assert_eq!((status, body.as_str()), (200, "ok\n"));
    assert_eq!(get(addr, "/readyz").0, 200);

    let c = s.client();
    let reply = c.login("siswa", "rahasia-siswa").expect("reply");
    assert_eq!(code(&reply), Code::AccessAccept);
    let reply = c.login("siswa", "wrong password").expect("reply");
    assert_eq!(code(&reply), Code::AccessReject);
    let acct = Client::new("127.0.0.1:0", s.acct, SECRET);
    Acct {
        status: START,
        session: "m-1",
        user: "siswa",
        counters: Some((0, 0, 0)),
        ..Default::default()
    }
    .send(&acct);
    // A datagram from an unknown client, dropped and counted.
    Client::new("127.0.0.3:0", s.auth, SECRET).send(&c.pap_request("siswa", "x", true));

    let (status, ctype, text) = get(addr, "/metrics");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/plain; version=0.0.4"), "{ctype}");
    check_grammar(&text);
    let m = samples(&text);
    let at = |k: &str| {
        *m.get(k)
            .unwrap_or_else(|| panic!("{k} missing from:\n{text}"))
    };
    assert_eq!(
        at("radkota_requests_total{kind=access,outcome=accept}"),
        1.0
    );
    assert_eq!(
        at("radkota_requests_total{kind=access,outcome=reject}"),
        1.0
    );
    assert_eq!(
        at("radkota_requests_total{kind=accounting,outcome=start}"),
        1.0
    );
    assert!(eventually(5, || {
        samples(&get(addr, "/metrics").2)
            .get("radkota_drops_total{reason=unknown_client}")
            .copied()
            == Some(1.0)
    }));
    assert_eq!(at("radkota_reply_duration_seconds_count{kind=access}"), 2.0);
    assert_eq!(
        at("radkota_reply_duration_seconds_count{kind=accounting}"),
        1.0
    );
    assert_eq!(at("radkota_reply_duration_seconds_count{kind=status}"), 0.0);
    assert!(at("radkota_accounting_batch_records_count{}") >= 1.0);
    assert!(at("radkota_accounting_commit_duration_seconds_count{}") >= 1.0);
    assert_eq!(at("radkota_accounting_queue_depth{}"), 0.0);
    assert_eq!(at("radkota_open_sessions{}"), 1.0);
    assert_eq!(at("radkota_database_up{}"), 1.0);
    assert_eq!(at("radkota_argon2_jobs{}"), 0.0);
    assert_eq!(at("radkota_database_errors_total{path=accounting}"), 0.0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let seen = at("radkota_nas_last_seen_timestamp_seconds{nas=rw01}");
    assert!(seen > now - 120.0 && seen <= now + 1.0, "{seen} vs {now}");
    // Every series the shipped Grafana dashboard queries is one the server exports.
    let dashboard = include_str!("../contrib/grafana/radkota.json");
    for name in dashboard
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with("radkota_"))
    {
        assert!(
            text.lines().any(|l| l.starts_with(name)),
            "the dashboard queries {name}, which /metrics does not export"
        );
    }
    // Counted once, in the request path's counters, and exported from there.
    let mut s = s;
    let log = s.stop();
    assert_eq!(common::final_counter(&log, "access_accepts"), 1);
}

/// A database that lacks a migration this build has (rolled back, or a newer build's
/// instance not yet upgraded here) is not ready.
fn readyz_with_migrations_pending(db: Db) {
    let s = Server::prepare_with(db, METRICS);
    s.provision();
    let s = s.start();
    let addr = s.metrics_addr().expect("metrics listener");
    assert_eq!(get(addr, "/readyz").0, 200);
    let rt = common::runtime();
    let store = rt.block_on(s.store());
    let last = rt
        .block_on(
            sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 11").execute(store.pool()),
        )
        .expect("forget a migration");
    assert_eq!(last.rows_affected(), 1);
    let (status, _, body) = get(addr, "/readyz");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("migrations pending: [11]"), "{body}");
    assert_eq!(get(addr, "/livez").0, 200, "alive all the same");
}

both_backends!(scrape_after_traffic, readyz_with_migrations_pending);

#[test]
fn readyz_follows_postgres_reachability() {
    let Some(_) = postgres_url() else {
        return;
    };
    let mut s = Server::prepare_with(Db::Postgres, METRICS);
    s.provision();
    let direct = s.db_url().to_string();
    let host = direct
        .split('@')
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("host:port in the URL")
        .to_string();
    let proxy = Proxy::start(host.clone());
    s.set_db_url(direct.replacen(&host, &format!("127.0.0.1:{}", proxy.port), 1));
    let s = s.start();
    let addr = s.metrics_addr().expect("metrics listener");
    assert_eq!(get(addr, "/readyz").0, 200);

    proxy.cut();
    assert!(
        eventually(20, || get(addr, "/readyz").0 == 503),
        "/readyz says 503 while PostgreSQL is unreachable"
    );
    let (_, _, body) = get(addr, "/readyz");
    assert!(body.contains("database unreachable"), "{body}");
    assert_eq!(get(addr, "/livez").0, 200, "alive all the same");
    let text = get(addr, "/metrics").2;
    assert_eq!(samples(&text).get("radkota_database_up{}"), Some(&0.0));

    proxy.restore();
    assert!(
        eventually(30, || get(addr, "/readyz").0 == 200),
        "/readyz is 200 again once PostgreSQL is back"
    );
    let reply = s.client().login("siswa", "rahasia-siswa").expect("reply");
    assert_eq!(code(&reply), Code::AccessAccept);
}
