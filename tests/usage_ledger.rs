//! The usage ledger (issue 24): a login's usage and open sessions, kept in memory, follow
//! what the accounting writer commits, on this instance and, on PostgreSQL, on another
//! instance of the same database within a second. The over-the-wire cases (device limit,
//! quota, Accounting-On through a running server) are in `tests/policy.rs`.

mod common;

use std::time::{Duration, Instant};

use radkota::store::testing::{PgSchema, postgres_url};
use radkota::store::{
    AcctKind, AcctRecord, NewNas, NewUser, RequireMa, Store, UsageQuery, WriterSettings,
};

const DAY: i64 = 86_400;

fn day_of(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .expect("time")
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

fn record(kind: AcctKind, nas_id: i64, session: &str, t: i64, octets: i64) -> AcctRecord {
    AcctRecord {
        kind,
        nas_id,
        acct_session_id: session.into(),
        username: "siti".into(),
        event_time: t,
        seen_at: t,
        day: day_of(t),
        hour: (t % DAY) / 3_600,
        session_time: 60,
        input_octets: octets,
        output_octets: 0,
        input_packets: 1,
        output_packets: 1,
        framed_ip: None,
        calling_station_id: Some("AA-01".into()),
        called_station_id: None,
        nas_port_id: None,
        class: None,
        terminate_cause: (kind == AcctKind::Stop).then(|| "User-Request".to_string()),
        interim_interval: 300,
        clock_skew: None,
        nas_identifier: None,
    }
}

/// Today's usage query (UTC days, as `record` counts them), from another device.
fn query(now: i64) -> UsageQuery<'static> {
    let day = day_of(now);
    UsageQuery {
        month_start: format!("{}-01", &day[..7]),
        day,
        now,
        stale_after_intervals: 3,
        calling_station_id: Some("BB-02"),
    }
}

/// (day octets, open sessions) of `siti` as a login on `store` sees them.
async fn seen(store: &Store, now: i64) -> (u64, u64) {
    let user = store
        .user_for_auth_with_usage("siti", Some(&query(now)))
        .await
        .expect("read")
        .expect("siti exists");
    (user.usage.day_bytes, user.usage.open_sessions)
}

/// Polls `store` for up to a second until it sees `want`.
async fn within_a_second(store: &Store, now: i64, want: (u64, u64)) -> (u64, u64) {
    let start = Instant::now();
    loop {
        let got = seen(store, now).await;
        if got == want || start.elapsed() > Duration::from_secs(1) {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Two instances on one PostgreSQL database: B has `siti` in its ledger; A's writer
/// commits a Start, an Interim and a Stop; B sees each within a second. The user's plan
/// has a quota and a device limit (seeded `student`), so B's logins use the ledger.
#[test]
fn another_instances_accounting_reaches_this_ledger_within_a_second() {
    let Some(base) = postgres_url() else { return };
    common::runtime().block_on(async {
        let schema = PgSchema::create(&base).await.expect("schema");
        let a = schema.store().await.expect("store a");
        let b = schema.store().await.expect("store b");
        for s in [&a, &b] {
            s.follow_directory().await.expect("listen");
        }
        let nas = a
            .add_nas(&NewNas {
                name: "rw01".into(),
                address: "127.0.0.1".into(),
                sealed_secret: vec![1, 2, 3],
                vendor: "mikrotik".into(),
                rw: None,
                require_ma: RequireMa::Auto,
                coa_port: 3799,
            })
            .await
            .expect("nas");
        a.add_user(&NewUser {
            username: "siti".into(),
            plan: "student".into(),
            password_hash: "x".into(),
            sealed_password: None,
            full_name: None,
            expires_at: None,
        })
        .await
        .expect("user");
        let now = radkota::store::now();
        // B reads siti once (cold), and again from memory.
        assert_eq!(seen(&b, now).await, (0, 0));
        assert_eq!(seen(&b, now).await, (0, 0));
        let writer = a
            .start_writer(WriterSettings {
                fsync: false,
                queue_max: 100,
                batch_max: 10,
                batch_window: Duration::ZERO,
            })
            .await
            .expect("writer");
        writer
            .apply(vec![record(AcctKind::Start, nas.id, "s1", now, 0)])
            .await
            .expect("start");
        assert_eq!(within_a_second(&b, now, (0, 1)).await, (0, 1));
        // A itself follows its own writer.
        assert_eq!(seen(&a, now).await, (0, 1));
        writer
            .apply(vec![record(AcctKind::Interim, nas.id, "s1", now, 5_000)])
            .await
            .expect("interim");
        assert_eq!(within_a_second(&b, now, (5_000, 1)).await, (5_000, 1));
        writer
            .apply(vec![record(AcctKind::Stop, nas.id, "s1", now, 7_000)])
            .await
            .expect("stop");
        assert_eq!(within_a_second(&b, now, (7_000, 0)).await, (7_000, 0));
        assert_eq!(seen(&a, now).await, (7_000, 0));
        // B answers from memory: usage changed by SQL behind both instances' backs is not
        // seen (only the writers' commits are followed), which shows the reads above were
        // B's ledger following A's notifications, not B reading the database each time.
        sqlx::query("UPDATE usage_daily_user SET input_octets = 999999 WHERE username = 'siti'")
            .execute(a.pool())
            .await
            .expect("update behind the back");
        assert_eq!(seen(&b, now).await, (7_000, 0));
        drop(writer);
        a.close().await;
        b.close().await;
        schema.drop().await.expect("drop");
    });
}
