//! Allowed hours per weekday: `05:00-21:00` (every day), `mon-fri 05:00-21:00; sat,sun
//! 07:00-20:00`, several windows per rule, and windows that cross midnight (`22:00-02:00`
//! ends at 02:00 the next day). Times are local to the configured zone.

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A weekly schedule of allowed windows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The text it was parsed from, normalised (what `plan show` prints).
    text: String,
    /// Allowed stretches in seconds from Monday 00:00, `start < end`; an end may pass the
    /// week's end (a Sunday-night window), which is wrapped when checking.
    windows: Vec<(i64, i64)>,
}

impl Schedule {
    /// Parses the operator's text; the error says what is wrong with which part.
    pub fn parse(s: &str) -> Result<Schedule, String> {
        let mut windows = Vec::new();
        let mut rules = Vec::new();
        for rule in s.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            let mut parts = rule.split_whitespace().peekable();
            let days = match parts.peek() {
                Some(first) if first.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                    let spec = parts.next().unwrap_or_default();
                    (parse_days(spec)?, Some(spec.to_ascii_lowercase()))
                }
                _ => ([true; 7], None),
            };
            let mut ranges = Vec::new();
            for range in parts.flat_map(|p| p.split(',')).filter(|p| !p.is_empty()) {
                let (start, end) = parse_range(range)?;
                ranges.push(range.to_string());
                for (d, on) in days.0.iter().enumerate() {
                    if *on {
                        let base = d as i64 * DAY;
                        windows.push((base + start, base + end));
                    }
                }
            }
            if ranges.is_empty() {
                return Err(format!("'{rule}' has no time range such as 05:00-21:00"));
            }
            rules.push(match days.1 {
                Some(d) => format!("{d} {}", ranges.join(" ")),
                None => ranges.join(" "),
            });
        }
        if windows.is_empty() {
            return Err("no allowed hours given (example: mon-fri 05:00-21:00)".into());
        }
        windows.sort_unstable();
        Ok(Schedule {
            text: rules.join("; "),
            windows,
        })
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `None` when `local` (epoch seconds shifted to local time) is outside every window;
    /// otherwise the seconds until the allowed stretch it is in ends, or `None`-like
    /// `Some(u64::MAX)` when windows join up around the whole week.
    pub fn remaining(&self, local: i64) -> Option<u64> {
        // 1970-01-01 was a Thursday: shift so that 0 is a Monday 00:00.
        let t = (local + 3 * DAY).rem_euclid(WEEK);
        let mut at = t;
        let mut moved = false;
        // Follow windows that touch or overlap until the allowed stretch ends.
        loop {
            let next = self
                .windows
                .iter()
                .flat_map(|&(s, e)| [(s, e), (s - WEEK, e - WEEK), (s + WEEK, e + WEEK)])
                .filter(|&(s, e)| s <= at && at < e)
                .map(|(_, e)| e)
                .max();
            match next {
                Some(end) => {
                    at = end;
                    moved = true;
                    if at - t >= WEEK {
                        return Some(u64::MAX);
                    }
                }
                None if moved => return u64::try_from(at - t).ok(),
                None => return None,
            }
        }
    }
}

impl Schedule {
    /// Seconds from `local` until the next allowed window opens (0 when inside one).
    pub fn until_open(&self, local: i64) -> u64 {
        let t = (local + 3 * DAY).rem_euclid(WEEK);
        self.windows
            .iter()
            .flat_map(|&(s, e)| [(s, e), (s + WEEK, e + WEEK), (s - WEEK, e - WEEK)])
            .filter_map(|(s, e)| {
                if s <= t && t < e {
                    Some(0)
                } else {
                    u64::try_from(s - t).ok()
                }
            })
            .min()
            .unwrap_or(0)
    }
}

fn parse_days(spec: &str) -> Result<[bool; 7], String> {
    let mut on = [false; 7];
    let day = |d: &str| {
        let d = d.to_ascii_lowercase();
        DAYS.iter()
            .position(|n| d.starts_with(n))
            .ok_or_else(|| format!("'{d}' is not a weekday (mon, tue, wed, thu, fri, sat, sun)"))
    };
    for part in spec.split(',').filter(|p| !p.is_empty()) {
        if part.eq_ignore_ascii_case("daily") || part.eq_ignore_ascii_case("all") {
            on = [true; 7];
            continue;
        }
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                let mut d = a;
                loop {
                    on[d] = true;
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => on[day(part)?] = true,
        }
    }
    Ok(on)
}

/// "05:00-21:00" into seconds of the day; an end at or before the start means the next day.
fn parse_range(range: &str) -> Result<(i64, i64), String> {
    let bad = || format!("'{range}' is not a time range such as 05:00-21:00");
    let (a, b) = range.split_once('-').ok_or_else(bad)?;
    let start = parse_clock(a).filter(|s| *s < DAY).ok_or_else(bad)?;
    let end = parse_clock(b).ok_or_else(bad)?;
    if end == start {
        return Err(format!(
            "'{range}' is empty (use 00:00-24:00 for the whole day)"
        ));
    }
    Ok((start, if end < start { end + DAY } else { end }))
}

fn parse_clock(s: &str) -> Option<i64> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    if h > 24 || m > 59 || (h == 24 && m != 0) || s.len() > 5 {
        return None;
    }
    Some(h * 3600 + m * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Local epoch seconds of a weekday (0 = Monday) at hh:mm, in the first week of 1970
    /// that starts on a Monday (1970-01-05).
    fn at(day: i64, h: i64, m: i64) -> i64 {
        4 * DAY + day * DAY + h * 3600 + m * 60
    }

    #[test]
    fn daily_window() {
        let s = Schedule::parse("05:00-21:00").unwrap();
        assert_eq!(s.remaining(at(0, 4, 59)), None);
        assert_eq!(s.remaining(at(0, 5, 0)), Some(16 * 3600));
        assert_eq!(s.remaining(at(2, 20, 30)), Some(1800));
        assert_eq!(s.remaining(at(6, 21, 0)), None);
        assert_eq!(s.as_str(), "05:00-21:00");
    }

    #[test]
    fn weekdays_and_weekend_rules() {
        let s = Schedule::parse("mon-fri 05:00-21:00; sat,sun 07:00-12:00 13:00-20:00").unwrap();
        assert_eq!(s.remaining(at(4, 6, 0)), Some(15 * 3600));
        assert_eq!(s.remaining(at(5, 6, 0)), None);
        assert_eq!(s.remaining(at(5, 11, 0)), Some(3600));
        assert_eq!(s.remaining(at(5, 12, 30)), None);
        assert_eq!(s.remaining(at(6, 19, 0)), Some(3600));
        assert_eq!(
            s.as_str(),
            "mon-fri 05:00-21:00; sat,sun 07:00-12:00 13:00-20:00"
        );
    }

    #[test]
    fn midnight_and_wraps() {
        let s = Schedule::parse("fri-sun 22:00-02:00").unwrap();
        // Sunday 23:00 runs into Monday 02:00 (the week wraps).
        assert_eq!(s.remaining(at(6, 23, 0)), Some(3 * 3600));
        assert_eq!(s.remaining(at(0, 1, 0)), Some(3600));
        assert_eq!(s.remaining(at(0, 3, 0)), None);
        // Windows that touch join up: 00:00-24:00 every day is never closed.
        let all = Schedule::parse("00:00-24:00").unwrap();
        assert_eq!(all.remaining(at(3, 12, 0)), Some(u64::MAX));
        // Adjacent windows across midnight are one stretch.
        let s = Schedule::parse("mon 20:00-24:00; tue 00:00-01:00").unwrap();
        assert_eq!(s.remaining(at(0, 23, 0)), Some(2 * 3600));
        // Negative epoch (before 1970 in local time) does not panic.
        assert!(s.remaining(-1).is_none());
    }

    #[test]
    fn errors_say_what_is_wrong() {
        for (text, needle) in [
            ("", "no allowed hours"),
            ("mon-fri", "no time range"),
            ("funday 05:00-21:00", "not a weekday"),
            ("05:00-25:00", "not a time range"),
            ("5-21", "not a time range"),
            ("05:00-05:00", "empty"),
            ("05:00-21:00:00", "not a time range"),
        ] {
            let e = Schedule::parse(text).unwrap_err();
            assert!(e.contains(needle), "{text}: {e}");
        }
    }
}
