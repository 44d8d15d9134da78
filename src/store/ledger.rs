//! What each user has used today and this month, and its open sessions, kept in memory
//! so that a login on a plan with quotas or a device limit reads nothing from the
//! database. The accounting writer keeps each entry current after every commit (the same
//! deltas it adds to `usage_daily_user`, the same session rows it writes); other writers
//! forget the users they touch. An entry is filled by a login's cold read, and only when
//! no commit touching the user's shard ran meanwhile: each shard carries a generation
//! that is odd while a batch that touches it commits (see `Ledger::begin`), so a read that may
//! have seen a commit its entry would then count again is never kept.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::domain::Usage;

/// Entries kept at most, as the login directory's: about 150 bytes each with one open
/// session (docs/scaling.md), so some 30 MiB when full.
pub(crate) const MAX_ENTRIES: usize = 200_000;

/// Shards, each with its own lock and generation: a batch marks only the shards of its
/// users, so a cold read elsewhere is still kept.
const SHARDS: usize = 64;

/// Where and when a login happens, for the usage counted in the same query.
#[derive(Debug, Clone, Default)]
pub struct UsageQuery<'a> {
    /// Today and the first day of this month, `YYYY-MM-DD` in the usage zone.
    pub day: String,
    pub month_start: String,
    /// The server's real clock (sessions' `seen_at` is written with it).
    pub now: i64,
    /// A session with no record for this many of its interim intervals no longer counts.
    pub stale_after_intervals: i64,
    /// The device now logging in; its own open session does not count against it.
    pub calling_station_id: Option<&'a str>,
}

impl UsageQuery<'_> {
    /// This month as `usage_monthly_user` keys it, `YYYY-MM`: the first seven characters
    /// of `month_start` (migration 0027). A month read is then one seek, whatever the day.
    pub fn month(&self) -> &str {
        self.month_start.get(..7).unwrap_or(&self.month_start)
    }
}

/// One open session as the device-limit count needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpenSession {
    pub nas_id: i64,
    pub acct_session_id: Box<str>,
    pub calling_station_id: Option<Box<str>>,
    pub seen_at: i64,
    pub interim_interval: i64,
}

/// What one user has used, as of a day: the period's sums and the open sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The user's id: a user removed and added again under the same name starts afresh.
    pub user_id: i64,
    /// The day and the first day of its month the sums are for, as `YYYYMMDD`.
    day: u32,
    month_start: u32,
    pub day_bytes: i64,
    pub day_seconds: i64,
    pub month_bytes: i64,
    pub month_seconds: i64,
    pub open: Vec<OpenSession>,
}

impl Entry {
    /// An empty entry for the period of `q`. Days that do not parse (never, from
    /// `policy::decide::usage_days`) make an entry that counts but is never kept.
    pub(crate) fn new(user_id: i64, q: &UsageQuery<'_>) -> Entry {
        Entry {
            user_id,
            day: day_number(&q.day).unwrap_or(0),
            month_start: day_number(&q.month_start).unwrap_or(0),
            ..Default::default()
        }
    }

    /// The usage a login decides on, counted as the database would count it: open
    /// sessions heard from within their intervals, not the device now logging in.
    pub(crate) fn usage(&self, q: &UsageQuery<'_>) -> Usage {
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        let open = self
            .open
            .iter()
            .filter(|s| {
                s.seen_at
                    .saturating_add(q.stale_after_intervals.saturating_mul(s.interim_interval))
                    >= q.now
            })
            .filter(|s| match (q.calling_station_id, &s.calling_station_id) {
                (Some(device), Some(own)) => **own != *device,
                _ => true,
            })
            .count();
        Usage {
            day_bytes: count(self.day_bytes),
            day_seconds: count(self.day_seconds),
            month_bytes: count(self.month_bytes),
            month_seconds: count(self.month_seconds),
            open_sessions: open as u64,
        }
    }

    /// Adds what one batch added to the user's row of `day`; `false` when the entry can
    /// no longer be trusted (a day after its own: the clock moved on).
    fn add(&mut self, day: u32, bytes: i64, seconds: i64) -> bool {
        if day > self.day {
            return false;
        }
        if day == self.day {
            self.day_bytes = self.day_bytes.saturating_add(bytes);
            self.day_seconds = self.day_seconds.saturating_add(seconds);
        }
        if day >= self.month_start {
            self.month_bytes = self.month_bytes.saturating_add(bytes);
            self.month_seconds = self.month_seconds.saturating_add(seconds);
        }
        true
    }

    /// Puts the session as a batch left it: kept while open, gone once not.
    fn set_session(&mut self, nas_id: i64, acct_session_id: &str, open: Option<OpenSession>) {
        let at = self
            .open
            .iter()
            .position(|s| s.nas_id == nas_id && &*s.acct_session_id == acct_session_id);
        match (at, open) {
            (Some(i), Some(s)) => self.open[i] = s,
            (None, Some(s)) => self.open.push(s),
            (Some(i), None) => {
                self.open.swap_remove(i);
            }
            (None, None) => {}
        }
    }
}

/// `YYYY-MM-DD` as `YYYYMMDD`, which orders as the days do.
fn day_number(day: &str) -> Option<u32> {
    let b = day.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let mut n = 0_u32;
    for &c in b.iter().filter(|&&c| c != b'-') {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(c - b'0');
    }
    Some(n)
}

/// What a committed accounting batch changed, for `Pending::commit`.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// Per user and day: octets (in and out) and seconds added to `usage_daily_user`.
    pub usage: Vec<(String, String, i64, i64)>,
    /// Every session row the batch left, by user: open (as the count needs it) or not.
    pub sessions: Vec<(String, i64, String, Option<OpenSession>)>,
    /// NAS whose sessions an Accounting-On/Off closed in SQL: the ledger cannot tell which
    /// it held, so every user with one of them is forgotten, and the batch's users too.
    pub closed_nas: Vec<i64>,
}

/// A cold read's claim: its entry is kept only if the shard's generation is still this
/// (and even) when it is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ticket {
    shard: usize,
    generation: u64,
}

/// A batch between `Ledger::begin` and its commit: its users' shards stay marked until
/// `commit` applies what it changed, or until it is dropped (failed, timed out, cancelled),
/// which forgets its users instead.
#[derive(Debug)]
#[must_use = "dropping a pending batch forgets its users"]
pub(crate) struct Pending {
    ledger: Arc<Ledger>,
    usernames: Vec<String>,
    shards: Vec<usize>,
}

impl Pending {
    /// After the batch committed: applies what it changed, then unmarks.
    pub(crate) fn commit(mut self, changes: &Changes) {
        if changes.closed_nas.is_empty() {
            self.ledger.apply(changes);
        } else {
            self.ledger.forget_nas(&changes.closed_nas);
            self.ledger
                .forget(self.usernames.iter().map(String::as_str));
        }
        self.usernames.clear();
        self.unmark();
    }

    fn unmark(&mut self) {
        for s in std::mem::take(&mut self.shards) {
            self.ledger.lock(s).generation += 1;
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.shards.is_empty() {
            self.ledger
                .forget(self.usernames.iter().map(String::as_str));
            self.unmark();
        }
    }
}

#[derive(Debug, Default)]
struct Shard {
    generation: u64,
    users: HashMap<Box<str>, Entry>,
}

/// The users' usage, sharded by username.
#[derive(Debug)]
pub(crate) struct Ledger {
    shards: Box<[Mutex<Shard>]>,
    max_per_shard: usize,
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger::with_capacity(MAX_ENTRIES)
    }
}

impl Ledger {
    /// A ledger holding at most about `max_entries`.
    pub(crate) fn with_capacity(max_entries: usize) -> Ledger {
        Ledger {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            max_per_shard: max_entries.div_ceil(SHARDS).max(1),
        }
    }

    /// The usage of `username` (id `user_id`) for the period of `q`, or the ticket with
    /// which a read from the database may fill it.
    pub(crate) fn get(
        &self,
        username: &str,
        user_id: i64,
        q: &UsageQuery<'_>,
    ) -> Result<Usage, Ticket> {
        let shard = shard_of(username);
        let guard = self.lock(shard);
        let current = guard.users.get(username).filter(|e| {
            e.user_id == user_id
                && day_number(&q.day) == Some(e.day)
                && day_number(&q.month_start) == Some(e.month_start)
        });
        match current {
            Some(entry) => Ok(entry.usage(q)),
            None => Err(Ticket {
                shard,
                generation: guard.generation,
            }),
        }
    }

    /// A ticket for a read of `username` that did not go through `get`.
    pub(crate) fn ticket(&self, username: &str) -> Ticket {
        let shard = shard_of(username);
        Ticket {
            shard,
            generation: self.lock(shard).generation,
        }
    }

    /// Keeps `entry`, read from the database after `ticket` was taken, unless a commit
    /// touching its shard began since.
    pub(crate) fn fill(&self, ticket: Ticket, username: &str, entry: Entry) {
        let mut guard = self.lock(ticket.shard);
        if guard.generation != ticket.generation || guard.generation % 2 == 1 || entry.day == 0 {
            return;
        }
        if guard.users.len() >= self.max_per_shard && !guard.users.contains_key(username) {
            // Full: a quarter goes, chosen by the map's order, which is as good as random.
            let mut n = 0;
            guard.users.retain(|_, _| {
                n += 1;
                n % 4 != 0
            });
        }
        guard.users.insert(username.into(), entry);
    }

    /// Marks the shards of `usernames` before a batch that writes their usage commits:
    /// no cold read taken from now until the batch is over is kept.
    pub(crate) fn begin(self: &Arc<Self>, usernames: Vec<String>) -> Pending {
        let mut shards: Vec<usize> = usernames.iter().map(|u| shard_of(u)).collect();
        shards.sort_unstable();
        shards.dedup();
        for &s in &shards {
            self.lock(s).generation += 1;
        }
        Pending {
            ledger: self.clone(),
            usernames,
            shards,
        }
    }

    fn apply(&self, c: &Changes) {
        for (username, day, bytes, seconds) in &c.usage {
            let mut guard = self.lock(shard_of(username));
            let Some(entry) = guard.users.get_mut(username.as_str()) else {
                continue;
            };
            let kept = day_number(day).is_some_and(|d| entry.add(d, *bytes, *seconds));
            if !kept {
                guard.users.remove(username.as_str());
            }
        }
        for (username, nas_id, acct_session_id, open) in &c.sessions {
            let mut guard = self.lock(shard_of(username));
            if let Some(entry) = guard.users.get_mut(username.as_str()) {
                entry.set_session(*nas_id, acct_session_id, open.clone());
            }
        }
    }

    /// Forgets `usernames` after a commit that changed their usage or sessions in a way
    /// the ledger does not follow; a cold read begun before it is not kept.
    pub(crate) fn forget<'a>(&self, usernames: impl IntoIterator<Item = &'a str>) {
        for username in usernames {
            let mut guard = self.lock(shard_of(username));
            guard.users.remove(username);
            guard.generation += 2;
        }
    }

    /// Forgets every user holding an open session on one of `nas`.
    fn forget_nas(&self, nas: &[i64]) {
        for shard in self.shards.iter() {
            let mut guard = shard.lock().unwrap_or_else(|e| e.into_inner());
            guard
                .users
                .retain(|_, e| !e.open.iter().any(|s| nas.contains(&s.nas_id)));
            guard.generation += 2;
        }
    }

    /// Forgets everything (a purge, a listener that lost notifications).
    pub(crate) fn clear(&self) {
        for shard in self.shards.iter() {
            let mut guard = shard.lock().unwrap_or_else(|e| e.into_inner());
            guard.users.clear();
            guard.generation += 2;
        }
    }

    /// Entries held now.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|e| e.into_inner()).users.len())
            .sum()
    }

    fn lock(&self, shard: usize) -> MutexGuard<'_, Shard> {
        // A cache: whatever a panicking thread left is consistent enough to go on with.
        self.shards[shard].lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The shard of a username: a fixed hash, so every thread agrees without sharing a seed.
fn shard_of(username: &str) -> usize {
    use std::hash::BuildHasher;
    let h = foldhash::fast::FixedState::default().hash_one(username);
    (h % SHARDS as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(day: &str, now: i64, device: Option<&'static str>) -> UsageQuery<'static> {
        UsageQuery {
            day: day.into(),
            month_start: format!("{}-01", &day[..7]),
            now,
            stale_after_intervals: 3,
            calling_station_id: device,
        }
    }

    #[test]
    fn a_month_is_its_first_seven_characters() {
        assert_eq!(query("2026-02-03", 0, None).month(), "2026-02");
        let q = UsageQuery {
            month_start: "bogus".into(),
            ..Default::default()
        };
        assert_eq!(q.month(), "bogus");
    }

    fn session(nas_id: i64, id: &str, device: &str, seen_at: i64) -> OpenSession {
        OpenSession {
            nas_id,
            acct_session_id: id.into(),
            calling_station_id: Some(device.into()),
            seen_at,
            interim_interval: 300,
        }
    }

    fn filled(ledger: &Ledger, name: &str, q: &UsageQuery<'_>, bytes: i64) {
        let Err(ticket) = ledger.get(name, 7, q) else {
            panic!("{name} already held");
        };
        let mut entry = Entry::new(7, q);
        entry.day_bytes = bytes;
        entry.month_bytes = bytes * 3;
        ledger.fill(ticket, name, entry);
    }

    #[test]
    fn a_filled_entry_follows_committed_batches() {
        let ledger = Arc::new(Ledger::default());
        let q = query("2026-12-06", 10_000, None);
        filled(&ledger, "siti", &q, 100);
        assert_eq!(ledger.get("siti", 7, &q).map(|u| u.day_bytes), Ok(100));
        // Another user id under the same name (removed and added again) is not served.
        assert!(ledger.get("siti", 8, &q).is_err());
        let pending = ledger.begin(vec!["siti".into()]);
        let changes = Changes {
            usage: vec![
                ("siti".into(), "2026-12-06".into(), 50, 60),
                // Yesterday's late record counts for the month only.
                ("siti".into(), "2026-12-05".into(), 5, 0),
                // Last month's for neither.
                ("siti".into(), "2026-11-30".into(), 1000, 0),
            ],
            sessions: vec![(
                "siti".into(),
                1,
                "a".into(),
                Some(session(1, "a", "phone", 9_900)),
            )],
            closed_nas: vec![],
        };
        pending.commit(&changes);
        let used = ledger.get("siti", 7, &q).expect("still held");
        assert_eq!(
            (used.day_bytes, used.day_seconds, used.month_bytes),
            (150, 60, 355)
        );
        assert_eq!(used.open_sessions, 1);
        // The device logging in again does not count against itself; a stale one not at all.
        let own = query("2026-12-06", 10_000, Some("phone"));
        assert_eq!(ledger.get("siti", 7, &own).map(|u| u.open_sessions), Ok(0));
        let later = query("2026-12-06", 9_900 + 3 * 300 + 1, None);
        assert_eq!(
            ledger.get("siti", 7, &later).map(|u| u.open_sessions),
            Ok(0)
        );
        // A stop closes it.
        let pending = ledger.begin(vec!["siti".into()]);
        let stop = Changes {
            sessions: vec![("siti".into(), 1, "a".into(), None)],
            ..Default::default()
        };
        pending.commit(&stop);
        assert_eq!(ledger.get("siti", 7, &q).map(|u| u.open_sessions), Ok(0));
        // Tomorrow is a miss; a record of tomorrow drops today's entry.
        assert!(
            ledger
                .get("siti", 7, &query("2026-12-07", 0, None))
                .is_err()
        );
        let pending = ledger.begin(vec!["siti".into()]);
        let tomorrow = Changes {
            usage: vec![("siti".into(), "2026-12-07".into(), 1, 1)],
            ..Default::default()
        };
        pending.commit(&tomorrow);
        assert!(ledger.get("siti", 7, &q).is_err());
    }

    #[test]
    fn a_read_that_overlapped_a_commit_is_not_kept() {
        let ledger = Arc::new(Ledger::default());
        let q = query("2026-12-06", 0, None);
        // Read before the batch began, filled after it finished: it may lack the batch.
        let Err(before) = ledger.get("budi", 7, &q) else {
            panic!("empty ledger");
        };
        let pending = ledger.begin(vec!["budi".into()]);
        // Read while the batch commits: it may or may not hold the batch.
        let Err(during) = ledger.get("budi", 7, &q) else {
            panic!("empty ledger");
        };
        pending.commit(&Changes::default());
        let entry = Entry::new(7, &q);
        ledger.fill(before, "budi", entry.clone());
        ledger.fill(during, "budi", entry.clone());
        assert_eq!(ledger.len(), 0);
        // Read after: kept.
        let Err(after) = ledger.get("budi", 7, &q) else {
            panic!("empty ledger");
        };
        ledger.fill(after, "budi", entry);
        assert_eq!(ledger.len(), 1);
        // A failed batch forgets its users.
        let pending = ledger.begin(vec!["budi".into()]);
        drop(pending);
        assert_eq!(ledger.len(), 0);
    }

    #[test]
    fn accounting_on_forgets_the_users_of_that_nas() {
        let ledger = Arc::new(Ledger::default());
        let q = query("2026-12-06", 0, None);
        for (name, nas) in [("a", 1), ("b", 2), ("c", 1)] {
            let Err(t) = ledger.get(name, 7, &q) else {
                panic!("empty ledger");
            };
            let mut e = Entry::new(7, &q);
            e.open.push(session(nas, name, name, 0));
            ledger.fill(t, name, e);
        }
        let pending = ledger.begin(Vec::new());
        let on = Changes {
            closed_nas: vec![1],
            ..Default::default()
        };
        pending.commit(&on);
        assert!(ledger.get("a", 7, &q).is_err() && ledger.get("c", 7, &q).is_err());
        assert!(ledger.get("b", 7, &q).is_ok());
    }

    #[test]
    fn a_full_ledger_drops_a_quarter_of_a_shard() {
        let ledger = Ledger::with_capacity(SHARDS * 8);
        let q = query("2026-12-06", 0, None);
        for i in 0..SHARDS * 16 {
            let name = format!("u{i}");
            let t = ledger.ticket(&name);
            ledger.fill(t, &name, Entry::new(7, &q));
        }
        assert!(ledger.len() <= SHARDS * 8, "{} entries", ledger.len());
        assert!(ledger.len() >= SHARDS * 4);
    }

    #[test]
    fn days_order_as_numbers() {
        assert_eq!(day_number("2026-12-06"), Some(20261206));
        assert!(day_number("2026-12-6").is_none() && day_number("2026/12/06").is_none());
        assert!(day_number("2026-x2-06").is_none());
    }
}
