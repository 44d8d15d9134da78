//! The policy steps of a traced login with their figures: validity, allowed hours, each
//! quota's use against its limit, open devices against the limit, and the policy's own
//! verdict. Pure: the user, usage and clock are given.

use crate::domain::units::format_duration;
use crate::policy::{Account, Policy, Usage, Verdict, decide};
use crate::store::{UserAuth, UserStatus};

/// One line per step, in the order the decision takes them.
pub fn steps(user: &UserAuth, usage: &Usage, now: i64, utc_offset: i64) -> Vec<String> {
    let mut out = vec![format!(
        "account {} on plan {}",
        match user.user.status {
            UserStatus::Disabled => "disabled",
            _ => "active",
        },
        user.plan.name
    )];
    let policy = match user.policy.as_ref() {
        Ok(p) => p,
        Err(e) => {
            out.push(format!("plan misconfigured: {e}"));
            return out;
        }
    };
    let account = Account {
        expires_at: user.user.expires_at,
        first_login_at: user.first_login_at,
    };
    out.push(validity(policy, &account, now));
    out.push(hours(policy, now, utc_offset));
    out.extend(quotas(policy, usage));
    out.push(match policy.max_sessions {
        Some(max) => format!(
            "devices: {} open on other devices, {max} allowed",
            usage.open_sessions
        ),
        None => format!(
            "devices: {} open on other devices, no limit",
            usage.open_sessions
        ),
    });
    out.push(match decide(policy, &account, usage, now, utc_offset) {
        Verdict::Accept(grant) => {
            let mut s = "policy allows it".to_string();
            for why in grant.why {
                s.push_str("; ");
                s.push_str(&why);
            }
            s
        }
        Verdict::Reject { reason, detail } => format!("policy refuses: {reason} ({detail})"),
    });
    out
}

fn validity(p: &Policy, account: &Account, now: i64) -> String {
    let mut ends = Vec::new();
    if let Some(t) = account.expires_at {
        ends.push(format!("account expires {}", left(t, now)));
    }
    if let Some(t) = p.valid_until {
        ends.push(format!("plan valid until {}", left(t, now)));
    }
    if let Some(days) = p.valid_days {
        match account.first_login_at {
            Some(first) => {
                let end = first.saturating_add(i64::try_from(days).unwrap_or(0) * 86_400);
                ends.push(format!("{days} days from first login, {}", left(end, now)));
            }
            None => ends.push(format!("{days} days from first login (this is the first)")),
        }
    }
    if ends.is_empty() {
        "validity: no end".into()
    } else {
        format!("validity: {}", ends.join("; "))
    }
}

/// "in 3d 4h" or "passed 2h ago".
fn left(end: i64, now: i64) -> String {
    match u64::try_from(end - now) {
        Ok(s) if s > 0 => format!("in {}", format_duration(s)),
        _ => format!(
            "passed {} ago",
            format_duration(u64::try_from(now - end).unwrap_or(0))
        ),
    }
}

fn hours(p: &Policy, now: i64, utc_offset: i64) -> String {
    let local = now.saturating_add(utc_offset);
    let clock = format!(
        "{:02}:{:02}",
        local.rem_euclid(86_400) / 3600,
        local.rem_euclid(3600) / 60
    );
    match &p.hours {
        None => format!("hours: any time (now {clock})"),
        Some(h) => match h.remaining(local) {
            None => format!("hours: {}; now {clock}: outside", h.as_str()),
            Some(u64::MAX) => format!("hours: {}; now {clock}: inside", h.as_str()),
            Some(s) => format!(
                "hours: {}; now {clock}: inside, {} left",
                h.as_str(),
                format_duration(s)
            ),
        },
    }
}

fn quotas(p: &Policy, u: &Usage) -> Vec<String> {
    let bytes = |what: &str, limit: Option<u64>, used: u64| {
        limit.map(|l| {
            format!(
                "{what}: used {} of {}, {} left",
                bytes_text(used),
                bytes_text(l),
                bytes_text(l.saturating_sub(used))
            )
        })
    };
    let secs = |what: &str, limit: Option<u64>, used: u64| {
        limit.map(|l| {
            format!(
                "{what}: used {} of {}, {} left",
                format_duration(used),
                format_duration(l),
                format_duration(l.saturating_sub(used))
            )
        })
    };
    let all: Vec<String> = [
        bytes("daily data", p.daily_bytes, u.day_bytes),
        bytes("monthly data", p.monthly_bytes, u.month_bytes),
        secs("daily time", p.daily_seconds, u.day_seconds),
        secs("monthly time", p.monthly_seconds, u.month_seconds),
    ]
    .into_iter()
    .flatten()
    .collect();
    if all.is_empty() {
        vec![format!(
            "quotas: none (used today {}, this month {})",
            bytes_text(u.day_bytes),
            bytes_text(u.month_bytes)
        )]
    } else {
        all
    }
}

/// Octets in the largest decimal unit, two decimals (quotas are set in MB and GB).
fn bytes_text(n: u64) -> String {
    const UNITS: [(&str, f64); 4] = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)];
    let x = n as f64;
    UNITS.iter().find(|(_, size)| x >= *size).map_or_else(
        || format!("{n} B"),
        |(unit, size)| format!("{:.2} {unit}", x / size),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_as_people_set_quotas() {
        assert_eq!(bytes_text(0), "0 B");
        assert_eq!(bytes_text(999), "999 B");
        assert_eq!(bytes_text(2_500_000), "2.50 MB");
        assert_eq!(bytes_text(5_000_000_000), "5.00 GB");
    }
}
