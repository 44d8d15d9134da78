//! The audit log through the real binary: every CLI mutation writes exactly one row (no
//! secrets in it), and editing, deleting or swapping rows directly in the database makes
//! `radkota audit verify` fail (exit 1) naming the first bad row. The admin API's
//! disconnects (one session, all of a user's) are audited under the token, as the
//! console's are, against a fake hotspot CoA port.

#[path = "common/coa_nas.rs"]
mod coa_nas;
mod common;

use coa_nas::TestNas;
use common::{Db, Server};
use sqlx::Row;

const AREAS_CSV: &str = "\
kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code,rw_name
K1,Kecamatan Satu,K1-L1,Kelurahan Satu,K1-L1-01,RW 01
K1,Kecamatan Satu,K1-L1,Kelurahan Satu,K1-L1-02,
";

const NAS_SECRET: &str = "audit-test-nas-secret-83j";
const PASSWORD: &str = "audit-test-password-19x";

fn write(server: &Server, name: &str, text: &str) -> String {
    let path = server.data_dir().parent().unwrap().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// (count, last action) of the audit log.
fn last(server: &Server) -> (i64, String) {
    common::runtime().block_on(async {
        let store = server.store().await;
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log")
            .fetch_one(store.pool())
            .await
            .unwrap()
            .get("n");
        let action: String = sqlx::query("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(store.pool())
            .await
            .unwrap()
            .map(|r| r.get("action"))
            .unwrap_or_default();
        store.close().await;
        (n, action)
    })
}

fn sql(server: &Server, statements: &[&str]) {
    common::runtime().block_on(async {
        let store = server.store().await;
        for s in statements {
            sqlx::query(s).execute(store.pool()).await.unwrap();
        }
        store.close().await;
    })
}

fn every_mutation_path_writes_one_row(db: Db) {
    let s = Server::prepare(db);
    s.cli(&["migrate"]);
    let expect = |args: &[&str], rows: i64, action: &str| {
        let (before, _) = last(&s);
        s.cli(args);
        let (after, got) = last(&s);
        assert_eq!(after - before, rows, "{args:?}");
        assert_eq!(got, action, "{args:?}");
    };
    let areas = write(&s, "areas.csv", AREAS_CSV);
    // K1, K1-L1, two RWs.
    expect(&["area", "import", &areas], 4, "area.add");
    expect(
        &[
            "nas",
            "add",
            "rw01",
            "--address",
            "10.0.0.1",
            "--secret",
            NAS_SECRET,
            "--rw",
            "K1-L1-01",
        ],
        1,
        "nas.add",
    );
    expect(&["nas", "remove", "rw01"], 1, "nas.remove");
    expect(
        &[
            "user",
            "add",
            "siti",
            "--plan",
            "student",
            "--password",
            PASSWORD,
            "--area",
            "K1-L1",
        ],
        1,
        "user.add",
    );
    expect(&["user", "disable", "siti"], 1, "user.disable");
    expect(&["user", "enable", "siti"], 1, "user.enable");
    expect(
        &["user", "passwd", "siti", "--password", "another-pw-77"],
        1,
        "user.passwd",
    );
    expect(
        &[
            "plan",
            "add",
            "guru",
            "--rate",
            "5M/10M",
            "--daily-quota",
            "5GB",
        ],
        1,
        "plan.add",
    );
    expect(
        &["plan", "set", "guru", "--daily-quota", "6GB"],
        1,
        "plan.set",
    );
    expect(
        &[
            "user",
            "set",
            "siti",
            "--daily-quota",
            "3GB",
            "--max-sessions",
            "2",
        ],
        1,
        "user.set",
    );
    expect(
        &["user", "set", "siti", "--unset", "daily-quota"],
        1,
        "user.set",
    );
    // Refused changes write nothing: a plan still in use, an unknown plan.
    let out = s.cli_output(&["plan", "remove", "student"]);
    assert_eq!(out.status.code(), Some(1));
    let out = s.cli_output(&["plan", "set", "nosuch", "--daily-quota", "1GB"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(last(&s).1, "user.set");
    expect(&["plan", "remove", "guru"], 1, "plan.remove");
    // The before/after of each of these rows is what changed, nothing more.
    common::runtime().block_on(async {
        let store = s.store().await;
        let rows = sqlx::query(
            "SELECT action, COALESCE(before_json, '') AS b, COALESCE(after_json, '') AS a \
             FROM audit_log WHERE action IN ('plan.add', 'plan.set', 'plan.remove', 'user.set') \
             ORDER BY id",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        let rows: Vec<(String, String, String)> = rows
            .iter()
            .map(|r| (r.get("action"), r.get("b"), r.get("a")))
            .collect();
        assert_eq!(rows.len(), 5, "{rows:?}");
        let json = |t: &str| -> serde_json::Value { serde_json::from_str(t).unwrap() };
        assert_eq!(rows[0].1, "");
        assert_eq!(json(&rows[0].2)["limits"]["daily_bytes"], 5_000_000_000i64);
        assert_eq!(json(&rows[1].1)["limits"]["daily_bytes"], 5_000_000_000i64);
        assert_eq!(json(&rows[1].2)["limits"]["daily_bytes"], 6_000_000_000i64);
        assert_eq!(json(&rows[1].2)["limits"]["rate_up"], "5M");
        assert_eq!(json(&rows[2].2)["username"], "siti");
        assert!(json(&rows[2].1)["limits"]["daily_bytes"].is_null());
        assert_eq!(json(&rows[2].2)["limits"]["daily_bytes"], 3_000_000_000i64);
        assert_eq!(json(&rows[2].2)["limits"]["max_sessions"], 2);
        assert_eq!(json(&rows[3].1)["limits"]["daily_bytes"], 3_000_000_000i64);
        assert!(json(&rows[3].2)["limits"]["daily_bytes"].is_null());
        assert_eq!(json(&rows[3].2)["limits"]["max_sessions"], 2);
        assert_eq!(json(&rows[4].1)["name"], "guru");
        assert_eq!(rows[4].2, "");
        store.close().await;
    });
    expect(&["user", "delete", "siti"], 1, "user.delete");
    let users = write(
        &s,
        "users.csv",
        "username,full_name,plan,area,password\na1,A,student,K1-L1-01,pw-a1-xyz\na2,B,umkm,K1,pw-a2-xyz\n",
    );
    expect(&["user", "import", &users], 2, "user.import");
    let nas = write(
        &s,
        "nas.csv",
        &format!("name,address,secret,rw\nrw02,10.0.0.2,{NAS_SECRET},K1-L1-02\n"),
    );
    expect(&["nas", "import", &nas], 1, "nas.import");
    expect(
        &["token", "create", "--role", "auditor", "--name", "kominfo"],
        1,
        "token.create",
    );
    expect(&["token", "revoke", "1"], 1, "token.revoke");
    // A failed change writes nothing.
    let out = s.cli_output(&["user", "delete", "nobody"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(last(&s).1, "token.revoke");

    let list = s.cli(&["audit", "list", "--limit", "1000"]);
    assert!(
        list.contains("user.passwd") && list.contains("cli:"),
        "{list}"
    );
    for secret in [
        NAS_SECRET,
        PASSWORD,
        "another-pw-77",
        "pw-a1-xyz",
        "$argon2",
    ] {
        assert!(!list.contains(secret), "secret in audit list: {list}");
    }
    // Nothing secret in the raw rows either.
    common::runtime().block_on(async {
        let store = s.store().await;
        let rows = sqlx::query(
            "SELECT COALESCE(before_json, '') AS b, COALESCE(after_json, '') AS a FROM audit_log",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        for r in rows {
            let text = format!("{}{}", r.get::<String, _>("b"), r.get::<String, _>("a"));
            for secret in [NAS_SECRET, PASSWORD, "another-pw-77", "pw-a1-xyz", "argon2"] {
                assert!(!text.contains(secret), "{text}");
            }
        }
        store.close().await;
    });
    assert!(s.cli(&["audit", "verify"]).contains("intact: 21 rows"));
    let filtered = s.cli(&["audit", "list", "--actor", "nobody-such"]);
    assert!(filtered.contains("no audit rows match"), "{filtered}");
}

/// Runs `audit verify`, which must fail naming `row`.
fn verify_fails_at(s: &Server, row: i64) {
    let out = s.cli_output(&["audit", "verify"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("at row {row}:")),
        "expected row {row}: {err}"
    );
}

fn tampering_is_detected(db: Db) {
    let s = Server::prepare(db);
    for i in 1..=6 {
        s.cli(&[
            "user",
            "add",
            &format!("u{i}"),
            "--plan",
            "student",
            "--password",
            "pw-123456",
        ]);
    }
    assert!(s.cli(&["audit", "verify"]).contains("6 rows"));

    // Edited: content no longer matches its hash.
    sql(
        &s,
        &["UPDATE audit_log SET actor = 'someone-else' WHERE id = 3"],
    );
    verify_fails_at(&s, 3);
    sql(
        &s,
        &["UPDATE audit_log SET actor = (SELECT actor FROM audit_log WHERE id = 2) WHERE id = 3"],
    );
    s.cli(&["audit", "verify"]);

    // The stored hash itself edited.
    sql(&s, &["UPDATE audit_log SET hash = 'f00d' WHERE id = 3"]);
    verify_fails_at(&s, 3);

    // Fresh server for the rest (the chain above is now broken for good).
    let s = Server::prepare(db);
    for i in 1..=6 {
        s.cli(&[
            "user",
            "add",
            &format!("u{i}"),
            "--plan",
            "student",
            "--password",
            "pw-123456",
        ]);
    }
    // Deleted in the middle.
    sql(
        &s,
        &[
            "CREATE TABLE saved AS SELECT * FROM audit_log WHERE id = 4",
            "DELETE FROM audit_log WHERE id = 4",
        ],
    );
    verify_fails_at(&s, 4);
    sql(
        &s,
        &[
            "INSERT INTO audit_log SELECT * FROM saved",
            "DROP TABLE saved",
        ],
    );
    s.cli(&["audit", "verify"]);

    // Swapped: rows 2 and 3 exchange places.
    sql(
        &s,
        &[
            "UPDATE audit_log SET id = -2 WHERE id = 2",
            "UPDATE audit_log SET id = 2 WHERE id = 3",
            "UPDATE audit_log SET id = 3 WHERE id = -2",
        ],
    );
    verify_fails_at(&s, 2);
    sql(
        &s,
        &[
            "UPDATE audit_log SET id = -2 WHERE id = 2",
            "UPDATE audit_log SET id = 2 WHERE id = 3",
            "UPDATE audit_log SET id = 3 WHERE id = -2",
        ],
    );
    s.cli(&["audit", "verify"]);

    // The newest row deleted: caught through the chain head.
    sql(&s, &["DELETE FROM audit_log WHERE id = 6"]);
    verify_fails_at(&s, 6);
}

/// Concurrent changes from separate processes still form one unbroken chain.
fn concurrent_changes_keep_the_chain(db: Db) {
    let s = Server::prepare(db);
    s.cli(&["migrate"]);
    std::thread::scope(|t| {
        for i in 0..8 {
            let s = &s;
            t.spawn(move || {
                s.cli(&[
                    "user",
                    "add",
                    &format!("p{i}"),
                    "--plan",
                    "student",
                    "--password",
                    "pw-123456",
                ]);
                s.cli(&["user", "disable", &format!("p{i}")]);
            });
        }
    });
    assert!(s.cli(&["audit", "verify"]).contains("intact: 16 rows"));
}

/// (actor, action, target, client, details) of the newest audit row.
fn newest(server: &Server) -> (String, String, String, Option<String>, String) {
    common::runtime().block_on(async {
        let store = server.store().await;
        let r = sqlx::query(
            "SELECT actor, action, target, client, after_json FROM audit_log \
             ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(store.pool())
        .await
        .unwrap();
        let row = (
            r.get("actor"),
            r.get("action"),
            r.get("target"),
            r.get("client"),
            r.get::<Option<String>, _>("after_json").unwrap_or_default(),
        );
        store.close().await;
        row
    })
}

/// `POST /api/v1/sessions/{id}/disconnect` and `/api/v1/users/{name}/disconnect` each write
/// one `session.disconnect` row under the token with the client's address.
fn api_disconnects_are_audited(db: Db) {
    let nas = TestNas::start();
    let s = Server::prepare_with(
        db,
        "[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\n\n[coa]\nattempts = 2\ntimeout_ms = 300\n",
    );
    let port = nas.port.to_string();
    s.cli(&[
        "nas",
        "add",
        "rw01",
        "--address",
        "127.0.0.1",
        "--secret",
        "testing123",
        "--coa-port",
        &port,
    ]);
    s.cli(&[
        "user",
        "add",
        "warga1",
        "--plan",
        "student",
        "--password",
        PASSWORD,
    ]);
    let token = s.cli(&["token", "create", "--role", "admin", "--name", "noc"]);
    let token = token.trim().to_string();
    let s = s.start();
    let acct = common::Client::new("127.0.0.1:0", s.acct, common::SECRET);
    for session in ["ses-a", "ses-b"] {
        common::Acct {
            status: common::START,
            session,
            user: "warga1",
            ..Default::default()
        }
        .send(&acct);
    }
    let http = reqwest::blocking::Client::new();
    let base = format!("http://{}/api/v1", s.admin_addr());
    let post = |path: &str| {
        let r = http
            .post(format!("{base}{path}"))
            .bearer_auth(&token)
            .send()
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        r.json::<serde_json::Value>().unwrap()
    };
    let list: serde_json::Value = http
        .get(format!("{base}/sessions?open=true"))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let id = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["acct_session_id"] == "ses-a")
        .expect("ses-a is open")["id"]
        .as_i64()
        .unwrap();
    let (before, _) = last(&s);

    let r = post(&format!("/sessions/{id}/disconnect"));
    assert_eq!(r["disconnected"], 1, "{r}");
    assert_eq!(nas.next_session(5).as_deref(), Some("ses-a"));
    let (after, _) = last(&s);
    assert_eq!(after - before, 1);
    let (actor, action, target, client, details) = newest(&s);
    assert!(
        actor.starts_with("token:") && actor.ends_with(" (noc)"),
        "{actor}"
    );
    assert_eq!(action, "session.disconnect");
    assert_eq!(target, "user:warga1");
    assert_eq!(client.as_deref(), Some("127.0.0.1"));
    let details: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["session"], id, "{details}");
    assert_eq!(details["acknowledged"], true, "{details}");

    // Both sessions are still open (no Accounting-Stop came): both are sent, one row.
    let r = post("/users/warga1/disconnect");
    assert_eq!(r["disconnected"], 2, "{r}");
    let (again, _) = last(&s);
    assert_eq!(again - after, 1);
    let (again_actor, action, target, _, details) = newest(&s);
    assert_eq!(
        (again_actor.as_str(), action.as_str(), target.as_str()),
        (actor.as_str(), "session.disconnect", "user:warga1")
    );
    let details: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["sessions"], 2, "{details}");
    assert_eq!(details["acknowledged"], 2, "{details}");
    assert!(s.cli(&["audit", "verify"]).contains("intact"));
}

both_backends!(
    api_disconnects_are_audited,
    every_mutation_path_writes_one_row,
    tampering_is_detected,
    concurrent_changes_keep_the_chain
);
