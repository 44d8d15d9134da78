//! The time zone that decides which day a usage delta belongs to. Indonesia's zones have
//! had fixed offsets without daylight saving since 1964, so a fixed UTC offset is exact and
//! needs no time-zone database: the Indonesian zone names are accepted as aliases.

use chrono::{DateTime, NaiveDate};

/// A fixed-offset zone for usage days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayZone {
    name: String,
    offset_secs: i64,
}

/// Zone names accepted besides `+HH:MM` offsets.
const NAMES: &[(&str, i64)] = &[
    ("Asia/Jakarta", 7 * 3600),
    ("Asia/Pontianak", 7 * 3600),
    ("WIB", 7 * 3600),
    ("Asia/Makassar", 8 * 3600),
    ("WITA", 8 * 3600),
    ("Asia/Jayapura", 9 * 3600),
    ("WIT", 9 * 3600),
    ("UTC", 0),
    ("Etc/UTC", 0),
];

impl DayZone {
    /// Parses `Asia/Jakarta` (and the other Indonesian zones, WIB/WITA/WIT, UTC) or a fixed
    /// offset such as `+07:00`, `+0530` or `-03`.
    pub fn parse(s: &str) -> Result<DayZone, String> {
        let s = s.trim();
        if let Some((name, off)) = NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(s)) {
            return Ok(DayZone {
                name: (*name).to_string(),
                offset_secs: *off,
            });
        }
        let bad = || {
            format!(
                "'{s}' is not a supported time zone: use Asia/Jakarta, Asia/Makassar, \
                 Asia/Jayapura, UTC or an offset such as +07:00"
            )
        };
        let (sign, rest) = match s.as_bytes().first() {
            Some(b'+') => (1, &s[1..]),
            Some(b'-') => (-1, &s[1..]),
            _ => return Err(bad()),
        };
        let digits: String = rest.chars().filter(|c| *c != ':').collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
            return Err(bad());
        }
        let hours: i64 = digits[..2].parse().map_err(|_| bad())?;
        let minutes: i64 = if digits.len() == 4 {
            digits[2..].parse().map_err(|_| bad())?
        } else {
            0
        };
        if hours > 14 || minutes > 59 {
            return Err(bad());
        }
        Ok(DayZone {
            name: s.to_string(),
            offset_secs: sign * (hours * 3600 + minutes * 60),
        })
    }

    /// An instant given as RFC 3339 (`2026-03-01T21:14:00+07:00`) or as local time in
    /// this zone (`2026-03-01 21:14` or `2026-03-01 21:14:05`), as epoch seconds.
    pub fn parse_instant(&self, s: &str) -> Result<i64, String> {
        let s = s.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(t.timestamp());
        }
        [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
        ]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())
        .map(|t| t.and_utc().timestamp() - self.offset_secs)
        .ok_or_else(|| {
            format!(
                "'{}' is not a time such as '2026-03-01 21:14' ({}) or RFC 3339",
                s.escape_debug(),
                self.name
            )
        })
    }

    /// The name as configured.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Seconds east of UTC.
    pub fn offset_secs(&self) -> i64 {
        self.offset_secs
    }

    /// The local date of an epoch time.
    pub fn date(&self, epoch: i64) -> NaiveDate {
        DateTime::from_timestamp(epoch.saturating_add(self.offset_secs), 0)
            .map(|t| t.date_naive())
            .unwrap_or_default()
    }

    /// The local date of an epoch time as `YYYY-MM-DD`.
    pub fn day(&self, epoch: i64) -> String {
        self.date(epoch).format("%Y-%m-%d").to_string()
    }

    /// The local hour (0-23) of an epoch time.
    pub fn hour(&self, epoch: i64) -> i64 {
        epoch.saturating_add(self.offset_secs).rem_euclid(86_400) / 3_600
    }

    /// Epoch seconds at local midnight starting `date`.
    pub fn midnight(&self, date: NaiveDate) -> i64 {
        date.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp() - self.offset_secs)
            .unwrap_or(0)
    }
}

impl Default for DayZone {
    fn default() -> Self {
        DayZone {
            name: "Asia/Jakarta".into(),
            offset_secs: 7 * 3600,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_offsets() {
        assert_eq!(DayZone::parse("Asia/Jakarta").unwrap().offset_secs(), 25200);
        assert_eq!(
            DayZone::parse("asia/makassar").unwrap().offset_secs(),
            28800
        );
        assert_eq!(DayZone::parse("+07:00").unwrap().offset_secs(), 25200);
        assert_eq!(DayZone::parse("+0530").unwrap().offset_secs(), 19800);
        assert_eq!(DayZone::parse("-03").unwrap().offset_secs(), -10800);
        for bad in ["Europe/Berlin", "7", "+7", "+25:00", "+07:99", ""] {
            assert!(DayZone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn jakarta_midnight_is_17_utc() {
        let z = DayZone::default();
        // 2026-03-01 16:59:59 UTC = 23:59:59 WIB; one second later is the next day.
        let before = 1_772_384_399;
        assert_eq!(z.day(before), "2026-03-01");
        assert_eq!(z.day(before + 1), "2026-03-02");
        assert_eq!(z.midnight(z.date(before + 1)), before + 1);
    }
}
