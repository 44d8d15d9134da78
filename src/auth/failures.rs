//! Back-off after repeated failed logins, per (user, NAS): after `after` failures in a row
//! for one user at one NAS, that pair is refused unchecked for a while, doubling with each
//! further failure up to a ceiling. Keyed by NAS so that an attacker guessing at one
//! hotspot slows only their own guesses there and never locks the user out elsewhere.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How the back-off grows.
#[derive(Debug, Clone, Copy)]
pub struct BackoffSettings {
    /// Failures in a row before the first pause; 0 turns the back-off off.
    pub after: u32,
    /// The first pause; each further failure doubles it.
    pub first: Duration,
    /// The longest pause; a pair with no failure for this long is forgotten.
    pub max: Duration,
    /// Pairs remembered at most (the memory bound under a flood of made-up names).
    pub max_entries: usize,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    last_failure: Instant,
    paused_until: Option<Instant>,
}

struct Shard {
    entries: HashMap<u64, Entry>,
    last_sweep: Instant,
}

const SHARDS: usize = 16;

/// Consecutive failures per (user, NAS) and the pauses they earned.
pub struct Backoff {
    settings: BackoffSettings,
    // Keyed (per-process random) so that names cannot be chosen to collide with a victim's.
    hasher: RandomState,
    per_shard_max: usize,
    shards: Vec<Mutex<Shard>>,
}

impl Backoff {
    /// An empty tracker.
    pub fn new(settings: BackoffSettings) -> Backoff {
        Backoff {
            settings,
            hasher: RandomState::new(),
            per_shard_max: settings.max_entries.div_ceil(SHARDS).max(1),
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Shard {
                        entries: HashMap::new(),
                        last_sweep: Instant::now(),
                    })
                })
                .collect(),
        }
    }

    fn key(&self, username: &str, nas: i64) -> u64 {
        self.hasher.hash_one((username, nas))
    }

    fn shard(&self, key: u64) -> std::sync::MutexGuard<'_, Shard> {
        let m = &self.shards[(key % SHARDS as u64) as usize];
        m.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether `username` at `nas` is paused now (refuse without checking the password).
    pub fn paused(&self, username: &str, nas: i64) -> bool {
        if self.settings.after == 0 {
            return false;
        }
        let key = self.key(username, nas);
        let shard = self.shard(key);
        let now = Instant::now();
        shard
            .entries
            .get(&key)
            .and_then(|e| e.paused_until)
            .is_some_and(|until| now < until)
    }

    /// Records a failed check; from the `after`-th in a row on, the pair is paused.
    pub fn failed(&self, username: &str, nas: i64) {
        let s = self.settings;
        if s.after == 0 {
            return;
        }
        let key = self.key(username, nas);
        let now = Instant::now();
        let mut shard = self.shard(key);
        if !shard.entries.contains_key(&key) && !self.make_room(&mut shard, now) {
            return;
        }
        let e = shard.entries.entry(key).or_insert(Entry {
            failures: 0,
            last_failure: now,
            paused_until: None,
        });
        if now.duration_since(e.last_failure) > s.max {
            e.failures = 0;
        }
        e.failures = e.failures.saturating_add(1);
        e.last_failure = now;
        if e.failures >= s.after {
            let doublings = (e.failures - s.after).min(30);
            let pause = s.first.saturating_mul(1 << doublings).min(s.max);
            e.paused_until = Some(now + pause);
        }
    }

    /// Records a successful check: the pair starts afresh.
    pub fn succeeded(&self, username: &str, nas: i64) {
        if self.settings.after == 0 {
            return;
        }
        let key = self.key(username, nas);
        self.shard(key).entries.remove(&key);
    }

    /// Frees a slot in a full shard, at most one sweep a second so a flood of new names
    /// does not make every failure scan the shard; `false` when there is no room: the new
    /// pair is then not tracked, and the pairs already paused stay paused.
    fn make_room(&self, shard: &mut Shard, now: Instant) -> bool {
        if shard.entries.len() < self.per_shard_max {
            return true;
        }
        if now.duration_since(shard.last_sweep) < Duration::from_secs(1) {
            return false;
        }
        shard.last_sweep = now;
        let (max, after) = (self.settings.max, self.settings.after);
        shard
            .entries
            .retain(|_, e| now.duration_since(e.last_failure) <= max);
        if shard.entries.len() >= self.per_shard_max {
            // Pairs below the threshold are the cheapest to forget: a few guesses more.
            shard.entries.retain(|_, e| e.failures >= after);
        }
        shard.entries.len() < self.per_shard_max
    }

    /// Pairs remembered (statistics and tests).
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().map(|g| g.entries.len()).unwrap_or(0))
            .sum()
    }

    /// Whether no pair is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backoff(after: u32, first_ms: u64) -> Backoff {
        Backoff::new(BackoffSettings {
            after,
            first: Duration::from_millis(first_ms),
            max: Duration::from_secs(60),
            max_entries: 1000,
        })
    }

    #[test]
    fn pauses_after_repeated_failures_at_that_nas_only() {
        let b = backoff(3, 60_000);
        for _ in 0..2 {
            b.failed("siti", 1);
        }
        assert!(!b.paused("siti", 1));
        b.failed("siti", 1);
        assert!(b.paused("siti", 1));
        assert!(!b.paused("siti", 2), "another NAS is not locked out");
        assert!(!b.paused("budi", 1), "another user is not locked out");
    }

    #[test]
    fn success_resets_and_pauses_end() {
        let b = backoff(2, 100);
        b.failed("siti", 1);
        b.succeeded("siti", 1);
        b.failed("siti", 1);
        assert!(
            !b.paused("siti", 1),
            "the count started again after the success"
        );
        b.failed("siti", 1);
        assert!(b.paused("siti", 1));
        std::thread::sleep(Duration::from_millis(150));
        assert!(!b.paused("siti", 1), "the first pause is over");
        b.failed("siti", 1);
        std::thread::sleep(Duration::from_millis(120));
        assert!(b.paused("siti", 1), "the next pause is twice as long");
    }

    #[test]
    fn off_when_after_is_zero() {
        let b = backoff(0, 60_000);
        for _ in 0..10 {
            b.failed("siti", 1);
        }
        assert!(!b.paused("siti", 1));
        assert!(b.is_empty());
    }

    #[test]
    fn bounded_and_paused_pairs_survive_a_flood_of_names() {
        let b = backoff(2, 60_000);
        b.failed("siti", 1);
        b.failed("siti", 1);
        for i in 0..20_000 {
            b.failed(&format!("ghost{i}"), 1);
        }
        assert!(b.len() <= 1000 + SHARDS, "len {}", b.len());
        assert!(b.paused("siti", 1));
    }
}
