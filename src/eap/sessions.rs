//! TLS session resumption for PEAP and TTLS: rustls's session store, with each session
//! bound to the inner identity that logged in over it. A session is offered for resumption
//! only once its phase 2 succeeded, so a resumed handshake always names a user whose
//! password was checked, and that user's status and plan are checked again at resumption.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

thread_local! {
    /// The session id rustls stored or looked up during the last `process_new_packets`
    /// on this thread. rustls does not tell a connection its own session id, and the
    /// store is called synchronously inside that call, so the tunnel reads it here.
    static SEEN: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// The session id rustls stored or resumed since the last call, on this thread.
pub fn take_seen() -> Option<Vec<u8>> {
    SEEN.with(|s| s.borrow_mut().take())
}

fn note_seen(key: &[u8]) {
    SEEN.with(|s| *s.borrow_mut() = Some(key.to_vec()));
}

/// Bounded, expiring TLS session store keyed by session id.
#[derive(Debug)]
pub struct Sessions {
    inner: Mutex<Inner>,
    max: usize,
    lifetime: Duration,
}

#[derive(Debug, Default)]
struct Inner {
    map: HashMap<Vec<u8>, Entry>,
    order: VecDeque<(Instant, Vec<u8>)>,
}

#[derive(Debug)]
struct Entry {
    value: Vec<u8>,
    user: Option<String>,
    at: Instant,
}

impl Sessions {
    /// A store of at most `max` sessions, each resumable for `lifetime`.
    pub fn new(max: usize, lifetime: Duration) -> Sessions {
        Sessions {
            inner: Mutex::new(Inner::default()),
            max: max.max(1),
            lifetime,
        }
    }

    /// Marks a session as belonging to `user`, which makes it resumable.
    pub fn bind(&self, key: &[u8], user: &str) {
        if let Some(e) = self.lock().map.get_mut(key) {
            e.user = Some(user.to_string());
        }
    }

    /// The user a session was bound to, while it is fresh.
    pub fn user(&self, key: &[u8]) -> Option<String> {
        let inner = self.lock();
        let e = inner.map.get(key)?;
        (e.at.elapsed() < self.lifetime).then(|| e.user.clone())?
    }

    /// Sessions held (bound or not).
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// True when no session is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves a map that is still consistent.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Inner {
    /// Drops expired sessions, then the oldest while over `max`.
    fn trim(&mut self, max: usize, lifetime: Duration) {
        while let Some((at, key)) = self.order.front() {
            let expired = at.elapsed() >= lifetime;
            if !expired && self.map.len() < max && self.order.len() < 4 * max {
                break;
            }
            if self.map.get(key).is_some_and(|e| e.at == *at) {
                self.map.remove(key);
            }
            self.order.pop_front();
        }
    }
}

impl rustls::server::StoresServerSessions for Sessions {
    fn put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        note_seen(&key);
        let mut inner = self.lock();
        inner.trim(self.max, self.lifetime);
        let at = Instant::now();
        inner.order.push_back((at, key.clone()));
        inner.map.insert(
            key,
            Entry {
                value,
                user: None,
                at,
            },
        );
        true
    }

    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        let inner = self.lock();
        let e = inner.map.get(key)?;
        if e.user.is_none() || e.at.elapsed() >= self.lifetime {
            return None;
        }
        note_seen(key);
        Some(e.value.clone())
    }

    fn take(&self, key: &[u8]) -> Option<Vec<u8>> {
        let value = self.get(key)?;
        self.lock().map.remove(key);
        Some(value)
    }

    fn can_cache(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::server::StoresServerSessions;

    #[test]
    fn only_bound_sessions_resume_and_the_store_is_bounded() {
        let s = Sessions::new(2, Duration::from_secs(60));
        assert!(s.put(b"a".to_vec(), b"1".to_vec()));
        assert_eq!(take_seen().as_deref(), Some(&b"a"[..]));
        assert_eq!(s.get(b"a"), None, "not resumable before phase 2 succeeded");
        s.bind(b"a", "siti");
        assert_eq!(s.get(b"a").as_deref(), Some(&b"1"[..]));
        assert_eq!(s.user(b"a").as_deref(), Some("siti"));
        s.put(b"b".to_vec(), vec![]);
        s.put(b"c".to_vec(), vec![]);
        assert!(s.len() <= 2);
        assert_eq!(s.get(b"a"), None, "the oldest went first");
    }
}
