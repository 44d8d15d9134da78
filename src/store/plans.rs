//! Plans: the bandwidth and time limits a user gets (seeded: `student`, `umkm`).

use super::{Store, StoreError};

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

impl Store {
    /// All plans, by name.
    pub async fn list_plans(&self) -> Result<Vec<PlanRecord>, StoreError> {
        todo!("store helper")
    }

    /// One plan by name.
    pub async fn get_plan(&self, name: &str) -> Result<Option<PlanRecord>, StoreError> {
        let _ = name;
        todo!("store helper")
    }
}
