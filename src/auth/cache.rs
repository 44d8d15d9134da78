//! The verified-password cache: a PAP login that succeeded recently is not charged argon2
//! again within a short TTL. Entries are keyed by HMAC-SHA256 under a per-process random key
//! over user, password and the stored hash, so nothing reversible is held, a password change
//! (new hash) misses the cache by construction, and a restart forgets everything.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type Key = [u8; 32];

struct Shard {
    entries: HashMap<Key, Instant>,
    order: VecDeque<(Key, Instant)>,
}

/// Bounded TTL cache of successful (user, password, hash) checks.
pub struct PasswordCache {
    secret: [u8; 32],
    ttl: Duration,
    per_shard_max: usize,
    shards: Vec<Mutex<Shard>>,
}

const SHARDS: usize = 16;

impl PasswordCache {
    /// A cache with the given TTL (zero disables it) and size bound.
    pub fn new(ttl: Duration, max_entries: usize) -> PasswordCache {
        let mut secret = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut secret);
        PasswordCache {
            secret,
            ttl,
            per_shard_max: max_entries.div_ceil(SHARDS).max(1),
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Shard {
                        entries: HashMap::new(),
                        order: VecDeque::new(),
                    })
                })
                .collect(),
        }
    }

    /// The cache key for one login attempt.
    pub fn key(&self, username: &str, password: &[u8], stored_hash: &str) -> Key {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.secret) else {
            return [0u8; 32];
        };
        // Length prefixes keep ("ab","c") and ("a","bc") apart.
        for part in [username.as_bytes(), password, stored_hash.as_bytes()] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    fn shard(&self, key: &Key) -> std::sync::MutexGuard<'_, Shard> {
        let m = &self.shards[key[0] as usize % SHARDS];
        m.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether this exact (user, password, hash) verified within the TTL.
    pub fn contains(&self, key: &Key) -> bool {
        if self.ttl.is_zero() {
            return false;
        }
        let shard = self.shard(key);
        shard
            .entries
            .get(key)
            .is_some_and(|at| at.elapsed() < self.ttl)
    }

    /// Records a successful verification.
    pub fn insert(&self, key: Key) {
        if self.ttl.is_zero() {
            return;
        }
        let now = Instant::now();
        let mut shard = self.shard(&key);
        while let Some((k, at)) = shard.order.front().copied() {
            let full = shard.entries.len() >= self.per_shard_max;
            if !full && now.duration_since(at) < self.ttl {
                break;
            }
            shard.order.pop_front();
            if shard.entries.get(&k) == Some(&at) {
                shard.entries.remove(&k);
            }
        }
        shard.entries.insert(key, now);
        shard.order.push_back((key, now));
    }

    /// Entries held (statistics and tests).
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().map(|g| g.entries.len()).unwrap_or(0))
            .sum()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hit_only_for_the_same_user_password_and_hash() {
        let c = PasswordCache::new(Duration::from_secs(60), 100);
        let k = c.key("siti", b"pw", "$argon2id$a");
        c.insert(k);
        assert!(c.contains(&c.key("siti", b"pw", "$argon2id$a")));
        assert!(!c.contains(&c.key("siti", b"pw2", "$argon2id$a")));
        assert!(
            !c.contains(&c.key("siti", b"pw", "$argon2id$b")),
            "a new hash (password change) misses"
        );
        assert!(!c.contains(&c.key("sitipw", b"", "$argon2id$a")));
    }

    #[test]
    fn expires_and_zero_ttl_disables() {
        let c = PasswordCache::new(Duration::from_millis(20), 100);
        let k = c.key("a", b"b", "c");
        c.insert(k);
        std::thread::sleep(Duration::from_millis(30));
        assert!(!c.contains(&k));
        let off = PasswordCache::new(Duration::ZERO, 100);
        off.insert(k);
        assert!(!off.contains(&k));
    }

    #[test]
    fn bounded() {
        let c = PasswordCache::new(Duration::from_secs(60), 64);
        for i in 0..10_000u32 {
            c.insert(c.key(&i.to_string(), b"x", "h"));
        }
        assert!(c.len() <= 64 + SHARDS, "len {}", c.len());
    }
}
