//! Limit options shared by `plan add|set` and `user set` (human units: `2M/4M`, `2GB`,
//! `90m`, `mon-fri 05:00-21:00`), and the way limits are printed back.

use anyhow::{Context as _, bail};
use clap::Args;

use crate::dictionary::Dictionary;
use crate::policy::hours::Schedule;
use crate::policy::limits::{QuotaAction, parse_extra};
use crate::policy::rate::{format_rate, parse_rate_pair};
use crate::policy::units::{format_bytes, format_duration, parse_bytes, parse_duration};
use crate::policy::{Limits, Policy};

/// Help shared by the commands that take limits.
pub(super) const UNITS_HELP: &str = "\
Units: rates 512k, 2M (bit/s, UP/DOWN = client upload/download); sizes 500MB, 2GB (1000s)
or 512MiB, 6GiB (1024s); durations 45s, 90m, 1h30m, 2d; hours 05:00-21:00 or
'mon-fri 05:00-21:00; sat,sun 07:00-20:00'. 'none' (or 0) means no limit.";

/// The limit options.
#[derive(Debug, Args, Default)]
pub(super) struct LimitArgs {
    /// Speed as UP/DOWN, e.g. 2M/4M (client upload/download), or one rate for both.
    #[arg(long, value_name = "UP/DOWN")]
    rate: Option<String>,
    /// MikroTik burst rate UP/DOWN, e.g. 4M/8M.
    #[arg(long, value_name = "UP/DOWN")]
    burst_rate: Option<String>,
    /// MikroTik burst threshold UP/DOWN (default: the rate).
    #[arg(long, value_name = "UP/DOWN")]
    burst_threshold: Option<String>,
    /// MikroTik burst time, e.g. 16s (default 1s).
    #[arg(long, value_name = "DURATION")]
    burst_time: Option<String>,
    /// MikroTik queue priority, 1 (highest) to 8.
    #[arg(long, value_name = "1-8")]
    priority: Option<String>,
    /// Allowed hours, e.g. 05:00-21:00 or 'mon-fri 05:00-21:00' ('always' = any time).
    #[arg(long, value_name = "HOURS")]
    hours: Option<String>,
    /// Longest session, e.g. 1h.
    #[arg(long, value_name = "DURATION")]
    session_timeout: Option<String>,
    /// Disconnect after this long without traffic, e.g. 10m.
    #[arg(long, value_name = "DURATION")]
    idle_timeout: Option<String>,
    /// Acct-Interim-Interval for this plan, e.g. 5m (at least 60s).
    #[arg(long, value_name = "DURATION")]
    interim_interval: Option<String>,
    /// Data per day across all hotspots, e.g. 2GB.
    #[arg(long, value_name = "SIZE")]
    daily_quota: Option<String>,
    /// Data per calendar month, e.g. 40GB.
    #[arg(long, value_name = "SIZE")]
    monthly_quota: Option<String>,
    /// Time online per day, e.g. 4h.
    #[arg(long, value_name = "DURATION")]
    daily_time: Option<String>,
    /// Time online per calendar month, e.g. 60h.
    #[arg(long, value_name = "DURATION")]
    monthly_time: Option<String>,
    /// Devices online at once, across all hotspots.
    #[arg(long, value_name = "N")]
    max_sessions: Option<String>,
    /// Last day logins are accepted, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    valid_until: Option<String>,
    /// Days an account works, counted from its first login.
    #[arg(long, value_name = "DAYS")]
    valid_days: Option<String>,
    /// Extra reply attribute by dictionary name, e.g. 'Mikrotik-Address-List=pelajar'
    /// (repeat for more; replaces the list).
    #[arg(long = "attr", value_name = "NAME=VALUE")]
    attrs: Vec<String>,
    /// When an Interim-Update shows a quota used up: disconnect, or 'throttle 256k/512k'.
    #[arg(long, value_name = "ACTION")]
    on_quota: Option<String>,
    /// Language of the texts the person reads on the login page: id (Bahasa Indonesia) or en.
    #[arg(long, value_name = "id|en")]
    language: Option<String>,
    /// How long a device stays bound for roaming after a password login, e.g. 7d
    /// ('none' = no roaming).
    #[arg(long, value_name = "DURATION")]
    mac_roaming: Option<String>,
    /// First day logins are accepted, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    valid_from: Option<String>,
    /// Forget a setting (on a user: use the plan's again), e.g. --unset daily-quota.
    #[arg(long, value_name = "FIELD")]
    unset: Vec<String>,
}

fn is_none(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "none" | "0" | "unlimited"
    )
}

fn number(flag: &str, v: &str, parse: impl Fn(&str) -> Option<u64>) -> anyhow::Result<i64> {
    if is_none(v) {
        return Ok(0);
    }
    parse(v)
        .and_then(|n| i64::try_from(n).ok())
        .with_context(|| format!("--{flag} '{}' is not valid", v.escape_debug()))
}

impl LimitArgs {
    /// Whether any option was given.
    pub(super) fn any(&self) -> bool {
        let o = [
            &self.rate,
            &self.burst_rate,
            &self.burst_threshold,
            &self.burst_time,
            &self.priority,
            &self.hours,
            &self.session_timeout,
            &self.idle_timeout,
            &self.interim_interval,
            &self.daily_quota,
            &self.monthly_quota,
            &self.daily_time,
            &self.monthly_time,
            &self.max_sessions,
            &self.valid_until,
            &self.valid_days,
            &self.on_quota,
            &self.language,
            &self.mac_roaming,
            &self.valid_from,
        ];
        o.iter().any(|v| v.is_some()) || !self.attrs.is_empty() || !self.unset.is_empty()
    }

    /// Applies the options to `l`, then checks the result (extra attributes against `dict`).
    pub(super) fn apply(&self, l: &mut Limits, dict: &Dictionary) -> anyhow::Result<()> {
        for field in &self.unset {
            unset(l, field)?;
        }
        let pair = |flag: &str, v: &str| -> anyhow::Result<(Option<String>, Option<String>)> {
            if is_none(v) {
                return Ok((Some(String::new()), Some(String::new())));
            }
            let (u, d) = parse_rate_pair(v).with_context(|| {
                format!(
                    "--{flag} '{}' is not a rate such as 2M/4M",
                    v.escape_debug()
                )
            })?;
            Ok((Some(format_rate(u)), Some(format_rate(d))))
        };
        if let Some(v) = &self.rate {
            (l.rate_up, l.rate_down) = pair("rate", v)?;
        }
        if let Some(v) = &self.burst_rate {
            (l.burst_rate_up, l.burst_rate_down) = pair("burst-rate", v)?;
        }
        if let Some(v) = &self.burst_threshold {
            (l.burst_threshold_up, l.burst_threshold_down) = pair("burst-threshold", v)?;
        }
        let dur = |flag: &str, v: &Option<String>| -> anyhow::Result<Option<i64>> {
            v.as_deref()
                .map(|v| number(flag, v, parse_duration))
                .transpose()
        };
        let size = |flag: &str, v: &Option<String>| -> anyhow::Result<Option<i64>> {
            v.as_deref()
                .map(|v| number(flag, v, parse_bytes))
                .transpose()
        };
        let count = |flag: &str, v: &Option<String>| -> anyhow::Result<Option<i64>> {
            v.as_deref()
                .map(|v| number(flag, v, |s| s.trim().parse().ok()))
                .transpose()
        };
        macro_rules! set {
            ($field:ident, $value:expr) => {
                if let Some(v) = $value {
                    l.$field = Some(v);
                }
            };
        }
        set!(burst_time, dur("burst-time", &self.burst_time)?);
        set!(priority, count("priority", &self.priority)?);
        set!(
            session_timeout,
            dur("session-timeout", &self.session_timeout)?
        );
        set!(idle_timeout, dur("idle-timeout", &self.idle_timeout)?);
        set!(
            interim_interval,
            dur("interim-interval", &self.interim_interval)?
        );
        set!(daily_bytes, size("daily-quota", &self.daily_quota)?);
        set!(monthly_bytes, size("monthly-quota", &self.monthly_quota)?);
        set!(daily_seconds, dur("daily-time", &self.daily_time)?);
        set!(monthly_seconds, dur("monthly-time", &self.monthly_time)?);
        set!(max_sessions, count("max-sessions", &self.max_sessions)?);
        set!(valid_days, count("valid-days", &self.valid_days)?);
        self.apply_person(l)?;
        if let Some(h) = &self.hours {
            l.allowed_hours = Some(if is_none(h) || h.trim().eq_ignore_ascii_case("always") {
                String::new()
            } else {
                Schedule::parse(h)
                    .map_err(|e| anyhow::anyhow!("--hours: {e}"))?
                    .as_str()
                    .to_string()
            });
        }
        if let Some(d) = &self.valid_until {
            l.valid_until = Some(if is_none(d) {
                0
            } else {
                end_of_day(d)
                    .with_context(|| format!("--valid-until '{d}' is not a date like 2026-12-31"))?
            });
        }
        if !self.attrs.is_empty() {
            let text = self.attrs.join("\n");
            parse_extra(&text).map_err(|e| anyhow::anyhow!("--attr {e}"))?;
            l.extra_attributes = Some(text);
        }
        let policy = Policy::from_limits(l).map_err(|e| anyhow::anyhow!("{e}"))?;
        policy
            .check_extra(dict)
            .map_err(|e| anyhow::anyhow!("--attr {e}"))?;
        Ok(())
    }
}

impl LimitArgs {
    /// The quota action and the options of issue 22 (language, MAC roaming, first day).
    fn apply_person(&self, l: &mut Limits) -> anyhow::Result<()> {
        if let Some(a) = &self.on_quota {
            l.quota_action = Some(
                QuotaAction::parse(a)
                    .map_err(|e| anyhow::anyhow!("--on-quota {e}"))?
                    .as_text(),
            );
        }
        if let Some(v) = &self.mac_roaming {
            l.mac_roaming = Some(number("mac-roaming", v, parse_duration)?);
        }
        if let Some(v) = &self.language {
            l.language = Some(if is_none(v) {
                String::new()
            } else {
                crate::domain::Language::parse(v)
                    .with_context(|| format!("--language '{}' is not id or en", v.escape_debug()))?
                    .code()
                    .to_string()
            });
        }
        if let Some(d) = &self.valid_from {
            l.valid_from = Some(if is_none(d) {
                0
            } else {
                start_of_day(d)
                    .with_context(|| format!("--valid-from '{d}' is not a date like 2026-12-31"))?
            });
        }
        Ok(())
    }
}

fn unset(l: &mut Limits, field: &str) -> anyhow::Result<()> {
    match field.trim_start_matches("--") {
        "rate" => (l.rate_up, l.rate_down) = (None, None),
        "burst-rate" => (l.burst_rate_up, l.burst_rate_down) = (None, None),
        "burst-threshold" => (l.burst_threshold_up, l.burst_threshold_down) = (None, None),
        "burst-time" => l.burst_time = None,
        "priority" => l.priority = None,
        "hours" => l.allowed_hours = None,
        "session-timeout" => l.session_timeout = None,
        "idle-timeout" => l.idle_timeout = None,
        "interim-interval" => l.interim_interval = None,
        "daily-quota" => l.daily_bytes = None,
        "monthly-quota" => l.monthly_bytes = None,
        "daily-time" => l.daily_seconds = None,
        "monthly-time" => l.monthly_seconds = None,
        "max-sessions" => l.max_sessions = None,
        "valid-until" => l.valid_until = None,
        "valid-days" => l.valid_days = None,
        "attr" | "attrs" => l.extra_attributes = None,
        "on-quota" => l.quota_action = None,
        "language" => l.language = None,
        "mac-roaming" => l.mac_roaming = None,
        "valid-from" => l.valid_from = None,
        "all" => *l = Limits::default(),
        other => bail!(
            "--unset '{}' is not a setting (rate, hours, daily-quota, ... or all)",
            other.escape_debug()
        ),
    }
    Ok(())
}

/// "YYYY-MM-DD" to the first second of that day, in this machine's time zone.
fn start_of_day(s: &str) -> Option<i64> {
    use chrono::{Local, NaiveDate, TimeZone};
    let day = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()?;
    let start = day.and_hms_opt(0, 0, 0)?;
    Some(Local.from_local_datetime(&start).earliest()?.timestamp())
}

/// "YYYY-MM-DD" to the first second after that day ends, in this machine's time zone.
fn end_of_day(s: &str) -> Option<i64> {
    use chrono::{Local, NaiveDate, TimeZone};
    let day = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()?;
    let next = day.succ_opt()?.and_hms_opt(0, 0, 0)?;
    Some(Local.from_local_datetime(&next).earliest()?.timestamp())
}

/// The set fields of `l`, as (label, human value) rows; `None` fields are left out.
pub(super) fn describe(l: &Limits) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    let text = |v: &Option<String>| {
        v.as_deref().map(|s| {
            if s.is_empty() {
                "none".to_string()
            } else {
                s.to_string()
            }
        })
    };
    let num = |v: Option<i64>, f: fn(u64) -> String| {
        v.map(|n| {
            if n <= 0 {
                "none".to_string()
            } else {
                f(n as u64)
            }
        })
    };
    let pair = |a: &Option<String>, b: &Option<String>| match (text(a), text(b)) {
        (None, None) => None,
        (a, b) => Some(format!(
            "{}/{}",
            a.unwrap_or_else(|| "-".into()),
            b.unwrap_or_else(|| "-".into())
        )),
    };
    let mut push = |label, v: Option<String>| {
        if let Some(v) = v {
            rows.push((label, v));
        }
    };
    push("rate (up/down)", pair(&l.rate_up, &l.rate_down));
    push("burst rate", pair(&l.burst_rate_up, &l.burst_rate_down));
    push(
        "burst threshold",
        pair(&l.burst_threshold_up, &l.burst_threshold_down),
    );
    push("burst time", num(l.burst_time, format_duration));
    push("priority", num(l.priority, |n| n.to_string()));
    push(
        "allowed hours",
        l.allowed_hours.as_deref().map(|h| {
            if h.is_empty() {
                "always".to_string()
            } else {
                h.to_string()
            }
        }),
    );
    push("session timeout", num(l.session_timeout, format_duration));
    push("idle timeout", num(l.idle_timeout, format_duration));
    push("interim interval", num(l.interim_interval, format_duration));
    push("daily quota", num(l.daily_bytes, format_bytes));
    push("monthly quota", num(l.monthly_bytes, format_bytes));
    push("daily time", num(l.daily_seconds, format_duration));
    push("monthly time", num(l.monthly_seconds, format_duration));
    push("max sessions", num(l.max_sessions, |n| n.to_string()));
    push(
        "valid until",
        num(l.valid_until, |t| super::fmt_time(t as i64)),
    );
    push(
        "valid days",
        num(l.valid_days, |n| format!("{n} from first login")),
    );
    push("on quota", text(&l.quota_action));
    push("language", text(&l.language));
    push("mac roaming", num(l.mac_roaming, format_duration));
    push(
        "valid from",
        num(l.valid_from, |t| super::fmt_time(t as i64)),
    );
    if let Some(extra) = &l.extra_attributes {
        for line in extra.lines().filter(|l| !l.trim().is_empty()) {
            push("attribute", Some(line.trim().to_string()));
        }
    }
    rows
}
