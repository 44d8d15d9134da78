//! Policy over real UDP and through the CLI: allowed hours with the clock injected, the
//! remaining-time Session-Timeout, per-user quota overrides rendered with gigawords, and
//! `policy preview` naming every attribute it prints.

mod common;

use common::{Db, Server, eventually, runtime, today_at_wib};
use radkota::protocol::{Code, Packet, attr};

fn code(reply: &[u8]) -> Code {
    Packet::decode(reply).expect("reply decodes").code
}

fn session_timeout(reply: &[u8]) -> Option<u32> {
    Packet::decode(reply).ok()?.attr_u32(attr::SESSION_TIMEOUT)
}

fn vendor_u32(reply: &[u8], vendor: u32, typ: u8) -> Option<u32> {
    let p = Packet::decode(reply).ok()?;
    let v: [u8; 4] = p.vendor_attr(vendor, typ)?.try_into().ok()?;
    Some(u32::from_be_bytes(v))
}

fn login(s: &Server, user: &str, password: &str) -> Vec<u8> {
    let c = s.client();
    let req = c.pap_request(user, password, true);
    let reply = c.exchange(&req).expect("reply");
    c.verify_reply(&req, &reply);
    reply
}

fn student_outside_hours_rejected(db: Db) {
    let mut s = Server::prepare(db);
    s.provision();
    s.set_clock(today_at_wib(22, 0));
    let s = s.start();
    let reply = login(&s, "siswa", "rahasia-siswa");
    assert_eq!(code(&reply), Code::AccessReject);
    // umkm has no hours restriction.
    assert_eq!(
        code(&login(
            &s,
            "warung",
            "Malang-RW07-hotspot-passphrase-37-oct"
        )),
        Code::AccessAccept
    );
    let rt = runtime();
    let store = rt.block_on(s.store());
    assert!(eventually(10, || {
        rt.block_on(store.recent_auth_log(None, 10))
            .unwrap()
            .iter()
            .any(|e| e.username == "siswa" && e.reason == "outside allowed hours")
    }));
    assert!(s.log_contains("outside allowed hours"));
}

fn session_timeout_stops_at_window_end(db: Db) {
    let mut s = Server::prepare(db);
    s.provision();
    s.set_clock(today_at_wib(20, 30));
    let s = s.start();
    let reply = login(&s, "siswa", "rahasia-siswa");
    assert_eq!(code(&reply), Code::AccessAccept);
    // 30 minutes left in 05:00-21:00, less than the 1 h session timeout (a second may pass).
    let st = session_timeout(&reply).unwrap();
    assert!((1790..=1800).contains(&st), "{st}");
    // The seeded student plan's 2GB daily quota becomes the MikroTik data limit.
    assert_eq!(
        vendor_u32(&reply, attr::VENDOR_MIKROTIK, attr::mikrotik::TOTAL_LIMIT),
        Some(2_000_000_000)
    );
}

fn user_override_renders_gigawords(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    s.cli(&[
        "user",
        "set",
        "siswa",
        "--daily-quota",
        "6GiB",
        "--hours",
        "always",
    ]);
    let mut s = s;
    s.set_clock(today_at_wib(23, 0));
    let s = s.start();
    let reply = login(&s, "siswa", "rahasia-siswa");
    assert_eq!(code(&reply), Code::AccessAccept, "override lifts the hours");
    assert_eq!(
        vendor_u32(&reply, attr::VENDOR_MIKROTIK, attr::mikrotik::TOTAL_LIMIT),
        Some(2_147_483_648)
    );
    assert_eq!(
        vendor_u32(
            &reply,
            attr::VENDOR_MIKROTIK,
            attr::mikrotik::TOTAL_LIMIT_GIGAWORDS
        ),
        Some(1)
    );
    assert_eq!(session_timeout(&reply), Some(3600));
}

fn preview_names_every_attribute(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    s.cli(&[
        "nas",
        "add",
        "rw02",
        "--address",
        "127.0.0.2",
        "--secret",
        "testing123",
        "--vendor",
        "chillispot",
    ]);
    s.cli(&[
        "plan",
        "set",
        "student",
        "--attr",
        "Reply-Message=Selamat belajar",
        "--interim-interval",
        "5m",
    ]);
    let out = s.cli(&[
        "policy", "preview", "siswa", "--nas", "rw02", "--at", "20:30",
    ]);
    assert!(out.contains("Access-Accept"), "{out}");
    for expected in [
        "ChilliSpot-Bandwidth-Max-Up = 2000",
        "ChilliSpot-Bandwidth-Max-Down = 4000",
        "ChilliSpot-Max-Total-Octets = 2000000000",
        "Session-Timeout = 1800",
        "Idle-Timeout = 600",
        "Acct-Interim-Interval = 300",
        "Reply-Message = \"Selamat belajar\"",
    ] {
        assert!(out.contains(expected), "{expected} in\n{out}");
    }
    let attrs: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Access-Accept"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(attrs.len(), 7, "{out}");
    assert!(
        attrs.iter().all(|l| !l.contains("Attr-")),
        "every attribute has a dictionary name:\n{out}"
    );
    assert!(out.contains("until the allowed hours end 30m"), "{out}");
    let late = s.cli(&["policy", "preview", "siswa", "--at", "22:00"]);
    assert!(
        late.contains("Access-Reject: outside allowed hours"),
        "{late}"
    );
    // A bad attribute name is refused with the dictionary's word for it.
    let bad = s.cli_output(&["plan", "set", "student", "--attr", "Mikrotik-Rate-Limt=1M"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not in the dictionary"));
}

both_backends!(
    student_outside_hours_rejected,
    session_timeout_stops_at_window_end,
    user_override_renders_gigawords,
    preview_names_every_attribute,
);
