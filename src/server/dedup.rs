//! The duplicate-request cache (RFC 5080 §2.2.2): a retransmission (same source address and
//! port, Identifier and Request Authenticator) gets the identical cached reply, and one that
//! arrives while the original is still being worked on is dropped, so credential checks and
//! database writes happen once.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Identifies one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequestKey {
    pub source: SocketAddr,
    pub identifier: u8,
    pub authenticator: [u8; 16],
}

/// What the cache knows about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Not seen: the caller now owns it and must `complete` or `abandon` it.
    New,
    /// Being worked on by another task: drop this copy.
    InProgress,
    /// Answered before: send these bytes again.
    Answered(Arc<Vec<u8>>),
}

enum Entry {
    InProgress,
    Answered(Arc<Vec<u8>>),
}

/// foldhash rather than std's SipHash: every request hashes its key three or four times,
/// and SipHash was most of the cache's cost in a CHAP profile. The keys come only from
/// NAS that passed the authenticator check, and foldhash is still seeded per process.
type Hasher = foldhash::fast::RandomState;

struct Shard {
    map: HashMap<RequestKey, (Entry, Instant), Hasher>,
    // Insertion order, for expiry and eviction without scanning the map.
    order: VecDeque<(RequestKey, Instant)>,
}

/// A bounded, sharded cache keyed by `RequestKey`.
pub struct DuplicateCache {
    shards: Vec<Mutex<Shard>>,
    window: Duration,
    per_shard_max: usize,
}

const SHARDS: usize = 16;

impl DuplicateCache {
    /// A cache that remembers replies for `window` and holds at most about `max_entries`.
    pub fn new(window: Duration, max_entries: usize) -> DuplicateCache {
        let shards = (0..SHARDS)
            .map(|_| {
                Mutex::new(Shard {
                    map: HashMap::default(),
                    order: VecDeque::new(),
                })
            })
            .collect();
        DuplicateCache {
            shards,
            window,
            per_shard_max: max_entries.div_ceil(SHARDS).max(1),
        }
    }

    fn shard(&self, key: &RequestKey) -> &Mutex<Shard> {
        // The authenticator is random per request, so its first octet spreads keys evenly.
        &self.shards[key.authenticator[0] as usize % SHARDS]
    }

    /// Looks a request up, claiming it when it is new.
    pub fn begin(&self, key: RequestKey) -> Lookup {
        let now = Instant::now();
        let mut shard = match self.shard(&key).lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        shard.expire(now, self.window);
        if let Some((entry, inserted)) = shard.map.get(&key) {
            if now.duration_since(*inserted) < self.window {
                return match entry {
                    Entry::InProgress => Lookup::InProgress,
                    Entry::Answered(bytes) => Lookup::Answered(bytes.clone()),
                };
            }
        }
        while shard.map.len() >= self.per_shard_max {
            match shard.order.pop_front() {
                Some((old, _)) => {
                    shard.map.remove(&old);
                }
                None => break,
            }
        }
        shard.map.insert(key, (Entry::InProgress, now));
        shard.order.push_back((key, now));
        Lookup::New
    }

    /// Stores the reply of a claimed request.
    pub fn complete(&self, key: RequestKey, reply: Arc<Vec<u8>>) {
        let mut shard = match self.shard(&key).lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if let Some(slot) = shard.map.get_mut(&key) {
            slot.0 = Entry::Answered(reply);
        }
    }

    /// Forgets a claimed request that got no reply, so a retransmission is worked on again.
    pub fn abandon(&self, key: RequestKey) {
        let mut shard = match self.shard(&key).lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        shard.map.remove(&key);
    }

    /// Number of entries held (for tests and statistics).
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().map(|g| g.map.len()).unwrap_or(0))
            .sum()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Shard {
    fn expire(&mut self, now: Instant, window: Duration) {
        while let Some((key, at)) = self.order.front().copied() {
            if now.duration_since(at) < window {
                break;
            }
            self.order.pop_front();
            // Only remove when the map entry is the same insertion (abandon + re-begin
            // leaves a stale order record behind).
            if self.map.get(&key).is_some_and(|(_, t)| *t == at) {
                self.map.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: u8, a: u8) -> RequestKey {
        RequestKey {
            source: "127.0.0.1:5000".parse().unwrap(),
            identifier: id,
            authenticator: [a; 16],
        }
    }

    #[test]
    fn claim_then_answer_then_replay() {
        let c = DuplicateCache::new(Duration::from_secs(30), 100);
        assert_eq!(c.begin(key(1, 1)), Lookup::New);
        assert_eq!(c.begin(key(1, 1)), Lookup::InProgress);
        c.complete(key(1, 1), Arc::new(vec![1, 2, 3]));
        assert_eq!(
            c.begin(key(1, 1)),
            Lookup::Answered(Arc::new(vec![1, 2, 3]))
        );
        // Same identifier, new authenticator: a new request (RFC 5080 §2.2.2).
        assert_eq!(c.begin(key(1, 2)), Lookup::New);
    }

    #[test]
    fn abandoned_request_is_new_again() {
        let c = DuplicateCache::new(Duration::from_secs(30), 100);
        assert_eq!(c.begin(key(7, 7)), Lookup::New);
        c.abandon(key(7, 7));
        assert_eq!(c.begin(key(7, 7)), Lookup::New);
    }

    #[test]
    fn entries_expire_after_the_window() {
        let c = DuplicateCache::new(Duration::from_millis(20), 100);
        assert_eq!(c.begin(key(1, 1)), Lookup::New);
        c.complete(key(1, 1), Arc::new(vec![9]));
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(c.begin(key(1, 1)), Lookup::New);
    }

    #[test]
    fn bounded_by_max_entries() {
        let c = DuplicateCache::new(Duration::from_secs(30), 32);
        for i in 0..=255u8 {
            for a in 0..4u8 {
                let _ = c.begin(RequestKey {
                    authenticator: [a * 16 + (i % 16); 16],
                    identifier: i,
                    ..key(0, 0)
                });
            }
        }
        assert!(c.len() <= 32, "len {}", c.len());
    }
}
