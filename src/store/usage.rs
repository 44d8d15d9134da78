//! Usage rollups (per user, per NAS, per user per NAS, per NAS per plan, per hour), fed by
//! session counter deltas in the same transaction as the session rows, and read by the CLI,
//! the quota checks and the reports.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::sqlite_writer::sql_once;
use super::writer_cache::WriterCache;
use super::{AcctRecord, Store, StoreError};

/// Which rollup row a delta goes to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum RollupKey {
    User {
        username: String,
        day: String,
    },
    Nas {
        nas_id: i64,
        day: String,
    },
    UserNas {
        day: String,
        nas_id: i64,
        username: String,
    },
    NasPlan {
        day: String,
        nas_id: i64,
        plan: String,
    },
    HourNasPlan {
        day: String,
        hour: i64,
        nas_id: i64,
        plan: String,
    },
}

/// Amounts added to one rollup row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Rollup {
    pub input_octets: i64,
    pub output_octets: i64,
    pub session_seconds: i64,
    pub sessions: i64,
}

impl Rollup {
    pub(crate) fn is_zero(&self) -> bool {
        *self == Rollup::default()
    }

    pub(crate) fn add(&mut self, d: &Rollup) {
        self.input_octets = self.input_octets.saturating_add(d.input_octets);
        self.output_octets = self.output_octets.saturating_add(d.output_octets);
        self.session_seconds = self.session_seconds.saturating_add(d.session_seconds);
        self.sessions = self.sessions.saturating_add(d.sessions);
    }
}

/// A registered user as the rollups record them.
#[derive(Debug, Clone)]
pub(crate) struct RollupUser {
    pub id: i64,
    pub plan: String,
}

/// One column value of a rollup row's identity.
#[derive(Debug, Clone)]
enum Val<'a> {
    Int(Option<i64>),
    Text(&'a str),
}

/// A rollup table: the columns written on insert (the key and any insert-only columns) and
/// the conflict target. The four summed columns follow.
struct SumTable {
    table: &'static str,
    columns: &'static [&'static str],
    conflict: &'static str,
}

const USER_DAY: SumTable = SumTable {
    table: "usage_daily_user",
    columns: &["username", "day", "user_id"],
    conflict: "username, day",
};
const NAS_DAY: SumTable = SumTable {
    table: "usage_daily_nas",
    columns: &["nas_id", "day"],
    conflict: "nas_id, day",
};
const USER_NAS_DAY: SumTable = SumTable {
    table: "usage_daily_user_nas",
    columns: &["day", "nas_id", "username", "user_id", "plan"],
    conflict: "day, nas_id, username",
};
const NAS_PLAN_DAY: SumTable = SumTable {
    table: "usage_daily_nas_plan",
    columns: &["day", "nas_id", "plan"],
    conflict: "day, nas_id, plan",
};
const NAS_PLAN_HOUR: SumTable = SumTable {
    table: "usage_hourly_nas_plan",
    columns: &["day", "hour", "nas_id", "plan"],
    conflict: "day, hour, nas_id, plan",
};

/// Rollup values bound per statement; small because sqlx's SQLite binding is quadratic in
/// parameters per statement (see `sessions::LOAD_CHUNK`).
const ROLLUP_PARAMS: usize = 200;

/// The rollup rows of a batch, per table (in `SUM_TABLES` order), each sorted by key: a
/// fixed order keeps lock order stable between concurrent writers (PostgreSQL).
fn rollup_rows<'a>(
    rollups: &'a HashMap<RollupKey, Rollup>,
    users: &'a HashMap<String, RollupUser>,
) -> [Vec<(Vec<Val<'a>>, &'a Rollup)>; 5] {
    let mut rows: [Vec<(Vec<Val<'a>>, &'a Rollup)>; 5] = Default::default();
    let id_of = |u: &str| Val::Int(users.get(u).map(|u| u.id));
    for (key, d) in rollups {
        let (i, vals) = match key {
            RollupKey::User { username, day } => (
                0,
                vec![Val::Text(username), Val::Text(day), id_of(username)],
            ),
            RollupKey::Nas { nas_id, day } => (1, vec![Val::Int(Some(*nas_id)), Val::Text(day)]),
            RollupKey::UserNas {
                day,
                nas_id,
                username,
            } => (
                2,
                vec![
                    Val::Text(day),
                    Val::Int(Some(*nas_id)),
                    Val::Text(username),
                    id_of(username),
                    Val::Text(users.get(username).map_or("", |u| u.plan.as_str())),
                ],
            ),
            RollupKey::NasPlan { day, nas_id, plan } => (
                3,
                vec![Val::Text(day), Val::Int(Some(*nas_id)), Val::Text(plan)],
            ),
            RollupKey::HourNasPlan {
                day,
                hour,
                nas_id,
                plan,
            } => (
                4,
                vec![
                    Val::Text(day),
                    Val::Int(Some(*hour)),
                    Val::Int(Some(*nas_id)),
                    Val::Text(plan),
                ],
            ),
        };
        rows[i].push((vals, d));
    }
    for rows in rows.iter_mut() {
        rows.sort_by(|a, b| key_order(&a.0, &b.0));
    }
    rows
}

/// The rollup tables, in the order of `rollup_rows`.
const SUM_TABLES: [SumTable; 5] = [USER_DAY, NAS_DAY, USER_NAS_DAY, NAS_PLAN_DAY, NAS_PLAN_HOUR];

/// Adds a batch's summed deltas with multi-row upserts: one statement per chunk of rows
/// touched, not one per row. `users` gives the id and plan of registered usernames.
pub(crate) async fn flush_rollups(
    conn: &mut AnyConnection,
    rollups: &HashMap<RollupKey, Rollup>,
    users: &HashMap<String, RollupUser>,
) -> Result<(), StoreError> {
    let rows = rollup_rows(rollups, users);
    for (table, rows) in SUM_TABLES.iter().zip(rows.iter()) {
        upsert_sums(conn, table, rows).await?;
    }
    Ok(())
}

fn key_order(a: &[Val], b: &[Val]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = match (x, y) {
            (Val::Int(x), Val::Int(y)) => x.cmp(y),
            (Val::Text(x), Val::Text(y)) => x.cmp(y),
            _ => std::cmp::Ordering::Equal,
        };
        if o.is_ne() {
            return o;
        }
    }
    std::cmp::Ordering::Equal
}

/// The upsert adding to `n` rows of table `t`: each binds its key columns, then the four
/// sums.
fn sum_upsert_sql(t: &SumTable, n: usize) -> String {
    let width = t.columns.len() + 4;
    let values: Vec<String> = (0..n)
        .map(|i| {
            let params: Vec<String> = (1..=width).map(|j| format!("${}", width * i + j)).collect();
            format!("({})", params.join(", "))
        })
        .collect();
    let sums = [
        "input_octets",
        "output_octets",
        "session_seconds",
        "sessions",
    ];
    format!(
        "INSERT INTO {table} ({cols}, {sum_cols}) VALUES {values} \
         ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
        table = t.table,
        cols = t.columns.join(", "),
        sum_cols = sums.join(", "),
        values = values.join(", "),
        conflict = t.conflict,
        updates = sums
            .iter()
            .map(|c| format!("{c} = {}.{c} + excluded.{c}", t.table))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

async fn upsert_sums(
    conn: &mut AnyConnection,
    t: &SumTable,
    rows: &[(Vec<Val<'_>>, &Rollup)],
) -> Result<(), StoreError> {
    let width = t.columns.len() + 4;
    let per_statement = (ROLLUP_PARAMS / width).max(1);
    for chunk in rows.chunks(per_statement) {
        let sql = sum_upsert_sql(t, chunk.len());
        let mut q = sqlx::query(&sql);
        for (vals, d) in chunk {
            for v in vals {
                q = match v {
                    Val::Int(i) => q.bind(*i),
                    Val::Text(s) => q.bind(*s),
                };
            }
            q = q
                .bind(d.input_octets)
                .bind(d.output_octets)
                .bind(d.session_seconds)
                .bind(d.sessions);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// One day of usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageDay {
    /// `YYYY-MM-DD` in the configured time zone.
    pub day: String,
    /// From the user (upload).
    pub input_octets: i64,
    /// To the user (download).
    pub output_octets: i64,
    pub session_seconds: i64,
    /// Sessions first seen that day.
    pub sessions: i64,
}

impl UsageDay {
    pub(crate) fn from_row(row: &AnyRow) -> Result<UsageDay, sqlx::Error> {
        Ok(UsageDay {
            day: row.try_get("day")?,
            input_octets: row.try_get("input_octets")?,
            output_octets: row.try_get("output_octets")?,
            session_seconds: row.try_get("session_seconds")?,
            sessions: row.try_get("sessions")?,
        })
    }
}

const USAGE_COLUMNS: &str = "day, input_octets, output_octets, session_seconds, sessions";

impl Store {
    /// A user's usage per day from `from` to `to` inclusive (`YYYY-MM-DD`), oldest first.
    pub async fn user_usage(
        &self,
        username: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<UsageDay>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {USAGE_COLUMNS} FROM usage_daily_user \
             WHERE username = $1 AND day >= $2 AND day <= $3 ORDER BY day"
        ))
        .bind(username)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(UsageDay::from_row)
            .collect::<Result<_, _>>()?)
    }

    /// A NAS's usage per day from `from` to `to` inclusive, oldest first.
    pub async fn nas_usage(
        &self,
        nas_id: i64,
        from: &str,
        to: &str,
    ) -> Result<Vec<UsageDay>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {USAGE_COLUMNS} FROM usage_daily_nas \
             WHERE nas_id = $1 AND day >= $2 AND day <= $3 ORDER BY day"
        ))
        .bind(nas_id)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(UsageDay::from_row)
            .collect::<Result<_, _>>()?)
    }
}

/// Usernames looked up per statement (see `sessions::LOAD_CHUNK`).
const USER_CHUNK: usize = 64;

/// The distinct registered-user candidates of a batch (non-empty usernames), sorted.
fn batch_usernames(records: &[AcctRecord]) -> Vec<&str> {
    let mut names: Vec<&str> = records
        .iter()
        .filter(|r| !r.username.is_empty())
        .map(|r| r.username.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The lookup of `n` usernames' id and plan.
fn users_sql(n: usize) -> String {
    let params: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!(
        "SELECT id, username, plan FROM users WHERE username IN ({})",
        params.join(", ")
    )
}

/// The id and plan of every registered username in the batch.
pub(crate) async fn rollup_users(
    conn: &mut AnyConnection,
    records: &[AcctRecord],
) -> Result<HashMap<String, RollupUser>, StoreError> {
    let names = batch_usernames(records);
    let mut out = HashMap::with_capacity(names.len());
    for chunk in names.chunks(USER_CHUNK) {
        let sql = users_sql(chunk.len());
        let mut q = sqlx::query(&sql);
        for name in chunk {
            q = q.bind(*name);
        }
        for row in q.fetch_all(&mut *conn).await? {
            out.insert(
                row.try_get("username")?,
                RollupUser {
                    id: row.try_get("id")?,
                    plan: row.try_get("plan")?,
                },
            );
        }
    }
    Ok(out)
}

/// The NAS where a session opened, per (day, hour).
fn peak_groups<'a>(opened: &[(&'a str, i64, i64)]) -> BTreeMap<(&'a str, i64), BTreeSet<i64>> {
    let mut groups: BTreeMap<(&str, i64), BTreeSet<i64>> = BTreeMap::new();
    for (day, hour, nas) in opened {
        groups.entry((*day, *hour)).or_default().insert(*nas);
    }
    groups
}

/// Keeps the higher of the stored and the new peak.
fn higher(t: &str) -> String {
    format!(
        "peak_sessions = CASE WHEN excluded.peak_sessions > {t}.peak_sessions \
         THEN excluded.peak_sessions ELSE {t}.peak_sessions END"
    )
}

/// After a batch's sessions are written: for each NAS where a session opened, the number
/// of open sessions now, kept if it beats that hour's and that day's peak.
pub(crate) async fn record_peaks(
    conn: &mut AnyConnection,
    opened: &[(&str, i64, i64)],
) -> Result<(), StoreError> {
    for ((day, hour), nas) in peak_groups(opened) {
        let ids: Vec<String> = nas.iter().map(i64::to_string).collect();
        // NAS ids are integers from our own rows, so they are inlined, not bound.
        let open_now = format!(
            "FROM sessions WHERE state = '{}' AND nas_id IN ({}) GROUP BY nas_id",
            super::sessions::state::OPEN,
            ids.join(", ")
        );
        sqlx::query(&format!(
            "INSERT INTO concurrency_hourly_nas (day, hour, nas_id, peak_sessions) \
             SELECT CAST($1 AS TEXT), CAST($2 AS BIGINT), nas_id, COUNT(*) {open_now} \
             ON CONFLICT (day, hour, nas_id) DO UPDATE SET {}",
            higher("concurrency_hourly_nas")
        ))
        .bind(day)
        .bind(hour)
        .execute(&mut *conn)
        .await?;
        sqlx::query(&format!(
            "INSERT INTO usage_daily_nas (nas_id, day, peak_sessions) \
             SELECT nas_id, CAST($1 AS TEXT), COUNT(*) {open_now} \
             ON CONFLICT (nas_id, day) DO UPDATE SET {}",
            higher("usage_daily_nas")
        ))
        .bind(day)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The periods (days and months) a batch's records fall in.
fn batch_periods(records: &[AcctRecord]) -> BTreeSet<&str> {
    let mut periods: BTreeSet<&str> = BTreeSet::new();
    for r in records.iter().filter(|r| !r.day.is_empty()) {
        periods.insert(&r.day);
        periods.insert(r.day.get(..7).unwrap_or(&r.day));
    }
    periods
}

/// Drops the built markers of `n` periods.
fn invalidate_sql(n: usize) -> String {
    let params: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!(
        "DELETE FROM usage_distinct_done WHERE period IN ({})",
        params.join(", ")
    )
}

/// A record for a day (or month) whose distinct-user sets were already built makes them
/// stale: drop the markers so they are built again.
pub(crate) async fn invalidate_distinct(
    conn: &mut AnyConnection,
    records: &[AcctRecord],
) -> Result<(), StoreError> {
    let periods = batch_periods(records);
    if periods.is_empty() {
        return Ok(());
    }
    let sql = invalidate_sql(periods.len());
    let mut q = sqlx::query(&sql);
    for p in periods {
        q = q.bind(p);
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

// The SQLite accounting thread's versions (see `sessions::apply_accounting_direct`): the
// same statements, one row each, prepared once per connection.

impl rusqlite::ToSql for Val<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Val::Int(i) => i.to_sql(),
            Val::Text(s) => s.to_sql(),
        }
    }
}

/// As `rollup_users`, remembering each name's account in the writer's cache.
pub(crate) fn rollup_users_direct(
    conn: &rusqlite::Connection,
    records: &[AcctRecord],
    cache: &mut WriterCache,
) -> Result<HashMap<String, RollupUser>, StoreError> {
    let names = batch_usernames(records);
    let mut out = HashMap::with_capacity(names.len());
    static SQL: OnceLock<String> = OnceLock::new();
    let mut q = conn.prepare_cached(sql_once(&SQL, || users_sql(1)))?;
    for name in names {
        let user = match cache.users.get(name) {
            Some(user) => user.clone(),
            None => {
                let mut found = q.query([name])?;
                // Columns of `users_sql`: id, username, plan.
                let user = match found.next()? {
                    Some(row) => Some(RollupUser {
                        id: row.get(0)?,
                        plan: row.get(2)?,
                    }),
                    None => None,
                };
                cache.keep_user(name, user.clone());
                user
            }
        };
        if let Some(user) = user {
            out.insert(name.to_string(), user);
        }
    }
    Ok(out)
}

/// As `flush_rollups`.
pub(crate) fn flush_rollups_direct(
    conn: &rusqlite::Connection,
    rollups: &HashMap<RollupKey, Rollup>,
    users: &HashMap<String, RollupUser>,
) -> Result<(), StoreError> {
    static SQL: [OnceLock<String>; 5] = [const { OnceLock::new() }; 5];
    let rows = rollup_rows(rollups, users);
    for ((table, rows), sql) in SUM_TABLES.iter().zip(rows.iter()).zip(SQL.iter()) {
        if rows.is_empty() {
            continue;
        }
        let mut q = conn.prepare_cached(sql_once(sql, || sum_upsert_sql(table, 1)))?;
        for (vals, d) in rows {
            let sums = [
                d.input_octets,
                d.output_octets,
                d.session_seconds,
                d.sessions,
            ];
            let params = vals
                .iter()
                .map(|v| v as &dyn rusqlite::ToSql)
                .chain(sums.iter().map(|v| v as &dyn rusqlite::ToSql));
            q.execute(rusqlite::params_from_iter(params))?;
        }
    }
    Ok(())
}

/// As `record_peaks`. The open sessions of each NAS are counted once (the count is of the
/// state after the whole batch, so it is the same for every hour the batch touched) and a
/// NAS with none open gets no row, as the grouped count of `record_peaks` gives none.
pub(crate) fn record_peaks_direct(
    conn: &rusqlite::Connection,
    opened: &[(&str, i64, i64)],
    open_now: &mut HashMap<i64, i64>,
) -> Result<(), StoreError> {
    if opened.is_empty() {
        return Ok(());
    }
    static COUNT: OnceLock<String> = OnceLock::new();
    static HOURLY: OnceLock<String> = OnceLock::new();
    static DAILY: OnceLock<String> = OnceLock::new();
    let mut count = conn.prepare_cached(sql_once(&COUNT, || {
        format!(
            "SELECT COUNT(*) FROM sessions WHERE state = '{}' AND nas_id = $1",
            super::sessions::state::OPEN
        )
    }))?;
    let mut hourly = conn.prepare_cached(sql_once(&HOURLY, || {
        format!(
            "INSERT INTO concurrency_hourly_nas (day, hour, nas_id, peak_sessions) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (day, hour, nas_id) DO UPDATE SET {}",
            higher("concurrency_hourly_nas")
        )
    }))?;
    let mut daily = conn.prepare_cached(sql_once(&DAILY, || {
        format!(
            "INSERT INTO usage_daily_nas (nas_id, day, peak_sessions) VALUES ($1, $2, $3) \
             ON CONFLICT (nas_id, day) DO UPDATE SET {}",
            higher("usage_daily_nas")
        )
    }))?;
    for ((day, hour), nas) in peak_groups(opened) {
        for nas_id in nas {
            let n = match open_now.get(&nas_id) {
                Some(n) => *n,
                None => {
                    let n: i64 = count.query_row([nas_id], |row| row.get(0))?;
                    open_now.insert(nas_id, n);
                    n
                }
            };
            if n == 0 {
                continue;
            }
            hourly.execute(rusqlite::params![day, hour, nas_id, n])?;
            daily.execute(rusqlite::params![nas_id, day, n])?;
        }
    }
    Ok(())
}

/// As `invalidate_distinct`, skipping periods whose marker this thread already deleted.
pub(crate) fn invalidate_distinct_direct(
    conn: &rusqlite::Connection,
    records: &[AcctRecord],
    cache: &mut WriterCache,
) -> Result<(), StoreError> {
    static SQL: OnceLock<String> = OnceLock::new();
    for p in batch_periods(records) {
        if cache.unmarked_periods.contains(p) {
            continue;
        }
        conn.prepare_cached(sql_once(&SQL, || invalidate_sql(1)))?
            .execute([p])?;
        cache.unmarked_periods.insert(p.to_string());
    }
    Ok(())
}
