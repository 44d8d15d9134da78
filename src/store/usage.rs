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

/// Rollup rows written per statement (6 parameters each); small because sqlx's SQLite
/// binding is quadratic in parameters per statement (see `sessions::LOAD_CHUNK`).
const ROLLUP_CHUNK: usize = 32;

/// Adds a batch's summed deltas with multi-row upserts: one statement per chunk of rows
/// touched, not one per row.
pub(crate) async fn flush_rollups(
    conn: &mut AnyConnection,
    rollups: &HashMap<RollupKey, Rollup>,
) -> Result<(), StoreError> {
    let mut users: Vec<(&String, &String, &Rollup)> = Vec::new();
    let mut nas: Vec<(i64, &String, &Rollup)> = Vec::new();
    for (key, d) in rollups {
        match key {
            RollupKey::User { username, day } => users.push((username, day, d)),
            RollupKey::Nas { nas_id, day } => nas.push((*nas_id, day, d)),
        }
    }
    for chunk in users.chunks(ROLLUP_CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = |j: usize| format!("${}", 6 * i + j);
                format!(
                    "({}, {}, (SELECT id FROM users WHERE username = {}), {}, {}, {}, {})",
                    p(1),
                    p(2),
                    p(1),
                    p(3),
                    p(4),
                    p(5),
                    p(6)
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO usage_daily_user (username, day, user_id, input_octets, \
             output_octets, session_seconds, sessions) VALUES {} \
             ON CONFLICT (username, day) DO UPDATE SET \
             input_octets = usage_daily_user.input_octets + excluded.input_octets, \
             output_octets = usage_daily_user.output_octets + excluded.output_octets, \
             session_seconds = usage_daily_user.session_seconds + excluded.session_seconds, \
             sessions = usage_daily_user.sessions + excluded.sessions",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (username, day, d) in chunk {
            q = q
                .bind((*username).clone())
                .bind((*day).clone())
                .bind(d.input_octets)
                .bind(d.output_octets)
                .bind(d.session_seconds)
                .bind(d.sessions);
        }
        q.execute(&mut *conn).await?;
    }
    for chunk in nas.chunks(ROLLUP_CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = |j: usize| format!("${}", 6 * i + j);
                format!(
                    "({}, {}, {}, {}, {}, {})",
                    p(1),
                    p(2),
                    p(3),
                    p(4),
                    p(5),
                    p(6)
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO usage_daily_nas (nas_id, day, input_octets, output_octets, \
             session_seconds, sessions) VALUES {} \
             ON CONFLICT (nas_id, day) DO UPDATE SET \
             input_octets = usage_daily_nas.input_octets + excluded.input_octets, \
             output_octets = usage_daily_nas.output_octets + excluded.output_octets, \
             session_seconds = usage_daily_nas.session_seconds + excluded.session_seconds, \
             sessions = usage_daily_nas.sessions + excluded.sessions",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (nas_id, day, d) in chunk {
            q = q
                .bind(*nas_id)
                .bind((*day).clone())
                .bind(d.input_octets)
                .bind(d.output_octets)
                .bind(d.session_seconds)
                .bind(d.sessions);
        }
        q.execute(&mut *conn).await?;
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
