//! `session who`'s entries off the Start's path (migration 0030): a batch queues the key,
//! address and device of every session whose address, device or start it set or changed,
//! and once the queue holds `FLUSH_AT` rows the writer moves them into `session_addresses`
//! in one statement, in key order, so that the entries share the pages they dirty instead
//! of each dirtying its own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::row::{Key, SessionRow};

/// Keys queued before the writer moves them. A look-up scans the whole queue, so this
/// bounds its cost (per instance); larger moves share more pages (at 15,000 Starts/s the
/// queue is moved about once a second; 4,096 gave 8% fewer Starts on SQLite).
pub(crate) const FLUSH_AT: usize = 16384;

/// How many keys this process queued since its last move. It starts at `FLUSH_AT`, so the
/// first batch after a start moves whatever an earlier process left queued.
#[derive(Debug)]
pub(crate) struct Pending(AtomicUsize);

impl Default for Pending {
    fn default() -> Self {
        Pending(AtomicUsize::new(FLUSH_AT))
    }
}

impl Pending {
    /// Counts `n` keys queued by a batch; true when the queue is due to be moved in the
    /// same transaction.
    pub(crate) fn add(&self, n: usize) -> bool {
        self.0.fetch_add(n, Ordering::Relaxed) + n >= FLUSH_AT
    }

    /// After a committed move.
    pub(crate) fn moved(&self) {
        self.0.store(0, Ordering::Relaxed);
    }

    /// After a failed batch: what it queued was rolled back, but whether a move happened
    /// is unknown, so the next batch moves.
    pub(crate) fn unsure(&self) {
        self.0.store(FLUSH_AT, Ordering::Relaxed);
    }
}

/// The rows among `rows` whose session holds an address or a device and is new to the
/// database (`stored` has no row for it) or has a new address, device or start time.
pub(crate) fn changed<'a>(
    rows: impl IntoIterator<Item = (&'a Key, &'a SessionRow)>,
    stored: &HashMap<Key, SessionRow>,
) -> Vec<(&'a Key, &'a SessionRow)> {
    rows.into_iter()
        .filter(|(key, r)| {
            (r.framed_ip.is_some() || r.calling_station_id.is_some())
                && stored.get(*key).is_none_or(|b| {
                    b.framed_ip != r.framed_ip
                        || b.calling_station_id != r.calling_station_id
                        || b.started_at != r.started_at
                })
        })
        .collect()
}

/// One queued session: its key, address and device (SQLite: a statement per row).
pub(crate) const QUEUE_SQL: &str = "INSERT INTO session_who_queue \
     (nas_id, acct_session_id, username, framed_ip, calling_station_id) \
     VALUES ($1, $2, $3, $4, $5)";

/// The queued sessions of a batch on PostgreSQL, from JSON array parameter `$param` of
/// `{n, s, u, f, c}` (key, address, device).
pub(crate) fn queue_pg_sql(param: usize) -> String {
    format!(
        "INSERT INTO session_who_queue \
         (nas_id, acct_session_id, username, framed_ip, calling_station_id) \
         SELECT n, s, u, f, c FROM jsonb_to_recordset(CAST(${param} AS jsonb)) \
         AS k(n BIGINT, s TEXT, u TEXT, f TEXT, c TEXT)"
    )
}

/// `outer` joined to the sessions `s` that `key` names (pairs of a sessions column and
/// an expression of `outer`), then to `joins`, ending in a `WHERE` clause that callers
/// extend with `AND`. Each session is found by a probe of `key`'s index whatever a planner
/// believes of the tables' sizes: SQLite reads the left side of a `CROSS JOIN` first;
/// PostgreSQL cannot fold a `LATERAL` subquery with `LIMIT` into a join, which, on tables
/// without statistics, it planned as a walk of the sessions' whole key.
pub(crate) fn probe_sessions(
    outer: &str,
    key: &[(&str, &str)],
    joins: &str,
    postgres: bool,
) -> String {
    let terms = |prefix: &str| {
        key.iter()
            .map(|(col, of)| format!("{prefix}{col} = {of}"))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    if postgres {
        format!(
            "{outer} CROSS JOIN LATERAL (SELECT {WHO_COLUMNS} FROM sessions WHERE {} LIMIT 1) s \
             {joins} WHERE true",
            terms("")
        )
    } else {
        format!(
            "{outer} CROSS JOIN sessions s {joins} WHERE {}",
            terms("s.")
        )
    }
}

/// The session columns a look-up and a move read.
const WHO_COLUMNS: &str = "id, nas_id, username, started_at, stopped_at, state, \
     calling_station_id, framed_ip, last_update_at, interim_interval";

/// The queued sessions `q` (`session_who_queue` or rows taken from it), for
/// `probe_sessions`.
pub(crate) fn queued(q: &str, postgres: bool) -> String {
    probe_sessions(
        q,
        &[
            ("nas_id", "q.nas_id"),
            ("acct_session_id", "q.acct_session_id"),
            ("username", "q.username"),
        ],
        "",
        postgres,
    )
}

/// The entries of the sessions `q` names, in key order.
fn entries_of(q: &str, postgres: bool) -> String {
    let from = queued(q, postgres);
    format!(
        "SELECT s.started_at / 86400 AS day, 0 AS kind, s.framed_ip AS value, s.id \
         FROM {from} AND s.framed_ip IS NOT NULL \
         UNION ALL \
         SELECT s.started_at / 86400, 1, s.calling_station_id, s.id \
         FROM {from} AND s.calling_station_id IS NOT NULL \
         ORDER BY 1, 2, 3, 4"
    )
}

/// The move on SQLite: two statements in the writer's transaction, which holds the
/// database's one write lock, so no key is queued between them.
pub(crate) fn move_sqlite_sql() -> [String; 2] {
    [
        format!(
            "INSERT OR IGNORE INTO session_addresses (day, kind, value, session_id) {}",
            entries_of("session_who_queue q", false)
        ),
        "DELETE FROM session_who_queue".to_string(),
    ]
}

/// The move on PostgreSQL: one statement, which writes exactly the keys it took out of the
/// queue (another instance may queue keys meanwhile; they stay for the next move). Writing
/// each batch's entries directly instead, in its statement of `WITH` clauses, measured
/// 0.85x the Starts of the old indexes against 0.96x for the queue (BENCHMARKS.md, session
/// 14).
pub(crate) fn move_pg_sql() -> String {
    format!(
        "WITH q AS (DELETE FROM session_who_queue \
                    RETURNING nas_id, acct_session_id, username) \
         INSERT INTO session_addresses (day, kind, value, session_id) {} \
         ON CONFLICT DO NOTHING",
        entries_of("q", true)
    )
}

/// The entries of every session not yet in `session_addresses` (after the demo's seed,
/// which writes its sessions without the writer).
pub const ENTRIES_OF_ALL_SQL: &str = "INSERT INTO session_addresses (day, kind, value, session_id) \
     SELECT started_at / 86400, 0, framed_ip, id FROM sessions WHERE framed_ip IS NOT NULL \
     UNION ALL \
     SELECT started_at / 86400, 1, calling_station_id, id FROM sessions \
     WHERE calling_station_id IS NOT NULL \
     ORDER BY 1, 2, 3, 4 ON CONFLICT DO NOTHING";

#[cfg(test)]
mod tests {
    use super::*;

    use crate::store::batch::record::{AcctKind, AcctRecord};

    fn row(ip: Option<&str>, mac: Option<&str>, started_at: i64) -> SessionRow {
        SessionRow::new(&AcctRecord {
            framed_ip: ip.map(str::to_string),
            calling_station_id: mac.map(str::to_string),
            ..AcctRecord::for_tests(AcctKind::Start, "s1", "siti", started_at)
        })
    }

    fn key(s: &str) -> Key {
        Key {
            nas_id: 1,
            acct_session_id: s.into(),
            username: "siti".into(),
        }
    }

    #[test]
    fn queues_new_and_changed_addresses_only() {
        let stored: HashMap<Key, SessionRow> = [
            (key("same"), row(Some("10.0.0.1"), Some("AA"), 100)),
            (key("moved"), row(Some("10.0.0.1"), Some("AA"), 100)),
            (key("late"), row(None, None, 100)),
            (key("restarted"), row(Some("10.0.0.1"), None, 100)),
        ]
        .into_iter()
        .collect();
        let now: Vec<(Key, SessionRow)> = vec![
            (key("same"), row(Some("10.0.0.1"), Some("AA"), 100)),
            (key("moved"), row(Some("10.0.0.2"), Some("AA"), 100)),
            (key("late"), row(Some("10.0.0.3"), None, 100)),
            (key("restarted"), row(Some("10.0.0.1"), None, 90_000)),
            (key("new"), row(None, Some("BB"), 100)),
            (key("bare"), row(None, None, 100)),
        ];
        let marked: Vec<&str> = changed(now.iter().map(|(k, r)| (k, r)), &stored)
            .into_iter()
            .map(|(k, _)| k.acct_session_id.as_str())
            .collect();
        assert_eq!(marked, ["moved", "late", "restarted", "new"]);
    }

    #[test]
    fn the_queue_is_due_at_the_threshold_and_after_a_failure() {
        let p = Pending::default();
        assert!(p.add(0), "a new process moves what an earlier one left");
        p.moved();
        assert!(!p.add(FLUSH_AT - 1));
        assert!(p.add(1));
        p.moved();
        assert!(!p.add(1));
        p.unsure();
        assert!(p.add(0));
    }
}
