//! Read-only look-ups for `radkota doctor` (migrations not yet applied, PostgreSQL settings
//! that lose data, when each NAS was last heard from, the newest time the database holds),
//! and the audit row of an event that changes nothing (a trace attach).

use serde_json::Value;
use sqlx::Row;

use super::audit::{Actor, AuditedTx};
use super::{Backend, Store, StoreError};

/// When one NAS was last heard from (server clock, epoch seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NasHeard {
    pub nas_id: i64,
    /// Latest Access-Request or accounting record, whichever is newer.
    pub last_heard_at: Option<i64>,
}

impl Store {
    /// The migrations this program has that the database has not applied, as
    /// "NNNN description", and those the database has applied that this program does not
    /// know (a newer version wrote it), as their version numbers.
    pub async fn migration_status(&self) -> Result<(Vec<String>, Vec<i64>), StoreError> {
        let migrator = match self.backend {
            Backend::Sqlite => &super::SQLITE_MIGRATOR,
            Backend::Postgres => &super::POSTGRES_MIGRATOR,
        };
        let table = match self.backend {
            Backend::Sqlite => {
                "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' \
                 AND name = '_sqlx_migrations'"
            }
            Backend::Postgres => {
                "SELECT count(*) AS n FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'"
            }
        };
        let exists: i64 = sqlx::query(table)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let applied: Vec<i64> = if exists > 0 {
            sqlx::query("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.try_get("version"))
                .collect::<Result<_, _>>()?
        } else {
            Vec::new()
        };
        let known: Vec<i64> = migrator.iter().map(|m| m.version).collect();
        let pending = migrator
            .iter()
            .filter(|m| !applied.contains(&m.version))
            .map(|m| format!("{:04} {}", m.version, m.description))
            .collect();
        let unknown = applied.into_iter().filter(|v| !known.contains(v)).collect();
        Ok((pending, unknown))
    }

    /// A PostgreSQL setting (`SHOW name`); `None` on SQLite.
    pub async fn pg_setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        if self.backend != Backend::Postgres {
            return Ok(None);
        }
        // SHOW takes no bind parameters; the name is one of ours, checked to be a word.
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::Invalid(format!("not a setting name: {name}")));
        }
        let row = sqlx::query(&format!("SHOW {name}"))
            .fetch_one(&self.pool)
            .await?;
        Ok(Some(row.try_get(0)?))
    }

    /// When each NAS that has been heard from was last heard from.
    pub async fn nas_last_heard(&self) -> Result<Vec<NasHeard>, StoreError> {
        let rows = sqlx::query("SELECT nas_id, last_request_at, last_acct_at FROM nas_health")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let req: Option<i64> = r.try_get("last_request_at")?;
                let acct: Option<i64> = r.try_get("last_acct_at")?;
                Ok(NasHeard {
                    nas_id: r.try_get("nas_id")?,
                    last_heard_at: req.max(acct),
                })
            })
            .collect()
    }

    /// The newest time written by this server's clock that the database holds (audit log
    /// and auth log), to notice a clock that went back.
    pub async fn newest_recorded_time(&self) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT max(at) FROM audit_log) AS audit, (SELECT max(at) FROM auth_log) AS auth",
        )
        .fetch_one(&self.pool)
        .await?;
        let audit: Option<i64> = row.try_get("audit")?;
        let auth: Option<i64> = row.try_get("auth")?;
        Ok(audit.max(auth))
    }

    /// Appends an audit row for an event that changes no table (who attached a trace, and
    /// with which filter), so watching logins is as accountable as changing them.
    pub async fn audit_event(
        &self,
        actor: &Actor,
        action: &str,
        target: &str,
        detail: &Value,
    ) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        audit.record(action, target, None, Some(detail)).await?;
        audit.commit().await
    }
}
