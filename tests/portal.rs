//! Issue 22, "Sisa kuota": the person's own page on a running `radkota serve` with
//! `[portal] listen` set. In a real headless Chromium: log in, see the quota of a user
//! with recorded usage, disconnect an own device against a test CoA listener, forget a
//! roaming device, switch to English, log out; screenshots of every page at 390 and
//! 1280 px into `target/screenshots/portal/`. Over raw HTTP: a form with another person's
//! session or device is refused and leaves it alone, a form without its CSRF token is
//! refused, ten wrong passwords slow the username down, an unknown name reads as a wrong
//! password, a hostile username is escaped, and the cookies and headers are as promised.

mod common;
// Included by path rather than from `common`, so only the suites with pages build it.
#[path = "common/browser.rs"]
mod browser;
#[path = "common/coa_nas.rs"]
mod coa_nas;
#[path = "common/web.rs"]
mod web;

use coa_nas::TestNas;
use std::net::SocketAddr;
use web::{Answer, Web, csrf_of};

use browser::Browser;
use common::{Acct, Client, Db, START, Server, code, eventually};
use radkota::protocol::Code;

const PW: &str = "Malang-RW07-hotspot-passphrase-37-oct";
const MAC: &str = "AA-BB-CC-00-11-22";

/// A server with the portal on, NAS rw01 sending CoA to `nas`, users warung (UMKM plan,
/// roaming) and siswa (student), a roaming binding of warung's phone, open sessions of
/// both with recorded usage, and a refused and an accepted login in warung's log.
fn setup(db: Db, nas: &TestNas) -> Server {
    let s = Server::prepare_with(
        db,
        "[portal]\nlisten = \"127.0.0.1:0\"\n\n[coa]\nattempts = 2\ntimeout_ms = 300\n",
    );
    let port = nas.port.to_string();
    s.cli(&[
        "nas",
        "add",
        "rw01",
        "--address",
        "127.0.0.1",
        "--secret",
        "testing123",
        "--coa-port",
        &port,
    ]);
    s.cli(&["user", "add", "warung", "--plan", "umkm", "--password", PW]);
    s.cli(&[
        "user",
        "add",
        "siswa",
        "--plan",
        "student",
        "--password",
        "rahasia-siswa",
    ]);
    let s = s.start();
    let c = s.client();
    assert_eq!(
        code(&c.login("warung", "salah-sandi").unwrap()),
        Code::AccessReject
    );
    let req = c.chap_request("warung", PW, Some(MAC));
    let reply = c.exchange(&req).expect("reply");
    assert_eq!(code(&reply), Code::AccessAccept);
    let acct = Client::new("127.0.0.1:0", s.acct, common::SECRET);
    for (user, session, mac, counters) in [
        ("warung", "ses-warung-1", MAC, (600, 20_000_000, 30_000_000)),
        (
            "siswa",
            "ses-siswa-1",
            "AA-BB-CC-99-88-77",
            (60, 1_000, 2_000),
        ),
    ] {
        Acct {
            status: START,
            session,
            user,
            mac: Some(mac),
            framed_ip: Some([10, 7, 0, 9]),
            ..Default::default()
        }
        .send(&acct);
        Acct {
            status: common::INTERIM,
            session,
            user,
            mac: Some(mac),
            framed_ip: Some([10, 7, 0, 9]),
            counters: Some(counters),
            ..Default::default()
        }
        .send(&acct);
    }
    assert!(eventually(10, || portal_addr(&s).is_some()), "{}", s.log());
    assert!(eventually(10, || bindings(&s, "warung").len() == 1));
    s
}

/// Where the server said the portal listens.
fn portal_addr(s: &Server) -> Option<SocketAddr> {
    s.log()
        .lines()
        .filter(|l| l.contains("portal listening"))
        .find_map(|l| {
            l[l.find("addr=")? + 5..]
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
}

/// The id of the open session `acct_session_id`.
fn session_id(s: &Server, acct_session_id: &str) -> i64 {
    common::runtime().block_on(async {
        let store = s.store().await;
        let list = store
            .list_sessions(&radkota::store::SessionFilter {
                username: None,
                nas_id: None,
                open_only: false,
                limit: 100,
            })
            .await
            .unwrap();
        store.close().await;
        list.iter()
            .find(|r| r.acct_session_id == acct_session_id)
            .map(|r| r.id)
            .expect("session")
    })
}

/// The state of session `id`.
fn session_state(s: &Server, id: i64) -> String {
    common::runtime().block_on(async {
        let store = s.store().await;
        let r = store.get_session(id).await.unwrap().expect("session").state;
        store.close().await;
        r
    })
}

/// `user`'s roaming bindings (mac hashes).
fn bindings(s: &Server, user: &str) -> Vec<String> {
    common::runtime().block_on(async {
        let store = s.store().await;
        let id = store.get_user(user).await.unwrap().expect("user").id;
        let list = store.bindings_of(id).await.unwrap();
        store.close().await;
        list.into_iter().map(|b| b.mac_hash).collect()
    })
}

impl Web {
    /// Logs in as `user`: the answer to the form's POST.
    fn log_in(&mut self, user: &str, password: &str) -> Answer {
        let form = self.get("/");
        let token = csrf_of(&form.body);
        self.post(
            "/login",
            &[("csrf", &token), ("username", user), ("password", password)],
        )
    }
}

fn raw_http(db: Db) {
    let nas = TestNas::start();
    let s = setup(db, &nas);
    let addr = portal_addr(&s).unwrap();
    let warung_session = session_id(&s, "ses-warung-1");
    let siswa_session = session_id(&s, "ses-siswa-1");
    let mut web = Web::new(addr);

    // The login form: headers, cookie flags, and a token.
    let form = web.get("/");
    assert_eq!(form.status, 200);
    let csp = form.headers["content-security-policy"].to_str().unwrap();
    for part in [
        "default-src 'none'",
        "style-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{csp}");
    }
    assert!(
        !csp.contains("script-src"),
        "no script is allowed at all: {csp}"
    );
    assert_eq!(form.headers["x-frame-options"], "DENY");
    assert_eq!(form.headers["cache-control"], "no-store");
    assert_eq!(form.headers["x-content-type-options"], "nosniff");
    assert!(
        form.body.contains("lang=\"id\""),
        "Bahasa Indonesia by default"
    );
    // The stylesheet comes from this origin; none of the admin API's routes is here.
    let css = web.get("/static/web.css");
    assert_eq!(css.status, 200);
    assert!(
        css.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    for path in ["/api/v1/users", "/openapi.json", "/metrics"] {
        assert_eq!(web.get(path).status, 404, "{path}");
    }

    // A form post without its token is refused, even with the right password.
    let r = web.post("/login", &[("username", "warung"), ("password", PW)]);
    assert_eq!(r.status, 403);

    // An unknown name and a wrong password read the same.
    let wrong = web.log_in("warung", "bukan-sandinya");
    let unknown = web.log_in("tidak-ada", "bukan-sandinya");
    assert_eq!((wrong.status, unknown.status), (401, 401));
    assert_eq!(
        wrong.body.replace("warung", "NAME"),
        unknown.body.replace("tidak-ada", "NAME")
    );

    // A hostile username comes back escaped.
    let r = web.log_in("<script>alert(1)</script>", "x");
    assert_eq!(r.status, 401);
    assert!(
        r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("<script>"));

    // Logging in: the session cookie is HttpOnly and SameSite=Strict.
    let r = web.log_in("warung", PW);
    assert_eq!(r.status, 303, "{}", r.body);
    let cookie = r
        .set_cookies
        .iter()
        .find(|c| c.starts_with("rk_portal="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let page = web.get("/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("50,0 MB"), "today's data: {}", page.body);
    assert!(page.body.contains("ses") || page.body.contains("/devices/disconnect"));
    let token = csrf_of(&page.body);

    // Another person's session, with a valid token: refused, nothing sent, still open.
    let other = siswa_session.to_string();
    let r = web.post(
        "/devices/disconnect",
        &[("csrf", &token), ("session", &other)],
    );
    assert_eq!(r.status, 404);
    assert!(
        nas.next_session(1).is_none(),
        "a Disconnect-Request was sent"
    );
    assert_eq!(session_state(&s, siswa_session), "open");

    // Without the token: refused too.
    let own = warung_session.to_string();
    let r = web.post("/devices/disconnect", &[("session", &own)]);
    assert_eq!(r.status, 403);
    assert!(nas.next_session(1).is_none());

    // Another person's roaming device: refused, and it stays bound.
    let c = s.client();
    let req = c.chap_request("siswa", "rahasia-siswa", Some("AA-BB-CC-99-88-77"));
    assert_eq!(code(&c.exchange(&req).unwrap()), Code::AccessAccept);
    // The binding is written just after the Accept.
    assert!(eventually(10, || bindings(&s, "siswa").len() == 1));
    let theirs = bindings(&s, "siswa");
    let r = web.post(
        "/devices/forget",
        &[("csrf", &token), ("device", &theirs[0])],
    );
    assert_eq!(r.status, 404);
    assert_eq!(bindings(&s, "siswa"), theirs);

    // The own session, with the token: the hotspot gets the Disconnect-Request.
    let r = web.post(
        "/devices/disconnect",
        &[("csrf", &token), ("session", &own)],
    );
    assert_eq!(r.status, 303);
    assert_eq!(nas.next_session(5).as_deref(), Some("ses-warung-1"));

    // Logging out needs the token; afterwards the page is the login form again.
    assert_eq!(web.post("/logout", &[]).status, 403);
    assert_eq!(web.post("/logout", &[("csrf", &token)]).status, 303);
    assert!(web.get("/").body.contains("action=\"/login\""));
}

/// Ten wrong passwords in a row: the username is slowed down (429, a readable page, a
/// Retry-After), even for the right password; another name from the same address is not.
/// An unknown name costs the same argon2 verification as a wrong password (the dummy
/// hash), counted by the server.
#[test]
fn wrong_passwords_slow_the_username_down() {
    let nas = TestNas::start();
    let mut s = setup(Db::Sqlite, &nas);
    let mut web = Web::new(portal_addr(&s).unwrap());
    for i in 0..10 {
        let r = web.log_in("warung", &format!("tebakan-{i}"));
        assert_eq!(r.status, 401, "attempt {i}");
    }
    let r = web.log_in("warung", PW);
    assert_eq!(r.status, 429);
    assert!(r.body.contains("Terlalu banyak percobaan"), "{}", r.body);
    assert!(r.headers.contains_key("retry-after"));
    assert_eq!(web.log_in("siswa", "rahasia-siswa").status, 303);
    let mut stranger = Web::new(portal_addr(&s).unwrap());
    for i in 0..3 {
        let r = stranger.log_in(&format!("tidak-ada-{i}"), &format!("tebakan-{i}"));
        assert_eq!(r.status, 401);
    }
    // The setup's wrong RADIUS password, ten wrong here, siswa's, three unknown names; the
    // paused attempt ran none.
    let log = s.stop();
    assert_eq!(
        common::final_counter(&log, "argon2_verifications"),
        1 + 10 + 1 + 3
    );
}

both_backends!(raw_http);

/// The whole visit in Chromium, with screenshots of every page at both widths.
#[test]
fn portal_in_a_browser() {
    let nas = TestNas::start();
    let s = setup(Db::Sqlite, &nas);
    let Some(b) = Browser::start("portal") else {
        return;
    };
    let base = format!("http://{}", portal_addr(&s).unwrap());
    let shoot = |name: &str| {
        for width in [390, 1280] {
            b.screenshot(name, width);
            assert!(!b.overflows_sideways(), "{name} overflows at {width} px");
        }
    };

    b.goto(&format!("{base}/"));
    assert!(b.source().contains("Nama pengguna"));
    shoot("login");

    // A wrong password, with a hostile name: escaped, no script runs.
    b.fill("#username", "<script>alert(1)</script>");
    b.fill("#password", "salah");
    b.click("form.login button");
    assert!(!b.alert_open());
    assert!(b.text(".flash").contains("salah"));
    shoot("login-wrong");

    b.fill("#username", "warung");
    b.fill("#password", PW);
    b.click("form.login button");
    assert!(b.source().contains("Sisa kuota"), "{}", b.source());
    let (_, http_only, same_site) = b.cookie("rk_portal").expect("session cookie");
    assert!(http_only);
    assert_eq!(same_site, "Strict");
    let usage = b.text("section.card:nth-of-type(2)");
    assert!(usage.contains("50,0 MB / 5,0 GB"), "{usage}");
    assert!(b.text("section.card:nth-of-type(1)").contains("umkm"));
    assert_eq!(b.count("form[action='/devices/disconnect']"), 1);
    assert_eq!(b.count("form[action='/devices/forget']"), 1);
    assert!(
        b.source().contains("Kata sandi salah"),
        "the refused login is listed"
    );
    shoot("account");

    b.click("a.lang-switch");
    assert!(b.source().contains("What is left"));
    shoot("account-en");
    b.click("a.lang-switch");

    // The form edited to name another person's session: refused, nothing sent.
    let theirs = session_id(&s, "ses-siswa-1");
    b.set_value("input[name=session]", &theirs.to_string());
    b.click("form[action='/devices/disconnect'] button");
    assert!(b.source().contains("Tidak ditemukan"), "{}", b.source());
    assert!(
        nas.next_session(1).is_none(),
        "a Disconnect-Request was sent"
    );
    assert_eq!(session_state(&s, theirs), "open");
    shoot("not-theirs");

    b.goto(&format!("{base}/"));
    b.click("form[action='/devices/disconnect'] button");
    assert_eq!(nas.next_session(5).as_deref(), Some("ses-warung-1"));
    assert!(b.text(".flash").contains("diputus"), "{}", b.source());
    shoot("disconnected");

    b.click("form[action='/devices/forget'] button");
    assert!(b.text(".flash").contains("dilupakan"));
    assert!(bindings(&s, "warung").is_empty());
    assert_eq!(b.count("form[action='/devices/forget']"), 0);
    shoot("forgotten");

    b.goto(&format!("{base}/tidak-ada"));
    shoot("not-found");

    b.goto(&format!("{base}/"));
    b.click("form[action='/logout'] button");
    assert!(b.source().contains("action=\"/login\""));
    for i in 0..10 {
        b.fill("#username", "warung");
        b.fill("#password", &format!("tebakan-{i}"));
        b.click("form.login button");
    }
    b.fill("#username", "warung");
    b.fill("#password", PW);
    b.click("form.login button");
    assert!(b.text(".flash").contains("Terlalu banyak"));
    shoot("throttled");
}
