//! Which requests a trace shows: by user, NAS, device MAC, and rejects only. Every part
//! given must match; none given shows every request.

use serde::{Deserialize, Serialize};

/// The filter of one attached trace (also the query string of `/api/v1/trace`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// User-Name, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The NAS's name in radkota, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nas: Option<String>,
    /// Calling-Station-Id, compared as a MAC: case and separators (`:`, `-`, `.`) ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
    /// Only requests that were refused or dropped.
    #[serde(default)]
    pub reject_only: bool,
}

/// What a filter is matched against: read from the request, nothing copied.
#[derive(Debug, Clone, Copy)]
pub struct Probe<'a> {
    pub user: Option<&'a [u8]>,
    pub nas: &'a str,
    pub mac: Option<&'a [u8]>,
    pub accepted: bool,
}

impl Filter {
    /// Whether the request described by `p` is shown.
    pub fn matches(&self, p: &Probe<'_>) -> bool {
        if self.reject_only && p.accepted {
            return false;
        }
        if let Some(user) = &self.user {
            if p.user != Some(user.as_bytes()) {
                return false;
            }
        }
        if let Some(nas) = &self.nas {
            if p.nas != nas {
                return false;
            }
        }
        if let Some(mac) = &self.mac {
            match p.mac {
                Some(m) => same_mac(mac.as_bytes(), m),
                None => false,
            }
        } else {
            true
        }
    }

    /// The filter in words, for the trace's first line and the audit log.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(u) = &self.user {
            parts.push(format!("user {u}"));
        }
        if let Some(n) = &self.nas {
            parts.push(format!("nas {n}"));
        }
        if let Some(m) = &self.mac {
            parts.push(format!("mac {m}"));
        }
        if self.reject_only {
            parts.push("rejects only".into());
        }
        if parts.is_empty() {
            "every request".into()
        } else {
            parts.join(", ")
        }
    }
}

/// MACs equal when their hex digits are, whatever the case and separators.
fn same_mac(a: &[u8], b: &[u8]) -> bool {
    let digits = |s: &[u8]| -> Vec<u8> {
        s.iter()
            .filter(|c| c.is_ascii_hexdigit())
            .map(u8::to_ascii_lowercase)
            .collect()
    };
    let (a, b) = (digits(a), digits(b));
    !a.is_empty() && a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe<'a>(user: &'a str, nas: &'a str, mac: Option<&'a str>, accepted: bool) -> Probe<'a> {
        Probe {
            user: Some(user.as_bytes()),
            nas,
            mac: mac.map(str::as_bytes),
            accepted,
        }
    }

    #[test]
    fn every_part_must_match() {
        let all = Filter::default();
        assert!(all.matches(&probe("siti", "rw07", None, true)));
        let f = Filter {
            user: Some("siti".into()),
            nas: Some("rw07".into()),
            mac: Some("AA-BB-CC-00-11-22".into()),
            reject_only: true,
        };
        assert!(f.matches(&probe("siti", "rw07", Some("aa:bb:cc:00:11:22"), false)));
        assert!(!f.matches(&probe("siti", "rw07", Some("aa:bb:cc:00:11:22"), true)));
        assert!(!f.matches(&probe("budi", "rw07", Some("aa:bb:cc:00:11:22"), false)));
        assert!(!f.matches(&probe("siti", "rw08", Some("aa:bb:cc:00:11:22"), false)));
        assert!(!f.matches(&probe("siti", "rw07", Some("aa:bb:cc:00:11:23"), false)));
        assert!(!f.matches(&probe("siti", "rw07", None, false)));
        assert_eq!(
            f.describe(),
            "user siti, nas rw07, mac AA-BB-CC-00-11-22, rejects only"
        );
    }
}
