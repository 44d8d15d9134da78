//! Pseudonyms for auditor-facing exports (UU PDP 27/2022): a keyed hash that is stable
//! within one export, so rows about the same person can be related, and unlinkable across
//! exports, because each export draws a fresh key that is never stored.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// Turns usernames and MAC addresses into pseudonyms with one per-export key.
#[derive(Clone)]
pub struct Pseudonymiser {
    key: [u8; 32],
}

impl std::fmt::Debug for Pseudonymiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonymiser(..)")
    }
}

impl Pseudonymiser {
    /// A fresh random key: pseudonyms from two exports cannot be matched.
    pub fn random() -> Pseudonymiser {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Pseudonymiser { key }
    }

    /// A fixed key, for tests.
    pub fn with_key(key: [u8; 32]) -> Pseudonymiser {
        Pseudonymiser { key }
    }

    /// `prefix-` and 12 hex digits (48 bits: no collision in practice among a city's users).
    pub fn pseudonym(&self, prefix: &str, value: &str) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            // A 32-byte key is always accepted; this arm only satisfies the type.
            return format!("{prefix}-unavailable");
        };
        mac.update(prefix.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        let digest = mac.finalize().into_bytes();
        format!("{prefix}-{}", hex::encode(&digest[..6]))
    }

    /// A username's pseudonym, `u-...`.
    pub fn user(&self, username: &str) -> String {
        self.pseudonym("u", username)
    }

    /// A MAC address's pseudonym, `mac-...`; case and separators do not change it.
    pub fn mac(&self, mac: &str) -> String {
        let canon: String = mac
            .chars()
            .filter(char::is_ascii_hexdigit)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        self.pseudonym("mac", &canon)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_within_a_key_and_different_across_keys() {
        let a = Pseudonymiser::with_key([1; 32]);
        let b = Pseudonymiser::with_key([2; 32]);
        assert_eq!(a.user("siti"), a.user("siti"));
        assert_ne!(a.user("siti"), a.user("budi"));
        assert_ne!(a.user("siti"), b.user("siti"));
        assert!(a.user("siti").starts_with("u-"));
        assert!(!a.user("siti").contains("siti"));
        assert_eq!(a.mac("AA-BB-CC-00-11-22"), a.mac("aa:bb:cc:00:11:22"));
        assert_eq!(a.user("x").len(), "u-".len() + 12);
    }
}
