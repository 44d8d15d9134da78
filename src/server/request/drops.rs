//! Drop summaries: datagrams dropped for the same reason from the same NAS (or unknown
//! source address) are counted and logged as one line per interval, so a flood of forged,
//! misconfigured or malformed packets costs a few log lines, not one per packet. The
//! per-reason totals stay in the counters (`Counters`), which see every packet.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

/// How long drops are gathered before their summary lines are written.
pub const INTERVAL: Duration = Duration::from_secs(10);
/// Sources tracked per interval; drops from any further source (a spoofing flood) are
/// summed into one "other sources" line, so memory and log volume stay bounded.
pub const MAX_SOURCES: usize = 256;
/// The source under which drops past [`MAX_SOURCES`] are summed.
pub const OTHER_SOURCES: &str = "(other sources)";

/// Why a datagram was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    UnknownClient,
    Malformed,
    BadAuthenticator,
    BadMessageAuthenticator,
    MissingMessageAuthenticator,
    UnsupportedCode,
}

const REASONS: [Reason; 6] = [
    Reason::UnknownClient,
    Reason::Malformed,
    Reason::BadAuthenticator,
    Reason::BadMessageAuthenticator,
    Reason::MissingMessageAuthenticator,
    Reason::UnsupportedCode,
];

impl Reason {
    /// For the log line.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UnknownClient => "unknown client",
            Reason::Malformed => "malformed packet",
            Reason::BadAuthenticator => "bad Request Authenticator (wrong shared secret?)",
            Reason::BadMessageAuthenticator => "bad Message-Authenticator (wrong shared secret?)",
            Reason::MissingMessageAuthenticator => "required Message-Authenticator missing",
            Reason::UnsupportedCode => "unsupported code on this port",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Drops counted since the last summary, by source and reason.
#[derive(Debug, Default)]
pub struct Window {
    counts: HashMap<String, [u64; REASONS.len()]>,
}

impl Window {
    /// Counts one drop; true when it is the first of this window (a summary is then due
    /// after [`INTERVAL`]).
    pub fn note(&mut self, source: &str, reason: Reason) -> bool {
        let first = self.counts.is_empty();
        let source = if self.counts.contains_key(source) || self.counts.len() < MAX_SOURCES {
            source
        } else {
            OTHER_SOURCES
        };
        let slot = match self.counts.get_mut(source) {
            Some(slot) => slot,
            None => self.counts.entry(source.to_string()).or_default(),
        };
        if let Some(n) = slot.get_mut(reason.index()) {
            *n = n.saturating_add(1);
        }
        first
    }

    /// The summary (source, reason, count), sorted, and an empty window.
    pub fn take(&mut self) -> Vec<(String, Reason, u64)> {
        let mut out: Vec<_> = std::mem::take(&mut self.counts)
            .into_iter()
            .flat_map(|(source, counts)| {
                REASONS
                    .into_iter()
                    .zip(counts)
                    .filter(|(_, n)| *n > 0)
                    .map(move |(reason, n)| (source.clone(), reason, n))
            })
            .collect();
        out.sort_by(|a, b| (&a.0, a.1.index()).cmp(&(&b.0, b.1.index())));
        out
    }
}

static WINDOW: LazyLock<Mutex<Window>> = LazyLock::new(Mutex::default);

/// Counts a dropped datagram for the next summary. The first drop of a window schedules
/// the summary on the runtime; outside one (a tool or a test) it is written at once.
pub fn note(source: &str, reason: Reason) {
    let first = match WINDOW.lock() {
        Ok(mut w) => w.note(source, reason),
        Err(_) => return,
    };
    if !first {
        return;
    }
    match tokio::runtime::Handle::try_current() {
        Ok(rt) => {
            rt.spawn(async {
                tokio::time::sleep(INTERVAL).await;
                flush();
            });
        }
        Err(_) => flush(),
    }
}

/// Writes one line per source and reason for the drops counted so far.
pub fn flush() {
    let lines = match WINDOW.lock() {
        Ok(mut w) => w.take(),
        Err(_) => return,
    };
    for (source, reason, count) in lines {
        tracing::info!(
            source = %source,
            reason = reason.as_str(),
            count,
            interval_secs = INTERVAL.as_secs(),
            "datagrams dropped"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_source_and_reason() {
        let mut w = Window::default();
        assert!(w.note("rw01", Reason::BadMessageAuthenticator));
        for _ in 0..999 {
            assert!(!w.note("rw01", Reason::BadMessageAuthenticator));
        }
        w.note("rw01", Reason::Malformed);
        w.note("10.9.9.9", Reason::UnknownClient);
        assert_eq!(
            w.take(),
            vec![
                ("10.9.9.9".to_string(), Reason::UnknownClient, 1),
                ("rw01".to_string(), Reason::Malformed, 1),
                ("rw01".to_string(), Reason::BadMessageAuthenticator, 1000),
            ]
        );
        assert!(w.take().is_empty());
        assert!(w.note("rw01", Reason::Malformed), "a new window starts");
    }

    #[test]
    fn spoofed_sources_are_bounded() {
        let mut w = Window::default();
        for i in 0..10_000u32 {
            w.note(
                &std::net::Ipv4Addr::from(i).to_string(),
                Reason::UnknownClient,
            );
        }
        let lines = w.take();
        assert_eq!(lines.len(), MAX_SOURCES + 1);
        let other = lines.iter().find(|l| l.0 == OTHER_SOURCES).unwrap();
        assert_eq!(other.2, 10_000 - MAX_SOURCES as u64);
    }
}
