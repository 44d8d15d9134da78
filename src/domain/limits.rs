//! Plan limits as stored (every field optional, so the same shape serves plans and per-user
//! overrides) and as used (typed, merged, validated). `None` means "not set here"; a zero
//! number or empty text means "no limit", which lets a user override lift a plan's limit.

use super::Language;
use super::hours::Schedule;
use super::rate::{format_rate, parse_rate};

/// The stored limit fields of a plan or of a user's overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Limits {
    /// Client upload rate, e.g. "2M".
    pub rate_up: Option<String>,
    /// Client download rate, e.g. "4M".
    pub rate_down: Option<String>,
    pub burst_rate_up: Option<String>,
    pub burst_rate_down: Option<String>,
    pub burst_threshold_up: Option<String>,
    pub burst_threshold_down: Option<String>,
    /// Seconds.
    pub burst_time: Option<i64>,
    /// MikroTik queue priority, 1 (highest) to 8.
    pub priority: Option<i64>,
    /// Schedule text, e.g. "mon-fri 05:00-21:00"; empty = always.
    pub allowed_hours: Option<String>,
    pub session_timeout: Option<i64>,
    pub idle_timeout: Option<i64>,
    pub interim_interval: Option<i64>,
    /// Octets.
    pub daily_bytes: Option<i64>,
    pub monthly_bytes: Option<i64>,
    /// Seconds online.
    pub daily_seconds: Option<i64>,
    pub monthly_seconds: Option<i64>,
    pub max_sessions: Option<i64>,
    /// Epoch seconds after which the plan no longer admits anyone.
    pub valid_until: Option<i64>,
    /// Days an account works, counted from its first login.
    pub valid_days: Option<i64>,
    /// Extra reply attributes, one `Name = value` per line.
    pub extra_attributes: Option<String>,
    /// What happens when an Interim-Update shows a quota used up: `disconnect` or
    /// `throttle UP/DOWN`.
    pub quota_action: Option<String>,
    /// Language of the texts a person reads (`id`, `en`); empty = the configured default.
    pub language: Option<String>,
    /// Seconds a device's MAC stays bound to the user after a password login, so it logs
    /// in at any hotspot without retyping (issue 22); 0 = off.
    pub mac_roaming: Option<i64>,
    /// Epoch seconds before which logins are refused ("not valid yet").
    pub valid_from: Option<i64>,
}

impl Limits {
    /// Whether a decision under these (merged) limits reads the user's usage: a data or
    /// time quota, or a device limit. Zero means no limit, so it needs no usage either.
    pub fn counts_usage(&self) -> bool {
        [
            self.daily_bytes,
            self.monthly_bytes,
            self.daily_seconds,
            self.monthly_seconds,
            self.max_sessions,
        ]
        .iter()
        .any(|v| v.is_some_and(|n| n != 0))
    }

    /// Field by field: this (the override) where set, else `base` (the plan).
    pub fn over(&self, base: &Limits) -> Limits {
        macro_rules! pick {
            ($($f:ident),*) => { Limits { $($f: self.$f.clone().or_else(|| base.$f.clone())),* } };
        }
        pick!(
            rate_up,
            rate_down,
            burst_rate_up,
            burst_rate_down,
            burst_threshold_up,
            burst_threshold_down,
            burst_time,
            priority,
            allowed_hours,
            session_timeout,
            idle_timeout,
            interim_interval,
            daily_bytes,
            monthly_bytes,
            daily_seconds,
            monthly_seconds,
            max_sessions,
            valid_until,
            valid_days,
            extra_attributes,
            quota_action,
            language,
            mac_roaming,
            valid_from
        )
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

/// A rate limit with optional MikroTik burst and priority, in bits per second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    /// Client upload (MikroTik rx); 0 = unlimited.
    pub up: u64,
    /// Client download (MikroTik tx); 0 = unlimited.
    pub down: u64,
    pub burst: Option<Burst>,
    pub priority: Option<u8>,
}

/// MikroTik burst: rates allowed while the average stays under the thresholds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Burst {
    pub rate_up: u64,
    pub rate_down: u64,
    pub threshold_up: u64,
    pub threshold_down: u64,
    /// Seconds over which the average is taken.
    pub time: u64,
}

impl Rate {
    /// The Mikrotik-Rate-Limit text in RouterOS's positional syntax:
    /// `rx/tx [rx-burst/tx-burst [rx-threshold/tx-threshold [rx-time/tx-time [priority]]]]`.
    pub fn mikrotik(&self) -> String {
        let pair = |a: u64, b: u64| format!("{}/{}", format_rate(a), format_rate(b));
        let mut out = pair(self.up, self.down);
        match (&self.burst, self.priority) {
            (Some(b), prio) => {
                out.push_str(&format!(
                    " {} {} {}/{}",
                    pair(b.rate_up, b.rate_down),
                    pair(b.threshold_up, b.threshold_down),
                    b.time,
                    b.time
                ));
                if let Some(p) = prio {
                    out.push_str(&format!(" {p}"));
                }
            }
            // Priority is positional: the burst fields before it are given as zero (none).
            (None, Some(p)) => out.push_str(&format!(" 0/0 0/0 0/0 {p}")),
            (None, None) => {}
        }
        out
    }
}

/// What an Interim-Update that shows a used-up quota triggers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuotaAction {
    /// Disconnect-Request: the user is off until the quota resets.
    Disconnect,
    /// CoA-Request with this Mikrotik-Rate-Limit-style rate (upload, download).
    Throttle { up: u64, down: u64 },
}

impl QuotaAction {
    /// Parses `disconnect` or `throttle UP/DOWN` (also `throttle:UP/DOWN`).
    pub fn parse(s: &str) -> Result<QuotaAction, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("disconnect") || s.is_empty() {
            return Ok(QuotaAction::Disconnect);
        }
        let rest = s
            .strip_prefix("throttle")
            .map(|r| r.trim_start_matches([':', ' ']))
            .ok_or_else(|| format!("'{s}' is not `disconnect` or `throttle UP/DOWN`"))?;
        let (up, down) = super::rate::parse_rate_pair(rest)
            .filter(|(u, d)| *u > 0 && *d > 0)
            .ok_or_else(|| format!("'{rest}' is not a throttle rate such as 256k/512k"))?;
        Ok(QuotaAction::Throttle { up, down })
    }

    /// The stored text.
    pub fn as_text(&self) -> String {
        match self {
            QuotaAction::Disconnect => "disconnect".into(),
            QuotaAction::Throttle { up, down } => {
                format!("throttle {}/{}", format_rate(*up), format_rate(*down))
            }
        }
    }
}

/// The effective, typed limits of one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub rate: Option<Rate>,
    pub hours: Option<Schedule>,
    pub session_timeout: Option<u64>,
    pub idle_timeout: Option<u64>,
    pub interim_interval: Option<u64>,
    pub daily_bytes: Option<u64>,
    pub monthly_bytes: Option<u64>,
    pub daily_seconds: Option<u64>,
    pub monthly_seconds: Option<u64>,
    pub max_sessions: Option<u64>,
    pub valid_until: Option<i64>,
    pub valid_days: Option<u64>,
    /// (dictionary name, value text), in order.
    pub extra: Vec<(String, String)>,
    pub quota_action: QuotaAction,
    /// `None`: the configured default language.
    pub language: Option<Language>,
    /// Seconds a MAC stays bound after a password login; `None` = no roaming.
    pub mac_roaming: Option<u64>,
    /// Epoch seconds before which logins are refused.
    pub valid_from: Option<i64>,
}

/// A positive count, or `None` for unset, zero ("no limit") or a negative (never written).
fn positive(v: Option<i64>) -> Option<u64> {
    v.and_then(|n| u64::try_from(n).ok()).filter(|n| *n > 0)
}

fn rate_field(name: &str, v: &Option<String>) -> Result<Option<u64>, String> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse_rate(s)
            .map(Some)
            .ok_or_else(|| format!("{name} '{s}' is not a rate such as 512k or 2M")),
    }
}

/// Splits stored extra attributes into (name, value) pairs.
pub fn parse_extra(text: &str) -> Result<Vec<(String, String)>, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (name, value) = l
                .split_once('=')
                .ok_or_else(|| format!("'{l}' is not `Attribute-Name = value`"))?;
            let value = value.trim();
            // Quotes are optional, as in FreeRADIUS's users file.
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            Ok((name.trim().to_string(), value.to_string()))
        })
        .collect()
}

impl Policy {
    /// Whether a decision under these limits reads the user's usage: a data or time quota,
    /// or a device limit.
    pub fn counts_usage(&self) -> bool {
        [
            self.daily_bytes,
            self.monthly_bytes,
            self.daily_seconds,
            self.monthly_seconds,
            self.max_sessions,
        ]
        .iter()
        .any(Option::is_some)
    }

    /// Types and checks stored limits; the error names the field.
    pub fn from_limits(l: &Limits) -> Result<Policy, String> {
        let up = rate_field("rate (upload)", &l.rate_up)?;
        let down = rate_field("rate (download)", &l.rate_down)?;
        let burst_up = rate_field("burst rate (upload)", &l.burst_rate_up)?;
        let burst_down = rate_field("burst rate (download)", &l.burst_rate_down)?;
        let thr_up = rate_field("burst threshold (upload)", &l.burst_threshold_up)?;
        let thr_down = rate_field("burst threshold (download)", &l.burst_threshold_down)?;
        let priority = match positive(l.priority) {
            None => None,
            Some(p @ 1..=8) => Some(p as u8),
            Some(p) => return Err(format!("priority {p} is not between 1 and 8")),
        };
        let burst = if burst_up.is_some() || burst_down.is_some() {
            let (ru, rd) = (up.unwrap_or(0), down.unwrap_or(0));
            let b = Burst {
                rate_up: burst_up.unwrap_or(ru),
                rate_down: burst_down.unwrap_or(rd),
                // RouterOS's own defaults when a threshold or time is not given.
                threshold_up: thr_up.unwrap_or(ru),
                threshold_down: thr_down.unwrap_or(rd),
                time: positive(l.burst_time).unwrap_or(1),
            };
            if b.threshold_up > b.rate_up || b.threshold_down > b.rate_down {
                return Err("burst threshold must not exceed the burst rate".into());
            }
            Some(b)
        } else {
            None
        };
        let rate = if up.is_some() || down.is_some() || burst.is_some() || priority.is_some() {
            Some(Rate {
                up: up.unwrap_or(0),
                down: down.unwrap_or(0),
                burst,
                priority,
            })
        } else {
            None
        };
        let hours = match l.allowed_hours.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(Schedule::parse(s).map_err(|e| format!("allowed hours: {e}"))?),
        };
        let interim = positive(l.interim_interval);
        if let Some(i) = interim {
            if i < 60 {
                // RFC 2869 §5.16: the interval should not be smaller than 60 seconds.
                return Err(format!("interim interval {i}s is below 60 seconds"));
            }
        }
        Ok(Policy {
            rate,
            hours,
            session_timeout: positive(l.session_timeout),
            idle_timeout: positive(l.idle_timeout),
            interim_interval: interim,
            daily_bytes: positive(l.daily_bytes),
            monthly_bytes: positive(l.monthly_bytes),
            daily_seconds: positive(l.daily_seconds),
            monthly_seconds: positive(l.monthly_seconds),
            max_sessions: positive(l.max_sessions),
            valid_until: l.valid_until.filter(|t| *t > 0),
            valid_days: positive(l.valid_days),
            extra: match l.extra_attributes.as_deref() {
                None => Vec::new(),
                Some(t) => parse_extra(t)?,
            },
            quota_action: match l.quota_action.as_deref() {
                None => QuotaAction::Disconnect,
                Some(a) => QuotaAction::parse(a)?,
            },
            language: match l.language.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(s) => Some(
                    Language::parse(s).ok_or_else(|| format!("language '{s}' is not id or en"))?,
                ),
            },
            mac_roaming: positive(l.mac_roaming),
            valid_from: l.valid_from.filter(|t| *t > 0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(up: &str, down: &str) -> Limits {
        Limits {
            rate_up: Some(up.into()),
            rate_down: Some(down.into()),
            ..Limits::default()
        }
    }

    #[test]
    fn mikrotik_positional_syntax() {
        let p = Policy::from_limits(&rate("2M", "4M")).unwrap();
        assert_eq!(p.rate.unwrap().mikrotik(), "2M/4M");
        let l = Limits {
            burst_rate_up: Some("4M".into()),
            burst_rate_down: Some("8M".into()),
            burst_threshold_up: Some("1500k".into()),
            burst_threshold_down: Some("3M".into()),
            burst_time: Some(16),
            priority: Some(5),
            ..rate("2M", "4M")
        };
        let r = Policy::from_limits(&l).unwrap().rate.unwrap();
        assert_eq!(r.mikrotik(), "2M/4M 4M/8M 1500k/3M 16/16 5");
        // Burst without threshold or time: RouterOS's defaults written out.
        let l = Limits {
            burst_rate_up: Some("4M".into()),
            burst_rate_down: Some("8M".into()),
            ..rate("2M", "4M")
        };
        let r = Policy::from_limits(&l).unwrap().rate.unwrap();
        assert_eq!(r.mikrotik(), "2M/4M 4M/8M 2M/4M 1/1");
        let l = Limits {
            priority: Some(8),
            ..rate("512k", "1M")
        };
        let r = Policy::from_limits(&l).unwrap().rate.unwrap();
        assert_eq!(r.mikrotik(), "512k/1M 0/0 0/0 0/0 8");
    }

    #[test]
    fn invalid_fields_are_named() {
        for (l, needle) in [
            (rate("2X", "4M"), "rate (upload)"),
            (
                Limits {
                    priority: Some(9),
                    ..Limits::default()
                },
                "priority 9",
            ),
            (
                Limits {
                    allowed_hours: Some("25:00-26:00".into()),
                    ..Limits::default()
                },
                "allowed hours",
            ),
            (
                Limits {
                    interim_interval: Some(30),
                    ..Limits::default()
                },
                "interim interval",
            ),
            (
                Limits {
                    quota_action: Some("explode".into()),
                    ..Limits::default()
                },
                "disconnect",
            ),
            (
                Limits {
                    burst_rate_up: Some("1M".into()),
                    burst_threshold_up: Some("2M".into()),
                    ..rate("512k", "1M")
                },
                "threshold",
            ),
        ] {
            let e = Policy::from_limits(&l).unwrap_err();
            assert!(e.contains(needle), "{e}");
        }
    }

    #[test]
    fn overrides_win_and_zero_lifts_a_limit() {
        let plan = Limits {
            daily_bytes: Some(2_000_000_000),
            session_timeout: Some(3600),
            ..rate("2M", "4M")
        };
        let user = Limits {
            daily_bytes: Some(0),
            rate_down: Some("8M".into()),
            ..Limits::default()
        };
        let p = Policy::from_limits(&user.over(&plan)).unwrap();
        assert_eq!(p.daily_bytes, None);
        assert_eq!(p.session_timeout, Some(3600));
        assert_eq!(p.rate.unwrap().mikrotik(), "2M/8M");
    }

    #[test]
    fn quota_actions() {
        assert_eq!(
            QuotaAction::parse("disconnect").unwrap(),
            QuotaAction::Disconnect
        );
        let t = QuotaAction::parse("throttle 256k/512k").unwrap();
        assert_eq!(
            t,
            QuotaAction::Throttle {
                up: 256_000,
                down: 512_000
            }
        );
        assert_eq!(QuotaAction::parse(&t.as_text()).unwrap(), t);
        assert_eq!(
            QuotaAction::parse("throttle:1M").unwrap().as_text(),
            "throttle 1M/1M"
        );
        assert!(QuotaAction::parse("throttle 0/0").is_err());
    }
}
