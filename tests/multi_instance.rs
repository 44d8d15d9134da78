//! Two instances on one PostgreSQL database (issue 17's acceptance): a device limit of 1
//! holds across them; a session started on A, updated on both, stopped on B and its Stop
//! retried on A is one row with exact counters and usage counted once; a user disabled
//! through A is refused by B within a second; a NAS added with the CLI is answered by both
//! within a second; an admin token revoked through A is refused by B's admin API at once.
//! Both instances poll the NAS table only once an hour here, so what reaches them within
//! the second is PostgreSQL's notification, not polling.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::{Acct, Client, Db, INTERIM, SECRET, START, STOP, Server, code, runtime};
use radkota::protocol::crypto::hide_password;
use radkota::protocol::{Code, PacketBuilder, attr};
use radkota::store::SessionFilter;
use radkota::store::testing::postgres_url;

/// A PAP login from `c` for `user` on device `mac`; the reply's code.
fn login(c: &Client, user: &str, password: &str, mac: &str) -> Code {
    let auth: [u8; 16] = rand::random();
    let mut b = PacketBuilder::new(Code::AccessRequest, c.id());
    b.add(attr::USER_NAME, user.as_bytes()).unwrap();
    b.add(
        attr::USER_PASSWORD,
        &hide_password(password.as_bytes(), SECRET, &auth).unwrap(),
    )
    .unwrap();
    b.add(attr::CALLING_STATION_ID, mac.as_bytes()).unwrap();
    let req = b.finish_request(&auth, SECRET, true).unwrap();
    let reply = (0..3)
        .find_map(|_| c.exchange(&req))
        .expect("an answer to the login");
    c.verify_reply(&req, &reply);
    code(&reply)
}

/// How long until `f` holds, polling every 10 ms for at most 10 s (`None`: never).
fn time_until(mut f: impl FnMut() -> bool) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if f() {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

/// Whether anything answers a login sent from `local` to `server` within 100 ms.
fn answers(local: &str, server: SocketAddr) -> bool {
    let c = Client::new(local, server, SECRET);
    c.socket
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    c.exchange(&c.pap_request("nobody", "x", true)).is_some()
}

#[test]
fn two_instances_on_one_postgres() {
    if postgres_url().is_none() {
        return;
    }
    let a = Server::prepare(Db::Postgres);
    a.provision();
    let config = std::fs::read_to_string(a.config_path()).expect("config");
    let slow_poll = config.replace("nas_refresh_secs = 1", "nas_refresh_secs = 3600")
        + "\n[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\n";
    assert_ne!(config, slow_poll, "the test config sets nas_refresh_secs");
    std::fs::write(a.config_path(), slow_poll).expect("config");
    let b = a.sibling();
    let a = a.start();
    let b = b.start();
    let (a_auth, b_auth) = (a.client(), b.client());
    let a_acct = Client::new("127.0.0.1:0", a.acct, SECRET);
    let b_acct = Client::new("127.0.0.1:0", b.acct, SECRET);

    // A device limit of 1 (the student plan) across instances.
    assert_eq!(
        login(&a_auth, "siswa", "rahasia-siswa", "hp-1"),
        Code::AccessAccept
    );
    Acct {
        status: START,
        session: "dev-1",
        user: "siswa",
        mac: Some("hp-1"),
        ..Default::default()
    }
    .send(&a_acct);
    assert_eq!(
        login(&b_auth, "siswa", "rahasia-siswa", "laptop-1"),
        Code::AccessReject,
        "B refuses a second device while A has the first online"
    );

    // Start on A, Interim on A and B, Stop on B, and the Stop again on A (the NAS retried
    // its primary): one row with the Stop's counters, usage counted once.
    let step = |c: &Client, status: u32, n: u32| {
        Acct {
            status,
            session: "moving-1",
            user: "warung",
            mac: Some("hp-w"),
            counters: Some((60 * n, 1000 * n, 3000 * n)),
            ..Default::default()
        }
        .send(c)
    };
    step(&a_acct, START, 0);
    step(&a_acct, INTERIM, 1);
    step(&b_acct, INTERIM, 2);
    step(&b_acct, STOP, 3);
    step(&a_acct, STOP, 3);
    let rt = runtime();
    let store = rt.block_on(a.store());
    let rows = rt
        .block_on(store.list_sessions(&SessionFilter {
            username: Some("warung".into()),
            limit: 100,
            ..Default::default()
        }))
        .expect("sessions");
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(
        (
            row.acct_session_id.as_str(),
            row.state.as_str(),
            row.session_time,
            row.input_octets,
            row.output_octets
        ),
        ("moving-1", "closed", 180, 3000, 9000)
    );
    let usage = rt
        .block_on(store.user_usage("warung", "2000-01-01", "2100-01-01"))
        .expect("usage");
    let sum = |f: fn(&radkota::store::UsageDay) -> i64| usage.iter().map(f).sum::<i64>();
    assert_eq!(
        (sum(|d| d.input_octets), sum(|d| d.output_octets)),
        (3000, 9000)
    );

    // A user disabled through A: B, which has the user in its directory from a login
    // moments ago, refuses the next login within a second.
    let pw = "Malang-RW07-hotspot-passphrase-37-oct";
    assert_eq!(login(&b_auth, "warung", pw, "hp-w"), Code::AccessAccept);
    a.cli(&["user", "disable", "warung"]);
    let took = time_until(|| login(&b_auth, "warung", pw, "hp-w") == Code::AccessReject)
        .expect("B refuses the disabled user");
    eprintln!("disabled through A, refused by B after {took:?}");
    assert!(took <= Duration::from_secs(1), "{took:?}");

    // A NAS added with the CLI is answered by both within a second.
    assert!(!answers("127.0.0.2:0", a.auth) && !answers("127.0.0.2:0", b.auth));
    a.cli(&[
        "nas",
        "add",
        "rw02",
        "--address",
        "127.0.0.2",
        "--secret",
        "testing123",
    ]);
    let took = time_until(|| answers("127.0.0.2:0", a.auth) && answers("127.0.0.2:0", b.auth))
        .expect("both answer rw02");
    eprintln!("NAS added through A's CLI: both answer after {took:?}");
    assert!(took <= Duration::from_secs(1), "{took:?}");

    // An admin token revoked through A is refused by B: every request reads its token.
    let token = a
        .cli(&["token", "create", "--role", "auditor"])
        .trim()
        .to_string();
    let id = a
        .cli(&["token", "list"])
        .lines()
        .nth(1)
        .expect("a token")
        .split_whitespace()
        .next()
        .expect("id")
        .to_string();
    let api = admin_addr(&b);
    let status = || {
        reqwest::blocking::Client::new()
            .get(format!("http://{api}/api/v1/plans"))
            .bearer_auth(&token)
            .send()
            .expect("admin API")
            .status()
            .as_u16()
    };
    assert_eq!(status(), 200);
    a.cli(&["token", "revoke", &id]);
    assert_eq!(status(), 401, "B refuses the token revoked through A");
}

/// The address B's admin API said it listens on.
fn admin_addr(s: &Server) -> SocketAddr {
    s.log()
        .lines()
        .find(|l| l.contains("admin API listening"))
        .and_then(|l| {
            l[l.find("addr=")? + 5..]
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .expect("admin API listening")
}
