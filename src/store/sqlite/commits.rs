//! Whether anything was committed to a SQLite file (in WAL mode) since a mark, told by one
//! `pread` of the wal-index header in its `-shm` file rather than by a read transaction.
//! A login of a user the directory holds needs only to learn that `directory_version` did
//! not move; the read transaction that told it (two file locks and a statement) was 15% of
//! the server's CPU per CHAP login in session 15's profile.
//!
//! Every commit rewrites the header (its frame count grows; a WAL restart changes the
//! salts), and SQLite writes it before the commit returns. So a header equal to the one
//! read before the last `directory_version` read means that read still holds. Anything
//! unexpected (no `-shm`, an unknown header version, the two copies of the header unequal
//! while a commit writes them) counts as "changed": the caller reads the version as before.

use std::cell::{Cell, OnceCell};
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

/// Bytes of one copy of the wal-index header; SQLite keeps two, one after the other.
const HEADER: usize = 48;

/// The wal-index format SQLite has written since 3.7.0 (`iVersion`, native byte order).
const WALINDEX_VERSION: u32 = 3_007_000;

/// One copy of the header, as read.
type Header = [u8; HEADER];

/// What one read connection knows of its file's commits.
#[derive(Debug, Default)]
pub(crate) struct Commits {
    /// The `-shm` file, or `None` when it could not be opened even after a read (which
    /// creates it in WAL mode): then every question is answered "changed".
    shm: OnceCell<Option<File>>,
    /// The header read just before the last `directory_version` read, and that version.
    mark: Cell<Option<(Header, i64)>>,
    /// `directory_version` reads so far (what the tests look at).
    #[cfg(test)]
    reads: Cell<u64>,
}

impl Commits {
    /// `directory_version`: the one from the mark when nothing was committed since, else
    /// `read()`'s, marked with the header read before it ran.
    pub(crate) fn version<E>(
        &self,
        db: &Path,
        read: impl FnOnce() -> Result<i64, E>,
    ) -> Result<i64, E> {
        let seen = self.header(db);
        if let (Some(now), Some((then, version))) = (seen, self.mark.get()) {
            if now == then {
                return Ok(version);
            }
        }
        let version = read()?;
        #[cfg(test)]
        self.reads.set(self.reads.get() + 1);
        // A file still missing after a read is not coming (not in WAL mode): stop asking.
        self.shm.get_or_init(|| File::open(shm_path(db)).ok());
        self.mark.set(seen.map(|h| (h, version)));
        Ok(version)
    }

    /// How many times `version` ran its read.
    #[cfg(test)]
    pub(crate) fn reads(&self) -> u64 {
        self.reads.get()
    }

    /// The header when both copies agree and it is one this code knows.
    fn header(&self, db: &Path) -> Option<Header> {
        if self.shm.get().is_none() {
            let _ = self.shm.set(Some(File::open(shm_path(db)).ok()?));
        }
        let shm = self.shm.get()?.as_ref()?;
        let mut both = [0u8; 2 * HEADER];
        shm.read_exact_at(&mut both, 0).ok()?;
        let (first, second) = both.split_at(HEADER);
        let version = u32::from_ne_bytes([first[0], first[1], first[2], first[3]]);
        // Byte 12 is `isInit`: a header not yet initialised is recovered by the next reader.
        (first == second && version == WALINDEX_VERSION && first[12] == 1)
            .then(|| first.try_into().ok())
            .flatten()
    }
}

/// `<db>-shm`, where SQLite keeps the wal-index of the file `db`.
fn shm_path(db: &Path) -> std::path::PathBuf {
    crate::store::sqlite_companion(db, "-shm")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn setup() -> (tempfile::TempDir, std::path::PathBuf, Connection) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.db");
        let w = Connection::open(&path).expect("open");
        w.execute_batch(
            "PRAGMA journal_mode = WAL; CREATE TABLE v (id INTEGER PRIMARY KEY, version INTEGER); \
             INSERT INTO v VALUES (1, 1);",
        )
        .expect("schema");
        (dir, path, w)
    }

    fn read(conn: &Connection) -> rusqlite::Result<i64> {
        conn.query_row("SELECT version FROM v WHERE id = 1", [], |r| r.get(0))
    }

    #[test]
    fn a_commit_by_another_connection_is_seen_and_nothing_else_reads() {
        let (_dir, path, w) = setup();
        let r = Connection::open(&path).expect("reader");
        let c = Commits::default();
        assert_eq!(c.version(&path, || read(&r)).expect("first"), 1);
        assert_eq!(c.version(&path, || read(&r)).expect("second"), 1);
        assert_eq!(c.reads(), 1, "the first read marks");
        for _ in 0..5 {
            assert_eq!(c.version(&path, || read(&r)).expect("unchanged"), 1);
        }
        assert_eq!(c.reads(), 1, "nothing committed: no read");
        // A read by anyone else commits nothing.
        read(&w).expect("other read");
        assert_eq!(c.version(&path, || read(&r)).expect("after a read"), 1);
        assert_eq!(c.reads(), 1);

        w.execute("UPDATE v SET version = 2", []).expect("commit");
        assert_eq!(c.version(&path, || read(&r)).expect("after a commit"), 2);
        assert_eq!(c.reads(), 2);
        // A commit that leaves the version alone is still a commit: read once more.
        w.execute("CREATE TABLE other (x)", []).expect("commit");
        assert_eq!(c.version(&path, || read(&r)).expect("other commit"), 2);
        assert_eq!(c.reads(), 3);
        assert_eq!(c.version(&path, || read(&r)).expect("settled"), 2);
        assert_eq!(c.reads(), 3);
    }

    #[test]
    fn a_restarted_wal_is_seen() {
        let (_dir, path, w) = setup();
        let r = Connection::open(&path).expect("reader");
        let c = Commits::default();
        c.version(&path, || read(&r)).expect("open");
        c.version(&path, || read(&r)).expect("mark");
        // After a full checkpoint the next writer starts the log over from frame zero, so
        // the frame count alone could come back to a value seen before.
        w.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
        w.execute("UPDATE v SET version = 3", []).expect("commit");
        assert_eq!(c.version(&path, || read(&r)).expect("after restart"), 3);
    }

    #[test]
    fn without_a_wal_index_every_question_reads() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("rollback.db");
        let w = Connection::open(&path).expect("open");
        w.execute_batch("CREATE TABLE v (id INTEGER PRIMARY KEY, version INTEGER); INSERT INTO v VALUES (1, 7);")
            .expect("schema");
        let c = Commits::default();
        for _ in 0..3 {
            assert_eq!(c.version(&path, || read(&w)).expect("read"), 7);
        }
        assert_eq!(c.reads(), 3);
    }
}
