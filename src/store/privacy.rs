//! Personal data lifecycle (UU PDP 27/2022): the retention purge of raw rows (sessions, the
//! authentication log, optionally old per-person rollups) and `user forget`, both of which
//! leave every aggregate (per-NAS, per-plan, hourly, peaks, distinct-user sets) unchanged.

use serde_json::json;
use sqlx::Row;

use super::audit::{Actor, AuditChain};
use super::distinct::day_string;
use super::sessions::state;
use super::{Store, StoreError};

/// Rows deleted per statement by the purge, so that a large first purge never holds the
/// database's write lock long enough to stall the accounting writer.
const PURGE_CHUNK: i64 = 5_000;

/// What one retention run removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeCounts {
    /// Closed or stale sessions last seen before the session cut-off.
    pub sessions: u64,
    /// Authentication log rows before the auth-log cut-off.
    pub auth_log: u64,
    /// `usage_daily_user` rows of whole months before the per-person cut-off.
    pub usage_user: u64,
    /// `usage_daily_user_nas` rows of the same months.
    pub usage_user_nas: u64,
    /// Distinct-user periods built first so that unique-user counts survive.
    pub distinct_built: usize,
}

/// The cut-offs of one retention run; `None` keeps that kind of row forever.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeCutoffs {
    /// Epoch seconds: sessions not open and last seen (server clock) before this go.
    pub sessions_before: Option<i64>,
    /// Epoch seconds: auth log rows before this go.
    pub auth_log_before: Option<i64>,
    /// First day kept of per-person daily rollups; rounded down to the first of its month
    /// so a month is either whole or gone (its distinct-user set is built from whole data).
    pub user_usage_from: Option<chrono::NaiveDate>,
}

/// What `user forget` did, for the audit row and the operator.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ForgetSummary {
    /// The forgotten user's id (the only handle left, in `#<id>` pseudonyms).
    pub user_id: i64,
    pub sessions_deleted: u64,
    pub auth_log_deleted: u64,
    /// `usage_daily_user` rows whose username became `#<id>`.
    pub usage_user_pseudonymised: u64,
    /// `usage_daily_user_nas` rows whose username became `#<id>`.
    pub usage_user_nas_pseudonymised: u64,
}

/// The pseudonym that replaces a forgotten user's name in rollups.
pub fn forgotten_name(user_id: i64) -> String {
    format!("#{user_id}")
}

impl Store {
    /// Runs one retention purge with the given cut-offs. Open sessions are never removed,
    /// and no aggregate table is touched.
    pub async fn purge_personal_data(
        &self,
        cutoffs: &PurgeCutoffs,
    ) -> Result<PurgeCounts, StoreError> {
        let mut counts = PurgeCounts::default();
        if let Some(before) = cutoffs.sessions_before {
            counts.sessions = self
                .delete_in_chunks(
                    "sessions",
                    &format!("state <> '{}' AND seen_at < $1", state::OPEN),
                    before,
                )
                .await?;
        }
        if let Some(before) = cutoffs.auth_log_before {
            counts.auth_log = self.delete_in_chunks("auth_log", "at < $1", before).await?;
        }
        if let Some(from) = cutoffs.user_usage_from {
            let first = chrono::Datelike::with_day(&from, 1).unwrap_or(from);
            // Unique-user counts of the purged months must come from built sets from now on.
            counts.distinct_built = self.build_distinct_sets(first).await?;
            let cut = day_string(first);
            for (table, field) in [
                ("usage_daily_user", &mut counts.usage_user),
                ("usage_daily_user_nas", &mut counts.usage_user_nas),
            ] {
                *field = sqlx::query(&format!("DELETE FROM {table} WHERE day < $1"))
                    .bind(&cut)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
            }
        }
        Ok(counts)
    }

    /// Deletes rows of `table` matching `condition` (with `$1` = `bound`) a chunk at a time.
    async fn delete_in_chunks(
        &self,
        table: &str,
        condition: &str,
        bound: i64,
    ) -> Result<u64, StoreError> {
        let sql = format!(
            "DELETE FROM {table} WHERE id IN \
             (SELECT id FROM {table} WHERE {condition} LIMIT {PURGE_CHUNK})"
        );
        let mut total = 0;
        loop {
            let n = sqlx::query(&sql)
                .bind(bound)
                .execute(&self.pool)
                .await?
                .rows_affected();
            total += n;
            if n < PURGE_CHUNK as u64 {
                return Ok(total);
            }
        }
    }

    /// Removes a person: their account and limits, sessions and authentication log rows
    /// (which hold their device MAC addresses), and their name in the per-person rollups,
    /// which becomes `#<user_id>` so every sum and distinct-user count stays. One
    /// transaction with its audit row, whose target is `user#<id>` (never the name).
    /// Refuses while the user has an open session: a later Interim-Update would recreate the
    /// row and count its traffic again.
    pub async fn forget_user(
        &self,
        username: &str,
        actor: &Actor,
    ) -> Result<ForgetSummary, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut chain = AuditChain::lock(&mut tx).await?;
        let row = sqlx::query("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "user",
                name: username.to_string(),
            })?;
        let user_id: i64 = row.try_get("id")?;
        let open: i64 = sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM sessions WHERE state = '{}' \
             AND (username = $1 OR user_id = $2)",
            state::OPEN
        ))
        .bind(username)
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
        if open > 0 {
            return Err(StoreError::Invalid(format!(
                "user '{username}' has {open} open session(s): disable the account \
                 (`radkota user disable`), wait for the sessions to end or disconnect them \
                 (`radkota session disconnect`), then forget"
            )));
        }
        let pseudonym = forgotten_name(user_id);
        let mut summary = ForgetSummary {
            user_id,
            ..ForgetSummary::default()
        };
        summary.sessions_deleted =
            sqlx::query("DELETE FROM sessions WHERE username = $1 OR user_id = $2")
                .bind(username)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        summary.auth_log_deleted = sqlx::query("DELETE FROM auth_log WHERE username = $1")
            .bind(username)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        // Rows written before the account existed carry no id; they take the pseudonym too.
        summary.usage_user_pseudonymised = sqlx::query(
            "UPDATE usage_daily_user SET username = $1, user_id = $2 WHERE username = $3",
        )
        .bind(&pseudonym)
        .bind(user_id)
        .bind(username)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        summary.usage_user_nas_pseudonymised =
            sqlx::query("UPDATE usage_daily_user_nas SET username = $1 WHERE username = $2")
                .bind(&pseudonym)
                .bind(username)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        sqlx::query("DELETE FROM user_limits WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let after = json!({
            "sessions_deleted": summary.sessions_deleted,
            "auth_log_deleted": summary.auth_log_deleted,
            "usage_user_pseudonymised": summary.usage_user_pseudonymised,
            "usage_user_nas_pseudonymised": summary.usage_user_nas_pseudonymised,
        });
        chain
            .append(
                &mut tx,
                actor,
                "user.forget",
                &format!("user{pseudonym}"),
                None,
                Some(&after),
            )
            .await?;
        chain.finish(&mut tx).await?;
        tx.commit().await?;
        Ok(summary)
    }
}
