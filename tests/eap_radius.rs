//! EAP over RADIUS on the wire (RFC 3579), with our own client: Access-Challenge rounds
//! keyed by State, a retransmission answered with the identical reply, unknown or reused
//! States and EAP without Message-Authenticator dropped and counted, and a whole plain
//! EAP-MSCHAPv2 login whose MS-MPPE keys match the ones RFC 3079 gives.

mod common;

use common::{Client, Db, SECRET, Server, final_counter};
use radkota::auth::mschapv2::{
    asymmetric_start_key, generate_nt_response, master_key, nt_password_hash,
};
use radkota::protocol::crypto::decrypt_mppe_key;
use radkota::protocol::{Code, Packet, PacketBuilder, attr};

/// An Access-Request carrying `eap` (and `state`), Message-Authenticator when `ma`.
fn request(c: &Client, eap: &[u8], state: Option<&[u8]>, ma: bool) -> Vec<u8> {
    let auth: [u8; 16] = rand::random();
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, b"siswa").unwrap();
    radkota::eap::reassembly::split_into(&mut b, eap).unwrap();
    if let Some(s) = state {
        b.add(attr::STATE, s).unwrap();
    }
    b.finish_request(&auth, &c.secret, ma).unwrap()
}

fn eap_of(reply: &[u8]) -> Vec<u8> {
    radkota::eap::reassembly::join(&Packet::decode(reply).unwrap()).expect("EAP-Message")
}

fn response(id: u8, typ: u8, data: &[u8]) -> Vec<u8> {
    radkota::eap::packet::encode(2, id, typ, data).unwrap()
}

#[test]
fn challenge_rounds_retransmissions_and_keys() {
    let s = Server::prepare_with(
        Db::Sqlite,
        "[eap]\nenabled = true\ndefault_method = \"mschapv2\"\nmethods = [\"mschapv2\"]\n",
    );
    s.provision();
    let mut s = s.start();
    let c = Client::new("127.0.0.1:0", s.auth, SECRET);

    let identity = response(7, 1, b"siswa");
    assert!(
        c.exchange(&request(&c, &identity, None, false)).is_none(),
        "no Message-Authenticator: dropped"
    );

    let req = request(&c, &identity, None, true);
    let reply = c.exchange(&req).expect("Access-Challenge");
    c.verify_reply(&req, &reply);
    assert_eq!(Packet::decode(&reply).unwrap().code, Code::AccessChallenge);
    assert_eq!(
        c.exchange(&req).as_deref(),
        Some(&reply[..]),
        "a retransmission gets the same reply"
    );
    let state = Packet::decode(&reply)
        .unwrap()
        .attr(attr::STATE)
        .unwrap()
        .to_vec();
    let challenge_req = eap_of(&reply);
    // Request, id 8, type 26, op Challenge, ms-id, ms-length, value size 16, challenge.
    assert_eq!(&challenge_req[..2], &[1, 8]);
    assert_eq!(challenge_req[4], 26);
    let ms_id = challenge_req[6];
    let challenge: [u8; 16] = challenge_req[10..26].try_into().unwrap();

    let forged = request(&c, &response(8, 26, &[2]), Some(&[0u8; 16]), true);
    assert!(
        c.exchange(&forged).is_none(),
        "a State from nowhere is dropped"
    );

    let peer: [u8; 16] = rand::random();
    let nt = generate_nt_response(&challenge, &peer, b"siswa", "rahasia-siswa");
    let mut value = vec![2, ms_id, 0, 0, 49];
    value.extend_from_slice(&peer);
    value.extend_from_slice(&[0; 8]);
    value.extend_from_slice(&nt);
    value.push(0);
    value.extend_from_slice(b"siswa");
    let len = (value.len() as u16).to_be_bytes();
    value[2..4].copy_from_slice(&len);
    let req = request(&c, &response(8, 26, &value), Some(&state), true);
    let reply = c.exchange(&req).expect("Success request");
    c.verify_reply(&req, &reply);
    let success = eap_of(&reply);
    assert_eq!(success[5], 3, "MS-CHAPv2 Success");
    assert!(success[9..].starts_with(b"S="), "authenticator response");

    let reused = request(&c, &response(8, 26, &value), Some(&state), true);
    assert!(c.exchange(&reused).is_none(), "a State is used once");

    let state = Packet::decode(&reply)
        .unwrap()
        .attr(attr::STATE)
        .unwrap()
        .to_vec();
    let req = request(&c, &response(9, 26, &[3]), Some(&state), true);
    let reply = c.exchange(&req).expect("Access-Accept");
    c.verify_reply(&req, &reply);
    let p = Packet::decode(&reply).unwrap();
    assert_eq!(p.code, Code::AccessAccept);
    assert_eq!(eap_of(&reply), vec![3, 10, 0, 4], "EAP-Success");
    assert_eq!(p.attr(attr::USER_NAME), Some(&b"siswa"[..]));
    let req_auth: [u8; 16] = req[4..20].try_into().unwrap();
    let key = |t| decrypt_mppe_key(p.vendor_attr(311, t).unwrap(), SECRET, &req_auth).unwrap();
    let mk = master_key(&nt_password_hash("rahasia-siswa"), &nt);
    assert_eq!(
        key(17),
        asymmetric_start_key(&mk, false, true),
        "MS-MPPE-Recv-Key"
    );
    assert_eq!(
        key(16),
        asymmetric_start_key(&mk, true, true),
        "MS-MPPE-Send-Key"
    );

    let log = s.stop();
    assert_eq!(final_counter(&log, "eap_unknown_state"), 2, "{log}");
}

#[test]
fn eap_off_is_refused_with_eap_failure() {
    let s = Server::prepare(Db::Sqlite);
    s.provision();
    let s = s.start();
    let c = Client::new("127.0.0.1:0", s.auth, SECRET);
    let req = request(&c, &response(1, 1, b"siswa"), None, true);
    let reply = c.exchange(&req).expect("Access-Reject");
    c.verify_reply(&req, &reply);
    assert_eq!(Packet::decode(&reply).unwrap().code, Code::AccessReject);
    assert_eq!(eap_of(&reply)[0], 4, "EAP-Failure");
}
