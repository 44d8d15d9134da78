//! Extra reply attributes of a plan (`Name = value` lines) checked and encoded against the
//! loaded dictionary: the one part of a plan's limits that needs the dictionary, so it
//! stays above the domain types.

use crate::dictionary::Dictionary;
use crate::domain::Policy;

// An inherent method on a domain type, defined here because it needs the dictionary.
impl Policy {
    /// Checks every extra attribute against the dictionary: the name must exist, the value
    /// must fit its type, and it must be something a plan may send.
    pub fn check_extra(&self, dict: &Dictionary) -> Result<(), String> {
        for (name, value) in &self.extra {
            encode_extra(dict, name, value)?;
        }
        Ok(())
    }
}

/// Encodes one extra attribute: (vendor, type, octets).
pub fn encode_extra(
    dict: &Dictionary,
    name: &str,
    value: &str,
) -> Result<(u32, u8, Vec<u8>), String> {
    let def = dict.attr(name).ok_or_else(|| {
        format!(
            "attribute '{}' is not in the dictionary",
            name.escape_debug()
        )
    })?;
    if def.encrypt != 0 {
        return Err(format!(
            "attribute {} is encrypted per request and cannot be a plan attribute",
            def.name
        ));
    }
    if def.vendor == 0
        && matches!(
            def.number,
            crate::protocol::attr::MESSAGE_AUTHENTICATOR
                | crate::protocol::attr::VENDOR_SPECIFIC
                | crate::protocol::attr::EAP_MESSAGE
                | crate::protocol::attr::PROXY_STATE
        )
    {
        return Err(format!(
            "attribute {} is managed by the server and cannot be a plan attribute",
            def.name
        ));
    }
    let octets = def.encode(value)?;
    Ok((def.vendor, def.number, octets))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Limits;
    use crate::domain::limits::parse_extra;

    #[test]
    fn extra_attributes_are_checked_against_the_dictionary() {
        let d = Dictionary::embedded();
        let l = Limits {
            extra_attributes: Some(
                "Mikrotik-Address-List = pelajar\nReply-Message = \"Selamat belajar\"\n".into(),
            ),
            ..Limits::default()
        };
        let p = Policy::from_limits(&l).unwrap();
        p.check_extra(&d).unwrap();
        assert_eq!(
            p.extra[1],
            ("Reply-Message".into(), "Selamat belajar".into())
        );
        for (text, needle) in [
            ("Mikrotik-Adress-List = x", "not in the dictionary"),
            ("Session-Timeout = 1h", "Session-Timeout"),
            ("User-Password = x", "encrypted"),
            ("Message-Authenticator = x", "managed by the server"),
        ] {
            let l = Limits {
                extra_attributes: Some(text.into()),
                ..Limits::default()
            };
            let e = Policy::from_limits(&l)
                .unwrap()
                .check_extra(&d)
                .unwrap_err();
            assert!(e.contains(needle), "{text}: {e}");
        }
        assert!(parse_extra("no equals sign").is_err());
    }
}
