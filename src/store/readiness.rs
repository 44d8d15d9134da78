//! Whether the database can serve this instance now: it answers, and every migration this
//! build knows has been applied (`/readyz`), and the few counts `/metrics` reads from it.

use std::time::Duration;

use sqlx::Row;

use super::{Backend, POSTGRES_MIGRATOR, SQLITE_MIGRATOR, Store, StoreError};

/// How long a readiness check may take before the database counts as unreachable.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// Why the database cannot serve this instance.
#[derive(Debug, thiserror::Error)]
pub enum NotReady {
    #[error("database unreachable: {0}")]
    Unreachable(String),
    #[error("migrations pending: {0:?}")]
    Pending(Vec<i64>),
}

impl Store {
    /// Ok when the database answers within two seconds and has every migration applied.
    pub async fn readiness(&self) -> Result<(), NotReady> {
        let applied = tokio::time::timeout(CHECK_TIMEOUT, self.applied_migrations())
            .await
            .map_err(|_| NotReady::Unreachable("no answer within 2 s".into()))?
            .map_err(|e| NotReady::Unreachable(e.to_string()))?;
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        };
        let pending: Vec<i64> = migrator
            .iter()
            .map(|m| m.version)
            .filter(|v| !applied.contains(v))
            .collect();
        if pending.is_empty() {
            Ok(())
        } else {
            Err(NotReady::Pending(pending))
        }
    }

    /// Versions of the migrations applied successfully (none on an empty database).
    async fn applied_migrations(&self) -> Result<Vec<i64>, StoreError> {
        let rows = match sqlx::query("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&self.pool)
            .await
        {
            Ok(rows) => rows,
            // Connected but never migrated: everything is pending.
            Err(sqlx::Error::Database(e)) if e.message().contains("_sqlx_migrations") => {
                return Ok(Vec::new());
            }
            Err(e) => return Err(e.into()),
        };
        rows.iter()
            .map(|r| r.try_get::<i64, _>(0).map_err(StoreError::from))
            .collect()
    }

    /// Sessions open now, across every instance (for `/metrics`); within two seconds. Read
    /// from the per-NAS counts the triggers keep, not by counting the sessions.
    pub async fn open_session_count(&self) -> Result<i64, StoreError> {
        let query = sqlx::query(
            "SELECT CAST(COALESCE(SUM(open_sessions), 0) AS BIGINT) FROM nas_open_sessions",
        )
        .fetch_one(&self.pool);
        let row = tokio::time::timeout(CHECK_TIMEOUT, query)
            .await
            .map_err(|_| StoreError::Unavailable("no answer within 2 s".into()))??;
        Ok(row.try_get::<i64, _>(0)?)
    }
}
