//! Policy over real UDP and through the CLI: allowed hours with the clock injected, the
//! remaining-time Session-Timeout, per-user quota overrides rendered with gigawords, and
//! `policy preview` naming every attribute it prints.

mod common;

use common::{Db, Server, code, eventually, runtime, session_timeout, today_at_wib};
use radkota::protocol::{Code, Packet, attr};

fn vendor_u32(reply: &[u8], vendor: u32, typ: u8) -> Option<u32> {
    let p = Packet::decode(reply).ok()?;
    let v: [u8; 4] = p.vendor_attr(vendor, typ)?.try_into().ok()?;
    Some(u32::from_be_bytes(v))
}

fn login(s: &Server, user: &str, password: &str) -> Vec<u8> {
    s.client().login(user, password).expect("reply")
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
    quota_across_two_nas,
    simultaneous_use_across_nas,
    simultaneous_use_freed_by_stale_reaping,
);

/// A PAP Access-Request from device `mac`.
fn pap_from(c: &common::Client, user: &str, password: &str, mac: &str) -> Vec<u8> {
    use radkota::protocol::crypto::hide_password;
    use radkota::protocol::{Code, PacketBuilder};
    let auth: [u8; 16] = rand::random();
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, user.as_bytes()).unwrap();
    b.add(
        attr::USER_PASSWORD,
        &hide_password(password.as_bytes(), &c.secret, &auth).unwrap(),
    )
    .unwrap();
    b.add(attr::CALLING_STATION_ID, mac.as_bytes()).unwrap();
    b.finish_request(&auth, &c.secret, true).unwrap()
}

fn login_from(c: &common::Client, user: &str, password: &str, mac: &str) -> Vec<u8> {
    let req = pap_from(c, user, password, mac);
    let reply = c.exchange(&req).expect("reply");
    c.verify_reply(&req, &reply);
    reply
}

/// Sends an Accounting-Request (status 1 Start, 2 Stop, 7 Accounting-On) and waits for the
/// Accounting-Response.
fn acct(c: &common::Client, status: u32, session: &str, user: &str, mac: &str, octets: u32) {
    common::Acct {
        status,
        session,
        user,
        mac: Some(mac),
        counters: Some((60, octets / 2, octets - octets / 2)),
        ..common::Acct::default()
    }
    .send(c)
}

fn second_nas(s: &Server) {
    s.cli(&[
        "nas",
        "add",
        "rw02",
        "--address",
        "127.0.0.2",
        "--secret",
        "testing123",
    ]);
}

fn quota_across_two_nas(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    second_nas(&s);
    s.cli(&["user", "set", "warung", "--daily-quota", "1MB"]);
    let s = s.start();
    let pw = "Malang-RW07-hotspot-passphrase-37-oct";
    let nas1 = common::Client::new("127.0.0.1:0", s.auth, common::SECRET);
    let nas2 = common::Client::new("127.0.0.2:0", s.auth, common::SECRET);
    let acct1 = common::Client::new("127.0.0.1:0", s.acct, common::SECRET);
    let acct2 = common::Client::new("127.0.0.2:0", s.acct, common::SECRET);
    assert_eq!(
        code(&login_from(&nas1, "warung", pw, "aa-01")),
        Code::AccessAccept
    );
    acct(&acct1, 1, "s1", "warung", "aa-01", 0);
    acct(&acct1, 2, "s1", "warung", "aa-01", 600_000);
    // The second hotspot sees what the first one counted.
    let reply = login_from(&nas2, "warung", pw, "aa-01");
    assert_eq!(code(&reply), Code::AccessAccept);
    assert_eq!(
        vendor_u32(&reply, attr::VENDOR_MIKROTIK, attr::mikrotik::TOTAL_LIMIT),
        Some(400_000)
    );
    acct(&acct2, 1, "s2", "warung", "aa-01", 0);
    acct(&acct2, 2, "s2", "warung", "aa-01", 500_000);
    let reply = login_from(&nas1, "warung", pw, "aa-01");
    assert_eq!(code(&reply), Code::AccessReject);
    assert!(eventually(10, || s.log_contains("daily data quota used up")));
}

fn simultaneous_use_across_nas(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    second_nas(&s);
    let s = s.start();
    let pw = "rahasia-siswa";
    let nas1 = common::Client::new("127.0.0.1:0", s.auth, common::SECRET);
    let nas2 = common::Client::new("127.0.0.2:0", s.auth, common::SECRET);
    let acct1 = common::Client::new("127.0.0.1:0", s.acct, common::SECRET);
    // Students may have one device online (seeded max sessions 1).
    assert_eq!(
        code(&login_from(&nas1, "siswa", pw, "hp-siti")),
        Code::AccessAccept
    );
    acct(&acct1, 1, "s1", "siswa", "hp-siti", 0);
    assert_eq!(
        code(&login_from(&nas2, "siswa", pw, "laptop-siti")),
        Code::AccessReject,
        "a second device on another hotspot is refused"
    );
    // The same device logging in again (moved hotspot, or the portal retried) is not
    // locked out by its own session.
    assert_eq!(
        code(&login_from(&nas2, "siswa", pw, "hp-siti")),
        Code::AccessAccept
    );
    // Stop frees the slot.
    acct(&acct1, 2, "s1", "siswa", "hp-siti", 1000);
    assert_eq!(
        code(&login_from(&nas2, "siswa", pw, "laptop-siti")),
        Code::AccessAccept
    );
    // Accounting-On (the NAS rebooted) closes its sessions and frees the slot too.
    acct(&acct1, 1, "s3", "siswa", "hp-siti", 0);
    assert_eq!(
        code(&login_from(&nas2, "siswa", pw, "laptop-siti")),
        Code::AccessReject
    );
    acct(&acct1, 7, "", "", "", 0);
    assert_eq!(
        code(&login_from(&nas2, "siswa", pw, "laptop-siti")),
        Code::AccessAccept
    );
    assert!(s.log_contains("too many sessions"));
}

/// A session whose NAS went silent (router lost power, the Stop never came) stops counting
/// against the limit once it is stale, and the reaper marks it so in the database.
fn simultaneous_use_freed_by_stale_reaping(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    second_nas(&s);
    let s = s.start();
    let pw = "rahasia-siswa";
    let nas1 = common::Client::new("127.0.0.1:0", s.auth, common::SECRET);
    let nas2 = common::Client::new("127.0.0.2:0", s.auth, common::SECRET);
    let acct1 = common::Client::new("127.0.0.1:0", s.acct, common::SECRET);
    assert_eq!(
        code(&login_from(&nas1, "siswa", pw, "hp-siti")),
        Code::AccessAccept
    );
    acct(&acct1, 1, "s-silent", "siswa", "hp-siti", 0);
    assert_eq!(
        code(&login_from(&nas2, "siswa", pw, "laptop-siti")),
        Code::AccessReject,
        "the open session holds the only slot"
    );
    // The NAS goes silent: move the session's last sign of life a day back rather than
    // waiting k x interim interval (minutes) in a test.
    let rt = common::runtime();
    rt.block_on(async {
        let store = s.store().await;
        let done = sqlx::query(
            "UPDATE sessions SET seen_at = seen_at - 86400, last_update_at = last_update_at - 86400 \
             WHERE acct_session_id = $1",
        )
        .bind("s-silent")
        .execute(store.pool())
        .await
        .unwrap();
        assert_eq!(done.rows_affected(), 1);
    });
    // A running server keeps its users' open sessions in memory, current with what its own
    // accounting writer commits, not with SQL run behind its back: restart it, as the
    // silence would have been hours of its own clock.
    let s = s.restart();
    let nas2 = common::Client::new("127.0.0.2:0", s.auth, common::SECRET);
    assert_eq!(
        code(&login_from(&nas2, "siswa", pw, "laptop-siti")),
        Code::AccessAccept,
        "a session silent for longer than the stale limit no longer counts"
    );
    // The reaper runs at start and then periodically: it has marked the silent session
    // stale, with its reason.
    let state = || {
        rt.block_on(async {
            let store = s.store().await;
            let row: (String, Option<String>) = sqlx::query_as(
                "SELECT state, close_reason FROM sessions WHERE acct_session_id = $1",
            )
            .bind("s-silent")
            .fetch_one(store.pool())
            .await
            .unwrap();
            row
        })
    };
    assert!(
        common::eventually(10, || state().0 == "stale"),
        "reaper marked the session stale: {:?}",
        state()
    );
    assert!(
        state().1.is_some_and(|r| !r.is_empty()),
        "with a reason: {:?}",
        state()
    );
}
