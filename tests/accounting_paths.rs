//! The two executors of the shared write plan (sqlx's pool, `Store::apply_accounting_with`,
//! and the SQLite writer thread's own connection, `Store::start_writer` on a file) must
//! store exactly the same rows:
//! one long mixed record sequence (Start, Interim, Stop, repeats, reordering, Accounting-On/
//! Off, unknown users, midnight, stale sessions, built distinct-user periods) is applied in
//! the same batches to two copies of one database, and every table is compared.

use std::collections::BTreeMap;
use std::path::Path;

use radkota::store::{AcctKind, AcctRecord, NewNas, NewUser, RequireMa, Store, WriterSettings};

/// 2026-03-01 22:00 WIB (15:00 UTC): the sequence runs past midnight.
const T0: i64 = 1_772_377_200;
const WIB: i64 = 7 * 3600;

/// A small deterministic generator (the sequence must be the same on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn day_and_hour(t: i64) -> (String, i64) {
    let local = t + WIB;
    let days = local.div_euclid(86_400);
    let date = chrono::DateTime::from_timestamp(days * 86_400, 0)
        .unwrap()
        .date_naive();
    (
        date.format("%Y-%m-%d").to_string(),
        local.rem_euclid(86_400) / 3600,
    )
}

/// `count` records over 3 NAS, 40 session ids and 6 usernames (4 registered, 2 unknown).
fn records(count: usize) -> Vec<AcctRecord> {
    let users = ["siti", "budi", "ayu", "dewi", "ghost", "tamu"];
    let mut rng = Lcg(7);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        // Time mostly moves forward, sometimes steps back (reordering, late records).
        let at = T0 + (i as i64) * 20 - rng.next(4) as i64 * 300;
        let nas_id = 1 + rng.next(3) as i64;
        let kind = match rng.next(100) {
            0 => AcctKind::AccountingOn,
            1 => AcctKind::AccountingOff,
            2..=31 => AcctKind::Start,
            32..=79 => AcctKind::Interim,
            _ => AcctKind::Stop,
        };
        let nas_level = matches!(kind, AcctKind::AccountingOn | AcctKind::AccountingOff);
        let sid = rng.next(40);
        let user = users[(sid % 6) as usize];
        let secs = (at - T0 + 3600).max(0) / 2 + rng.next(50) as i64;
        let (day, hour) = day_and_hour(at);
        out.push(AcctRecord {
            kind,
            nas_id,
            acct_session_id: if nas_level {
                String::new()
            } else {
                format!("s{sid:03}")
            },
            username: if nas_level {
                String::new()
            } else {
                user.to_string()
            },
            event_time: at,
            seen_at: T0 + (i as i64) * 20,
            day,
            hour,
            session_time: secs,
            input_octets: secs * 1000 + rng.next(5000) as i64,
            output_octets: secs * 3000 + rng.next(9000) as i64,
            input_packets: secs * 3,
            output_packets: secs * 5,
            framed_ip: (rng.next(3) > 0).then(|| format!("10.5.{}.{}", nas_id, sid)),
            calling_station_id: (rng.next(2) == 0).then(|| format!("AA:BB:CC:00:00:{sid:02X}")),
            called_station_id: (rng.next(4) == 0).then(|| format!("hotspot-{nas_id}")),
            nas_port_id: (rng.next(4) == 0).then(|| "bridge1".to_string()),
            class: (rng.next(5) == 0).then(|| vec![0, 1, 2, 255, sid as u8]),
            terminate_cause: (kind == AcctKind::Stop).then(|| "User-Request".to_string()),
            interim_interval: 300,
            clock_skew: (rng.next(3) == 0).then(|| rng.next(200) as i64 - 100),
            nas_identifier: (rng.next(3) == 0).then(|| format!("MikroTik-{nas_id}")),
        });
    }
    out
}

/// Every row of every table but the migration log, as text, sorted per table. Session ids
/// are replaced by their rank: the pool path's multi-row upsert uses up an AUTOINCREMENT id
/// on every conflict, the thread updates known rows by id and leaves no such gaps, and
/// what must agree is that ids follow arrival.
fn dump(path: &Path) -> BTreeMap<String, Vec<String>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT IN ('_sqlx_migrations') ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for t in tables {
        let sql = match t.as_str() {
            "sessions" => "SELECT * FROM sessions ORDER BY id".to_string(),
            "sqlite_sequence" => "SELECT * FROM sqlite_sequence WHERE name <> 'sessions'".into(),
            _ => format!("SELECT * FROM \"{t}\""),
        };
        let mut q = conn.prepare(&sql).unwrap();
        let width = q.column_count();
        let mut rank = 0;
        let mut rows: Vec<String> = q
            .query_map([], |r| {
                rank += 1;
                (0..width)
                    .map(|i| {
                        if t == "sessions" && i == 0 {
                            return Ok(format!("rank {rank}"));
                        }
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(|v| v.join(" | "))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.insert(t, rows);
    }
    out
}

fn count(rows: &BTreeMap<String, Vec<String>>, table: &str) -> usize {
    rows.get(table).map_or(0, Vec::len)
}

/// Three NAS, four users on two plans, and distinct-user sets already built for some
/// periods: a late record must drop the markers of its day and month, and only those.
async fn seed(s: &Store) {
    for n in 1..=3 {
        s.add_nas(&NewNas {
            name: format!("hotspot-{n}"),
            address: format!("10.0.0.{n}"),
            sealed_secret: vec![1, 2, 3],
            vendor: "mikrotik".into(),
            rw: None,
            require_ma: RequireMa::Auto,
            coa_port: 3799,
        })
        .await
        .unwrap();
    }
    for (name, plan) in [
        ("siti", "student"),
        ("budi", "umkm"),
        ("ayu", "student"),
        ("dewi", "umkm"),
    ] {
        s.add_user(&NewUser {
            username: name.into(),
            plan: plan.into(),
            password_hash: format!("$argon2id$v=19$m=8,t=1,p=1$fake${name}"),
            sealed_password: None,
            full_name: None,
            expires_at: None,
        })
        .await
        .unwrap();
    }
    // Distinct-user sets already built for these periods: a late record must drop
    // the markers of its day and month, and only those.
    sqlx::query(
        "INSERT INTO usage_distinct_done (period, built_at) VALUES \
         ('2026-03-01', 1), ('2026-03', 1), ('2026-02-28', 1), ('2026-02', 1)",
    )
    .execute(s.pool())
    .await
    .unwrap();
}

/// The whole sequence: `records(1500)` and five sessions still open at the end, so the
/// final state has every kind of row.
fn sequence() -> Vec<AcctRecord> {
    let mut records = records(1500);
    for k in 0..5 {
        let mut r = records[1499 - k].clone();
        r.kind = AcctKind::Start;
        r.nas_id = 1 + k as i64 % 3;
        r.acct_session_id = format!("late{k}");
        r.username = "siti".into();
        r.terminate_cause = None;
        // The older ones are stale by the final reaper run.
        r.seen_at -= k as i64 * 200;
        records.push(r);
    }
    records
}

/// The batch sizes the sequence is applied in, in turn.
const SIZES: [usize; 10] = [1, 7, 32, 3, 64, 2, 17, 40, 5, 128];

#[test]
fn sqlx_and_thread_store_the_same_rows() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let url = |p: &Path| format!("sqlite://{}", p.display());
    rt.block_on(async {
        // One database set up once, then copied, so both start byte for byte the same.
        let s = Store::connect(&url(&a)).await.unwrap();
        s.migrate().await.unwrap();
        seed(&s).await;
        s.close().await;
    });
    rusqlite::Connection::open(&a)
        .unwrap()
        .execute("VACUUM INTO ?1", [b.display().to_string()])
        .unwrap();
    assert_eq!(dump(&a), dump(&b));

    let records = sequence();
    rt.block_on(async {
        let sa = Store::connect(&url(&a)).await.unwrap();
        let sb = Store::connect(&url(&b)).await.unwrap();
        let settings = WriterSettings {
            fsync: true,
            queue_max: 16_384,
            batch_max: 256,
            batch_window: std::time::Duration::ZERO,
        };
        let thread = sb.start_writer(settings).await.unwrap();
        assert_eq!(
            thread.executor(),
            "sqlite",
            "a database file gets the writer thread's own connection"
        );
        let mut rest = &records[..];
        let mut i = 0;
        while !rest.is_empty() {
            let n = SIZES[i % SIZES.len()].min(rest.len());
            let (batch, tail) = rest.split_at(n);
            sa.apply_accounting_with(batch, true).await.unwrap();
            thread.apply(batch.to_vec()).await.unwrap();
            // A plan change by another connection (the CLI, say) half way: later usage
            // counts under the new plan on both paths, though the thread had the old
            // plan in memory from earlier batches.
            if i == 12 {
                for s in [&sa, &sb] {
                    sqlx::query("UPDATE users SET plan = 'umkm' WHERE username = 'siti'")
                        .execute(s.pool())
                        .await
                        .unwrap();
                }
            }
            // The reaper between batches, so stale sessions get reopened by later records.
            if i % 5 == 4 {
                let now = batch[0].seen_at;
                let stale_a = sa.mark_stale_sessions(now, 1).await.unwrap();
                let stale_b = sb.mark_stale_sessions(now, 1).await.unwrap();
                assert_eq!(stale_a, stale_b);
            }
            rest = tail;
            i += 1;
        }
        // Replaying everything in one batch changes nothing on either path.
        sa.apply_accounting_with(&records, true).await.unwrap();
        thread.apply(records.clone()).await.unwrap();
        let now = T0 + 1500 * 20 - 100;
        assert_eq!(
            sa.mark_stale_sessions(now, 1).await.unwrap(),
            sb.mark_stale_sessions(now, 1).await.unwrap()
        );
        sa.close().await;
        sb.close().await;
    });
    let (rows_a, rows_b) = (dump(&a), dump(&b));
    for (table, rows) in &rows_a {
        assert_eq!(
            Some(rows),
            rows_b.get(table),
            "table {table} differs between the two writers"
        );
    }
    assert_eq!(rows_a, rows_b);
    // The sequence reaches every part of the writer.
    assert_eq!(count(&rows_a, "sessions"), 125);
    assert_eq!(count(&rows_a, "nas_health"), 3);
    assert_eq!(
        rows_a["usage_distinct_done"],
        vec![
            "Text(\"2026-02\") | Integer(1)",
            "Text(\"2026-02-28\") | Integer(1)"
        ]
    );
    for t in [
        "usage_daily_user",
        "usage_daily_user_nas",
        "usage_daily_nas_plan",
        "usage_hourly_nas_plan",
        "concurrency_hourly_nas",
    ] {
        assert!(count(&rows_a, t) > 10, "{t}: {}", count(&rows_a, t));
    }
    // The per-NAS open counts (kept by the writer on SQLite, read for the peaks) are
    // exactly the open sessions, after every kind of state change the sequence made.
    let conn = rusqlite::Connection::open(&a).unwrap();
    let kept: Vec<(i64, i64)> = conn
        .prepare("SELECT nas_id, open_sessions FROM nas_open_sessions WHERE open_sessions <> 0 ORDER BY nas_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let counted: Vec<(i64, i64)> = conn
        .prepare("SELECT nas_id, COUNT(*) FROM sessions WHERE state = 'open' GROUP BY nas_id ORDER BY nas_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!counted.is_empty());
    assert_eq!(kept, counted);
    // A person's month row (what a login's monthly quota reads) is the sum of their days.
    let months = "SELECT month, username, user_id, input_octets, output_octets, \
                  session_seconds, sessions FROM usage_monthly_user ORDER BY 1, 2";
    let days = "SELECT substr(day, 1, 7), username, MAX(user_id), SUM(input_octets), \
                SUM(output_octets), SUM(session_seconds), SUM(sessions) FROM usage_daily_user \
                GROUP BY 1, 2 ORDER BY 1, 2";
    type Sums = (String, String, Option<i64>, i64, i64, i64, i64);
    let read = |sql: &str| -> Vec<Sums> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let by_month = read(months);
    // Registered users and unknown ones (no user id), many records each.
    assert!(
        by_month.len() >= 6 && by_month.iter().any(|r| r.2.is_none()),
        "{by_month:?}"
    );
    assert_eq!(by_month, read(days));
    let states: Vec<&String> = rows_a["sessions"].iter().collect();
    for s in [
        "\"open\"",
        "\"closed\"",
        "\"stale\"",
        "\"nas-reboot\"",
        "\"nas-off\"",
    ] {
        assert!(
            states.iter().any(|r| r.contains(s)),
            "no session row with {s}"
        );
    }
}

/// The accounting tables compared between backends.
const ACCOUNTING_TABLES: [&str; 11] = [
    "sessions",
    "usage_daily_user",
    "usage_monthly_user",
    "usage_daily_nas",
    "usage_daily_user_nas",
    "usage_daily_nas_plan",
    "usage_hourly_nas_plan",
    "concurrency_hourly_nas",
    "nas_health",
    "usage_distinct_done",
    "nas_open_sessions",
];

/// Every row of `table` as text through sqlx, whichever the backend, with the columns
/// named in `columns` (SQLite's order); session ids replaced by their rank, as in `dump`.
async fn dump_any(store: &Store, table: &str, columns: &[String]) -> Vec<String> {
    use sqlx::Row;
    let order = if table == "sessions" {
        " ORDER BY id"
    } else {
        ""
    };
    let sql = format!("SELECT {} FROM {table}{order}", columns.join(", "));
    let rows = sqlx::query(&sql).fetch_all(store.pool()).await.unwrap();
    let mut out: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(rank, row)| {
            (0..columns.len())
                .map(|i| {
                    if table == "sessions" && columns[i] == "id" {
                        return format!("rank {rank}");
                    }
                    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                        return format!("{v:?}");
                    }
                    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
                        return format!("{v:?}");
                    }
                    format!("{:?}", row.try_get::<Option<Vec<u8>>, _>(i).unwrap())
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    out.sort();
    out
}

/// PostgreSQL's statements (`store/batch/pg_rows.rs`: JSON parameters, one statement per
/// kind of write) store exactly the rows the SQLite writer thread stores, for the same
/// sequence in the same batches.
#[test]
fn postgres_and_thread_store_the_same_rows() {
    let Some(base) = radkota::store::testing::postgres_url() else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.db");
    let records = sequence();
    rt.block_on(async {
        let schema = radkota::store::testing::PgSchema::create(&base)
            .await
            .unwrap();
        let pg = schema.store().await.unwrap();
        let lite = Store::connect(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        lite.migrate().await.unwrap();
        seed(&pg).await;
        seed(&lite).await;
        let settings = WriterSettings {
            fsync: true,
            queue_max: 16_384,
            batch_max: 256,
            batch_window: std::time::Duration::ZERO,
        };
        let pool = pg.start_writer(settings).await.unwrap();
        let thread = lite.start_writer(settings).await.unwrap();
        assert_eq!((pool.executor(), thread.executor()), ("pool", "sqlite"));
        let mut rest = &records[..];
        let mut i = 0;
        while !rest.is_empty() {
            let n = SIZES[i % SIZES.len()].min(rest.len());
            let (batch, tail) = rest.split_at(n);
            pool.apply(batch.to_vec()).await.unwrap();
            thread.apply(batch.to_vec()).await.unwrap();
            if i == 12 {
                for s in [&pg, &lite] {
                    sqlx::query("UPDATE users SET plan = 'umkm' WHERE username = 'siti'")
                        .execute(s.pool())
                        .await
                        .unwrap();
                }
            }
            if i % 5 == 4 {
                let now = batch[0].seen_at;
                assert_eq!(
                    pg.mark_stale_sessions(now, 1).await.unwrap(),
                    lite.mark_stale_sessions(now, 1).await.unwrap()
                );
            }
            rest = tail;
            i += 1;
        }
        // Replaying everything in one batch changes nothing on either.
        pool.apply(records.clone()).await.unwrap();
        thread.apply(records.clone()).await.unwrap();
        let mut compared = 0;
        for table in ACCOUNTING_TABLES {
            let columns: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
            ))
            .fetch_all(lite.pool())
            .await
            .unwrap();
            let (a, b) = (
                dump_any(&pg, table, &columns).await,
                dump_any(&lite, table, &columns).await,
            );
            assert_eq!(a, b, "table {table} differs between PostgreSQL and SQLite");
            compared += a.len();
        }
        assert!(compared > 300, "{compared} rows compared");
        drop(pool);
        drop(thread);
        pg.close().await;
        lite.close().await;
        schema.drop().await.unwrap();
    });
}
