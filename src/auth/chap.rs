//! CHAP (RFC 1994, RFC 2865 §2.2): MD5(ident + password + challenge).

use md5::{Digest, Md5};
use subtle::ConstantTimeEq;

/// Length of a CHAP-Password value: the CHAP ident octet and a 16-octet MD5 response.
pub const CHAP_PASSWORD_LEN: usize = 17;

/// Checks a CHAP-Password attribute value (17 octets: ident + response) against the
/// cleartext password and the challenge (CHAP-Challenge, or the Request Authenticator).
pub fn verify_chap(chap_password: &[u8], challenge: &[u8], password: &[u8]) -> bool {
    if chap_password.len() != CHAP_PASSWORD_LEN || challenge.is_empty() {
        return false;
    }
    let (ident, response) = chap_password.split_at(1);
    let mut md5 = Md5::new();
    md5.update(ident);
    md5.update(password);
    md5.update(challenge);
    let expected = md5.finalize();
    // Constant time so response timing does not leak how many octets matched.
    bool::from(expected.as_slice().ct_eq(response))
}
