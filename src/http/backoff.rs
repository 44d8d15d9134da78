//! The failed-credential back-off of an HTTP face, kept per client address and per
//! credential: a client (or a credential tried from many clients) that fails too often in
//! a minute has its further *failing* attempts answered 429. A valid credential is always
//! checked and accepted, so one client's failures never lock anyone else out, and behind a
//! reverse proxy (where every request comes from the proxy) one attacker cannot lock out
//! every admin.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The window failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(60);
/// Keys tracked at most per table, so a flood of addresses or guesses cannot grow memory
/// without bound.
const MAX_TRACKED: usize = 10_000;

/// Failure counters per client address and per credential.
#[derive(Debug)]
pub struct Backoff {
    max: u32,
    clients: Counters<IpAddr>,
    credentials: Counters<String>,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(10)
    }
}

impl Backoff {
    /// Allows `max` failures per window per client and per credential; 0 turns it off.
    pub fn new(max: u32) -> Backoff {
        Backoff {
            max,
            clients: Counters::default(),
            credentials: Counters::default(),
        }
    }

    /// The failures allowed per window (0: off).
    pub fn max(&self) -> u32 {
        self.max
    }

    /// Seconds until a failing attempt from `client` with `credential` (a hash or name, not
    /// the secret itself; `None` when there was none) is listened to again, if either is
    /// over the limit.
    pub fn refused(&self, client: IpAddr, credential: Option<&str>) -> Option<u64> {
        if self.max == 0 {
            return None;
        }
        let by_client = self.clients.blocked(&client, self.max);
        let by_credential = credential.and_then(|c| self.credentials.blocked(c, self.max));
        by_client.max(by_credential)
    }

    /// Counts one failure of `client` with `credential`.
    pub fn fail(&self, client: IpAddr, credential: Option<&str>) {
        if self.max == 0 {
            return;
        }
        self.clients.fail(client);
        if let Some(c) = credential {
            self.credentials.fail(c.to_string());
        }
    }
}

/// Failures per key: count and the start of the window.
#[derive(Debug)]
struct Counters<K>(Mutex<HashMap<K, (u32, Instant)>>);

impl<K> Default for Counters<K> {
    fn default() -> Self {
        Counters(Mutex::new(HashMap::new()))
    }
}

impl<K: Hash + Eq> Counters<K> {
    fn blocked<Q>(&self, key: &Q, max: u32) -> Option<u64>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let map = self.0.lock().ok()?;
        let (n, start) = map.get(key)?;
        let elapsed = start.elapsed();
        (*n >= max && elapsed < WINDOW).then(|| (WINDOW - elapsed).as_secs().max(1))
    }

    fn fail(&self, key: K) {
        let Ok(mut map) = self.0.lock() else {
            return;
        };
        if map.len() >= MAX_TRACKED {
            map.retain(|_, (_, start)| start.elapsed() < WINDOW);
            if map.len() >= MAX_TRACKED {
                map.clear();
            }
        }
        let entry = map.entry(key).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 = entry.0.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn blocks_the_client_after_max_failures() {
        let b = Backoff::new(3);
        for i in 0..3 {
            assert!(b.refused(ip("192.0.2.1"), Some(&format!("t{i}"))).is_none());
            b.fail(ip("192.0.2.1"), Some(&format!("t{i}")));
        }
        assert!(b.refused(ip("192.0.2.1"), Some("other")).is_some());
        assert!(b.refused(ip("192.0.2.2"), Some("other")).is_none());
    }

    #[test]
    fn blocks_a_credential_tried_from_many_clients() {
        let b = Backoff::new(3);
        for i in 0..3 {
            b.fail(ip(&format!("192.0.2.{i}")), Some("stolen"));
        }
        assert!(b.refused(ip("192.0.2.99"), Some("stolen")).is_some());
        assert!(b.refused(ip("192.0.2.99"), Some("mine")).is_none());
        assert!(b.refused(ip("192.0.2.99"), None).is_none());
    }

    #[test]
    fn zero_is_off() {
        let b = Backoff::new(0);
        for _ in 0..100 {
            b.fail(ip("192.0.2.1"), Some("x"));
        }
        assert!(b.refused(ip("192.0.2.1"), Some("x")).is_none());
    }
}
