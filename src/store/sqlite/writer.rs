//! The writer thread's own connection to a SQLite file (see `store::writer`): opened on
//! first use and again after a failure, so a database briefly unavailable at start-up
//! recovers by itself. Through sqlx every statement was handed to the driver's worker
//! thread and its arguments converted by the `Any` driver, which cost more CPU per record
//! than SQLite's own work; here a batch is a handful of prepared statements run in place.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::OpenFlags;

use super::cache::WriterCache;
use crate::store::StoreError;
use crate::store::batch::who_queue::Pending;
use crate::store::batch::work::{Executor, Work};
use crate::store::ledger::Ledger;

/// As the pool's `busy_timeout`: a batch waits this long for another writer's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a batch sleeps between tries for a lock another connection holds.
const BUSY_RETRY: Duration = Duration::from_micros(100);

/// Distinct statements a batch prepares (sessions, rollups, peaks, health, distinct sets,
/// auth log), with room to spare, so none is ever re-prepared.
const STATEMENT_CACHE: usize = 32;

/// The thread's connection and what it remembers between batches.
pub(crate) struct Connection {
    path: PathBuf,
    fsync: bool,
    conn: Option<rusqlite::Connection>,
    cache: WriterCache,
    ledger: Arc<Ledger>,
    who: Arc<Pending>,
}

impl Connection {
    /// A connection to the file at `path`, opened when first needed; what its batches
    /// change of the users' usage goes to `ledger`, what they queue for `session who` is
    /// counted in `who`.
    pub(crate) fn new(
        path: PathBuf,
        fsync: bool,
        ledger: Arc<Ledger>,
        who: Arc<Pending>,
    ) -> Connection {
        Connection {
            path,
            fsync,
            conn: None,
            cache: WriterCache::default(),
            ledger,
            who,
        }
    }
}

impl Executor for Connection {
    fn apply(&mut self, work: Work) -> Result<(), StoreError> {
        let conn = match self.conn.as_mut() {
            Some(c) => c,
            None => self.conn.insert(open(&self.path, self.fsync)?),
        };
        match work {
            Work::Accounting(records) => {
                super::batch::apply(conn, &records, &mut self.cache, &self.ledger, &self.who)
            }
            Work::AuthActivity(activity) => {
                // The auth log acknowledges nothing to a NAS, so its commit need not wait
                // for fsync: the next accounting commit syncs the WAL file, these frames
                // with it. It was a fifth of a CHAP login's server CPU.
                if self.fsync {
                    conn.execute_batch("PRAGMA synchronous = NORMAL;")?;
                }
                let written = super::batch::apply_auth_activity(conn, &activity);
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

fn open(path: &std::path::Path, fsync: bool) -> Result<rusqlite::Connection, StoreError> {
    // The pool created the file and switched it to WAL (a property of the file); this
    // connection must not create a stray empty database if the file went missing.
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // SQLite's own busy handler sleeps 1, 2, 5, 10 ms... between tries, so a batch that
    // meets a retention slice holding the lock for 2 ms waits 3 ms or more, and its
    // records' replies with it. Trying again every 100 µs takes the lock within that of
    // its release, up to the same 5 seconds.
    conn.busy_handler(Some(retry_soon))?;
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
    // A statement that may fail half-way inside a batch (an upsert, a statement whose
    // triggers write) keeps the pages it changes in a statement journal, which SQLite
    // spills to a temporary file past 64 KiB: 12-14% of the writer's time went to those
    // writes on Start (`perf`, BENCHMARKS.md session 9). In memory they cost a copy; the
    // journal never outlives its statement, so nothing durable depends on it.
    conn.execute_batch("PRAGMA temp_store = MEMORY;")?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

/// The writer's busy handler: sleeps `BUSY_RETRY` and tries again, until `BUSY_TIMEOUT`
/// of real time has passed since the first try (a sleep lasts longer than asked, so the
/// tries alone would overshoot the timeout).
fn retry_soon(tries: i32) -> bool {
    thread_local! {
        static SINCE: std::cell::Cell<Option<std::time::Instant>> =
            const { std::cell::Cell::new(None) };
    }
    let now = std::time::Instant::now();
    let since = SINCE.with(|s| {
        if tries == 0 {
            s.set(Some(now));
        }
        s.get().unwrap_or(now)
    });
    if now.duration_since(since) >= BUSY_TIMEOUT {
        return false;
    }
    std::thread::sleep(BUSY_RETRY);
    true
}
