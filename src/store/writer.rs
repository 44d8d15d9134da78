//! The store's one writer for the request path: a thread that takes accounting records
//! from a bounded queue, commits what is queued (up to `batch_max`) in one transaction and
//! only then answers each record (RFC 2866: never acknowledge what was not recorded). Auth
//! activity batches go through the same thread, so the two never wait on each other's
//! lock. Callers see one sink; which executor carries the batches (the SQLite thread's own
//! connection, or the sqlx pool) is decided here and nowhere else.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::batch::record::AcctRecord;
use super::batch::work::{Executor, Work};
use super::health::AuthActivity;
use super::{Backend, Store, StoreError};

/// How the writer batches queued records (see `[accounting]` in the configuration).
#[derive(Debug, Clone, Copy)]
pub struct WriterSettings {
    /// Wait for the disk on every accounting commit (SQLite `synchronous=FULL`): an
    /// acknowledged record survives power loss, not only a crash.
    pub fsync: bool,
    /// Records waiting at most; beyond this `queue` refuses new ones.
    pub queue_max: usize,
    /// Records committed together at most.
    pub batch_max: usize,
    /// How long a batch waits for more records after its first (zero: take what is
    /// queued and go).
    pub batch_window: Duration,
}

/// Why a record was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueError {
    /// The queue is full: the request is dropped and the NAS retries.
    Full,
    /// The writer has stopped.
    Stopped,
}

/// Pause after a failed batch, so a database that is down is not hammered in a loop.
const FAILURE_BACKOFF: Duration = Duration::from_millis(250);

/// PostgreSQL under load: a batch waits up to this long for as many records as the
/// previous batch held (see `Follow`).
const FOLLOW_WAIT: Duration = Duration::from_millis(1);

/// PostgreSQL under load: the smallest previous batch that makes the next one wait.
const FOLLOW_MIN: usize = 8;

/// On PostgreSQL a batch costs a commit and a handful of round trips whatever its size, so
/// under load fewer, fuller batches carry more. The records a commit answers come back
/// soon (their NAS send the next one), so once a batch held `FOLLOW_MIN` records or more
/// the next one waits up to `FOLLOW_WAIT` until it holds as many. A lightly loaded server
/// (batches of one or two) never waits, so its latency stays a commit. SQLite's commit is
/// cheap enough that waiting costs more than it saves (BENCHMARKS.md, session 8), so its
/// writer never follows.
#[derive(Debug, Clone, Copy)]
struct Follow {
    enabled: bool,
    previous: usize,
}

impl Follow {
    /// How many records the next batch waits for, and until when; `None`: take what is
    /// queued.
    fn target(&self, now: Instant) -> Option<(usize, Instant)> {
        (self.enabled && self.previous >= FOLLOW_MIN).then(|| (self.previous, now + FOLLOW_WAIT))
    }
}

// Records are nearly every message; boxing them to shrink the rare `Work` one would cost
// an allocation per record.
#[allow(clippy::large_enum_variant)]
enum Msg {
    /// One accounting record, committed together with whatever else is queued;
    /// `committed` gets `()` once it is, and is dropped if its batch failed.
    Record {
        record: AcctRecord,
        committed: oneshot::Sender<()>,
    },
    /// Work applied as given, in a transaction of its own.
    Work {
        work: Work,
        done: oneshot::Sender<Result<(), StoreError>>,
    },
}

/// The request path's handle on the writer; cheap to clone. The thread ends when every
/// handle is dropped and its queue is empty.
#[derive(Debug, Clone)]
pub struct StoreWriter {
    tx: flume::Sender<Msg>,
    executor: &'static str,
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Msg::Record { .. } => "Msg::Record",
            Msg::Work { .. } => "Msg::Work",
        })
    }
}

impl Store {
    /// Starts the writer: on a SQLite file the thread applies batches on a connection of
    /// its own (prepared single-row statements and what it remembers between batches);
    /// on PostgreSQL and in-memory SQLite it applies them through the pool. Call from
    /// within the tokio runtime.
    pub async fn start_writer(&self, settings: WriterSettings) -> Result<StoreWriter, StoreError> {
        let file = match self.backend {
            Backend::Sqlite => self.sqlite_file().await?,
            Backend::Postgres => None,
        };
        let (executor, name): (Box<dyn Executor>, _) = match file {
            Some(path) => (
                Box::new(super::sqlite::writer::Connection::new(
                    path,
                    settings.fsync,
                    self.ledger.clone(),
                    self.who_queued.clone(),
                )),
                "sqlite",
            ),
            None => (
                Box::new(super::batch::pooled::PoolExecutor::new(
                    self.clone(),
                    settings.fsync,
                )),
                "pool",
            ),
        };
        let follow = Follow {
            enabled: self.backend == Backend::Postgres,
            previous: 0,
        };
        let (tx, rx) = flume::bounded(settings.queue_max.max(1));
        // A receiver does not keep the thread alive (it ends when the senders are gone).
        let probe = rx.clone();
        crate::metrics::METRICS.probe_accounting_queue(Box::new(move || probe.len()));
        std::thread::Builder::new()
            .name("radkota-writer".into())
            .spawn(move || run(executor, settings, follow, rx))
            .map_err(|e| StoreError::Invalid(format!("cannot start the store writer: {e}")))?;
        tracing::debug!(executor = name, "store writer started");
        Ok(StoreWriter { tx, executor: name })
    }
}

impl StoreWriter {
    /// Queues one accounting record; the receiver gets `()` once it is committed, and an
    /// error if its batch failed. Never waits: a full queue refuses the record.
    pub fn queue(&self, record: AcctRecord) -> Result<oneshot::Receiver<()>, QueueError> {
        let (committed, receiver) = oneshot::channel();
        match self.tx.try_send(Msg::Record { record, committed }) {
            Ok(()) => Ok(receiver),
            Err(flume::TrySendError::Full(_)) => Err(QueueError::Full),
            Err(flume::TrySendError::Disconnected(_)) => Err(QueueError::Stopped),
        }
    }

    /// Reads how many records and pieces of work wait for the writer thread, without
    /// keeping the thread alive (it ends when the last `StoreWriter` goes, gauge or not).
    pub fn depth_gauge(&self) -> impl Fn() -> usize + Send + Sync + 'static {
        let weak = self.tx.downgrade();
        move || weak.upgrade().map_or(0, |tx| tx.len())
    }

    /// Which executor carries the batches: `sqlite` (the thread's own connection to the
    /// file) or `pool` (sqlx).
    pub fn executor(&self) -> &'static str {
        self.executor
    }

    /// Applies the records in one transaction of their own, in order; `Ok` once committed.
    /// On `Err` nothing of the batch is stored.
    pub async fn apply(&self, records: Vec<AcctRecord>) -> Result<(), StoreError> {
        self.run(Work::Accounting(records)).await
    }

    /// Writes a batch of authentication outcomes (log rows, daily counts, contacts).
    pub async fn record_auth_activity(&self, batch: Arc<AuthActivity>) -> Result<(), StoreError> {
        self.run(Work::AuthActivity(batch)).await
    }

    async fn run(&self, work: Work) -> Result<(), StoreError> {
        let stopped = || StoreError::Unavailable("the store writer has stopped".into());
        let (done, result) = oneshot::channel();
        self.tx
            .send_async(Msg::Work { work, done })
            .await
            .map_err(|_| stopped())?;
        result.await.map_err(|_| stopped())?
    }
}

/// The thread: takes every record queued (up to `batch_max`) into one transaction, answers
/// each once it committed, and goes straight on to the next; it never waits for the async
/// side between batches, which profiles showed idling it for a sixth of its time.
fn run(
    mut executor: Box<dyn Executor>,
    settings: WriterSettings,
    mut follow: Follow,
    rx: flume::Receiver<Msg>,
) {
    let max = settings.batch_max.max(1);
    let mut next = None;
    loop {
        let msg = match next.take() {
            Some(msg) => msg,
            None => match rx.recv() {
                Ok(msg) => msg,
                Err(_) => break,
            },
        };
        let (record, committed) = match msg {
            Msg::Work { work, done } => {
                let _ = done.send(executor.apply(work));
                continue;
            }
            Msg::Record { record, committed } => (record, committed),
        };
        let mut records = vec![record];
        let mut waiters = vec![committed];
        next = gather(&rx, &settings, follow, max, &mut records, &mut waiters);
        let (size, began) = (records.len(), Instant::now());
        follow.previous = size;
        let applied = executor.apply(Work::Accounting(records));
        crate::metrics::METRICS.committed(size, began.elapsed(), applied.is_ok());
        match applied {
            Ok(()) => {
                for w in waiters {
                    // The request may have been abandoned meanwhile; its record is stored
                    // anyway and a retransmission is answered from the new state.
                    let _ = w.send(());
                }
            }
            Err(e) => {
                let n = waiters.len();
                drop(waiters);
                tracing::error!(error = %e, records = n,
                    "accounting batch not stored; requests left unanswered so the NAS retries");
                std::thread::sleep(FAILURE_BACKOFF);
            }
        }
    }
    tracing::debug!("store writer finished");
}

/// Adds queued records to the batch until it is full, the queue is empty (or the batch
/// window, or the wait to follow the previous batch's size, is over), or other work comes
/// up; that work is returned, to run after this batch so records stay in order.
fn gather(
    rx: &flume::Receiver<Msg>,
    settings: &WriterSettings,
    follow: Follow,
    max: usize,
    records: &mut Vec<AcctRecord>,
    waiters: &mut Vec<oneshot::Sender<()>>,
) -> Option<Msg> {
    let now = Instant::now();
    let window = (!settings.batch_window.is_zero()).then(|| now + settings.batch_window);
    let follow = follow.target(now);
    while records.len() < max {
        // The window waits for the whole of it; following waits only until the batch is
        // as big as the previous one.
        let wait_until = match (window, follow) {
            (Some(w), _) => Some(w),
            (None, Some((want, until))) if records.len() < want => Some(until),
            _ => None,
        };
        let more = match rx.try_recv() {
            Ok(msg) => msg,
            Err(flume::TryRecvError::Empty) => match wait_until {
                Some(deadline) => match rx.recv_deadline(deadline) {
                    Ok(msg) => msg,
                    Err(_) => return None,
                },
                None => return None,
            },
            Err(_) => return None,
        };
        match more {
            Msg::Record { record, committed } => {
                records.push(record);
                waiters.push(committed);
            }
            work => return Some(work),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_loaded_postgres_writer_waits_to_follow() {
        let now = Instant::now();
        let follow = |enabled, previous| Follow { enabled, previous }.target(now);
        // Light load (batches of one or a few) and SQLite never wait.
        assert_eq!(follow(true, 0), None);
        assert_eq!(follow(true, FOLLOW_MIN - 1), None);
        assert_eq!(follow(false, 64), None);
        // Under load the next batch waits, briefly, for as many as the last one held.
        assert_eq!(
            follow(true, FOLLOW_MIN),
            Some((FOLLOW_MIN, now + FOLLOW_WAIT))
        );
        assert_eq!(follow(true, 32), Some((32, now + FOLLOW_WAIT)));
    }
}
