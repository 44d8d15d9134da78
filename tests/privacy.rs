//! Personal data lifecycle over the real server, UDP and CLI, on SQLite and PostgreSQL:
//! `radkota retention run` removes old finished sessions and old login rows, and
//! `radkota user forget` removes a person everywhere (MAC addresses included), while every
//! aggregate the reports read stays byte-for-byte the same.

mod common;

use common::{Client, Db, SECRET, Server, eventually, runtime, today_at_10_wib};
use radkota::protocol::crypto::hide_password;
use radkota::protocol::{Code, Packet, PacketBuilder, attr};
use radkota::store::Store;
use sqlx::Row;

const DAY: u32 = 86_400;
/// How far back the "old" sessions are (by Acct-Delay-Time): past the 180-day default.
const OLD: u32 = 200 * DAY;
const SISWA_MAC: &str = "AA:BB:CC:00:00:01";
const WARUNG_MAC: &str = "AA:BB:CC:00:00:02";

const START: u32 = 1;
const STOP: u32 = 2;
const INTERIM: u32 = 3;

/// One Accounting-Request.
struct Acct<'a> {
    status: u32,
    session: &'a str,
    user: &'a str,
    mac: &'a str,
    delay: u32,
    time: u32,
    input: u32,
    output: u32,
}

fn send_acct(c: &Client, a: &Acct<'_>) {
    let mut b = PacketBuilder::new(Code::AccountingRequest, c.id());
    b.add_u32(attr::ACCT_STATUS_TYPE, a.status).unwrap();
    b.add(attr::ACCT_SESSION_ID, a.session.as_bytes()).unwrap();
    b.add(attr::USER_NAME, a.user.as_bytes()).unwrap();
    b.add(attr::CALLING_STATION_ID, a.mac.as_bytes()).unwrap();
    b.add(attr::FRAMED_IP_ADDRESS, &[10, 5, 50, 21]).unwrap();
    b.add(attr::NAS_IDENTIFIER, b"rw-test").unwrap();
    if a.delay > 0 {
        b.add_u32(attr::ACCT_DELAY_TIME, a.delay).unwrap();
    }
    if a.status != START {
        b.add_u32(attr::ACCT_SESSION_TIME, a.time).unwrap();
        b.add_u32(attr::ACCT_INPUT_OCTETS, a.input).unwrap();
        b.add_u32(attr::ACCT_OUTPUT_OCTETS, a.output).unwrap();
    }
    let req = b.finish_request(&[0; 16], SECRET, false).unwrap();
    let reply = (0..3)
        .find_map(|_| c.exchange(&req))
        .unwrap_or_else(|| panic!("no Accounting-Response for {}", a.session));
    c.verify_reply(&req, &reply);
    assert_eq!(
        Packet::decode(&reply).unwrap().code,
        Code::AccountingResponse
    );
}

/// A PAP login carrying the device's MAC; returns whether it was accepted.
fn login(c: &Client, user: &str, password: &str, mac: &str) -> bool {
    let auth: [u8; 16] = rand::random();
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, user.as_bytes()).unwrap();
    b.add(
        attr::USER_PASSWORD,
        &hide_password(password.as_bytes(), &c.secret, &auth).unwrap(),
    )
    .unwrap();
    b.add(attr::CALLING_STATION_ID, mac.as_bytes()).unwrap();
    b.add(attr::NAS_IDENTIFIER, b"rw-test").unwrap();
    let req = b.finish_request(&auth, &c.secret, true).unwrap();
    let reply = (0..3)
        .find_map(|_| c.exchange(&req))
        .expect("Access-Request answered");
    Packet::decode(&reply).unwrap().code == Code::AccessAccept
}

/// One value of any column as text (integers, text, blobs as hex, NULL).
fn cell(row: &sqlx::any::AnyRow, i: usize) -> String {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return v.map_or("NULL".into(), |v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return v.unwrap_or_else(|| "NULL".into());
    }
    if let Ok(v) = row.try_get::<Option<Vec<u8>>, _>(i) {
        return v.map_or("NULL".into(), hex::encode);
    }
    panic!("column {i} has a type this test cannot read");
}

async fn dump(store: &Store, sql: &str) -> String {
    let rows = sqlx::query(sql).fetch_all(store.pool()).await.unwrap();
    let mut out = format!("{sql}\n");
    for row in &rows {
        let cells: Vec<String> = (0..row.len()).map(|i| cell(row, i)).collect();
        out.push_str(&cells.join("|"));
        out.push('\n');
    }
    out
}

const SUMS: &str = "CAST(SUM(input_octets) AS BIGINT), CAST(SUM(output_octets) AS BIGINT), \
                    CAST(SUM(session_seconds) AS BIGINT), CAST(SUM(sessions) AS BIGINT)";

/// Every aggregate the reports read, as text: the per-NAS, per-plan, hourly and peak
/// rollups, login counts, NAS health, the stored unique-user sets, the per-person rollups
/// summed per NAS and plan (with distinct user ids), and the distinct-user sets over the
/// whole period as `distinct_users` computes them.
async fn aggregates(store: &Store) -> String {
    let mut out = String::new();
    for sql in [
        "SELECT nas_id, day, input_octets, output_octets, session_seconds, sessions, \
         peak_sessions FROM usage_daily_nas ORDER BY nas_id, day"
            .to_string(),
        "SELECT day, nas_id, plan, input_octets, output_octets, session_seconds, sessions \
         FROM usage_daily_nas_plan ORDER BY day, nas_id, plan"
            .into(),
        "SELECT day, hour, nas_id, plan, input_octets, output_octets, session_seconds, \
         sessions FROM usage_hourly_nas_plan ORDER BY day, hour, nas_id, plan"
            .into(),
        "SELECT day, hour, nas_id, peak_sessions FROM concurrency_hourly_nas \
         ORDER BY day, hour, nas_id"
            .into(),
        "SELECT day, nas_id, accepts, rejects, bad_authenticators FROM auth_daily_nas \
         ORDER BY day, nas_id"
            .into(),
        "SELECT nas_id, last_acct_at, last_login_at, last_request_at, clock_skew, \
         nas_identifier FROM nas_health ORDER BY nas_id"
            .into(),
        "SELECT period, nas_id, plan, users, members FROM usage_distinct \
         ORDER BY period, nas_id, plan"
            .into(),
        format!(
            "SELECT day, nas_id, plan, {SUMS}, COUNT(DISTINCT user_id) FROM \
             usage_daily_user_nas GROUP BY day, nas_id, plan ORDER BY day, nas_id, plan"
        ),
        format!("SELECT day, {SUMS} FROM usage_daily_user GROUP BY day ORDER BY day"),
    ] {
        out.push_str(&dump(store, &sql).await);
    }
    let today = chrono::Utc::now().date_naive();
    let sets = store
        .distinct_users(today - chrono::Days::new(400), today + chrono::Days::new(1))
        .await
        .unwrap();
    out.push_str(&format!("{sets:?}\n"));
    out
}

/// Every table and column (text or blob) where `needle` occurs.
async fn occurrences(store: &Store, db: Db, needle: &str) -> Vec<String> {
    let tables_sql = match db {
        Db::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table'",
        Db::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    let tables: Vec<String> = sqlx::query(tables_sql)
        .fetch_all(store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>("name"))
        .filter(|t| t != "_sqlx_migrations")
        .collect();
    assert!(tables.len() >= 20, "all tables listed: {tables:?}");
    let mut hits = Vec::new();
    for t in tables {
        let rows = sqlx::query(&format!("SELECT * FROM {t}"))
            .fetch_all(store.pool())
            .await
            .unwrap();
        for row in &rows {
            for (i, col) in row.columns().iter().enumerate() {
                use sqlx::Column;
                let text = if let Ok(Some(s)) = row.try_get::<Option<String>, _>(i) {
                    s
                } else if let Ok(Some(b)) = row.try_get::<Option<Vec<u8>>, _>(i) {
                    String::from_utf8_lossy(&b).into_owned()
                } else {
                    continue;
                };
                if text.contains(needle) {
                    hits.push(format!("{t}.{}", col.name()));
                }
            }
        }
    }
    hits.sort();
    hits.dedup();
    hits
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

/// Waits until the purge a server runs at start has ended, finding nothing: old records
/// sent before then could be purged by it half way (one run in four under load).
fn wait_for_purge_at_start(s: &Server) {
    assert!(
        eventually(10, || s.log_contains("past retention")),
        "{}",
        s.log()
    );
}

async fn session_ids(store: &Store) -> Vec<String> {
    sqlx::query("SELECT acct_session_id FROM sessions ORDER BY acct_session_id")
        .fetch_all(store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
}

/// Waits out the last `margin` seconds of a day in WIB (UTC+7), so that records sent on
/// the real clock all fall on one usage day: a Start before midnight and its Stop after it
/// would put a person's usage on two days, and the counts asserted would change.
fn clear_of_wib_midnight(margin: u64) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let day = u64::from(DAY);
    let to_midnight = day - (now + 7 * 3600) % day;
    if to_midnight <= margin {
        std::thread::sleep(std::time::Duration::from_secs(to_midnight + 2));
    }
}

fn retention_and_forget_keep_every_aggregate(db: Db) {
    // The test takes seconds; a loaded CI machine may take a minute.
    clear_of_wib_midnight(180);
    let rt = runtime();
    let s = Server::prepare(db);
    s.provision();
    s.cli(&[
        "nas",
        "add",
        "rw02",
        "--address",
        "127.0.0.2",
        "--secret",
        "testing123",
    ]);
    let mut s = s.start();
    wait_for_purge_at_start(&s);
    let rw01 = Client::new("127.0.0.1:0", s.auth, SECRET);
    let rw02 = Client::new("127.0.0.2:0", s.auth, SECRET);
    let warung_pw = "Malang-RW07-hotspot-passphrase-37-oct";
    assert!(login(&rw01, "siswa", "rahasia-siswa", SISWA_MAC));
    assert!(!login(&rw02, "siswa", "wrong", SISWA_MAC));
    assert!(login(&rw02, "warung", warung_pw, WARUNG_MAC));

    let a1 = Client::new("127.0.0.1:0", s.acct, SECRET);
    let a2 = Client::new("127.0.0.2:0", s.acct, SECRET);
    let acct = |c: &Client, status, session, user, mac, delay, t, i, o| {
        send_acct(
            c,
            &Acct {
                status,
                session,
                user,
                mac,
                delay,
                time: t,
                input: i,
                output: o,
            },
        )
    };
    // 200 days ago (by Acct-Delay-Time): finished sessions of both users at rw01.
    acct(&a1, START, "A1", "siswa", SISWA_MAC, OLD, 0, 0, 0);
    acct(
        &a1,
        STOP,
        "A1",
        "siswa",
        SISWA_MAC,
        OLD - 1800,
        1800,
        1000,
        50_000,
    );
    acct(&a1, START, "C1", "warung", WARUNG_MAC, OLD, 0, 0, 0);
    acct(
        &a1,
        STOP,
        "C1",
        "warung",
        WARUNG_MAC,
        OLD - 3600,
        3600,
        5000,
        900_000,
    );
    // Today: a finished one for siswa at rw02, an open one for warung at rw02, and an open
    // one for siswa at rw01.
    acct(&a2, START, "B1", "siswa", SISWA_MAC, 0, 0, 0, 0);
    acct(&a2, STOP, "B1", "siswa", SISWA_MAC, 0, 600, 2000, 70_000);
    acct(&a2, START, "D1", "warung", WARUNG_MAC, 0, 0, 0, 0);
    acct(&a2, INTERIM, "D1", "warung", WARUNG_MAC, 0, 300, 100, 2000);
    acct(&a1, START, "E1", "siswa", SISWA_MAC, 0, 0, 0, 0);

    // An open session blocks `forget`: a later update would recreate the row.
    let out = s.cli_output(&["user", "forget", "siswa", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has 1 open session(s)"), "{err}");
    // Without --yes and without a terminal nothing happens either.
    let out = s.cli_output(&["user", "forget", "siswa"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("add --yes"));
    acct(&a1, STOP, "E1", "siswa", SISWA_MAC, 0, 120, 10, 20);

    let store = rt.block_on(s.store());
    assert!(eventually(10, || rt
        .block_on(count(&store, "SELECT COUNT(*) FROM auth_log"))
        == 3));
    let before = rt.block_on(aggregates(&store));
    assert!(
        before.contains("|student|"),
        "rollups were written: {before}"
    );

    // Retention, run 91 days from now: sessions last seen more than 180 days earlier go
    // (A1, C1), the open D1 and the recent ones stay; every login row is past 90 days.
    s.set_clock(today_at_10_wib() + 91 * i64::from(DAY));
    let out = s.cli(&["retention", "run"]);
    // The last line says how the purge was sliced (its timings vary from run to run).
    let (counts, slices) = out.rsplit_once("slices: ").unwrap_or((&out, ""));
    assert_eq!(
        counts,
        "sessions deleted: 2\nauth log rows deleted: 3\n\
         per-person usage rows deleted: 0 (kept forever)\n"
    );
    assert!(slices.starts_with("3 (largest 3 rows"), "{out}");
    assert_eq!(rt.block_on(session_ids(&store)), ["B1", "D1", "E1"]);
    assert_eq!(
        rt.block_on(count(&store, "SELECT COUNT(*) FROM auth_log")),
        0
    );
    assert_eq!(rt.block_on(aggregates(&store)), before);
    s.set_clock(today_at_10_wib());

    // New logins after the purge, so `forget` has login rows (with the MAC) to remove.
    assert!(login(&rw01, "siswa", "rahasia-siswa", SISWA_MAC));
    assert!(login(&rw01, "warung", warung_pw, WARUNG_MAC));
    assert!(eventually(10, || rt
        .block_on(count(&store, "SELECT COUNT(*) FROM auth_log"))
        == 2));
    let before = rt.block_on(aggregates(&store));
    let siswa_id = rt.block_on(store.get_user("siswa")).unwrap().unwrap().id;
    let months = rt.block_on(count(
        &store,
        "SELECT COUNT(*) FROM usage_monthly_user WHERE username = 'siswa'",
    ));
    assert!(months >= 1, "siswa's month rows were written");

    let out = s.cli(&["user", "forget", "siswa", "--yes"]);
    assert_eq!(
        out,
        format!(
            "forgot user siswa (now #{siswa_id}): 2 sessions and 1 login log rows deleted, \
             2 + 3 + {months} usage rows pseudonymised, 1 audit rows redacted\n"
        )
    );
    assert_eq!(rt.block_on(aggregates(&store)), before);
    assert_eq!(rt.block_on(session_ids(&store)), ["D1"]);
    for needle in ["siswa", SISWA_MAC] {
        assert_eq!(
            rt.block_on(occurrences(&store, db, needle)),
            Vec::<String>::new(),
            "{needle} is gone from every table"
        );
    }
    // The search does find what is still there: warung's device in the login log, the
    // session, and `session who`'s entries or queue (whichever holds it by now).
    let mut found = rt.block_on(occurrences(&store, db, WARUNG_MAC));
    let who = [
        "session_addresses.value",
        "session_who_queue.calling_station_id",
    ];
    let in_who = found.iter().filter(|t| who.contains(&t.as_str())).count();
    assert!(in_who >= 1, "{found:?}");
    found.retain(|t| !who.contains(&t.as_str()));
    assert_eq!(
        found,
        ["auth_log.calling_station_id", "sessions.calling_station_id"]
    );
    assert_eq!(
        rt.block_on(count(
            &store,
            &format!(
                "SELECT COUNT(*) FROM usage_daily_user_nas WHERE username = '#{siswa_id}' \
                 AND user_id = {siswa_id}"
            )
        )),
        3
    );
    let out = s.cli_output(&["user", "show", "siswa"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        s.cli(&["audit", "verify"])
            .starts_with("audit log intact: 5 rows verified")
    );
    let audit = rt
        .block_on(store.list_audit(&Default::default(), 100, 0))
        .unwrap();
    let forget = audit
        .iter()
        .find(|r| r.action == "user.forget")
        .expect("user.forget audit row");
    assert_eq!(forget.target, format!("user#{siswa_id}"));
    let add = audit
        .iter()
        .find(|r| r.action == "user.add" && r.target == format!("user#{siswa_id}"))
        .expect("the earlier user.add row, redacted");
    assert!(
        add.after
            .as_deref()
            .unwrap_or_default()
            .contains("\"username\":\"[forgotten]\"")
    );
    // A forgotten user is gone: a second forget finds nobody.
    let out = s.cli_output(&["user", "forget", "siswa", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    s.stop();
}

/// With `retention.user_usage_days`, whole months of per-person rows go, after their
/// unique-user sets are built, so unique-user counts and every per-NAS figure stay.
fn per_person_rollups_purged_after_sets_are_built(db: Db) {
    let rt = runtime();
    let s = Server::prepare_with(db, "[retention]\nuser_usage_days = 62\n");
    s.provision();
    let s = s.start();
    // The purge this test is about is the `retention run` below.
    wait_for_purge_at_start(&s);
    let a1 = Client::new("127.0.0.1:0", s.acct, SECRET);
    for (session, user, mac, delay) in [
        ("O1", "siswa", SISWA_MAC, 150 * DAY),
        ("O2", "warung", WARUNG_MAC, 150 * DAY),
        ("N1", "siswa", SISWA_MAC, 0),
    ] {
        for (status, t, i, o) in [(START, 0, 0, 0), (STOP, 60, 10, 500)] {
            send_acct(
                &a1,
                &Acct {
                    status,
                    session,
                    user,
                    mac,
                    delay,
                    time: t,
                    input: i,
                    output: o,
                },
            );
        }
    }
    let store = rt.block_on(s.store());
    let before = rt.block_on(aggregates(&store));
    let old_day =
        radkota::accounting::DayZone::default().date(radkota::store::now() - i64::from(150 * DAY));
    let old_sets = rt.block_on(store.distinct_users(old_day, old_day)).unwrap();
    assert_eq!(old_sets.iter().map(|u| u.members.len()).sum::<u64>(), 2);
    let out = s.cli(&["retention", "run"]);
    assert!(
        out.contains("per-person usage rows deleted: 6\n"),
        "2 users x (per day + per NAS + per month) in the old month: {out}"
    );
    assert_eq!(
        rt.block_on(count(&store, "SELECT COUNT(*) FROM usage_daily_user_nas")),
        1
    );
    assert_eq!(
        rt.block_on(store.distinct_users(old_day, old_day)).unwrap(),
        old_sets
    );
    // Per-NAS figures are untouched; only the per-person sums and the set table differ.
    let after = rt.block_on(aggregates(&store));
    let per_nas = |t: &str| {
        t.split("SELECT day, nas_id, plan, CAST")
            .next()
            .map(str::to_string)
    };
    let strip_sets = |t: Option<String>| {
        t.map(|t| {
            t.split("SELECT period")
                .next()
                .unwrap_or_default()
                .to_string()
        })
    };
    assert_eq!(strip_sets(per_nas(&after)), strip_sets(per_nas(&before)));
}

/// `radkota serve` purges by itself, once at start and then every interval.
fn server_purges_at_start(db: Db) {
    let rt = runtime();
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    // Otherwise the first start's purge can delete OLD before the restart is asked to
    // (CI saw it on a loaded machine).
    wait_for_purge_at_start(&s);
    let a1 = Client::new("127.0.0.1:0", s.acct, SECRET);
    for (status, t) in [(START, 0), (STOP, 60)] {
        send_acct(
            &a1,
            &Acct {
                status,
                session: "OLD",
                user: "siswa",
                mac: SISWA_MAC,
                delay: OLD,
                time: t,
                input: 1,
                output: 2,
            },
        );
    }
    let store = rt.block_on(s.store());
    assert_eq!(rt.block_on(session_ids(&store)), ["OLD"]);
    let s = s.restart();
    assert!(eventually(10, || s
        .log_contains("personal data past retention deleted")));
    assert!(s.log_contains("sessions=1"), "{}", s.log());
    assert_eq!(rt.block_on(session_ids(&store)), Vec::<String>::new());
}

both_backends!(
    retention_and_forget_keep_every_aggregate,
    per_person_rollups_purged_after_sets_are_built,
    server_purges_at_start
);
