//! Retention purges in short slices: each slice deletes at most a bounded number of rows in
//! one short write, found by walking an index from where the previous slice stopped (so the
//! cost of a slice never grows with the table or with what was already purged), then yields;
//! and on SQLite the freed pages are given back to the file system the same way.

use std::time::{Duration, Instant};

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Backend, Store, StoreError};

/// How a purge is cut into slices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slicing {
    /// Rows deleted per slice at most (also the first slice's size).
    pub max_rows: u32,
    /// A slice that takes longer than this halves the next one's rows (and one that takes
    /// less than half of it doubles them, up to `max_rows`): the write lock a slice holds
    /// stays near this whatever the rows cost on this machine.
    pub target: Duration,
    /// Pause after each slice, so that the accounting writer gets the lock in between.
    pub pause: Duration,
}

impl Default for Slicing {
    fn default() -> Self {
        Slicing {
            max_rows: 1_000,
            target: Duration::from_millis(2),
            pause: Duration::from_millis(10),
        }
    }
}

/// The smallest slice: below this the statement overhead would dominate.
const MIN_ROWS: u32 = 16;
/// Pages given back per `PRAGMA incremental_vacuum` slice at most.
const MAX_VACUUM_PAGES: u32 = 2_048;

/// What the slices of one purge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SliceStats {
    /// Write transactions (slices) run.
    pub slices: u64,
    /// Rows deleted by the largest slice.
    pub largest: u64,
    /// The longest slice's write, in microseconds.
    pub longest_us: u64,
}

impl SliceStats {
    fn add(&mut self, rows: u64, took: Duration) {
        self.slices += 1;
        self.largest = self.largest.max(rows);
        self.longest_us = self
            .longest_us
            .max(u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
    }
}

/// A column value of a slice boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Key {
    Int(i64),
    Text(String),
}

impl Key {
    fn bind<'q>(
        &self,
        q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        match self {
            Key::Int(v) => q.bind(*v),
            Key::Text(v) => q.bind(v.clone()),
        }
    }
}

/// Whether a key column holds integers or text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    Int,
    Text,
}

/// Expired rows of one table: `filter` (with `$1`.. bound to `binds`) selects them, and
/// `keys` is a unique column list in the order of an index whose leading part the filter
/// fixes or bounds, so a slice is a range of that index.
#[derive(Debug)]
pub(super) struct Expired<'a> {
    pub table: &'a str,
    pub filter: &'a str,
    pub binds: Vec<Key>,
    pub keys: &'a [(&'a str, Kind)],
}

impl Expired<'_> {
    /// `AND` conditions: strictly after `lower` from placeholder `$first`; the redundant
    /// bound on the first column lets both backends use it as the index range.
    fn range(&self, first: usize, op_first: &str, op_row: &str) -> String {
        let cols: Vec<&str> = self.keys.iter().map(|(c, _)| *c).collect();
        let marks: Vec<String> = (first..first + cols.len())
            .map(|i| format!("${i}"))
            .collect();
        if cols.len() == 1 {
            return format!(" AND {} {op_row} {}", cols[0], marks[0]);
        }
        format!(
            " AND {} {op_first} {} AND ({}) {op_row} ({})",
            cols[0],
            marks[0],
            cols.join(", "),
            marks.join(", ")
        )
    }

    /// Closed or stale (`state`) sessions last seen before `before`, on
    /// `sessions_state_seen (state, seen_at)` (and the row id SQLite keeps in every index).
    pub fn sessions(state: &str, before: i64) -> Expired<'static> {
        Expired {
            table: "sessions",
            filter: "state = $1 AND seen_at < $2",
            binds: vec![Key::Text(state.into()), Key::Int(before)],
            keys: &[("seen_at", Kind::Int), ("id", Kind::Int)],
        }
    }

    /// Authentication log rows before `before`, on `auth_log_at (at)`.
    pub fn auth_log(before: i64) -> Expired<'static> {
        Expired {
            table: "auth_log",
            filter: "at < $1",
            binds: vec![Key::Int(before)],
            keys: &[("at", Kind::Int), ("id", Kind::Int)],
        }
    }

    /// Per-person daily rows before `day`, on the key (day, username) (migration 0025).
    pub fn user_days(day: &str) -> Expired<'static> {
        Expired {
            table: "usage_daily_user",
            filter: "day < $1",
            binds: vec![Key::Text(day.into())],
            keys: &[("day", Kind::Text), ("username", Kind::Text)],
        }
    }

    /// Per-person monthly rows before `month` (`YYYY-MM`), on the key (month, username)
    /// (migration 0027).
    pub fn user_months(month: &str) -> Expired<'static> {
        Expired {
            table: "usage_monthly_user",
            filter: "month < $1",
            binds: vec![Key::Text(month.into())],
            keys: &[("month", Kind::Text), ("username", Kind::Text)],
        }
    }

    /// Per-person per-NAS daily rows before `day`, on the primary key.
    pub fn user_nas_days(day: &str) -> Expired<'static> {
        Expired {
            table: "usage_daily_user_nas",
            filter: "day < $1",
            binds: vec![Key::Text(day.into())],
            keys: &[
                ("day", Kind::Text),
                ("nas_id", Kind::Int),
                ("username", Kind::Text),
            ],
        }
    }

    /// The query for the last key of a slice of `rows` rows (after `lower` if `has_lower`).
    fn boundary_sql(&self, has_lower: bool, rows: u32) -> String {
        let after = if has_lower {
            self.range(self.binds.len() + 1, ">=", ">")
        } else {
            String::new()
        };
        format!(
            "SELECT {order} FROM {t} WHERE {filter}{after} ORDER BY {order} \
             LIMIT 1 OFFSET {skip}",
            order = self.order(),
            t = self.table,
            filter = self.filter,
            skip = rows.saturating_sub(1),
        )
    }

    /// The slice's delete: after `lower` if `has_lower`, up to `upper` if `has_upper`.
    fn delete_sql(&self, has_lower: bool, has_upper: bool) -> String {
        let f = self.binds.len();
        let after = if has_lower {
            self.range(f + 1, ">=", ">")
        } else {
            String::new()
        };
        let lower_len = if has_lower { self.keys.len() } else { 0 };
        let before = if has_upper {
            self.range(f + lower_len + 1, "<=", "<=")
        } else {
            String::new()
        };
        format!(
            "DELETE FROM {} WHERE {}{after}{before}",
            self.table, self.filter
        )
    }

    fn order(&self) -> String {
        let cols: Vec<&str> = self.keys.iter().map(|(c, _)| *c).collect();
        cols.join(", ")
    }

    fn read_key(&self, row: &AnyRow) -> Result<Vec<Key>, StoreError> {
        self.keys
            .iter()
            .enumerate()
            .map(|(i, (_, kind))| {
                Ok(match kind {
                    Kind::Int => Key::Int(row.try_get(i)?),
                    Kind::Text => Key::Text(row.try_get(i)?),
                })
            })
            .collect()
    }
}

/// The next slice's rows after one that took `took` with `rows`.
fn adapt(rows: u32, took: Duration, s: &Slicing) -> u32 {
    let max = s.max_rows.max(MIN_ROWS);
    if took > s.target {
        (rows / 2).max(MIN_ROWS)
    } else if took < s.target / 2 {
        rows.saturating_mul(2).min(max)
    } else {
        rows
    }
}

impl Store {
    /// Deletes every row of `e` in slices; returns the rows deleted.
    pub(super) async fn delete_sliced(
        &self,
        e: &Expired<'_>,
        s: &Slicing,
        stats: &mut SliceStats,
    ) -> Result<u64, StoreError> {
        let mut lower: Option<Vec<Key>> = None;
        let mut rows = s.max_rows.max(MIN_ROWS);
        let mut total = 0;
        loop {
            let select = e.boundary_sql(lower.is_some(), rows);
            let mut q = sqlx::query(&select);
            for k in e.binds.iter().chain(lower.iter().flatten()) {
                q = k.bind(q);
            }
            // The last key of this slice; none when fewer rows are left (this is the last).
            let upper = match q.fetch_optional(&self.pool).await? {
                Some(row) => Some(e.read_key(&row)?),
                None => None,
            };
            let delete = e.delete_sql(lower.is_some(), upper.is_some());
            let mut q = sqlx::query(&delete);
            for k in e
                .binds
                .iter()
                .chain(lower.iter().flatten())
                .chain(upper.iter().flatten())
            {
                q = k.bind(q);
            }
            let started = Instant::now();
            let n = q.execute(&self.pool).await?.rows_affected();
            let took = started.elapsed();
            stats.add(n, took);
            total += n;
            if upper.is_none() {
                return Ok(total);
            }
            lower = upper;
            rows = adapt(rows, took, s);
            tokio::time::sleep(s.pause).await;
        }
    }

    /// SQLite: gives the file's free pages back to the file system in slices (incremental
    /// vacuum), returning the pages freed; nothing on PostgreSQL (autovacuum reuses the
    /// space) or on a SQLite file without `auto_vacuum = INCREMENTAL` (see
    /// [`Store::vacuum_into_incremental`]).
    pub async fn reclaim_free_pages(
        &self,
        s: &Slicing,
        stats: &mut SliceStats,
    ) -> Result<u64, StoreError> {
        if self.backend != Backend::Sqlite || self.auto_vacuum().await? != 2 {
            return Ok(0);
        }
        let mut pages = MAX_VACUUM_PAGES.min(s.max_rows.max(MIN_ROWS));
        let mut total = 0;
        loop {
            let free = self.pragma_i64("freelist_count").await?;
            if free <= 0 {
                return Ok(total);
            }
            let n = pages.min(u32::try_from(free).unwrap_or(u32::MAX));
            let started = Instant::now();
            // One result row per page moved: the statement must be stepped to the end.
            sqlx::query(&format!("PRAGMA incremental_vacuum({n})"))
                .fetch_all(&self.pool)
                .await?;
            let took = started.elapsed();
            let left = self.pragma_i64("freelist_count").await?;
            let freed = u64::try_from(free - left).unwrap_or(0);
            stats.add(freed, took);
            total += freed;
            if freed == 0 {
                // Another connection holds pages we cannot move now; the next purge retries.
                return Ok(total);
            }
            pages = adapt(pages, took, s).min(MAX_VACUUM_PAGES);
            tokio::time::sleep(s.pause).await;
        }
    }

    /// SQLite: turns a file made before `auto_vacuum = INCREMENTAL` was set at creation
    /// into one that can give pages back, by rewriting it (`VACUUM`: needs free disk space
    /// for a copy of the file and holds the write lock until done, so run it in a quiet
    /// hour). Returns whether it did anything; nothing on PostgreSQL or when already set.
    pub async fn vacuum_into_incremental(&self) -> Result<bool, StoreError> {
        if self.backend != Backend::Sqlite || self.auto_vacuum().await? == 2 {
            return Ok(false);
        }
        // The mode is a per-connection request that only VACUUM applies: same connection.
        let mut conn = self.pool.acquire().await?;
        sqlx::raw_sql("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;")
            .execute(&mut *conn)
            .await?;
        Ok(true)
    }

    /// SQLite's `auto_vacuum` mode: 0 none, 1 full, 2 incremental (an error on PostgreSQL).
    pub async fn auto_vacuum(&self) -> Result<i64, StoreError> {
        // A connection answers this pragma from what it read of the file header at its
        // last transaction: read something first, or a `retention vacuum` run by another
        // process stays unseen.
        let mut conn = self.pool.acquire().await?;
        sqlx::query("SELECT COUNT(*) FROM sqlite_master")
            .fetch_one(&mut *conn)
            .await?;
        let row = sqlx::query("PRAGMA auto_vacuum")
            .fetch_one(&mut *conn)
            .await?;
        Ok(row.try_get(0)?)
    }

    async fn pragma_i64(&self, name: &str) -> Result<i64, StoreError> {
        let row = sqlx::query(&format!("PRAGMA {name}"))
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get(0)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_shrink_when_slow_and_grow_back_when_fast() {
        let s = Slicing::default();
        let slow = s.target * 3;
        let fast = s.target / 4;
        assert_eq!(adapt(1_000, slow, &s), 500);
        assert_eq!(adapt(20, slow, &s), MIN_ROWS);
        assert_eq!(adapt(500, fast, &s), 1_000);
        assert_eq!(adapt(1_000, fast, &s), 1_000);
        assert_eq!(adapt(700, s.target * 3 / 4, &s), 700);
    }

    /// Every statement of every kind of slice, on SQLite, is a search of an index range:
    /// no table or index scan, no sort, whatever the table's size.
    #[test]
    fn every_slice_statement_searches_an_index_range() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("p.db").display());
            let store = Store::connect(&url).await.unwrap();
            store.migrate().await.unwrap();
            for e in [
                Expired::sessions("closed", 1),
                Expired::auth_log(1),
                Expired::user_days("2026-01-01"),
                Expired::user_nas_days("2026-01-01"),
                Expired::user_months("2026-01"),
            ] {
                let key: Vec<Key> = e
                    .keys
                    .iter()
                    .map(|(_, k)| match k {
                        Kind::Int => Key::Int(0),
                        Kind::Text => Key::Text("x".into()),
                    })
                    .collect();
                for (lower, upper) in [(false, false), (true, false), (false, true), (true, true)] {
                    let binds = |n: bool| if n { key.clone() } else { Vec::new() };
                    for (sql, extra) in [
                        (e.boundary_sql(lower, 500), binds(lower)),
                        (
                            e.delete_sql(lower, upper),
                            [binds(lower), binds(upper)].concat(),
                        ),
                    ] {
                        let explain = format!("EXPLAIN QUERY PLAN {sql}");
                        let mut q = sqlx::query(&explain);
                        for k in e.binds.iter().chain(extra.iter()) {
                            q = k.bind(q);
                        }
                        let plan: Vec<String> = q
                            .fetch_all(store.pool())
                            .await
                            .unwrap()
                            .iter()
                            .map(|r| r.try_get::<String, _>("detail").unwrap())
                            .collect();
                        assert!(
                            !plan.is_empty() && plan.iter().all(|l| l.starts_with("SEARCH")),
                            "{sql}: {plan:?}"
                        );
                    }
                }
            }
            store.close().await;
        });
    }

    #[test]
    fn ranges_bound_the_first_column_for_the_index() {
        let e = Expired {
            table: "t",
            filter: "day < $1",
            binds: vec![Key::Text("2026-01-01".into())],
            keys: &[("day", Kind::Text), ("nas_id", Kind::Int)],
        };
        assert_eq!(
            e.range(2, ">=", ">"),
            " AND day >= $2 AND (day, nas_id) > ($2, $3)"
        );
        let one = Expired {
            keys: &[("id", Kind::Int)],
            ..e
        };
        assert_eq!(one.range(4, "<=", "<="), " AND id <= $4");
    }
}
