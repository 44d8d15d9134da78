//! Issue 22, part 1: refusals a person can read. FreeRADIUS's `radclient` logs in as each
//! refused case and sees the Reply-Message the router would put on its login page; a
//! wrong password and an unknown user get byte-identical replies; a bad messages file
//! stops the server naming the file and the line.

mod common;

use common::{Acct, Client, Db, Server, eventually, interop};
use radkota::protocol::crypto::hide_password;
use radkota::protocol::{Code, PacketBuilder, attr};

fn radclient_found() -> bool {
    interop::tool_available("radclient", "freeradius-utils")
}

/// radclient's verbose output for one Access-Request with `attrs`.
fn radclient(server: &str, attrs: &str) -> String {
    interop::radclient(server, "auth", "testing123", 2, 3, attrs)
}

/// A PAP login by radclient from device `mac`; asserts an Access-Reject and returns the
/// Reply-Message radclient printed.
fn refused(s: &Server, user: &str, password: &str, mac: &str) -> String {
    let out = radclient(
        &s.auth.to_string(),
        &format!(
            "User-Name = \"{user}\", User-Password = \"{password}\", \
             Calling-Station-Id = \"{mac}\", Message-Authenticator = 0x00\n"
        ),
    );
    assert!(out.contains("Received Access-Reject"), "{user}:\n{out}");
    reply_message(&out).unwrap_or_else(|| panic!("{user}: no Reply-Message:\n{out}"))
}

fn reply_message(radclient_out: &str) -> Option<String> {
    let line = radclient_out
        .lines()
        .find(|l| l.trim_start().starts_with("Reply-Message = "))?;
    let value = line.split_once(" = ")?.1.trim();
    Some(value.trim_matches('"').to_string())
}

fn add_user(s: &Server, name: &str, plan: &str, limits: &[&str]) {
    s.cli(&[
        "user",
        "add",
        name,
        "--plan",
        plan,
        "--password",
        "sandi-rahasia-9",
    ]);
    if !limits.is_empty() {
        let mut args = vec!["user", "set", name];
        args.extend_from_slice(limits);
        s.cli(&args);
    }
}

/// A finished session of `user` with these counters (seconds, octets in, octets out).
fn used(acct: &Client, session: &str, user: &str, counters: (u32, u32, u32)) {
    for status in [common::START, common::STOP] {
        Acct {
            status,
            session,
            user,
            mac: Some("AA:00:00:00:00:01"),
            counters: Some(counters),
            ..Acct::default()
        }
        .send(acct);
    }
}

fn every_refusal_is_worded(db: Db) {
    if !radclient_found() {
        return;
    }
    let s = Server::prepare(db);
    s.provision();
    add_user(&s, "kuota-hari", "umkm", &["--daily-quota", "1MB"]);
    add_user(&s, "kuota-bulan", "umkm", &["--monthly-quota", "1MB"]);
    add_user(&s, "waktu-hari", "umkm", &["--daily-time", "1m"]);
    add_user(&s, "waktu-bulan", "umkm", &["--monthly-time", "2m"]);
    add_user(&s, "siang", "umkm", &["--hours", "12:00-13:00"]);
    add_user(
        &s,
        "noon",
        "umkm",
        &["--hours", "12:00-13:00", "--language", "en"],
    );
    add_user(&s, "lama", "umkm", &["--valid-until", "2020-01-01"]);
    add_user(&s, "nanti", "umkm", &["--valid-from", "2099-01-01"]);
    add_user(&s, "diblokir", "umkm", &[]);
    s.cli(&["user", "disable", "diblokir"]);
    let s = s.start();
    let acct = Client::new("127.0.0.1:0", s.acct, common::SECRET);
    used(&acct, "q1", "kuota-hari", (10, 500_000, 500_000));
    used(&acct, "q2", "kuota-bulan", (10, 600_000, 600_000));
    used(&acct, "q3", "waktu-hari", (60, 1, 1));
    used(&acct, "q4", "waktu-bulan", (120, 1, 1));
    // The student plan allows one device; one is online.
    Acct {
        status: common::START,
        session: "hp",
        user: "siswa",
        mac: Some("AA:00:00:00:00:02"),
        ..Acct::default()
    }
    .send(&acct);
    let pw = "sandi-rahasia-9";
    let mac = "AA:00:00:00:00:09";
    assert_eq!(
        refused(&s, "kuota-hari", pw, mac),
        "Kuota data harian Anda (1MB) sudah habis. Bisa dipakai lagi mulai 00:00 WIB."
    );
    let monthly = refused(&s, "kuota-bulan", pw, mac);
    assert!(
        monthly.starts_with("Kuota data bulanan Anda (1MB) sudah habis. Bisa dipakai lagi mulai ")
            && monthly.ends_with("-01 00:00 WIB."),
        "{monthly}"
    );
    assert_eq!(
        refused(&s, "waktu-hari", pw, mac),
        "Waktu online harian Anda (1m) sudah habis. Bisa dipakai lagi mulai 00:00 WIB."
    );
    assert!(
        refused(&s, "waktu-bulan", pw, mac)
            .starts_with("Waktu online bulanan Anda (2m) sudah habis.")
    );
    assert_eq!(
        refused(&s, "siang", pw, mac),
        "Di luar jam layanan (12:00-13:00). Buka lagi 12:00 WIB."
    );
    assert_eq!(
        refused(&s, "noon", pw, mac),
        "Outside service hours (12:00-13:00). Opens again 12:00 WIB."
    );
    assert_eq!(
        refused(&s, "siswa", "rahasia-siswa", mac),
        "Batas perangkat tercapai: 1 dari 1 perangkat sedang online. Keluar dulu dari perangkat lain."
    );
    assert_eq!(
        refused(&s, "diblokir", pw, mac),
        "Akun Anda dinonaktifkan. Hubungi pengurus RW."
    );
    let gone = refused(&s, "lama", pw, mac);
    assert!(
        gone.starts_with("Masa berlaku akun atau voucher Anda sudah habis (2020-01-0"),
        "{gone}"
    );
    let later = refused(&s, "nanti", pw, mac);
    assert!(
        later.starts_with("Akun Anda belum berlaku. Bisa dipakai mulai 2099-01-01")
            || later.starts_with("Akun Anda belum berlaku. Bisa dipakai mulai 2098-12-31"),
        "{later}"
    );
    assert_eq!(
        refused(&s, "siswa", "salah", mac),
        "Nama pengguna atau kata sandi salah."
    );
    // The auth log keeps the machine-readable reason beside the text sent.
    let rt = common::runtime();
    let store = rt.block_on(s.store());
    let logged = |user: &str| {
        rt.block_on(store.recent_auth_log(Some(user), 1))
            .unwrap()
            .into_iter()
            .next()
    };
    assert!(eventually(10, || logged("kuota-hari").is_some()));
    let e = logged("kuota-hari").unwrap();
    assert_eq!(e.reason, "daily data quota used up");
    assert_eq!(
        e.message.as_deref(),
        Some("Kuota data harian Anda (1MB) sudah habis. Bisa dipakai lagi mulai 00:00 WIB.")
    );
    assert!(eventually(10, || logged("noon").is_some()));
    assert_eq!(logged("noon").unwrap().reason, "outside allowed hours");
}

/// One Access-Request with a fixed identifier and Request Authenticator, from its own
/// socket (the duplicate cache keys on the source port), so two replies can be compared.
fn fixed_request(c: &Client, user: &str, method: &str) -> Vec<u8> {
    let auth = [7u8; 16];
    let mut b = PacketBuilder::new(Code::AccessRequest, 42);
    b.add(attr::USER_NAME, user.as_bytes()).unwrap();
    match method {
        "pap" => {
            let hidden = hide_password(b"tebakan-salah", &c.secret, &auth).unwrap();
            b.add(attr::USER_PASSWORD, &hidden).unwrap();
        }
        "chap" => {
            b.add(attr::CHAP_PASSWORD, &[1u8; 17]).unwrap();
        }
        _ => {
            b.add_vendor(
                attr::VENDOR_MICROSOFT,
                attr::ms::MS_CHAP_CHALLENGE,
                &[3u8; 16],
            )
            .unwrap();
            let mut response = vec![9u8, 0];
            response.extend_from_slice(&[5u8; 48]);
            b.add_vendor(
                attr::VENDOR_MICROSOFT,
                attr::ms::MS_CHAP2_RESPONSE,
                &response,
            )
            .unwrap();
        }
    }
    b.add(attr::CALLING_STATION_ID, b"AA:00:00:00:00:03")
        .unwrap();
    b.finish_request(&auth, &c.secret, true).unwrap()
}

#[test]
fn wrong_password_and_unknown_user_are_identical() {
    let s = Server::prepare(Db::Sqlite);
    s.provision();
    let s = s.start();
    for method in ["pap", "chap", "mschapv2"] {
        let known = Client::new("127.0.0.1:0", s.auth, common::SECRET);
        let unknown = Client::new("127.0.0.1:0", s.auth, common::SECRET);
        let a = known
            .exchange(&fixed_request(&known, "siswa", method))
            .expect("reply");
        let b = unknown
            .exchange(&fixed_request(&unknown, "tidak-ada", method))
            .expect("reply");
        assert_eq!(common::code(&a), Code::AccessReject, "{method}");
        assert_eq!(
            a, b,
            "{method}: the replies must not tell which usernames exist"
        );
        let text = radkota::protocol::Packet::decode(&a)
            .unwrap()
            .attr(attr::REPLY_MESSAGE)
            .map(|v| String::from_utf8_lossy(v).into_owned());
        assert_eq!(
            text.as_deref(),
            Some("Nama pengguna atau kata sandi salah.")
        );
    }
}

#[test]
fn configured_language_file_and_welcome() {
    if !radclient_found() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pesan.txt");
    std::fs::write(
        &file,
        "[en]\nlogin_failed = No entry. Ask the RW office.\nwelcome = Hi {user}, {data_left} left today.\n",
    )
    .unwrap();
    let extra = format!(
        "[messages]\nfile = \"{}\"\nlanguage = \"en\"\nwelcome = true\n",
        file.display()
    );
    let s = Server::prepare_with(Db::Sqlite, &extra);
    s.provision();
    let s = s.start();
    let addr = s.auth.to_string();
    let out = radclient(
        &addr,
        "User-Name = siswa, User-Password = salah, Message-Authenticator = 0x00\n",
    );
    assert_eq!(
        reply_message(&out).as_deref(),
        Some("No entry. Ask the RW office."),
        "{out}"
    );
    let out = radclient(
        &addr,
        "User-Name = siswa, User-Password = rahasia-siswa, Message-Authenticator = 0x00\n",
    );
    assert!(out.contains("Received Access-Accept"), "{out}");
    assert_eq!(
        reply_message(&out).as_deref(),
        Some("Hi siswa, 2GB left today."),
        "{out}"
    );
}

#[test]
fn a_bad_messages_file_stops_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pesan.txt");
    std::fs::write(&file, "# ok\n[id]\n\ndaily_data = Habis, reset {rset}.\n").unwrap();
    let extra = format!("[messages]\nfile = \"{}\"\n", file.display());
    let s = Server::prepare_with(Db::Sqlite, &extra);
    let out = s.cli_output(&["serve"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(&format!("messages file {} line 4", file.display())) && err.contains("{rset}"),
        "{err}"
    );
}

both_backends!(every_refusal_is_worded);
