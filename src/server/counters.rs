//! Counters of what the server did with each datagram, so silent drops are still visible.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// Process-wide request counters; all relaxed atomics because they are statistics.
#[derive(Debug, Default)]
pub struct Counters {
    pub received: AtomicU64,
    pub unknown_client: AtomicU64,
    pub malformed: AtomicU64,
    pub bad_authenticator: AtomicU64,
    pub bad_message_authenticator: AtomicU64,
    pub missing_message_authenticator: AtomicU64,
    pub unsupported_code: AtomicU64,
    pub duplicates_answered: AtomicU64,
    pub duplicates_in_progress: AtomicU64,
    pub overloaded: AtomicU64,
    pub access_accepts: AtomicU64,
    pub access_rejects: AtomicU64,
    pub status_server: AtomicU64,
    pub store_errors: AtomicU64,
    pub auth_log_dropped: AtomicU64,
    /// Accounting-Requests committed and answered, by status type.
    pub acct_starts: AtomicU64,
    pub acct_interims: AtomicU64,
    pub acct_stops: AtomicU64,
    pub acct_on_off: AtomicU64,
    /// Authentic Accounting-Requests that cannot be recorded (no status type or session id).
    pub acct_invalid: AtomicU64,
    /// Dropped because the writer's queue was full.
    pub acct_queue_full: AtomicU64,
    /// Left unanswered because their batch did not commit.
    pub acct_not_recorded: AtomicU64,
    /// Access-Requests left unanswered because their PAP check was shed (NAS queue full or
    /// waited too long); `argon2_shed_too_old` counts those of them that waited too long.
    pub argon2_shed: AtomicU64,
    pub argon2_shed_too_old: AtomicU64,
    /// Rejected unchecked: the (user, NAS) pair was in back-off after repeated failures.
    pub auth_throttled: AtomicU64,
    /// PAP rejected from the failure cache (the same wrong password again).
    pub pap_repeated_failures: AtomicU64,
    /// Access-Rejects by reason, for the summary line.
    pub reject_reasons: RejectReasons,
}

impl Counters {
    /// Adds one to a counter.
    pub fn inc(c: &AtomicU64) {
        c.fetch_add(1, Ordering::Relaxed);
    }

    /// All counters as (name, value), for the periodic and final log line.
    pub fn snapshot(&self) -> Vec<(&'static str, u64)> {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        vec![
            ("received", g(&self.received)),
            ("unknown_client", g(&self.unknown_client)),
            ("malformed", g(&self.malformed)),
            ("bad_authenticator", g(&self.bad_authenticator)),
            (
                "bad_message_authenticator",
                g(&self.bad_message_authenticator),
            ),
            (
                "missing_message_authenticator",
                g(&self.missing_message_authenticator),
            ),
            ("unsupported_code", g(&self.unsupported_code)),
            ("duplicates_answered", g(&self.duplicates_answered)),
            ("duplicates_in_progress", g(&self.duplicates_in_progress)),
            ("overloaded", g(&self.overloaded)),
            ("access_accepts", g(&self.access_accepts)),
            ("access_rejects", g(&self.access_rejects)),
            ("status_server", g(&self.status_server)),
            ("store_errors", g(&self.store_errors)),
            ("auth_log_dropped", g(&self.auth_log_dropped)),
            ("acct_starts", g(&self.acct_starts)),
            ("acct_interims", g(&self.acct_interims)),
            ("acct_stops", g(&self.acct_stops)),
            ("acct_on_off", g(&self.acct_on_off)),
            ("acct_invalid", g(&self.acct_invalid)),
            ("acct_queue_full", g(&self.acct_queue_full)),
            ("acct_not_recorded", g(&self.acct_not_recorded)),
            ("argon2_shed", g(&self.argon2_shed)),
            ("argon2_shed_too_old", g(&self.argon2_shed_too_old)),
            ("auth_throttled", g(&self.auth_throttled)),
            ("pap_repeated_failures", g(&self.pap_repeated_failures)),
        ]
    }

    /// One `name=value` line.
    pub fn summary(&self) -> String {
        self.snapshot()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Distinct reject reasons counted one by one; any further reason is counted as `other`.
const SLOTS: usize = 32;

/// Rejects by their reason (the auth log's `reason`, a fixed string per cause). Lock-free:
/// a reason takes the first free slot the first time it is seen.
#[derive(Debug)]
pub struct RejectReasons {
    names: [OnceLock<&'static str>; SLOTS],
    counts: [AtomicU64; SLOTS],
    other: AtomicU64,
}

impl Default for RejectReasons {
    fn default() -> Self {
        RejectReasons {
            names: [const { OnceLock::new() }; SLOTS],
            counts: [const { AtomicU64::new(0) }; SLOTS],
            other: AtomicU64::new(0),
        }
    }
}

impl RejectReasons {
    /// Counts one reject for `reason`.
    pub fn count(&self, reason: &'static str) {
        for (name, count) in self.names.iter().zip(&self.counts) {
            // An empty slot is claimed for this reason; a slot another reason took is skipped.
            if *name.get_or_init(|| reason) == reason {
                count.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
        self.other.fetch_add(1, Ordering::Relaxed);
    }

    /// Every reason seen so far with its count.
    pub fn snapshot(&self) -> Vec<(&'static str, u64)> {
        let mut out: Vec<(&'static str, u64)> = self
            .names
            .iter()
            .zip(&self.counts)
            .filter_map(|(n, c)| Some((*n.get()?, c.load(Ordering::Relaxed))))
            .collect();
        let other = self.other.load(Ordering::Relaxed);
        if other > 0 {
            out.push(("other", other));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_take_slots_and_overflow_to_other() {
        let r = RejectReasons::default();
        r.count("bad password");
        r.count("bad password");
        r.count("outside allowed hours");
        assert_eq!(
            r.snapshot(),
            vec![("bad password", 2), ("outside allowed hours", 1)]
        );
        let names: Vec<&'static str> = (0..SLOTS + 3)
            .map(|i| &*Box::leak(format!("reason {i}").into_boxed_str()))
            .collect();
        for n in &names {
            r.count(n);
        }
        let snap = r.snapshot();
        assert_eq!(snap.len(), SLOTS + 1);
        assert_eq!(snap.last(), Some(&("other", 5)));
    }
}
