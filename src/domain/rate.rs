//! Rates in the human form operators type and MikroTik prints ("512k", "2M", "1G").

/// Parses a rate into bits per second; suffixes k, M, G are powers of 1000 as in RouterOS.
pub fn parse_rate(s: &str) -> Option<u64> {
    let s = s.trim();
    let (digits, mult) = match s.char_indices().last()? {
        (i, 'k' | 'K') => (&s[..i], 1_000),
        (i, 'M' | 'm') => (&s[..i], 1_000_000),
        (i, 'G' | 'g') => (&s[..i], 1_000_000_000),
        _ => (s, 1),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(mult)
}

/// Bits per second in RouterOS form: "2M", "512k", "1500k", or plain bits. Only k and M are
/// used because those are the suffixes RouterOS documents for Rate-Limit.
pub fn format_rate(bps: u64) -> String {
    if bps != 0 && bps % 1_000_000 == 0 {
        format!("{}M", bps / 1_000_000)
    } else if bps != 0 && bps % 1_000 == 0 {
        format!("{}k", bps / 1_000)
    } else {
        bps.to_string()
    }
}

/// Parses "UP/DOWN" (client upload first, as in Mikrotik-Rate-Limit) or one rate for both.
pub fn parse_rate_pair(s: &str) -> Option<(u64, u64)> {
    match s.split_once('/') {
        Some((up, down)) => Some((parse_rate(up)?, parse_rate(down)?)),
        None => parse_rate(s).map(|r| (r, r)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_routeros_units() {
        assert_eq!(parse_rate("2M"), Some(2_000_000));
        assert_eq!(parse_rate("512k"), Some(512_000));
        assert_eq!(parse_rate("1G"), Some(1_000_000_000));
        assert_eq!(parse_rate("64000"), Some(64_000));
        assert_eq!(parse_rate("M"), None);
        assert_eq!(parse_rate("2.5M"), None);
        assert_eq!(parse_rate(""), None);
        assert_eq!(parse_rate("99999999999999999999G"), None);
    }

    #[test]
    fn formats_and_pairs() {
        assert_eq!(format_rate(2_000_000), "2M");
        assert_eq!(format_rate(512_000), "512k");
        assert_eq!(format_rate(1_500_000), "1500k");
        assert_eq!(format_rate(1_000_000_000), "1000M");
        assert_eq!(format_rate(64_500), "64500");
        assert_eq!(format_rate(0), "0");
        assert_eq!(parse_rate_pair("256k/512k"), Some((256_000, 512_000)));
        assert_eq!(parse_rate_pair("1M"), Some((1_000_000, 1_000_000)));
        assert_eq!(parse_rate_pair("1M/x"), None);
    }
}
