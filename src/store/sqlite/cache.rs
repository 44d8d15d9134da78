//! What the SQLite writer thread remembers between batches: the rows of open sessions, the
//! id and plan of each username, and each NAS's count of open sessions. Every one of them
//! would otherwise be read back per record or per batch, and those reads were most of the
//! thread's statements.
//!
//! The thread is the only writer of accounting rows, so its own commits keep the cache
//! exact. Anything committed by another connection (the reaper, the CLI, retention, a
//! plan change) changes SQLite's `data_version`, which is checked at the start of every
//! batch inside its write transaction; any change, or any failed batch, empties the cache.

use std::collections::HashMap;

use crate::store::StoreError;
use crate::store::batch::plan::RollupUser;
use crate::store::batch::row::{Key, SessionRow};
use crate::store::sessions::state;

/// Open sessions remembered at most; beyond this the cache starts again empty (a city has
/// about 30,000 open at its peak).
const SESSIONS_MAX: usize = 100_000;

/// Usernames remembered at most, likewise.
const USERS_MAX: usize = 200_000;

/// The writer thread's memory of committed state.
#[derive(Debug, Default)]
pub(crate) struct WriterCache {
    data_version: Option<i64>,
    /// Open (and stale) sessions as committed; closed ones are dropped, since nothing
    /// changes them but a late retransmission, which reads them back.
    pub sessions: HashMap<Key, SessionRow>,
    /// Username to id and plan; `None` for names with no account.
    pub users: HashMap<String, Option<RollupUser>>,
    /// Open sessions per NAS.
    pub open_per_nas: HashMap<i64, i64>,
    /// Days and months whose distinct-user marker this thread has already deleted: until
    /// another connection builds them again, deleting it again would change nothing.
    pub unmarked_periods: std::collections::HashSet<String>,
}

impl WriterCache {
    /// Forgets everything if another connection has committed since the last batch. Call
    /// inside the batch's write transaction, so nobody else can commit until it ends.
    pub fn check(&mut self, conn: &rusqlite::Connection) -> Result<(), StoreError> {
        let version: i64 = conn.query_row("PRAGMA data_version", [], |row| row.get(0))?;
        if self.data_version != Some(version) {
            self.clear();
            self.data_version = Some(version);
        }
        Ok(())
    }

    /// Forgets everything (after a failed batch, whose changes were rolled back).
    pub fn clear(&mut self) {
        self.sessions.clear();
        self.users.clear();
        self.open_per_nas.clear();
        self.unmarked_periods.clear();
    }

    /// Remembers the batch's rows as committed.
    pub fn keep_sessions(&mut self, rows: HashMap<Key, SessionRow>) {
        if self.sessions.len() + rows.len() > SESSIONS_MAX {
            self.sessions.clear();
        }
        for (key, mut row) in rows {
            if row.state == state::CLOSED {
                self.sessions.remove(&key);
            } else {
                row.in_db = true;
                row.dirty = false;
                self.sessions.insert(key, row);
            }
        }
    }

    /// Forgets a NAS's sessions and count, after an Accounting-On/Off closed them in SQL.
    pub fn forget_nas(&mut self, nas_id: i64) {
        self.sessions.retain(|k, _| k.nas_id != nas_id);
        self.open_per_nas.remove(&nas_id);
    }

    /// Moves the remembered open counts by a batch's change (its rows' open sessions per
    /// NAS before and after); NAS not remembered are counted when needed.
    pub fn adjust_open(&mut self, before: &HashMap<i64, i64>, after: &HashMap<i64, i64>) {
        for (nas_id, n) in self.open_per_nas.iter_mut() {
            *n +=
                after.get(nas_id).copied().unwrap_or(0) - before.get(nas_id).copied().unwrap_or(0);
        }
    }

    /// Remembers a username's account (or its absence).
    pub fn keep_user(&mut self, name: &str, user: Option<RollupUser>) {
        if self.users.len() >= USERS_MAX {
            self.users.clear();
        }
        self.users.insert(name.to_string(), user);
    }
}
