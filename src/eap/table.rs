//! The conversation table: conversations between rounds, keyed by the State attribute we
//! sent (RFC 3579 §2.6.1, one conversation per State), bounded in number and in time. A
//! conversation is taken out while a round works on it, so two requests with one State
//! are never worked on at once; retransmissions are answered by the duplicate cache.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::RngCore;

use super::conversation::Conversation;

/// A State value.
pub type State = [u8; 16];

/// Conversations waiting for the peer's next response.
#[derive(Debug)]
pub struct Table {
    inner: Mutex<Inner>,
    max: usize,
    timeout: Duration,
}

#[derive(Debug, Default)]
struct Inner {
    map: HashMap<State, (Instant, Box<Conversation>)>,
    /// Insertion order, for expiry; may name States already taken.
    order: VecDeque<(Instant, State)>,
}

impl Table {
    /// At most `max` conversations, each forgotten `timeout` after its last round.
    pub fn new(max: usize, timeout: Duration) -> Table {
        Table {
            inner: Mutex::new(Inner::default()),
            max: max.max(1),
            timeout,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves a map that is still consistent.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps a conversation under a new State; `None` when the table is full of
    /// conversations that have not timed out (the new round is refused, not an old one
    /// evicted: a flood of starts must not end logins half way through).
    pub fn insert(&self, conv: Box<Conversation>) -> Option<State> {
        let mut state = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut state);
        self.put(state, conv).then_some(state)
    }

    /// Keeps a conversation under a given State (one put back after an unanswered round).
    pub fn put(&self, state: State, conv: Box<Conversation>) -> bool {
        let mut inner = self.lock();
        inner.expire(self.timeout);
        if inner.map.len() >= self.max {
            return false;
        }
        let now = Instant::now();
        inner.order.push_back((now, state));
        inner.map.insert(state, (now, conv));
        true
    }

    /// Takes the conversation of a State out, if it is there and has not timed out.
    pub fn take(&self, state: &[u8]) -> Option<Box<Conversation>> {
        let state = State::try_from(state).ok()?;
        let (at, conv) = self.lock().map.remove(&state)?;
        (at.elapsed() < self.timeout).then_some(conv)
    }

    /// Conversations held.
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// True when no conversation is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Inner {
    fn expire(&mut self, timeout: Duration) {
        while let Some((at, state)) = self.order.front() {
            if at.elapsed() < timeout {
                break;
            }
            if self.map.get(state).is_some_and(|(t, _)| t == at) {
                self.map.remove(state);
            }
            self.order.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eap::packet::Eap;
    use crate::eap::sessions::Sessions;
    use crate::eap::{Method, Server, Settings};

    fn conv() -> Box<Conversation> {
        let server = Server::new(
            None,
            std::sync::Arc::new(Sessions::new(1, Duration::from_secs(1))),
            Settings {
                default_method: Method::MsChapV2,
                methods: vec![Method::MsChapV2],
                fragment_size: 1024,
            },
            1,
            Duration::from_secs(1),
        );
        let identity = [2, 1, 0, 6, 1, b'x'];
        Box::new(Conversation::start(&server, &Eap::decode(&identity).unwrap()).0)
    }

    #[test]
    fn one_conversation_per_state_bounded_and_timed_out() {
        let t = Table::new(2, Duration::from_millis(50));
        let a = t.insert(conv()).unwrap();
        let b = t.insert(conv()).unwrap();
        assert_ne!(a, b);
        assert!(t.insert(conv()).is_none(), "full: the new one is refused");
        assert!(t.take(&a).is_some());
        assert!(t.take(&a).is_none(), "taken once");
        assert!(t.take(&a[..3]).is_none(), "not a State");
        std::thread::sleep(Duration::from_millis(60));
        assert!(t.take(&b).is_none(), "timed out");
        assert!(t.insert(conv()).is_some());
        assert_eq!(t.len(), 1);
    }
}
