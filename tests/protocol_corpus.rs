//! Checks the protocol codec against the golden corpus: real datagrams exchanged between
//! pyrad / radclient / eapol_test and FreeRADIUS 3.2.1.
//!
//! `tests/data/corpus/packets.jsonl` is a verbatim copy of the shared corpus (its README
//! describes every field); it is embedded so the test does not depend on files outside the
//! repository.

use radkota::protocol::crypto::{self, MessageAuthenticator};
use radkota::protocol::{Attribute, Code, Packet, PacketBuilder, attr};
use serde_json::Value;

/// One exchange of the corpus, with the fields these tests use.
struct Exchange {
    name: String,
    request: Vec<u8>,
    response: Option<Vec<u8>>,
    secret: Vec<u8>,
    /// The secret the client used: `request_secret` when present, else `secret`.
    client_secret: Vec<u8>,
    password: Option<String>,
    tamper: Option<String>,
    expect: String,
    mppe_keys: Vec<(String, Vec<u8>)>,
    decoded_request: usize,
    decoded_response: Option<usize>,
}

fn load() -> Vec<Exchange> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/packets.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("corpus file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("corpus line is JSON");
            let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
            let secret = s("secret").expect("secret").into_bytes();
            let client_secret = s("request_secret")
                .map(String::into_bytes)
                .unwrap_or_else(|| secret.clone());
            let mppe_keys = v
                .get("mppe_keys")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .map(|(k, h)| (k.clone(), hex::decode(h.as_str().unwrap()).unwrap()))
                        .collect()
                })
                .unwrap_or_default();
            let decoded = v.get("decoded").expect("decoded");
            Exchange {
                name: s("name").expect("name"),
                request: hex::decode(s("request_hex").expect("request_hex")).unwrap(),
                response: s("response_hex").map(|h| hex::decode(h).unwrap()),
                secret,
                client_secret,
                password: s("password"),
                tamper: s("tamper"),
                expect: s("expect").expect("expect"),
                mppe_keys,
                decoded_request: decoded["request"].as_array().unwrap().len(),
                decoded_response: decoded["response"].as_array().map(Vec::len),
            }
        })
        .collect()
}

/// Counts of what was verified, to prove the checks ran (numbers from the corpus README).
#[derive(Default, Debug, PartialEq)]
struct Tally {
    request_ma: usize,
    acct_request_auth: usize,
    pap_password: usize,
    response_auth: usize,
    response_ma: usize,
    mppe_keys: usize,
    dropped: usize,
}

fn vendor_value<'a>(p: &Packet<'a>, name: &str) -> Option<&'a [u8]> {
    let typ = match name {
        "MS-MPPE-Send-Key" => attr::ms::MS_MPPE_SEND_KEY,
        "MS-MPPE-Recv-Key" => attr::ms::MS_MPPE_RECV_KEY,
        "MS-CHAP-MPPE-Keys" => attr::ms::MS_CHAP_MPPE_KEYS,
        other => panic!("unknown MPPE attribute {other}"),
    };
    p.vendor_attr(attr::VENDOR_MICROSOFT, typ)
}

#[test]
fn corpus_decodes_and_verifies() {
    let corpus = load();
    assert_eq!(corpus.len(), 48);
    let mut t = Tally::default();
    for x in &corpus {
        let name = &x.name;
        let req = Packet::decode(&x.request).unwrap_or_else(|e| panic!("{name}: request: {e}"));
        assert_eq!(req.raw().len(), x.request.len(), "{name}");
        assert_eq!(req.attributes().count(), x.decoded_request, "{name}");
        let ra = req.authenticator;

        // Request Message-Authenticator.
        let has_ma = req.attr(attr::MESSAGE_AUTHENTICATOR).is_some();
        let ma = crypto::check_message_authenticator(&x.request, &x.client_secret, None);
        match (has_ma, x.tamper.as_deref()) {
            (false, _) => assert_eq!(ma, MessageAuthenticator::Absent, "{name}"),
            (true, Some("bad-message-authenticator")) => {
                assert_eq!(ma, MessageAuthenticator::Invalid, "{name}")
            }
            (true, _) => {
                assert_eq!(ma, MessageAuthenticator::Valid, "{name}");
                t.request_ma += 1;
                if x.client_secret != x.secret {
                    assert_eq!(
                        crypto::check_message_authenticator(&x.request, &x.secret, None),
                        MessageAuthenticator::Invalid,
                        "{name}: wrong secret must not verify"
                    );
                }
            }
        }

        if req.code == Code::AccountingRequest {
            assert!(
                crypto::verify_request_authenticator(&x.request, &x.client_secret),
                "{name}"
            );
            if x.client_secret != x.secret {
                assert!(
                    !crypto::verify_request_authenticator(&x.request, &x.secret),
                    "{name}"
                );
            }
            t.acct_request_auth += 1;
        }

        if let (Some(hidden), Some(pw)) = (req.attr(attr::USER_PASSWORD), &x.password) {
            let plain = crypto::unhide_password(hidden, &x.client_secret, &ra)
                .unwrap_or_else(|| panic!("{name}: User-Password length"));
            assert_eq!(plain, pw.as_bytes(), "{name}");
            t.pap_password += 1;
        }

        let Some(resp_raw) = &x.response else {
            assert_eq!(x.expect, "dropped", "{name}");
            t.dropped += 1;
            continue;
        };
        let resp = Packet::decode(resp_raw).unwrap_or_else(|e| panic!("{name}: response: {e}"));
        assert_eq!(resp.code.name(), x.expect, "{name}");
        assert_eq!(resp.identifier, req.identifier, "{name}");
        assert_eq!(
            Some(resp.attributes().count()),
            x.decoded_response,
            "{name}"
        );
        assert!(
            crypto::verify_response_authenticator(resp_raw, &ra, &x.secret),
            "{name}: Response Authenticator"
        );
        t.response_auth += 1;
        let want = if resp.attr(attr::MESSAGE_AUTHENTICATOR).is_some() {
            t.response_ma += 1;
            MessageAuthenticator::Valid
        } else {
            MessageAuthenticator::Absent
        };
        assert_eq!(
            crypto::check_message_authenticator(resp_raw, &x.secret, Some(&ra)),
            want,
            "{name}"
        );
        if want == MessageAuthenticator::Valid {
            assert_eq!(
                crypto::check_message_authenticator(resp_raw, &x.secret, Some(&[0; 16])),
                MessageAuthenticator::Invalid,
                "{name}: reply MA must depend on the request authenticator"
            );
        }

        for (attr_name, key) in &x.mppe_keys {
            let value = vendor_value(&resp, attr_name)
                .unwrap_or_else(|| panic!("{name}: no {attr_name} in the reply"));
            if attr_name == "MS-CHAP-MPPE-Keys" {
                // Hidden like User-Password (RFC 2548 §2.4.1), which strips trailing NULs.
                let plain = crypto::unhide_password(value, &x.secret, &ra).unwrap();
                let end = key.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
                assert_eq!(plain, key[..end], "{name}: {attr_name}");
            } else {
                let plain = crypto::decrypt_mppe_key(value, &x.secret, &ra).unwrap();
                assert_eq!(&plain, key, "{name}: {attr_name}");
            }
            t.mppe_keys += 1;
        }
    }
    assert_eq!(
        t,
        Tally {
            request_ma: 31,
            acct_request_auth: 8,
            pap_password: 12,
            response_auth: 42,
            response_ma: 14,
            mppe_keys: 7,
            dropped: 6,
        }
    );
}

/// Rebuilds `packet` with our builder from its attributes, without its Message-Authenticator.
fn rebuild_attributes(p: &Packet) -> PacketBuilder {
    let mut b = PacketBuilder::new(p.code, p.identifier);
    for a in p.attributes() {
        if a.typ == attr::MESSAGE_AUTHENTICATOR {
            continue;
        }
        // Single-sub-attribute VSAs go through add_vendor, which must give the same octets.
        let single_vsa = (a.typ == attr::VENDOR_SPECIFIC)
            .then(|| a.value.get(4..).zip(a.value.get(..4)))
            .flatten()
            .filter(|(body, _)| body.get(1).map(|&l| usize::from(l)) == Some(body.len()))
            .filter(|(body, _)| body.len() >= 2);
        match single_vsa {
            Some((body, id)) => {
                let vendor = u32::from_be_bytes(id.try_into().unwrap());
                b.add_vendor(vendor, body[0], &body[2..]).unwrap();
            }
            None => {
                b.add(a.typ, a.value).unwrap();
            }
        }
    }
    b
}

/// Attributes without the Message-Authenticator, for layout-independent comparison.
fn without_ma<'a>(p: &Packet<'a>) -> Vec<Attribute<'a>> {
    p.attributes()
        .filter(|a| a.typ != attr::MESSAGE_AUTHENTICATOR)
        .collect()
}

/// Whether the Message-Authenticator is absent or the first attribute: the layouts our
/// builder produces, so that re-encoding must give identical bytes.
fn ma_first_or_absent(p: &Packet) -> bool {
    match p
        .attributes()
        .position(|a| a.typ == attr::MESSAGE_AUTHENTICATOR)
    {
        None | Some(0) => true,
        Some(_) => false,
    }
}

#[test]
fn corpus_reencodes() {
    let mut byte_equal = 0;
    let mut list_equal = 0;
    for x in load() {
        let name = &x.name;
        let req = Packet::decode(&x.request).unwrap();
        let ra = req.authenticator;

        if let Some(resp_raw) = &x.response {
            let resp = Packet::decode(resp_raw).unwrap();
            let had_ma = resp.attr(attr::MESSAGE_AUTHENTICATOR).is_some();
            let built = rebuild_attributes(&resp)
                .finish_reply(&ra, &x.secret, had_ma)
                .unwrap();
            let again = Packet::decode(&built).unwrap();
            assert_eq!(without_ma(&again), without_ma(&resp), "{name}");
            assert!(
                crypto::verify_response_authenticator(&built, &ra, &x.secret),
                "{name}"
            );
            if ma_first_or_absent(&resp) {
                assert_eq!(&built, resp_raw, "{name}: response bytes");
                byte_equal += 1;
            } else {
                assert_eq!(
                    crypto::check_message_authenticator(&built, &x.secret, Some(&ra)),
                    MessageAuthenticator::Valid,
                    "{name}"
                );
                list_equal += 1;
            }
        }

        // Requests too, except the deliberately corrupted MA, which we would sign correctly.
        if x.tamper.as_deref() == Some("bad-message-authenticator") {
            continue;
        }
        let had_ma = req.attr(attr::MESSAGE_AUTHENTICATOR).is_some();
        let built = rebuild_attributes(&req)
            .finish_request(&ra, &x.client_secret, had_ma)
            .unwrap();
        let again = Packet::decode(&built).unwrap();
        assert_eq!(without_ma(&again), without_ma(&req), "{name}");
        if ma_first_or_absent(&req) {
            assert_eq!(built, x.request, "{name}: request bytes");
            byte_equal += 1;
        } else {
            list_equal += 1;
        }
    }
    // 42 replies + 47 requests. The EAP exchanges and radclient's requests carry the MA
    // elsewhere than first, so they can only be compared attribute by attribute.
    assert_eq!((byte_equal, list_equal), (60, 29));
}
