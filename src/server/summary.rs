//! The summary line the log gets every `log.summary_secs` (one a minute by default): what
//! happened since the last one, read from the request path's counters (accepts, rejects by
//! reason, drops by reason, accounting records) and the queues' depth now, so an operator
//! watching the terminal sees the server work without a line per packet.

use std::time::Duration;

use super::counters::Counters;

/// The counters that are drops: a request the server did not answer, by reason.
const DROPS: &[&str] = &[
    "unknown_client",
    "malformed",
    "bad_authenticator",
    "bad_message_authenticator",
    "missing_message_authenticator",
    "unsupported_code",
    "duplicates_in_progress",
    "overloaded",
    "store_errors",
    "acct_invalid",
    "acct_queue_full",
    "acct_not_recorded",
    "argon2_shed",
];

/// Accounting records committed, by status type.
const ACCOUNTING: &[(&str, &str)] = &[
    ("acct_starts", "start"),
    ("acct_interims", "interim"),
    ("acct_stops", "stop"),
    ("acct_on_off", "on_off"),
];

/// What the summary reads besides the counters: depths sampled when the line is written.
pub struct Depths {
    /// Accounting and auth-log records waiting for the writer.
    pub writer_queue: Box<dyn Fn() -> usize + Send + Sync>,
    /// Requests being worked on in tasks.
    pub in_flight: Box<dyn Fn() -> usize + Send + Sync>,
}

/// Writes the summary line every `every` until the task is aborted.
pub async fn run(counters: std::sync::Arc<Counters>, depths: Depths, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.tick().await;
    let mut last = Totals::read(&counters);
    loop {
        tick.tick().await;
        let now = Totals::read(&counters);
        let line = line(&last, &now);
        tracing::info!(
            queue = (depths.writer_queue)(),
            in_flight = (depths.in_flight)(),
            "{line}"
        );
        last = now;
    }
}

/// The counters at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Totals {
    counters: Vec<(&'static str, u64)>,
    reasons: Vec<(&'static str, u64)>,
}

impl Totals {
    fn read(c: &Counters) -> Totals {
        Totals {
            counters: c.snapshot(),
            reasons: c.reject_reasons.snapshot(),
        }
    }

    fn get(&self, name: &str) -> u64 {
        lookup(&self.counters, name)
    }
}

fn lookup(list: &[(&'static str, u64)], name: &str) -> u64 {
    list.iter().find(|(n, _)| *n == name).map_or(0, |(_, v)| *v)
}

/// "name=n, ..." of the parts that moved, or "-" when none did.
fn parts(moved: Vec<(&str, u64)>) -> String {
    let shown: Vec<String> = moved
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{k}={n}"))
        .collect();
    if shown.is_empty() {
        "-".into()
    } else {
        shown.join(", ")
    }
}

/// The summary of what happened between `last` and `now`.
fn line(last: &Totals, now: &Totals) -> String {
    let delta = |name: &str| now.get(name).saturating_sub(last.get(name));
    let reasons: Vec<(&str, u64)> = now
        .reasons
        .iter()
        .map(|(r, n)| (*r, n.saturating_sub(lookup(&last.reasons, r))))
        .collect();
    let drops: Vec<(&str, u64)> = DROPS.iter().map(|d| (*d, delta(d))).collect();
    let acct: Vec<(&str, u64)> = ACCOUNTING.iter().map(|(c, k)| (*k, delta(c))).collect();
    format!(
        "summary: accepts={} rejects={} ({}) drops={} ({}) accounting={} ({})",
        delta("access_accepts"),
        delta("access_rejects"),
        parts(reasons),
        drops.iter().map(|(_, n)| n).sum::<u64>(),
        parts(drops),
        acct.iter().map(|(_, n)| n).sum::<u64>(),
        parts(acct),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_shows_what_moved_since_the_last() {
        let c = Counters::default();
        let first = Totals::read(&c);
        Counters::inc(&c.access_accepts);
        Counters::inc(&c.access_rejects);
        c.reject_reasons.count("bad password");
        Counters::inc(&c.unknown_client);
        Counters::inc(&c.unknown_client);
        Counters::inc(&c.acct_starts);
        let second = Totals::read(&c);
        assert_eq!(
            line(&first, &second),
            "summary: accepts=1 rejects=1 (bad password=1) drops=2 (unknown_client=2) \
             accounting=1 (start=1)"
        );
        assert_eq!(
            line(&second, &second),
            "summary: accepts=0 rejects=0 (-) drops=0 (-) accounting=0 (-)"
        );
    }
}
