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

#[cfg(test)]
mod tests {
    use super::parse_rate;

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
}
