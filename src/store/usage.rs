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

impl Store {
    /// A user's usage per day from `from` to `to` inclusive (`YYYY-MM-DD`), oldest first.
    pub async fn user_usage(
        &self,
        username: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<UsageDay>, StoreError> {
        // By day first (migration 0025): the days asked for, within those stored.
        let Some((first, last)) = self.usage_day_span().await? else {
            return Ok(Vec::new());
        };
        let from = super::user_days::parse_day(from)?.max(first);
        let to = super::user_days::parse_day(to)?.min(last);
        let days = super::user_days::day_strings_in("day", from, to);
        let rows = sqlx::query(&user_usage_sql(&days))
            .bind(username)
            .fetch_all(&self.pool)
            .await?;
        days_of(&rows)
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
        days_of(&rows)
    }
}

/// The rows of a usage statement, as days.
fn days_of(rows: &[AnyRow]) -> Result<Vec<UsageDay>, StoreError> {
    Ok(rows
        .iter()
        .map(UsageDay::from_row)
        .collect::<Result<_, _>>()?)
}

/// The statement of a user's usage per day: `$1` the user, `days` the condition naming
/// the days (`user_days::day_strings_in`): the key is (day, username), so each day is one
/// seek and the user's other days are never read.
pub(crate) fn user_usage_sql(days: &str) -> String {
    format!(
        "SELECT {USAGE_COLUMNS} FROM usage_daily_user WHERE username = $1 AND {days} ORDER BY day"
    )
}
