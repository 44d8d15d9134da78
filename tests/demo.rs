//! `radkota demo seed` through the real CLI on SQLite and PostgreSQL: exact counts, rollup
//! tables that agree with each other, built unique-user sets, the deliberately unhealthy
//! hotspots, reproducibility from the seed, and refusal to touch a database with data.

mod common;

use std::collections::BTreeSet;

use common::{Db, Server, runtime};
use radkota::store::Store;
use sqlx::Row;

const SMALL: [&str; 12] = [
    "demo",
    "seed",
    "--nas",
    "6",
    "--users",
    "200",
    "--days",
    "20",
    "--end",
    "2026-06-30",
    "--seed",
    "7",
];

/// 2026-06-28 00:00 WIB: the first day that keeps raw session rows (the last three).
const SESSIONS_FROM: i64 = 1_782_579_600;

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

async fn rows(store: &Store, sql: &str) -> Vec<String> {
    sqlx::query(sql)
        .fetch_all(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|r| {
            (0..r.len())
                .map(|i| cell(r, i))
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

async fn one(store: &Store, sql: &str) -> String {
    let mut all = rows(store, sql).await;
    assert_eq!(all.len(), 1, "{sql}");
    all.remove(0)
}

const SUMS: &str = "CAST(SUM(input_octets) AS BIGINT), CAST(SUM(output_octets) AS BIGINT), \
                    CAST(SUM(session_seconds) AS BIGINT), CAST(SUM(sessions) AS BIGINT)";

/// The same sums grouped by `by` from each table (which must all have those columns).
async fn sums_by(store: &Store, tables: &[&str], by: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for t in tables {
        out.push(
            rows(
                store,
                &format!("SELECT {by}, {SUMS} FROM {t} GROUP BY {by} ORDER BY {by}"),
            )
            .await,
        );
    }
    out
}

fn seed_small_city_with_consistent_rollups(db: Db) {
    let rt = runtime();
    let s = Server::prepare(db);
    let out = s.cli(&SMALL);
    assert!(
        out.starts_with("seeded 9 areas, 6 NAS, 200 users; usage 2026-06-11 to 2026-06-30: "),
        "{out}"
    );
    assert!(out.contains("21 unique-user sets"), "{out}");
    let store = rt.block_on(s.store());
    let q = |sql: &str| rt.block_on(one(&store, sql));
    let all = |sql: &str| rt.block_on(rows(&store, sql));
    assert_eq!(
        all("SELECT level, COUNT(*) FROM areas GROUP BY level ORDER BY level"),
        ["kecamatan|1", "kelurahan|2", "rw|6"]
    );
    assert_eq!(q("SELECT COUNT(*) FROM nas"), "6");
    assert_eq!(
        q("SELECT COUNT(*) FROM nas WHERE rw IN (SELECT code FROM areas WHERE level = 'rw')"),
        "6"
    );
    assert_eq!(q("SELECT COUNT(*) FROM users"), "200");
    let plans = all("SELECT plan, COUNT(*) FROM users GROUP BY plan ORDER BY plan");
    assert_eq!(plans.len(), 2, "{plans:?}");
    let students: i64 = plans[0].strip_prefix("student|").unwrap().parse().unwrap();
    assert!(
        (120..=160).contains(&students),
        "about 70% students: {plans:?}"
    );
    assert_eq!(
        q(
            "SELECT COUNT(*) FROM users WHERE password_hash = '!demo-account-cannot-log-in' \
           AND area IN (SELECT rw FROM nas)"
        ),
        "200"
    );

    // Every rollup agrees with every other.
    let per_day = rt.block_on(sums_by(
        &store,
        &[
            "usage_daily_user",
            "usage_daily_user_nas",
            "usage_daily_nas_plan",
            "usage_hourly_nas_plan",
            "usage_daily_nas",
        ],
        "day",
    ));
    assert_eq!(per_day[0].len(), 20, "usage on each of the 20 days");
    for t in &per_day[1..] {
        assert_eq!(t, &per_day[0]);
    }
    let per_nas_plan = rt.block_on(sums_by(
        &store,
        &[
            "usage_daily_user_nas",
            "usage_daily_nas_plan",
            "usage_hourly_nas_plan",
        ],
        "day, nas_id, plan",
    ));
    assert_eq!(per_nas_plan[1], per_nas_plan[0]);
    assert_eq!(per_nas_plan[2], per_nas_plan[0]);
    let per_nas = rt.block_on(sums_by(
        &store,
        &["usage_daily_nas_plan", "usage_daily_nas"],
        "day, nas_id",
    ));
    assert_eq!(per_nas[1], per_nas[0]);
    let per_user = rt.block_on(sums_by(
        &store,
        &["usage_daily_user_nas", "usage_daily_user"],
        "day, user_id",
    ));
    assert_eq!(per_user[1], per_user[0]);
    assert_eq!(
        all("SELECT d.day, d.nas_id, d.peak_sessions FROM usage_daily_nas d ORDER BY 1, 2"),
        all(
            "SELECT day, nas_id, MAX(peak_sessions) FROM concurrency_hourly_nas \
             GROUP BY day, nas_id ORDER BY 1, 2"
        )
    );
    assert_eq!(
        q(
            "SELECT COUNT(*) FROM usage_daily_user_nas u JOIN users ON users.id = u.user_id \
           AND users.username = u.username AND users.plan = u.plan"
        ),
        q("SELECT COUNT(*) FROM usage_daily_user_nas")
    );
    assert_eq!(
        q(
            "SELECT COUNT(*) FROM usage_hourly_nas_plan WHERE plan = 'student' \
           AND (hour < 5 OR hour >= 21)"
        ),
        "0",
        "students only inside their allowed hours"
    );

    // Raw sessions only for the last three days, and exactly the usage of those days.
    assert_eq!(
        q(&format!(
            "SELECT COUNT(*) FROM sessions WHERE started_at < {SESSIONS_FROM} OR state <> 'closed'"
        )),
        "0"
    );
    let session_sums = q(
        "SELECT CAST(SUM(input_octets) AS BIGINT), CAST(SUM(output_octets) AS BIGINT), \
         CAST(SUM(session_time) AS BIGINT), COUNT(*) FROM sessions",
    );
    assert_eq!(
        session_sums,
        q(&format!(
            "SELECT {SUMS} FROM usage_daily_nas WHERE day >= '2026-06-28'"
        ))
    );

    // Unique-user sets for every closed day and the closed month, agreeing with the rows.
    let done = all("SELECT period FROM usage_distinct_done ORDER BY period");
    let mut expected: Vec<String> = (11..=30).map(|d| format!("2026-06-{d:02}")).collect();
    expected.insert(0, "2026-06".into());
    assert_eq!(done, expected);
    let june = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let sets = rt
        .block_on(store.distinct_users(june, june + chrono::Days::new(29)))
        .unwrap();
    let from_sets: Vec<String> = sets
        .iter()
        .map(|u| format!("{}|{}|{}", u.nas_id, u.plan, u.members.len()))
        .collect();
    assert_eq!(
        from_sets,
        all(
            "SELECT nas_id, plan, COUNT(DISTINCT user_id) FROM usage_daily_user_nas \
             GROUP BY nas_id, plan ORDER BY nas_id, plan"
        )
    );

    // The unhealthy hotspots (with 6 NAS: the last three).
    let never = q("SELECT id FROM nas ORDER BY id DESC LIMIT 1");
    let silent = q("SELECT id FROM nas ORDER BY id DESC LIMIT 1 OFFSET 1");
    let default_ident = q("SELECT id FROM nas ORDER BY id DESC LIMIT 1 OFFSET 2");
    for t in ["usage_daily_nas", "auth_daily_nas", "nas_health"] {
        assert_eq!(
            q(&format!("SELECT COUNT(*) FROM {t} WHERE nas_id = {never}")),
            "0",
            "{t}"
        );
    }
    assert_eq!(
        q(&format!(
            "SELECT COUNT(*) FROM usage_daily_nas WHERE nas_id = {silent} AND day >= '2026-06-28'"
        )),
        "0"
    );
    assert_ne!(
        q(&format!(
            "SELECT COUNT(*) FROM usage_daily_nas WHERE nas_id = {silent}"
        )),
        "0"
    );
    assert_eq!(
        q(&format!(
            "SELECT nas_identifier FROM nas_health WHERE nas_id = {default_ident}"
        )),
        "MikroTik"
    );
    assert_eq!(
        q("SELECT COUNT(*) FROM nas_health WHERE nas_identifier = 'MikroTik'"),
        "1"
    );
    assert!(
        s.cli(&["audit", "verify"])
            .starts_with("audit log intact: 1 rows verified")
    );
    assert_eq!(q("SELECT action, target FROM audit_log"), "demo.seed|demo");
    // The sealed NAS secrets open with the key file: the server loads every NAS.
    let mut s = s.start();
    s.stop();
}

/// Everything the seed decides (not the random secrets or the audit time), table by table.
async fn content(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT code, name, level, parent, path, created_at FROM areas ORDER BY code",
        "SELECT id, name, address, vendor, rw, ma_seen FROM nas ORDER BY id",
        "SELECT id, username, plan, full_name, area, org, external_id, created_at FROM users \
         ORDER BY id",
        "SELECT * FROM usage_daily_user ORDER BY username, day",
        "SELECT * FROM usage_daily_user_nas ORDER BY day, nas_id, username",
        "SELECT * FROM usage_daily_nas ORDER BY nas_id, day",
        "SELECT * FROM usage_daily_nas_plan ORDER BY day, nas_id, plan",
        "SELECT * FROM usage_hourly_nas_plan ORDER BY day, hour, nas_id, plan",
        "SELECT * FROM concurrency_hourly_nas ORDER BY day, hour, nas_id",
        "SELECT * FROM auth_daily_nas ORDER BY day, nas_id",
        "SELECT * FROM nas_health ORDER BY nas_id",
        "SELECT * FROM sessions ORDER BY id",
        "SELECT period, nas_id, plan, users, members FROM usage_distinct \
         ORDER BY period, nas_id, plan",
    ] {
        out.push(sql.to_string());
        out.extend(rows(store, sql).await);
    }
    out
}

fn same_seed_same_data(db: Db) {
    let rt = runtime();
    let seeded = |args: &[&str]| {
        let s = Server::prepare(db);
        s.cli(args);
        let store = rt.block_on(s.store());
        let c = rt.block_on(content(&store));
        rt.block_on(store.close());
        c
    };
    let first = seeded(&SMALL);
    let second = seeded(&SMALL);
    assert!(first.len() > 3000, "{} rows", first.len());
    assert_eq!(first, second);
    let mut other_seed = SMALL.to_vec();
    other_seed[11] = "8";
    let third = seeded(&other_seed);
    let a: BTreeSet<&String> = first.iter().collect();
    let b: BTreeSet<&String> = third.iter().collect();
    assert!(
        a.intersection(&b).count() < first.len() / 2,
        "another seed gives other data"
    );
}

fn refuses_a_database_with_data(db: Db) {
    let rt = runtime();
    let s = Server::prepare(db);
    s.provision();
    let out = s.cli_output(&SMALL);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(
            "error: REFUSING TO SEED: this database already has 2 users and 1 NAS. Demo data \
             must never be mixed with real data."
        ),
        "{err}"
    );
    let store = rt.block_on(s.store());
    let counts = |store: &Store| {
        rt.block_on(one(
            store,
            "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM nas), \
             (SELECT COUNT(*) FROM areas), (SELECT COUNT(*) FROM usage_daily_nas)",
        ))
    };
    assert_eq!(counts(&store), "2|1|0|0");
    let mut forced = SMALL.to_vec();
    forced.push("--force");
    let out = s.cli_output(&forced);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("WARNING: --force"));
    let after = counts(&store);
    assert!(after.starts_with("202|7|9|"), "{after}");
}

/// A report over a whole built month reads the monthly sums and sets; one over part of it
/// reads the daily rows. With all usage inside that part, both must give the same figures.
fn monthly_sums_agree_with_daily_rows(db: Db) {
    let s = Server::prepare(db);
    s.cli(&SMALL);
    let report = |from: &str, by: &str| -> serde_json::Value {
        let out = s.cli(&[
            "report",
            "usage",
            "--from",
            from,
            "--to",
            "2026-06-30",
            "--by",
            by,
            "--format",
            "json",
        ]);
        serde_json::from_str(&out).unwrap()
    };
    for by in ["rw", "kecamatan", "nas"] {
        let whole = report("2026-06-01", by);
        let part = report("2026-06-11", by);
        assert_eq!(whole["rows"], part["rows"], "--by {by}");
        assert_eq!(whole["total"], part["total"], "--by {by}");
        assert!(whole["total"]["output_octets"].as_i64().unwrap() > 0);
    }
    // The per-day path sums the daily rows directly.
    let days = report("2026-06-01", "day");
    assert_eq!(
        days["total"]["output_octets"],
        report("2026-06-01", "rw")["total"]["output_octets"]
    );
}

/// The full-size demo is Kota Malang: its five kecamatan and 57 kelurahan with their
/// Kemendagri codes and names, 551 RW, one hotspot each.
fn malang_names_and_codes(db: Db) {
    let rt = runtime();
    let s = Server::prepare(db);
    let out = s.cli(&[
        "demo",
        "seed",
        "--nas",
        "551",
        "--users",
        "60",
        "--days",
        "2",
        "--end",
        "2026-06-30",
        "--seed",
        "7",
    ]);
    assert!(
        out.starts_with("seeded 613 areas, 551 NAS, 60 users"),
        "{out}"
    );
    let store = rt.block_on(s.store());
    let all = |sql: &str| rt.block_on(rows(&store, sql));
    assert_eq!(
        all("SELECT code, name FROM areas WHERE level = 'kecamatan' ORDER BY code"),
        [
            "35.73.01|Blimbing",
            "35.73.02|Klojen",
            "35.73.03|Kedungkandang",
            "35.73.04|Sukun",
            "35.73.05|Lowokwaru",
        ]
    );
    let kelurahan =
        all("SELECT code, name, parent FROM areas WHERE level = 'kelurahan' ORDER BY code");
    assert_eq!(kelurahan.len(), 57);
    for expected in [
        "35.73.01.1001|Balearjosari|35.73.01",
        "35.73.01.1011|Jodipan|35.73.01",
        "35.73.02.1008|Oro-oro Dowo|35.73.02",
        "35.73.02.1011|Penanggungan|35.73.02",
        "35.73.03.1012|Tlogowaru|35.73.03",
        "35.73.04.1011|Bakalankrajan|35.73.04",
        "35.73.05.1005|Sumbersari|35.73.05",
        "35.73.05.1012|Tasik Madu|35.73.05",
    ] {
        assert!(
            kelurahan.iter().any(|k| k == expected),
            "{expected}: {kelurahan:?}"
        );
    }
    let per_kecamatan = all(
        "SELECT k.parent, COUNT(*) FROM areas r JOIN areas k ON k.code = r.parent \
         WHERE r.level = 'rw' GROUP BY k.parent ORDER BY k.parent",
    );
    assert_eq!(
        per_kecamatan,
        [
            "35.73.01|127",
            "35.73.02|89",
            "35.73.03|114",
            "35.73.04|101",
            "35.73.05|120"
        ]
    );
    assert_eq!(
        all("SELECT COUNT(*) FROM areas WHERE parent = '35.73.05.1009' AND level = 'rw'"),
        ["19"],
        "Mojolangu has 19 RW"
    );
    assert_eq!(
        all("SELECT name, path FROM areas WHERE code = '35.73.02.1008-rw03'"),
        ["RW 03 Oro-oro Dowo|35.73.02/35.73.02.1008/35.73.02.1008-rw03"]
    );
    assert_eq!(
        all("SELECT COUNT(*) FROM nas WHERE rw IN (SELECT code FROM areas WHERE level = 'rw')"),
        ["551"]
    );
    assert_eq!(
        all("SELECT name FROM nas WHERE rw = '35.73.02.1008-rw03'"),
        ["rw-oroorodowo-03"]
    );
    rt.block_on(store.close());
}

both_backends!(
    seed_small_city_with_consistent_rollups,
    same_seed_same_data,
    refuses_a_database_with_data,
    monthly_sums_agree_with_daily_rows,
    malang_names_and_codes
);
