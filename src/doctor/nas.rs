//! Doctor checks of the NAS table: short shared secrets, entries that overlap (an address or
//! block inside another block), Message-Authenticator not required, and NAS not heard from
//! in a day.

use std::net::IpAddr;

use ipnet::IpNet;

use super::{Check, now};
use crate::auth::seal::Sealer;
use crate::store::{NasRecord, RequireMa, Store};

/// Shorter shared secrets are guessable offline from one captured request (RFC 6151).
const MIN_SECRET_LEN: usize = 16;
/// A NAS silent for longer than this is worth a look.
const SILENT_SECS: i64 = 86_400;

/// The NAS checks; secrets are checked only when `sealer` (the database's key) is known.
pub(super) async fn checks(store: &Store, sealer: Option<&Sealer>) -> Vec<Check> {
    let list = match store.list_nas().await {
        Ok(l) => l.into_iter().filter(|n| n.enabled).collect::<Vec<_>>(),
        Err(e) => {
            return vec![Check::fail(
                "nas",
                format!("cannot list NAS: {e}"),
                "check the database",
            )];
        }
    };
    if list.is_empty() {
        return vec![Check::ok(
            "nas",
            "none yet (add one with `radkota nas add`)",
        )];
    }
    let mut out = vec![
        secrets(&list, sealer),
        overlaps(&list),
        message_authenticator(&list),
    ];
    out.push(match store.nas_last_heard().await {
        Ok(heard) => silent(&list, &heard, now()),
        Err(e) => Check::warn(
            "nas contact",
            format!("cannot read when NAS were last heard from: {e}"),
            "check the database",
        ),
    });
    out
}

/// Secrets shorter than `MIN_SECRET_LEN`.
fn secrets(list: &[NasRecord], sealer: Option<&Sealer>) -> Check {
    let Some(sealer) = sealer else {
        return Check::warn(
            "nas secrets",
            "not checked: the key file is not this database's",
            "fix the key file first",
        );
    };
    let mut short = Vec::new();
    let mut unreadable = Vec::new();
    for n in list {
        match sealer.open(&n.sealed_secret) {
            Ok(s) if s.len() < MIN_SECRET_LEN => short.push(format!("{} ({})", n.name, s.len())),
            Ok(_) => {}
            Err(_) => unreadable.push(n.name.clone()),
        }
    }
    if !unreadable.is_empty() {
        return Check::fail(
            "nas secrets",
            format!("cannot be opened with the key: {}", unreadable.join(", ")),
            "restore the database's key file",
        );
    }
    if short.is_empty() {
        return Check::ok(
            "nas secrets",
            format!(
                "{} NAS, every secret {MIN_SECRET_LEN}+ characters",
                list.len()
            ),
        );
    }
    Check::warn(
        "nas secrets",
        format!(
            "shorter than {MIN_SECRET_LEN} characters (length): {}",
            short.join(", ")
        ),
        "set a long random secret on the router and with `radkota nas add` (remove and add the NAS)",
    )
}

/// Parses a NAS address as stored: one address (a /32 or /128) or a block.
fn block(address: &str) -> Option<IpNet> {
    address
        .parse::<IpAddr>()
        .map(IpNet::from)
        .or_else(|_| address.parse::<IpNet>().map(|n| n.trunc()))
        .ok()
}

/// Entries inside a block of another entry: the more specific one answers for its
/// addresses, which is seldom what was meant.
fn overlaps(list: &[NasRecord]) -> Check {
    let nets: Vec<(&NasRecord, IpNet)> = list
        .iter()
        .filter_map(|n| block(&n.address).map(|b| (n, b)))
        .collect();
    let mut found = Vec::new();
    for (i, (a, na)) in nets.iter().enumerate() {
        for (b, nb) in nets.iter().skip(i + 1) {
            let (outer, inner) = if na.contains(nb) {
                ((a, na), (b, nb))
            } else if nb.contains(na) {
                ((b, nb), (a, na))
            } else {
                continue;
            };
            found.push(format!(
                "{} ({}) inside {} ({})",
                inner.0.name, inner.1, outer.0.name, outer.1
            ));
        }
    }
    if found.is_empty() {
        Check::ok("nas overlap", "no address is covered by two entries")
    } else {
        Check::warn(
            "nas overlap",
            format!(
                "{}; the more specific entry answers for its addresses",
                found.join("; ")
            ),
            "remove one of each pair, or narrow the block (`radkota nas remove`, `nas add`)",
        )
    }
}

/// NAS that never require Message-Authenticator (BlastRADIUS).
fn message_authenticator(list: &[NasRecord]) -> Check {
    let never: Vec<&str> = list
        .iter()
        .filter(|n| n.require_ma == RequireMa::No)
        .map(|n| n.name.as_str())
        .collect();
    let waiting = list
        .iter()
        .filter(|n| n.require_ma == RequireMa::Auto && !n.ma_seen)
        .count();
    if never.is_empty() {
        let note = if waiting > 0 {
            format!(
                " ({waiting} on `auto` have not sent one yet, and are required to once they do)"
            )
        } else {
            String::new()
        };
        Check::ok(
            "message-authenticator",
            format!("required by every NAS that sends it{note}"),
        )
    } else {
        Check::warn(
            "message-authenticator",
            format!(
                "never required for {}: open to BlastRADIUS forgery",
                never.join(", ")
            ),
            "enable Message-Authenticator on the router, then set --require-message-authenticator yes (or auto)",
        )
    }
}

/// NAS added over a day ago that have not been heard from in the last day.
fn silent(list: &[NasRecord], heard: &[crate::store::NasHeard], now: i64) -> Check {
    let quiet: Vec<String> = list
        .iter()
        .filter(|n| n.created_at < now - SILENT_SECS)
        .filter_map(|n| {
            let last = heard
                .iter()
                .find(|h| h.nas_id == n.id)
                .and_then(|h| h.last_heard_at);
            match last {
                Some(t) if t >= now - SILENT_SECS => None,
                Some(t) => Some(format!("{} ({} h ago)", n.name, (now - t) / 3600)),
                None => Some(format!("{} (never)", n.name)),
            }
        })
        .collect();
    if quiet.is_empty() {
        Check::ok(
            "nas contact",
            "every NAS older than a day was heard from in the last day",
        )
    } else {
        Check::warn(
            "nas contact",
            format!("not heard from in a day: {}", quiet.join(", ")),
            "check the router's RADIUS server address, port and secret (`radkota trace --nas NAME` while it tries)",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nas(id: i64, name: &str, address: &str) -> NasRecord {
        NasRecord {
            id,
            name: name.into(),
            address: address.into(),
            sealed_secret: vec![],
            vendor: "mikrotik".into(),
            rw: None,
            require_ma: RequireMa::Auto,
            ma_seen: false,
            coa_port: 3799,
            enabled: true,
            created_at: 0,
        }
    }

    #[test]
    fn blocks_inside_blocks_overlap() {
        let list = [
            nas(1, "kota", "10.0.0.0/16"),
            nas(2, "rw07", "10.0.7.0/24"),
            nas(3, "other", "10.1.0.0/24"),
        ];
        let c = overlaps(&list);
        assert_eq!(c.status, super::super::Status::Warn);
        assert!(
            c.message
                .contains("rw07 (10.0.7.0/24) inside kota (10.0.0.0/16)")
        );
        assert!(!c.message.contains("other"));
        let c = overlaps(&list[1..]);
        assert_eq!(c.status, super::super::Status::Ok);
    }

    #[test]
    fn silent_nas_are_named() {
        let now = 10 * SILENT_SECS;
        let list = [nas(1, "a", "10.0.0.1"), nas(2, "b", "10.0.0.2")];
        let heard = [crate::store::NasHeard {
            nas_id: 1,
            last_heard_at: Some(now - 60),
        }];
        let c = silent(&list, &heard, now);
        assert!(c.message.contains("b (never)"), "{}", c.message);
        assert!(!c.message.contains("a ("), "{}", c.message);
    }
}
