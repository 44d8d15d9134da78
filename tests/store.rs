//! The store against both backends: every case runs on SQLite (a temp directory) and on
//! PostgreSQL (a fresh schema on the server named by RADKOTA_TEST_POSTGRES_URL).

use std::future::Future;

use radkota::store::testing::{PgSchema, postgres_url};
use radkota::store::{
    AcctKind, AcctRecord, AuthLogEntry, Backend, NewNas, NewUser, RequireMa, SessionFilter, Store,
    StoreError, UsageDay, UsageQuery, UserStatus,
};

/// A migrated store and the URL it was opened with.
struct Db {
    store: Store,
    url: String,
}

async fn run_sqlite<F, Fut>(case: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    // A missing sub-directory checks that connect creates it.
    let url = format!("sqlite://{}", dir.path().join("sub/radkota.db").display());
    let store = Store::connect(&url).await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    store.migrate().await.unwrap();
    case(Db {
        store: store.clone(),
        url,
    })
    .await;
    store.close().await;
}

async fn run_postgres<F, Fut>(case: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(base) = postgres_url() else {
        eprintln!("!!!!!!!! skipped: RADKOTA_TEST_POSTGRES_URL not set !!!!!!!!");
        return;
    };
    let schema = PgSchema::create(&base).await.unwrap();
    let store = schema.store().await.unwrap();
    assert_eq!(store.backend(), Backend::Postgres);
    case(Db {
        store: store.clone(),
        url: schema.url().to_string(),
    })
    .await;
    store.close().await;
    schema.drop().await.unwrap();
}

/// Generates `sqlite::NAME` and `postgres::NAME` tests for each case.
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread")]
            async fn $name() {
                super::run_sqlite(super::$name).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread")]
            async fn $name() {
                super::run_postgres(super::$name).await
            })*
        }
    };
}

both_backends!(
    migrate_twice_is_idempotent,
    seeded_plans,
    seeding_keeps_operator_changes,
    user_lifecycle,
    duplicate_user,
    unknown_plan,
    user_for_auth_joins_plan,
    user_for_auth_counts_today_and_this_month,
    list_users_filters_and_pages,
    unknown_user_is_not_found,
    nas_add_list_remove,
    duplicate_nas_name_and_address,
    nas_version_bumps,
    mark_nas_ma_seen,
    auth_log_insert_recent_purge,
    accounting_deltas_and_replay,
    stale_sessions_marked_and_reopened,
    accounting_on_closes_only_that_nas,
    list_sessions_filters,
    mac_bindings_written_in_one_batch,
);

fn new_user(name: &str, plan: &str) -> NewUser {
    NewUser {
        username: name.to_string(),
        plan: plan.to_string(),
        password_hash: format!("$argon2id$v=19$m=8,t=1,p=1$fake${name}"),
        sealed_password: Some(vec![1, 2, 3, name.len() as u8]),
        full_name: Some(format!("Full {name}")),
        expires_at: None,
    }
}

fn new_nas(name: &str, address: &str) -> NewNas {
    NewNas {
        name: name.to_string(),
        address: address.to_string(),
        sealed_secret: vec![9, 8, 7],
        vendor: "mikrotik".to_string(),
        rw: Some("07".to_string()),
        require_ma: RequireMa::Auto,
        coa_port: 3799,
    }
}

async fn migrate_twice_is_idempotent(db: Db) {
    db.store.migrate().await.unwrap();
    db.store.migrate().await.unwrap();
    // A second process opening the same database migrates too.
    let other = Store::connect(&db.url).await.unwrap();
    other.migrate().await.unwrap();
    assert_eq!(other.list_plans().await.unwrap().len(), 2);
    other.close().await;
}

async fn seeded_plans(db: Db) {
    let plans = db.store.list_plans().await.unwrap();
    let names: Vec<_> = plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["student", "umkm"]);
    let student = db.store.get_plan("student").await.unwrap().unwrap();
    assert_eq!(student.rate_up.as_deref(), Some("2M"));
    assert_eq!(student.rate_down.as_deref(), Some("4M"));
    assert_eq!(student.mikrotik_rate_limit().as_deref(), Some("2M/4M"));
    assert_eq!(student.session_timeout, Some(3600));
    assert_eq!(student.idle_timeout, Some(600));
    assert_eq!(student.description, "Pelajar / Students");
    let umkm = db.store.get_plan("umkm").await.unwrap().unwrap();
    assert_eq!(umkm.mikrotik_rate_limit().as_deref(), Some("5M/10M"));
    assert_eq!(umkm.session_timeout, Some(14400));
    assert_eq!(umkm.idle_timeout, Some(900));
    assert!(db.store.get_plan("nope").await.unwrap().is_none());
}

async fn seeding_keeps_operator_changes(db: Db) {
    sqlx::query("UPDATE plans SET rate_down = $1 WHERE name = $2")
        .bind("8M")
        .bind("student")
        .execute(db.store.pool())
        .await
        .unwrap();
    sqlx::query("DELETE FROM plans WHERE name = $1")
        .bind("umkm")
        .execute(db.store.pool())
        .await
        .unwrap();
    db.store.migrate().await.unwrap();
    let plans = db.store.list_plans().await.unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].rate_down.as_deref(), Some("8M"));
}

async fn user_lifecycle(db: Db) {
    let s = &db.store;
    let mut nu = new_user("siti", "student");
    nu.expires_at = Some(1_900_000_000);
    let added = s.add_user(&nu).await.unwrap();
    assert_eq!(added.username, "siti");
    assert_eq!(added.plan, "student");
    assert_eq!(added.status, UserStatus::Active);
    assert_eq!(added.expires_at, Some(1_900_000_000));
    assert_eq!(added.full_name.as_deref(), Some("Full siti"));
    assert_eq!(added.sealed_password, nu.sealed_password);
    assert!(added.created_at > 1_600_000_000);

    let got = s.get_user("siti").await.unwrap().unwrap();
    assert_eq!(got, added);

    s.set_user_status("siti", UserStatus::Disabled)
        .await
        .unwrap();
    assert_eq!(
        s.get_user("siti").await.unwrap().unwrap().status,
        UserStatus::Disabled
    );
    s.set_user_status("siti", UserStatus::Active).await.unwrap();
    assert_eq!(
        s.get_user("siti").await.unwrap().unwrap().status,
        UserStatus::Active
    );

    s.set_user_password("siti", "$argon2id$new", Some(&[4, 5, 6]))
        .await
        .unwrap();
    let got = s.get_user("siti").await.unwrap().unwrap();
    assert_eq!(got.password_hash, "$argon2id$new");
    assert_eq!(got.sealed_password.as_deref(), Some(&[4u8, 5, 6][..]));
    s.set_user_password("siti", "$argon2id$new2", None)
        .await
        .unwrap();
    assert_eq!(
        s.get_user("siti").await.unwrap().unwrap().sealed_password,
        None
    );

    let listed = s.list_users(None, 100, 0).await.unwrap();
    assert_eq!(listed.len(), 1);

    s.delete_user("siti").await.unwrap();
    assert!(s.get_user("siti").await.unwrap().is_none());
    assert!(s.list_users(None, 100, 0).await.unwrap().is_empty());
}

async fn duplicate_user(db: Db) {
    db.store.add_user(&new_user("budi", "umkm")).await.unwrap();
    let err = db
        .store
        .add_user(&new_user("budi", "student"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Duplicate { kind: "user", name } if name == "budi"),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "user 'budi' already exists");
}

async fn unknown_plan(db: Db) {
    let err = db
        .store
        .add_user(&new_user("ani", "gold"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::NotFound { kind: "plan", name } if name == "gold"),
        "{err:?}"
    );
    assert!(db.store.get_user("ani").await.unwrap().is_none());
}

async fn user_for_auth_joins_plan(db: Db) {
    db.store.add_user(&new_user("dewi", "umkm")).await.unwrap();
    let ua = db.store.user_for_auth("dewi").await.unwrap().unwrap();
    assert_eq!(ua.user.username, "dewi");
    assert_eq!(ua.user.plan, "umkm");
    assert_eq!(ua.plan.name, "umkm");
    assert_eq!(ua.plan.rate_up.as_deref(), Some("5M"));
    assert_eq!(ua.plan.rate_down.as_deref(), Some("10M"));
    assert_eq!(ua.plan.session_timeout, Some(14400));
    assert_eq!(ua.plan.idle_timeout, Some(900));
    assert_eq!(ua.user, db.store.get_user("dewi").await.unwrap().unwrap());
    assert!(db.store.user_for_auth("nobody").await.unwrap().is_none());
}

/// A login's usage: today's row and this month's rows up to today, never last month's or
/// a later day's. Asked twice: on SQLite the second answer comes from the user directory,
/// with the usage read in the same statement as the directory's version.
async fn user_for_auth_counts_today_and_this_month(db: Db) {
    db.store
        .add_user(&new_user("siti", "student"))
        .await
        .unwrap();
    db.store
        .add_user(&new_user("budi", "student"))
        .await
        .unwrap();
    for (user, day, input, output, secs) in [
        ("siti", "2026-02-28", 1000, 2000, 30),
        ("siti", "2026-03-01", 10, 20, 3),
        ("siti", "2026-03-14", 100, 200, 7),
        ("siti", "2026-03-15", 5, 6, 11),
        ("siti", "2026-03-16", 70000, 80000, 900),
        ("budi", "2026-03-15", 400, 500, 60),
    ] {
        sqlx::query(
            "INSERT INTO usage_daily_user \
             (username, day, input_octets, output_octets, session_seconds, sessions) \
             VALUES ($1, $2, $3, $4, $5, 1)",
        )
        .bind(user)
        .bind(day)
        .bind(input as i64)
        .bind(output as i64)
        .bind(secs as i64)
        .execute(db.store.pool())
        .await
        .unwrap();
    }
    // The months, as the accounting writer keeps them beside the days (migration 0027),
    // here by the seed's statement that adds days to their months.
    sqlx::query(&radkota::store::bulk::months_of_days_sql(
        "2026-02-01",
        "2026-03-31",
    ))
    .execute(db.store.pool())
    .await
    .unwrap();
    let query = UsageQuery {
        day: "2026-03-15".into(),
        month_start: "2026-03-01".into(),
        now: 1_773_561_600,
        stale_after_intervals: 3,
        calling_station_id: None,
    };
    for _ in 0..2 {
        let ua = db
            .store
            .user_for_auth_with_usage("siti", Some(&query))
            .await
            .unwrap()
            .unwrap();
        let u = ua.usage;
        assert_eq!((u.day_bytes, u.day_seconds), (11, 11));
        // The month is March's row, February's days apart: every day of the month
        // stored, which is the month so far unless the clock went back.
        assert_eq!(
            (u.month_bytes, u.month_seconds),
            (10 + 20 + 100 + 200 + 11 + 150_000, 3 + 7 + 11 + 900)
        );
        assert_eq!(u.open_sessions, 0);
    }
    db.store
        .add_user(&new_user("sari", "student"))
        .await
        .unwrap();
    let ua = db
        .store
        .user_for_auth_with_usage("sari", Some(&query))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ua.usage, Default::default(), "no rows, zeros");
}

async fn list_users_filters_and_pages(db: Db) {
    for (name, plan) in [("a1", "student"), ("b2", "umkm"), ("c3", "student")] {
        db.store.add_user(&new_user(name, plan)).await.unwrap();
    }
    let names =
        |v: Vec<radkota::store::UserRecord>| v.into_iter().map(|u| u.username).collect::<Vec<_>>();
    assert_eq!(
        names(db.store.list_users(None, 100, 0).await.unwrap()),
        ["a1", "b2", "c3"]
    );
    assert_eq!(
        names(db.store.list_users(Some("student"), 100, 0).await.unwrap()),
        ["a1", "c3"]
    );
    assert_eq!(
        names(db.store.list_users(None, 1, 1).await.unwrap()),
        ["b2"]
    );
    assert_eq!(db.store.count_users(None).await.unwrap(), 3);
    assert_eq!(db.store.count_users(Some("umkm")).await.unwrap(), 1);
}

async fn unknown_user_is_not_found(db: Db) {
    let s = &db.store;
    let nf = |e: StoreError| matches!(e, StoreError::NotFound { kind: "user", .. });
    assert!(nf(s
        .set_user_status("ghost", UserStatus::Disabled)
        .await
        .unwrap_err()));
    assert!(nf(s
        .set_user_password("ghost", "x", None)
        .await
        .unwrap_err()));
    assert!(nf(s.delete_user("ghost").await.unwrap_err()));
}

async fn nas_add_list_remove(db: Db) {
    let s = &db.store;
    let mut n = new_nas("rw07-hotspot", "10.7.0.1");
    n.require_ma = RequireMa::Yes;
    n.coa_port = 3800;
    let added = s.add_nas(&n).await.unwrap();
    assert_eq!(added.name, "rw07-hotspot");
    assert_eq!(added.address, "10.7.0.1");
    assert_eq!(added.sealed_secret, vec![9, 8, 7]);
    assert_eq!(added.vendor, "mikrotik");
    assert_eq!(added.rw.as_deref(), Some("07"));
    assert_eq!(added.require_ma, RequireMa::Yes);
    assert!(!added.ma_seen);
    assert_eq!(added.coa_port, 3800);
    assert!(added.enabled);

    let mut other = new_nas("rw01-hotspot", "10.1.0.0/24");
    other.rw = None;
    s.add_nas(&other).await.unwrap();
    let all = s.list_nas().await.unwrap();
    let names: Vec<_> = all.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["rw01-hotspot", "rw07-hotspot"]);
    assert_eq!(all[1], added);
    assert_eq!(s.get_nas("rw01-hotspot").await.unwrap().unwrap().rw, None);

    s.remove_nas("rw07-hotspot").await.unwrap();
    assert_eq!(s.list_nas().await.unwrap().len(), 1);
    let err = s.remove_nas("rw07-hotspot").await.unwrap_err();
    assert!(
        matches!(&err, StoreError::NotFound { kind: "NAS", name } if name == "rw07-hotspot"),
        "{err:?}"
    );
}

async fn duplicate_nas_name_and_address(db: Db) {
    let s = &db.store;
    s.add_nas(&new_nas("rw07", "10.7.0.1")).await.unwrap();
    let err = s.add_nas(&new_nas("rw07", "10.7.0.2")).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Duplicate { kind: "NAS", name } if name == "rw07"),
        "{err:?}"
    );
    let err = s.add_nas(&new_nas("rw08", "10.7.0.1")).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Duplicate { kind: "NAS address", name } if name == "10.7.0.1"),
        "{err:?}"
    );
    assert_eq!(s.list_nas().await.unwrap().len(), 1);
}

async fn nas_version_bumps(db: Db) {
    let s = &db.store;
    let v0 = s.nas_version().await.unwrap();
    let a = s.add_nas(&new_nas("a", "10.0.0.1")).await.unwrap();
    let v1 = s.nas_version().await.unwrap();
    assert!(v1 > v0);
    // A failed add does not bump.
    s.add_nas(&new_nas("a", "10.0.0.2")).await.unwrap_err();
    assert_eq!(s.nas_version().await.unwrap(), v1);
    s.mark_nas_ma_seen(a.id).await.unwrap();
    assert_eq!(s.nas_version().await.unwrap(), v1);
    s.remove_nas("a").await.unwrap();
    let v2 = s.nas_version().await.unwrap();
    assert!(v2 > v1);
    // A failed remove does not bump.
    s.remove_nas("a").await.unwrap_err();
    assert_eq!(s.nas_version().await.unwrap(), v2);
}

async fn mark_nas_ma_seen(db: Db) {
    let s = &db.store;
    let a = s.add_nas(&new_nas("a", "10.0.0.1")).await.unwrap();
    let b = s.add_nas(&new_nas("b", "10.0.0.2")).await.unwrap();
    s.mark_nas_ma_seen(a.id).await.unwrap();
    s.mark_nas_ma_seen(a.id).await.unwrap();
    let all = s.list_nas().await.unwrap();
    assert!(all.iter().find(|n| n.id == a.id).unwrap().ma_seen);
    assert!(!all.iter().find(|n| n.id == b.id).unwrap().ma_seen);
    // An unknown id is not an error: the NAS may have been removed meanwhile.
    s.mark_nas_ma_seen(999_999).await.unwrap();
}

async fn auth_log_insert_recent_purge(db: Db) {
    let s = &db.store;
    let entry = |at: i64, user: &str, accepted: bool| AuthLogEntry {
        at,
        username: user.to_string(),
        nas_id: if accepted { Some(7) } else { None },
        method: "pap".to_string(),
        accepted,
        reason: if accepted { "ok" } else { "bad password" }.to_string(),
        calling_station_id: Some("AA-BB-CC-DD-EE-FF".to_string()),
        message: None,
    };
    s.insert_auth_log(&[]).await.unwrap();
    s.insert_auth_log(&[
        entry(100, "siti", true),
        entry(200, "budi", false),
        entry(300, "siti", false),
    ])
    .await
    .unwrap();
    s.insert_auth_log(&[entry(400, "budi", true)])
        .await
        .unwrap();

    let all = s.recent_auth_log(None, 10).await.unwrap();
    assert_eq!(
        all.iter().map(|e| e.at).collect::<Vec<_>>(),
        [400, 300, 200, 100]
    );
    assert_eq!(all[3], entry(100, "siti", true));
    assert_eq!(all[2], entry(200, "budi", false));

    let siti = s.recent_auth_log(Some("siti"), 10).await.unwrap();
    assert_eq!(siti.iter().map(|e| e.at).collect::<Vec<_>>(), [300, 100]);
    assert_eq!(s.recent_auth_log(None, 2).await.unwrap().len(), 2);

    assert_eq!(s.purge_auth_log(250).await.unwrap(), 2);
    assert_eq!(
        s.recent_auth_log(None, 10)
            .await
            .unwrap()
            .iter()
            .map(|e| e.at)
            .collect::<Vec<_>>(),
        [400, 300]
    );
    assert_eq!(s.purge_auth_log(0).await.unwrap(), 0);
}

/// The SQLite connection settings that the design relies on (WAL, foreign keys, busy wait).
#[tokio::test]
async fn sqlite_pragmas() {
    use sqlx::Row;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("p.db").display());
    let store = Store::connect(&url).await.unwrap();
    let get = |sql: &'static str| {
        let pool = store.pool().clone();
        async move {
            let row = sqlx::query(sql).fetch_one(&pool).await.unwrap();
            match row.try_get::<String, _>(0) {
                Ok(s) => s,
                Err(_) => row.try_get::<i64, _>(0).unwrap().to_string(),
            }
        }
    };
    assert_eq!(get("PRAGMA journal_mode").await, "wal");
    assert_eq!(get("PRAGMA foreign_keys").await, "1");
    assert_eq!(get("PRAGMA synchronous").await, "1");
    assert_eq!(get("PRAGMA busy_timeout").await, "5000");
    store.close().await;
    assert!(dir.path().join("p.db").exists());
}

/// An accounting record with counters (input, output, seconds) at time `at`.
fn acct(
    kind: AcctKind,
    nas: i64,
    sid: &str,
    user: &str,
    at: i64,
    c: (i64, i64, i64),
) -> AcctRecord {
    AcctRecord {
        kind,
        nas_id: nas,
        acct_session_id: sid.into(),
        username: user.into(),
        event_time: at,
        seen_at: at,
        day: if at < 2_000 {
            "2026-03-01".into()
        } else {
            "2026-03-02".into()
        },
        session_time: c.2,
        input_octets: c.0,
        output_octets: c.1,
        input_packets: c.0 / 100,
        output_packets: c.1 / 100,
        framed_ip: Some("10.5.50.21".into()),
        calling_station_id: Some("AA:BB:CC:00:00:01".into()),
        called_station_id: None,
        nas_port_id: None,
        class: Some(vec![0, 1, 2, 255]),
        terminate_cause: (kind == AcctKind::Stop).then(|| "User-Request".to_string()),
        interim_interval: 300,
        hour: 10,
        clock_skew: None,
        nas_identifier: None,
    }
}

fn usage_day(day: &str, i: i64, o: i64, secs: i64, sessions: i64) -> UsageDay {
    UsageDay {
        day: day.into(),
        input_octets: i,
        output_octets: o,
        session_seconds: secs,
        sessions,
    }
}

async fn accounting_deltas_and_replay(db: Db) {
    let s = &db.store;
    s.add_user(&new_user("siti", "student")).await.unwrap();
    // One batch with the same session several times, across midnight, and a second NAS.
    let batch = vec![
        acct(AcctKind::Start, 1, "a", "siti", 1_000, (0, 0, 0)),
        acct(AcctKind::Interim, 1, "a", "siti", 1_300, (100, 1_000, 300)),
        acct(AcctKind::Interim, 1, "a", "siti", 1_250, (90, 900, 250)),
        acct(
            AcctKind::Interim,
            1,
            "a",
            "siti",
            2_100,
            (150, 4_000, 1_100),
        ),
        acct(AcctKind::Stop, 1, "a", "siti", 2_200, (170, 4_500, 1_200)),
        acct(AcctKind::Stop, 2, "b", "siti", 1_500, (7, 8, 9)),
    ];
    s.apply_accounting(&batch).await.unwrap();
    let check = || async {
        let rows = s
            .list_sessions(&SessionFilter {
                username: Some("siti".into()),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(rows.len(), 2);
        let a = rows.iter().find(|r| r.acct_session_id == "a").unwrap();
        assert_eq!(
            (
                a.input_octets,
                a.output_octets,
                a.session_time,
                a.input_packets
            ),
            (170, 4_500, 1_200, 1)
        );
        assert_eq!(
            (a.started_at, a.stopped_at, a.last_update_at),
            (1_000, Some(2_200), 2_200)
        );
        assert_eq!(
            (a.state.as_str(), a.close_reason.as_deref()),
            ("closed", Some("stop"))
        );
        assert_eq!(a.class.as_deref(), Some([0u8, 1, 2, 255].as_slice()));
        assert!(a.user_id.is_some());
        assert_eq!(
            s.user_usage("siti", "2026-03-01", "2026-03-02")
                .await
                .unwrap(),
            vec![
                usage_day("2026-03-01", 107, 1_008, 309, 2),
                usage_day("2026-03-02", 70, 3_500, 900, 0),
            ]
        );
        assert_eq!(
            s.nas_usage(2, "2026-03-01", "2026-03-31").await.unwrap(),
            vec![usage_day("2026-03-01", 7, 8, 9, 1)]
        );
        assert_eq!(
            s.user_usage("siti", "2026-03-02", "2026-03-02")
                .await
                .unwrap()
                .len(),
            1,
            "range is inclusive"
        );
    };
    check().await;
    // The whole batch again (a commit whose outcome was unknown, retried): nothing changes.
    s.apply_accounting(&batch).await.unwrap();
    check().await;
    s.apply_accounting(&[]).await.unwrap();
}

async fn stale_sessions_marked_and_reopened(db: Db) {
    let s = &db.store;
    s.apply_accounting(&[
        acct(AcctKind::Start, 1, "a", "siti", 1_000, (0, 0, 0)),
        acct(AcctKind::Stop, 1, "b", "siti", 1_000, (1, 1, 1)),
    ])
    .await
    .unwrap();
    // 3 intervals of 300 s after the last record, and not a second earlier.
    assert_eq!(s.mark_stale_sessions(1_900, 3).await.unwrap(), 0);
    assert_eq!(s.mark_stale_sessions(1_901, 3).await.unwrap(), 1);
    let get = |sid: &'static str| async move {
        s.list_sessions(&SessionFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.acct_session_id == sid)
        .unwrap()
    };
    let a = get("a").await;
    assert_eq!(
        (a.state.as_str(), a.close_reason.as_deref()),
        ("stale", Some("no-update"))
    );
    assert_eq!(
        get("b").await.state,
        "closed",
        "closed sessions are not stale"
    );
    // It was alive after all: an Interim reopens it and its counters count.
    s.apply_accounting(&[acct(
        AcctKind::Interim,
        1,
        "a",
        "siti",
        2_500,
        (5, 6, 1_500),
    )])
    .await
    .unwrap();
    let a = get("a").await;
    assert_eq!((a.state.as_str(), a.close_reason), ("open", None));
    assert_eq!(a.input_octets, 5);
    s.apply_accounting(&[acct(AcctKind::Stop, 1, "a", "siti", 2_600, (6, 7, 1_600))])
        .await
        .unwrap();
    assert_eq!(get("a").await.state, "closed");
    assert_eq!(s.mark_stale_sessions(100_000, 3).await.unwrap(), 0);
    assert_open_counts_kept(s).await;
}

/// The per-NAS open-session counts kept in `nas_open_sessions` (the peaks read them)
/// equal the open sessions counted row by row.
async fn assert_open_counts_kept(s: &Store) {
    let kept: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT nas_id, open_sessions FROM nas_open_sessions WHERE open_sessions <> 0 \
         ORDER BY nas_id",
    )
    .fetch_all(s.pool())
    .await
    .unwrap();
    let counted: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT nas_id, COUNT(*) FROM sessions WHERE state = 'open' GROUP BY nas_id \
         ORDER BY nas_id",
    )
    .fetch_all(s.pool())
    .await
    .unwrap();
    assert_eq!(kept, counted);
}

async fn accounting_on_closes_only_that_nas(db: Db) {
    let s = &db.store;
    s.apply_accounting(&[
        acct(AcctKind::Start, 1, "a", "u1", 1_000, (0, 0, 0)),
        acct(AcctKind::Start, 1, "b", "u2", 1_000, (0, 0, 0)),
        acct(AcctKind::Start, 2, "c", "u3", 1_000, (0, 0, 0)),
    ])
    .await
    .unwrap();
    s.mark_stale_sessions(10_000, 3).await.unwrap();
    s.apply_accounting(&[
        acct(AcctKind::Interim, 1, "b", "u2", 1_100, (1, 1, 100)),
        acct(AcctKind::AccountingOn, 1, "", "", 1_200, (0, 0, 0)),
        acct(AcctKind::Start, 1, "d", "u4", 1_300, (0, 0, 0)),
    ])
    .await
    .unwrap();
    let rows = s
        .list_sessions(&SessionFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    let by = |sid: &str| rows.iter().find(|r| r.acct_session_id == sid).unwrap();
    for sid in ["a", "b"] {
        assert_eq!(
            (
                by(sid).state.as_str(),
                by(sid).close_reason.as_deref(),
                by(sid).stopped_at
            ),
            ("closed", Some("nas-reboot"), Some(1_200)),
            "{sid}"
        );
    }
    assert_eq!(by("c").state, "stale", "another NAS's session is untouched");
    assert_eq!(
        by("d").state,
        "open",
        "a session begun after the reboot stays open"
    );
    assert_open_counts_kept(s).await;
    // Then the NAS goes off: every session of its, `d` too, closes and its count is 0.
    s.apply_accounting(&[acct(AcctKind::AccountingOff, 1, "", "", 1_400, (0, 0, 0))])
        .await
        .unwrap();
    assert_open_counts_kept(s).await;
    let open_on_1: i64 =
        sqlx::query_scalar("SELECT open_sessions FROM nas_open_sessions WHERE nas_id = 1")
            .fetch_one(s.pool())
            .await
            .unwrap();
    assert_eq!(open_on_1, 0);
}

async fn list_sessions_filters(db: Db) {
    let s = &db.store;
    let nas = s.add_nas(&new_nas("rw07", "10.7.0.1")).await.unwrap();
    s.apply_accounting(&[
        acct(AcctKind::Start, nas.id, "a", "siti", 1_000, (0, 0, 0)),
        acct(AcctKind::Stop, nas.id, "b", "siti", 1_100, (1, 1, 1)),
        acct(AcctKind::Start, nas.id + 1, "c", "budi", 1_200, (0, 0, 0)),
    ])
    .await
    .unwrap();
    let list = |f: SessionFilter| async move {
        s.list_sessions(&f)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.acct_session_id)
            .collect::<Vec<_>>()
    };
    let all = SessionFilter {
        limit: 10,
        ..Default::default()
    };
    assert_eq!(list(all.clone()).await, ["c", "b", "a"], "newest first");
    assert_eq!(
        list(SessionFilter {
            username: Some("siti".into()),
            ..all.clone()
        })
        .await,
        ["b", "a"]
    );
    assert_eq!(
        list(SessionFilter {
            nas_id: Some(nas.id),
            open_only: true,
            ..all.clone()
        })
        .await,
        ["a"]
    );
    assert_eq!(
        list(SessionFilter {
            limit: 1,
            ..all.clone()
        })
        .await,
        ["c"]
    );
    let rows = s.list_sessions(&all).await.unwrap();
    let c = rows.iter().find(|r| r.acct_session_id == "c").unwrap();
    assert_eq!(c.nas_name, None, "unknown or removed NAS");
    assert_eq!(c.user_id, None, "unknown user still recorded");
    let a = rows.iter().find(|r| r.acct_session_id == "a").unwrap();
    assert_eq!(a.nas_name.as_deref(), Some("rw07"));
    assert_eq!(s.get_session(a.id).await.unwrap().as_ref(), Some(a));
    assert_eq!(s.get_session(-5).await.unwrap(), None);
}

/// A batch of bindings (`Store::bind_macs`, one transaction for a burst of first logins):
/// each device bound to its user, a device that moves to another user within the batch
/// ends with the last, and the previous owner's row is touched so that every directory
/// and note of the binding lets go of it.
async fn mac_bindings_written_in_one_batch(db: Db) {
    use radkota::store::roaming::BindWrite;
    let s = &db.store;
    let ani = s.add_user(&new_user("ani", "student")).await.unwrap();
    let budi = s.add_user(&new_user("budi", "student")).await.unwrap();
    let nas = s.add_nas(&new_nas("rw01", "10.0.0.1")).await.unwrap().id;
    let bind = |hash: &str, user: i64, now: i64| BindWrite {
        mac_hash: hash.to_string(),
        mac_tail: "…:4E:2A".to_string(),
        user_id: user,
        nas_id: nas,
        now,
        expires_at: now + 86_400,
    };
    let t = 1_900_000_000;
    s.bind_macs(&[bind("h-phone", ani.id, t), bind("h-laptop", ani.id, t)])
        .await
        .unwrap();
    let before = s.get_user("ani").await.unwrap().unwrap().updated_at;
    // The phone changes hands, twice, in one batch; the last login wins.
    s.bind_macs(&[
        bind("h-phone", budi.id, t + 10),
        bind("h-tablet", budi.id, t + 10),
        bind("h-phone", budi.id, t + 20),
    ])
    .await
    .unwrap();
    let phone = s.mac_binding("h-phone").await.unwrap().unwrap();
    assert_eq!(
        (phone.username.as_str(), phone.expires_at),
        ("budi", t + 20 + 86_400)
    );
    assert_eq!(
        s.mac_binding("h-laptop").await.unwrap().unwrap().username,
        "ani"
    );
    assert_eq!(s.bindings_of(budi.id).await.unwrap().len(), 2);
    assert_eq!(s.bindings_of(ani.id).await.unwrap().len(), 1);
    assert!(s.get_user("ani").await.unwrap().unwrap().updated_at > before);
    // An empty batch writes nothing and fails nothing.
    s.bind_macs(&[]).await.unwrap();
}
