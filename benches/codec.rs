//! Codec regressions: decode + verify + encode of the packets on the hot path, per packet.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use radkota::protocol::crypto::{
    MessageAuthenticator, check_message_authenticator, hide_password, unhide_password,
    verify_request_authenticator,
};
use radkota::protocol::{Code, Packet, PacketBuilder, attr};

const SECRET: &[u8] = b"testing123";

fn chap_request() -> Vec<u8> {
    let auth = [7u8; 16];
    let mut b = PacketBuilder::new(Code::AccessRequest, 42);
    b.add(attr::USER_NAME, b"user00001").unwrap();
    b.add(attr::CHAP_PASSWORD, &[1u8; 17]).unwrap();
    b.add(attr::CHAP_CHALLENGE, &[9u8; 16]).unwrap();
    b.add(attr::NAS_IDENTIFIER, b"rw07-hotspot").unwrap();
    b.add(attr::CALLING_STATION_ID, b"02:00:00:00:07:03")
        .unwrap();
    b.add(attr::CALLED_STATION_ID, b"hotspot1").unwrap();
    b.add(attr::FRAMED_IP_ADDRESS, &[10, 5, 50, 253]).unwrap();
    b.add_vendor(
        attr::VENDOR_MIKROTIK,
        attr::mikrotik::HOST_IP,
        &[10, 5, 50, 253],
    )
    .unwrap();
    b.finish_request(&auth, SECRET, true).unwrap()
}

fn pap_request() -> Vec<u8> {
    let auth = [3u8; 16];
    let mut b = PacketBuilder::new(Code::AccessRequest, 43);
    b.add(attr::USER_NAME, b"user00001").unwrap();
    b.add(
        attr::USER_PASSWORD,
        &hide_password(b"pass00001", SECRET, &auth).unwrap(),
    )
    .unwrap();
    b.add(attr::NAS_IDENTIFIER, b"rw07-hotspot").unwrap();
    b.finish_request(&auth, SECRET, true).unwrap()
}

fn acct_request() -> Vec<u8> {
    let mut b = PacketBuilder::new(Code::AccountingRequest, 44);
    b.add_u32(attr::ACCT_STATUS_TYPE, 3).unwrap();
    b.add(attr::USER_NAME, b"user00001").unwrap();
    b.add(attr::ACCT_SESSION_ID, b"80f00003").unwrap();
    for t in [
        attr::ACCT_INPUT_OCTETS,
        attr::ACCT_OUTPUT_OCTETS,
        attr::ACCT_SESSION_TIME,
    ] {
        b.add_u32(t, 123_456).unwrap();
    }
    b.add(attr::NAS_IDENTIFIER, b"rw07-hotspot").unwrap();
    b.finish_request(&[0; 16], SECRET, false).unwrap()
}

fn bench(c: &mut Criterion) {
    let chap = chap_request();
    c.bench_function("chap: decode + verify MA + accept encode", |b| {
        b.iter(|| {
            let p = Packet::decode(black_box(&chap)).unwrap();
            assert_eq!(
                check_message_authenticator(p.raw(), SECRET, None),
                MessageAuthenticator::Valid
            );
            let _ = black_box(p.attr(attr::CHAP_PASSWORD));
            let mut r = PacketBuilder::new(Code::AccessAccept, p.identifier);
            r.add_vendor(attr::VENDOR_MIKROTIK, attr::mikrotik::RATE_LIMIT, b"2M/4M")
                .unwrap();
            r.add_u32(attr::SESSION_TIMEOUT, 3600).unwrap();
            black_box(r.finish_reply(&p.authenticator, SECRET, true).unwrap())
        })
    });
    let pap = pap_request();
    c.bench_function("pap: decode + verify MA + unhide password", |b| {
        b.iter(|| {
            let p = Packet::decode(black_box(&pap)).unwrap();
            assert_eq!(
                check_message_authenticator(p.raw(), SECRET, None),
                MessageAuthenticator::Valid
            );
            black_box(unhide_password(
                p.attr(attr::USER_PASSWORD).unwrap(),
                SECRET,
                &p.authenticator,
            ))
        })
    });
    let acct = acct_request();
    c.bench_function(
        "acct: decode + verify request authenticator + response encode",
        |b| {
            b.iter(|| {
                let p = Packet::decode(black_box(&acct)).unwrap();
                assert!(verify_request_authenticator(p.raw(), SECRET));
                let _ = black_box(p.attr_u32(attr::ACCT_INPUT_OCTETS));
                black_box(
                    PacketBuilder::new(Code::AccountingResponse, p.identifier)
                        .finish_reply(&p.authenticator, SECRET, false)
                        .unwrap(),
                )
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
