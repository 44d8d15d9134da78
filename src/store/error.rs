//! Typed store errors, phrased for an operator.

/// A store failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed a statement through the pool.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The SQLite file failed a statement on the server's own connections (writer thread,
    /// in-place reads).
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration could not be applied.
    #[error("migration failed: {0}")]
    Migrate(String),
    /// A unique name is taken.
    #[error("{kind} '{name}' already exists")]
    Duplicate { kind: &'static str, name: String },
    /// A named row is missing.
    #[error("{kind} '{name}' does not exist")]
    NotFound { kind: &'static str, name: String },
    /// The database cannot be reached now (the writer stopped, the pool closed): the
    /// request is left unanswered and retried.
    #[error("{0}")]
    Unavailable(String),
    /// Input or stored data that breaks a rule.
    #[error("{0}")]
    Invalid(String),
}

impl StoreError {
    /// Whether the database gave the transaction up only because another one got in its
    /// way (PostgreSQL's deadlock and serialization failures): running it again is safe
    /// and will usually succeed.
    pub fn is_conflict(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(e)) => {
                matches!(e.code().as_deref(), Some("40P01" | "40001"))
            }
            _ => false,
        }
    }
}
