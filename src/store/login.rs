//! What a login reads: the user, its plan and overrides and, when asked, today's and this
//! month's usage and its open sessions, in one statement. On a SQLite file the read runs
//! in place (`sqlite::login`), through the pool otherwise; callers see one reader.

use std::sync::{Arc, OnceLock};

use super::plans::{LIMIT_COLUMNS, plan_columns};
use super::row::{Columns, Named};
use super::users::{USER_COLUMNS, UserRecord};
use super::{PlanRecord, Store, StoreError};
use crate::domain::{Limits, Policy};

/// What authentication needs, fetched in one round trip (user joined with its plan).
#[derive(Debug, Clone)]
pub struct UserAuth {
    pub user: UserRecord,
    /// Shared: the user directory keeps one copy of each plan for all its users.
    pub plan: Arc<PlanRecord>,
    /// The user's own overrides of plan limits (all `None` when there are none; the
    /// directory shares one copy of that).
    pub overrides: Arc<Limits>,
    /// First accepted login, for plans valid N days from it.
    pub first_login_at: Option<i64>,
    /// What the user has used, across every NAS.
    pub usage: crate::domain::Usage,
    /// The overrides over the plan, typed (rates, hours, quotas parsed), or why they do not
    /// parse: done once per read, and so once per user while the directory holds it.
    pub policy: Arc<Result<Policy, String>>,
}

impl UserAuth {
    /// A user read for a login, its effective limits typed.
    pub(crate) fn new(
        user: UserRecord,
        plan: PlanRecord,
        overrides: Limits,
        first_login_at: Option<i64>,
        usage: crate::domain::Usage,
    ) -> UserAuth {
        let policy = Arc::new(Policy::from_limits(&overrides.over(&plan.limits)));
        UserAuth {
            user,
            plan: plan.into(),
            overrides: overrides.into(),
            first_login_at,
            usage,
            policy,
        }
    }

    /// Whether a decision for this user reads its usage (a quota or a device limit).
    pub fn counts_usage(&self) -> bool {
        // A plan that does not parse refuses the login whatever was used.
        self.policy
            .as_ref()
            .as_ref()
            .is_ok_and(Policy::counts_usage)
    }
}

/// Where and when a login happens, for the usage counted in the same query.
#[derive(Debug, Clone, Default)]
pub struct UsageQuery<'a> {
    /// Today and the first day of this month, `YYYY-MM-DD` in the usage zone.
    pub day: String,
    pub month_start: String,
    /// The server's real clock (sessions' `seen_at` is written with it).
    pub now: i64,
    /// A session with no record for this many of its interim intervals no longer counts.
    pub stale_after_intervals: i64,
    /// The device now logging in; its own open session does not count against it.
    pub calling_station_id: Option<&'a str>,
}

/// The usage columns of `auth_sql` (parameters `$2`..`$6` of [`UsageQuery`]).
pub(crate) fn usage_columns() -> String {
    // Sums are cast because PostgreSQL sums BIGINTs into NUMERIC, which Any cannot read.
    let sum = |expr: &str, days: &str| {
        format!(
            "(SELECT CAST(COALESCE(SUM({expr}), 0) AS BIGINT) FROM usage_daily_user d \
             WHERE d.username = u.username AND {days})"
        )
    };
    let both = "d.input_octets + d.output_octets";
    format!(
        "{} AS day_bytes, {} AS day_seconds, {} AS month_bytes, {} AS month_seconds, \
         (SELECT COUNT(*) FROM sessions s WHERE s.username = u.username \
          AND s.state = 'open' AND s.seen_at + $4 * s.interim_interval >= $5 \
          AND ($6 IS NULL OR s.calling_station_id IS NULL \
               OR s.calling_station_id <> $6)) AS open_sessions",
        sum(both, "d.day = $2"),
        sum("d.session_seconds", "d.day = $2"),
        sum(both, "d.day >= $3 AND d.day <= $2"),
        sum("d.session_seconds", "d.day >= $3 AND d.day <= $2"),
    )
}

/// The user (by `$1`) joined with its plan (columns prefixed `p_`, so they cannot clash
/// with the user's) and its overrides (`l_`), then the usage columns, counted only when
/// `with_usage`.
fn auth_sql(with_usage: bool) -> String {
    auth_sql_with(with_usage, "")
}

/// As `auth_sql`, with `extra` (", expr AS name", ...) appended to the select list.
pub(crate) fn auth_sql_with(with_usage: bool, extra: &str) -> String {
    let prefixed = |table: &str, cols: &str| {
        cols.split(", ")
            .map(|c| format!("{table}.{c} AS {table}_{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let user_cols = USER_COLUMNS
        .split(", ")
        .map(|c| format!("u.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let usage_cols = if with_usage {
        usage_columns()
    } else {
        "0 AS day_bytes, 0 AS day_seconds, 0 AS month_bytes, 0 AS month_seconds, \
         0 AS open_sessions"
            .to_string()
    };
    format!(
        "SELECT {user_cols}, {}, {}, l.first_login_at AS l_first_login_at, {usage_cols}{extra} \
         FROM users u JOIN plans p ON p.name = u.plan \
         LEFT JOIN user_limits l ON l.user_id = u.id WHERE u.username = $1",
        prefixed("p", &plan_columns()),
        prefixed("l", LIMIT_COLUMNS),
    )
}

/// The five usage columns, in `usage_columns` order.
pub(crate) fn read_usage(c: &mut impl Columns) -> Result<crate::domain::Usage, StoreError> {
    let mut count = |name: &str| -> Result<u64, StoreError> {
        Ok(u64::try_from(c.int(name)?.unwrap_or(0)).unwrap_or(0))
    };
    Ok(crate::domain::Usage {
        day_bytes: count("day_bytes")?,
        day_seconds: count("day_seconds")?,
        month_bytes: count("month_bytes")?,
        month_seconds: count("month_seconds")?,
        open_sessions: count("open_sessions")?,
    })
}

impl Store {
    /// The user and its plan, in one query (usage not counted).
    pub async fn user_for_auth(&self, username: &str) -> Result<Option<UserAuth>, StoreError> {
        self.user_for_auth_with_usage(username, None).await
    }

    /// As `user_for_auth_with_usage`, read in place on this thread; `None` when the store
    /// cannot (PostgreSQL, or a SQLite file another program holds locked): the caller then
    /// takes the async path.
    pub fn user_for_auth_now(
        &self,
        username: &str,
        usage: Option<&UsageQuery<'_>>,
    ) -> Option<Option<(Arc<UserAuth>, crate::domain::Usage)>> {
        match self.fast.as_ref()?.login(&self.directory, username, usage) {
            Ok(found) => Some(found),
            Err(e) => {
                tracing::debug!(error = %e, "direct read failed; using the pool");
                None
            }
        }
    }

    /// The user, its plan, its overrides and, with `usage`, today's and this month's usage
    /// and its open sessions across every NAS: everything a decision needs, in one query.
    pub async fn user_for_auth_with_usage(
        &self,
        username: &str,
        usage: Option<&UsageQuery<'_>>,
    ) -> Result<Option<UserAuth>, StoreError> {
        // Any failure in place (a file locked by another program, say) falls through to
        // the pool, which waits for the lock without holding up the runtime.
        if let Some(found) = self.user_for_auth_now(username, usage) {
            return Ok(found.map(|(user, usage)| UserAuth {
                usage,
                ..UserAuth::clone(&user)
            }));
        }
        let follows = self.pg.as_ref().is_some_and(|f| f.live());
        if follows {
            if let Some(found) = self.known_user(username, usage).await? {
                return Ok(Some(found));
            }
        }
        // Taken before the read: a change notified while it runs keeps the entry out.
        let version = self.directory.version().filter(|_| follows);
        static SQL: [OnceLock<String>; 2] = [const { OnceLock::new() }; 2];
        let sql = SQL[usize::from(usage.is_some())].get_or_init(|| auth_sql(usage.is_some()));
        let q = bind_usage(sqlx::query(sql).bind(username), usage);
        let Some(row) = q.fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let user = UserRecord::from_row(&row)?;
        let plan = PlanRecord::from_row(&row, "p_")?;
        let overrides = Limits::from_row(&row, "l_")?;
        let mut c = Named {
            row: &row,
            prefix: "",
        };
        let first_login_at = c.int("l_first_login_at")?;
        let usage = read_usage(&mut c)?;
        let mut found = UserAuth::new(user, plan, overrides, first_login_at, usage);
        if let Some(version) = version {
            let usage = std::mem::take(&mut found.usage);
            let kept = self.directory.insert(version, username, found);
            found = UserAuth {
                usage,
                ..UserAuth::clone(&kept)
            };
        }
        Ok(Some(found))
    }

    /// A user the directory holds (PostgreSQL), with its usage read when its limits count
    /// it: no query at all otherwise. `None` when the directory does not hold the user, or
    /// the user is gone.
    async fn known_user(
        &self,
        username: &str,
        usage: Option<&UsageQuery<'_>>,
    ) -> Result<Option<UserAuth>, StoreError> {
        let Some((_, user)) = self.directory.peek(username) else {
            return Ok(None);
        };
        let Some(uq) = usage.filter(|_| user.counts_usage()) else {
            return Ok(Some(UserAuth::clone(&user)));
        };
        static SQL: OnceLock<String> = OnceLock::new();
        let sql = SQL.get_or_init(|| {
            format!(
                "SELECT {} FROM users u WHERE u.username = $1",
                usage_columns()
            )
        });
        let q = bind_usage(sqlx::query(sql).bind(username), Some(uq));
        let Some(row) = q.fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let usage = read_usage(&mut Named {
            row: &row,
            prefix: "",
        })?;
        Ok(Some(UserAuth {
            usage,
            ..UserAuth::clone(&user)
        }))
    }
}

/// Binds the usage parameters `$2`..`$6` of [`UsageQuery`], when given.
fn bind_usage<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    usage: Option<&UsageQuery<'_>>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    if let Some(uq) = usage {
        q = q
            .bind(uq.day.clone())
            .bind(uq.month_start.clone())
            .bind(uq.stale_after_intervals)
            .bind(uq.now)
            .bind(uq.calling_station_id.map(str::to_string));
    }
    q
}
