//! The server's SQLite writer: one OS thread owning one rusqlite connection to the store's
//! database file, applying accounting batches and auth-log batches with prepared
//! statements. One thread for both, so they never wait on each other's file lock.
//! Through sqlx every statement is handed to the driver's worker thread and its arguments
//! converted by the `Any` driver, which cost more CPU per record than SQLite's own work;
//! here a batch is a handful of prepared statements run in place. The semantics are those
//! of `Store::apply_accounting_with` (see `sessions::apply_accounting_direct`).

use std::borrow::Cow;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use sqlx::error::{DatabaseError, ErrorKind};
use tokio::sync::oneshot;

use super::writer_cache::WriterCache;
use super::{AcctRecord, AuthActivity, Backend, Store, StoreError};

/// As the pool's `busy_timeout`: a batch waits this long for another writer's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Distinct statements a batch prepares (sessions, rollups, peaks, health, distinct sets),
/// with room to spare, so none is ever re-prepared.
const STATEMENT_CACHE: usize = 32;

/// A statement text built once per process: the thread's statements are fixed, and
/// building them per batch (formatting dozens of placeholders) showed in profiles.
pub(crate) fn sql_once(
    cell: &'static OnceLock<String>,
    build: impl FnOnce() -> String,
) -> &'static str {
    cell.get_or_init(build)
}

/// One transaction's worth of work for the thread.
enum Work {
    Accounting(Vec<AcctRecord>),
    AuthActivity(Arc<AuthActivity>),
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

/// How the thread batches queued records (see `[accounting]` in the configuration).
#[derive(Debug, Clone, Copy)]
pub struct WriterThreadSettings {
    /// `synchronous=FULL` (an acknowledged record survives power loss) or NORMAL.
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
    /// The thread has stopped.
    Stopped,
}

/// Pause after a failed batch, so a database that is down is not hammered in a loop.
const FAILURE_BACKOFF: Duration = Duration::from_millis(250);

/// Handle on the thread; the thread ends when every handle is dropped.
#[derive(Debug, Clone)]
pub struct SqliteWriterThread {
    tx: flume::Sender<Msg>,
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Msg::Record { .. } => "Msg::Record",
            Msg::Work { .. } => "Msg::Work",
        })
    }
}

impl SqliteWriterThread {
    /// Starts the thread for the store's SQLite file. `None` for PostgreSQL and for an
    /// in-memory SQLite database, which no second connection can see.
    pub async fn start_with(
        store: &Store,
        settings: WriterThreadSettings,
    ) -> Result<Option<SqliteWriterThread>, StoreError> {
        if store.backend() != Backend::Sqlite {
            return Ok(None);
        }
        let Some(path) = store.sqlite_file().await? else {
            return Ok(None);
        };
        let (tx, rx) = flume::bounded(settings.queue_max.max(1));
        std::thread::Builder::new()
            .name("radkota-sqlite-writer".into())
            .spawn(move || run(&path, settings, rx))
            .map_err(|e| StoreError::Invalid(format!("cannot start the SQLite writer: {e}")))?;
        Ok(Some(SqliteWriterThread { tx }))
    }

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

    /// Applies the records in one transaction of their own, in order; `Ok` once committed.
    /// On `Err` nothing of the batch is stored.
    pub async fn apply(&self, records: Vec<AcctRecord>) -> Result<(), StoreError> {
        self.run(Work::Accounting(records)).await
    }

    /// As `Store::record_auth_activity`.
    pub async fn record_auth_activity(&self, batch: Arc<AuthActivity>) -> Result<(), StoreError> {
        self.run(Work::AuthActivity(batch)).await
    }

    async fn run(&self, work: Work) -> Result<(), StoreError> {
        let stopped = || StoreError::Invalid("the SQLite writer thread has stopped".into());
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
fn run(path: &Path, settings: WriterThreadSettings, rx: flume::Receiver<Msg>) {
    let mut writer = Writer {
        path,
        fsync: settings.fsync,
        conn: None,
        cache: WriterCache::default(),
    };
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
                let _ = done.send(writer.apply(&work));
                continue;
            }
            Msg::Record { record, committed } => (record, committed),
        };
        let mut records = vec![record];
        let mut waiters = vec![committed];
        let deadline = Instant::now() + settings.batch_window;
        while records.len() < max {
            let more = match rx.try_recv() {
                Ok(msg) => msg,
                Err(flume::TryRecvError::Empty) if !settings.batch_window.is_zero() => {
                    match rx.recv_deadline(deadline) {
                        Ok(msg) => msg,
                        Err(_) => break,
                    }
                }
                Err(_) => break,
            };
            match more {
                Msg::Record { record, committed } => {
                    records.push(record);
                    waiters.push(committed);
                }
                // Other work waits until this batch is done, so records stay in order.
                work => {
                    next = Some(work);
                    break;
                }
            }
        }
        let work = Work::Accounting(records);
        match writer.apply(&work) {
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
}

/// The thread's connection (opened on first use and again after a failed open, so a
/// database that was briefly unavailable at start-up recovers by itself) and cache.
struct Writer<'a> {
    path: &'a Path,
    fsync: bool,
    conn: Option<Connection>,
    cache: WriterCache,
}

impl Writer<'_> {
    fn apply(&mut self, work: &Work) -> Result<(), StoreError> {
        let conn = match self.conn.as_mut() {
            Some(c) => c,
            None => self.conn.insert(open(self.path, self.fsync)?),
        };
        match work {
            Work::Accounting(records) => {
                super::sessions::apply_accounting_direct(conn, records, &mut self.cache)
            }
            Work::AuthActivity(activity) => {
                // The auth log acknowledges nothing to a NAS, so its commit need not wait
                // for fsync: the next accounting commit syncs the WAL file, these frames
                // with it. It was a fifth of a CHAP login's server CPU.
                if self.fsync {
                    conn.execute_batch("PRAGMA synchronous = NORMAL;")?;
                }
                let written = super::health::record_auth_activity_direct(conn, activity);
                if self.fsync && conn.execute_batch("PRAGMA synchronous = FULL;").is_err() {
                    // Accounting must never commit without fsync: start a new connection.
                    self.conn = None;
                    self.cache.clear();
                }
                written
            }
        }
    }
}

fn open(path: &Path, fsync: bool) -> Result<Connection, StoreError> {
    // The pool created the file and switched it to WAL (a property of the file); this
    // connection must not create a stray empty database if the file went missing.
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch(if fsync {
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
    } else {
        "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
    })?;
    // SQLite copies the WAL back into the database file inside the commit that crosses
    // this many pages (default 1,000). That stalls the batch's requests for several
    // milliseconds, which was the whole p99 of accounting at a fixed rate; every 10,000
    // pages the stall is rarer (p99 3.5 ms rather than 5-8 ms at half the maximum rate)
    // and, since hot pages are copied once per checkpoint, the total work is smaller
    // (+12% on Start at window 32). The WAL file grows to about 40 MiB. A checkpoint
    // thread of its own was tried: p99 as good, but 17% less throughput on 2 cores.
    conn.execute_batch("PRAGMA wal_autocheckpoint = 10000;")?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

/// A rusqlite error as a sqlx database error, so callers see one `StoreError::Database`.
#[derive(Debug)]
struct DirectError {
    message: String,
    source: rusqlite::Error,
}

impl std::fmt::Display for DirectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DirectError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl DatabaseError for DirectError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        self.source
            .sqlite_error()
            .map(|e| Cow::Owned(e.extended_code.to_string()))
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> ErrorKind {
        use rusqlite::ffi;
        match self.source.sqlite_error().map(|s| s.extended_code) {
            Some(ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY) => {
                ErrorKind::UniqueViolation
            }
            Some(ffi::SQLITE_CONSTRAINT_FOREIGNKEY) => ErrorKind::ForeignKeyViolation,
            Some(ffi::SQLITE_CONSTRAINT_NOTNULL) => ErrorKind::NotNullViolation,
            Some(ffi::SQLITE_CONSTRAINT_CHECK) => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Database(sqlx::Error::Database(Box::new(DirectError {
            message: e.to_string(),
            source: e,
        })))
    }
}
