//! How the page words numbers, times and log reasons in the person's language: data in
//! MB/GB, durations in hours and minutes, instants in the accounting time zone.

use crate::auth::decision::reason;
use crate::store::AuthLogEntry;
use crate::web::Lang;

/// Bytes as a person reads them (decimal units, as phone plans count).
pub fn bytes(lang: Lang, n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    let text = if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    };
    decimal(lang, text)
}

/// A duration in hours and minutes ("2 j 05 m" / "2 h 05 m").
pub fn duration(lang: Lang, secs: u64) -> String {
    let (h, m) = (secs / 3600, (secs % 3600) / 60);
    let hours = lang.pick("j", "h");
    match (h, m) {
        (0, 0) if secs > 0 => format!("{secs} {}", lang.pick("dtk", "s")),
        (0, m) => format!("{m} m"),
        (h, m) => format!("{h} {hours} {m:02} m"),
    }
}

/// Bahasa Indonesia writes a decimal comma.
fn decimal(lang: Lang, text: String) -> String {
    match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

/// An instant as date and time in the accounting zone (`offset` seconds east of UTC).
pub fn instant(epoch: i64, offset: i64) -> String {
    chrono::DateTime::from_timestamp(epoch.saturating_add(offset), 0)
        .map(|t| t.format("%d-%m-%Y %H:%M").to_string())
        .unwrap_or_else(|| "-".into())
}

/// A device as its owner recognises it: the last two octets of its MAC (the page never
/// shows a whole MAC, as the roaming table never holds one).
pub fn device(mac: Option<&str>, lang: Lang) -> String {
    let label = lang.pick("Perangkat", "Device");
    match mac.and_then(crate::domain::Mac::parse) {
        Some(m) => {
            let colons = m.colons();
            let tail = colons.get(colons.len().saturating_sub(5)..).unwrap_or("");
            format!("{label} …:{tail}")
        }
        None => label.to_string(),
    }
}

/// What one login attempt's outcome says to its person, in the page's language where the
/// page knows the reason (a wrong password and an unknown name read the same), else the
/// text they were shown at the hotspot (it names the limit and when it resets).
pub fn attempt(lang: Lang, entry: &AuthLogEntry) -> String {
    let r = entry.reason.as_str();
    let credentials = [
        reason::BAD_PASSWORD,
        reason::UNKNOWN_USER,
        reason::REPEATED_BAD_PASSWORD,
        reason::REPEATED_UNKNOWN_USER,
    ];
    let text = if entry.accepted {
        lang.pick("Berhasil masuk", "Logged in")
    } else if credentials.contains(&r) {
        lang.pick("Kata sandi salah", "Wrong password")
    } else if r == reason::THROTTLED {
        lang.pick(
            "Terlalu banyak percobaan salah, ditahan sebentar",
            "Too many wrong tries, held back for a while",
        )
    } else if let Some(message) = entry.message.as_deref().filter(|m| !m.is_empty()) {
        return message.to_string();
    } else {
        return format!("{} ({r})", lang.pick("Ditolak", "Refused"));
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally_in_both_languages() {
        assert_eq!(bytes(Lang::Id, 1_500_000_000), "1,5 GB");
        assert_eq!(bytes(Lang::En, 1_500_000_000), "1.5 GB");
        assert_eq!(bytes(Lang::En, 999), "999 B");
        assert_eq!(duration(Lang::Id, 2 * 3600 + 5 * 60), "2 j 05 m");
        assert_eq!(duration(Lang::En, 125 * 60), "2 h 05 m");
        assert_eq!(duration(Lang::En, 30), "30 s");
        assert_eq!(duration(Lang::En, 0), "0 m");
        assert_eq!(instant(0, 7 * 3600), "01-01-1970 07:00");
    }
}
