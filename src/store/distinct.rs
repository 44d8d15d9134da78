//! Distinct users per NAS and plan: the one report figure that sums cannot give. Closed
//! days and months are kept as roaring bitmaps of user ids (`usage_distinct`), so a year of
//! unique users per RW is a union of a few thousand small sets; days not built yet (today,
//! or a day a late record reopened) are read live from `usage_daily_user_nas`.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, Days, Months, NaiveDate};
use roaring::RoaringBitmap;
use sqlx::Row;

use super::{Store, StoreError};

/// Periods or days bound per statement.
const CHUNK: usize = 64;
/// Sets inserted per statement (4 parameters each).
const INSERT_CHUNK: usize = 48;

/// The distinct users of one NAS and plan over some period.
#[derive(Debug, Clone, PartialEq)]
pub struct UserSet {
    pub nas_id: i64,
    /// '' for usernames that are not registered users (they have no id and are not counted).
    pub plan: String,
    pub members: RoaringBitmap,
}

/// `YYYY-MM-DD`.
pub fn day_string(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn month_string(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d)
        .checked_add_months(Months::new(1))
        .and_then(|n| n.checked_sub_days(Days::new(1)))
        .unwrap_or(d)
}

/// A user id as a bitmap member; ids beyond u32 (never in practice) are not counted.
fn member(id: i64) -> Option<u32> {
    u32::try_from(id).ok()
}

/// `$1, $2, ..., $n` for an IN list.
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

type SetMap = HashMap<(i64, String), RoaringBitmap>;

fn into_sets(map: SetMap) -> Vec<UserSet> {
    let mut sets: Vec<UserSet> = map
        .into_iter()
        .map(|((nas_id, plan), members)| UserSet {
            nas_id,
            plan,
            members,
        })
        .collect();
    sets.sort_by(|a, b| (a.nas_id, &a.plan).cmp(&(b.nas_id, &b.plan)));
    sets
}

impl Store {
    /// Distinct user ids per NAS and plan over `from..=to`, from built sets where a whole
    /// month or day is built and from the daily rows elsewhere.
    pub async fn distinct_users(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UserSet>, StoreError> {
        let done = self.built_periods(from, to).await?;
        let mut built: Vec<String> = Vec::new();
        let mut live: Vec<String> = Vec::new();
        let mut month = first_of_month(from);
        while month <= to {
            let (start, end) = (month, last_of_month(month));
            let m = month_string(month);
            if start >= from && end <= to && done.contains(&m) {
                built.push(m);
            } else {
                let mut d = start.max(from);
                while d <= end.min(to) {
                    let day = day_string(d);
                    if done.contains(&day) {
                        built.push(day);
                    } else {
                        live.push(day);
                    }
                    d = d + Days::new(1);
                }
            }
            month = match month.checked_add_months(Months::new(1)) {
                Some(m) => m,
                None => break,
            };
        }
        let mut map: SetMap = HashMap::new();
        for (_, nas_id, plan, set) in self.read_sets(&built).await? {
            *map.entry((nas_id, plan)).or_default() |= set;
        }
        for (_, nas_id, plan, id) in self.read_live(&live).await? {
            if let Some(m) = member(id) {
                map.entry((nas_id, plan)).or_default().insert(m);
            }
        }
        Ok(into_sets(map))
    }

    /// Distinct user ids per day, NAS and plan over `from..=to` (for per-day reports).
    pub async fn distinct_users_per_day(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, UserSet)>, StoreError> {
        let done = self.built_periods(from, to).await?;
        let (mut built, mut live) = (Vec::new(), Vec::new());
        let mut d = from;
        while d <= to {
            let day = day_string(d);
            if done.contains(&day) {
                built.push(day);
            } else {
                live.push(day);
            }
            d = d + Days::new(1);
        }
        let mut map: HashMap<(String, i64, String), RoaringBitmap> = HashMap::new();
        for (day, nas_id, plan, set) in self.read_sets(&built).await? {
            *map.entry((day, nas_id, plan)).or_default() |= set;
        }
        for (day, nas_id, plan, id) in self.read_live(&live).await? {
            if let Some(m) = member(id) {
                map.entry((day, nas_id, plan)).or_default().insert(m);
            }
        }
        let mut out: Vec<(String, UserSet)> = map
            .into_iter()
            .map(|((day, nas_id, plan), members)| {
                (
                    day,
                    UserSet {
                        nas_id,
                        plan,
                        members,
                    },
                )
            })
            .collect();
        out.sort_by(|a, b| (&a.0, a.1.nas_id, &a.1.plan).cmp(&(&b.0, b.1.nas_id, &b.1.plan)));
        Ok(out)
    }

    /// Builds the sets of every day before `before` and every month that ends before it
    /// that has usage and no complete sets yet; returns how many periods were built. The
    /// server runs this periodically; `report` and `demo seed` run it before they read.
    pub async fn build_distinct_sets(&self, before: NaiveDate) -> Result<usize, StoreError> {
        let cutoff = day_string(before);
        let days: Vec<String> = sqlx::query(
            "SELECT DISTINCT day FROM usage_daily_nas_plan WHERE day < $1 ORDER BY day",
        )
        .bind(&cutoff)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>("day"))
        .collect::<Result<_, _>>()?;
        let done: BTreeSet<String> = sqlx::query("SELECT period FROM usage_distinct_done")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>("period"))
            .collect::<Result<_, _>>()?;
        let mut months: BTreeSet<String> = BTreeSet::new();
        let mut built = 0;
        for day in &days {
            let Ok(date) = NaiveDate::parse_from_str(day, "%Y-%m-%d") else {
                continue;
            };
            if last_of_month(date) < before {
                months.insert(month_string(date));
            }
            if !done.contains(day) {
                self.build_period(day, day, day).await?;
                built += 1;
            }
        }
        for m in months {
            if !done.contains(&m) {
                self.build_period(&m, &format!("{m}-01"), &format!("{m}-31"))
                    .await?;
                built += 1;
            }
        }
        Ok(built)
    }

    /// Replaces the sets of one period (a day or a month) and marks it built, atomically.
    async fn build_period(&self, period: &str, first: &str, last: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        // A late record either lands before the read below (and is counted) or deletes the
        // marker after this commits (and the period is built again); never in between.
        // SQLite: writing first takes the file's write lock before the read. PostgreSQL:
        // the table lock waits for accounting transactions that already deleted markers,
        // and makes later ones wait at their DELETE until this commits, so they see the
        // new marker (reading at READ COMMITTED alone missed a record committed between
        // the read and the marker, which a test caught once).
        if self.backend == super::Backend::Postgres {
            sqlx::query("LOCK TABLE usage_distinct_done IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM usage_distinct WHERE period = $1")
            .bind(period)
            .execute(&mut *tx)
            .await?;
        let rows = sqlx::query(
            "SELECT nas_id, plan, user_id FROM usage_daily_user_nas \
             WHERE day >= $1 AND day <= $2 AND user_id IS NOT NULL",
        )
        .bind(first)
        .bind(last)
        .fetch_all(&mut *tx)
        .await?;
        let mut map: SetMap = HashMap::new();
        for row in &rows {
            let id: i64 = row.try_get("user_id")?;
            if let Some(m) = member(id) {
                map.entry((row.try_get("nas_id")?, row.try_get("plan")?))
                    .or_default()
                    .insert(m);
            }
        }
        let sets = into_sets(map);
        for chunk in sets.chunks(INSERT_CHUNK) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| {
                    format!(
                        "(${}, ${}, ${}, ${}, ${})",
                        5 * i + 1,
                        5 * i + 2,
                        5 * i + 3,
                        5 * i + 4,
                        5 * i + 5
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO usage_distinct (period, nas_id, plan, users, members) VALUES {}",
                values.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for set in chunk {
                let mut bytes = Vec::with_capacity(set.members.serialized_size());
                set.members
                    .serialize_into(&mut bytes)
                    .map_err(|e| StoreError::Invalid(format!("user set: {e}")))?;
                q = q
                    .bind(period)
                    .bind(set.nas_id)
                    .bind(set.plan.clone())
                    .bind(i64::try_from(set.members.len()).unwrap_or(i64::MAX))
                    .bind(bytes);
            }
            q.execute(&mut *tx).await?;
        }
        if period.len() == 7 {
            // A month: its sums too, so long reports read 12 rows per NAS, not 365.
            sqlx::query("DELETE FROM usage_monthly_nas_plan WHERE month = $1")
                .bind(period)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO usage_monthly_nas_plan (month, nas_id, plan, input_octets, \
                 output_octets, session_seconds, sessions) \
                 SELECT CAST($1 AS TEXT), nas_id, plan, CAST(SUM(input_octets) AS BIGINT), \
                 CAST(SUM(output_octets) AS BIGINT), CAST(SUM(session_seconds) AS BIGINT), \
                 CAST(SUM(sessions) AS BIGINT) FROM usage_daily_nas_plan \
                 WHERE day >= $2 AND day <= $3 GROUP BY nas_id, plan",
            )
            .bind(period)
            .bind(first)
            .bind(last)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO usage_distinct_done (period, built_at) VALUES ($1, $2) \
             ON CONFLICT (period) DO UPDATE SET built_at = excluded.built_at",
        )
        .bind(period)
        .bind(super::now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The whole months inside `from..=to` whose sets and monthly sums are built, and the
    /// remaining days as inclusive `(first, last)` runs.
    pub async fn built_months(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(Vec<String>, Vec<(String, String)>), StoreError> {
        let done = self.built_periods(from, to).await?;
        let (mut months, mut runs) = (Vec::new(), Vec::new());
        let mut run: Option<(NaiveDate, NaiveDate)> = None;
        let mut month = first_of_month(from);
        while month <= to {
            let (start, end) = (month, last_of_month(month));
            let m = month_string(month);
            if start >= from && end <= to && done.contains(&m) {
                months.push(m);
                if let Some((a, b)) = run.take() {
                    runs.push((day_string(a), day_string(b)));
                }
            } else {
                let (a, b) = (start.max(from), end.min(to));
                run = Some(match run {
                    Some((first, _)) => (first, b),
                    None => (a, b),
                });
            }
            month = match month.checked_add_months(Months::new(1)) {
                Some(m) => m,
                None => break,
            };
        }
        if let Some((a, b)) = run {
            runs.push((day_string(a), day_string(b)));
        }
        Ok((months, runs))
    }

    /// Markers of built periods that can matter for `from..=to`.
    async fn built_periods(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeSet<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT period FROM usage_distinct_done WHERE period >= $1 AND period <= $2",
        )
        .bind(month_string(from))
        .bind(day_string(to))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| r.try_get::<String, _>("period"))
            .collect::<Result<_, _>>()?)
    }

    async fn read_sets(
        &self,
        periods: &[String],
    ) -> Result<Vec<(String, i64, String, RoaringBitmap)>, StoreError> {
        let mut out = Vec::new();
        for chunk in periods.chunks(CHUNK) {
            let sql = format!(
                "SELECT period, nas_id, plan, members FROM usage_distinct WHERE period IN ({})",
                placeholders(chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for p in chunk {
                q = q.bind(p.as_str());
            }
            for row in q.fetch_all(&self.pool).await? {
                let bytes: Vec<u8> = row.try_get("members")?;
                let set = RoaringBitmap::deserialize_from(bytes.as_slice())
                    .map_err(|e| StoreError::Invalid(format!("stored user set: {e}")))?;
                out.push((
                    row.try_get("period")?,
                    row.try_get("nas_id")?,
                    row.try_get("plan")?,
                    set,
                ));
            }
        }
        Ok(out)
    }

    async fn read_live(
        &self,
        days: &[String],
    ) -> Result<Vec<(String, i64, String, i64)>, StoreError> {
        let mut out = Vec::new();
        for chunk in days.chunks(CHUNK) {
            let sql = format!(
                "SELECT day, nas_id, plan, user_id FROM usage_daily_user_nas \
                 WHERE day IN ({}) AND user_id IS NOT NULL",
                placeholders(chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for d in chunk {
                q = q.bind(d.as_str());
            }
            for row in q.fetch_all(&self.pool).await? {
                out.push((
                    row.try_get("day")?,
                    row.try_get("nas_id")?,
                    row.try_get("plan")?,
                    row.try_get("user_id")?,
                ));
            }
        }
        Ok(out)
    }
}
