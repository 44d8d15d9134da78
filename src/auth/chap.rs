//! CHAP (RFC 1994, RFC 2865 §2.2): MD5(ident + password + challenge).

/// Checks a CHAP-Password attribute value (17 octets: ident + response) against the
/// cleartext password and the challenge (CHAP-Challenge, or the Request Authenticator).
pub fn verify_chap(chap_password: &[u8], challenge: &[u8], password: &[u8]) -> bool {
    let _ = (chap_password, challenge, password);
    todo!("auth helper")
}
