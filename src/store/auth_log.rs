//! The authentication log: one row per accept/reject with its reason, bounded retention.

use super::{Store, StoreError};

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
}

impl Store {
    /// Inserts a batch in one transaction.
    pub async fn insert_auth_log(&self, entries: &[AuthLogEntry]) -> Result<(), StoreError> {
        let _ = entries;
        todo!("store helper")
    }

    /// Newest first, optionally for one user.
    pub async fn recent_auth_log(
        &self,
        username: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuthLogEntry>, StoreError> {
        let _ = (username, limit);
        todo!("store helper")
    }

    /// Deletes rows older than `before` (epoch seconds); returns how many.
    pub async fn purge_auth_log(&self, before: i64) -> Result<u64, StoreError> {
        let _ = before;
        todo!("store helper")
    }
}
