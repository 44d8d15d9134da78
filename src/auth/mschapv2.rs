//! MS-CHAPv2 (RFC 2759) with the MPPE master keys of RFC 3079, as carried in RADIUS (RFC 2548).

use des::Des;
use des::cipher::{BlockEncrypt, KeyInit, generic_array::GenericArray};
use md4::Md4;
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

/// Length of an MS-CHAP2-Response value (RFC 2548 §2.3.2).
pub const RESPONSE_LEN: usize = 50;

/// Length of the authenticator challenge (MS-CHAP-Challenge for MS-CHAPv2).
pub const CHALLENGE_LEN: usize = 16;

/// RFC 2759 §8.7 Magic1.
const AUTH_MAGIC1: &[u8] = b"Magic server to client signing constant";
/// RFC 2759 §8.7 Magic2.
const AUTH_MAGIC2: &[u8] = b"Pad to make it do more than one iteration";
/// RFC 3079 §3.4 Magic1 (GetMasterKey).
const MPPE_MAGIC1: &[u8] = b"This is the MPPE Master Key";
/// RFC 3079 §3.4 Magic2: the client's send key and the server's receive key.
const MPPE_MAGIC2: &[u8] =
    b"On the client side, this is the send key; on the server side, it is the receive key.";
/// RFC 3079 §3.4 Magic3: the client's receive key and the server's send key.
const MPPE_MAGIC3: &[u8] =
    b"On the client side, this is the receive key; on the server side, it is the send key.";
/// RFC 3079 §3.4 SHSpad1.
const SHS_PAD1: [u8; 40] = [0x00; 40];
/// RFC 3079 §3.4 SHSpad2.
const SHS_PAD2: [u8; 40] = [0xf2; 40];

/// What a successful MS-CHAPv2 check yields for the Access-Accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsChapV2Success {
    /// The MS-CHAP2-Success value: the response's ident octet followed by "S=<40 hex>".
    pub success: Vec<u8>,
    /// MPPE send key (server -> client), 16 octets, before RFC 2548 encryption.
    pub send_key: [u8; 16],
    /// MPPE receive key (client -> server), 16 octets, before RFC 2548 encryption.
    pub recv_key: [u8; 16],
}

/// NT password hash: MD4 of the UTF-16LE password.
pub fn nt_password_hash(password: &str) -> [u8; 16] {
    let mut md4 = Md4::new();
    for unit in password.encode_utf16() {
        md4.update(unit.to_le_bytes());
    }
    md4.finalize().into()
}

/// RFC 2759 §8.2 ChallengeHash: SHA1(PeerChallenge + AuthenticatorChallenge + UserName)[0..8].
///
/// `username` must already be stripped of any "DOMAIN\" prefix (see [`strip_domain`]).
pub fn challenge_hash(
    peer_challenge: &[u8],
    authenticator_challenge: &[u8],
    username: &[u8],
) -> [u8; 8] {
    let digest = Sha1::new()
        .chain_update(peer_challenge)
        .chain_update(authenticator_challenge)
        .chain_update(username)
        .finalize();
    let mut out = [0u8; 8];
    out.copy_from_slice(&digest[..8]);
    out
}

/// The user name without a "DOMAIN\" prefix, as RFC 2759 §8.2 hashes it.
///
/// Splits at the first backslash, like FreeRADIUS (rlm_mschap) and hostapd, so that both
/// ends of a login agree on the hashed name.
pub fn strip_domain(username: &[u8]) -> &[u8] {
    match username.iter().position(|&b| b == b'\\') {
        Some(i) => &username[i + 1..],
        None => username,
    }
}

/// Spreads 7 key octets over 8, leaving the low (parity) bit of each octet clear;
/// DES ignores parity bits, so they need not be set.
fn des_key(k: &[u8]) -> [u8; 8] {
    let bits = k.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    let mut out = [0u8; 8];
    for (i, o) in out.iter_mut().enumerate() {
        // Bits 55..49 of the 56-bit key go to octet 0, and so on.
        let seven = (bits >> (49 - 7 * i)) & 0x7f;
        *o = (seven as u8) << 1;
    }
    out
}

/// RFC 2759 §8.5 ChallengeResponse: the 16-octet hash, zero-padded to 21, as three DES keys.
fn challenge_response(challenge: &[u8; 8], password_hash: &[u8; 16]) -> [u8; 24] {
    let mut z = [0u8; 21];
    z[..16].copy_from_slice(password_hash);
    let mut out = [0u8; 24];
    for (key7, block) in z.chunks_exact(7).zip(out.chunks_exact_mut(8)) {
        let cipher = Des::new(GenericArray::from_slice(&des_key(key7)));
        let mut b = GenericArray::clone_from_slice(challenge);
        cipher.encrypt_block(&mut b);
        block.copy_from_slice(&b);
    }
    out
}

/// RFC 2759 §8.1 GenerateNTResponse, for a stripped user name.
pub fn generate_nt_response(
    authenticator_challenge: &[u8],
    peer_challenge: &[u8],
    username: &[u8],
    password: &str,
) -> [u8; 24] {
    let ch = challenge_hash(peer_challenge, authenticator_challenge, username);
    challenge_response(&ch, &nt_password_hash(password))
}

fn md4(data: &[u8]) -> [u8; 16] {
    Md4::digest(data).into()
}

/// RFC 2759 §8.7 GenerateAuthenticatorResponse: "S=" followed by 40 uppercase hex digits.
pub fn authenticator_response(
    password_hash: &[u8; 16],
    nt_response: &[u8],
    peer_challenge: &[u8],
    authenticator_challenge: &[u8],
    username: &[u8],
) -> String {
    let hash_hash = md4(password_hash);
    let digest = Sha1::new()
        .chain_update(hash_hash)
        .chain_update(nt_response)
        .chain_update(AUTH_MAGIC1)
        .finalize();
    let ch = challenge_hash(peer_challenge, authenticator_challenge, username);
    let digest = Sha1::new()
        .chain_update(digest)
        .chain_update(ch)
        .chain_update(AUTH_MAGIC2)
        .finalize();
    format!("S={}", hex::encode_upper(digest))
}

/// RFC 3079 §3.4 GetMasterKey: SHA1(MD4(PasswordHash) + NT-Response + Magic1)[0..16].
pub fn master_key(password_hash: &[u8; 16], nt_response: &[u8]) -> [u8; 16] {
    let digest = Sha1::new()
        .chain_update(md4(password_hash))
        .chain_update(nt_response)
        .chain_update(MPPE_MAGIC1)
        .finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

/// RFC 3079 §3.4 GetAsymmetricStartKey with a 16-octet (128-bit) session key.
pub fn asymmetric_start_key(master_key: &[u8; 16], is_send: bool, is_server: bool) -> [u8; 16] {
    // The server's send key is the client's receive key, hence the crossed magic.
    let magic = if is_send == is_server {
        MPPE_MAGIC3
    } else {
        MPPE_MAGIC2
    };
    let digest = Sha1::new()
        .chain_update(master_key)
        .chain_update(SHS_PAD1)
        .chain_update(magic)
        .chain_update(SHS_PAD2)
        .finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

/// Verifies an MS-CHAP2-Response (50 octets: ident, flags, peer challenge 16, reserved 8,
/// NT-Response 24) for `username` against the authenticator challenge (MS-CHAP-Challenge,
/// 16 octets). `None` when it does not match or is malformed.
pub fn verify_mschapv2(
    username: &[u8],
    password: &str,
    authenticator_challenge: &[u8],
    response: &[u8],
) -> Option<MsChapV2Success> {
    if response.len() != RESPONSE_LEN || authenticator_challenge.len() != CHALLENGE_LEN {
        return None;
    }
    let ident = response[0];
    // Flags (response[1]) and the reserved octets are not checked: peers in the wild
    // (and FreeRADIUS) ignore them, and they carry no secret.
    let peer_challenge = &response[2..18];
    let nt_response = &response[26..50];
    let user = strip_domain(username);

    let password_hash = nt_password_hash(password);
    let ch = challenge_hash(peer_challenge, authenticator_challenge, user);
    let expected = challenge_response(&ch, &password_hash);
    if !bool::from(expected.as_slice().ct_eq(nt_response)) {
        return None;
    }

    let auth = authenticator_response(
        &password_hash,
        nt_response,
        peer_challenge,
        authenticator_challenge,
        user,
    );
    let mut success = Vec::with_capacity(1 + auth.len());
    success.push(ident);
    success.extend_from_slice(auth.as_bytes());

    let mk = master_key(&password_hash, nt_response);
    Some(MsChapV2Success {
        success,
        send_key: asymmetric_start_key(&mk, true, true),
        recv_key: asymmetric_start_key(&mk, false, true),
    })
}

/// The MS-CHAP-Error value for a rejected MS-CHAPv2 login: ident + "E=691 R=0 C=<32 hex> V=3 M=...".
pub fn error_value(ident: u8, authenticator_challenge: &[u8]) -> Vec<u8> {
    let text = format!(
        "E=691 R=0 C={} V=3 M=Authentication rejected",
        hex::encode_upper(authenticator_challenge)
    );
    let mut out = Vec::with_capacity(1 + text.len());
    out.push(ident);
    out.extend_from_slice(text.as_bytes());
    out
}
