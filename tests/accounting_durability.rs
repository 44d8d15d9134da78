//! Accounting durability, on SQLite and PostgreSQL: a burst of accounting requests with the
//! server killed (SIGKILL) part way, alone and under mixed load (logins and admin changes
//! at the same time), and a database outage. Whatever got an Accounting-Response must be in
//! the database with the right counters; nothing is answered while the database is
//! unavailable; retransmissions complete the record afterwards; the audit chain verifies
//! after the kill.

mod common;

use std::collections::{HashMap, HashSet};
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use common::{Db, SECRET, Server, final_counter, runtime};
use radkota::protocol::crypto::verify_response_authenticator;
use radkota::protocol::{Code, PacketBuilder, attr};
use radkota::store::{SessionFilter, SessionRecord, Store};

/// 2026-03-01 10:00 WIB.
const T0: u32 = 1_772_334_000;
/// Records per session: Start, 8 Interim-Updates, Stop.
const STEPS: u32 = 10;

/// The j-th record (1-based) of session k: counters grow with j.
fn record(k: u32, j: u32, identifier: u8) -> Vec<u8> {
    let status = match j {
        1 => 1,
        STEPS => 2,
        _ => 3,
    };
    let mut b = PacketBuilder::new(Code::AccountingRequest, identifier);
    b.add_u32(attr::ACCT_STATUS_TYPE, status).unwrap();
    b.add(attr::ACCT_SESSION_ID, format!("burst-{k}").as_bytes())
        .unwrap();
    b.add(attr::USER_NAME, format!("u{k}").as_bytes()).unwrap();
    b.add_u32(attr::EVENT_TIMESTAMP, T0 + j * 60).unwrap();
    if status != 1 {
        b.add_u32(attr::ACCT_SESSION_TIME, j * 60).unwrap();
        b.add_u32(attr::ACCT_INPUT_OCTETS, j * 1000).unwrap();
        b.add_u32(attr::ACCT_OUTPUT_OCTETS, j * 2000).unwrap();
    }
    if status == 2 {
        b.add_u32(attr::ACCT_TERMINATE_CAUSE, 1).unwrap();
    }
    b.finish_request(&[0; 16], SECRET, false).unwrap()
}

fn input_after(j: u32) -> i64 {
    if j == 1 { 0 } else { i64::from(j) * 1000 }
}

/// Sends `requests` in windows of distinct identifiers; returns the indices answered with a
/// valid Accounting-Response. Stops after a window with no answer at all (server gone).
/// `on_answer` sees the number answered so far after each reply.
fn drive(
    server: SocketAddr,
    requests: &[(usize, Vec<u8>)],
    mut on_answer: impl FnMut(usize),
) -> HashSet<usize> {
    const WINDOW: usize = 200;
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    // Generous: a loaded PostgreSQL (a parallel test's CREATE DATABASE forces a checkpoint)
    // has held a batch's commit for over a second, which ended the drive before the kill.
    socket
        .set_read_timeout(Some(Duration::from_millis(3000)))
        .unwrap();
    let mut answered = HashSet::new();
    for chunk in requests.chunks(WINDOW) {
        let mut pending: HashMap<u8, (usize, [u8; 16])> = HashMap::new();
        for (i, (idx, req)) in chunk.iter().enumerate() {
            let mut req = req.clone();
            // The identifier is part of the signed header: re-sign with this window's id.
            req[1] = i as u8;
            let req = resign(&req);
            let auth: [u8; 16] = req[4..20].try_into().unwrap();
            pending.insert(i as u8, (*idx, auth));
            socket.send_to(&req, server).unwrap();
        }
        let mut got = 0;
        let mut buf = [0u8; 4096];
        while !pending.is_empty() {
            let Ok((n, _)) = socket.recv_from(&mut buf) else {
                break;
            };
            let reply = &buf[..n];
            if let Some((idx, auth)) = pending.get(&reply[1]).copied() {
                assert_eq!(reply[0], Code::AccountingResponse.as_u8());
                assert!(verify_response_authenticator(reply, &auth, SECRET));
                pending.remove(&reply[1]);
                answered.insert(idx);
                got += 1;
                on_answer(answered.len());
            }
        }
        if got == 0 {
            break;
        }
    }
    answered
}

/// Recomputes the accounting Request Authenticator (RFC 2866 §3).
fn resign(raw: &[u8]) -> Vec<u8> {
    use md5::Digest;
    let mut buf = raw.to_vec();
    buf[4..20].fill(0);
    let mut h = md5::Md5::new();
    h.update(&buf);
    h.update(SECRET);
    let digest: [u8; 16] = h.finalize().into();
    buf[4..20].copy_from_slice(&digest);
    buf
}

fn all_sessions(rt: &tokio::runtime::Runtime, store: &Store) -> HashMap<String, SessionRecord> {
    rt.block_on(store.list_sessions(&SessionFilter {
        limit: 100_000,
        ..Default::default()
    }))
    .unwrap()
    .into_iter()
    .map(|s| (s.acct_session_id.clone(), s))
    .collect()
}

/// Every session's usage rollup equals its session counters (deltas add up exactly).
fn assert_rollups_match(rt: &tokio::runtime::Runtime, store: &Store, sessions: u32) {
    let rows = all_sessions(rt, store);
    let mut total = 0;
    for k in 0..sessions {
        let Some(s) = rows.get(&format!("burst-{k}")) else {
            continue;
        };
        let usage = rt
            .block_on(store.user_usage(&format!("u{k}"), "2000-01-01", "2100-01-01"))
            .unwrap();
        assert_eq!(usage.len(), 1, "u{k}");
        assert_eq!(
            (usage[0].input_octets, usage[0].output_octets),
            (s.input_octets, s.output_octets),
            "u{k}"
        );
        assert_eq!(usage[0].sessions, 1);
        total += s.input_octets;
    }
    let nas = rt
        .block_on(store.nas_usage(1, "2000-01-01", "2100-01-01"))
        .unwrap();
    assert_eq!(nas.iter().map(|d| d.input_octets).sum::<i64>(), total);
}

fn kill_9_mid_burst(db: Db) {
    const SESSIONS: u32 = 300;
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    // Interleaved: step 1 of every session, then step 2, ... so a kill leaves sessions at
    // every stage.
    let requests: Vec<(usize, Vec<u8>)> = (1..=STEPS)
        .flat_map(|j| (0..SESSIONS).map(move |k| (k, j)))
        .enumerate()
        .map(|(i, (k, j))| (i, record(k, j, 0)))
        .collect();
    let index = |i: usize| {
        let i = u32::try_from(i).unwrap();
        (i % SESSIONS, i / SESSIONS + 1)
    };
    let pid = s.pid();
    let answered = drive(s.acct, &requests, |n| {
        if n == 1300 {
            // In the middle of a window: some of its requests answered, others in flight
            // (queued, in a batch being committed, or committed but not yet answered).
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
        }
    });
    assert!(
        answered.len() >= 1300 && answered.len() < requests.len() - 200,
        "killed part way: {} of {} answered",
        answered.len(),
        requests.len()
    );
    eprintln!(
        "answered before SIGKILL: {} of {}",
        answered.len(),
        requests.len()
    );
    let s = s.restart();
    let rt = runtime();
    let store = rt.block_on(s.store());
    let rows = all_sessions(&rt, &store);
    for &i in &answered {
        let (k, j) = index(i);
        let row = rows
            .get(&format!("burst-{k}"))
            .unwrap_or_else(|| panic!("answered record {k}/{j} lost"));
        assert!(
            row.input_octets >= input_after(j),
            "answered record {k}/{j} lost: {row:?}"
        );
        if j == STEPS {
            assert_eq!(row.state, "closed");
        }
    }
    assert_rollups_match(&rt, &store, SESSIONS);

    // The NAS retries what was not answered; then everything is there, counted once.
    let rest: Vec<(usize, Vec<u8>)> = requests
        .iter()
        .filter(|(i, _)| !answered.contains(i))
        .cloned()
        .collect();
    let again = drive(s.acct, &rest, |_| {});
    assert_eq!(again.len(), rest.len(), "every retry answered");
    let rows = all_sessions(&rt, &store);
    assert_eq!(rows.len(), SESSIONS as usize);
    for s in rows.values() {
        assert_eq!(
            (s.input_octets, s.output_octets, s.state.as_str()),
            (10_000, 20_000, "closed"),
            "{s:?}"
        );
    }
    assert_rollups_match(&rt, &store, SESSIONS);
}

/// Holds the database unavailable for the accounting writer until dropped.
enum Outage {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

async fn begin_outage(db: Db, url: &str) -> Outage {
    use sqlx::Connection;
    match db {
        Db::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
            sqlx::raw_sql("BEGIN EXCLUSIVE")
                .execute(&mut c)
                .await
                .unwrap();
            Outage::Sqlite(c)
        }
        Db::Postgres => {
            // Only this test's schema's table is locked; the shared server stays up.
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::raw_sql("BEGIN; LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE")
                .execute(&mut c)
                .await
                .unwrap();
            Outage::Postgres(c)
        }
    }
}

async fn end_outage(o: Outage) {
    use sqlx::Connection;
    match o {
        Outage::Sqlite(mut c) => {
            sqlx::raw_sql("ROLLBACK").execute(&mut c).await.unwrap();
            c.close().await.unwrap();
        }
        Outage::Postgres(mut c) => {
            sqlx::raw_sql("ROLLBACK").execute(&mut c).await.unwrap();
            c.close().await.unwrap();
        }
    }
}

fn database_outage(db: Db) {
    const SESSIONS: u32 = 40;
    // A small queue so the outage also shows the bound: overflow is dropped and counted.
    let s = Server::prepare_with(db, "[accounting]\nbatch_max = 4\nqueue_max = 8\n");
    s.provision();
    let mut s = s.start();
    let rt = runtime();
    let store = rt.block_on(s.store());
    let requests: Vec<(usize, Vec<u8>)> = (0..SESSIONS)
        .map(|k| (k as usize, record(k, 2, 0)))
        .collect();
    // Before: the service works.
    let warm = drive(s.acct, &requests[..4], |_| {});
    assert_eq!(warm.len(), 4);

    let outage = rt.block_on(begin_outage(db, s.db_url()));
    let down = Instant::now();
    // SQLite's busy timeout is 5 s: holding the lock longer makes batches fail, not wait.
    while down.elapsed() < Duration::from_secs(6) {
        let answered = drive(s.acct, &requests[4..], |_| {});
        assert!(
            answered.is_empty(),
            "answered while the database was unavailable: {answered:?}"
        );
    }
    rt.block_on(end_outage(outage));

    // The NAS keeps retrying; the service recovers by itself.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut done: HashSet<usize> = HashSet::new();
    while done.len() < requests.len() - 4 && Instant::now() < deadline {
        let rest: Vec<(usize, Vec<u8>)> = requests[4..]
            .iter()
            .filter(|(i, _)| !done.contains(i))
            .cloned()
            .collect();
        done.extend(drive(s.acct, &rest, |_| {}));
    }
    assert_eq!(
        done.len(),
        requests.len() - 4,
        "all answered after the outage"
    );
    let rows = all_sessions(&rt, &store);
    assert_eq!(rows.len(), SESSIONS as usize, "nothing lost");
    for r in rows.values() {
        assert_eq!((r.input_octets, r.output_octets), (2000, 4000), "{r:?}");
    }
    assert_rollups_match(&rt, &store, SESSIONS);
    let log = s.stop();
    eprintln!(
        "outage: queue_full={} not_recorded={}",
        final_counter(&log, "acct_queue_full"),
        final_counter(&log, "acct_not_recorded")
    );
    assert!(
        final_counter(&log, "acct_queue_full") > 0,
        "queue bound reached during the outage"
    );
    if db == Db::Sqlite {
        assert!(
            final_counter(&log, "acct_not_recorded") > 0,
            "failed batches counted"
        );
        assert!(log.contains("accounting batch not stored"), "outage logged");
    }
}

/// The answered records of `answered` are stored; then the rest, retried, completes every
/// session exactly once.
fn complete_after_kill(
    s: &Server,
    requests: &[(usize, Vec<u8>)],
    answered: &HashSet<usize>,
    sessions: u32,
) {
    let rt = runtime();
    let store = rt.block_on(s.store());
    let rows = all_sessions(&rt, &store);
    for &i in answered {
        let i = u32::try_from(i).unwrap();
        let (k, j) = (i % sessions, i / sessions + 1);
        let row = rows
            .get(&format!("burst-{k}"))
            .unwrap_or_else(|| panic!("answered record {k}/{j} lost"));
        assert!(row.input_octets >= input_after(j), "{k}/{j} lost: {row:?}");
    }
    assert_rollups_match(&rt, &store, sessions);
    let rest: Vec<(usize, Vec<u8>)> = requests
        .iter()
        .filter(|(i, _)| !answered.contains(i))
        .cloned()
        .collect();
    assert_eq!(drive(s.acct, &rest, |_| {}).len(), rest.len());
    let rows = all_sessions(&rt, &store);
    assert_eq!(rows.len(), sessions as usize);
    for r in rows.values() {
        assert_eq!(
            (r.input_octets, r.state.as_str()),
            (10_000, "closed"),
            "{r:?}"
        );
    }
    assert_rollups_match(&rt, &store, sessions);
}

/// kill -9 while logins, accounting and admin changes (users added through the CLI) run:
/// after the restart every acknowledged record is stored and counted once, every user
/// whose command succeeded exists, the audit chain verifies and logins work.
fn kill_9_mixed_load(db: Db) {
    use std::sync::atomic::{AtomicBool, Ordering};
    const SESSIONS: u32 = 200;
    const PW: &str = "Malang-RW07-hotspot-passphrase-37-oct";
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    let requests: Vec<(usize, Vec<u8>)> = (1..=STEPS)
        .flat_map(|j| (0..SESSIONS).map(move |k| (k, j)))
        .enumerate()
        .map(|(i, (k, j))| (i, record(k, j, 0)))
        .collect();
    let stop = AtomicBool::new(false);
    let pid = s.pid();
    let (answered, logins, added) = std::thread::scope(|scope| {
        let logins = scope.spawn(|| {
            let c = common::Client::new("127.0.0.1:0", s.auth, SECRET);
            c.socket
                .set_read_timeout(Some(Duration::from_millis(300)))
                .unwrap();
            let mut accepted = 0;
            while !stop.load(Ordering::SeqCst) {
                let req = c.pap_request("warung", PW, true);
                if c.exchange(&req)
                    .is_some_and(|r| r[0] == Code::AccessAccept.as_u8())
                {
                    accepted += 1;
                }
            }
            accepted
        });
        let admin = scope.spawn(|| {
            let mut added = Vec::new();
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let name = format!("adm{i}");
                let out = s.cli_output(&["user", "add", &name, "--plan", "umkm", "--password", PW]);
                if out.status.success() {
                    added.push(name);
                }
            }
            added
        });
        let answered = drive(s.acct, &requests, |n| {
            if n == 1000 {
                let _ = std::process::Command::new("kill")
                    .args(["-9", &pid.to_string()])
                    .status();
                stop.store(true, Ordering::SeqCst);
            }
        });
        stop.store(true, Ordering::SeqCst);
        (answered, logins.join().unwrap(), admin.join().unwrap())
    });
    eprintln!(
        "mixed load before SIGKILL: {} of {} accounting answered, {logins} logins accepted, \
         {} users added",
        answered.len(),
        requests.len(),
        added.len()
    );
    assert!(answered.len() >= 1000 && answered.len() < requests.len() - 200);
    assert!(logins > 0 && !added.is_empty(), "mixed load ran");
    let s = s.restart();
    let audit = s.cli(&["audit", "verify"]);
    assert!(audit.contains("audit log intact"), "{audit}");
    let rt = runtime();
    let store = rt.block_on(s.store());
    for name in &added {
        assert!(
            rt.block_on(store.get_user(name)).unwrap().is_some(),
            "{name} lost"
        );
    }
    complete_after_kill(&s, &requests, &answered, SESSIONS);
    assert_eq!(
        s.client().login("warung", PW).map(|r| r[0]),
        Some(Code::AccessAccept.as_u8())
    );
    s.cli(&[
        "user",
        "add",
        "after-kill",
        "--plan",
        "umkm",
        "--password",
        PW,
    ]);
    let audit = s.cli(&["audit", "verify"]);
    assert!(audit.contains("audit log intact"), "{audit}");
}

both_backends!(kill_9_mid_burst, kill_9_mixed_load, database_outage);
