//! RADIUS cryptography: authenticators, User-Password hiding, Message-Authenticator, and
//! the RFC 2548 salt encryption of MS-MPPE keys.

use subtle::ConstantTimeEq;

use super::wire::{RawAttrs, has_computed_request_authenticator, hmac_md5, md5};
use super::{EncodeError, MIN_PACKET_LEN, Packet, attr};

/// Longest User-Password that can be hidden (RFC 2865 §5.2).
pub const MAX_PASSWORD_LEN: usize = 128;

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
    // An undecodable datagram cannot prove anything; treat it as a failed check.
    let Ok(packet) = Packet::decode(raw) else {
        return MessageAuthenticator::Invalid;
    };
    let raw = packet.raw();
    let body = raw.get(MIN_PACKET_LEN..).unwrap_or(&[]);
    let mut found: Option<(usize, &[u8])> = None;
    for (offset, typ, value) in RawAttrs::new(body) {
        if typ == attr::MESSAGE_AUTHENTICATOR {
            if found.is_some() {
                // RFC 3579 §3.2 allows one; two leave it ambiguous which one was checked.
                return MessageAuthenticator::Invalid;
            }
            found = Some((offset + MIN_PACKET_LEN, value));
        }
    }
    let Some((offset, value)) = found else {
        return MessageAuthenticator::Absent;
    };
    if value.len() != 16 {
        return MessageAuthenticator::Invalid;
    }
    let mut buf = raw.to_vec();
    if let Some(ma) = buf.get_mut(offset + 2..offset + 18) {
        ma.fill(0);
    }
    let code = raw.first().copied().unwrap_or(0);
    if let Some(field) = buf.get_mut(4..MIN_PACKET_LEN) {
        if has_computed_request_authenticator(code) {
            field.fill(0);
        } else if let Some(request_authenticator) = request_authenticator {
            field.copy_from_slice(request_authenticator);
        }
    }
    let want = hmac_md5(secret, &buf);
    if bool::from(want.ct_eq(value)) {
        MessageAuthenticator::Valid
    } else {
        MessageAuthenticator::Invalid
    }
}

/// Verifies the Request Authenticator of an Accounting-Request, CoA-Request or
/// Disconnect-Request (RFC 2866 §3): MD5(Code+ID+Length+16 zero octets+Attributes+secret).
pub fn verify_request_authenticator(raw: &[u8], secret: &[u8]) -> bool {
    verify_header_digest(raw, &[0; 16], secret)
}

/// Verifies the Response Authenticator of a reply against the request it answers.
pub fn verify_response_authenticator(
    raw: &[u8],
    request_authenticator: &[u8; 16],
    secret: &[u8],
) -> bool {
    verify_header_digest(raw, request_authenticator, secret)
}

/// MD5(Code+ID+Length+`vector`+Attributes+secret): the Response Authenticator, or with a zero
/// vector the computed Request Authenticator.
pub(crate) fn header_digest(raw: &[u8], vector: &[u8; 16], secret: &[u8]) -> [u8; 16] {
    let head = raw.get(..4).unwrap_or(&[]);
    let attrs = raw.get(MIN_PACKET_LEN..).unwrap_or(&[]);
    md5(&[head, vector, attrs, secret])
}

/// Compares the authenticator field with [`header_digest`] in constant time.
fn verify_header_digest(raw: &[u8], vector: &[u8; 16], secret: &[u8]) -> bool {
    let Ok(packet) = Packet::decode(raw) else {
        return false;
    };
    let want = header_digest(packet.raw(), vector, secret);
    bool::from(want.ct_eq(&packet.authenticator))
}

/// Hides a User-Password (RFC 2865 §5.2); at most 128 octets.
pub fn hide_password(
    password: &[u8],
    secret: &[u8],
    authenticator: &[u8; 16],
) -> Result<Vec<u8>, EncodeError> {
    if password.len() > MAX_PASSWORD_LEN {
        return Err(EncodeError::PasswordTooLong(password.len()));
    }
    // An empty password still occupies one block: the attribute may not be empty.
    let padded_len = password.len().div_ceil(16).max(1) * 16;
    let mut out = password.to_vec();
    out.resize(padded_len, 0);
    chain_encrypt(&mut out, secret, authenticator);
    Ok(out)
}

/// Recovers a hidden User-Password, with the NUL padding removed. `None` when the value is
/// not a multiple of 16 octets, empty, or longer than 128.
pub fn unhide_password(hidden: &[u8], secret: &[u8], authenticator: &[u8; 16]) -> Option<Vec<u8>> {
    if hidden.is_empty() || hidden.len() % 16 != 0 || hidden.len() > MAX_PASSWORD_LEN {
        return None;
    }
    let mut out = hidden.to_vec();
    chain_decrypt(&mut out, secret, authenticator);
    let end = out.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    out.truncate(end);
    Some(out)
}

/// Encrypts an MS-MPPE-Send-Key / Recv-Key value (RFC 2548 §2.4.2) with the given salt
/// (its high bit must be set; the function sets it).
///
/// The plaintext carries the key length in one octet, so only the first 255 octets of a
/// longer key are encrypted; real MPPE keys are 16 or 32 octets.
pub fn encrypt_mppe_key(
    key: &[u8],
    secret: &[u8],
    request_authenticator: &[u8; 16],
    salt: u16,
) -> Vec<u8> {
    let key = key.get(..255).unwrap_or(key);
    let salt = (salt | 0x8000).to_be_bytes();
    let mut plain = Vec::with_capacity(key.len() + 17);
    plain.push(u8::try_from(key.len()).unwrap_or(u8::MAX));
    plain.extend_from_slice(key);
    plain.resize(plain.len().div_ceil(16) * 16, 0);
    chain_encrypt_with(&mut plain, secret, &[request_authenticator, &salt]);
    let mut out = Vec::with_capacity(plain.len() + 2);
    out.extend_from_slice(&salt);
    out.extend_from_slice(&plain);
    out
}

/// Decrypts an MS-MPPE-Send-Key / Recv-Key value; returns the key without its length octet
/// and padding.
pub fn decrypt_mppe_key(
    value: &[u8],
    secret: &[u8],
    request_authenticator: &[u8; 16],
) -> Option<Vec<u8>> {
    let salt = value.get(..2)?;
    let cipher = value.get(2..)?;
    if cipher.is_empty() || cipher.len() % 16 != 0 {
        return None;
    }
    let mut plain = cipher.to_vec();
    chain_decrypt_with(&mut plain, secret, &[request_authenticator, salt]);
    let len = usize::from(*plain.first()?);
    plain.get(1..1 + len).map(<[u8]>::to_vec)
}

/// Encrypts `buf` (a multiple of 16 octets) in place with the RFC 2865 §5.2 chain:
/// b(1) = MD5(secret + authenticator), b(i) = MD5(secret + c(i-1)).
fn chain_encrypt(buf: &mut [u8], secret: &[u8], authenticator: &[u8; 16]) {
    chain_encrypt_with(buf, secret, &[authenticator]);
}

/// Inverse of [`chain_encrypt`].
fn chain_decrypt(buf: &mut [u8], secret: &[u8], authenticator: &[u8; 16]) {
    chain_decrypt_with(buf, secret, &[authenticator]);
}

/// The chain with a first-block seed made of several parts (RFC 2548 adds the salt).
fn chain_encrypt_with(buf: &mut [u8], secret: &[u8], seed: &[&[u8]]) {
    let mut parts: Vec<&[u8]> = Vec::with_capacity(seed.len() + 1);
    parts.push(secret);
    parts.extend_from_slice(seed);
    let mut key = md5(&parts);
    for block in buf.chunks_mut(16) {
        for (b, k) in block.iter_mut().zip(key.iter()) {
            *b ^= k;
        }
        // The next key depends on this block's ciphertext, which is what we just wrote.
        key = md5(&[secret, block]);
    }
}

/// Inverse of [`chain_encrypt_with`].
fn chain_decrypt_with(buf: &mut [u8], secret: &[u8], seed: &[&[u8]]) {
    let mut parts: Vec<&[u8]> = Vec::with_capacity(seed.len() + 1);
    parts.push(secret);
    parts.extend_from_slice(seed);
    let mut key = md5(&parts);
    for block in buf.chunks_mut(16) {
        // The next key is derived from the ciphertext, so take it before decrypting.
        let next = md5(&[secret, block]);
        for (b, k) in block.iter_mut().zip(key.iter()) {
            *b ^= k;
        }
        key = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Code, PacketBuilder};

    const SECRET: &[u8] = b"xyzzy5461";
    /// RFC 2865 §7.1: PAP Access-Request and the Access-Accept that answers it.
    const RFC_7_1_REQUEST: &str = "010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee0406c0a80110050600000003";
    const RFC_7_1_ACCEPT: &str =
        "0200002686fe220e7624ba2a1005f6bf9b55e0b20606000000010f06000000000e06c0a80103";
    /// RFC 2865 §7.2: CHAP Access-Request and its Access-Accept.
    const RFC_7_2_REQUEST: &str = "010100472aee86f08d0d55969ca5978e0d3367a20108666c6f707379031316e97557c316185895f293ff63440772750406c0a80110050600000014060600000002070600000001";
    const RFC_7_2_ACCEPT: &str = "0201003815efbc7dab26cfa3dc34d9c03c8601a40606000000020706000000010806fffffffe0a06000000020d06000000010c06000005dc";

    fn auth(raw: &[u8]) -> [u8; 16] {
        Packet::decode(raw).unwrap().authenticator
    }

    #[test]
    fn rfc2865_7_1_password_and_response_authenticator() {
        let req = hex::decode(RFC_7_1_REQUEST).unwrap();
        let acc = hex::decode(RFC_7_1_ACCEPT).unwrap();
        let ra = auth(&req);
        let p = Packet::decode(&req).unwrap();
        let hidden = p.attr(attr::USER_PASSWORD).unwrap();
        assert_eq!(unhide_password(hidden, SECRET, &ra).unwrap(), b"arctangent");
        assert_eq!(hide_password(b"arctangent", SECRET, &ra).unwrap(), hidden);
        assert!(verify_response_authenticator(&acc, &ra, SECRET));
        assert!(!verify_response_authenticator(&acc, &ra, b"xyzzy5462"));
        assert!(!verify_response_authenticator(&acc, &[0; 16], SECRET));
        assert_eq!(
            check_message_authenticator(&acc, SECRET, Some(&ra)),
            MessageAuthenticator::Absent
        );
    }

    #[test]
    fn rfc2865_7_2_chap_response_authenticator() {
        let req = hex::decode(RFC_7_2_REQUEST).unwrap();
        let acc = hex::decode(RFC_7_2_ACCEPT).unwrap();
        let p = Packet::decode(&req).unwrap();
        assert_eq!(p.attr(attr::USER_NAME), Some(&b"flopsy"[..]));
        assert_eq!(p.attr(attr::CHAP_PASSWORD).map(<[u8]>::len), Some(17));
        assert!(verify_response_authenticator(&acc, &auth(&req), SECRET));
        let mut tampered = acc.clone();
        if let Some(last) = tampered.last_mut() {
            *last ^= 1;
        }
        assert!(!verify_response_authenticator(
            &tampered,
            &auth(&req),
            SECRET
        ));
    }

    #[test]
    fn password_round_trip() {
        let ra = [0x5a; 16];
        for len in [1usize, 15, 16, 17, 37, 128] {
            let pw: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let hidden = hide_password(&pw, b"s3cret", &ra).unwrap();
            assert_eq!(hidden.len(), len.div_ceil(16) * 16, "len {len}");
            assert_ne!(&hidden[..len.min(16)], &pw[..len.min(16)]);
            assert_eq!(unhide_password(&hidden, b"s3cret", &ra).unwrap(), pw);
        }
        assert_eq!(
            hide_password(&[b'x'; 129], b"s3cret", &ra),
            Err(EncodeError::PasswordTooLong(129))
        );
        assert_eq!(hide_password(b"", b"s3cret", &ra).unwrap().len(), 16);
    }

    #[test]
    fn unhide_refuses_bad_lengths() {
        let ra = [1; 16];
        assert_eq!(unhide_password(&[], b"s", &ra), None);
        assert_eq!(unhide_password(&[0; 15], b"s", &ra), None);
        assert_eq!(unhide_password(&[0; 17], b"s", &ra), None);
        assert_eq!(unhide_password(&[0; 144], b"s", &ra), None);
        assert!(unhide_password(&[0; 128], b"s", &ra).is_some());
    }

    #[test]
    fn mppe_key_round_trip() {
        let ra = [0x33; 16];
        for len in [0usize, 1, 15, 16, 32, 100] {
            let key: Vec<u8> = (0..len).map(|i| i as u8 ^ 0xa5).collect();
            let enc = encrypt_mppe_key(&key, b"testing123", &ra, 0x1234);
            assert_eq!(enc.first().map(|b| b & 0x80), Some(0x80), "salt high bit");
            assert_eq!(&enc[..2], &[0x92, 0x34]);
            assert_eq!((enc.len() - 2) % 16, 0);
            assert_eq!(
                decrypt_mppe_key(&enc, b"testing123", &ra).unwrap(),
                key,
                "len {len}"
            );
        }
        // 16- and 32-octet keys give the 34- and 50-octet values seen in the corpus.
        assert_eq!(encrypt_mppe_key(&[0; 16], b"k", &ra, 1).len(), 34);
        assert_eq!(encrypt_mppe_key(&[0; 32], b"k", &ra, 1).len(), 50);
    }

    #[test]
    fn mppe_decrypt_refuses_garbage() {
        let ra = [0; 16];
        assert_eq!(decrypt_mppe_key(&[], b"k", &ra), None);
        assert_eq!(decrypt_mppe_key(&[0x80, 1], b"k", &ra), None);
        assert_eq!(decrypt_mppe_key(&[0x80; 17], b"k", &ra), None);
        // A length octet that claims more than the plaintext holds.
        let mut enc = encrypt_mppe_key(&[7; 15], b"k", &ra, 0x8001);
        assert!(decrypt_mppe_key(&enc, b"k", &ra).is_some());
        if let Some(b) = enc.get_mut(2) {
            *b ^= 0xf0;
        }
        assert_eq!(decrypt_mppe_key(&enc, b"k", &ra), None);
    }

    #[test]
    fn message_authenticator_on_requests_and_replies() {
        for code in [Code::AccessRequest, Code::StatusServer] {
            let mut b = PacketBuilder::new(code, 9);
            b.add(attr::USER_NAME, b"bob").unwrap();
            let raw = b.finish_request(&[7; 16], b"sec", true).unwrap();
            assert_eq!(
                check_message_authenticator(&raw, b"sec", None),
                MessageAuthenticator::Valid
            );
            assert_eq!(
                check_message_authenticator(&raw, b"other", None),
                MessageAuthenticator::Invalid
            );
            let reply = PacketBuilder::new(Code::AccessAccept, 9)
                .finish_reply(&[7; 16], b"sec", true)
                .unwrap();
            assert_eq!(
                check_message_authenticator(&reply, b"sec", Some(&[7; 16])),
                MessageAuthenticator::Valid
            );
            assert_eq!(
                check_message_authenticator(&reply, b"sec", Some(&[8; 16])),
                MessageAuthenticator::Invalid
            );
            assert!(verify_response_authenticator(&reply, &[7; 16], b"sec"));
        }
        for code in [
            Code::AccountingRequest,
            Code::CoaRequest,
            Code::DisconnectRequest,
        ] {
            let mut b = PacketBuilder::new(code, 3);
            b.add(attr::ACCT_SESSION_ID, b"s-1").unwrap();
            for ma in [false, true] {
                let raw = b.finish_request(&[7; 16], b"sec", ma).unwrap();
                assert!(verify_request_authenticator(&raw, b"sec"), "{code:?}");
                assert!(!verify_request_authenticator(&raw, b"sed"), "{code:?}");
                let want = if ma {
                    MessageAuthenticator::Valid
                } else {
                    MessageAuthenticator::Absent
                };
                assert_eq!(check_message_authenticator(&raw, b"sec", None), want);
            }
        }
    }

    #[test]
    fn message_authenticator_wrong_size_or_twice() {
        let mut b = PacketBuilder::new(Code::AccessRequest, 1);
        b.add(attr::MESSAGE_AUTHENTICATOR, &[0; 15]).unwrap();
        let raw = b.finish_request(&[0; 16], b"s", false).unwrap();
        assert_eq!(
            check_message_authenticator(&raw, b"s", None),
            MessageAuthenticator::Invalid
        );
        let mut b = PacketBuilder::new(Code::AccessRequest, 1);
        b.add(attr::MESSAGE_AUTHENTICATOR, &[0; 16]).unwrap();
        let raw = b.finish_request(&[0; 16], b"s", true).unwrap();
        assert_eq!(
            check_message_authenticator(&raw, b"s", None),
            MessageAuthenticator::Invalid
        );
    }

    #[test]
    fn short_or_malformed_input_never_verifies() {
        for raw in [&[][..], &[1, 2, 3], &[2, 0, 0, 20], &[0; 19]] {
            assert!(!verify_request_authenticator(raw, b"s"));
            assert!(!verify_response_authenticator(raw, &[0; 16], b"s"));
            assert_eq!(
                check_message_authenticator(raw, b"s", None),
                MessageAuthenticator::Invalid
            );
        }
    }
}
