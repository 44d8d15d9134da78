//! Usage rollups (per user, per NAS, per user per NAS, per NAS per plan, per hour), fed by
//! session counter deltas in the same transaction as the session rows, and read by the CLI,
//! the quota checks and the reports.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};

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

/// Whose daily rows `usage_days` reads.
enum Owner<'a> {
    User(&'a str),
    Nas(i64),
}

impl Store {
    /// A user's usage per day from `from` to `to` inclusive (`YYYY-MM-DD`), oldest first.
    pub async fn user_usage(
        &self,
        username: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<UsageDay>, StoreError> {
        self.usage_days(Owner::User(username), from, to).await
    }

    /// A NAS's usage per day from `from` to `to` inclusive, oldest first.
    pub async fn nas_usage(
        &self,
        nas_id: i64,
        from: &str,
        to: &str,
    ) -> Result<Vec<UsageDay>, StoreError> {
        self.usage_days(Owner::Nas(nas_id), from, to).await
    }

    async fn usage_days(
        &self,
        owner: Owner<'_>,
        from: &str,
        to: &str,
    ) -> Result<Vec<UsageDay>, StoreError> {
        let sql = usage_days_sql(matches!(owner, Owner::User(_)));
        let q = sqlx::query(&sql);
        let q = match owner {
            Owner::User(name) => q.bind(name),
            Owner::Nas(id) => q.bind(id),
        };
        let rows = q.bind(from).bind(to).fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(UsageDay::from_row)
            .collect::<Result<_, _>>()?)
    }
}

/// The statement of a user's (`user`) or a NAS's usage per day: `$1` the owner, `$2` and
/// `$3` the first and last day.
pub(crate) fn usage_days_sql(user: bool) -> String {
    let (table, column) = if user {
        ("usage_daily_user", "username")
    } else {
        ("usage_daily_nas", "nas_id")
    };
    format!(
        "SELECT {USAGE_COLUMNS} FROM {table} \
         WHERE {column} = $1 AND day >= $2 AND day <= $3 ORDER BY day"
    )
}
