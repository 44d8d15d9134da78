//! Bodies of the EAP fuzz targets (fuzz/fuzz_targets/eap_*.rs), kept in the library so
//! that `tests/fuzz_corpus.rs` replays the committed corpus through the same code. Each
//! takes arbitrary bytes and must never panic; a broken invariant panics (a finding).

use std::time::Duration;

use super::conversation::{Action, Conversation};
use super::framing::{Framing, Inbound};
use super::packet::{self, Eap};
use super::sessions::Sessions;
use super::{Method, Server, Settings, avp, mschapv2, peap, reassembly};

/// RFC 3579 reassembly: the first octet of each chunk gives its length (an EAP-Message
/// value), the chunks are joined and decoded; a decoded packet re-encodes to itself.
/// Then the TLS fragment reassembly over the same chunks, each as one EAP-TLS payload.
pub fn reassembly(data: &[u8]) {
    let mut chunks = Vec::new();
    let mut rest = data;
    while let Some((&n, tail)) = rest.split_first() {
        let n = usize::from(n).min(tail.len());
        chunks.push(&tail[..n]);
        rest = &tail[n..];
    }
    if let Some(joined) = reassembly::join_values(chunks.iter().copied()) {
        if let Ok(eap) = Eap::decode(&joined) {
            if let Some(t) = eap.typ {
                let again = packet::encode(eap.code, eap.id, t, eap.data);
                assert_eq!(again.as_deref(), Some(&joined[..]), "EAP re-encodes");
            }
        }
    }
    let mut framing = Framing::new(100);
    let mut total = 0;
    for c in &chunks {
        match framing.receive(c) {
            Ok(Inbound::Message(m)) => {
                total += m.len();
                assert!(m.len() <= super::framing::MAX_MESSAGE);
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(total <= data.len());
}

/// PEAP phase 2: the peer's inner message (header-less method or whole EAP-TLV), and
/// the inner MS-CHAPv2 message when it is one.
pub fn peap_inner(data: &[u8]) {
    if let Ok(peap::Inner::Method { typ, data }) = peap::parse(data) {
        if typ == packet::typ::MSCHAPV2 {
            mschapv2_reply(data);
        }
    }
}

/// TTLS phase 2 AVPs: every parsed AVP lies inside the input and re-encodes to a
/// message that parses to the same AVP.
pub fn ttls_avps(data: &[u8]) {
    let Ok(avps) = avp::parse(data) else {
        return;
    };
    for a in avps {
        assert!(a.data.len() <= data.len());
        let again = avp::encode(a.code, a.vendor, a.data);
        let parsed = avp::parse(&again).expect("an encoded AVP parses");
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].data, a.data);
    }
}

/// Plain EAP-MSCHAPv2: the message parser, then a whole conversation fed the input as
/// the peer's responses (first octet: how long each is), which must end or go on
/// without panicking.
pub fn mschapv2(data: &[u8]) {
    mschapv2_reply(data);
    let server = Server::new(
        None,
        std::sync::Arc::new(Sessions::new(4, Duration::from_secs(60))),
        Settings {
            default_method: Method::MsChapV2,
            methods: vec![Method::MsChapV2, Method::Peap],
            fragment_size: 1024,
        },
        4,
        Duration::from_secs(30),
    );
    let identity = [2, 0, 0, 9, 1, b's', b'i', b't', b'i'];
    let Ok(eap) = Eap::decode(&identity) else {
        return;
    };
    let (mut conv, mut action) = Conversation::start(&server, &eap);
    let mut rest = data;
    while let Some((&n, tail)) = rest.split_first() {
        let n = usize::from(n).min(tail.len());
        let Ok(msg) = Eap::decode(&tail[..n]) else {
            rest = &tail[n..];
            continue;
        };
        rest = &tail[n..];
        action = match action {
            Action::Check(_) => conv.checked(None),
            _ => conv.step(&server, &msg),
        };
        if matches!(action, Action::Accept { .. }) {
            panic!("accepted without a check");
        }
    }
}

fn mschapv2_reply(data: &[u8]) {
    if let Ok(mschapv2::Reply::Response { response, name }) = mschapv2::parse(data) {
        assert_eq!(response[0], data[1], "the ident is kept");
        assert!(name.len() + 54 <= data.len());
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};

    /// A cheap stand-in for libFuzzer in `cargo test`: random and mutated inputs.
    #[test]
    fn random_inputs_never_panic() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(20);
        let seed = [2u8, 1, 0, 60, 26, 2, 1, 0, 58, 49];
        for i in 0..3000 {
            let len = rng.gen_range(0..300);
            let mut data: Vec<u8> = (0..len).map(|_| rng.r#gen()).collect();
            if i % 2 == 0 {
                data.splice(0..0, seed.iter().copied());
            }
            super::reassembly(&data);
            super::peap_inner(&data);
            super::ttls_avps(&data);
            super::mschapv2(&data);
        }
    }
}
