//! The one place that speaks SQL: sqlx `AnyPool` over SQLite (embedded default, WAL) or
//! PostgreSQL, runtime queries with `$N` placeholders, times as epoch seconds.

pub mod auth_log;
pub mod error;
pub mod nas;
pub mod plans;
pub mod users;

pub use auth_log::AuthLogEntry;
pub use error::StoreError;
pub use nas::{NasRecord, NewNas, RequireMa};
pub use plans::PlanRecord;
pub use users::{NewUser, UserAuth, UserRecord, UserStatus};

use sqlx::AnyPool;

/// Which database the URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle to the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Connects (creating the SQLite file and its directory when missing) without migrating.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let _ = url;
        todo!("store helper")
    }

    /// Applies the migrations of `migrations/<backend>/` (embedded at build time) and seeds
    /// the built-in plans.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        todo!("store helper")
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The underlying pool (for modules that add their own tables later).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        self.pool.close().await
    }
}
