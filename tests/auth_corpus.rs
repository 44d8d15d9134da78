//! Checks the credential primitives against real FreeRADIUS 3.2.1 exchanges from the golden
//! corpus (tests/data/corpus/packets.jsonl), parsing packets with a tiny local walker so the
//! test does not depend on the protocol module.

use md5::{Digest, Md5};
use radkota::auth::chap::verify_chap;
use radkota::auth::mschapv2::verify_mschapv2;
use serde_json::Value;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/corpus/packets.jsonl"
);
const MICROSOFT: u32 = 311;

const USER_NAME: u8 = 1;
const CHAP_PASSWORD: u8 = 3;
const VENDOR_SPECIFIC: u8 = 26;
const CHAP_CHALLENGE: u8 = 60;
const MS_CHAP_ERROR: u8 = 2;
const MS_CHAP_CHALLENGE: u8 = 11;
const MS_MPPE_SEND_KEY: u8 = 16;
const MS_MPPE_RECV_KEY: u8 = 17;
const MS_CHAP2_RESPONSE: u8 = 25;
const MS_CHAP2_SUCCESS: u8 = 26;

fn case(name: &str) -> Value {
    let text = std::fs::read_to_string(CORPUS).unwrap();
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("corpus case {name} missing"))
}

fn field<'a>(c: &'a Value, k: &str) -> &'a str {
    c[k].as_str().unwrap()
}

fn packet(c: &Value, k: &str) -> Vec<u8> {
    hex::decode(field(c, k)).unwrap()
}

/// Top-level attributes as (type, value), in wire order.
fn attrs(pkt: &[u8]) -> Vec<(u8, &[u8])> {
    let len = usize::from(u16::from_be_bytes([pkt[2], pkt[3]]));
    assert_eq!(len, pkt.len());
    let mut out = Vec::new();
    let mut rest = &pkt[20..];
    while !rest.is_empty() {
        let (t, l) = (rest[0], usize::from(rest[1]));
        assert!(l >= 2 && l <= rest.len(), "bad attribute length");
        out.push((t, &rest[2..l]));
        rest = &rest[l..];
    }
    out
}

fn attr(pkt: &[u8], t: u8) -> Option<&[u8]> {
    attrs(pkt)
        .into_iter()
        .find(|&(a, _)| a == t)
        .map(|(_, v)| v)
}

/// A vendor-specific sub-attribute, assuming the usual one-VSA-per-attribute layout.
fn vsa(pkt: &[u8], vendor: u32, t: u8) -> Option<&[u8]> {
    attrs(pkt).into_iter().find_map(|(a, v)| {
        if a != VENDOR_SPECIFIC || v.len() < 6 {
            return None;
        }
        let id = u32::from_be_bytes([v[0], v[1], v[2], v[3]]);
        let (vt, vl) = (v[4], usize::from(v[5]));
        (id == vendor && vt == t && vl == v.len() - 4).then(|| &v[6..4 + vl])
    })
}

/// RFC 2548 §2.4.2 decryption of MS-MPPE-Send-Key/Recv-Key; returns the key without the
/// length octet and padding.
fn mppe_decrypt(value: &[u8], secret: &[u8], request_auth: &[u8]) -> Vec<u8> {
    let (salt, cipher) = value.split_at(2);
    assert!(salt[0] & 0x80 != 0, "salt high bit must be set");
    assert_eq!(cipher.len() % 16, 0);
    let mut plain = Vec::with_capacity(cipher.len());
    let mut prev: Vec<u8> = [request_auth, salt].concat();
    for block in cipher.chunks(16) {
        let b = Md5::new()
            .chain_update(secret)
            .chain_update(&prev)
            .finalize();
        plain.extend(block.iter().zip(b.iter()).map(|(c, k)| c ^ k));
        prev = block.to_vec();
    }
    let len = usize::from(plain[0]);
    plain[1..1 + len].to_vec()
}

#[test]
fn mschapv2_accept_pppoe_matches_freeradius() {
    let c = case("mschapv2_accept_pppoe");
    let req = packet(&c, "request_hex");
    let resp = packet(&c, "response_hex");
    let secret = field(&c, "secret").as_bytes();

    let user = attr(&req, USER_NAME).unwrap();
    assert_eq!(user, field(&c, "user").as_bytes());
    let challenge = vsa(&req, MICROSOFT, MS_CHAP_CHALLENGE).unwrap();
    let response = vsa(&req, MICROSOFT, MS_CHAP2_RESPONSE).unwrap();

    let ok = verify_mschapv2(user, field(&c, "password"), challenge, response)
        .expect("corpus MS-CHAPv2 login must verify");
    assert_eq!(
        ok.success,
        vsa(&resp, MICROSOFT, MS_CHAP2_SUCCESS).unwrap(),
        "MS-CHAP2-Success differs from FreeRADIUS's"
    );

    // MPPE keys are encrypted with the Request Authenticator of the request being answered.
    let request_auth = &req[4..20];
    let send = mppe_decrypt(
        vsa(&resp, MICROSOFT, MS_MPPE_SEND_KEY).unwrap(),
        secret,
        request_auth,
    );
    let recv = mppe_decrypt(
        vsa(&resp, MICROSOFT, MS_MPPE_RECV_KEY).unwrap(),
        secret,
        request_auth,
    );
    assert_eq!(
        send, ok.send_key,
        "MS-MPPE-Send-Key differs from FreeRADIUS's"
    );
    assert_eq!(
        recv, ok.recv_key,
        "MS-MPPE-Recv-Key differs from FreeRADIUS's"
    );
    // The corpus also records the plaintext keys it expects; they must agree.
    assert_eq!(
        hex::encode(ok.send_key),
        c["mppe_keys"]["MS-MPPE-Send-Key"].as_str().unwrap()
    );
    assert_eq!(
        hex::encode(ok.recv_key),
        c["mppe_keys"]["MS-MPPE-Recv-Key"].as_str().unwrap()
    );

    assert!(verify_mschapv2(user, "pass00009", challenge, response).is_none());
}

#[test]
fn mschapv2_reject_pppoe_fails_and_error_has_same_shape() {
    let c = case("mschapv2_reject_pppoe");
    let req = packet(&c, "request_hex");
    let resp = packet(&c, "response_hex");
    let user = attr(&req, USER_NAME).unwrap();
    let challenge = vsa(&req, MICROSOFT, MS_CHAP_CHALLENGE).unwrap();
    let response = vsa(&req, MICROSOFT, MS_CHAP2_RESPONSE).unwrap();
    // The request encodes the wrong password; the user's real one must not match it.
    assert!(verify_mschapv2(user, field(&c, "password"), challenge, response).is_some());
    assert!(verify_mschapv2(user, "pass00008", challenge, response).is_none());

    // FreeRADIUS offers a retry (R=1) with a fresh challenge; ours never does (R=0), so
    // only the ident octet and the framing are compared.
    let theirs = vsa(&resp, MICROSOFT, MS_CHAP_ERROR).unwrap();
    let ours = radkota::auth::mschapv2::error_value(response[0], challenge);
    assert_eq!(ours[0], theirs[0]);
    assert!(theirs[1..].starts_with(b"E=691 R=1 C="));
    assert!(ours[1..].starts_with(b"E=691 R=0 C="));
    assert!(ours.ends_with(b" V=3 M=Authentication rejected"));
    assert!(theirs.ends_with(b" V=3 M=Authentication rejected"));
    assert_eq!(ours.len(), theirs.len());
}

/// CHAP-Challenge when present, else the Request Authenticator (RFC 2865 §2.2).
fn chap_check(name: &str, good: &str, bad: &str) {
    let c = case(name);
    let req = packet(&c, "request_hex");
    let chap = attr(&req, CHAP_PASSWORD).unwrap();
    let challenge = attr(&req, CHAP_CHALLENGE).unwrap_or(&req[4..20]);
    assert!(
        verify_chap(chap, challenge, good.as_bytes()),
        "{name}: right password"
    );
    assert!(
        !verify_chap(chap, challenge, bad.as_bytes()),
        "{name}: wrong password"
    );
}

#[test]
fn chap_accept_authenticator_challenge() {
    let c = case("chap_accept_authenticator_challenge");
    assert!(attr(&packet(&c, "request_hex"), CHAP_CHALLENGE).is_none());
    chap_check(
        "chap_accept_authenticator_challenge",
        field(&c, "password"),
        "pass00005",
    );
}

#[test]
fn chap_accept_radclient() {
    let c = case("chap_accept_radclient");
    chap_check("chap_accept_radclient", field(&c, "password"), "pass0000");
}

#[test]
fn chap_accept_mikrotik_hotspot() {
    let c = case("chap_accept_mikrotik_hotspot");
    assert!(attr(&packet(&c, "request_hex"), CHAP_CHALLENGE).is_some());
    chap_check(
        "chap_accept_mikrotik_hotspot",
        field(&c, "password"),
        "siswa-RW07",
    );
}

#[test]
fn chap_reject_wrong_password() {
    // The request encodes the wrong password; the user's real one must not match.
    chap_check("chap_reject_wrong_password", "not-pass00004", "pass00004");
}

#[test]
fn chap_ignores_the_shared_secret() {
    let c = case("wrong_secret_chap_without_message_authenticator");
    chap_check(
        "wrong_secret_chap_without_message_authenticator",
        field(&c, "password"),
        "pass00003",
    );
}

#[test]
fn chap_rejects_malformed_values() {
    let c = case("chap_accept_mikrotik_hotspot");
    let req = packet(&c, "request_hex");
    let chap = attr(&req, CHAP_PASSWORD).unwrap();
    let challenge = attr(&req, CHAP_CHALLENGE).unwrap();
    let pw = field(&c, "password").as_bytes();
    assert!(!verify_chap(&chap[..16], challenge, pw));
    assert!(!verify_chap(&[chap, &[0u8][..]].concat(), challenge, pw));
    assert!(!verify_chap(&[], challenge, pw));
    assert!(!verify_chap(chap, &[], pw));
}
