//! Retention purges in bounded slices, on SQLite and PostgreSQL: a year-like backlog of
//! expired sessions, login rows and per-person rollups, written through the store's own
//! accounting writer, goes in many small write transactions, while open sessions, rows
//! inside retention and every aggregate stay exactly as they were; and on SQLite the file
//! gives the freed pages back to the disk.

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate};
use common::Db;
use radkota::store::testing::{PgSchema, postgres_url};
use radkota::store::{
    AcctKind, AcctRecord, AuthActivity, AuthLogEntry, PurgeCutoffs, Slicing, Store, StoreWriter,
    WriterSettings,
};
use sqlx::Row;

const DAY: i64 = 86_400;
/// Users with history, and old days of one finished session each.
const USERS: i64 = 120;
const OLD_DAYS: i64 = 25;
/// Rows per slice at most in these tests.
const MAX_ROWS: u32 = 128;

/// A migrated store on a fresh database, and what keeps it alive.
struct Fixture {
    store: Store,
    _dir: tempfile::TempDir,
    schema: Option<PgSchema>,
}

async fn fixture(db: Db) -> Option<Fixture> {
    let dir = tempfile::tempdir().unwrap();
    let (store, schema) = match db {
        Db::Sqlite => {
            let url = format!("sqlite://{}", dir.path().join("radkota.db").display());
            let store = Store::connect(&url).await.unwrap();
            store.migrate().await.unwrap();
            (store, None)
        }
        Db::Postgres => {
            let schema = PgSchema::create(&postgres_url()?).await.unwrap();
            (schema.store().await.unwrap(), Some(schema))
        }
    };
    Some(Fixture {
        store,
        _dir: dir,
        schema,
    })
}

impl Fixture {
    async fn finish(self) {
        self.store.close().await;
        if let Some(s) = self.schema {
            s.drop().await.unwrap();
        }
    }
}

fn day_of(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .unwrap()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

fn record(kind: AcctKind, session: &str, user: &str, t: i64, octets: i64) -> AcctRecord {
    AcctRecord {
        kind,
        // Per session, not per record: Start and Stop must reach the same NAS's session.
        nas_id: 1 + session.len() as i64 % 3,
        acct_session_id: session.into(),
        username: user.into(),
        event_time: t,
        seen_at: t,
        day: day_of(t),
        hour: (t % DAY) / 3_600,
        session_time: if kind == AcctKind::Start { 0 } else { 600 },
        input_octets: octets,
        output_octets: octets * 4,
        input_packets: octets / 100,
        output_packets: octets / 25,
        framed_ip: Some("10.5.50.21".into()),
        calling_station_id: Some("AA:BB:CC:00:00:01".into()),
        called_station_id: Some("rw-test".into()),
        nas_port_id: Some("bridge-hotspot".into()),
        class: None,
        terminate_cause: (kind == AcctKind::Stop).then(|| "User-Request".to_string()),
        interim_interval: 300,
        clock_skew: None,
        nas_identifier: Some("rw-test".into()),
    }
}

fn login_row(at: i64, user: &str) -> AuthLogEntry {
    AuthLogEntry {
        at,
        username: user.into(),
        nas_id: Some(1),
        method: "chap".into(),
        accepted: true,
        reason: "ok".into(),
        calling_station_id: Some("AA:BB:CC:00:00:01".into()),
        message: None,
    }
}

/// Writes, through the accounting writer: one finished session per user on each of the
/// `OLD_DAYS` days from `old_from`, each with a login row; per user one finished session
/// and one login yesterday; and per tenth user a session opened on the first old day that
/// never ended (open, with an old `seen_at`: never purged).
async fn write_history(writer: &StoreWriter, old_from: i64, now: i64) {
    let mut records = Vec::new();
    let mut logins = Vec::new();
    for d in 0..=OLD_DAYS {
        // Day OLD_DAYS stands for yesterday. Each day's sessions run from 10:00 UTC (17:00
        // WIB) for half an hour: a day taken from the clock's time of day crossed midnight
        // at some hours, and a session that starts on one day and stops on the next leaves
        // a usage row on each (the count of expired user-days then failed, by the hour).
        let base = if d == OLD_DAYS {
            (now / DAY - 1) * DAY
        } else {
            (old_from / DAY + d) * DAY
        };
        for u in 0..USERS {
            let user = format!("user{u:05}");
            let t = base + 36_000 + u * 13;
            let id = format!("s-{d}-{u}");
            records.push(record(AcctKind::Start, &id, &user, t, 0));
            records.push(record(AcctKind::Stop, &id, &user, t + 600, 1_000 + u + d));
            logins.push(login_row(t - 1, &user));
            if d == 0 && u % 10 == 0 {
                records.push(record(AcctKind::Start, &format!("open-{u}"), &user, t, 0));
            }
        }
        for chunk in records.chunks(2_000) {
            writer.apply(chunk.to_vec()).await.unwrap();
        }
        records.clear();
        let batch = AuthActivity {
            entries: std::mem::take(&mut logins),
            ..AuthActivity::default()
        };
        writer.record_auth_activity(Arc::new(batch)).await.unwrap();
    }
}

async fn text_rows(store: &Store, sql: &str) -> Vec<String> {
    let rows = sqlx::query(sql).fetch_all(store.pool()).await.unwrap();
    rows.iter()
        .map(|r| {
            (0..r.len())
                .map(|i| {
                    r.try_get::<Option<i64>, _>(i)
                        .map(|v| format!("{v:?}"))
                        .or_else(|_| r.try_get::<Option<String>, _>(i).map(|v| format!("{v:?}")))
                        .unwrap_or_else(|_| "?".into())
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

/// Everything the purge must leave alone: open sessions, sessions and login rows inside
/// retention, per-person rows of kept months, and every aggregate table (but the monthly
/// one, which gains the purged months' sums before their rows go: tests/privacy.rs).
async fn kept(store: &Store, first_kept_day: &str, recent: i64) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT acct_session_id, state, seen_at, input_octets FROM sessions \
         WHERE state = 'open' ORDER BY acct_session_id"
            .to_string(),
        format!(
            "SELECT acct_session_id, state, input_octets, output_octets FROM sessions \
             WHERE seen_at >= {recent} ORDER BY acct_session_id"
        ),
        format!("SELECT at, username FROM auth_log WHERE at >= {recent} ORDER BY id"),
        format!(
            "SELECT username, day, input_octets, sessions FROM usage_daily_user \
             WHERE day >= '{first_kept_day}' ORDER BY username, day"
        ),
        format!(
            "SELECT day, nas_id, username, input_octets FROM usage_daily_user_nas \
             WHERE day >= '{first_kept_day}' ORDER BY day, nas_id, username"
        ),
        "SELECT nas_id, day, input_octets, output_octets, sessions, peak_sessions \
         FROM usage_daily_nas ORDER BY nas_id, day"
            .into(),
        "SELECT day, nas_id, plan, input_octets, sessions FROM usage_daily_nas_plan \
         ORDER BY day, nas_id, plan"
            .into(),
        "SELECT day, hour, nas_id, plan, input_octets, sessions FROM usage_hourly_nas_plan \
         ORDER BY day, hour, nas_id, plan"
            .into(),
        "SELECT day, hour, nas_id, peak_sessions FROM concurrency_hourly_nas \
         ORDER BY day, hour, nas_id"
            .into(),
        "SELECT day, nas_id, accepts, rejects FROM auth_daily_nas ORDER BY day, nas_id".into(),
    ] {
        out.push(sql.clone());
        out.extend(text_rows(store, &sql).await);
    }
    out
}

/// Unique users per month over the whole history, as the reports compute them.
async fn unique_users(store: &Store, from: NaiveDate, to: NaiveDate) -> String {
    format!("{:?}", store.distinct_users(from, to).await.unwrap())
}

fn writer_settings() -> WriterSettings {
    WriterSettings {
        fsync: false,
        queue_max: 16_384,
        batch_max: 512,
        batch_window: Duration::ZERO,
    }
}

fn purge_goes_in_slices_and_keeps_what_is_current(db: Db) {
    common::runtime().block_on(async {
        let Some(f) = fixture(db).await else { return };
        let store = &f.store;
        let now = radkota::store::now();
        let old_from = now - 300 * DAY;
        let writer = store.start_writer(writer_settings()).await.unwrap();
        write_history(&writer, old_from, now).await;
        drop(writer);

        let session_cut = now - 180 * DAY;
        let usage_from = DateTime::from_timestamp(now - 100 * DAY, 0)
            .unwrap()
            .date_naive();
        let first_kept = chrono::Datelike::with_day(&usage_from, 1).unwrap();
        let cutoffs = PurgeCutoffs {
            sessions_before: Some(session_cut),
            auth_log_before: Some(session_cut),
            user_usage_from: Some(usage_from),
        };
        let first = DateTime::from_timestamp(old_from, 0).unwrap().date_naive();
        let last = DateTime::from_timestamp(now, 0).unwrap().date_naive();
        let before = kept(store, &day_string(first_kept), now - 2 * DAY).await;
        let users_before = unique_users(store, first, last).await;
        let expired_sessions = count(
            store,
            &format!(
                "SELECT COUNT(*) FROM sessions WHERE state <> 'open' AND seen_at < {session_cut}"
            ),
        )
        .await;
        let expired_logins = count(
            store,
            &format!("SELECT COUNT(*) FROM auth_log WHERE at < {session_cut}"),
        )
        .await;
        let day_cut = day_string(first_kept);
        let expired_user_days = count(
            store,
            &format!("SELECT COUNT(*) FROM usage_daily_user WHERE day < '{day_cut}'"),
        )
        .await;
        assert_eq!(expired_sessions, USERS * OLD_DAYS);
        assert_eq!(expired_logins, USERS * OLD_DAYS);
        assert_eq!(expired_user_days, USERS * OLD_DAYS);

        let slicing = Slicing {
            max_rows: MAX_ROWS,
            // Never exceeded here: every slice but the last of each table is full.
            target: Duration::from_secs(3_600),
            pause: Duration::ZERO,
        };
        let c = store.purge_in_slices(&cutoffs, &slicing).await.unwrap();
        assert_eq!(c.sessions as i64, expired_sessions);
        assert_eq!(c.auth_log as i64, expired_logins);
        assert_eq!(c.usage_user as i64, expired_user_days);
        assert!(c.usage_user_nas as i64 >= expired_user_days, "{c:?}");
        assert!(c.slices.largest <= u64::from(MAX_ROWS), "{c:?}");
        let least_slices = c.rows().div_ceil(u64::from(MAX_ROWS));
        assert!(c.slices.slices >= least_slices, "{c:?}");

        assert_eq!(
            kept(store, &day_string(first_kept), now - 2 * DAY).await,
            before
        );
        assert_eq!(unique_users(store, first, last).await, users_before);
        let open = count(store, "SELECT COUNT(*) FROM sessions WHERE state = 'open'").await;
        assert_eq!(open, USERS / 10);
        let left = count(
            store,
            &format!(
                "SELECT COUNT(*) FROM sessions WHERE state <> 'open' AND seen_at < {session_cut}"
            ),
        )
        .await;
        assert_eq!(left, 0);
        // A second run finds nothing.
        let again = store.purge_in_slices(&cutoffs, &slicing).await.unwrap();
        assert_eq!(again.rows(), 0, "{again:?}");
        f.finish().await;
    });
}

fn slow_slices_get_smaller(db: Db) {
    common::runtime().block_on(async {
        let Some(f) = fixture(db).await else { return };
        let store = &f.store;
        let now = radkota::store::now();
        let writer = store.start_writer(writer_settings()).await.unwrap();
        write_history(&writer, now - 300 * DAY, now).await;
        drop(writer);
        let cutoffs = PurgeCutoffs {
            auth_log_before: Some(now - 180 * DAY),
            ..PurgeCutoffs::default()
        };
        // A target no write can meet: after the first slice each one halves, down to the
        // floor of 16 rows (1,000 + 500 + 250 + 125 + 62 + 31 = 1,968 rows in the first six
        // slices, the other 1,032 in slices of 16): 71 slices, not 3.
        let slicing = Slicing {
            max_rows: 1_000,
            target: Duration::from_nanos(1),
            pause: Duration::ZERO,
        };
        let c = store.purge_in_slices(&cutoffs, &slicing).await.unwrap();
        assert_eq!(c.auth_log as i64, USERS * OLD_DAYS);
        assert!(c.slices.slices >= 6 + 1_032 / 16, "{c:?}");
        assert_eq!(c.slices.largest, 1_000, "{c:?}");
        f.finish().await;
    });
}

fn day_string(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

both_backends!(
    purge_goes_in_slices_and_keeps_what_is_current,
    slow_slices_get_smaller
);

/// SQLite file size, its pages and free pages, after moving the write-ahead log into it.
async fn file_pages(store: &Store, path: &std::path::Path) -> (u64, i64, i64) {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool())
        .await
        .unwrap();
    let pages = count(store, "PRAGMA page_count").await;
    let free = count(store, "PRAGMA freelist_count").await;
    (std::fs::metadata(path).unwrap().len(), pages, free)
}

#[test]
fn sqlite_file_shrinks_after_a_purge() {
    common::runtime().block_on(async {
        let Some(f) = fixture(Db::Sqlite).await else {
            return;
        };
        let store = &f.store;
        let path = store.sqlite_file().await.unwrap().unwrap();
        assert_eq!(
            store.auto_vacuum().await.unwrap(),
            2,
            "incremental on a new file"
        );
        let now = radkota::store::now();
        let writer = store.start_writer(writer_settings()).await.unwrap();
        write_history(&writer, now - 300 * DAY, now).await;
        drop(writer);
        let (size_before, pages_before, _) = file_pages(store, &path).await;
        let cutoffs = PurgeCutoffs {
            sessions_before: Some(now - 180 * DAY),
            auth_log_before: Some(now - 180 * DAY),
            user_usage_from: None,
        };
        let c = store
            .purge_in_slices(&cutoffs, &Slicing::default())
            .await
            .unwrap();
        assert!(c.rows() >= 6_000, "{c:?}");
        assert!(c.pages_reclaimed > 0, "{c:?}");
        let (size_after, pages_after, free_after) = file_pages(store, &path).await;
        assert_eq!(free_after, 0, "every free page given back");
        assert_eq!(pages_before - pages_after, c.pages_reclaimed as i64);
        // Two thirds of the sessions and login rows went: the file lost at least a third.
        assert!(
            size_after * 3 < size_before * 2,
            "{size_before} -> {size_after} bytes ({c:?})"
        );
        f.finish().await;
    });
}

#[test]
fn older_sqlite_file_is_converted_by_vacuum() {
    common::runtime().block_on(async {
        use sqlx::{ConnectOptions, Connection};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        // A file as radkota made it before: tables first, no auto_vacuum.
        let opts = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let mut conn = opts.connect().await.unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
        let store = Store::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        assert_eq!(store.auto_vacuum().await.unwrap(), 0);
        assert!(store.vacuum_into_incremental().await.unwrap());
        assert_eq!(store.auto_vacuum().await.unwrap(), 2);
        assert!(!store.vacuum_into_incremental().await.unwrap());
        store.close().await;
    });
}
