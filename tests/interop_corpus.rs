//! Interop with real third-party requests: the Access-Requests and Status-Servers of the
//! FreeRADIUS corpus (built by pyrad and radclient, captured against FreeRADIUS 3.2.1) are
//! replayed byte for byte at radkota, provisioned with the same users, and the outcome is
//! compared with FreeRADIUS's. EAP and MS-CHAPv1 are not supported yet and are left out.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Client, Db, SECRET, Server, rate_limit};
use radkota::protocol::Packet;

struct Exchange {
    name: String,
    port: String,
    expect: String,
    request: Vec<u8>,
    response: Option<Vec<u8>>,
}

fn corpus() -> Vec<Exchange> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus/packets.jsonl");
    std::fs::read_to_string(path)
        .expect("corpus")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            Exchange {
                name: v["name"].as_str().unwrap().to_string(),
                port: v["port"].as_str().unwrap().to_string(),
                expect: v["expect"].as_str().unwrap().to_string(),
                request: hex::decode(v["request_hex"].as_str().unwrap()).unwrap(),
                response: v["response_hex"].as_str().map(|h| hex::decode(h).unwrap()),
            }
        })
        .collect()
}

fn outcome(reply: &Option<Vec<u8>>) -> String {
    match reply {
        None => "dropped".into(),
        Some(r) => Packet::decode(r).unwrap().code.name().to_string(),
    }
}

fn corpus_replay_matches_freeradius(db: Db) {
    let s = Server::prepare(db);
    // FreeRADIUS 3.2.1 predates BlastRADIUS and accepts requests without
    // Message-Authenticator; so does a NAS set to `no`.
    s.cli(&[
        "nas",
        "add",
        "corpus",
        "--address",
        "127.0.0.1",
        "--secret",
        "testing123",
        "--require-message-authenticator",
        "no",
    ]);
    for n in 1..=8 {
        let plan = if n % 2 == 1 { "student" } else { "umkm" };
        let (user, pw) = (format!("user{n:05}"), format!("pass{n:05}"));
        s.cli(&["user", "add", &user, "--plan", plan, "--password", &pw]);
    }
    for (user, plan, pw) in [
        ("student1", "student", "student1"),
        ("umkm1", "umkm", "umkm1"),
        ("gc_student", "student", "Siswa-RW07"),
        ("gc_long", "umkm", "Malang-RW07-hotspot-passphrase-37-oct"),
    ] {
        s.cli(&["user", "add", user, "--plan", plan, "--password", pw]);
    }
    let s = s.start();
    let auth = Client::new("127.0.0.1:0", s.auth, SECRET);
    auth.socket
        .set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    let acct = Client::new("127.0.0.1:0", s.acct, SECRET);
    acct.socket
        .set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();

    let mut compared = 0;
    let mut duplicate_replies = Vec::new();
    for ex in corpus() {
        let skip = ex.name.contains("eap") || ex.name.starts_with("mschapv1")
            // Accounting exchanges are replayed, with their stored rows checked, in tests/accounting.rs.
            || (ex.port == "acct" && !ex.name.starts_with("status_server"));
        if skip {
            continue;
        }
        let client = if ex.port == "acct" { &acct } else { &auth };
        let reply = client.exchange(&ex.request);
        assert_eq!(
            outcome(&reply),
            ex.expect,
            "{}: radkota vs FreeRADIUS",
            ex.name
        );
        if let Some(r) = &reply {
            client.verify_reply(&ex.request, r);
            if let Some(theirs) = &ex.response {
                assert_eq!(
                    rate_limit(r),
                    rate_limit(theirs),
                    "{}: Mikrotik-Rate-Limit",
                    ex.name
                );
            }
        }
        if ex.name.starts_with("duplicate_request") {
            duplicate_replies.push(reply);
        }
        compared += 1;
    }
    assert_eq!(
        compared, 23,
        "every non-EAP, non-MS-CHAPv1 auth exchange and both Status-Servers"
    );
    assert_eq!(duplicate_replies.len(), 2);
    assert_eq!(
        duplicate_replies[0], duplicate_replies[1],
        "retransmission answered byte for byte"
    );
}

both_backends!(corpus_replay_matches_freeradius);
