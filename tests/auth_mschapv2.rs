//! MS-CHAPv2 and MPPE key derivation against the RFC 2759 §9.2 and RFC 3079 §3.5 vectors.

use radkota::auth::mschapv2::{
    asymmetric_start_key, authenticator_response, challenge_hash, error_value,
    generate_nt_response, master_key, nt_password_hash, strip_domain, verify_mschapv2,
};

const USER: &[u8] = b"User";
const PASSWORD: &str = "clientPass";

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

fn auth_challenge() -> Vec<u8> {
    h("5B5D7C7D7B3F2F3E3C2C602132262628")
}

fn peer_challenge() -> Vec<u8> {
    h("21402324255E262A28295F2B3A337C7E")
}

fn nt_response() -> Vec<u8> {
    h("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF")
}

/// Builds an MS-CHAP2-Response value: ident, flags, peer challenge, reserved, NT-Response.
fn response(ident: u8, nt: &[u8]) -> Vec<u8> {
    let mut r = vec![ident, 0];
    r.extend_from_slice(&peer_challenge());
    r.extend_from_slice(&[0u8; 8]);
    r.extend_from_slice(nt);
    r
}

#[test]
fn rfc2759_intermediate_values() {
    assert_eq!(
        challenge_hash(&peer_challenge(), &auth_challenge(), USER).to_vec(),
        h("D02E4386BCE91226")
    );
    assert_eq!(
        nt_password_hash(PASSWORD).to_vec(),
        h("44EBBA8D5312B8D611474411F56989AE")
    );
    assert_eq!(
        generate_nt_response(&auth_challenge(), &peer_challenge(), USER, PASSWORD).to_vec(),
        nt_response()
    );
    assert_eq!(
        authenticator_response(
            &nt_password_hash(PASSWORD),
            &nt_response(),
            &peer_challenge(),
            &auth_challenge(),
            USER
        ),
        "S=407A5589115FD0D6209F510FE9C04566932CDA56"
    );
}

#[test]
fn rfc2759_verify_success_value() {
    let ok = verify_mschapv2(
        USER,
        PASSWORD,
        &auth_challenge(),
        &response(7, &nt_response()),
    )
    .expect("RFC 2759 vector must verify");
    let mut want = vec![7u8];
    want.extend_from_slice(b"S=407A5589115FD0D6209F510FE9C04566932CDA56");
    assert_eq!(ok.success, want);
}

#[test]
fn domain_prefix_is_stripped() {
    assert_eq!(strip_domain(b"CORP\\User"), b"User");
    assert_eq!(strip_domain(b"User"), b"User");
    let ok = verify_mschapv2(
        b"CORP\\User",
        PASSWORD,
        &auth_challenge(),
        &response(1, &nt_response()),
    );
    assert!(ok.is_some());
}

#[test]
fn wrong_password_and_malformed_input_fail() {
    let r = response(1, &nt_response());
    assert!(verify_mschapv2(USER, "clientPasS", &auth_challenge(), &r).is_none());
    assert!(verify_mschapv2(b"user", PASSWORD, &auth_challenge(), &r).is_none());
    assert!(verify_mschapv2(USER, PASSWORD, &auth_challenge(), &r[..49]).is_none());
    assert!(verify_mschapv2(USER, PASSWORD, &auth_challenge()[..15], &r).is_none());
    assert!(verify_mschapv2(USER, PASSWORD, &[], &[]).is_none());
    let mut flipped = r.clone();
    flipped[49] ^= 1;
    assert!(verify_mschapv2(USER, PASSWORD, &auth_challenge(), &flipped).is_none());
}

#[test]
fn rfc3079_key_vectors() {
    let mk = master_key(&nt_password_hash(PASSWORD), &nt_response());
    assert_eq!(mk.to_vec(), h("FDECE3717A8C838CB388E527AE3CDD31"));
    // RFC 3079 §3.5.3's SendStartKey128 is the server's send key (IsSend, IsServer: Magic3);
    // pppd's and hostapd's self-tests call it with (1, 1) too.
    assert_eq!(
        asymmetric_start_key(&mk, true, true).to_vec(),
        h("8B7CDC149B993A1BA118CB153F56DCCB")
    );
    assert_eq!(
        asymmetric_start_key(&mk, false, true),
        asymmetric_start_key(&mk, true, false)
    );
    assert_eq!(
        asymmetric_start_key(&mk, true, true),
        asymmetric_start_key(&mk, false, false)
    );
    let ok = verify_mschapv2(
        USER,
        PASSWORD,
        &auth_challenge(),
        &response(1, &nt_response()),
    )
    .unwrap();
    assert_eq!(ok.send_key.to_vec(), h("8B7CDC149B993A1BA118CB153F56DCCB"));
    assert_ne!(ok.send_key, ok.recv_key);
}

#[test]
fn error_value_format() {
    let v = error_value(0x2a, &auth_challenge());
    assert_eq!(v[0], 0x2a);
    assert_eq!(
        &v[1..],
        b"E=691 R=0 C=5B5D7C7D7B3F2F3E3C2C602132262628 V=3 M=Authentication rejected"
    );
}
