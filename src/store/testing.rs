//! Test support: a throw-away PostgreSQL schema per test, so tests can share one server and
//! run in parallel without seeing each other's rows.
//!
//! ```no_run
//! # async fn t() -> Result<(), radkota::store::StoreError> {
//! use radkota::store::testing::{PgSchema, postgres_url};
//! let Some(base) = postgres_url() else { return Ok(()) }; // skipped
//! let schema = PgSchema::create(&base).await?;
//! let store = schema.store().await?; // connected and migrated inside the schema
//! // ... schema.url() can also go into a Config or RADKOTA_DATABASE_URL ...
//! store.close().await;
//! schema.drop().await?;
//! # Ok(()) }
//! ```

use sqlx::Connection;
use sqlx::postgres::PgConnection;

use super::{Store, StoreError};

/// The environment variable that names the test PostgreSQL server.
pub const POSTGRES_URL_ENV: &str = "RADKOTA_TEST_POSTGRES_URL";

/// The test PostgreSQL URL, or `None` (after printing a loud skip notice) when unset.
pub fn postgres_url() -> Option<String> {
    match std::env::var(POSTGRES_URL_ENV) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!("skipped: {POSTGRES_URL_ENV} not set");
            None
        }
    }
}

/// A freshly created schema; every connection made through [`PgSchema::url`] uses it.
#[derive(Debug)]
pub struct PgSchema {
    base_url: String,
    name: String,
    url: String,
    dropped: bool,
}

impl PgSchema {
    /// Creates `t_<random>` on the server at `base_url`.
    pub async fn create(base_url: &str) -> Result<PgSchema, StoreError> {
        let name = format!("t_{:016x}", rand::random::<u64>());
        let mut conn = PgConnection::connect(base_url).await?;
        sqlx::raw_sql(&format!("CREATE SCHEMA {name}"))
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        let sep = if base_url.contains('?') { '&' } else { '?' };
        // `options` is passed to the server at connect time, so every pooled connection
        // (and the migrator's) resolves unqualified table names in the new schema.
        let url = format!("{base_url}{sep}options=-c%20search_path%3D{name}");
        Ok(PgSchema {
            base_url: base_url.to_string(),
            name,
            url,
            dropped: false,
        })
    }

    /// The connection URL that selects this schema.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A store connected to this schema, migrated.
    pub async fn store(&self) -> Result<Store, StoreError> {
        let store = Store::connect(&self.url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Drops the schema and everything in it (close stores using it first).
    pub async fn drop(mut self) -> Result<(), StoreError> {
        self.dropped = true;
        drop_schema(&self.base_url, &self.name).await
    }
}

async fn drop_schema(base_url: &str, name: &str) -> Result<(), StoreError> {
    let mut conn = PgConnection::connect(base_url).await?;
    sqlx::raw_sql(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(())
}

impl Drop for PgSchema {
    /// A test that panicked before `drop()` still cleans up: the schema is dropped from a
    /// separate thread with its own runtime, since `Drop` cannot await.
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        let (base_url, name) = (self.base_url.clone(), self.name.clone());
        let cleanup = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            if let Err(e) = rt.block_on(drop_schema(&base_url, &name)) {
                eprintln!("warning: could not drop test schema {name}: {e}");
            }
        });
        let _ = cleanup.join();
    }
}

/// The database's plan for a login's usage read (today's and this month's usage, open
/// sessions), one line per step: `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on PostgreSQL
/// with sequential scans off, so that a small test table still shows which index the
/// statement can use.
pub async fn login_usage_plan(store: &Store) -> Result<Vec<String>, StoreError> {
    use sqlx::Row;
    let mut conn = store.pool().acquire().await?;
    let (explain, column) = explain_on(store, &mut conn).await?;
    // Both statements a login may read usage with: the usage alone (the user is known)
    // and the user with it (the first login since start).
    let mut out = Vec::new();
    for sql in [
        super::login::usage_sql(""),
        super::login::auth_sql_with(true, ""),
    ] {
        let text = format!("{explain}{sql}");
        let usage = super::UsageQuery {
            day: "2026-12-06".into(),
            month_start: "2026-12-01".into(),
            ..Default::default()
        };
        let q = sqlx::query(&text)
            .bind("siti")
            .bind(usage.day.clone())
            .bind(usage.month().to_string());
        let rows = q.fetch_all(&mut *conn).await;
        let rows = match rows {
            Ok(rows) => rows,
            Err(e) => return finish(store, conn, Err(e.into())).await,
        };
        for r in rows {
            out.push(r.try_get::<String, _>(column)?);
        }
    }
    finish(store, conn, Ok(out)).await
}

/// A statement whose cost must not depend on history, for [`statement_plan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statement {
    /// `session list --user` (newest first, a page).
    SessionsOfUser,
    /// A user's open sessions (admin API, CoA and disconnect lookups).
    OpenSessionsOfUser,
    /// A user's usage per day over a range (usage API and CLI).
    UsageOfUser,
    /// `session who --ip` (issue 22).
    WhoByIp,
    /// `session who --mac`.
    WhoByMac,
    /// Accounting-On/Off closing a NAS's open and stale sessions.
    CloseNas,
}

/// The database's plan for one of the statements above, as [`login_usage_plan`] gives it.
pub async fn statement_plan(store: &Store, which: Statement) -> Result<Vec<String>, StoreError> {
    let filter = |open_only| super::SessionFilter {
        username: Some("siti".into()),
        nas_id: None,
        open_only,
        limit: 20,
    };
    if matches!(which, Statement::WhoByIp | Statement::WhoByMac) {
        return who_plan(store, which).await;
    }
    if which == Statement::CloseNas {
        return close_nas_plan(store).await;
    }
    // A year and a month of start days, as a city's retention keeps them.
    let days = super::user_days::epoch_days_in("s.started_at / 86400", Some((20_000, 20_400)));
    let sql = match which {
        Statement::WhoByIp | Statement::WhoByMac | Statement::CloseNas => String::new(),
        Statement::SessionsOfUser => super::sessions::session_list_sql(&filter(false), Some(&days)),
        Statement::OpenSessionsOfUser => super::sessions::session_list_sql(&filter(true), None),
        Statement::UsageOfUser => {
            let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
            let (Some(from), Some(to)) = (day("2026-11-01"), day("2026-12-06")) else {
                return Err(StoreError::Invalid("bad test days".into()));
            };
            super::usage::user_usage_sql(&super::user_days::day_strings_in("day", from, to))
        }
    };
    let mut conn = store.pool().acquire().await?;
    let (explain, column) = explain_on(store, &mut conn).await?;
    let text = format!("{explain}{sql}");
    let q = sqlx::query(&text).bind("siti");
    let q = match which {
        Statement::UsageOfUser => q,
        _ => q.bind(20_i64),
    };
    let rows = q.fetch_all(&mut *conn).await;
    finish(store, conn, plan_lines(rows, column)).await
}

/// The plan of Accounting-On/Off's statement, bound as a batch binds it.
async fn close_nas_plan(store: &Store) -> Result<Vec<String>, StoreError> {
    let mut conn = store.pool().acquire().await?;
    let (explain, column) = explain_on(store, &mut conn).await?;
    let text = format!("{explain}{}", super::batch::statements::CLOSE_NAS_SQL);
    let rows = sqlx::query(&text)
        .bind(super::sessions::state::CLOSED)
        .bind("nas-reboot")
        .bind(1_800_000_000_i64)
        .bind(1_i64)
        .fetch_all(&mut *conn)
        .await;
    finish(store, conn, plan_lines(rows, column)).await
}

/// PostgreSQL's plan for an accounting batch's read of its sessions and users
/// (`store/batch/pg_rows.rs`), one key bound, in a transaction begun as a batch begins
/// its own: what a batch on this table gets.
pub async fn accounting_lookup_plan(store: &Store) -> Result<Vec<String>, StoreError> {
    use sqlx::{Connection, Row};
    let sql = format!("EXPLAIN {}", super::batch::pg_rows::load_sql());
    let mut conn = store.pool().acquire().await?;
    let mut tx = conn.begin_with(super::batch::pg_rows::BEGIN).await?;
    let rows = sqlx::query(&sql)
        .bind(r#"[{"n": 1, "s": "a1", "u": "siti"}]"#)
        .fetch_all(&mut *tx)
        .await?;
    tx.rollback().await?;
    rows.iter()
        .map(|r| {
            r.try_get::<String, _>("QUERY PLAN")
                .map_err(StoreError::from)
        })
        .collect()
}

/// The plan of a `session who` look-up, bound as the store binds it.
async fn who_plan(store: &Store, which: Statement) -> Result<Vec<String>, StoreError> {
    use super::who::{LONGEST_SESSION_SECS, WhoQuery, WhoTarget, who_statement};
    let target = match which {
        Statement::WhoByMac => WhoTarget::Mac(crate::domain::Mac([0xaa, 0xbb, 0xcc, 1, 2, 3])),
        _ => WhoTarget::Ip(std::net::IpAddr::from([10, 7, 3, 44])),
    };
    let at = 1_772_374_440;
    let q = WhoQuery {
        target,
        at,
        nas_id: None,
        case: "plan".into(),
    };
    let (sql, values, days) = who_statement(&q, store.backend() == super::Backend::Postgres);
    let mut conn = store.pool().acquire().await?;
    let (explain, column) = explain_on(store, &mut conn).await?;
    let text = format!("{explain}{sql}");
    let mut query = sqlx::query(&text)
        .bind(at)
        .bind(at - LONGEST_SESSION_SECS)
        .bind(0_i64);
    // The plan of the first spelling's run (every run has the same shape).
    if let Some(v) = values.into_iter().next() {
        query = query.bind(v);
    }
    for d in days {
        query = query.bind(d);
    }
    let rows = query.fetch_all(&mut *conn).await;
    finish(store, conn, plan_lines(rows, column)).await
}

/// The lines of an `EXPLAIN`'s result, read from `column`.
fn plan_lines(
    rows: Result<Vec<sqlx::any::AnyRow>, sqlx::Error>,
    column: &str,
) -> Result<Vec<String>, StoreError> {
    use sqlx::Row;
    rows?
        .iter()
        .map(|r| r.try_get::<String, _>(column).map_err(StoreError::from))
        .collect()
}

/// The `EXPLAIN` prefix and its result column on `store`'s backend; on PostgreSQL with
/// sequential scans off for `conn` (until `finish`), so that a small test table still
/// shows which index a statement can use.
async fn explain_on(
    store: &Store,
    conn: &mut sqlx::pool::PoolConnection<sqlx::Any>,
) -> Result<(&'static str, &'static str), StoreError> {
    Ok(match store.backend() {
        super::Backend::Sqlite => ("EXPLAIN QUERY PLAN ", "detail"),
        super::Backend::Postgres => {
            sqlx::query("SET enable_seqscan = off")
                .execute(&mut **conn)
                .await?;
            ("EXPLAIN ", "QUERY PLAN")
        }
    })
}

async fn finish(
    store: &Store,
    mut conn: sqlx::pool::PoolConnection<sqlx::Any>,
    out: Result<Vec<String>, StoreError>,
) -> Result<Vec<String>, StoreError> {
    if store.backend() == super::Backend::Postgres {
        sqlx::query("RESET enable_seqscan")
            .execute(&mut *conn)
            .await?;
    }
    out
}
