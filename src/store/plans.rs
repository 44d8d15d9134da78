//! Plans: the bandwidth and time limits a user gets (seeded: `student`, `umkm`).

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};

/// The plan columns, for queries that select a plan (also joined into `user_for_auth`).
pub(crate) const PLAN_COLUMNS: &str =
    "name, description, rate_up, rate_down, session_timeout, idle_timeout";

/// A plan row. Rates are MikroTik-style strings ("2M"); timeouts in seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRecord {
    pub name: String,
    pub description: String,
    /// Client upload rate, e.g. "2M".
    pub rate_up: Option<String>,
    /// Client download rate, e.g. "4M".
    pub rate_down: Option<String>,
    pub session_timeout: Option<i64>,
    pub idle_timeout: Option<i64>,
}

impl PlanRecord {
    /// The MikroTik-Rate-Limit value "rx/tx" as seen from the router (client upload first),
    /// e.g. "2M/4M"; `None` when neither rate is limited.
    pub fn mikrotik_rate_limit(&self) -> Option<String> {
        match (&self.rate_up, &self.rate_down) {
            (None, None) => None,
            (up, down) => Some(format!(
                "{}/{}",
                up.as_deref().unwrap_or("0"),
                down.as_deref().unwrap_or("0")
            )),
        }
    }

    /// Decodes a row selected with [`PLAN_COLUMNS`], under an optional column-name prefix.
    pub(crate) fn from_row(row: &AnyRow, prefix: &str) -> Result<PlanRecord, sqlx::Error> {
        let col = |c: &str| format!("{prefix}{c}");
        Ok(PlanRecord {
            name: row.try_get(col("name").as_str())?,
            description: row.try_get(col("description").as_str())?,
            rate_up: row.try_get(col("rate_up").as_str())?,
            rate_down: row.try_get(col("rate_down").as_str())?,
            session_timeout: row.try_get(col("session_timeout").as_str())?,
            idle_timeout: row.try_get(col("idle_timeout").as_str())?,
        })
    }
}

impl Store {
    /// All plans, by name.
    pub async fn list_plans(&self) -> Result<Vec<PlanRecord>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {PLAN_COLUMNS} FROM plans ORDER BY name"))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| PlanRecord::from_row(r, ""))
            .collect::<Result<_, _>>()?)
    }

    /// One plan by name.
    pub async fn get_plan(&self, name: &str) -> Result<Option<PlanRecord>, StoreError> {
        let row = sqlx::query(&format!("SELECT {PLAN_COLUMNS} FROM plans WHERE name = $1"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| PlanRecord::from_row(&r, "")).transpose()?)
    }
}
