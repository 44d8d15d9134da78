//! Hotspot-health facts: each NAS's latest contact (`nas_health`) and its authentication
//! outcomes per day (`auth_daily_nas`), written by the accounting writer and the auth log
//! writer so that `report hotspots` reads a few hundred rows, not the logs.

use sqlx::Row;

use super::{AuthLogEntry, Store, StoreError};

/// Authentication outcomes of one NAS on one day, to add.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthDaily {
    pub day: String,
    pub nas_id: i64,
    pub accepts: i64,
    pub rejects: i64,
    /// Requests dropped for a bad authenticator or Message-Authenticator.
    pub bad_authenticators: i64,
}

/// The latest authentication contact of one NAS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NasContact {
    pub nas_id: i64,
    pub last_request_at: i64,
    pub last_login_at: Option<i64>,
    pub nas_identifier: Option<String>,
}

/// What the auth log writer stores in one transaction.
#[derive(Debug, Clone, Default)]
pub struct AuthActivity {
    pub entries: Vec<AuthLogEntry>,
    pub daily: Vec<AuthDaily>,
    pub contacts: Vec<NasContact>,
}

/// Sets the ceiling above which a session's counter growth is flagged, not charged
/// (`accounting.plausible_max_gbps`); the accounting writer applies it from its next batch.
pub fn set_plausible_max_gbps(gbps: u32) {
    super::batch::row::set_max_gbps(gbps);
}

/// The implausible accounting records of one NAS since a given time (`sessions` flagged by
/// the accounting writer, migration 0008).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImplausibleCounts {
    pub nas_id: i64,
    /// Sessions with at least one.
    pub sessions: i64,
    /// Records not charged.
    pub records: i64,
    /// Server time of the latest.
    pub last_at: i64,
}

impl Store {
    /// Per NAS, the sessions flagged for implausible accounting at or after `since` (epoch
    /// seconds) and the records they hold.
    pub async fn implausible_per_nas(
        &self,
        since: i64,
    ) -> Result<Vec<ImplausibleCounts>, StoreError> {
        let rows = sqlx::query(
            "SELECT nas_id, COUNT(*) AS sessions, \
             CAST(SUM(implausible_records) AS BIGINT) AS records, \
             MAX(implausible_at) AS last_at FROM sessions \
             WHERE implausible IS NOT NULL AND implausible_at >= $1 GROUP BY nas_id",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ImplausibleCounts {
                    nas_id: r.try_get("nas_id")?,
                    sessions: r.try_get("sessions")?,
                    records: r.try_get("records")?,
                    last_at: r.try_get("last_at")?,
                })
            })
            .collect()
    }

    /// The flag of one session (`None` when none of its records was implausible): the
    /// latest reason and the count, for tests and `session show`-like tools.
    pub async fn session_implausible(
        &self,
        nas_id: i64,
        acct_session_id: &str,
    ) -> Result<Option<(String, i64)>, StoreError> {
        let row = sqlx::query(
            "SELECT implausible, implausible_records FROM sessions \
             WHERE nas_id = $1 AND acct_session_id = $2 AND implausible IS NOT NULL",
        )
        .bind(nas_id)
        .bind(acct_session_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((r.try_get("implausible")?, r.try_get("implausible_records")?)))
            .transpose()
    }
}
