//! CSRF tokens: every form carries a token that is an HMAC of what its cookie holds (the
//! session id once logged in, a random visitor nonce before), under a key made at start.
//! A request from another site can neither read the cookie nor compute the token, and the
//! server keeps nothing per visitor before a login.

use axum::http::{HeaderMap, HeaderValue};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use super::session::{random_token, read_cookie, set_cookie};

type HmacSha256 = Hmac<Sha256>;

/// The name of a form's token field.
pub const FIELD: &str = "csrf";

/// The key tokens are made with; a new one at every start (forms open across a restart
/// are refused once and shown again with a fresh token).
pub struct CsrfKey([u8; 32]);

impl CsrfKey {
    /// A fresh random key.
    pub fn random() -> CsrfKey {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        CsrfKey(key)
    }

    fn mac(&self, binding: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC accepts keys of any length");
        mac.update(b"radkota-csrf\0");
        mac.update(binding.as_bytes());
        mac
    }

    /// The token of forms sent to the holder of `binding` (a session id or visitor nonce).
    pub fn token(&self, binding: &str) -> String {
        hex::encode(self.mac(binding).finalize().into_bytes())
    }

    /// Whether `token` is the token of `binding` (compared in constant time).
    pub fn verify(&self, binding: &str, token: &str) -> bool {
        match hex::decode(token.trim()) {
            Ok(bytes) if !binding.is_empty() => self.mac(binding).verify_slice(&bytes).is_ok(),
            _ => false,
        }
    }
}

/// The visitor nonce of a request not logged in, from cookie `name`; a new one (with the
/// `Set-Cookie` value that stores it) when the request has none.
pub fn visitor(headers: &HeaderMap, name: &str, secure: bool) -> (String, Option<HeaderValue>) {
    match read_cookie(headers, name).filter(|v| v.len() == 64) {
        Some(nonce) => (nonce, None),
        None => {
            let nonce = random_token();
            let cookie = set_cookie(name, &nonce, secure, None);
            (nonce, Some(cookie))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_belong_to_their_binding_and_key() {
        let key = CsrfKey::random();
        let t = key.token("session-a");
        assert!(key.verify("session-a", &t));
        assert!(!key.verify("session-b", &t));
        assert!(!key.verify("session-a", ""));
        assert!(!key.verify("", &key.token("")));
        assert!(!key.verify("session-a", "not hex"));
        assert!(!CsrfKey::random().verify("session-a", &t));
    }
}
