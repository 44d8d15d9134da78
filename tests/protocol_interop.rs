//! Cross-checks the protocol codec against an independent implementation, the `radius`
//! crate: packets it encodes decode and verify with ours, and the other way round.

use radius::core::code::Code as TheirCode;
use radius::core::packet::Packet as TheirPacket;
use radius::core::vsa::StringVSA;
use radius::core::{rfc2865, rfc2866};
use radkota::protocol::crypto::{self, MessageAuthenticator};
use radkota::protocol::{Code, Packet, PacketBuilder, attr};
use std::net::Ipv4Addr;

const SECRET: &[u8] = b"interop-secret";

#[test]
fn their_requests_decode_and_verify_with_ours() {
    // Access-Request: PAP password hidden by them, recovered by us.
    let mut req = TheirPacket::new_with_identifier(TheirCode::AccessRequest, SECRET, 77);
    rfc2865::add_user_name(&mut req, "user00001");
    rfc2865::add_user_password(&mut req, b"a-password-of-33-octets-long-xyz!").unwrap();
    rfc2865::add_nas_ip_address(&mut req, &Ipv4Addr::new(10, 7, 0, 1));
    rfc2865::add_nas_port(&mut req, 4242);
    rfc2865::add_vsa_attribute(&mut req, &StringVSA::new(14988, 8, "2M/4M"));
    let raw = req.encode().unwrap();

    let p = Packet::decode(&raw).unwrap();
    assert_eq!(p.code, Code::AccessRequest);
    assert_eq!(p.identifier, 77);
    assert_eq!(
        p.authenticator.as_slice(),
        req.get_authenticator().as_slice()
    );
    assert_eq!(p.attr(attr::USER_NAME), Some(&b"user00001"[..]));
    assert_eq!(p.attr(attr::NAS_IP_ADDRESS), Some(&[10, 7, 0, 1][..]));
    assert_eq!(p.attr_u32(attr::NAS_PORT), Some(4242));
    assert_eq!(
        p.vendor_attr(attr::VENDOR_MIKROTIK, attr::mikrotik::RATE_LIMIT),
        Some(&b"2M/4M"[..])
    );
    let hidden = p.attr(attr::USER_PASSWORD).unwrap();
    assert_eq!(hidden.len(), 48);
    assert_eq!(
        crypto::unhide_password(hidden, SECRET, &p.authenticator).unwrap(),
        b"a-password-of-33-octets-long-xyz!"
    );
    // Our hiding gives the same octets as theirs.
    assert_eq!(
        crypto::hide_password(
            b"a-password-of-33-octets-long-xyz!",
            SECRET,
            &p.authenticator
        )
        .unwrap(),
        hidden
    );

    // Accounting-Request: their computed Request Authenticator verifies with us.
    let mut acct = TheirPacket::new_with_identifier(TheirCode::AccountingRequest, SECRET, 9);
    rfc2866::add_acct_status_type(&mut acct, rfc2866::ACCT_STATUS_TYPE_START);
    rfc2866::add_acct_session_id(&mut acct, "sess-0001");
    let raw = acct.encode().unwrap();
    assert!(crypto::verify_request_authenticator(&raw, SECRET));
    assert!(!crypto::verify_request_authenticator(&raw, b"other"));
    let p = Packet::decode(&raw).unwrap();
    assert_eq!(p.attr_u32(attr::ACCT_STATUS_TYPE), Some(1));
    assert_eq!(p.attr(attr::ACCT_SESSION_ID), Some(&b"sess-0001"[..]));
}

#[test]
fn our_packets_decode_and_verify_with_theirs() {
    // A request of theirs, answered by our builder.
    let mut req = TheirPacket::new_with_identifier(TheirCode::AccessRequest, SECRET, 200);
    rfc2865::add_user_name(&mut req, "user00002");
    let req_raw = req.encode().unwrap();
    let request_auth: [u8; 16] = req.get_authenticator().as_slice().try_into().unwrap();

    let mut b = PacketBuilder::new(Code::AccessAccept, 200);
    b.add(attr::CLASS, b"plan=student;rw=07").unwrap();
    b.add_vendor(attr::VENDOR_MIKROTIK, attr::mikrotik::RATE_LIMIT, b"2M/4M")
        .unwrap();
    b.add_u32(attr::SESSION_TIMEOUT, 3600).unwrap();
    b.add(attr::PROXY_STATE, &[1, 2, 3]).unwrap();
    b.add(attr::PROXY_STATE, &[4]).unwrap();
    let resp_raw = b.finish_reply(&request_auth, SECRET, true).unwrap();

    assert!(TheirPacket::is_authentic_response(
        &resp_raw, &req_raw, SECRET
    ));
    assert!(!TheirPacket::is_authentic_response(
        &resp_raw, &req_raw, b"other"
    ));
    let theirs = TheirPacket::decode(&resp_raw, SECRET).unwrap();
    assert_eq!(theirs.get_code(), TheirCode::AccessAccept);
    assert_eq!(theirs.get_identifier(), 200);
    // Every attribute we wrote, in order per type, is what they read.
    let ours = Packet::decode(&resp_raw).unwrap();
    let mut types: Vec<u8> = ours.attributes().map(|a| a.typ).collect();
    types.dedup();
    for typ in types {
        let mine: Vec<Vec<u8>> = ours
            .attributes()
            .filter(|a| a.typ == typ)
            .map(|a| a.value.to_vec())
            .collect();
        let theirs_values: Vec<Vec<u8>> = theirs
            .lookup_all(typ)
            .into_iter()
            .map(|avp| avp.encode_bytes())
            .collect();
        assert_eq!(mine, theirs_values, "attribute type {typ}");
    }
    assert_eq!(
        rfc2865::lookup_session_timeout(&theirs).unwrap().unwrap(),
        3600
    );
    assert_eq!(
        crypto::check_message_authenticator(&resp_raw, SECRET, Some(&request_auth)),
        MessageAuthenticator::Valid
    );

    // Our Accounting-Request passes their Request Authenticator check.
    let mut acct = PacketBuilder::new(Code::AccountingRequest, 3);
    acct.add_u32(attr::ACCT_STATUS_TYPE, 3).unwrap();
    acct.add(attr::ACCT_SESSION_ID, b"sess-0002").unwrap();
    let raw = acct.finish_request(&[0; 16], SECRET, false).unwrap();
    assert!(TheirPacket::is_authentic_request(&raw, SECRET));
    assert!(!TheirPacket::is_authentic_request(&raw, b"other"));
}
