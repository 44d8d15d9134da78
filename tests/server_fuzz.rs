//! Property test against the running server: random datagrams and mutated real requests
//! (the FreeRADIUS corpus) are sent to both ports from a known NAS; afterwards the server
//! is still alive and still answers valid requests correctly.

mod common;

use std::path::Path;

use common::{Client, Db, Server};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use radkota::protocol::{Code, Packet};

fn corpus_requests() -> Vec<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus/packets.jsonl");
    let text = std::fs::read_to_string(path).expect("corpus");
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["request_hex"].as_str().and_then(|h| hex::decode(h).ok()))
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Extend(Vec<u8>),
    SetLength(u16),
    SetAttrLength(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(i, x)| Mutation::Flip(i, x)),
        any::<usize>().prop_map(Mutation::Truncate),
        proptest::collection::vec(any::<u8>(), 1..300).prop_map(Mutation::Extend),
        any::<u16>().prop_map(Mutation::SetLength),
        (any::<usize>(), any::<u8>()).prop_map(|(i, x)| Mutation::SetAttrLength(i, x)),
    ]
}

fn apply(mut d: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        match m {
            Mutation::Flip(i, x) if !d.is_empty() => {
                let n = d.len();
                d[i % n] ^= x;
            }
            Mutation::Truncate(n) => d.truncate(n % (d.len() + 1)),
            Mutation::Extend(extra) => d.extend_from_slice(extra),
            Mutation::SetLength(l) if d.len() >= 4 => d[2..4].copy_from_slice(&l.to_be_bytes()),
            Mutation::SetAttrLength(i, x) if d.len() > 21 => {
                let n = d.len() - 21;
                d[21 + i % n] = *x;
            }
            _ => {}
        }
    }
    d
}

fn server_survives_random_and_mutated_datagrams(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let mut s = s.start();
    let auth = Client::new("127.0.0.1:0", s.auth, common::SECRET);
    let acct = Client::new("127.0.0.1:0", s.acct, common::SECRET);
    let corpus = corpus_requests();
    assert!(corpus.len() >= 40);
    let strategy = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..4200),
        (0..corpus.len(), proptest::collection::vec(mutation(), 1..4))
            .prop_map(move |(i, muts)| apply(corpus[i].clone(), &muts)),
    ];
    let mut runner = TestRunner::new(Config {
        cases: 400,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |datagram| {
            let target = if datagram.first() == Some(&4) {
                &acct
            } else {
                &auth
            };
            let _ = target.socket.send_to(&datagram, target.server);
            Ok(())
        })
        .expect("sending never fails");
    // Drain whatever answers came back, then check the server still works.
    auth.socket
        .set_read_timeout(Some(std::time::Duration::from_millis(200)))
        .unwrap();
    while auth.receive().is_some() {}
    auth.socket
        .set_read_timeout(Some(std::time::Duration::from_millis(1500)))
        .unwrap();
    let req = auth.pap_request("siswa", "rahasia-siswa", true);
    let reply = auth
        .exchange(&req)
        .expect("still answering after the barrage");
    auth.verify_reply(&req, &reply);
    assert_eq!(Packet::decode(&reply).unwrap().code, Code::AccessAccept);
    let log = s.stop();
    assert!(!log.contains("panicked"), "no panic in the server:\n{log}");
    assert!(
        common::final_counter(&log, "malformed") > 0,
        "malformed datagrams were seen and counted"
    );
}

both_backends!(server_survives_random_and_mutated_datagrams);
