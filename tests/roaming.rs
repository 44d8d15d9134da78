//! Issue 22, roaming between hotspots without retyping: a CHAP login with a MAC at hotspot
//! A binds the device; a MAC login (MikroTik `login-by=mac`) at hotspot B is accepted with
//! the plan's rate and a Class; accounting under the MAC's User-Name lands on the user and
//! counts against the quota; unknown, expired, unbound MACs and disabled users are
//! refused; the binding table holds no MAC.

mod common;

use common::{Client, Db, Server, code, eventually, rate_limit};
use radkota::protocol::crypto::hide_password;
use radkota::protocol::{Code, Packet, PacketBuilder, attr};

const MAC: &str = "AA:BB:CC:00:11:22";
const PW: &str = "Malang-RW07-hotspot-passphrase-37-oct";

fn md5(parts: &[&[u8]]) -> [u8; 16] {
    use md5::Digest;
    let mut h = md5::Md5::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// A CHAP login from device `mac`.
fn chap_login(c: &Client, user: &str, password: &str, mac: &str) -> Vec<u8> {
    let auth: [u8; 16] = rand::random();
    let challenge: [u8; 16] = rand::random();
    let mut chap = vec![7u8];
    chap.extend_from_slice(&md5(&[&[7], password.as_bytes(), &challenge]));
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, user.as_bytes()).unwrap();
    b.add(attr::CHAP_PASSWORD, &chap).unwrap();
    b.add(attr::CHAP_CHALLENGE, &challenge).unwrap();
    b.add(attr::CALLING_STATION_ID, mac.as_bytes()).unwrap();
    let req = b.finish_request(&auth, &c.secret, true).unwrap();
    let reply = c.exchange(&req).expect("reply");
    c.verify_reply(&req, &reply);
    reply
}

/// A MikroTik MAC login: User-Name is the MAC as `spelled`, the password `password`.
fn mac_login(c: &Client, spelled: &str, password: &str) -> Vec<u8> {
    let auth: [u8; 16] = rand::random();
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, spelled.as_bytes()).unwrap();
    let hidden = hide_password(password.as_bytes(), &c.secret, &auth).unwrap();
    b.add(attr::USER_PASSWORD, &hidden).unwrap();
    b.add(attr::CALLING_STATION_ID, MAC.as_bytes()).unwrap();
    let req = b.finish_request(&auth, &c.secret, true).unwrap();
    let reply = c.exchange(&req).expect("reply");
    c.verify_reply(&req, &reply);
    reply
}

fn class_of(reply: &[u8]) -> Option<Vec<u8>> {
    Packet::decode(reply)
        .ok()?
        .attr(attr::CLASS)
        .map(<[u8]>::to_vec)
}

fn reply_message(reply: &[u8]) -> Option<String> {
    Packet::decode(reply)
        .ok()?
        .attr(attr::REPLY_MESSAGE)
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

/// Accounting as a MikroTik sends it for a MAC login: User-Name is the MAC, and the Class
/// of the Accept is echoed.
fn acct(c: &Client, status: u32, session: &str, class: &[u8], octets: u32) {
    let mut b = PacketBuilder::new(Code::AccountingRequest, c.id());
    b.add_u32(attr::ACCT_STATUS_TYPE, status).unwrap();
    b.add(attr::ACCT_SESSION_ID, session.as_bytes()).unwrap();
    b.add(attr::USER_NAME, MAC.as_bytes()).unwrap();
    b.add(attr::CALLING_STATION_ID, MAC.as_bytes()).unwrap();
    b.add(attr::CLASS, class).unwrap();
    b.add_u32(attr::ACCT_SESSION_TIME, 60).unwrap();
    b.add_u32(attr::ACCT_INPUT_OCTETS, octets / 2).unwrap();
    b.add_u32(attr::ACCT_OUTPUT_OCTETS, octets - octets / 2)
        .unwrap();
    let req = b.finish_request(&[0; 16], &c.secret, false).unwrap();
    let reply = (0..3)
        .find_map(|_| c.exchange(&req))
        .expect("Accounting-Response");
    assert_eq!(code(&reply), Code::AccountingResponse);
}

/// Every MAC binding row, as text, for the "no raw MAC" check.
fn binding_rows(s: &Server) -> Vec<String> {
    let rt = common::runtime();
    let store = rt.block_on(s.store());
    let rows = rt
        .block_on(
            sqlx::query("SELECT mac_hash, mac_tail FROM mac_bindings").fetch_all(store.pool()),
        )
        .unwrap();
    use sqlx::Row;
    rows.iter()
        .map(|r| format!("{} {}", r.get::<String, _>(0), r.get::<String, _>(1)))
        .collect()
}

fn bound(nas_b: &Client) -> bool {
    eventually(10, || {
        code(&mac_login(nas_b, MAC, MAC)) == Code::AccessAccept
    })
}

/// Whether a MAC login at `nas` is refused after a change made by another process: at once
/// on a SQLite file; on PostgreSQL within the second the change's notification may take to
/// reach the server's memory (docs/architecture.md, roaming on PostgreSQL).
fn refused_after_change(db: Db, nas: &Client) -> bool {
    let refused = || code(&mac_login(nas, MAC, MAC)) == Code::AccessReject;
    match db {
        Db::Sqlite => refused(),
        Db::Postgres => {
            let start = std::time::Instant::now();
            eventually(2, refused) && start.elapsed() <= std::time::Duration::from_secs(1)
        }
    }
}

fn roams_between_hotspots(db: Db) {
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
    ]);
    s.cli(&["user", "set", "warung", "--daily-quota", "1MB"]);
    s.cli(&[
        "user",
        "add",
        "tamu",
        "--plan",
        "umkm",
        "--password",
        "tamu-sandi-1",
    ]);
    s.cli(&["user", "set", "tamu", "--mac-roaming", "none"]);
    s.cli(&[
        "user",
        "add",
        "adik",
        "--plan",
        "student",
        "--password",
        "adik-sandi-2",
    ]);
    let s = s.start();
    let nas_a = Client::new("127.0.0.1:0", s.auth, common::SECRET);
    let nas_b = Client::new("127.0.0.2:0", s.auth, common::SECRET);
    let acct_b = Client::new("127.0.0.2:0", s.acct, common::SECRET);

    // Before any password login the MAC is refused at once.
    let r = mac_login(&nas_b, MAC, MAC);
    assert_eq!(code(&r), Code::AccessReject);
    assert!(eventually(10, || s.log_contains("mac not bound")));

    // A CHAP login at A binds the device; a MAC login at B then gets the plan's rate.
    assert_eq!(
        code(&chap_login(&nas_a, "warung", PW, MAC)),
        Code::AccessAccept
    );
    assert!(bound(&nas_b), "the MAC login at B was not accepted");
    for (spelled, password) in [
        ("aabbcc001122", ""),
        ("AA-BB-CC-00-11-22", "AA-BB-CC-00-11-22"),
    ] {
        let r = mac_login(&nas_b, spelled, password);
        assert_eq!(code(&r), Code::AccessAccept, "{spelled}");
        assert_eq!(rate_limit(&r).as_deref(), Some("5M/10M"));
    }
    let r = mac_login(&nas_b, MAC, "");
    let class = class_of(&r).expect("a Class in the Accept");
    assert_eq!(class, b"radkota-roam:warung");

    // The table holds no MAC in any spelling.
    let rows = binding_rows(&s).join("\n");
    assert!(!rows.is_empty());
    for spelling in [
        "AA:BB:CC:00:11:22",
        "aa:bb:cc:00:11:22",
        "aabbcc001122",
        "AABBCC001122",
        "AA-BB-CC",
    ] {
        assert!(!rows.contains(spelling), "raw MAC stored: {rows}");
    }

    // Accounting under the MAC's User-Name counts for warung: the quota is used up.
    acct(&acct_b, common::START, "m1", &class, 0);
    acct(&acct_b, common::STOP, "m1", &class, 1_000_000);
    let r = mac_login(&nas_b, MAC, MAC);
    assert_eq!(code(&r), Code::AccessReject);
    assert!(
        reply_message(&r)
            .is_some_and(|m| m.starts_with("Kuota data harian Anda (1MB) sudah habis")),
        "{:?}",
        reply_message(&r)
    );
    let sessions = s.cli(&["session", "list", "--user", "warung"]);
    assert!(sessions.contains("warung"), "{sessions}");
    let by_mac = s.cli(&["session", "list", "--user", MAC]);
    assert!(
        !by_mac.contains("m1") && !by_mac.contains("rw02"),
        "{by_mac}"
    );
    s.cli(&["user", "set", "warung", "--unset", "daily-quota"]);
    assert!(bound(&nas_b));

    // Unbind ends it; a password login binds again; disabling ends it too.
    s.cli(&["user", "unbind", "warung", "aa-bb-cc-00-11-22"]);
    assert!(refused_after_change(db, &nas_b), "unbind did not end it");
    assert_eq!(
        code(&chap_login(&nas_a, "warung", PW, MAC)),
        Code::AccessAccept
    );
    assert!(bound(&nas_b));
    s.cli(&["user", "disable", "warung"]);
    assert!(refused_after_change(db, &nas_b), "disable did not end it");
    s.cli(&["user", "enable", "warung"]);
    assert_eq!(
        code(&mac_login(&nas_b, MAC, MAC)),
        Code::AccessReject,
        "disable ended it"
    );

    // A plan without roaming binds nothing.
    assert_eq!(
        code(&chap_login(&nas_a, "tamu", "tamu-sandi-1", MAC)),
        Code::AccessAccept
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(code(&mac_login(&nas_b, MAC, MAC)), Code::AccessReject);
    assert!(s.cli(&["user", "devices", "tamu"]).lines().count() <= 1);
    // The last password login wins: the device moves from warung to adik.
    assert_eq!(
        code(&chap_login(&nas_a, "warung", PW, MAC)),
        Code::AccessAccept
    );
    assert!(bound(&nas_b));
    assert_eq!(
        code(&chap_login(&nas_a, "adik", "adik-sandi-2", MAC)),
        Code::AccessAccept
    );
    assert!(
        eventually(10, || class_of(&mac_login(&nas_b, MAC, MAC)).as_deref()
            == Some(b"radkota-roam:adik".as_slice())),
        "the device did not move to adik"
    );
    assert!(s.cli(&["user", "devices", "adik"]).contains("…:11:22"));
    assert_eq!(s.cli(&["user", "devices", "warung"]).lines().count(), 1);
}

fn expired_binding_is_refused(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    s.cli(&["user", "set", "warung", "--mac-roaming", "2s"]);
    let s = s.start();
    let nas = Client::new("127.0.0.1:0", s.auth, common::SECRET);
    assert_eq!(
        code(&chap_login(&nas, "warung", PW, MAC)),
        Code::AccessAccept
    );
    assert!(bound(&nas));
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert_eq!(code(&mac_login(&nas, MAC, MAC)), Code::AccessReject);
    // A password change ends a binding as well.
    s.cli(&["user", "set", "warung", "--mac-roaming", "7d"]);
    assert_eq!(
        code(&chap_login(&nas, "warung", PW, MAC)),
        Code::AccessAccept
    );
    assert!(bound(&nas));
    s.cli(&[
        "user",
        "passwd",
        "warung",
        "--password",
        "Sandi-baru-yang-panjang-2",
    ]);
    assert!(
        refused_after_change(db, &nas),
        "a new password did not end it"
    );
}

/// Two instances on one PostgreSQL database: a device bound through A logs in by MAC at B,
/// and `user unbind` (another process) ends it on both within a second: the instances keep
/// what they read of a binding beside the user's directory entry, which the unbind's
/// notification ends (docs/architecture.md, roaming on PostgreSQL).
#[test]
fn bindings_end_on_every_instance() {
    if radkota::store::testing::postgres_url().is_none() {
        return;
    }
    let a = Server::prepare(Db::Postgres);
    a.provision();
    let b = a.sibling();
    let a = a.start();
    let b = b.start();
    let via_a = Client::new("127.0.0.1:0", a.auth, common::SECRET);
    let via_b = Client::new("127.0.0.1:0", b.auth, common::SECRET);
    assert_eq!(
        code(&chap_login(&via_a, "warung", PW, MAC)),
        Code::AccessAccept
    );
    assert!(bound(&via_b), "bound through A, not accepted at B");
    assert!(bound(&via_a));
    a.cli(&["user", "unbind", "warung"]);
    for (name, via) in [("A", &via_a), ("B", &via_b)] {
        let start = std::time::Instant::now();
        let ended = eventually(2, || code(&mac_login(via, MAC, MAC)) == Code::AccessReject);
        let took = start.elapsed();
        eprintln!("unbound through the CLI, refused by {name} after {took:?}");
        assert!(
            ended && took <= std::time::Duration::from_secs(1),
            "{name}: {took:?}"
        );
    }
}

both_backends!(roams_between_hotspots, expired_binding_is_refused);
