//! What the store's writer thread hands an executor: one transaction's worth of work, and
//! the trait both executors (the pool's, the SQLite connection's) implement.

use std::sync::Arc;

use super::record::AcctRecord;
use crate::store::StoreError;
use crate::store::health::AuthActivity;

/// One transaction's worth of work.
pub(crate) enum Work {
    Accounting(Vec<AcctRecord>),
    AuthActivity(Arc<AuthActivity>),
}

/// What carries out a transaction's work: implemented by the SQLite thread's connection
/// and by the pool.
pub(crate) trait Executor: Send + 'static {
    /// Applies `work` in one transaction; on `Err` nothing of it is stored.
    fn apply(&mut self, work: Work) -> Result<(), StoreError>;
}
