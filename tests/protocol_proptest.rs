//! Property tests of the protocol codec: arbitrary and mutated datagrams never make the
//! decoder, accessors or crypto checks panic, and built packets decode to what was added.

use proptest::prelude::*;
use radkota::protocol::crypto;
use radkota::protocol::{Code, MAX_PACKET_LEN, Packet, PacketBuilder, attr};
use std::sync::OnceLock;

/// Every request and response datagram of the embedded corpus, read once.
fn corpus_datagrams() -> &'static [Vec<u8>] {
    static CORPUS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    CORPUS.get_or_init(read_corpus)
}

fn read_corpus() -> Vec<Vec<u8>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/packets.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("corpus file");
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
        for key in ["request_hex", "response_hex"] {
            if let Some(h) = v.get(key).and_then(serde_json::Value::as_str) {
                out.push(hex::decode(h).expect("hex"));
            }
        }
    }
    out
}

/// Feeds `bytes` to everything that reads untrusted input. Panics are the failure mode.
fn exercise(bytes: &[u8]) {
    let secret = b"testing123";
    let auth = [0x11u8; 16];
    // The crypto entry points take raw bytes and must cope with anything.
    let _ = crypto::check_message_authenticator(bytes, secret, None);
    let _ = crypto::check_message_authenticator(bytes, secret, Some(&auth));
    let _ = crypto::verify_request_authenticator(bytes, secret);
    let _ = crypto::verify_response_authenticator(bytes, &auth, secret);
    let _ = crypto::unhide_password(bytes, secret, &auth);
    let _ = crypto::decrypt_mppe_key(bytes, secret, &auth);

    let Ok(p) = Packet::decode(bytes) else {
        return;
    };
    assert!(p.raw().len() >= 20 && p.raw().len() <= MAX_PACKET_LEN);
    assert!(p.raw().len() <= bytes.len());
    let _ = p.code.name();
    let mut total = 20;
    for a in p.attributes() {
        total += a.value.len() + 2;
        let _ = p.attr(a.typ);
        let _ = p.attr_u32(a.typ);
        let _ = crypto::unhide_password(a.value, secret, &p.authenticator);
        let _ = crypto::decrypt_mppe_key(a.value, secret, &p.authenticator);
    }
    // Decode validated the framing, so iteration must cover the whole packet.
    assert_eq!(total, p.raw().len());
    for v in p.vendor_attributes() {
        assert!(p.vendor_attr(v.vendor, v.typ).is_some());
        let _ = crypto::decrypt_mppe_key(v.value, secret, &p.authenticator);
        let _ = crypto::unhide_password(v.value, secret, &p.authenticator);
    }
    let _ = p.attr(attr::USER_NAME);
    let _ = p.attr_u32(attr::NAS_PORT);
    let _ = p.vendor_attr(attr::VENDOR_MICROSOFT, attr::ms::MS_MPPE_SEND_KEY);
    let raw = p.raw();
    let _ = crypto::check_message_authenticator(raw, secret, None);
    let _ = crypto::check_message_authenticator(raw, secret, Some(&p.authenticator));
    let _ = crypto::verify_request_authenticator(raw, secret);
    let _ = crypto::verify_response_authenticator(raw, &auth, secret);
}

/// One edit of a datagram.
#[derive(Debug, Clone)]
enum Mutation {
    Flip { pos: usize, xor: u8 },
    Set { pos: usize, value: u8 },
    Truncate { len: usize },
    Extend { tail: Vec<u8> },
    Length { value: u16 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(pos, xor)| Mutation::Flip { pos, xor }),
        (any::<usize>(), any::<u8>()).prop_map(|(pos, value)| Mutation::Set { pos, value }),
        any::<usize>().prop_map(|len| Mutation::Truncate { len }),
        prop::collection::vec(any::<u8>(), 1..300).prop_map(|tail| Mutation::Extend { tail }),
        prop_oneof![any::<u16>(), 0..30u16, 4080..4110u16]
            .prop_map(|value| Mutation::Length { value }),
    ]
}

fn apply(data: &mut Vec<u8>, m: &Mutation) {
    match m {
        Mutation::Flip { pos, xor } => {
            let n = data.len().max(1);
            if let Some(b) = data.get_mut(pos % n) {
                *b ^= xor;
            }
        }
        Mutation::Set { pos, value } => {
            let n = data.len().max(1);
            if let Some(b) = data.get_mut(pos % n) {
                *b = *value;
            }
        }
        Mutation::Truncate { len } => {
            let n = data.len() + 1;
            data.truncate(len % n);
        }
        Mutation::Extend { tail } => data.extend_from_slice(tail),
        Mutation::Length { value } => {
            if let Some(field) = data.get_mut(2..4) {
                field.copy_from_slice(&value.to_be_bytes());
            }
        }
    }
}

/// Plain or vendor attributes to add to a builder.
#[derive(Debug, Clone)]
enum Item {
    Plain(u8, Vec<u8>),
    Vendor(u32, u8, Vec<u8>),
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        // Type 80 is left out: the builder's own Message-Authenticator would collide with it.
        (
            any::<u8>().prop_filter("not MA", |t| *t != attr::MESSAGE_AUTHENTICATOR),
            prop::collection::vec(any::<u8>(), 0..=253)
        )
            .prop_map(|(t, v)| Item::Plain(t, v)),
        (
            any::<u32>(),
            any::<u8>(),
            prop::collection::vec(any::<u8>(), 0..=247)
        )
            .prop_map(|(id, t, v)| Item::Vendor(id, t, v)),
    ]
}

fn code() -> impl Strategy<Value = Code> {
    (0u8..=255).prop_map(Code::from_u8)
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..5000)) {
        exercise(&bytes);
    }

    #[test]
    fn header_with_random_body_never_panics(
        code in any::<u8>(),
        body in prop::collection::vec(any::<u8>(), 0..600),
        slack in 0usize..4,
    ) {
        // A consistent Length makes the decoder reach the attribute checks more often.
        let len = (20 + body.len()).saturating_sub(slack);
        let mut bytes = vec![code, 1];
        bytes.extend_from_slice(&u16::try_from(len).unwrap_or(u16::MAX).to_be_bytes());
        bytes.extend_from_slice(&[0x22; 16]);
        bytes.extend_from_slice(&body);
        exercise(&bytes);
    }

    #[test]
    fn mutated_corpus_never_panics(
        index in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let corpus = corpus_datagrams();
        let mut data = index.get(corpus).clone();
        for m in &mutations {
            apply(&mut data, m);
        }
        exercise(&data);
    }

    #[test]
    fn built_packets_decode_to_their_attributes(
        code in code(),
        identifier in any::<u8>(),
        items in prop::collection::vec(item(), 0..24),
        ma in any::<bool>(),
        reply in any::<bool>(),
        auth in any::<[u8; 16]>(),
        secret in prop::collection::vec(any::<u8>(), 1..40),
    ) {
        let mut b = PacketBuilder::new(code, identifier);
        let mut expected: Vec<(u8, Vec<u8>)> = Vec::new();
        let mut size = 20 + if ma { 18 } else { 0 };
        for it in &items {
            let (typ, value) = match it {
                Item::Plain(t, v) => (*t, v.clone()),
                Item::Vendor(id, t, v) => {
                    let mut vsa = id.to_be_bytes().to_vec();
                    vsa.push(*t);
                    vsa.push(u8::try_from(v.len() + 2).unwrap());
                    vsa.extend_from_slice(v);
                    (attr::VENDOR_SPECIFIC, vsa)
                }
            };
            let res = match it {
                Item::Plain(t, v) => b.add(*t, v).map(|_| ()),
                Item::Vendor(id, t, v) => b.add_vendor(*id, *t, v).map(|_| ()),
            };
            // add() only knows about the attributes; the MA is counted when finishing.
            if size - if ma { 18 } else { 0 } + value.len() + 2 > MAX_PACKET_LEN {
                prop_assert!(res.is_err());
                continue;
            }
            prop_assert!(res.is_ok());
            size += value.len() + 2;
            expected.push((typ, value));
        }
        let built = if reply {
            b.finish_reply(&auth, &secret, ma)
        } else {
            b.finish_request(&auth, &secret, ma)
        };
        if size > MAX_PACKET_LEN {
            prop_assert!(built.is_err());
            return Ok(());
        }
        let raw = built.unwrap();
        prop_assert_eq!(raw.len(), size);
        let p = Packet::decode(&raw).unwrap();
        prop_assert_eq!(p.code, code);
        prop_assert_eq!(p.identifier, identifier);
        let mut got: Vec<(u8, Vec<u8>)> =
            p.attributes().map(|a| (a.typ, a.value.to_vec())).collect();
        if ma {
            let first = got.remove(0);
            prop_assert_eq!(first.0, attr::MESSAGE_AUTHENTICATOR);
            prop_assert_eq!(first.1.len(), 16);
        }
        prop_assert_eq!(&got, &expected);
        // Each vendor item comes back as exactly one sub-attribute.
        let vendor_items: Vec<(u32, u8, Vec<u8>)> = items
            .iter()
            .filter_map(|it| match it {
                Item::Vendor(id, t, v) => Some((*id, *t, v.clone())),
                Item::Plain(..) => None,
            })
            .collect();
        let vendor_got: Vec<(u32, u8, Vec<u8>)> = p
            .vendor_attributes()
            .map(|v| (v.vendor, v.typ, v.value.to_vec()))
            .collect();
        // Plain type-26 items with random bodies may also parse as VSAs, so only check
        // that every vendor item is among the parsed ones, in order.
        let mut rest = vendor_got.iter();
        for want in &vendor_items {
            prop_assert!(rest.any(|g| g == want), "missing {:?}", want);
        }
        // And the signatures check out.
        let ma_state = if reply {
            crypto::check_message_authenticator(&raw, &secret, Some(&auth))
        } else {
            crypto::check_message_authenticator(&raw, &secret, None)
        };
        let code_u8 = code.as_u8();
        if ma && !(reply && matches!(code_u8, 4 | 40 | 43)) {
            prop_assert_eq!(ma_state, crypto::MessageAuthenticator::Valid);
        }
        if reply {
            prop_assert!(crypto::verify_response_authenticator(&raw, &auth, &secret));
        } else if matches!(code_u8, 4 | 40 | 43) {
            prop_assert!(crypto::verify_request_authenticator(&raw, &secret));
        } else {
            prop_assert_eq!(p.authenticator, auth);
        }
    }

    #[test]
    fn password_round_trip(
        pw in prop::collection::vec(1..=255u8, 1..=128),
        secret in prop::collection::vec(any::<u8>(), 1..40),
        auth in any::<[u8; 16]>(),
    ) {
        let hidden = crypto::hide_password(&pw, &secret, &auth).unwrap();
        prop_assert_eq!(crypto::unhide_password(&hidden, &secret, &auth), Some(pw));
    }

    #[test]
    fn mppe_round_trip(
        key in prop::collection::vec(any::<u8>(), 0..=64),
        secret in prop::collection::vec(any::<u8>(), 1..40),
        auth in any::<[u8; 16]>(),
        salt in any::<u16>(),
    ) {
        let enc = crypto::encrypt_mppe_key(&key, &secret, &auth, salt);
        prop_assert_eq!(crypto::decrypt_mppe_key(&enc, &secret, &auth), Some(key));
    }
}
