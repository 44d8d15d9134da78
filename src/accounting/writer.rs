//! The group-commit writer: one task takes accounting records from a bounded queue, writes
//! up to `batch_max` of them (or what arrived within `batch_window`) in one transaction, and
//! only then tells each request that it may be acknowledged (RFC 2866 §4.1: never
//! acknowledge what was not recorded).
//!
//! On SQLite the server's writer thread (`store::sqlite_writer`) does all of this itself,
//! from its own bounded queue and with its own connection, at a fraction of the CPU per
//! record of the sqlx pool; PostgreSQL (and an in-memory SQLite database) use this task.

use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::store::sqlite_writer::{QueueError, SqliteWriterThread};
use crate::store::{AcctRecord, Store};

/// A batch that has not committed by then is given up (its requests stay unanswered and
/// the NAS retries); applying a record twice is harmless, so an unknown outcome is safe.
const BATCH_TIMEOUT: Duration = Duration::from_secs(10);

/// Pause after a failed batch, so a down database is not hammered in a tight loop.
const FAILURE_BACKOFF: Duration = Duration::from_millis(250);

/// Why a record was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("accounting queue full")]
    QueueFull,
    #[error("accounting record not committed")]
    NotCommitted,
}

/// A record waiting for the writer task.
#[derive(Debug)]
pub struct Job {
    record: AcctRecord,
    committed: oneshot::Sender<()>,
}

/// Batching limits.
#[derive(Debug, Clone, Copy)]
pub struct WriterSettings {
    pub batch_max: usize,
    pub batch_window: Duration,
    pub queue_max: usize,
    /// Wait for the disk on every batch commit (SQLite); see `accounting.fsync`.
    pub fsync: bool,
}

/// The request path's handle on the writer; cheap to clone.
#[derive(Debug, Clone)]
pub enum AccountingWriter {
    /// A task batching into the store's pool (PostgreSQL, in-memory SQLite).
    Task(mpsc::Sender<Job>),
    /// The SQLite writer thread, which batches its own queue.
    Thread(SqliteWriterThread),
}

impl AccountingWriter {
    /// Starts the writer: `thread` when given (a SQLite file; it was started with the
    /// same settings), else a task batching into the store's pool. The task ends once
    /// every handle is dropped and its queue is empty.
    pub fn start(
        store: Store,
        settings: WriterSettings,
        thread: Option<SqliteWriterThread>,
    ) -> (AccountingWriter, JoinHandle<()>) {
        if let Some(thread) = thread {
            // Every record the thread holds belongs to a request that is still waiting for
            // it, and shutdown waits for those requests; nothing else to wait for here.
            return (AccountingWriter::Thread(thread), tokio::spawn(async {}));
        }
        let (tx, rx) = mpsc::channel(settings.queue_max.max(1));
        let task = tokio::spawn(run(store, rx, settings));
        (AccountingWriter::Task(tx), task)
    }

    /// Queues a record and waits until its batch has committed.
    pub async fn record(&self, record: AcctRecord) -> Result<(), RecordError> {
        let done = match self {
            AccountingWriter::Task(tx) => {
                let (committed, done) = oneshot::channel();
                tx.try_send(Job { record, committed })
                    .map_err(|_| RecordError::QueueFull)?;
                done
            }
            AccountingWriter::Thread(thread) => thread.queue(record).map_err(|e| match e {
                QueueError::Full => RecordError::QueueFull,
                QueueError::Stopped => RecordError::NotCommitted,
            })?,
        };
        done.await.map_err(|_| RecordError::NotCommitted)
    }
}

async fn run(store: Store, mut rx: mpsc::Receiver<Job>, settings: WriterSettings) {
    let max = settings.batch_max.max(1);
    let mut jobs: Vec<Job> = Vec::with_capacity(max);
    loop {
        if rx.recv_many(&mut jobs, max).await == 0 {
            break;
        }
        if jobs.len() < max && !settings.batch_window.is_zero() {
            let deadline = Instant::now() + settings.batch_window;
            while jobs.len() < max {
                let room = max - jobs.len();
                match tokio::time::timeout_at(deadline, rx.recv_many(&mut jobs, room)).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        }
        let (records, waiters): (Vec<AcctRecord>, Vec<oneshot::Sender<()>>) =
            jobs.drain(..).map(|j| (j.record, j.committed)).unzip();
        let n = records.len();
        let outcome = tokio::time::timeout(
            BATCH_TIMEOUT,
            store.apply_accounting_with(&records, settings.fsync),
        )
        .await;
        match outcome {
            Ok(Ok(())) => {
                for w in waiters {
                    // The request may have been abandoned meanwhile; its record is stored
                    // anyway and a retransmission is answered from the new state.
                    let _ = w.send(());
                }
                tracing::trace!(records = n, "accounting batch committed");
            }
            Ok(Err(e)) => {
                tracing::error!(error = %e, records = n,
                    "accounting batch not stored; requests left unanswered so the NAS retries");
                drop(waiters);
                tokio::time::sleep(FAILURE_BACKOFF).await;
            }
            Err(_) => {
                tracing::error!(
                    records = n,
                    timeout_secs = BATCH_TIMEOUT.as_secs(),
                    "accounting batch timed out; requests left unanswered so the NAS retries"
                );
                drop(waiters);
                tokio::time::sleep(FAILURE_BACKOFF).await;
            }
        }
    }
    tracing::debug!("accounting writer finished");
}
