//! A login's read in place on the request's own thread (see `reads`), with the user
//! directory and the usage ledger: for a user the directory holds, one statement reads
//! `directory_version` (with the usage, when the limits count it and the ledger does not
//! hold it; alone, only when something was committed since this connection last read it,
//! see `commits`); for any other, one statement reads the user, plan, overrides, usage and
//! version together. When the version moved, the changes since are read and applied to
//! the directory before any entry is trusted.

use std::sync::{Arc, OnceLock};

use super::reads::{Fast, Positional};
use crate::domain::Limits;
use crate::domain::Usage;
use crate::store::directory::{Change, Directory, MAX_CHANGES};
use crate::store::ledger::{Entry, Ledger, OpenSession};
use crate::store::login::{
    UsageQuery, UserAuth, auth_sql_with, entry_of, read_open, read_sums, usage_sql,
};
use crate::store::row::Columns;
use crate::store::{PlanRecord, StoreError, UserRecord};

impl Fast {
    /// The user, its plan and overrides (shared with `directory`) and, with `usage`, its
    /// usage (from `ledger` when it holds the user, which it then keeps), read in place.
    pub(crate) fn login(
        &self,
        directory: &Directory,
        ledger: &Ledger,
        username: &str,
        usage: Option<&UsageQuery<'_>>,
    ) -> Result<Option<(Arc<UserAuth>, Usage)>, StoreError> {
        self.with(|reader| {
            let conn = &reader.conn;
            if let Some((version, user)) = directory.peek(username) {
                let wanted = usage.filter(|_| user.counts_usage());
                let (current, used) = match wanted {
                    None => (reader.directory_version()?, Usage::default()),
                    Some(uq) => match ledger.get(username, user.user.id, uq) {
                        Ok(used) => (reader.directory_version()?, used),
                        Err(ticket) => match version_and_usage(conn, username, user.user.id, uq)? {
                            Some((current, entry)) => {
                                let used = entry.usage(uq);
                                ledger.fill(ticket, username, entry);
                                (current, used)
                            }
                            // The user is gone: a version no directory holds sends the
                            // caller to a reload.
                            None => (i64::MIN, Usage::default()),
                        },
                    },
                };
                if current == version {
                    return Ok(Some((user, used)));
                }
                catch_up(conn, directory, current)?;
                // Still there: nothing up to `current` changed it, and its usage (counted
                // only if its limits need it, which did not change either) is as of then.
                if let Some((_, user)) = directory.peek(username) {
                    return Ok(Some((user, used)));
                }
            }
            let ticket = ledger.ticket(username);
            let Some((version, user, entry)) = read_user(conn, username, usage)? else {
                return Ok(None);
            };
            catch_up(conn, directory, version)?;
            let used = match (usage, entry) {
                (Some(uq), Some(entry)) => {
                    let used = entry.usage(uq);
                    if user.counts_usage() {
                        ledger.fill(ticket, username, entry);
                    }
                    used
                }
                _ => Usage::default(),
            };
            Ok(Some((directory.insert(version, username, user), used)))
        })
    }
}

/// Brings `directory` to `version` (read from the database), dropping the entries that
/// the changes in between name.
fn catch_up(
    conn: &rusqlite::Connection,
    directory: &Directory,
    version: i64,
) -> Result<(), StoreError> {
    let from = directory.version();
    let Some(start) = from.filter(|&v| v < version) else {
        // Empty (nothing to drop) or already there or beyond.
        if from.is_none() {
            directory.advance(None, version, Some(&[]));
        }
        return Ok(());
    };
    if version - start > MAX_CHANGES {
        directory.advance(from, version, None);
        return Ok(());
    }
    let mut q = conn.prepare_cached(
        "SELECT seq, user_id, plan FROM directory_changes WHERE seq > $1 AND seq <= $2 \
         ORDER BY seq",
    )?;
    let mut rows = q.query(rusqlite::params![start, version])?;
    let mut changes = Vec::new();
    let mut expected = start + 1;
    let mut complete = true;
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        // A gap means changes were pruned (or the file replaced): nothing can be trusted.
        complete &= seq == expected;
        expected = seq + 1;
        match (
            row.get::<_, Option<i64>>(1)?,
            row.get::<_, Option<String>>(2)?,
        ) {
            (Some(user), _) => changes.push(Change::User(user)),
            (None, Some(plan)) => changes.push(Change::Plan(plan)),
            (None, None) => {}
        }
    }
    complete &= expected == version + 1;
    directory.advance(from, version, complete.then_some(changes.as_slice()));
    Ok(())
}

/// The select-list column that carries `directory_version` (see `directory`).
const VERSION_COLUMN: &str =
    ", (SELECT version FROM directory_version WHERE id = 1) AS dir_version";

/// Binds `$1` (the username) and, with `usage`, `$2` (the day) and `$3` (the month); by
/// name, since SQLite numbers `$N` parameters in order of first appearance.
fn query_user<'s>(
    q: &'s mut rusqlite::CachedStatement<'_>,
    username: &str,
    usage: Option<&UsageQuery<'_>>,
) -> Result<rusqlite::Rows<'s>, StoreError> {
    Ok(match usage {
        Some(uq) => q.query(rusqlite::named_params! {
            "$1": username, "$2": uq.day, "$3": uq.month(),
        })?,
        None => q.query(rusqlite::named_params! { "$1": username })?,
    })
}

/// On a direct SQLite connection, in one statement: the user with its plan and overrides,
/// with `usage` its usage as a ledger entry (read whether or not the limits need it: this
/// runs only when the directory does not know the user), and `directory_version`.
fn read_user(
    conn: &rusqlite::Connection,
    username: &str,
    usage: Option<&UsageQuery<'_>>,
) -> Result<Option<(i64, UserAuth, Option<Entry>)>, StoreError> {
    static SQL: [OnceLock<String>; 2] = [const { OnceLock::new() }; 2];
    let sql = SQL[usize::from(usage.is_some())]
        .get_or_init(|| auth_sql_with(usage.is_some(), VERSION_COLUMN));
    let mut q = conn.prepare_cached(sql)?;
    let mut rows = query_user(&mut q, username, usage)?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let mut c = Positional {
        row,
        next: 0,
        prefix: "",
    };
    let user = UserRecord::read(&mut c)?;
    c.prefix = "p_";
    let plan = PlanRecord::read(&mut c)?;
    c.prefix = "l_";
    let overrides = Limits::read(&mut c)?;
    let first_login_at = c.int("first_login_at")?;
    c.prefix = "";
    let id = user.id;
    let (entry, version) = match usage {
        Some(uq) => {
            let (version, entry) = UsageRows::first(&mut c)?.rest(&mut rows, id, uq)?;
            (Some(entry), version)
        }
        None => (None, c.req_int("dir_version")?),
    };
    let user = UserAuth::new(user, plan, overrides, first_login_at, Usage::default());
    Ok(Some((version, user, entry)))
}

/// The usage columns and `dir_version` of a login's first row (one row per open session).
struct UsageRows {
    sums: [i64; 4],
    open: Vec<OpenSession>,
    version: i64,
    /// Where the open session's columns start in every row.
    at: usize,
}

impl UsageRows {
    /// Reads `c`, positioned at the usage columns of the first row.
    fn first(c: &mut Positional<'_, '_>) -> Result<UsageRows, StoreError> {
        let sums = read_sums(c)?;
        let at = c.next;
        let open = read_open(c)?.into_iter().collect();
        let version = c.req_int("dir_version")?;
        Ok(UsageRows {
            sums,
            open,
            version,
            at,
        })
    }

    /// Adds the open sessions of the rows after the first: the version and the entry.
    fn rest(
        mut self,
        rows: &mut rusqlite::Rows<'_>,
        user_id: i64,
        uq: &UsageQuery<'_>,
    ) -> Result<(i64, Entry), StoreError> {
        while let Some(row) = rows.next()? {
            let mut c = Positional {
                row,
                next: self.at,
                prefix: "",
            };
            self.open.extend(read_open(&mut c)?);
        }
        Ok((self.version, entry_of(user_id, uq, self.sums, self.open)))
    }
}

/// `directory_version` and what `username` (id `user_id`) has used, in one statement;
/// `None` when the user is gone.
fn version_and_usage(
    conn: &rusqlite::Connection,
    username: &str,
    user_id: i64,
    uq: &UsageQuery<'_>,
) -> Result<Option<(i64, Entry)>, StoreError> {
    static SQL: OnceLock<String> = OnceLock::new();
    let mut q = conn.prepare_cached(SQL.get_or_init(|| usage_sql(VERSION_COLUMN)))?;
    let mut rows = query_user(&mut q, username, Some(uq))?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let mut c = Positional {
        row,
        next: 0,
        prefix: "",
    };
    let first = UsageRows::first(&mut c)?;
    Ok(Some(first.rest(&mut rows, user_id, uq)?))
}

#[cfg(test)]
mod tests {
    use crate::domain::Limits;
    use crate::store::{NewUser, PlanRecord, Store, UserStatus};

    /// A login of a user the directory holds reads `directory_version` only when something
    /// was committed since, and the very next login after a change sees it.
    #[test]
    fn a_held_login_reads_the_version_only_after_a_commit() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("l.db").display());
            let store = Store::connect(&url).await.expect("connect");
            store.migrate().await.expect("migrate");
            let plan = PlanRecord {
                name: "p".into(),
                description: String::new(),
                limits: Limits::default(),
            };
            store.add_plan(&plan).await.expect("plan");
            let user = NewUser {
                username: "siswa".into(),
                plan: "p".into(),
                password_hash: "x".into(),
                sealed_password: None,
                full_name: None,
                expires_at: None,
            };
            store.add_user(&user).await.expect("user");
            let fast = store.fast.as_ref().expect("a SQLite file reads in place");
            let status = || {
                let found = store
                    .user_for_auth_now("siswa", None)
                    .expect("read in place");
                found.expect("known").0.user.status
            };
            status();
            status();
            assert!(fast.version_reads() >= 1);
            let before = fast.version_reads();
            for _ in 0..10 {
                assert_eq!(status(), UserStatus::Active);
            }
            assert_eq!(
                fast.version_reads(),
                before,
                "nothing committed: nothing read"
            );

            store
                .set_user_status("siswa", UserStatus::Disabled)
                .await
                .expect("disable");
            assert_eq!(status(), UserStatus::Disabled, "the very next login");
            assert_eq!(fast.version_reads(), before + 1);
            assert_eq!(status(), UserStatus::Disabled);
            assert_eq!(fast.version_reads(), before + 1);
        });
    }
}
