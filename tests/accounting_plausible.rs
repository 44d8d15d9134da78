//! Implausible accounting (issue 25, part 2), on SQLite and PostgreSQL: signed
//! Accounting-Requests from the registered NAS with absurd counters (random Gigawords, a
//! jump beyond the rate ceiling, a counter going backwards, a value beyond 2^63, a forged
//! Stop) are acknowledged but charged to nothing: the user's usage (`radkota usage`), the
//! usage report and the next login's remaining quota are as if they had never come, the
//! next good record is charged exactly, and the hotspot report flags the NAS.

mod common;

use common::{Client, Db, SECRET, Server, code, eventually, runtime, today_at_10_wib};
use radkota::protocol::{Code, Packet, PacketBuilder, attr};
use serde_json::Value;

const PW: &str = "Malang-RW07-hotspot-passphrase-37-oct";

/// One Accounting-Request with 64-bit counters given as (Gigawords, octets) per direction.
struct Rec {
    status: u32,
    at: i64,
    session_time: u32,
    input: (u32, u32),
    output: (u32, u32),
}

fn send(c: &Client, r: &Rec) {
    let mut b = PacketBuilder::new(Code::AccountingRequest, c.id());
    b.add_u32(attr::ACCT_STATUS_TYPE, r.status).unwrap();
    b.add(attr::ACCT_SESSION_ID, b"s1").unwrap();
    b.add(attr::USER_NAME, b"warung").unwrap();
    b.add(attr::CALLING_STATION_ID, b"aa-01").unwrap();
    b.add_u32(attr::EVENT_TIMESTAMP, r.at as u32).unwrap();
    if r.status != 1 {
        b.add_u32(attr::ACCT_SESSION_TIME, r.session_time).unwrap();
        b.add_u32(attr::ACCT_INPUT_GIGAWORDS, r.input.0).unwrap();
        b.add_u32(attr::ACCT_INPUT_OCTETS, r.input.1).unwrap();
        b.add_u32(attr::ACCT_OUTPUT_GIGAWORDS, r.output.0).unwrap();
        b.add_u32(attr::ACCT_OUTPUT_OCTETS, r.output.1).unwrap();
    }
    let req = b.finish_request(&[0; 16], SECRET, false).unwrap();
    let reply = (0..3)
        .find_map(|_| c.exchange(&req))
        .expect("Accounting-Response");
    c.verify_reply(&req, &reply);
    assert_eq!(code(&reply), Code::AccountingResponse);
}

/// The MikroTik Total-Limit of a login (the remaining daily quota), or `None` if rejected.
fn remaining(s: &Server) -> Option<u64> {
    use radkota::protocol::crypto::hide_password;
    let c = s.client();
    let auth: [u8; 16] = rand::random();
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, b"warung").unwrap();
    let hidden = hide_password(PW.as_bytes(), SECRET, &auth).unwrap();
    b.add(attr::USER_PASSWORD, &hidden).unwrap();
    // The device of the open session: a new one would count against the device limit.
    b.add(attr::CALLING_STATION_ID, b"aa-01").unwrap();
    let req = b.finish_request(&auth, SECRET, true).unwrap();
    let reply = (0..3).find_map(|_| c.exchange(&req)).expect("reply");
    c.verify_reply(&req, &reply);
    if code(&reply) != Code::AccessAccept {
        return None;
    }
    let p = Packet::decode(&reply).expect("decodes");
    let limit = |typ: u8| {
        p.vendor_attr(attr::VENDOR_MIKROTIK, typ)
            .and_then(|v| <[u8; 4]>::try_from(v).ok())
            .map_or(0, |v| u64::from(u32::from_be_bytes(v)))
    };
    Some((limit(attr::mikrotik::TOTAL_LIMIT_GIGAWORDS) << 32) | limit(attr::mikrotik::TOTAL_LIMIT))
}

fn json(s: &Server, args: &[&str]) -> Value {
    let out = s.cli(args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

/// What the user's usage and the usage report say: the `radkota usage` text and the
/// report's user row.
fn usage_views(s: &Server) -> (String, Value) {
    let usage = s.cli(&["usage", "warung"]);
    let report = json(
        s,
        &[
            "report",
            "usage",
            "--by",
            "user",
            "--format",
            "json",
            "--raw-names",
        ],
    );
    (usage, report["rows"].clone())
}

fn absurd_counters_are_flagged_not_charged(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    s.cli(&["user", "set", "warung", "--daily-quota", "1MB"]);
    let s = s.start();
    let acct = Client::new("127.0.0.1:0", s.acct, SECRET);
    let t = today_at_10_wib() - 3600;
    let good = |at: i64, time: u32, input: u32, output: u32| Rec {
        status: 3,
        at,
        session_time: time,
        input: (0, input),
        output: (0, output),
    };
    send(
        &acct,
        &Rec {
            status: 1,
            ..good(t, 0, 0, 0)
        },
    );
    send(&acct, &good(t + 300, 300, 100_000, 200_000));
    assert_eq!(remaining(&s), Some(1_000_000 - 300_000));
    let before = usage_views(&s);
    assert!(before.0.contains("100000"), "{}", before.0);

    let random: [u32; 4] = rand::random();
    let absurd = [
        // Random Gigawords, as in the issue: exabytes.
        Rec {
            input: (random[0] | 1 << 20, random[1]),
            output: (random[2] | 1 << 20, random[3]),
            ..good(t + 400, 400, 0, 0)
        },
        // 2.1 TB in 200 s: 86 Gbit/s, twice the default ceiling.
        Rec {
            input: (500, 0),
            output: (0, 300_000),
            ..good(t + 500, 500, 0, 0)
        },
        // A later record with lower counters and no new session: flagged, and what went
        // backwards is not charged (Acct-Session-Time too, so nothing here grows).
        good(t + 550, 200, 50_000, 60_000),
        // Beyond 2^63: saturated by the parser.
        Rec {
            input: (0x8000_0000, 5),
            ..good(t + 560, 560, 0, 300_000)
        },
        // A forged Stop with random counters must not close the session either.
        Rec {
            status: 2,
            input: ((random[1] >> 1) | 1 << 20, 0),
            output: ((random[0] >> 1) | 1 << 20, 0),
            ..good(t + 570, 570, 0, 0)
        },
    ];
    for r in &absurd {
        send(&acct, r);
    }
    // Acknowledged, and charged to nothing: usage, the report and the login decision.
    assert_eq!(usage_views(&s), before);
    assert_eq!(remaining(&s), Some(1_000_000 - 300_000));

    // The next good record is charged from the last good one, exactly.
    send(&acct, &good(t + 600, 600, 150_000, 250_000));
    assert_eq!(remaining(&s), Some(1_000_000 - 400_000));
    let after = usage_views(&s);
    let row = &after.1[0];
    assert_eq!(
        (
            row["total"]["input_octets"].as_i64(),
            row["total"]["output_octets"].as_i64()
        ),
        (Some(150_000), Some(250_000)),
        "{row}"
    );

    let rt = runtime();
    let store = rt.block_on(s.store());
    let flag = rt
        .block_on(store.session_implausible(1, "s1"))
        .expect("read");
    assert_eq!(flag, Some(("rate".to_string(), 5)));
    let sessions = s.cli(&["session", "list"]);
    assert!(
        sessions.contains("open"),
        "forged Stop kept out: {sessions}"
    );

    // The hotspot report flags the NAS, in every format.
    let mut report = Value::Null;
    assert!(
        eventually(10, || {
            report = json(&s, &["report", "hotspots", "--format", "json"]);
            report["rows"][0]["implausible_records_week"] == 5
        }),
        "{report}"
    );
    let flags = report["rows"][0]["flags"].to_string();
    assert!(flags.contains("implausible-accounting"), "{flags}");
    let table = s.cli(&["report", "hotspots"]);
    assert!(
        table.contains("Akuntansi janggal / Implausible acct")
            && table.contains("implausible-accounting"),
        "{table}"
    );
    let csv = s.cli(&["report", "hotspots", "--format", "csv"]);
    assert!(csv.contains("implausible_records_week"), "{csv}");
}

fn plausible_counters_are_not_flagged(db: Db) {
    // A low ceiling (1 Gbit/s) shows it is configurable, and that traffic under it counts.
    let s = Server::prepare_with(db, "[accounting]\nplausible_max_gbps = 1\n");
    s.provision();
    let s = s.start();
    let acct = Client::new("127.0.0.1:0", s.acct, SECRET);
    let t = today_at_10_wib() - 3600;
    let rec = |at: i64, time: u32, giga: u32| Rec {
        status: 3,
        at,
        session_time: time,
        input: (giga, 0),
        output: (0, 0),
    };
    // 4 GiB in 60 s is 573 Mbit/s: under 1 Gbit/s, charged.
    send(&acct, &rec(t, 60, 1));
    // 8 GiB more in the next 60 s (1.1 Gbit/s): over it, flagged.
    send(&acct, &rec(t + 60, 120, 3));
    let rt = runtime();
    let store = rt.block_on(s.store());
    let usage = rt
        .block_on(store.user_usage("warung", "2000-01-01", "2100-01-01"))
        .expect("usage");
    assert_eq!(usage.iter().map(|d| d.input_octets).sum::<i64>(), 1 << 32);
    let flag = rt
        .block_on(store.session_implausible(1, "s1"))
        .expect("read");
    assert_eq!(flag, Some(("rate".to_string(), 1)));
}

both_backends!(
    absurd_counters_are_flagged_not_charged,
    plausible_counters_are_not_flagged
);
