//! TOTP (RFC 6238) for console logins through `totp-rs`: SHA-1, 6 digits, 30-second
//! steps, one step of clock drift either way; which step matched is returned so the
//! caller can refuse a code that was used already.

use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per step.
pub const STEP: u64 = 30;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "radkota";

/// A new random secret (160 bits, as RFC 4226 recommends).
pub fn new_secret() -> Vec<u8> {
    use rand::RngCore;
    let mut secret = vec![0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    secret
}

fn totp(secret: &[u8], account: &str) -> Option<TOTP> {
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP,
        secret.to_vec(),
        Some(ISSUER.into()),
        account.to_string(),
    )
    .ok()
}

/// The base32 form people type into an app by hand.
pub fn secret_base32(secret: &[u8]) -> String {
    Secret::Raw(secret.to_vec()).to_encoded().to_string()
}

/// The otpauth:// URI an authenticator app reads (from a QR code or pasted).
pub fn otpauth_uri(secret: &[u8], account: &str) -> Option<String> {
    totp(secret, account).map(|t| t.get_url())
}

/// The code for `time` (epoch seconds).
pub fn code_at(secret: &[u8], account: &str, time: u64) -> Option<String> {
    totp(secret, account).map(|t| t.generate(time))
}

/// The step (time / 30) whose code is `code`, trying the step of `now` and one either
/// side; `None` when none matches. Compared in constant time.
pub fn matching_step(secret: &[u8], account: &str, code: &str, now: i64) -> Option<i64> {
    use subtle::ConstantTimeEq;
    let t = totp(secret, account)?;
    let now = u64::try_from(now).ok()?;
    let current = now / STEP;
    let mut found = None;
    for step in [current.saturating_sub(1), current, current + 1] {
        let expected = t.generate(step * STEP);
        if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) {
            found = Some(step);
        }
    }
    found.and_then(|s| i64::try_from(s).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 (the 8-digit codes' last 6 digits).
    #[test]
    fn rfc_6238_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(secret, "t", time).as_deref(), Some(code), "{time}");
        }
    }

    #[test]
    fn one_step_of_drift_either_way() {
        let s = new_secret();
        let now = 1_700_000_015;
        let code = |t: i64| code_at(&s, "budi", t as u64).unwrap();
        assert_eq!(matching_step(&s, "budi", &code(now), now), Some(now / 30));
        assert_eq!(
            matching_step(&s, "budi", &code(now - 30), now),
            Some(now / 30 - 1)
        );
        assert_eq!(
            matching_step(&s, "budi", &code(now + 30), now),
            Some(now / 30 + 1)
        );
        assert_eq!(matching_step(&s, "budi", &code(now - 60), now), None);
        assert_eq!(matching_step(&s, "budi", "12345", now), None);
    }

    #[test]
    fn uri_names_issuer_and_account() {
        let uri = otpauth_uri(b"12345678901234567890", "budi").unwrap();
        assert!(
            uri.starts_with("otpauth://totp/radkota:budi?secret="),
            "{uri}"
        );
        assert!(uri.contains("issuer=radkota"));
        assert_eq!(
            secret_base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
    }
}
