//! What a login reads: the user, its plan and overrides and, when asked, today's and this
//! month's usage and its open sessions, in one statement. On a SQLite file the read runs
//! in place (`sqlite::login`), through the pool otherwise; callers see one reader.

use std::sync::{Arc, OnceLock};

pub use super::ledger::UsageQuery;
use super::ledger::{Entry, OpenSession};
use super::plans::{LIMIT_COLUMNS, plan_columns};
use super::row::{Columns, Named};
use super::users::{USER_COLUMNS, UserRecord};
use super::{PlanRecord, Store, StoreError};
use crate::domain::{Limits, Policy, Usage};

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
    pub usage: Usage,
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
        usage: Usage,
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

/// The usage columns: the period's sums (`$2` the day, `$3` its month, `UsageQuery::month`),
/// each one seek of a key that starts with the period, and,
/// through `USAGE_JOIN`, one open session per row (all `NULL` when there is none). The
/// device-limit count is made from those sessions in memory (`ledger::Entry::usage`), so
/// the same rows serve a login and the ledger's fill.
pub(crate) fn usage_columns() -> String {
    // Sums are cast because PostgreSQL sums BIGINTs into NUMERIC, which Any cannot read.
    let sum = |expr: &str, table: &str, period: &str| {
        format!(
            "(SELECT CAST(COALESCE(SUM({expr}), 0) AS BIGINT) FROM {table} d \
             WHERE {period} AND d.username = u.username)"
        )
    };
    let both = "d.input_octets + d.output_octets";
    let (day, month) = ("d.day = $2", "d.month = $3");
    format!(
        "{} AS day_bytes, {} AS day_seconds, {} AS month_bytes, {} AS month_seconds, \
         s.nas_id AS o_nas_id, s.acct_session_id AS o_acct_session_id, \
         s.calling_station_id AS o_calling_station_id, s.seen_at AS o_seen_at, \
         s.interim_interval AS o_interim_interval",
        sum(both, "usage_daily_user", day),
        sum("d.session_seconds", "usage_daily_user", day),
        sum(both, "usage_monthly_user", month),
        sum("d.session_seconds", "usage_monthly_user", month),
    )
}

/// The user's open sessions, one per row, for `usage_columns`: `'open'` is a literal so
/// that the partial index of open sessions (migration 0009) answers it, whatever the
/// user's history.
pub(crate) const USAGE_JOIN: &str =
    " LEFT JOIN sessions s ON s.username = u.username AND s.state = 'open'";

/// The usage of one user (`$1`), `extra` appended to the select list: the statement both
/// the ledger's fill and `store_scale`'s query-plan test read.
pub(crate) fn usage_sql(extra: &str) -> String {
    format!(
        "SELECT {}{extra} FROM users u{USAGE_JOIN} WHERE u.username = $1",
        usage_columns()
    )
}

/// The user (by `$1`) joined with its plan (columns prefixed `p_`, so they cannot clash
/// with the user's) and its overrides (`l_`), then, when `with_usage`, the usage columns
/// (one row per open session).
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
    let (usage_cols, join) = if with_usage {
        (format!(", {}", usage_columns()), USAGE_JOIN)
    } else {
        (String::new(), "")
    };
    format!(
        "SELECT {user_cols}, {}, {}, l.first_login_at AS l_first_login_at{usage_cols}{extra} \
         FROM users u JOIN plans p ON p.name = u.plan \
         LEFT JOIN user_limits l ON l.user_id = u.id{join} WHERE u.username = $1",
        prefixed("p", &plan_columns()),
        prefixed("l", LIMIT_COLUMNS),
    )
}

/// The four sums of `usage_columns`, in order.
pub(crate) fn read_sums(c: &mut impl Columns) -> Result<[i64; 4], StoreError> {
    let mut sum = |name: &str| -> Result<i64, StoreError> { Ok(c.int(name)?.unwrap_or(0)) };
    Ok([
        sum("day_bytes")?,
        sum("day_seconds")?,
        sum("month_bytes")?,
        sum("month_seconds")?,
    ])
}

/// The open session of one row of `usage_columns`, if the row has one.
pub(crate) fn read_open(c: &mut impl Columns) -> Result<Option<OpenSession>, StoreError> {
    let nas_id = c.int("o_nas_id")?;
    let acct_session_id = c.text("o_acct_session_id")?;
    let calling_station_id = c.text("o_calling_station_id")?;
    let seen_at = c.int("o_seen_at")?;
    let interim_interval = c.int("o_interim_interval")?;
    Ok(match (nas_id, acct_session_id) {
        (Some(nas_id), Some(id)) => Some(OpenSession {
            nas_id,
            acct_session_id: id.into(),
            calling_station_id: calling_station_id.map(Into::into),
            seen_at: seen_at.unwrap_or(0),
            interim_interval: interim_interval.unwrap_or(0),
        }),
        _ => None,
    })
}

/// The ledger entry that rows of `usage_columns` make for user `user_id`.
pub(crate) fn entry_of(
    user_id: i64,
    q: &UsageQuery<'_>,
    sums: [i64; 4],
    open: Vec<OpenSession>,
) -> Entry {
    let mut entry = Entry::new(user_id, q);
    [
        entry.day_bytes,
        entry.day_seconds,
        entry.month_bytes,
        entry.month_seconds,
    ] = sums;
    entry.open = open;
    entry
}

impl Store {
    /// The user and its plan, in one query (usage not counted).
    pub async fn user_for_auth(&self, username: &str) -> Result<Option<UserAuth>, StoreError> {
        self.user_for_auth_with_usage(username, None).await
    }

    /// As `user_for_auth_with_usage`, read in place on this thread, or from memory alone on
    /// PostgreSQL; `None` when the store cannot (PostgreSQL and a user not held, or a
    /// SQLite file another program holds locked): the caller then takes the async path.
    pub fn user_for_auth_now(
        &self,
        username: &str,
        usage: Option<&UsageQuery<'_>>,
    ) -> Option<Option<(Arc<UserAuth>, Usage)>> {
        let Some(fast) = self.fast.as_ref() else {
            return self.held_now(username, usage).map(Some);
        };
        match fast.login(&self.directory, &self.ledger, username, usage) {
            Ok(found) => Some(found),
            Err(e) => {
                tracing::debug!(error = %e, "direct read failed; using the pool");
                None
            }
        }
    }

    /// Whether what this process keeps in memory follows every change to users: always on
    /// a SQLite file (each login catches up in the statement that reads it), and on
    /// PostgreSQL while the directory's notifications are followed (a change then arrives
    /// within milliseconds; docs/architecture.md says what a login may miss meanwhile).
    pub fn memory_follows_changes(&self) -> bool {
        self.backend == super::Backend::Sqlite || self.pg.as_ref().is_some_and(|f| f.live())
    }

    /// The directory's version, for a caller that keeps something derived from it: the
    /// same version later means no user or plan changed in between.
    pub fn directory_version(&self) -> Option<i64> {
        self.directory.version()
    }

    /// PostgreSQL: a user the directory holds, with its usage from the ledger when its
    /// limits count usage, while notifications are followed; `None` when anything must
    /// be read (then the caller awaits `user_for_auth_with_usage`).
    fn held_now(
        &self,
        username: &str,
        usage: Option<&UsageQuery<'_>>,
    ) -> Option<(Arc<UserAuth>, Usage)> {
        if !self.pg.as_ref().is_some_and(|f| f.live()) {
            return None;
        }
        let (_, user) = self.directory.peek(username)?;
        let used = match usage.filter(|_| user.counts_usage()) {
            Some(uq) => self.ledger.get(username, user.user.id, uq).ok()?,
            None => Usage::default(),
        };
        Some((user, used))
    }

    /// The user, its plan, its overrides and, with `usage`, today's and this month's usage
    /// and its open sessions across every NAS: everything a decision needs, in one query.
    pub async fn user_for_auth_with_usage(
        &self,
        username: &str,
        usage: Option<&UsageQuery<'_>>,
    ) -> Result<Option<UserAuth>, StoreError> {
        let found = self.user_for_auth_shared(username, usage).await?;
        Ok(found.map(|(user, usage)| UserAuth {
            usage,
            ..Arc::try_unwrap(user).unwrap_or_else(|shared| UserAuth::clone(&shared))
        }))
    }

    /// As `user_for_auth_with_usage`, the user shared with the directory where it holds
    /// one (not copied) and its usage beside it.
    pub async fn user_for_auth_shared(
        &self,
        username: &str,
        usage: Option<&UsageQuery<'_>>,
    ) -> Result<Option<(Arc<UserAuth>, Usage)>, StoreError> {
        // Any failure in place (a file locked by another program, say) falls through to
        // the pool, which waits for the lock without holding up the runtime.
        if let Some(found) = self.user_for_auth_now(username, usage) {
            return Ok(found);
        }
        let follows = self.pg.as_ref().is_some_and(|f| f.live());
        if follows {
            if let Some(found) = self.known_user(username, usage).await? {
                return Ok(Some(found));
            }
        }
        // Taken before the read: a change notified while it runs keeps the entry out.
        let version = self.directory.version().filter(|_| follows);
        let ticket = self.ledger.ticket(username);
        static SQL: [OnceLock<String>; 2] = [const { OnceLock::new() }; 2];
        let sql = SQL[usize::from(usage.is_some())].get_or_init(|| auth_sql(usage.is_some()));
        let q = bind_usage(sqlx::query(sql).bind(username), usage);
        let rows = q.fetch_all(&self.pool).await?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let user = UserRecord::from_row(row)?;
        let plan = PlanRecord::from_row(row, "p_")?;
        let overrides = Limits::from_row(row, "l_")?;
        let first_login_at = Named { row, prefix: "" }.int("l_first_login_at")?;
        let id = user.id;
        let found = UserAuth::new(user, plan, overrides, first_login_at, Usage::default());
        let mut used = Usage::default();
        if let Some(uq) = usage {
            let entry = entry_of_rows(id, uq, &rows)?;
            used = entry.usage(uq);
            if follows && found.counts_usage() {
                self.ledger.fill(ticket, username, entry);
            }
        }
        // The directory keeps the user without usage, which is per login.
        let user = match version {
            Some(version) => self.directory.insert(version, username, found),
            None => Arc::new(found),
        };
        Ok(Some((user, used)))
    }

    /// A user the directory holds (PostgreSQL), with its usage from the ledger, or read
    /// when its limits count it and the ledger does not hold it: no query at all
    /// otherwise. `None` when the directory does not hold the user, or the user is gone.
    async fn known_user(
        &self,
        username: &str,
        usage: Option<&UsageQuery<'_>>,
    ) -> Result<Option<(Arc<UserAuth>, Usage)>, StoreError> {
        let Some((_, user)) = self.directory.peek(username) else {
            return Ok(None);
        };
        let Some(uq) = usage.filter(|_| user.counts_usage()) else {
            return Ok(Some((user, Usage::default())));
        };
        let ticket = match self.ledger.get(username, user.user.id, uq) {
            Ok(usage) => return Ok(Some((user, usage))),
            Err(ticket) => ticket,
        };
        static SQL: OnceLock<String> = OnceLock::new();
        let sql = SQL.get_or_init(|| usage_sql(""));
        let q = bind_usage(sqlx::query(sql).bind(username), Some(uq));
        let rows = q.fetch_all(&self.pool).await?;
        if rows.is_empty() {
            return Ok(None);
        }
        let entry = entry_of_rows(user.user.id, uq, &rows)?;
        let usage = entry.usage(uq);
        self.ledger.fill(ticket, username, entry);
        Ok(Some((user, usage)))
    }
}

/// The ledger entry of sqlx rows of `usage_columns` (one per open session).
fn entry_of_rows(
    user_id: i64,
    q: &UsageQuery<'_>,
    rows: &[sqlx::any::AnyRow],
) -> Result<Entry, StoreError> {
    let mut sums = [0; 4];
    let mut open = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let mut c = Named { row, prefix: "" };
        if i == 0 {
            sums = read_sums(&mut c)?;
        }
        open.extend(read_open(&mut c)?);
    }
    Ok(entry_of(user_id, q, sums, open))
}

/// Binds the usage parameters `$2` onwards of [`UsageQuery`], when given.
fn bind_usage<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    usage: Option<&UsageQuery<'_>>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    if let Some(uq) = usage {
        q = q.bind(uq.day.clone()).bind(uq.month().to_string());
    }
    q
}
