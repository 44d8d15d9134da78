//! The store against both backends: every case runs on SQLite (a temp directory) and on
//! PostgreSQL (a fresh schema on the server named by RADKOTA_TEST_POSTGRES_URL).

use std::future::Future;

use radkota::store::testing::{PgSchema, postgres_url};
use radkota::store::{
    AuthLogEntry, Backend, NewNas, NewUser, RequireMa, Store, StoreError, UserStatus,
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
    list_users_filters_and_pages,
    unknown_user_is_not_found,
    nas_add_list_remove,
    duplicate_nas_name_and_address,
    nas_version_bumps,
    mark_nas_ma_seen,
    auth_log_insert_recent_purge,
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
