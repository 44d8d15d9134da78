//! The reads behind `radkota report`: a handful of GROUP BY queries over the usage, peak,
//! authentication and NAS-health rollups, so a year of reports by RW reads a few thousand
//! aggregated rows and never a session or an auth-log row.

use chrono::NaiveDate;
use sqlx::Row;

use super::{Store, StoreError};

/// Which column the usage sums are grouped by (always together with the plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SumsBy {
    /// `key` is the NAS id (from `usage_daily_nas_plan`).
    Nas,
    /// `key` is the day `YYYY-MM-DD`.
    Day,
    /// `key` is the hour 0-23 (from `usage_hourly_nas_plan`).
    Hour,
    /// `key` is the username (from `usage_daily_user_nas`).
    User,
}

/// Usage sums of one group and plan over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumRow {
    /// NAS id, day, hour or username, as text (see [`SumsBy`]).
    pub key: String,
    /// The user's id (per user only; `None` for unregistered usernames).
    pub user_id: Option<i64>,
    /// '' for unregistered usernames.
    pub plan: String,
    pub input_octets: i64,
    pub output_octets: i64,
    pub session_seconds: i64,
    pub sessions: i64,
}

/// How peak concurrency is grouped: per NAS, per area level, per day, per hour, or overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeakBy {
    /// Key: the NAS id as text.
    Nas,
    /// Key: the NAS's RW code, '-' when it has none.
    Rw,
    /// Key: the RW's parent area code, '-' when unknown.
    Kelurahan,
    /// Key: the kelurahan's parent area code, '-' when unknown.
    Kecamatan,
    /// Key: the day; the sum of every NAS's daily peak that day.
    Day,
    /// Key: the hour 0-23; the highest over the days of the sum of hourly peaks.
    Hour,
    /// Key: ''; the highest daily sum over every NAS.
    All,
}

/// One NAS's latest contact (`nas_health`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NasHealthRow {
    pub nas_id: i64,
    pub last_acct_at: Option<i64>,
    pub last_login_at: Option<i64>,
    pub last_request_at: Option<i64>,
    pub clock_skew: Option<i64>,
    pub nas_identifier: Option<String>,
}

/// Authentication outcomes of one NAS on one day and over a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthCounts {
    pub nas_id: i64,
    pub accepts_today: i64,
    pub rejects_today: i64,
    pub bad_authenticators_today: i64,
    pub accepts: i64,
    pub rejects: i64,
    pub bad_authenticators: i64,
}

const SUMS: &str = "CAST(SUM(input_octets) AS BIGINT) AS input_octets, \
     CAST(SUM(output_octets) AS BIGINT) AS output_octets, \
     CAST(SUM(session_seconds) AS BIGINT) AS session_seconds, \
     CAST(SUM(sessions) AS BIGINT) AS sessions";

impl Store {
    /// Usage sums per group and plan over `from..=to` (days `YYYY-MM-DD`): one statement.
    pub async fn report_sums(
        &self,
        from: &str,
        to: &str,
        by: SumsBy,
    ) -> Result<Vec<SumRow>, StoreError> {
        // Grouped by the bare column (an integer sorts far faster than its text), cast after.
        let (column, key, user_id, table) = match by {
            SumsBy::Nas => (
                "nas_id",
                "CAST(nas_id AS TEXT)",
                "CAST(NULL AS BIGINT)",
                "usage_daily_nas_plan",
            ),
            SumsBy::Day => ("day", "day", "CAST(NULL AS BIGINT)", "usage_daily_nas_plan"),
            SumsBy::Hour => (
                "hour",
                "CAST(hour AS TEXT)",
                "CAST(NULL AS BIGINT)",
                "usage_hourly_nas_plan",
            ),
            SumsBy::User => (
                "username",
                "username",
                "MAX(user_id)",
                "usage_daily_user_nas",
            ),
        };
        if by == SumsBy::Nas {
            return self.report_sums_per_nas(from, to).await;
        }
        let sql = format!(
            "SELECT {key} AS k, {user_id} AS user_id, plan, {SUMS} FROM {table} \
             WHERE day >= $1 AND day <= $2 GROUP BY {column}, plan"
        );
        let rows = sqlx::query(&sql)
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?;
        sum_rows(&rows)
    }

    /// Per NAS and plan: built months from `usage_monthly_nas_plan`, the other days from
    /// the daily rows, in one statement.
    async fn report_sums_per_nas(&self, from: &str, to: &str) -> Result<Vec<SumRow>, StoreError> {
        let parse = |s: &str| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| StoreError::Invalid(format!("not a day: {s}")))
        };
        let (months, runs) = self.built_months(parse(from)?, parse(to)?).await?;
        const COLS: &str = "nas_id, plan, input_octets, output_octets, session_seconds, sessions";
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        let mut parts = Vec::new();
        if !months.is_empty() {
            let ps: Vec<String> = months.iter().map(|_| next()).collect();
            parts.push(format!(
                "SELECT {COLS} FROM usage_monthly_nas_plan WHERE month IN ({})",
                ps.join(", ")
            ));
        }
        if !runs.is_empty() {
            let terms: Vec<String> = runs
                .iter()
                .map(|_| format!("(day >= {} AND day <= {})", next(), next()))
                .collect();
            parts.push(format!(
                "SELECT {COLS} FROM usage_daily_nas_plan WHERE {}",
                terms.join(" OR ")
            ));
        }
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT CAST(nas_id AS TEXT) AS k, CAST(NULL AS BIGINT) AS user_id, plan, {SUMS} \
             FROM ({}) t GROUP BY nas_id, plan",
            parts.join(" UNION ALL ")
        );
        let mut q = sqlx::query(&sql);
        for m in &months {
            q = q.bind(m.as_str());
        }
        for (a, b) in &runs {
            q = q.bind(a.as_str()).bind(b.as_str());
        }
        sum_rows(&q.fetch_all(&self.pool).await?)
    }

    /// Peak concurrent sessions per group over `from..=to`: for a group of NAS, the highest
    /// daily sum of its members' daily peaks (per hour: hourly peaks). One statement.
    pub async fn report_peaks(
        &self,
        from: &str,
        to: &str,
        by: PeakBy,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let sql = match by {
            PeakBy::Hour => "SELECT CAST(hour AS TEXT) AS g, MAX(s) AS peak FROM \
                 (SELECT day, hour, CAST(SUM(peak_sessions) AS BIGINT) AS s \
                 FROM concurrency_hourly_nas WHERE day >= $1 AND day <= $2 GROUP BY day, hour) t \
                 GROUP BY hour"
                .to_string(),
            PeakBy::Day => "SELECT day AS g, CAST(SUM(peak_sessions) AS BIGINT) AS peak \
                 FROM usage_daily_nas WHERE day >= $1 AND day <= $2 GROUP BY day"
                .to_string(),
            PeakBy::Nas => "SELECT CAST(nas_id AS TEXT) AS g, MAX(peak_sessions) AS peak \
                 FROM usage_daily_nas WHERE day >= $1 AND day <= $2 GROUP BY nas_id"
                .to_string(),
            PeakBy::All => {
                "SELECT CAST('' AS TEXT) AS g, CAST(COALESCE(MAX(s), 0) AS BIGINT) AS peak \
                 FROM (SELECT day, CAST(SUM(peak_sessions) AS BIGINT) AS s FROM usage_daily_nas \
                 WHERE day >= $1 AND day <= $2 GROUP BY day) t"
                    .to_string()
            }
            PeakBy::Rw | PeakBy::Kelurahan | PeakBy::Kecamatan => {
                // Only the joins the level needs: by RW a year is one join and one scan.
                let (g, joins) = match by {
                    PeakBy::Rw => ("COALESCE(n.rw, '-')", ""),
                    PeakBy::Kelurahan => (
                        "COALESCE(r.parent, '-')",
                        "LEFT JOIN areas r ON r.code = n.rw",
                    ),
                    _ => (
                        "COALESCE(l.parent, '-')",
                        "LEFT JOIN areas r ON r.code = n.rw LEFT JOIN areas l ON l.code = r.parent",
                    ),
                };
                format!(
                    "SELECT g, MAX(s) AS peak FROM (SELECT {g} AS g, d.day, \
                     CAST(SUM(d.peak_sessions) AS BIGINT) AS s \
                     FROM usage_daily_nas d LEFT JOIN nas n ON n.id = d.nas_id {joins} \
                     WHERE d.day >= $1 AND d.day <= $2 GROUP BY {g}, d.day) t GROUP BY g"
                )
            }
        };
        let rows = sqlx::query(&sql)
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("g")?, r.try_get("peak")?)))
            .collect()
    }

    /// Every `nas_health` row.
    pub async fn nas_health(&self) -> Result<Vec<NasHealthRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT nas_id, last_acct_at, last_login_at, last_request_at, clock_skew, \
             nas_identifier FROM nas_health",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(NasHealthRow {
                    nas_id: r.try_get("nas_id")?,
                    last_acct_at: r.try_get("last_acct_at")?,
                    last_login_at: r.try_get("last_login_at")?,
                    last_request_at: r.try_get("last_request_at")?,
                    clock_skew: r.try_get("clock_skew")?,
                    nas_identifier: r.try_get("nas_identifier")?,
                })
            })
            .collect()
    }

    /// Authentication outcomes per NAS over `from..=today`, and on `today` alone.
    pub async fn auth_counts(
        &self,
        from: &str,
        today: &str,
    ) -> Result<Vec<AuthCounts>, StoreError> {
        let today_sum = |c: &str| {
            format!("CAST(SUM(CASE WHEN day = $2 THEN {c} ELSE 0 END) AS BIGINT) AS {c}_today")
        };
        let sql = format!(
            "SELECT nas_id, {}, {}, {}, CAST(SUM(accepts) AS BIGINT) AS accepts, \
             CAST(SUM(rejects) AS BIGINT) AS rejects, \
             CAST(SUM(bad_authenticators) AS BIGINT) AS bad_authenticators \
             FROM auth_daily_nas WHERE day >= $1 AND day <= $2 GROUP BY nas_id",
            today_sum("accepts"),
            today_sum("rejects"),
            today_sum("bad_authenticators"),
        );
        let rows = sqlx::query(&sql)
            .bind(from)
            .bind(today)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(AuthCounts {
                    nas_id: r.try_get("nas_id")?,
                    accepts_today: r.try_get("accepts_today")?,
                    rejects_today: r.try_get("rejects_today")?,
                    bad_authenticators_today: r.try_get("bad_authenticators_today")?,
                    accepts: r.try_get("accepts")?,
                    rejects: r.try_get("rejects")?,
                    bad_authenticators: r.try_get("bad_authenticators")?,
                })
            })
            .collect()
    }

    /// Open sessions per NAS, now: the counts the session triggers keep (migration 0018),
    /// one row per NAS, where counting the sessions read an index of the whole history.
    pub async fn open_sessions_per_nas(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT nas_id, open_sessions AS n FROM nas_open_sessions \
             WHERE open_sessions > 0 ORDER BY nas_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("nas_id")?, r.try_get("n")?)))
            .collect()
    }

    /// Per NAS, the number of days in `from..=to` with any traffic or session.
    pub async fn active_days_per_nas(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT nas_id, COUNT(*) AS n FROM usage_daily_nas WHERE day >= $1 AND day <= $2 \
             AND (sessions > 0 OR input_octets > 0 OR output_octets > 0 OR session_seconds > 0) \
             GROUP BY nas_id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("nas_id")?, r.try_get("n")?)))
            .collect()
    }
}

fn sum_rows(rows: &[sqlx::any::AnyRow]) -> Result<Vec<SumRow>, StoreError> {
    rows.iter()
        .map(|r| {
            Ok(SumRow {
                key: r.try_get("k")?,
                user_id: r.try_get("user_id")?,
                plan: r.try_get("plan")?,
                input_octets: r.try_get("input_octets")?,
                output_octets: r.try_get("output_octets")?,
                session_seconds: r.try_get("session_seconds")?,
                sessions: r.try_get("sessions")?,
            })
        })
        .collect()
}
