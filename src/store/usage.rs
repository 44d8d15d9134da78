//! Daily usage rollups per user and per NAS, fed by session counter deltas in the same
//! transaction as the session rows, and read by the CLI and (later) the reports.

use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{Store, StoreError};

/// Which rollup row a delta goes to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum RollupKey {
    User { username: String, day: String },
    Nas { nas_id: i64, day: String },
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

/// Adds a batch's summed deltas, one upsert per row touched (not per record).
pub(crate) async fn flush_rollups(
    conn: &mut AnyConnection,
    rollups: &HashMap<RollupKey, Rollup>,
) -> Result<(), StoreError> {
    for (key, d) in rollups {
        let q = match key {
            RollupKey::User { username, day } => sqlx::query(
                "INSERT INTO usage_daily_user (username, day, user_id, input_octets, \
                 output_octets, session_seconds, sessions) \
                 VALUES ($1, $2, (SELECT id FROM users WHERE username = $1), $3, $4, $5, $6) \
                 ON CONFLICT (username, day) DO UPDATE SET \
                 input_octets = usage_daily_user.input_octets + excluded.input_octets, \
                 output_octets = usage_daily_user.output_octets + excluded.output_octets, \
                 session_seconds = usage_daily_user.session_seconds + excluded.session_seconds, \
                 sessions = usage_daily_user.sessions + excluded.sessions",
            )
            .bind(username.clone())
            .bind(day.clone()),
            RollupKey::Nas { nas_id, day } => sqlx::query(
                "INSERT INTO usage_daily_nas (nas_id, day, input_octets, output_octets, \
                 session_seconds, sessions) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (nas_id, day) DO UPDATE SET \
                 input_octets = usage_daily_nas.input_octets + excluded.input_octets, \
                 output_octets = usage_daily_nas.output_octets + excluded.output_octets, \
                 session_seconds = usage_daily_nas.session_seconds + excluded.session_seconds, \
                 sessions = usage_daily_nas.sessions + excluded.sessions",
            )
            .bind(*nas_id)
            .bind(day.clone()),
        };
        q.bind(d.input_octets)
            .bind(d.output_octets)
            .bind(d.session_seconds)
            .bind(d.sessions)
            .execute(&mut *conn)
            .await?;
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
    fn from_row(row: &AnyRow) -> Result<UsageDay, sqlx::Error> {
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
