//! The request path's side of group commit: a record is queued on the store's writer and
//! the request waits until its batch has committed (RFC 2866 §4.1: never acknowledge what
//! was not recorded). Batching, executors and back-off live in `store::writer`.

use crate::store::{AcctRecord, QueueError, StoreWriter};

/// Why a record was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("accounting queue full")]
    QueueFull,
    #[error("accounting record not committed")]
    NotCommitted,
}

/// The request path's handle on the writer; cheap to clone.
#[derive(Debug, Clone)]
pub struct AccountingWriter {
    writer: StoreWriter,
}

impl AccountingWriter {
    /// Records through `writer` (see `Store::start_writer`).
    pub fn new(writer: StoreWriter) -> AccountingWriter {
        AccountingWriter { writer }
    }

    /// Queues a record and waits until its batch has committed.
    pub async fn record(&self, record: AcctRecord) -> Result<(), RecordError> {
        let done = self.writer.queue(record).map_err(|e| match e {
            QueueError::Full => RecordError::QueueFull,
            QueueError::Stopped => RecordError::NotCommitted,
        })?;
        done.await.map_err(|_| RecordError::NotCommitted)
    }
}
