//! Human units for plan limits: data sizes (`2GB`, `512MiB`), durations (`90m`, `1h30m`,
//! `7d`) and rates (`512k`, `2M`, see `rate.rs`), parsed and printed back the same way.

/// Parses a data size into octets. `k`, `M`, `G`, `T` (optionally followed by `B`) are
/// powers of 1000 as printed on data packages; `KiB`, `MiB`, `GiB`, `TiB` powers of 1024.
/// A bare number is octets.
pub fn parse_bytes(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    if digits.is_empty() {
        return None;
    }
    let mult: u64 = match unit.trim() {
        "" | "B" | "b" => 1,
        "k" | "K" | "kB" | "KB" => 1_000,
        "M" | "MB" => 1_000_000,
        "G" | "GB" => 1_000_000_000,
        "T" | "TB" => 1_000_000_000_000,
        "KiB" | "Ki" => 1 << 10,
        "MiB" | "Mi" => 1 << 20,
        "GiB" | "Gi" => 1 << 30,
        "TiB" | "Ti" => 1 << 40,
        _ => return None,
    };
    digits.parse::<u64>().ok()?.checked_mul(mult)
}

/// Octets in the shortest exact form `parse_bytes` reads back ("2GB", "6GiB", "1500").
pub fn format_bytes(n: u64) -> String {
    if n == 0 {
        return "0".into();
    }
    const UNITS: [(u64, &str); 8] = [
        (1 << 40, "TiB"),
        (1_000_000_000_000, "TB"),
        (1 << 30, "GiB"),
        (1_000_000_000, "GB"),
        (1 << 20, "MiB"),
        (1_000_000, "MB"),
        (1 << 10, "KiB"),
        (1_000, "kB"),
    ];
    for (m, unit) in UNITS {
        if n >= m && n % m == 0 {
            return format!("{}{unit}", n / m);
        }
    }
    format!("{n}B")
}

/// Parses a duration into seconds: `90m`, `1h30m`, `2d`, `45s`, or a bare number of seconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<u64>() {
        return Some(n);
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let mult = match c {
            'w' => 604_800,
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let n: u64 = std::mem::take(&mut digits).parse().ok()?;
        total = total.checked_add(n.checked_mul(mult)?)?;
    }
    // A trailing number without a unit ("1h30") is ambiguous: refuse it.
    digits.is_empty().then_some(total)
}

/// Seconds as "1h30m", "10m", "45s", "2d" ("0s" for zero).
pub fn format_duration(secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut rest = secs;
    for (m, unit) in [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")] {
        if rest >= m {
            out.push_str(&format!("{}{unit}", rest / m));
            rest %= m;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes() {
        assert_eq!(parse_bytes("2GB"), Some(2_000_000_000));
        assert_eq!(parse_bytes("2G"), Some(2_000_000_000));
        assert_eq!(parse_bytes("6GiB"), Some(6 << 30));
        assert_eq!(parse_bytes("512MiB"), Some(512 << 20));
        assert_eq!(parse_bytes("100MB"), Some(100_000_000));
        assert_eq!(parse_bytes("1500"), Some(1500));
        assert_eq!(parse_bytes("1.5GB"), None);
        assert_eq!(parse_bytes("GB"), None);
        assert_eq!(parse_bytes("2XB"), None);
        assert_eq!(parse_bytes("99999999999TB"), None);
        for n in [2_000_000_000, 6 << 30, 1500, 1, 0, 2_500_000_000] {
            assert_eq!(parse_bytes(&format_bytes(n)), Some(n), "{n}");
        }
        assert_eq!(format_bytes(2_000_000_000), "2GB");
        assert_eq!(format_bytes(6 << 30), "6GiB");
        assert_eq!(format_bytes(2_500_000_000), "2500MB");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90m"), Some(5400));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("2d"), Some(172_800));
        assert_eq!(parse_duration("45"), Some(45));
        assert_eq!(parse_duration("1h30"), None);
        assert_eq!(parse_duration("1x"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("99999999999999999999w"), None);
        assert_eq!(format_duration(5400), "1h30m");
        assert_eq!(format_duration(3600), "1h");
        assert_eq!(format_duration(90_061), "1d1h1m1s");
        for n in [1, 59, 60, 3600, 5400, 86_400, 90_061] {
            assert_eq!(parse_duration(&format_duration(n)), Some(n));
        }
    }
}
