//! Hotspot-health facts: each NAS's latest contact (`nas_health`) and its authentication
//! outcomes per day (`auth_daily_nas`), written by the accounting writer and the auth log
//! writer so that `report hotspots` reads a few hundred rows, not the logs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use sqlx::AnyConnection;

use super::sqlite_writer::sql_once;
use super::{AcctRecord, AuthLogEntry, Store, StoreError};

/// Latest-value update: a column only moves forward in time.
const LATER: &str = "CASE WHEN nas_health.{c} IS NULL OR excluded.{c} > nas_health.{c} \
                     THEN excluded.{c} ELSE nas_health.{c} END";

fn later(column: &str) -> String {
    format!("{column} = {}", LATER.replace("{c}", column))
}

/// Authentication outcomes of one NAS on one day, to add.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthDaily {
    pub day: String,
    pub nas_id: i64,
    pub accepts: i64,
    pub rejects: i64,
    /// Requests dropped for a bad authenticator or Message-Authenticator.
    pub bad_authenticators: i64,
}

/// The latest authentication contact of one NAS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NasContact {
    pub nas_id: i64,
    pub last_request_at: i64,
    pub last_login_at: Option<i64>,
    pub nas_identifier: Option<String>,
}

/// What the auth log writer stores in one transaction.
#[derive(Debug, Clone, Default)]
pub struct AuthActivity {
    pub entries: Vec<AuthLogEntry>,
    pub daily: Vec<AuthDaily>,
    pub contacts: Vec<NasContact>,
}

/// Adds one NAS's outcomes of one day (day, NAS id, accepts, rejects, bad authenticators).
const AUTH_DAILY_SQL: &str = "INSERT INTO auth_daily_nas (day, nas_id, accepts, rejects, bad_authenticators) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day, nas_id) DO UPDATE SET \
     accepts = auth_daily_nas.accepts + excluded.accepts, \
     rejects = auth_daily_nas.rejects + excluded.rejects, \
     bad_authenticators = auth_daily_nas.bad_authenticators + excluded.bad_authenticators";

/// Moves one NAS's latest authentication contact forward (NAS id, request time, login
/// time, NAS-Identifier).
fn auth_contact_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    sql_once(&SQL, || {
        format!(
            "INSERT INTO nas_health (nas_id, last_request_at, last_login_at, nas_identifier) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (nas_id) DO UPDATE SET {}, {}, \
             nas_identifier = COALESCE(excluded.nas_identifier, nas_health.nas_identifier)",
            later("last_request_at"),
            later("last_login_at"),
        )
    })
}

impl Store {
    /// Writes authentication log rows, daily counts and NAS contacts in one transaction.
    pub async fn record_auth_activity(&self, batch: &AuthActivity) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        super::auth_log::insert_entries(&mut tx, &batch.entries).await?;
        for d in &batch.daily {
            sqlx::query(AUTH_DAILY_SQL)
                .bind(&d.day)
                .bind(d.nas_id)
                .bind(d.accepts)
                .bind(d.rejects)
                .bind(d.bad_authenticators)
                .execute(&mut *tx)
                .await?;
        }
        for c in &batch.contacts {
            sqlx::query(auth_contact_sql())
                .bind(c.nas_id)
                .bind(c.last_request_at)
                .bind(c.last_login_at)
                .bind(c.nas_identifier.clone())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// As `Store::record_auth_activity`, on the SQLite writer thread's connection.
pub(crate) fn record_auth_activity_direct(
    conn: &mut rusqlite::Connection,
    batch: &AuthActivity,
) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    super::auth_log::insert_entries_direct(&tx, &batch.entries)?;
    {
        let mut q = tx.prepare_cached(AUTH_DAILY_SQL)?;
        for d in &batch.daily {
            q.execute(rusqlite::params![
                d.day,
                d.nas_id,
                d.accepts,
                d.rejects,
                d.bad_authenticators
            ])?;
        }
        let mut q = tx.prepare_cached(auth_contact_sql())?;
        for c in &batch.contacts {
            q.execute(rusqlite::params![
                c.nas_id,
                c.last_request_at,
                c.last_login_at,
                c.nas_identifier
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The latest record time, clock skew and NAS-Identifier of every NAS in the batch.
type LatestContact<'a> = BTreeMap<i64, (i64, Option<i64>, Option<&'a str>)>;

fn latest_acct_contact(records: &[AcctRecord]) -> LatestContact<'_> {
    let mut latest: LatestContact<'_> = BTreeMap::new();
    for r in records {
        let e = latest.entry(r.nas_id).or_insert((r.seen_at, None, None));
        e.0 = e.0.max(r.seen_at);
        if r.clock_skew.is_some() {
            e.1 = r.clock_skew;
        }
        if let Some(id) = r.nas_identifier.as_deref() {
            e.2 = Some(id);
        }
    }
    latest
}

/// The upsert of `n` NAS's accounting contact (NAS id, time, skew, identifier each).
fn acct_health_sql(n: usize) -> String {
    let values: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "(${}, ${}, ${}, ${})",
                4 * i + 1,
                4 * i + 2,
                4 * i + 3,
                4 * i + 4
            )
        })
        .collect();
    format!(
        "INSERT INTO nas_health (nas_id, last_acct_at, clock_skew, nas_identifier) VALUES {} \
         ON CONFLICT (nas_id) DO UPDATE SET {}, \
         clock_skew = COALESCE(excluded.clock_skew, nas_health.clock_skew), \
         nas_identifier = COALESCE(excluded.nas_identifier, nas_health.nas_identifier)",
        values.join(", "),
        later("last_acct_at"),
    )
}

/// The accounting side of `nas_health`: latest record time, clock skew and NAS-Identifier
/// of every NAS in the batch, in one statement.
pub(crate) async fn record_acct_health(
    conn: &mut AnyConnection,
    records: &[AcctRecord],
) -> Result<(), StoreError> {
    let latest = latest_acct_contact(records);
    if latest.is_empty() {
        return Ok(());
    }
    let sql = acct_health_sql(latest.len());
    let mut q = sqlx::query(&sql);
    for (nas_id, (at, skew, ident)) in latest {
        q = q
            .bind(nas_id)
            .bind(at)
            .bind(skew)
            .bind(ident.map(str::to_string));
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

/// As `record_acct_health`, on the SQLite accounting thread's connection (one prepared
/// single-row statement per NAS).
pub(crate) fn record_acct_health_direct(
    conn: &rusqlite::Connection,
    records: &[AcctRecord],
) -> Result<(), StoreError> {
    let latest = latest_acct_contact(records);
    if latest.is_empty() {
        return Ok(());
    }
    static SQL: OnceLock<String> = OnceLock::new();
    let mut q = conn.prepare_cached(sql_once(&SQL, || acct_health_sql(1)))?;
    for (nas_id, (at, skew, ident)) in latest {
        q.execute(rusqlite::params![nas_id, at, skew, ident])?;
    }
    Ok(())
}
