//! RADIUS cryptography: authenticators, User-Password hiding, Message-Authenticator, and
//! the RFC 2548 salt encryption of MS-MPPE keys.

use super::EncodeError;

/// Result of looking for and checking a Message-Authenticator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageAuthenticator {
    /// The packet has none.
    Absent,
    /// Present and correct.
    Valid,
    /// Present and wrong (or not 16 octets, or more than one).
    Invalid,
}

/// Checks the Message-Authenticator of a packet. For requests pass `None`; for replies pass
/// the Request Authenticator of the request they answer. Accounting-Request, CoA-Request and
/// Disconnect-Request are checked with a zeroed authenticator field (RFC 5176 §3.5).
pub fn check_message_authenticator(
    raw: &[u8],
    secret: &[u8],
    request_authenticator: Option<&[u8; 16]>,
) -> MessageAuthenticator {
    let _ = (raw, secret, request_authenticator);
    todo!("protocol helper")
}

/// Verifies the Request Authenticator of an Accounting-Request, CoA-Request or
/// Disconnect-Request (RFC 2866 §3): MD5(Code+ID+Length+16 zero octets+Attributes+secret).
pub fn verify_request_authenticator(raw: &[u8], secret: &[u8]) -> bool {
    let _ = (raw, secret);
    todo!("protocol helper")
}

/// Verifies the Response Authenticator of a reply against the request it answers.
pub fn verify_response_authenticator(
    raw: &[u8],
    request_authenticator: &[u8; 16],
    secret: &[u8],
) -> bool {
    let _ = (raw, request_authenticator, secret);
    todo!("protocol helper")
}

/// Hides a User-Password (RFC 2865 §5.2); at most 128 octets.
pub fn hide_password(
    password: &[u8],
    secret: &[u8],
    authenticator: &[u8; 16],
) -> Result<Vec<u8>, EncodeError> {
    let _ = (password, secret, authenticator);
    todo!("protocol helper")
}

/// Recovers a hidden User-Password, with the NUL padding removed. `None` when the value is
/// not a multiple of 16 octets, empty, or longer than 128.
pub fn unhide_password(hidden: &[u8], secret: &[u8], authenticator: &[u8; 16]) -> Option<Vec<u8>> {
    let _ = (hidden, secret, authenticator);
    todo!("protocol helper")
}

/// Encrypts an MS-MPPE-Send-Key / Recv-Key value (RFC 2548 §2.4.2) with the given salt
/// (its high bit must be set; the function sets it).
pub fn encrypt_mppe_key(
    key: &[u8],
    secret: &[u8],
    request_authenticator: &[u8; 16],
    salt: u16,
) -> Vec<u8> {
    let _ = (key, secret, request_authenticator, salt);
    todo!("protocol helper")
}

/// Decrypts an MS-MPPE-Send-Key / Recv-Key value; returns the key without its length octet
/// and padding.
pub fn decrypt_mppe_key(
    value: &[u8],
    secret: &[u8],
    request_authenticator: &[u8; 16],
) -> Option<Vec<u8>> {
    let _ = (value, secret, request_authenticator);
    todo!("protocol helper")
}
