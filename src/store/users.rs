//! Users: credentials (argon2id hash + sealed reversible secret), plan, status, expiry.

use sqlx::Row;
use sqlx::any::AnyRow;

use std::sync::{Arc, OnceLock};

use super::direct::{Columns, Named, Positional};
use super::plans::{LIMIT_COLUMNS, plan_columns};
use super::{PlanRecord, Store, StoreError};
use crate::policy::Limits;

const USER_COLUMNS: &str = "id, username, plan, password_hash, sealed_password, status, \
                            expires_at, full_name, created_at, updated_at";

/// Account status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    Active,
    Disabled,
}

impl UserStatus {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<UserStatus> {
        match s {
            "active" => Some(UserStatus::Active),
            "disabled" => Some(UserStatus::Disabled),
            _ => None,
        }
    }
}

/// A user row (secrets included: never print it whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub plan: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// The password sealed with `auth::seal::Sealer`, for CHAP and MS-CHAPv2.
    pub sealed_password: Option<Vec<u8>>,
    pub status: UserStatus,
    /// Epoch seconds; `None` never expires.
    pub expires_at: Option<i64>,
    pub full_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

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
    pub usage: crate::policy::Usage,
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

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub plan: String,
    pub password_hash: String,
    pub sealed_password: Option<Vec<u8>>,
    pub full_name: Option<String>,
    pub expires_at: Option<i64>,
}

impl UserRecord {
    fn from_row(row: &AnyRow) -> Result<UserRecord, StoreError> {
        UserRecord::read(&mut Named { row, prefix: "" })
    }

    /// Reads the columns of `USER_COLUMNS`, in that order.
    fn read(c: &mut impl Columns) -> Result<UserRecord, StoreError> {
        let id = c.req_int("id")?;
        let username = c.req_text("username")?;
        let plan = c.req_text("plan")?;
        let password_hash = c.req_text("password_hash")?;
        let sealed_password = c.blob("sealed_password")?;
        let status = c.req_text("status")?;
        let status = UserStatus::parse(&status).ok_or_else(|| {
            StoreError::Invalid(format!("user '{username}' has unknown status '{status}'"))
        })?;
        Ok(UserRecord {
            id,
            username,
            plan,
            password_hash,
            sealed_password,
            status,
            expires_at: c.int("expires_at")?,
            full_name: c.text("full_name")?,
            created_at: c.req_int("created_at")?,
            updated_at: c.req_int("updated_at")?,
        })
    }
}

/// The usage columns of `auth_sql` (parameters `$2`..`$6` of [`UsageQuery`]).
fn usage_columns() -> String {
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
fn auth_sql_with(with_usage: bool, extra: &str) -> String {
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
fn read_usage(c: &mut impl Columns) -> Result<crate::policy::Usage, StoreError> {
    let mut count = |name: &str| -> Result<u64, StoreError> {
        Ok(u64::try_from(c.int(name)?.unwrap_or(0)).unwrap_or(0))
    };
    Ok(crate::policy::Usage {
        day_bytes: count("day_bytes")?,
        day_seconds: count("day_seconds")?,
        month_bytes: count("month_bytes")?,
        month_seconds: count("month_seconds")?,
        open_sessions: count("open_sessions")?,
    })
}

/// The select-list column that carries `directory_version` (see `store/directory.rs`).
const VERSION_COLUMN: &str =
    ", (SELECT version FROM directory_version WHERE id = 1) AS dir_version";

/// Binds `$1` (the username) and, with `usage`, `$2`..`$6`; by name, since SQLite numbers
/// `$N` parameters in order of first appearance.
fn query_user<'s>(
    q: &'s mut rusqlite::CachedStatement<'_>,
    username: &str,
    usage: Option<&UsageQuery<'_>>,
) -> Result<rusqlite::Rows<'s>, StoreError> {
    Ok(match usage {
        Some(uq) => q.query(rusqlite::named_params! {
            "$1": username,
            "$2": uq.day,
            "$3": uq.month_start,
            "$4": uq.stale_after_intervals,
            "$5": uq.now,
            "$6": uq.calling_station_id,
        })?,
        None => q.query(rusqlite::named_params! { "$1": username })?,
    })
}

/// On a direct SQLite connection, in one statement: the user with its plan and overrides,
/// the usage when `usage` is given (counted whether or not the limits need it: this runs
/// only when the directory does not know the user), and `directory_version`.
fn user_for_auth_direct(
    conn: &rusqlite::Connection,
    username: &str,
    usage: Option<&UsageQuery<'_>>,
) -> Result<Option<(i64, UserAuth)>, StoreError> {
    static SQL: [OnceLock<String>; 2] = [const { OnceLock::new() }; 2];
    let sql = SQL[usize::from(usage.is_some())]
        .get_or_init(|| auth_sql_with(usage.is_some(), VERSION_COLUMN));
    let mut q = conn.prepare_cached(sql)?;
    let mut rows = query_user(&mut q, username, usage)?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let mut c = Positional {
        row,
        next: 0,
        prefix: "",
    };
    let user = UserRecord::read(&mut c)?;
    c.prefix = "p_";
    let plan = PlanRecord::read(&mut c)?;
    c.prefix = "l_";
    let overrides = Limits::read(&mut c)?;
    let first_login_at = c.int("first_login_at")?;
    c.prefix = "";
    let usage = read_usage(&mut c)?;
    let version = c.req_int("dir_version")?;
    Ok(Some((
        version,
        UserAuth {
            user,
            plan: plan.into(),
            overrides: overrides.into(),
            first_login_at,
            usage,
        },
    )))
}

/// `directory_version` and, with `usage`, what `username` has used, in one statement.
fn version_and_usage_direct(
    conn: &rusqlite::Connection,
    username: &str,
    usage: Option<&UsageQuery<'_>>,
) -> Result<(i64, crate::policy::Usage), StoreError> {
    let Some(uq) = usage else {
        let version = conn
            .prepare_cached("SELECT version FROM directory_version WHERE id = 1")?
            .query_row([], |row| row.get(0))?;
        return Ok((version, Default::default()));
    };
    static SQL: OnceLock<String> = OnceLock::new();
    let mut q = conn.prepare_cached(SQL.get_or_init(|| {
        format!(
            "SELECT {}{VERSION_COLUMN} FROM users u WHERE u.username = $1",
            usage_columns()
        )
    }))?;
    let mut rows = query_user(&mut q, username, Some(uq))?;
    match rows.next()? {
        Some(row) => {
            let mut c = Positional {
                row,
                next: 0,
                prefix: "",
            };
            let used = read_usage(&mut c)?;
            Ok((c.req_int("dir_version")?, used))
        }
        // The user is gone: a version no directory holds sends the caller to a reload.
        None => Ok((i64::MIN, Default::default())),
    }
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
    ) -> Option<Option<(Arc<UserAuth>, crate::policy::Usage)>> {
        let direct = self.direct.as_ref()?;
        let read = direct.with(|conn| {
            // One statement per login: the version (with the usage, when the limits count
            // it) for a user the directory holds, else everything in one query.
            if let Some((version, user)) = direct.directory.peek(username) {
                let wanted =
                    usage.filter(|_| user.overrides.over(&user.plan.limits).counts_usage());
                let (current, used) = version_and_usage_direct(conn, username, wanted)?;
                if current == version {
                    return Ok(Some((user, used)));
                }
            }
            let Some((version, mut user)) = user_for_auth_direct(conn, username, usage)? else {
                return Ok(None);
            };
            let used = std::mem::take(&mut user.usage);
            Ok(Some((
                direct.directory.insert(version, username, user),
                used,
            )))
        });
        match read {
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
        static SQL: [OnceLock<String>; 2] = [const { OnceLock::new() }; 2];
        let sql = SQL[usize::from(usage.is_some())].get_or_init(|| auth_sql(usage.is_some()));
        let mut q = sqlx::query(sql).bind(username);
        if let Some(uq) = usage {
            q = q
                .bind(uq.day.clone())
                .bind(uq.month_start.clone())
                .bind(uq.stale_after_intervals)
                .bind(uq.now)
                .bind(uq.calling_station_id.map(str::to_string));
        }
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
        Ok(Some(UserAuth {
            user,
            plan: plan.into(),
            overrides: overrides.into(),
            first_login_at,
            usage,
        }))
    }

    /// One user by name.
    pub async fn get_user(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| UserRecord::from_row(&r)).transpose()
    }

    /// Users ordered by name, optionally one plan only.
    pub async fn list_users(
        &self,
        plan: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<UserRecord>, StoreError> {
        let rows = match plan {
            Some(plan) => {
                sqlx::query(&format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE plan = $1 \
                     ORDER BY username LIMIT $2 OFFSET $3"
                ))
                .bind(plan)
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!(
                    "SELECT {USER_COLUMNS} FROM users ORDER BY username LIMIT $1 OFFSET $2"
                ))
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter().map(UserRecord::from_row).collect()
    }

    /// How many users there are, optionally on one plan only.
    pub async fn count_users(&self, plan: Option<&str>) -> Result<i64, StoreError> {
        let row = match plan {
            Some(plan) => {
                sqlx::query("SELECT COUNT(*) AS n FROM users WHERE plan = $1")
                    .bind(plan)
                    .fetch_one(&self.pool)
                    .await?
            }
            None => {
                sqlx::query("SELECT COUNT(*) AS n FROM users")
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        Ok(row.try_get("n")?)
    }
}
