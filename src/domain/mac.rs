//! A device's MAC address as hotspots send it (Calling-Station-Id, or the User-Name of a
//! MikroTik MAC login): `AA:BB:CC:DD:EE:FF`, `AA-BB-CC-DD-EE-FF` or `aabbccddeeff`.

/// Six octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mac(pub [u8; 6]);

impl Mac {
    /// Reads any of the three forms, either case; anything else is `None`.
    pub fn parse(s: &str) -> Option<Mac> {
        let s = s.trim().as_bytes();
        let digits: Vec<u8> = match s.len() {
            12 => s.to_vec(),
            17 => {
                let sep = s[2];
                if sep != b':' && sep != b'-' {
                    return None;
                }
                let mut d = Vec::with_capacity(12);
                for (i, b) in s.iter().enumerate() {
                    if i % 3 == 2 {
                        if *b != sep {
                            return None;
                        }
                    } else {
                        d.push(*b);
                    }
                }
                d
            }
            _ => return None,
        };
        let mut out = [0u8; 6];
        for (i, pair) in digits.chunks(2).enumerate() {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            out[i] = (hi * 16 + lo) as u8;
        }
        Some(Mac(out))
    }

    /// `AA:BB:CC:DD:EE:FF`, the form MikroTik sends.
    pub fn colons(&self) -> String {
        self.joined(":", true)
    }

    /// The spellings a NAS may have stored for this device, for look-ups by text.
    pub fn spellings(&self) -> [String; 6] {
        [
            self.joined(":", true),
            self.joined("-", true),
            self.joined("", false),
            self.joined(":", false),
            self.joined("-", false),
            self.joined("", true),
        ]
    }

    fn joined(&self, sep: &str, upper: bool) -> String {
        self.0
            .iter()
            .map(|b| {
                if upper {
                    format!("{b:02X}")
                } else {
                    format!("{b:02x}")
                }
            })
            .collect::<Vec<_>>()
            .join(sep)
    }
}

/// What the Class attribute of a MAC login's Access-Accept starts with: the NAS echoes the
/// Class in every Accounting-Request of the session (RFC 2865 §5.25), so the session is
/// charged to the user named after it rather than to a "user" named after the MAC.
pub const ROAM_CLASS_PREFIX: &[u8] = b"radkota-roam:";

/// The Class value that charges a session to `username`.
pub fn roam_class(username: &str) -> Vec<u8> {
    let mut v = ROAM_CLASS_PREFIX.to_vec();
    v.extend_from_slice(username.as_bytes());
    v
}

/// The user a roaming Class names, if it is one.
pub fn roam_user(class: &[u8]) -> Option<&str> {
    let name = std::str::from_utf8(class.strip_prefix(ROAM_CLASS_PREFIX)?).ok()?;
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_forms_one_mac() {
        let m = Mac([0xaa, 0xbb, 0xcc, 0x01, 0x02, 0xff]);
        for s in [
            "AA:BB:CC:01:02:FF",
            "aa-bb-cc-01-02-ff",
            "aabbcc0102ff",
            " AABBCC0102FF ",
        ] {
            assert_eq!(Mac::parse(s), Some(m), "{s}");
        }
        for s in [
            "",
            "aa:bb:cc:01:02",
            "aa:bb-cc:01:02:ff",
            "gg:bb:cc:01:02:ff",
            "siti",
            "aabbcc0102f",
        ] {
            assert_eq!(Mac::parse(s), None, "{s}");
        }
        assert_eq!(m.colons(), "AA:BB:CC:01:02:FF");
        assert!(m.spellings().contains(&"aabbcc0102ff".to_string()));
    }

    #[test]
    fn class_round_trip() {
        assert_eq!(roam_user(&roam_class("siti")), Some("siti"));
        assert_eq!(roam_user(b"radkota-roam:"), None);
        assert_eq!(roam_user(b"other"), None);
    }
}
