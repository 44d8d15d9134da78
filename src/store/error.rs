//! Typed store errors, phrased for an operator.

/// A store failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(String),
    #[error("{kind} '{name}' already exists")]
    Duplicate { kind: &'static str, name: String },
    #[error("{kind} '{name}' does not exist")]
    NotFound { kind: &'static str, name: String },
    #[error("{0}")]
    Invalid(String),
}
