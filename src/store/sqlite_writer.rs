//! The server's SQLite writer: one OS thread owning one rusqlite connection to the store's
//! database file, applying accounting batches and auth-log batches with prepared
//! statements. One thread for both, so they never wait on each other's file lock.
//! Through sqlx every statement is handed to the driver's worker thread and its arguments
//! converted by the `Any` driver, which cost more CPU per record than SQLite's own work;
//! here a batch is a handful of prepared statements run in place. The semantics are those
//! of `Store::apply_accounting_with` (see `sessions::apply_accounting_direct`).

use std::borrow::Cow;
use std::path::Path;
use std::sync::{OnceLock, mpsc};
use std::time::Duration;

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
    AuthActivity(std::sync::Arc<AuthActivity>),
}

struct Batch {
    work: Work,
    done: oneshot::Sender<Result<(), StoreError>>,
}

/// Handle on the thread; the thread ends when every handle is dropped.
#[derive(Debug, Clone)]
pub struct SqliteWriterThread {
    tx: mpsc::Sender<Batch>,
}

impl SqliteWriterThread {
    /// Starts the thread for the store's SQLite file, with `synchronous=FULL` when `fsync`
    /// (an acknowledged record survives power loss) and NORMAL otherwise. `None` for
    /// PostgreSQL and for an in-memory SQLite database, which no second connection can see.
    pub async fn start(
        store: &Store,
        fsync: bool,
    ) -> Result<Option<SqliteWriterThread>, StoreError> {
        if store.backend() != Backend::Sqlite {
            return Ok(None);
        }
        let Some(path) = store.sqlite_file().await? else {
            return Ok(None);
        };
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("radkota-sqlite-writer".into())
            .spawn(move || run(&path, fsync, rx))
            .map_err(|e| StoreError::Invalid(format!("cannot start accounting thread: {e}")))?;
        Ok(Some(SqliteWriterThread { tx }))
    }

    /// Applies the records in one transaction, in order; `Ok` once committed. On `Err`
    /// nothing of the batch is stored.
    pub async fn apply(&self, records: Vec<AcctRecord>) -> Result<(), StoreError> {
        self.run(Work::Accounting(records)).await
    }

    /// As `Store::record_auth_activity`.
    pub async fn record_auth_activity(
        &self,
        batch: std::sync::Arc<AuthActivity>,
    ) -> Result<(), StoreError> {
        self.run(Work::AuthActivity(batch)).await
    }

    async fn run(&self, work: Work) -> Result<(), StoreError> {
        let (done, result) = oneshot::channel();
        self.tx
            .send(Batch { work, done })
            .map_err(|_| StoreError::Invalid("accounting thread has stopped".into()))?;
        result
            .await
            .map_err(|_| StoreError::Invalid("accounting thread has stopped".into()))?
    }
}

fn run(path: &Path, fsync: bool, rx: mpsc::Receiver<Batch>) {
    // Opened on first use and again after a failed open, so a database that was briefly
    // unavailable at start-up recovers by itself.
    let mut conn: Option<Connection> = None;
    let mut cache = WriterCache::default();
    while let Ok(batch) = rx.recv() {
        let c = match conn.as_mut() {
            Some(c) => c,
            None => match open(path, fsync) {
                Ok(c) => conn.insert(c),
                Err(e) => {
                    let _ = batch.done.send(Err(e));
                    continue;
                }
            },
        };
        let result = match &batch.work {
            Work::Accounting(records) => {
                super::sessions::apply_accounting_direct(c, records, &mut cache)
            }
            Work::AuthActivity(activity) => super::health::record_auth_activity_direct(c, activity),
        };
        // The writer may have given up waiting (timeout); the outcome is then unknown to
        // it, which is safe because applying a record twice changes nothing.
        let _ = batch.done.send(result);
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
