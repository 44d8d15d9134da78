//! What the RadSec listener counts: connections accepted and refused, handshakes that
//! failed or timed out, connections closed for idleness or revocation. Logged with the
//! server's statistics and in the final `stopped` line; refusals are logged at most once
//! a second so a flood cannot fill the log.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// RadSec counters.
#[derive(Debug)]
pub struct Stats {
    pub accepted: AtomicU64,
    pub established: AtomicU64,
    pub over_connection_limit: AtomicU64,
    pub handshake_failed: AtomicU64,
    pub handshake_timeout: AtomicU64,
    pub refused_certificate: AtomicU64,
    pub closed_idle: AtomicU64,
    pub closed_peer_changed: AtomicU64,
    pub closed_bad_framing: AtomicU64,
    pub open: AtomicU64,
    last_log: Mutex<Option<Instant>>,
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            accepted: AtomicU64::new(0),
            established: AtomicU64::new(0),
            over_connection_limit: AtomicU64::new(0),
            handshake_failed: AtomicU64::new(0),
            handshake_timeout: AtomicU64::new(0),
            refused_certificate: AtomicU64::new(0),
            closed_idle: AtomicU64::new(0),
            closed_peer_changed: AtomicU64::new(0),
            closed_bad_framing: AtomicU64::new(0),
            open: AtomicU64::new(0),
            last_log: Mutex::new(None),
        }
    }
}

impl Stats {
    /// Adds one.
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a refused client certificate and logs why, at most once a second.
    pub fn refused(&self, why: &str) {
        Stats::inc(&self.refused_certificate);
        let mut last = match self.last_log.lock() {
            Ok(l) => l,
            Err(p) => p.into_inner(),
        };
        if last.is_none_or(|t| t.elapsed().as_secs() >= 1) {
            *last = Some(Instant::now());
            tracing::warn!(reason = %why, refused_so_far = self.refused_certificate.load(Ordering::Relaxed),
                "RadSec client certificate refused");
        }
    }

    /// One line of `name=value` pairs.
    pub fn summary(&self) -> String {
        let v = |c: &AtomicU64| c.load(Ordering::Relaxed);
        format!(
            "radsec_accepted={} radsec_established={} radsec_open={} radsec_over_limit={} \
             radsec_handshake_failed={} radsec_handshake_timeout={} radsec_refused_cert={} \
             radsec_closed_idle={} radsec_closed_peer_changed={} radsec_closed_bad_framing={}",
            v(&self.accepted),
            v(&self.established),
            v(&self.open),
            v(&self.over_connection_limit),
            v(&self.handshake_failed),
            v(&self.handshake_timeout),
            v(&self.refused_certificate),
            v(&self.closed_idle),
            v(&self.closed_peer_changed),
            v(&self.closed_bad_framing),
        )
    }
}
