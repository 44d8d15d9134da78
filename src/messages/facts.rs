//! The values a text's placeholders are filled with, worked out from the same policy,
//! usage and clock the decision used: when a quota resets, when the hours open again, how
//! many devices are online. Pure: the time and the zone are passed in.

use chrono::{DateTime, Datelike, NaiveDate};

use super::{Key, Language};
use crate::domain::units::{format_bytes, format_duration};
use crate::domain::{Policy, Usage};
use crate::policy::Account;
use crate::policy::decide::validity_end;

const DAY: i64 = 86_400;

/// Placeholder values by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts(Vec<(&'static str, String)>);

impl Facts {
    /// Sets one value.
    pub fn with(mut self, name: &'static str, value: String) -> Facts {
        self.0.push((name, value));
        self
    }

    /// The value of `name`, or "" when it was not worked out.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

/// The case and its values for a refusal `reason` (of `policy::decide` or the account
/// status) at `now` in the zone `offset` seconds east of UTC.
pub fn refusal_facts(
    reason: &str,
    policy: Option<&Policy>,
    account: &Account,
    usage: &Usage,
    now: i64,
    offset: i64,
) -> (Key, Facts) {
    let key = Key::for_refusal(reason);
    let Some(p) = policy else {
        return (key, Facts::default());
    };
    let at = |t: i64| local_time(t, now, offset);
    let facts = match key {
        Key::DailyData => {
            quota(usage.day_bytes, p.daily_bytes, true).with("reset", at(next_day(now, offset)))
        }
        Key::MonthlyData => quota(usage.month_bytes, p.monthly_bytes, true)
            .with("reset", at(next_month(now, offset))),
        Key::DailyTime => quota(usage.day_seconds, p.daily_seconds, false)
            .with("reset", at(next_day(now, offset))),
        Key::MonthlyTime => quota(usage.month_seconds, p.monthly_seconds, false)
            .with("reset", at(next_month(now, offset))),
        Key::OutsideHours => match &p.hours {
            Some(h) => {
                let wait = i64::try_from(h.until_open(now.saturating_add(offset))).unwrap_or(0);
                Facts::default()
                    .with("hours", h.as_str().to_string())
                    .with("opens", at(now.saturating_add(wait)))
            }
            None => Facts::default(),
        },
        Key::DeviceLimit => Facts::default()
            .with("online", usage.open_sessions.to_string())
            .with("max", p.max_sessions.unwrap_or(0).to_string()),
        Key::Expired => match validity_end(p, account, now) {
            Some(t) => Facts::default().with("when", full_time(t, offset)),
            None => Facts::default(),
        },
        Key::NotYetValid => match p.valid_from {
            Some(t) => Facts::default().with("from", at(t)),
            None => Facts::default(),
        },
        _ => Facts::default(),
    };
    (key, facts)
}

/// What is left today for the welcome on an Access-Accept.
pub fn welcome_facts(user: &str, p: &Policy, usage: &Usage, lang: Language) -> Facts {
    let unlimited = || match lang {
        Language::Id => "tanpa batas".to_string(),
        Language::En => "unlimited".to_string(),
    };
    let left = |limits: [(Option<u64>, u64); 2]| {
        limits
            .iter()
            .filter_map(|(limit, used)| limit.map(|l| l.saturating_sub(*used)))
            .min()
    };
    let data = left([
        (p.daily_bytes, usage.day_bytes),
        (p.monthly_bytes, usage.month_bytes),
    ]);
    let time = left([
        (p.daily_seconds, usage.day_seconds),
        (p.monthly_seconds, usage.month_seconds),
    ]);
    Facts::default()
        .with("user", user.to_string())
        .with(
            "data_left",
            data.map(format_bytes).unwrap_or_else(unlimited),
        )
        .with(
            "time_left",
            time.map(format_duration).unwrap_or_else(unlimited),
        )
}

fn quota(used: u64, limit: Option<u64>, bytes: bool) -> Facts {
    let f = |n: u64| {
        if bytes {
            format_bytes(n)
        } else {
            format_duration(n)
        }
    };
    Facts::default()
        .with("used", f(used))
        .with("limit", f(limit.unwrap_or(0)))
}

/// The start of the next local day, as epoch seconds.
fn next_day(now: i64, offset: i64) -> i64 {
    let local = now.saturating_add(offset);
    (local.div_euclid(DAY) + 1) * DAY - offset
}

/// The start of the next local month, as epoch seconds.
fn next_month(now: i64, offset: i64) -> i64 {
    let Some(local) = DateTime::from_timestamp(now.saturating_add(offset), 0) else {
        return next_day(now, offset);
    };
    let (y, m) = match local.month() {
        12 => (local.year() + 1, 1),
        m => (local.year(), m + 1),
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp() - offset)
        .unwrap_or_else(|| next_day(now, offset))
}

/// `HH:MM WIB` within the next day, else `YYYY-MM-DD HH:MM WIB`.
fn local_time(t: i64, now: i64, offset: i64) -> String {
    if t >= now && t - now < DAY {
        format_at(t, offset, "%H:%M")
    } else {
        full_time(t, offset)
    }
}

/// `YYYY-MM-DD HH:MM WIB`.
fn full_time(t: i64, offset: i64) -> String {
    format_at(t, offset, "%Y-%m-%d %H:%M")
}

fn format_at(t: i64, offset: i64, pattern: &str) -> String {
    let text = DateTime::from_timestamp(t.saturating_add(offset), 0)
        .map(|d| d.format(pattern).to_string())
        .unwrap_or_default();
    format!("{text} {}", zone_label(offset))
}

/// Indonesia's zone names for its three offsets, `UTC+H[:MM]` otherwise.
pub(crate) fn zone_label(offset: i64) -> String {
    match offset {
        25_200 => "WIB".into(),
        28_800 => "WITA".into(),
        32_400 => "WIT".into(),
        o => {
            let sign = if o < 0 { '-' } else { '+' };
            let (h, m) = (o.abs() / 3600, o.abs() % 3600 / 60);
            if m == 0 {
                format!("UTC{sign}{h}")
            } else {
                format!("UTC{sign}{h}:{m:02}")
            }
        }
    }
}
