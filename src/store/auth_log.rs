//! The authentication log: one row per accept/reject with its reason, bounded retention.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError, get_bool};

pub(crate) const AUTH_LOG_COLUMNS: &str =
    "at, username, nas_id, method, accepted, reason, calling_station_id, reply_message";

/// One authentication outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthLogEntry {
    /// Epoch seconds.
    pub at: i64,
    pub username: String,
    pub nas_id: Option<i64>,
    /// pap | chap | mschapv2 | none
    pub method: String,
    pub accepted: bool,
    /// e.g. "ok", "unknown user", "bad password", "disabled", "expired".
    pub reason: String,
    pub calling_station_id: Option<String>,
    /// The Reply-Message the person was shown, if any.
    pub message: Option<String>,
}

impl AuthLogEntry {
    pub(crate) fn from_row(row: &AnyRow) -> Result<AuthLogEntry, sqlx::Error> {
        Ok(AuthLogEntry {
            at: row.try_get("at")?,
            username: row.try_get("username")?,
            nas_id: row.try_get("nas_id")?,
            method: row.try_get("method")?,
            accepted: get_bool(row, "accepted")?,
            reason: row.try_get("reason")?,
            calling_station_id: row.try_get("calling_station_id")?,
            message: row.try_get("reply_message")?,
        })
    }
}

impl Store {
    /// Newest first, optionally for one user.
    pub async fn recent_auth_log(
        &self,
        username: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuthLogEntry>, StoreError> {
        // `id` breaks ties between rows of the same second, keeping insertion order.
        let rows = match username {
            Some(u) => {
                sqlx::query(&format!(
                    "SELECT {AUTH_LOG_COLUMNS} FROM auth_log WHERE username = $1 \
                     ORDER BY at DESC, id DESC LIMIT $2"
                ))
                .bind(u)
                .bind(limit.max(0))
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!(
                    "SELECT {AUTH_LOG_COLUMNS} FROM auth_log ORDER BY at DESC, id DESC LIMIT $1"
                ))
                .bind(limit.max(0))
                .fetch_all(&self.pool)
                .await?
            }
        };
        Ok(rows
            .iter()
            .map(AuthLogEntry::from_row)
            .collect::<Result<_, _>>()?)
    }

    /// Deletes rows older than `before` (epoch seconds); returns how many.
    pub async fn purge_auth_log(&self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM auth_log WHERE at < $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}

impl Store {
    /// One page of the authentication log, newest first, and the total.
    pub async fn auth_log_page(
        &self,
        username: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AuthLogEntry>, i64), StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {AUTH_LOG_COLUMNS} FROM auth_log WHERE ($1 = '' OR username = $1) \
             ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3"
        ))
        .bind(username.unwrap_or_default())
        .bind(limit.max(0))
        .bind(offset.max(0))
        .fetch_all(&self.pool)
        .await?;
        let total: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM auth_log WHERE ($1 = '' OR username = $1)")
                .bind(username.unwrap_or_default())
                .fetch_one(&self.pool)
                .await?
                .try_get("n")?;
        let entries = rows
            .iter()
            .map(AuthLogEntry::from_row)
            .collect::<Result<_, _>>()?;
        Ok((entries, total))
    }
}
