//! The policy decision for one login, as a pure function of the effective limits, what the
//! user has used, and the time: reject with a reason, or accept with the limits remaining.

use crate::domain::units::{format_bytes, format_duration};
use crate::domain::{Policy, Rate, Usage};

const DAY: i64 = 86_400;

/// Asia/Jakarta (WIB), the zone used when none is configured.
pub const DEFAULT_UTC_OFFSET: i64 = 7 * 3600;

/// The account facts the policy needs besides its limits.
#[derive(Debug, Clone, Copy, Default)]
pub struct Account {
    /// The account's own expiry (epoch seconds).
    pub expires_at: Option<i64>,
    /// When the user first logged in, for "valid N days from first login".
    pub first_login_at: Option<i64>,
}

/// What the NAS is told when the login is accepted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Seconds; the smallest of the limits that apply.
    pub session_timeout: Option<u64>,
    pub idle_timeout: Option<u64>,
    pub interim_interval: Option<u64>,
    /// Octets the session may still transfer.
    pub data_limit: Option<u64>,
    pub rate: Option<Rate>,
    /// Extra attributes by dictionary name.
    pub extra: Vec<(String, String)>,
    /// One line per limit, for `policy preview` and debug logs.
    pub why: Vec<String>,
    /// This is the first login and the validity counts from it: record the time.
    pub starts_validity: bool,
}

/// The outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Accept(Grant),
    /// `reason` is short and fixed (auth log); `detail` says more (server log, preview).
    Reject {
        reason: &'static str,
        detail: String,
    },
}

/// Local epoch seconds of the start of the day and of the month containing `local`.
fn day_start(local: i64) -> i64 {
    local.div_euclid(DAY) * DAY
}

fn reject(reason: &'static str, detail: String) -> Verdict {
    Verdict::Reject { reason, detail }
}

/// Decides one login at `now` (epoch seconds) with the local zone `offset` seconds east.
pub fn decide(p: &Policy, account: &Account, usage: &Usage, now: i64, offset: i64) -> Verdict {
    let local = now.saturating_add(offset);
    let mut why = Vec::new();
    let (ends, starts_validity) = validity_ends(p, account, now);
    if let Some(from) = p.valid_from {
        if now < from {
            return reject("not valid yet", format!("valid in {}s", from - now));
        }
    }
    let end = ends.iter().min_by_key(|(t, _)| *t);
    if let Some((t, what)) = end {
        if *t <= now {
            return reject("expired", format!("{what} passed {}s ago", now - t));
        }
    }
    // Allowed hours.
    let mut window_left = None;
    if let Some(h) = &p.hours {
        match h.remaining(local) {
            None => {
                return reject(
                    "outside allowed hours",
                    format!("allowed hours are {}", h.as_str()),
                );
            }
            Some(u64::MAX) => {}
            Some(left) => window_left = Some(left),
        }
    }
    let left = QuotaLeft::new(p, usage);
    if let Some(verdict) = quota_used_up(p, usage, &left) {
        return verdict;
    }
    if let Some(verdict) = too_many_sessions(p, usage) {
        return verdict;
    }
    let session_timeout = session_timeout(p, &left, window_left, end, now, &mut why);
    let data_limit = data_limit(&left, &mut why);
    plan_notes(p, usage, &mut why);
    Verdict::Accept(Grant {
        session_timeout,
        idle_timeout: p.idle_timeout,
        interim_interval: p.interim_interval,
        data_limit,
        rate: p.rate.clone(),
        extra: p.extra.clone(),
        why,
        starts_validity,
    })
}

/// When the account stops (or stopped) being valid: the earliest end that applies.
pub fn validity_end(p: &Policy, account: &Account, now: i64) -> Option<i64> {
    validity_ends(p, account, now)
        .0
        .into_iter()
        .map(|(t, _)| t)
        .min()
}

/// Every end of validity that applies: the account's own date, the plan's end date, N days
/// from the first login. True too when this login is the first and starts the N days.
fn validity_ends(p: &Policy, account: &Account, now: i64) -> (Vec<(i64, String)>, bool) {
    let mut ends: Vec<(i64, String)> = Vec::new();
    if let Some(t) = account.expires_at {
        ends.push((t, "account expiry".into()));
    }
    if let Some(t) = p.valid_until {
        ends.push((t, "plan valid until".into()));
    }
    let mut starts_validity = false;
    if let Some(days) = p.valid_days {
        let first = match account.first_login_at {
            Some(f) => f,
            None => {
                starts_validity = true;
                now
            }
        };
        let secs = i64::try_from(days)
            .unwrap_or(i64::MAX / 2)
            .saturating_mul(DAY);
        ends.push((
            first.saturating_add(secs),
            format!("{days} days from first login"),
        ));
    }
    (ends, starts_validity)
}

/// What is left of each quota the plan sets, counted across every NAS.
struct QuotaLeft {
    day_bytes: Option<u64>,
    month_bytes: Option<u64>,
    day_secs: Option<u64>,
    month_secs: Option<u64>,
}

impl QuotaLeft {
    fn new(p: &Policy, usage: &Usage) -> QuotaLeft {
        let left = |limit: Option<u64>, used: u64| limit.map(|l| l.saturating_sub(used));
        QuotaLeft {
            day_bytes: left(p.daily_bytes, usage.day_bytes),
            month_bytes: left(p.monthly_bytes, usage.month_bytes),
            day_secs: left(p.daily_seconds, usage.day_seconds),
            month_secs: left(p.monthly_seconds, usage.month_seconds),
        }
    }
}

/// The rejection for the first quota used up, if any.
fn quota_used_up(p: &Policy, usage: &Usage, left: &QuotaLeft) -> Option<Verdict> {
    for (remaining, reason, limit, used, bytes) in [
        (
            left.day_bytes,
            "daily data quota used up",
            p.daily_bytes,
            usage.day_bytes,
            true,
        ),
        (
            left.month_bytes,
            "monthly data quota used up",
            p.monthly_bytes,
            usage.month_bytes,
            true,
        ),
        (
            left.day_secs,
            "daily time quota used up",
            p.daily_seconds,
            usage.day_seconds,
            false,
        ),
        (
            left.month_secs,
            "monthly time quota used up",
            p.monthly_seconds,
            usage.month_seconds,
            false,
        ),
    ] {
        if remaining == Some(0) {
            let f = |n: u64| {
                if bytes {
                    format_bytes(n)
                } else {
                    format_duration(n)
                }
            };
            return Some(reject(
                reason,
                format!("used {} of {}", f(used), f(limit.unwrap_or(0))),
            ));
        }
    }
    None
}

/// The rejection when the plan's session limit is reached on other devices.
fn too_many_sessions(p: &Policy, usage: &Usage) -> Option<Verdict> {
    let max = p.max_sessions?;
    (usage.open_sessions >= max).then(|| {
        reject(
            "too many sessions",
            format!(
                "{} open sessions on other devices, plan allows {max}",
                usage.open_sessions
            ),
        )
    })
}

/// Session-Timeout: the smallest of every limit on the session's length, explained in `why`.
fn session_timeout(
    p: &Policy,
    left: &QuotaLeft,
    window_left: Option<u64>,
    end: Option<&(i64, String)>,
    now: i64,
    why: &mut Vec<String>,
) -> Option<u64> {
    let mut candidates: Vec<(u64, String)> = Vec::new();
    if let Some(t) = p.session_timeout {
        candidates.push((t, "session timeout".into()));
    }
    if let Some(t) = left.day_secs {
        candidates.push((t, "daily time quota left".into()));
    }
    if let Some(t) = left.month_secs {
        candidates.push((t, "monthly time quota left".into()));
    }
    if let Some(t) = window_left {
        candidates.push((t, "until the allowed hours end".into()));
    }
    if let Some((t, what)) = end {
        candidates.push((u64::try_from(t - now).unwrap_or(0), format!("until {what}")));
    }
    let session_timeout = candidates.iter().map(|(t, _)| *t).min();
    if let Some(st) = session_timeout {
        let parts: Vec<String> = candidates
            .iter()
            .map(|(t, what)| format!("{what} {}", format_duration(*t)))
            .collect();
        why.push(format!(
            "Session-Timeout {st}: smallest of {}",
            parts.join(", ")
        ));
    }
    session_timeout
}

/// The octets the session may still transfer: the smallest data quota left, explained in
/// `why`.
fn data_limit(left: &QuotaLeft, why: &mut Vec<String>) -> Option<u64> {
    let mut data: Vec<(u64, &str)> = Vec::new();
    if let Some(b) = left.day_bytes {
        data.push((b, "daily data quota left"));
    }
    if let Some(b) = left.month_bytes {
        data.push((b, "monthly data quota left"));
    }
    let data_limit = data.iter().map(|(b, _)| *b).min();
    if let Some(b) = data_limit {
        let parts: Vec<String> = data
            .iter()
            .map(|(b, what)| format!("{what} {}", format_bytes(*b)))
            .collect();
        why.push(format!(
            "data limit {b} octets: smallest of {}",
            parts.join(", ")
        ));
    }
    data_limit
}

/// The plan's own limits that pass through unchanged, for `why`.
fn plan_notes(p: &Policy, usage: &Usage, why: &mut Vec<String>) {
    if let Some(t) = p.idle_timeout {
        why.push(format!("Idle-Timeout {t}: plan idle timeout"));
    }
    if let Some(r) = &p.rate {
        why.push(format!(
            "rate {}: plan rate (upload/download)",
            r.mikrotik()
        ));
    }
    if let Some(max) = p.max_sessions {
        why.push(format!(
            "{} of {max} sessions open on other devices",
            usage.open_sessions
        ));
    }
}

/// The local day ("YYYY-MM-DD") and the first day of its month, for usage look-ups.
pub fn usage_days(now: i64, offset: i64) -> (String, String) {
    let local = day_start(now.saturating_add(offset));
    // Every login asks, and the answer changes once a day: chrono's formatting was 3% of a
    // CHAP login's server CPU, so each thread keeps its last answer.
    thread_local! {
        static LAST: std::cell::RefCell<Option<(i64, String, String)>> =
            const { std::cell::RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| match last {
        Some((day, today, month)) if *day == local => (today.clone(), month.clone()),
        _ => {
            let (today, month) = match chrono::DateTime::from_timestamp(local, 0) {
                Some(t) => (
                    t.format("%Y-%m-%d").to_string(),
                    t.format("%Y-%m-01").to_string(),
                ),
                None => ("1970-01-01".into(), "1970-01-01".into()),
            };
            *last = Some((local, today.clone(), month.clone()));
            (today, month)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::limits::Limits;

    const WIB: i64 = 7 * 3600;
    /// 2025-06-02 (a Monday) at hh:mm in WIB, as UTC epoch seconds.
    fn wib(h: i64, m: i64) -> i64 {
        1_748_822_400 + h * 3600 + m * 60 - WIB
    }

    fn student() -> Policy {
        Policy::from_limits(&Limits {
            rate_up: Some("2M".into()),
            rate_down: Some("4M".into()),
            allowed_hours: Some("05:00-21:00".into()),
            session_timeout: Some(3600),
            idle_timeout: Some(600),
            daily_bytes: Some(2_000_000_000),
            max_sessions: Some(1),
            ..Limits::default()
        })
        .unwrap()
    }

    fn grant(v: Verdict) -> Grant {
        match v {
            Verdict::Accept(g) => g,
            Verdict::Reject { reason, detail } => panic!("rejected: {reason}: {detail}"),
        }
    }

    fn reason(v: Verdict) -> &'static str {
        match v {
            Verdict::Reject { reason, .. } => reason,
            Verdict::Accept(_) => panic!("accepted"),
        }
    }

    #[test]
    fn usage_days_are_local() {
        assert_eq!(
            usage_days(wib(0, 30), WIB),
            ("2025-06-02".into(), "2025-06-01".into())
        );
        assert_eq!(usage_days(wib(0, 30), 0).0, "2025-06-01");
    }

    #[test]
    fn outside_allowed_hours() {
        let p = student();
        let a = Account::default();
        let u = Usage::default();
        assert_eq!(
            reason(decide(&p, &a, &u, wib(4, 59), WIB)),
            "outside allowed hours"
        );
        assert_eq!(
            reason(decide(&p, &a, &u, wib(21, 0), WIB)),
            "outside allowed hours"
        );
        // Read in UTC the same instant is 14:00, inside the window: the zone matters.
        grant(decide(&p, &a, &u, wib(21, 0), 0));
    }

    #[test]
    fn session_timeout_is_the_smallest_limit() {
        let p = student();
        let a = Account::default();
        let u = Usage::default();
        assert_eq!(
            grant(decide(&p, &a, &u, wib(10, 0), WIB)).session_timeout,
            Some(3600)
        );
        // 30 minutes before the window closes.
        let g = grant(decide(&p, &a, &u, wib(20, 30), WIB));
        assert_eq!(g.session_timeout, Some(1800));
        assert!(
            g.why[0].contains("until the allowed hours end 30m"),
            "{:?}",
            g.why
        );
        // Daily time quota: 20 minutes left.
        let mut l = Limits {
            daily_seconds: Some(7200),
            ..Limits::default()
        };
        let p2 = Policy::from_limits(&l).unwrap();
        let used = Usage {
            day_seconds: 6000,
            ..Usage::default()
        };
        assert_eq!(
            grant(decide(&p2, &a, &used, wib(10, 0), WIB)).session_timeout,
            Some(1200)
        );
        // Monthly time quota smaller still.
        l.monthly_seconds = Some(10_000);
        let p3 = Policy::from_limits(&l).unwrap();
        let used = Usage {
            day_seconds: 6000,
            month_seconds: 9_900,
            ..Usage::default()
        };
        assert_eq!(
            grant(decide(&p3, &a, &used, wib(10, 0), WIB)).session_timeout,
            Some(100)
        );
        // Expiry in 10 minutes caps it too.
        let soon = Account {
            expires_at: Some(wib(10, 10)),
            first_login_at: None,
        };
        assert_eq!(
            grant(decide(&p, &soon, &Usage::default(), wib(10, 0), WIB)).session_timeout,
            Some(600)
        );
    }

    #[test]
    fn quotas() {
        let p = student();
        let a = Account::default();
        let used = Usage {
            day_bytes: 1_500_000_000,
            ..Usage::default()
        };
        assert_eq!(
            grant(decide(&p, &a, &used, wib(10, 0), WIB)).data_limit,
            Some(500_000_000)
        );
        let full = Usage {
            day_bytes: 2_000_000_001,
            ..Usage::default()
        };
        assert_eq!(
            reason(decide(&p, &a, &full, wib(10, 0), WIB)),
            "daily data quota used up"
        );
        let m = Policy::from_limits(&Limits {
            monthly_bytes: Some(10),
            monthly_seconds: Some(10),
            ..Limits::default()
        })
        .unwrap();
        let used = Usage {
            month_bytes: 10,
            ..Usage::default()
        };
        assert_eq!(
            reason(decide(&m, &a, &used, 0, 0)),
            "monthly data quota used up"
        );
        let used = Usage {
            month_seconds: 11,
            ..Usage::default()
        };
        assert_eq!(
            reason(decide(&m, &a, &used, 0, 0)),
            "monthly time quota used up"
        );
        let d = Policy::from_limits(&Limits {
            daily_seconds: Some(60),
            ..Limits::default()
        })
        .unwrap();
        let used = Usage {
            day_seconds: 60,
            ..Usage::default()
        };
        assert_eq!(
            reason(decide(&d, &a, &used, 0, 0)),
            "daily time quota used up"
        );
    }

    #[test]
    fn expiry_and_validity() {
        let p = student();
        let past = Account {
            expires_at: Some(wib(9, 0)),
            first_login_at: None,
        };
        assert_eq!(
            reason(decide(&p, &past, &Usage::default(), wib(10, 0), WIB)),
            "expired"
        );
        let v = Policy::from_limits(&Limits {
            valid_days: Some(30),
            ..Limits::default()
        })
        .unwrap();
        let fresh = Account::default();
        let g = grant(decide(&v, &fresh, &Usage::default(), wib(10, 0), WIB));
        assert!(g.starts_validity);
        assert_eq!(g.session_timeout, Some(30 * 86_400));
        let old = Account {
            expires_at: None,
            first_login_at: Some(wib(10, 0) - 30 * 86_400),
        };
        assert_eq!(
            reason(decide(&v, &old, &Usage::default(), wib(10, 0), WIB)),
            "expired"
        );
        let fixed = Policy::from_limits(&Limits {
            valid_until: Some(wib(9, 0)),
            ..Limits::default()
        })
        .unwrap();
        assert_eq!(
            reason(decide(&fixed, &fresh, &Usage::default(), wib(10, 0), WIB)),
            "expired"
        );
    }

    #[test]
    fn simultaneous_sessions() {
        let p = student();
        let a = Account::default();
        let one = Usage {
            open_sessions: 1,
            ..Usage::default()
        };
        assert_eq!(
            reason(decide(&p, &a, &one, wib(10, 0), WIB)),
            "too many sessions"
        );
        grant(decide(&p, &a, &Usage::default(), wib(10, 0), WIB));
    }
}
