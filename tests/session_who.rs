//! Issue 22, part 4 of the list: "who had this address at that instant". Two users
//! held the same address one after the other (Event-Timestamp in the past); each instant
//! names the right one, through the CLI and the admin API; every look-up is in the audit
//! log with its case, the chain verifies, and operator and auditor tokens are refused.
//! The look-up reads `session_addresses` and the short queue, not a scan of history.

mod common;

use std::net::SocketAddr;

use common::{Acct, Client, Db, Server};
use radkota::store::Store;
use radkota::store::testing::{PgSchema, Statement, postgres_url, statement_plan};

const AREAS_CSV: &str = "\
kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code,rw_name
KA,Kecamatan A,KA-L1,Kelurahan A,KA-L1-07,RW 07
";

/// 1 March 2026 at hh:mm WIB, as epoch seconds.
fn march_1(h: i64, m: i64) -> i64 {
    1_772_323_200 + h * 3600 + m * 60 - 7 * 3600
}

fn session(acct: &Client, status: u32, id: &str, user: &str, mac: &str, at: i64) {
    Acct {
        status,
        session: id,
        user,
        mac: Some(mac),
        framed_ip: Some([10, 7, 3, 44]),
        counters: Some((60, 1000, 1000)),
        event: Some(at),
        ..Acct::default()
    }
    .send(acct);
}

fn who(s: &Server, at: &str, case: &str) -> String {
    s.cli(&[
        "session",
        "who",
        "--ip",
        "10.7.3.44",
        "--at",
        at,
        "--nas",
        "rw01",
        "--case",
        case,
    ])
}

fn who_mac(s: &Server, mac: &str, at: &str, case: &str) -> String {
    s.cli(&["session", "who", "--mac", mac, "--at", at, "--case", case])
}

fn token(s: &Server, args: &[&str]) -> String {
    let mut all = vec!["token", "create"];
    all.extend_from_slice(args);
    s.cli(&all).trim().to_string()
}

fn who_had_this_address(db: Db) {
    let s = Server::prepare_with(db, "[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\n");
    s.provision();
    let areas = s.dir().join("areas.csv");
    std::fs::write(&areas, AREAS_CSV).unwrap();
    s.cli(&["area", "import", &areas.display().to_string()]);
    let admin = token(&s, &["--role", "admin", "--name", "root"]);
    let operator = token(&s, &["--role", "operator", "--area", "KA", "--name", "op"]);
    let auditor = token(&s, &["--role", "auditor", "--name", "aud"]);
    let s = s.start();
    let acct = Client::new("127.0.0.1:0", s.acct, common::SECRET);
    // siswa had 10.7.3.44 from 20:00 to 21:00, warung from 21:10 on (still open).
    session(
        &acct,
        common::START,
        "a1",
        "siswa",
        "AA:BB:CC:00:00:01",
        march_1(20, 0),
    );
    session(
        &acct,
        common::STOP,
        "a1",
        "siswa",
        "AA:BB:CC:00:00:01",
        march_1(21, 0),
    );
    session(
        &acct,
        common::START,
        "b1",
        "warung",
        "AA-BB-CC-00-00-02",
        march_1(21, 10),
    );

    let out = who(&s, "2026-03-01 20:30", "POLDA-1");
    assert!(
        out.contains("1 session(s)") && out.contains("siswa"),
        "{out}"
    );
    assert!(!out.contains("warung"), "{out}");
    let out = who(&s, "2026-03-01T21:14:00+07:00", "POLDA-2");
    assert!(out.contains("warung") && !out.contains("siswa"), "{out}");
    let out = who(&s, "2026-03-01 21:05:00", "POLDA-3");
    assert!(
        out.contains("0 session(s)"),
        "nobody between the two: {out}"
    );
    let out = who_mac(&s, "aabbcc000002", "2026-03-01 21:20", "POLDA-4");
    assert!(out.contains("warung"), "by device, any spelling: {out}");
    // --case is required.
    let no_case = s.cli_output(&[
        "session",
        "who",
        "--ip",
        "10.7.3.44",
        "--at",
        "2026-03-01 20:30",
    ]);
    assert!(!no_case.status.success());

    // The admin API: admin only.
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
    let http = reqwest::blocking::Client::new();
    let url = format!(
        "http://{addr}/api/v1/sessions/who?ip=10.7.3.44&at=2026-03-01%2020:30&nas=rw01&case=KOMINFO-5"
    );
    let get = |token: &str| http.get(&url).bearer_auth(token).send().expect("http");
    for refused in [&operator, &auditor] {
        assert_eq!(get(refused).status(), reqwest::StatusCode::FORBIDDEN);
    }
    let body: serde_json::Value = get(&admin).json().expect("json");
    assert_eq!(body["sessions"][0]["username"], "siswa", "{body}");
    assert_eq!(body["sessions"][0]["nas"], "rw01", "{body}");
    assert_eq!(body["sessions"].as_array().map(Vec::len), Some(1), "{body}");

    // Every look-up is audited with its case, also the empty one; the chain verifies.
    let audit = s.cli(&["audit", "list", "--limit", "50"]);
    for case in ["POLDA-1", "POLDA-2", "POLDA-3", "POLDA-4", "KOMINFO-5"] {
        assert!(
            audit
                .lines()
                .any(|l| l.contains("session.who") && l.contains(&format!("case:{case}"))),
            "{case} not audited:\n{audit}"
        );
    }
    let verify = s.cli_output(&["audit", "verify"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

/// One number the database holds: `sql` with `$1`, `$2`... bound to `args`.
fn scalar(s: &Server, sql: &str, args: &[&dyn ToString]) -> i64 {
    common::runtime().block_on(async {
        use sqlx::Row;
        let store = s.store().await;
        let mut query = sqlx::query(sql);
        for a in args {
            query = query.bind(a.to_string());
        }
        let n: i64 = query
            .fetch_one(store.pool())
            .await
            .expect(sql)
            .try_get(0)
            .expect(sql);
        store.close().await;
        n
    })
}

/// `(queued sessions, entries of session `acct_session_id`)` as the database holds them.
fn who_rows(s: &Server, acct_session_id: &str) -> (i64, i64) {
    let queued = scalar(s, "SELECT COUNT(*) FROM session_who_queue", &[]);
    let entries = scalar(
        s,
        "SELECT COUNT(*) FROM session_addresses a JOIN sessions s \
         ON s.id = a.session_id WHERE s.acct_session_id = $1",
        &[&acct_session_id],
    );
    (queued, entries)
}

/// Issue 24: a Start's `session who` entries are queued and moved into
/// `session_addresses` in bulk (migration 0030). A look-up finds a session whether its
/// entries are still queued or moved, across a restart (the first batch of a process moves
/// what the last one left), and a forgotten person's entries go with their sessions.
fn who_reads_the_queue_and_the_moved_entries(db: Db) {
    // (queued, entries) of a session its process's first batch did not write.
    let later = (1, 0);
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    let acct = Client::new("127.0.0.1:0", s.acct, common::SECRET);
    // The process's first batch moves the queue, its own key with it.
    let mac1 = "AA:BB:CC:00:00:01";
    session(&acct, common::START, "m1", "siswa", mac1, march_1(20, 0));
    assert_eq!(who_rows(&s, "m1"), (0, 2), "moved: address and device");
    session(&acct, common::STOP, "m1", "siswa", mac1, march_1(21, 0));
    // Later batches queue their keys (the threshold is thousands).
    let mac2 = "AA-BB-CC-00-00-02";
    session(&acct, common::START, "q1", "warung", mac2, march_1(21, 10));
    assert_eq!(who_rows(&s, "q1"), later, "queued, not yet moved");
    // A Stop changes no address: nothing more is queued.
    session(&acct, common::STOP, "q1", "warung", mac2, march_1(21, 40));
    assert_eq!(who_rows(&s, "q1"), later);
    let check = |s: &Server, case: &str| {
        let out = who(s, "2026-03-01 20:30", case);
        assert!(out.contains("siswa") && !out.contains("warung"), "{out}");
        let out = who(s, "2026-03-01 21:20", case);
        assert!(out.contains("warung") && !out.contains("siswa"), "{out}");
        let out = who_mac(s, "aabbcc000002", "2026-03-01 21:30", case);
        assert!(
            out.contains("warung") && out.contains("1 session(s)"),
            "{out}"
        );
    };
    check(&s, "Q-1");

    let s = s.restart();
    let acct = Client::new("127.0.0.1:0", s.acct, common::SECRET);
    session(&acct, common::START, "r1", "siswa", mac1, march_1(22, 0));
    assert_eq!(
        who_rows(&s, "q1"),
        (0, 2),
        "moved by the new process's first batch"
    );
    assert_eq!(who_rows(&s, "r1").1, 2);
    check(&s, "Q-2");

    // `user forget` deletes the person's sessions, and their entries with them.
    let q1 = scalar(
        &s,
        "SELECT id FROM sessions WHERE acct_session_id = $1",
        &[&"q1"],
    );
    let entries = "SELECT COUNT(*) FROM session_addresses WHERE CAST(session_id AS TEXT) = $1";
    assert_eq!(scalar(&s, entries, &[&q1]), 2);
    s.cli(&["user", "forget", "warung", "--yes"]);
    assert_eq!(scalar(&s, entries, &[&q1]), 0, "forgotten with the session");
    let out = who(&s, "2026-03-01 21:20", "Q-3");
    assert!(out.contains("0 session(s)"), "{out}");
}

both_backends!(
    who_had_this_address,
    who_reads_the_queue_and_the_moved_entries
);

async fn check_who_plans(store: &Store) {
    for which in [Statement::WhoByIp, Statement::WhoByMac] {
        let plan = statement_plan(store, which).await.expect("plan").join("\n");
        // The entries searched by start day and address together: a seek per day, never
        // every entry of the month (SQLite's `SEARCH ... (day=? AND kind=? AND value=?)`,
        // PostgreSQL's Index Cond on the primary key).
        let searched = plan.lines().any(|l| {
            (l.contains("SEARCH session_addresses") && l.contains("day=? AND kind=? AND value=?"))
                || (l.contains("session_addresses_pkey on session_addresses"))
        }) && (plan.contains("SEARCH session_addresses")
            || plan
                .lines()
                .any(|l| l.contains("Index Cond") && l.contains("value =")));
        assert!(
            searched,
            "{which:?}: entries not searched by day and value:\n{plan}"
        );
        // Each session found, and each still queued, read by its id or its key.
        let by_id = plan.contains("SEARCH s USING INTEGER PRIMARY KEY (rowid=?)")
            || plan.contains("sessions_pkey on sessions");
        assert!(by_id, "{which:?}: sessions not read by id:\n{plan}");
        let by_key = plan.contains("(nas_id=? AND acct_session_id=? AND username=?)")
            || plan.contains("sessions_key on sessions");
        assert!(
            by_key,
            "{which:?}: queued sessions not read by key:\n{plan}"
        );
        assert!(
            !plan.contains("SCAN s ")
                && !plan.contains("SCAN s\n")
                && !plan.ends_with("SCAN s")
                && !plan.contains("SCAN sessions")
                && !plan.contains("SCAN session_addresses")
                && !plan.contains("Seq Scan on sessions")
                && !plan.contains("Seq Scan on session_addresses"),
            "{which:?} scans sessions or entries:\n{plan}"
        );
    }
}

#[test]
fn sqlite_who_reads_by_address_and_time() {
    common::runtime().block_on(async {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}/radkota.db", dir.path().display());
        let store = Store::connect(&url).await.expect("connect");
        store.migrate().await.expect("migrate");
        check_who_plans(&store).await;
        store.close().await;
    });
}

#[test]
fn postgres_who_reads_by_address_and_time() {
    let Some(base) = postgres_url() else { return };
    common::runtime().block_on(async {
        let schema = PgSchema::create(&base).await.expect("schema");
        let store = schema.store().await.expect("store");
        check_who_plans(&store).await;
        store.close().await;
        schema.drop().await.expect("drop");
    });
}
