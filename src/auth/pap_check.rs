//! What stands between a PAP password and argon2: the cache of recent successes, the cache
//! of recent failures (a wrong password repeated is refused without another argon2 run),
//! the per (user, NAS) back-off, and the fair per-NAS queue of the argon2 threads.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rand::Rng;

use super::argon2_pool::{Argon2Pool, Checked, PoolSettings};
use super::cache::PasswordCache;
use super::failures::{Backoff, BackoffSettings};
use super::pap::{Argon2Params, hash_password};

/// Entries each password cache holds at most.
const CACHE_ENTRIES: usize = 100_000;

/// How PAP passwords are checked and how floods of them are contained.
#[derive(Debug, Clone, Copy)]
pub struct PapSettings {
    /// Cost of the hash unknown users are verified against (the cost of new hashes).
    pub argon2: Argon2Params,
    /// The argon2 threads and their per-NAS queues.
    pub pool: PoolSettings,
    /// How long a successful check is remembered; zero disables.
    pub success_ttl: Duration,
    /// How long a failed check is remembered; zero disables.
    pub failure_ttl: Duration,
    /// The per (user, NAS) back-off.
    pub backoff: BackoffSettings,
}

impl PapSettings {
    /// Settings for tests and tools: `workers` threads, the shipped defaults otherwise.
    pub fn with_workers(argon2: Argon2Params, workers: usize) -> PapSettings {
        PapSettings {
            argon2,
            pool: PoolSettings {
                workers,
                queue_per_nas: 64,
                max_wait: Duration::from_secs(3),
            },
            success_ttl: Duration::from_secs(300),
            failure_ttl: Duration::from_secs(60),
            backoff: BackoffSettings {
                after: 5,
                first: Duration::from_secs(2),
                max: Duration::from_secs(300),
                max_entries: CACHE_ENTRIES,
            },
        }
    }
}

/// What the caches say about a password without running argon2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// Verified within the success TTL.
    Good,
    /// Failed within the failure TTL.
    Bad,
    /// Neither: argon2 must decide.
    Unknown,
}

/// The PAP checks of one server process.
pub struct PapCheck {
    pool: Argon2Pool,
    // Verified against for unknown users, so a PAP reject costs the same time either way.
    dummy_hash: String,
    successes: PasswordCache,
    failures: PasswordCache,
    backoff: Backoff,
    /// Checks answered by the success cache, by the failure cache, and argon2 runs queued.
    pub success_hits: AtomicU64,
    pub failure_hits: AtomicU64,
    pub verifications: AtomicU64,
}

impl PapCheck {
    /// Starts the argon2 threads.
    pub fn new(settings: &PapSettings) -> anyhow::Result<PapCheck> {
        let mut salt_src = [0u8; 16];
        rand::thread_rng().fill(&mut salt_src);
        Ok(PapCheck {
            pool: Argon2Pool::new(settings.pool)?,
            dummy_hash: hash_password(&salt_src, &settings.argon2)?,
            successes: PasswordCache::new(settings.success_ttl, CACHE_ENTRIES),
            failures: PasswordCache::new(settings.failure_ttl, CACHE_ENTRIES),
            backoff: Backoff::new(settings.backoff),
            success_hits: AtomicU64::new(0),
            failure_hits: AtomicU64::new(0),
            verifications: AtomicU64::new(0),
        })
    }

    /// Whether `username` at `nas` is in back-off: refuse without checking anything.
    pub fn paused(&self, username: &str, nas: i64) -> bool {
        self.backoff.paused(username, nas)
    }

    /// The hash a password is checked against: the user's, or the dummy for unknown users
    /// (so their failures are remembered and cost the same as a known user's).
    fn hash_of<'a>(&'a self, phc: Option<&'a str>) -> &'a str {
        phc.unwrap_or(&self.dummy_hash)
    }

    /// What the caches know of this password for this user and stored hash (`None`: no
    /// such user). The failure cache is keyed, like the success cache, by a keyed hash
    /// over user, password and stored hash: never the password, and a password change
    /// (new hash) forgets the failures of the old one.
    pub fn known(&self, username: &str, password: &[u8], phc: Option<&str>) -> Known {
        let phc = self.hash_of(phc);
        if self
            .successes
            .contains(&self.successes.key(username, password, phc))
        {
            self.success_hits.fetch_add(1, Ordering::Relaxed);
            return Known::Good;
        }
        if self
            .failures
            .contains(&self.failures.key(username, password, phc))
        {
            self.failure_hits.fetch_add(1, Ordering::Relaxed);
            return Known::Bad;
        }
        Known::Unknown
    }

    /// Runs argon2 for this password in `nas`'s queue and remembers the outcome. Unknown
    /// users (`phc` = `None`) are verified against the dummy hash and never match.
    pub async fn verify(
        &self,
        nas: i64,
        username: &str,
        password: &[u8],
        phc: Option<&str>,
    ) -> Checked {
        let hash = self.hash_of(phc);
        self.verifications.fetch_add(1, Ordering::Relaxed);
        let checked = self
            .pool
            .verify(nas, password.to_vec(), hash.to_string())
            .await;
        let checked = match (checked, phc) {
            (Checked::Match, None) => Checked::Mismatch,
            (c, _) => c,
        };
        match checked {
            Checked::Match => self
                .successes
                .insert(self.successes.key(username, password, hash)),
            Checked::Mismatch => self
                .failures
                .insert(self.failures.key(username, password, hash)),
            Checked::Shed(_) => {}
        }
        checked
    }

    /// Counts a login's outcome towards the back-off: a new wrong guess (`Some(false)`)
    /// adds to it, an accepted login (`Some(true)`) clears it.
    pub fn tally(&self, username: &str, nas: i64, guess_right: Option<bool>) {
        match guess_right {
            Some(true) => self.backoff.succeeded(username, nas),
            Some(false) => self.backoff.failed(username, nas),
            None => {}
        }
    }
}
