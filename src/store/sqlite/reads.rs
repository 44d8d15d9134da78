//! Reads on the request path of a SQLite store, through rusqlite connections the store
//! keeps beside its sqlx pool (the store's `fast` side). A sqlx SQLite query is handed to the driver's worker thread
//! and back, and profiles of CHAP logins showed those two thread switches costing more than
//! the query itself; a prepared statement run in place takes a few microseconds, and under
//! WAL a reader never waits for the writer.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::commits::Commits;
use crate::store::StoreError;

/// Short, because the caller is an async worker thread: a read that has to wait (the file
/// locked exclusively by another program) gives up and the caller takes the sqlx path,
/// which waits without blocking the runtime.
const BUSY_TIMEOUT: Duration = Duration::from_millis(20);

/// Connections kept for reuse; more are opened when more threads read at once.
const IDLE_MAX: usize = 8;

/// Distinct statements the request path prepares, with room to spare.
const STATEMENT_CACHE: usize = 16;

/// Read-only connections to one SQLite file.
#[derive(Debug)]
pub(crate) struct Fast {
    path: PathBuf,
    idle: Mutex<Vec<Reader>>,
}

/// One read-only connection, with what it knows of the file's commits.
#[derive(Debug)]
pub(crate) struct Reader {
    pub conn: Connection,
    commits: Commits,
    path: PathBuf,
}

impl Reader {
    /// `directory_version`, read only when something was committed since the last read.
    pub(crate) fn directory_version(&self) -> Result<i64, StoreError> {
        self.commits.version(&self.path, || {
            Ok(self
                .conn
                .prepare_cached("SELECT version FROM directory_version WHERE id = 1")?
                .query_row([], |row| row.get(0))?)
        })
    }
}

impl Fast {
    /// Reads of the database file at `path` (which must exist).
    pub(crate) fn new(path: &Path) -> Fast {
        Fast {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` on a connection of its own; the connection is kept for the next call
    /// unless `f` failed, since a failure may have left it unusable.
    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&Reader) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let reader = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let reader = match reader {
            Some(r) => r,
            None => self.open()?,
        };
        let result = f(&reader);
        if result.is_ok() {
            if let Ok(mut idle) = self.idle.lock() {
                if idle.len() < IDLE_MAX {
                    idle.push(reader);
                }
            }
        }
        result
    }

    /// How many times the idle connections read `directory_version`.
    #[cfg(test)]
    pub(crate) fn version_reads(&self) -> u64 {
        self.idle
            .lock()
            .map(|idle| idle.iter().map(|r| r.commits.reads()).sum())
            .unwrap_or(0)
    }

    fn open(&self) -> Result<Reader, StoreError> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A login reads a handful of pages, which the OS keeps cached anyway; SQLite's
        // default of 2 MiB per connection would only add to the server's footprint.
        conn.execute_batch("PRAGMA cache_size = -256")?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(Reader {
            conn,
            commits: Commits::default(),
            path: self.path.clone(),
        })
    }
}

/// A rusqlite row read from column `next` on; every column's name must be `prefix` + the
/// name asked for, so a query whose select list drifted from the decoder fails loudly.
pub(crate) struct Positional<'r, 's> {
    pub row: &'r rusqlite::Row<'s>,
    pub next: usize,
    pub prefix: &'r str,
}

impl Positional<'_, '_> {
    fn get<T: rusqlite::types::FromSql>(&mut self, name: &str) -> Result<T, StoreError> {
        let i = self.next;
        let actual = self.row.as_ref().column_name(i)?;
        if actual.strip_prefix(self.prefix) != Some(name) {
            return Err(StoreError::Invalid(format!(
                "column {i} is {actual}, expected {}{name}",
                self.prefix
            )));
        }
        self.next += 1;
        Ok(self.row.get(i)?)
    }
}

crate::store::row::columns_by_get!(Positional<'_, '_>);
