//! Users: credentials (argon2id hash + sealed reversible secret), plan, status, expiry.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::plans::{LIMIT_COLUMNS, plan_columns};
use super::{Actor, PlanRecord, Scope, Store, StoreError, UserExtra};
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
    pub plan: PlanRecord,
    /// The user's own overrides of plan limits (all `None` when there are none).
    pub overrides: Limits,
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
        let status: String = row.try_get("status")?;
        let username: String = row.try_get("username")?;
        let status = UserStatus::parse(&status).ok_or_else(|| {
            StoreError::Invalid(format!("user '{username}' has unknown status '{status}'"))
        })?;
        Ok(UserRecord {
            id: row.try_get("id")?,
            username,
            plan: row.try_get("plan")?,
            password_hash: row.try_get("password_hash")?,
            sealed_password: row.try_get("sealed_password")?,
            status,
            expires_at: row.try_get("expires_at")?,
            full_name: row.try_get("full_name")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

fn user_not_found(username: &str) -> StoreError {
    StoreError::NotFound {
        kind: "user",
        name: username.to_string(),
    }
}

impl Store {
    /// The user and its plan, in one query (usage not counted).
    pub async fn user_for_auth(&self, username: &str) -> Result<Option<UserAuth>, StoreError> {
        self.user_for_auth_with_usage(username, None).await
    }

    /// The user, its plan, its overrides and, with `usage`, today's and this month's usage
    /// and its open sessions across every NAS: everything a decision needs, in one query.
    pub async fn user_for_auth_with_usage(
        &self,
        username: &str,
        usage: Option<&UsageQuery<'_>>,
    ) -> Result<Option<UserAuth>, StoreError> {
        // Plan columns are aliased with a `p_` prefix so they cannot clash with user columns.
        let plan_cols = plan_columns()
            .split(", ")
            .map(|c| format!("p.{c} AS p_{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        // The user's overrides come in the same round trip, prefixed `l_`.
        let limit_cols = LIMIT_COLUMNS
            .split(", ")
            .map(|c| format!("l.{c} AS l_{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        // Sums are cast because PostgreSQL sums BIGINTs into NUMERIC, which Any cannot read.
        let usage_cols = if usage.is_some() {
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
        } else {
            "0 AS day_bytes, 0 AS day_seconds, 0 AS month_bytes, 0 AS month_seconds, \
             0 AS open_sessions"
                .to_string()
        };
        let sql = format!(
            "SELECT u.id, u.username, u.plan, u.password_hash, u.sealed_password, u.status, \
             u.expires_at, u.full_name, u.created_at, u.updated_at, {plan_cols}, {limit_cols}, \
             l.first_login_at AS l_first_login_at, {usage_cols} \
             FROM users u JOIN plans p ON p.name = u.plan \
             LEFT JOIN user_limits l ON l.user_id = u.id WHERE u.username = $1"
        );
        let mut q = sqlx::query(&sql).bind(username);
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
        let count = |c: &str| -> Result<u64, StoreError> {
            Ok(u64::try_from(row.try_get::<i64, _>(c)?).unwrap_or(0))
        };
        let used = crate::policy::Usage {
            day_bytes: count("day_bytes")?,
            day_seconds: count("day_seconds")?,
            month_bytes: count("month_bytes")?,
            month_seconds: count("month_seconds")?,
            open_sessions: count("open_sessions")?,
        };
        Ok(Some(UserAuth {
            user: UserRecord::from_row(&row)?,
            plan: PlanRecord::from_row(&row, "p_")?,
            overrides: Limits::from_row(&row, "l_")?,
            first_login_at: row.try_get("l_first_login_at")?,
            usage: used,
        }))
    }

    /// Creates a user; `Duplicate` if the name is taken, `NotFound` if the plan is unknown
    /// (audited as `system`; admin paths call [`Store::add_user_audited`]).
    pub async fn add_user(&self, user: &NewUser) -> Result<UserRecord, StoreError> {
        self.add_user_audited(user, &UserExtra::default(), &Actor::system())
            .await?;
        self.get_user(&user.username)
            .await?
            .ok_or_else(|| user_not_found(&user.username))
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

    /// Sets the status; `NotFound` for an unknown user (audited as `system`).
    pub async fn set_user_status(
        &self,
        username: &str,
        status: UserStatus,
    ) -> Result<(), StoreError> {
        self.set_user_status_audited(username, status, &Scope::All, &Actor::system())
            .await
    }

    /// Replaces both password forms; `NotFound` for an unknown user (audited as `system`).
    pub async fn set_user_password(
        &self,
        username: &str,
        password_hash: &str,
        sealed_password: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.set_user_password_audited(
            username,
            password_hash,
            sealed_password,
            &Scope::All,
            &Actor::system(),
        )
        .await
    }

    /// Deletes a user; `NotFound` for an unknown user (audited as `system`).
    pub async fn delete_user(&self, username: &str) -> Result<(), StoreError> {
        self.delete_user_audited(username, &Scope::All, &Actor::system())
            .await
    }
}
