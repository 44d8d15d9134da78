//! Authentication over real UDP: the `radkota serve` binary on loopback, on SQLite and on
//! PostgreSQL, answering PAP, CHAP, MS-CHAPv2 and Status-Server, and dropping what it must.

mod common;

use common::{
    Client, Db, SECRET, Server, code, eventually, final_counter, rate_limit, runtime,
    session_timeout,
};
use radkota::auth::mschapv2;
use radkota::protocol::crypto::{decrypt_mppe_key, hide_password};
use radkota::protocol::{Code, Packet, PacketBuilder, attr};

fn pap_accept_and_reject(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let mut s = s.start();
    let c = s.client();
    // Without MA first: under `auto` it is accepted until the NAS has sent one.
    for ma in [false, true] {
        let req = c.pap_request("siswa", "rahasia-siswa", ma);
        let reply = c.exchange(&req).expect("PAP accept");
        c.verify_reply(&req, &reply);
        assert_eq!(code(&reply), Code::AccessAccept);
        assert_eq!(rate_limit(&reply).as_deref(), Some("2M/4M"));
        assert_eq!(session_timeout(&reply), Some(3600));
    }
    // 37 octets: three chained 16-octet blocks.
    let req = c.pap_request("warung", "Malang-RW07-hotspot-passphrase-37-oct", true);
    let reply = c.exchange(&req).expect("3-block PAP accept");
    c.verify_reply(&req, &reply);
    assert_eq!(code(&reply), Code::AccessAccept);
    assert_eq!(rate_limit(&reply).as_deref(), Some("5M/10M"));
    assert_eq!(session_timeout(&reply), Some(14400));

    let wrong = c.pap_request("siswa", "salah", true);
    let reply = c.exchange(&wrong).expect("PAP reject");
    c.verify_reply(&wrong, &reply);
    assert_eq!(code(&reply), Code::AccessReject);
    let unknown = c.pap_request("nobody", "rahasia-siswa", true);
    let reply_unknown = c.exchange(&unknown).expect("unknown user reject");
    c.verify_reply(&unknown, &reply_unknown);
    // The reject does not say whether the user exists: same code, and besides MA only the
    // one Reply-Message both get (issue 22; tests/hotspot_messages.rs compares the bytes).
    let attrs = |r: &[u8]| {
        Packet::decode(r)
            .unwrap()
            .attributes()
            .map(|a| a.typ)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        attrs(&reply),
        vec![attr::MESSAGE_AUTHENTICATOR, attr::REPLY_MESSAGE]
    );
    assert_eq!(attrs(&reply_unknown), attrs(&reply));

    // The reasons are in the auth log.
    let rt = runtime();
    let store = rt.block_on(s.store());
    assert!(eventually(10, || rt
        .block_on(store.recent_auth_log(None, 100))
        .unwrap()
        .len()
        >= 5));
    let log = rt.block_on(store.recent_auth_log(None, 100)).unwrap();
    assert!(
        log.iter()
            .any(|e| e.username == "nobody" && !e.accepted && e.reason == "unknown user")
    );
    assert!(
        log.iter()
            .any(|e| e.username == "siswa" && !e.accepted && e.reason == "bad password")
    );
    assert_eq!(log.iter().filter(|e| e.accepted).count(), 3);
    let full = s.stop();
    assert!(
        !full.contains("rahasia-siswa") && !full.contains("testing123"),
        "no secret in logs"
    );
}

fn chap_request(c: &Client, user: &str, password: &str, with_challenge: bool) -> Vec<u8> {
    let auth: [u8; 16] = rand::random();
    let challenge: [u8; 16] = rand::random();
    let ident = 7u8;
    let used: &[u8] = if with_challenge { &challenge } else { &auth };
    let digest = md5_concat(&[&[ident], password.as_bytes(), used]);
    let mut chap = vec![ident];
    chap.extend_from_slice(&digest);
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, user.as_bytes()).unwrap();
    b.add(attr::CHAP_PASSWORD, &chap).unwrap();
    if with_challenge {
        b.add(attr::CHAP_CHALLENGE, &challenge).unwrap();
    }
    b.finish_request(&auth, SECRET, true).unwrap()
}

fn md5_concat(parts: &[&[u8]]) -> [u8; 16] {
    use md5::Digest;
    let mut h = md5::Md5::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

fn chap_both_ways(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    let c = s.client();
    for with_challenge in [true, false] {
        let req = chap_request(&c, "siswa", "rahasia-siswa", with_challenge);
        let reply = c.exchange(&req).expect("CHAP reply");
        c.verify_reply(&req, &reply);
        assert_eq!(
            code(&reply),
            Code::AccessAccept,
            "CHAP with_challenge={with_challenge}"
        );
        assert_eq!(rate_limit(&reply).as_deref(), Some("2M/4M"));
        let bad = chap_request(&c, "siswa", "wrong", with_challenge);
        let reply = c.exchange(&bad).expect("CHAP reject");
        c.verify_reply(&bad, &reply);
        assert_eq!(code(&reply), Code::AccessReject);
    }
}

fn mschapv2_accept(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    let c = s.client();
    let auth: [u8; 16] = rand::random();
    let auth_challenge: [u8; 16] = rand::random();
    let peer_challenge: [u8; 16] = rand::random();
    let nt = mschapv2::generate_nt_response(
        &auth_challenge,
        &peer_challenge,
        b"warung",
        "Malang-RW07-hotspot-passphrase-37-oct",
    );
    let mut response = vec![0x2a, 0];
    response.extend_from_slice(&peer_challenge);
    response.extend_from_slice(&[0u8; 8]);
    response.extend_from_slice(&nt);
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, b"warung").unwrap();
    b.add_vendor(
        attr::VENDOR_MICROSOFT,
        attr::ms::MS_CHAP_CHALLENGE,
        &auth_challenge,
    )
    .unwrap();
    b.add_vendor(
        attr::VENDOR_MICROSOFT,
        attr::ms::MS_CHAP2_RESPONSE,
        &response,
    )
    .unwrap();
    let req = b.finish_request(&auth, SECRET, true).unwrap();
    let reply = c.exchange(&req).expect("MS-CHAPv2 reply");
    c.verify_reply(&req, &reply);
    assert_eq!(code(&reply), Code::AccessAccept);
    let p = Packet::decode(&reply).unwrap();
    let hash = mschapv2::nt_password_hash("Malang-RW07-hotspot-passphrase-37-oct");
    let expected =
        mschapv2::authenticator_response(&hash, &nt, &peer_challenge, &auth_challenge, b"warung");
    let success = p
        .vendor_attr(attr::VENDOR_MICROSOFT, attr::ms::MS_CHAP2_SUCCESS)
        .expect("MS-CHAP2-Success");
    assert_eq!(success[0], 0x2a, "ident echoed");
    assert_eq!(&success[1..], expected.as_bytes());
    // MPPE keys decrypt to the RFC 3079 server keys.
    let master = mschapv2::master_key(&hash, &nt);
    let send = p
        .vendor_attr(attr::VENDOR_MICROSOFT, attr::ms::MS_MPPE_SEND_KEY)
        .expect("send key");
    let recv = p
        .vendor_attr(attr::VENDOR_MICROSOFT, attr::ms::MS_MPPE_RECV_KEY)
        .expect("recv key");
    assert_eq!(
        decrypt_mppe_key(send, SECRET, &auth).unwrap(),
        mschapv2::asymmetric_start_key(&master, true, true)
    );
    assert_eq!(
        decrypt_mppe_key(recv, SECRET, &auth).unwrap(),
        mschapv2::asymmetric_start_key(&master, false, true)
    );
    assert_eq!(rate_limit(&reply).as_deref(), Some("5M/10M"));

    // Wrong password: Reject with MS-CHAP-Error.
    let nt_bad =
        mschapv2::generate_nt_response(&auth_challenge, &peer_challenge, b"warung", "wrong");
    response.truncate(26);
    response.extend_from_slice(&nt_bad);
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, b"warung").unwrap();
    b.add_vendor(
        attr::VENDOR_MICROSOFT,
        attr::ms::MS_CHAP_CHALLENGE,
        &auth_challenge,
    )
    .unwrap();
    b.add_vendor(
        attr::VENDOR_MICROSOFT,
        attr::ms::MS_CHAP2_RESPONSE,
        &response,
    )
    .unwrap();
    let req = b.finish_request(&auth, SECRET, true).unwrap();
    let reply = c.exchange(&req).expect("MS-CHAPv2 reject");
    c.verify_reply(&req, &reply);
    assert_eq!(code(&reply), Code::AccessReject);
    let err = Packet::decode(&reply)
        .unwrap()
        .vendor_attr(attr::VENDOR_MICROSOFT, attr::ms::MS_CHAP_ERROR)
        .map(|v| v.to_vec());
    assert!(err.is_some_and(|e| e[0] == 0x2a && e[1..].starts_with(b"E=691")));
}

fn drops_unknown_nas_and_bad_message_authenticator(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let mut s = s.start();
    // 127.0.0.2 is loopback too, but no NAS has that address.
    let stranger = Client::new("127.0.0.2:0", s.auth, SECRET);
    assert!(
        stranger
            .exchange(&stranger.pap_request("siswa", "rahasia-siswa", true))
            .is_none()
    );
    let c = s.client();
    let first = c.pap_request("siswa", "rahasia-siswa", true);
    assert_eq!(
        code(&c.exchange(&first).expect("valid request answered")),
        Code::AccessAccept
    );
    let mut req = c.pap_request("siswa", "rahasia-siswa", true);
    // The MA is first (type 80, len 18) right after the header: corrupt its value.
    assert_eq!(req[20], attr::MESSAGE_AUTHENTICATOR);
    req[25] ^= 0xff;
    assert!(
        c.exchange(&req).is_none(),
        "bad Message-Authenticator is dropped"
    );
    // Wrong secret with MA: dropped too.
    let wrong = Client::new("127.0.0.1:0", s.auth, b"wrongsecret");
    assert!(
        wrong
            .exchange(&wrong.pap_request("siswa", "rahasia-siswa", true))
            .is_none()
    );
    // This NAS has now sent MA, so under `auto` a request without MA is dropped.
    assert!(
        c.exchange(&c.pap_request("siswa", "rahasia-siswa", false))
            .is_none(),
        "auto requires MA once seen"
    );
    // Garbage is dropped and the server keeps answering.
    assert!(c.exchange(&[1, 2, 3]).is_none());
    let ok = c.pap_request("siswa", "rahasia-siswa", true);
    assert_eq!(
        code(&c.exchange(&ok).expect("still answering")),
        Code::AccessAccept
    );
    let log = s.stop();
    assert_eq!(final_counter(&log, "unknown_client"), 1);
    assert_eq!(final_counter(&log, "bad_message_authenticator"), 2);
    assert_eq!(final_counter(&log, "missing_message_authenticator"), 1);
    assert_eq!(final_counter(&log, "malformed"), 1);
}

fn duplicate_gets_identical_reply_and_one_check(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let mut s = s.start();
    let c = s.client();
    let req = c.pap_request("siswa", "rahasia-siswa", true);
    let first = c.exchange(&req).expect("first");
    let second = c.exchange(&req).expect("retransmission");
    assert_eq!(first, second, "byte-identical reply");
    let rt = runtime();
    let store = rt.block_on(s.store());
    assert!(eventually(10, || !rt
        .block_on(store.recent_auth_log(Some("siswa"), 10))
        .unwrap()
        .is_empty()));
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        rt.block_on(store.recent_auth_log(Some("siswa"), 10))
            .unwrap()
            .len(),
        1,
        "one credential check"
    );
    // Same identifier with a new authenticator is a new request, not a duplicate.
    let mut again = c.pap_request("siswa", "rahasia-siswa", true);
    again[1] = req[1];
    let again = {
        let p = Packet::decode(&again).unwrap();
        let mut b = PacketBuilder::new(Code::AccessRequest, req[1]);
        for a in p
            .attributes()
            .filter(|a| a.typ != attr::MESSAGE_AUTHENTICATOR)
        {
            b.add(a.typ, a.value).unwrap();
        }
        b.finish_request(&p.authenticator, SECRET, true).unwrap()
    };
    let third = c.exchange(&again).expect("new request");
    assert_ne!(third, first);
    let log = s.stop();
    assert_eq!(final_counter(&log, "duplicates_answered"), 1);
    assert_eq!(final_counter(&log, "access_accepts"), 2);
}

fn status_server_on_both_ports(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    for (port, expect) in [
        (s.auth, Code::AccessAccept),
        (s.acct, Code::AccountingResponse),
    ] {
        let c = Client::new("127.0.0.1:0", port, SECRET);
        let auth: [u8; 16] = rand::random();
        let req = PacketBuilder::new(Code::StatusServer, c.id())
            .finish_request(&auth, SECRET, true)
            .unwrap();
        let reply = c.exchange(&req).expect("Status-Server answered");
        c.verify_reply(&req, &reply);
        assert_eq!(code(&reply), expect);
        // RFC 5997: without Message-Authenticator it is dropped.
        let bare = PacketBuilder::new(Code::StatusServer, c.id())
            .finish_request(&auth, SECRET, false)
            .unwrap();
        assert!(c.exchange(&bare).is_none());
    }
}

fn disabled_and_expired_users_rejected(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    s.cli(&["user", "disable", "siswa"]);
    s.cli(&[
        "user",
        "add",
        "lama",
        "--plan",
        "student",
        "--password",
        "pw-lama-123",
        "--expires",
        "2030-01-01",
    ]);
    let rt = runtime();
    // The CLI refuses a past expiry date, so age the account in the database directly.
    rt.block_on(async {
        let store = s.store().await;
        sqlx::query("UPDATE users SET expires_at = $1 WHERE username = $2")
            .bind(1_600_000_000i64)
            .bind("lama")
            .execute(store.pool())
            .await
            .unwrap();
    });
    let s = s.start();
    let c = s.client();
    for (user, pw) in [("siswa", "rahasia-siswa"), ("lama", "pw-lama-123")] {
        let req = c.pap_request(user, pw, true);
        assert_eq!(
            code(&c.exchange(&req).expect("reply")),
            Code::AccessReject,
            "{user}"
        );
    }
    let store = rt.block_on(s.store());
    assert!(eventually(10, || rt
        .block_on(store.recent_auth_log(None, 10))
        .unwrap()
        .len()
        >= 2));
    let log = rt.block_on(store.recent_auth_log(None, 10)).unwrap();
    assert!(
        log.iter()
            .any(|e| e.username == "siswa" && e.reason == "disabled")
    );
    assert!(
        log.iter()
            .any(|e| e.username == "lama" && e.reason == "expired")
    );
    // Enabling works while the server runs, with no restart: at once on SQLite, within the
    // second a change's notification may take on PostgreSQL (docs/architecture.md).
    s.cli(&["user", "enable", "siswa"]);
    let accepted = || {
        let req = c.pap_request("siswa", "rahasia-siswa", true);
        code(&c.exchange(&req).expect("reply")) == Code::AccessAccept
    };
    let start = std::time::Instant::now();
    assert!(eventually(2, accepted), "enable did not reach the server");
    assert!(start.elapsed() <= std::time::Duration::from_secs(1));
}

fn nas_added_while_running_is_served(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    let c = Client::new("127.0.0.3:0", s.auth, b"rw03-secret");
    assert!(
        c.exchange(&c.pap_request("siswa", "rahasia-siswa", true))
            .is_none(),
        "not yet a NAS"
    );
    s.cli(&[
        "nas",
        "add",
        "rw03",
        "--address",
        "127.0.0.3/32",
        "--secret",
        "rw03-secret",
        "--vendor",
        "mikrotik",
    ]);
    let served = eventually(10, || {
        let req = c.pap_request("siswa", "rahasia-siswa", true);
        c.exchange(&req)
            .is_some_and(|r| code(&r) == Code::AccessAccept)
    });
    assert!(
        served,
        "a NAS added with the CLI is served without restart:\n{}",
        s.log()
    );
    // And removing it stops service.
    s.cli(&["nas", "remove", "rw03"]);
    let dropped = eventually(10, || {
        c.exchange(&c.pap_request("siswa", "rahasia-siswa", true))
            .is_none()
    });
    assert!(dropped);
}

fn proxy_state_echoed_in_order(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    let c = s.client();
    let auth: [u8; 16] = rand::random();
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, b"siswa").unwrap();
    b.add(
        attr::USER_PASSWORD,
        &hide_password(b"rahasia-siswa", SECRET, &auth).unwrap(),
    )
    .unwrap();
    b.add(attr::PROXY_STATE, b"first").unwrap();
    b.add(attr::PROXY_STATE, b"second").unwrap();
    let req = b.finish_request(&auth, SECRET, true).unwrap();
    let reply = c.exchange(&req).expect("reply");
    c.verify_reply(&req, &reply);
    let p = Packet::decode(&reply).unwrap();
    let states: Vec<&[u8]> = p
        .attributes()
        .filter(|a| a.typ == attr::PROXY_STATE)
        .map(|a| a.value)
        .collect();
    assert_eq!(states, vec![b"first".as_slice(), b"second".as_slice()]);
}

fn ipv6_nas_over_ipv6(db: Db) {
    let s = Server::prepare(db);
    let cfg = std::fs::read_to_string(s.config_path()).unwrap();
    let cfg = cfg.replace(
        "auth_listen = [\"127.0.0.1:0\"]",
        "auth_listen = [\"127.0.0.1:0\", \"[::1]:0\"]",
    );
    std::fs::write(s.config_path(), cfg).unwrap();
    s.provision();
    s.cli(&[
        "nas",
        "add",
        "rw06-v6",
        "--address",
        "::1",
        "--secret",
        "v6-secret",
    ]);
    let s = s.start();
    let v6 = s
        .listening("auth")
        .into_iter()
        .find(|a| a.is_ipv6())
        .expect("IPv6 listener");
    let c = Client::new("[::1]:0", v6, b"v6-secret");
    let req = c.pap_request("siswa", "rahasia-siswa", true);
    let reply = c.exchange(&req).expect("answered over IPv6");
    c.verify_reply(&req, &reply);
    assert_eq!(code(&reply), Code::AccessAccept);
    // The IPv4 listener still serves the IPv4 NAS beside it.
    let c4 = s.client();
    let req = c4.pap_request("siswa", "rahasia-siswa", true);
    assert_eq!(
        code(&c4.exchange(&req).expect("IPv4 too")),
        Code::AccessAccept
    );
}

fn require_message_authenticator_yes(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    s.cli(&[
        "nas",
        "add",
        "rw04",
        "--address",
        "127.0.0.4",
        "--secret",
        "rw04-secret",
        "--require-message-authenticator",
        "yes",
    ]);
    let mut s = s.start();
    let c = Client::new("127.0.0.4:0", s.auth, b"rw04-secret");
    // From the very first request: no Message-Authenticator, no answer.
    assert!(
        c.exchange(&c.pap_request("siswa", "rahasia-siswa", false))
            .is_none()
    );
    let req = c.pap_request("siswa", "rahasia-siswa", true);
    assert_eq!(
        code(&c.exchange(&req).expect("with MA")),
        Code::AccessAccept
    );
    let log = s.stop();
    assert_eq!(final_counter(&log, "missing_message_authenticator"), 1);
}

fn repeat_pap_login_skips_argon2_until_password_changes(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let mut s = s.start();
    let c = s.client();
    for _ in 0..3 {
        let req = c.pap_request("siswa", "rahasia-siswa", true);
        assert_eq!(code(&c.exchange(&req).expect("reply")), Code::AccessAccept);
    }
    // A wrong password never hits the cache.
    let req = c.pap_request("siswa", "salah", true);
    assert_eq!(code(&c.exchange(&req).expect("reply")), Code::AccessReject);
    // Disabled within the TTL: rejected at once, although the password is cached.
    s.cli(&["user", "disable", "siswa"]);
    let req = c.pap_request("siswa", "rahasia-siswa", true);
    assert_eq!(code(&c.exchange(&req).expect("reply")), Code::AccessReject);
    s.cli(&["user", "enable", "siswa"]);
    // A new password: the old one fails although it verified a moment ago.
    s.cli(&["user", "passwd", "siswa", "--password", "sandi-baru-2026"]);
    let req = c.pap_request("siswa", "rahasia-siswa", true);
    assert_eq!(code(&c.exchange(&req).expect("reply")), Code::AccessReject);
    let req = c.pap_request("siswa", "sandi-baru-2026", true);
    assert_eq!(code(&c.exchange(&req).expect("reply")), Code::AccessAccept);
    let log = s.stop();
    // Hits: logins 2 and 3, and the disabled attempt.
    assert_eq!(final_counter(&log, "pap_cache_hits"), 3);
    // argon2: login 1, the wrong password, the old password against the new hash, the new one.
    assert_eq!(final_counter(&log, "argon2_verifications"), 4);
}

/// Logins keep users in memory (src/store/directory.rs): every change, made with the CLI
/// or by another program writing the database, applies to the very next login on SQLite
/// (the login reads the change log's version) and within a second on PostgreSQL (the
/// change is notified to the server), so each check may take that second.
fn changes_apply_to_the_next_login(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    let c = s.client();
    let login = |password: &str| {
        let req = chap_request(&c, "siswa", password, true);
        let reply = c.exchange(&req).expect("CHAP reply");
        c.verify_reply(&req, &reply);
        reply
    };
    let accepted = |password: &str| code(&login(password)) == Code::AccessAccept;
    // On SQLite the very next login sees it: no second chance.
    let pg = matches!(db, Db::Postgres);
    let soon = |check: &dyn Fn() -> bool| if pg { eventually(2, check) } else { check() };
    let rate_soon = |password: &str, want: &str| {
        soon(&|| rate_limit(&login(password)).as_deref() == Some(want))
    };
    assert_eq!(
        rate_limit(&login("rahasia-siswa")).as_deref(),
        Some("2M/4M")
    );
    assert!(
        accepted("rahasia-siswa"),
        "served from memory the second time"
    );

    s.cli(&["user", "disable", "siswa"]);
    assert!(
        soon(&|| !accepted("rahasia-siswa")),
        "disabled with the CLI"
    );
    s.cli(&["user", "enable", "siswa"]);
    assert!(soon(&|| accepted("rahasia-siswa")), "enabled again");
    s.cli(&["user", "passwd", "siswa", "--password", "sandi-baru-2026"]);
    assert!(
        soon(&|| !accepted("rahasia-siswa")),
        "old password after a change"
    );
    assert!(accepted("sandi-baru-2026"), "new password");

    // Another program writes the tables directly, behind the CLI's back.
    let rt = runtime();
    let store = rt.block_on(s.store());
    let sql = |q: &str| {
        rt.block_on(sqlx::query(q).execute(store.pool()))
            .unwrap_or_else(|e| panic!("{q}: {e}"));
    };
    sql("UPDATE plans SET rate_up = '3M', rate_down = '6M' WHERE name = 'student'");
    assert!(rate_soon("sandi-baru-2026", "3M/6M"));
    sql(
        "INSERT INTO user_limits (user_id, rate_up, rate_down, updated_at) \
         SELECT id, '1M', '1M', 0 FROM users WHERE username = 'siswa' \
         ON CONFLICT (user_id) DO UPDATE SET rate_up = '1M', rate_down = '1M'",
    );
    assert!(rate_soon("sandi-baru-2026", "1M/1M"));
    sql("UPDATE user_limits SET rate_up = NULL, rate_down = NULL");
    assert!(rate_soon("sandi-baru-2026", "3M/6M"));
    sql("UPDATE users SET status = 'disabled' WHERE username = 'siswa'");
    assert!(
        soon(&|| !accepted("sandi-baru-2026")),
        "disabled by another program"
    );
    sql("DELETE FROM user_limits");
    sql("DELETE FROM users WHERE username = 'siswa'");
    assert!(
        soon(&|| !accepted("sandi-baru-2026")),
        "deleted by another program"
    );
    s.cli(&[
        "user",
        "add",
        "siswa",
        "--plan",
        "student",
        "--password",
        "rahasia-siswa",
    ]);
    assert!(
        soon(&|| accepted("rahasia-siswa")),
        "an unknown name that is then added"
    );
}

/// argon2 runs on its own threads (`auth.argon2_workers`): a burst of PAP logins at full
/// OWASP cost queues there while CHAP keeps being answered on the receive loops.
fn pap_flood_leaves_chap_answered(db: Db) {
    let s = Server::prepare_with(db, "[auth]\nargon2_workers = 1\npassword_cache_secs = 0\n");
    s.provision();
    let rt = runtime();
    let owasp = radkota::auth::pap::hash_password(
        b"rahasia-siswa",
        &radkota::auth::pap::Argon2Params::default(),
    )
    .unwrap();
    rt.block_on(async {
        let store = s.store().await;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE username = 'siswa'")
            .bind(&owasp)
            .execute(store.pool())
            .await
            .unwrap();
    });
    let s = s.start();
    let c = s.client();
    const PAP: usize = 20;
    for _ in 0..PAP {
        let req = c.pap_request("siswa", "rahasia-siswa", true);
        c.send(&req);
    }
    let chap = chap_request(&c, "warung", "Malang-RW07-hotspot-passphrase-37-oct", true);
    c.send(&chap);
    let mut replies = Vec::new();
    while let Some(reply) = c.receive() {
        replies.push(reply);
        if replies.len() == PAP + 1 {
            break;
        }
    }
    assert_eq!(replies.len(), PAP + 1, "every request answered");
    assert!(
        replies.iter().all(|r| code(r) == Code::AccessAccept),
        "all accepted"
    );
    let chap_at = replies
        .iter()
        .position(|r| r[1] == chap[1])
        .expect("CHAP reply");
    // Each verification takes milliseconds on one thread; the CHAP login, sent last, must
    // not wait for the queue (it would come last if argon2 held up the receive loops).
    assert!(
        chap_at < PAP / 2,
        "CHAP answered as reply {chap_at} of {}",
        PAP + 1
    );
}

both_backends!(
    pap_flood_leaves_chap_answered,
    changes_apply_to_the_next_login,
    repeat_pap_login_skips_argon2_until_password_changes,
    require_message_authenticator_yes,
    ipv6_nas_over_ipv6,
    pap_accept_and_reject,
    chap_both_ways,
    mschapv2_accept,
    drops_unknown_nas_and_bad_message_authenticator,
    duplicate_gets_identical_reply_and_one_check,
    status_server_on_both_ports,
    disabled_and_expired_users_rejected,
    nas_added_while_running_is_served,
    proxy_state_echoed_in_order,
);

/// On SQLite a login is read in place on the receive loop; when that read fails (here the
/// directory's version table is gone, as a stand-in for a file another program holds
/// locked), the request, already claimed in the duplicate cache, goes on in a task and is
/// answered through the connection pool, and a retransmission still gets the same reply.
#[test]
fn failed_direct_read_falls_back_to_the_pool() {
    let s = Server::prepare(Db::Sqlite);
    s.provision();
    let s = s.start();
    let c = s.client();
    let req = chap_request(&c, "siswa", "rahasia-siswa", true);
    assert_eq!(code(&c.exchange(&req).expect("reply")), Code::AccessAccept);
    let rt = runtime();
    rt.block_on(async {
        let store = s.store().await;
        sqlx::query("DROP TABLE directory_version")
            .execute(store.pool())
            .await
            .unwrap();
    });
    let req = chap_request(&c, "siswa", "rahasia-siswa", true);
    let reply = c.exchange(&req).expect("answered through the pool");
    c.verify_reply(&req, &reply);
    assert_eq!(code(&reply), Code::AccessAccept);
    assert_eq!(
        c.exchange(&req).as_deref(),
        Some(reply.as_slice()),
        "same reply again"
    );
    let bad = chap_request(&c, "siswa", "salah", true);
    assert_eq!(code(&c.exchange(&bad).expect("reply")), Code::AccessReject);
    assert!(s.log_contains("direct read failed; using the pool"));
}
