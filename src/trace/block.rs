//! One traced request, as captured on the request path (owned, so it can wait for a slow
//! reader), and its text: source and NAS, Message-Authenticator, method and password
//! verdict, the policy figures, the reply attributes with keys masked, the time per stage.
//! Passwords and shared secrets are never captured, so they cannot be shown.

use std::net::SocketAddr;
use std::time::Duration;

use crate::dictionary::Dictionary;
use crate::policy::ReplyAttribute;
use crate::protocol::attr::{self, ms};

/// What came of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Accept,
    /// Refused, with the auth log's reason.
    Reject(&'static str),
    /// No answer (the NAS retries): why.
    Unanswered(&'static str),
}

/// One request, captured when a trace is attached and its filter matched.
#[derive(Debug, Clone)]
pub struct Block {
    /// Wall clock, epoch milliseconds.
    pub at_ms: i64,
    /// The policy clock at the decision (epoch seconds; differs in tests only).
    pub policy_now: i64,
    pub source: SocketAddr,
    pub identifier: u8,
    /// The NAS the source address matched, and its vendor dialect.
    pub nas: String,
    pub vendor: &'static str,
    /// Whether the NAS must sign its requests, and whether this one was (a request with a
    /// bad one never gets this far: it is dropped and counted).
    pub message_authenticator: &'static str,
    /// User-Name and Calling-Station-Id, control characters escaped.
    pub user: Option<String>,
    pub mac: Option<String>,
    pub method: &'static str,
    pub outcome: Outcome,
    pub attributes: Vec<ReplyAttribute>,
    /// Time spent per stage, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Block {
    /// The password verdict, read from the outcome's reason (the decision checks the
    /// credentials before anything else, so any later reason means they matched).
    pub fn password_verdict(&self) -> &'static str {
        use crate::auth::decision::reason;
        match &self.outcome {
            Outcome::Accept => "matches",
            Outcome::Unanswered(_) => "not checked",
            Outcome::Reject(r) => match *r {
                reason::BAD_PASSWORD => "does not match",
                reason::REPEATED_BAD_PASSWORD => {
                    "does not match (the same wrong password again; not checked again)"
                }
                reason::UNKNOWN_USER | reason::REPEATED_UNKNOWN_USER => "no such user",
                reason::THROTTLED => "not checked (user paused at this NAS after failures)",
                "missing or invalid User-Name" | "no supported credentials" => "none sent",
                "no reversible secret for CHAP" | "no reversible secret for MS-CHAPv2" => {
                    "cannot be checked (no sealed password for this method)"
                }
                _ => "matches",
            },
        }
    }

    /// Whether the request was accepted.
    pub fn accepted(&self) -> bool {
        self.outcome == Outcome::Accept
    }

    /// The block as text; `policy` holds the policy figures, one line each.
    pub fn render(&self, dict: &Dictionary, policy: &[String]) -> String {
        let mut out = String::new();
        let mut row = |label: &str, value: &str| {
            out.push_str(&format!("  {label:<22}{value}\n"));
        };
        let verdict = match &self.outcome {
            Outcome::Accept => "Access-Accept".to_string(),
            Outcome::Reject(r) => format!("Access-Reject: {r}"),
            Outcome::Unanswered(r) => format!("no answer: {r}"),
        };
        row(
            "NAS",
            &format!("{} ({}), from {}", self.nas, self.vendor, self.source),
        );
        row("Message-Authenticator", self.message_authenticator);
        let user = self.user.as_deref().unwrap_or("(none)");
        match &self.mac {
            Some(mac) => row("user", &format!("{user}, device {mac}")),
            None => row("user", user),
        }
        row("method", self.method);
        row("password", self.password_verdict());
        for (i, line) in policy.iter().enumerate() {
            row(if i == 0 { "policy" } else { "" }, line);
        }
        row("verdict", &verdict);
        for (i, a) in self.attributes.iter().enumerate() {
            row(if i == 0 { "reply" } else { "" }, &masked(a, dict));
        }
        let total: Duration = self.stages.iter().map(|(_, d)| *d).sum();
        let stages: Vec<String> = self
            .stages
            .iter()
            .map(|(s, d)| format!("{s} {}", micros(*d)))
            .collect();
        row(
            "time",
            &format!("{} (total {})", stages.join(", "), micros(total)),
        );
        format!(
            "-- {} Access-Request id {} --\n{out}",
            timestamp(self.at_ms),
            self.identifier
        )
    }
}

/// An attribute as `Name = value`, or `Name = [masked]` for keys and anything named like a
/// password or secret.
pub fn masked(a: &ReplyAttribute, dict: &Dictionary) -> String {
    let (vendor, typ, value) = a.parts();
    let shown = a.describe(dict);
    let name = shown.split(" = ").next().unwrap_or(&shown).to_string();
    let lower = name.to_ascii_lowercase();
    let key = vendor == attr::VENDOR_MICROSOFT
        && matches!(typ, ms::MS_MPPE_SEND_KEY | ms::MS_MPPE_RECV_KEY);
    if key
        || ["password", "secret", "key"]
            .iter()
            .any(|w| lower.contains(w))
    {
        format!("{name} = [masked, {} octets]", value.len())
    } else {
        shown
    }
}

fn micros(d: Duration) -> String {
    format!("{} µs", d.as_micros())
}

/// Epoch milliseconds as UTC date and time.
fn timestamp(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S%.3f UTC").to_string())
        .unwrap_or_else(|| ms.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_masked_and_limits_shown() {
        let dict = Dictionary::embedded();
        let key = ReplyAttribute::Vendor {
            vendor: attr::VENDOR_MICROSOFT,
            typ: ms::MS_MPPE_RECV_KEY,
            value: vec![0x80, 1, 2, 3],
        };
        assert_eq!(masked(&key, &dict), "MS-MPPE-Recv-Key = [masked, 4 octets]");
        let timeout = ReplyAttribute::Standard {
            typ: attr::SESSION_TIMEOUT,
            value: 3600u32.to_be_bytes().to_vec(),
        };
        assert_eq!(masked(&timeout, &dict), "Session-Timeout = 3600");
    }
}
