//! Issue 18, the web console, on a running `radkota serve` with the admin listener on.
//! Over raw HTTP (SQLite and PostgreSQL): the login form's refusals (wrong password, TOTP
//! required and accepted, ten wrong passwords slowing the account down), cookie flags and
//! headers, a form without its CSRF token refused, an operator seeing only their area (404
//! elsewhere), an auditor seeing pseudonyms and refused every change (403), the API's JSON
//! 404 kept under `/api`. In a real headless Chromium: log in, add a user whose name is
//! `<script>alert(1)</script>` (shown escaped), disable it and find the audit entry under
//! the person's name, disconnect a session against a test CoA listener, create a voucher
//! batch and decode the QR codes of its print page with zbarimg; screenshots of every page
//! at 390 and 1280 px into `target/screenshots/console/`.

#[path = "common/browser.rs"]
mod browser;
#[path = "common/coa_nas.rs"]
mod coa_nas;
mod common;
#[path = "common/web.rs"]
mod web;

use coa_nas::TestNas;
use std::net::SocketAddr;
use web::{Answer, Web, csrf_of};

use browser::Browser;
use common::{Acct, Db, START, Server};
use radkota::protocol::Code;

const AREAS_CSV: &str = "\
kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code,rw_name
35.73.02,Klojen,35.73.02.1008,Oro-oro Dowo,RW01,RW 01 Oro-oro Dowo
35.73.02,Klojen,35.73.02.1009,Klojen,RW02,RW 02 Klojen
";

const BUDI_PW: &str = "kata-sandi-budi-panjang";
const SARI_PW: &str = "kata-sandi-sari-panjang";
const AUDI_PW: &str = "kata-sandi-audi-panjang";
const TOTI_PW: &str = "kata-sandi-toti-panjang";

fn staff_add(s: &Server, name: &str, role: &str, area: Option<&str>, pw: &str) {
    let mut args = vec!["staff", "add", name, "--role", role, "--password-stdin"];
    if let Some(a) = area {
        args.extend(["--area", a]);
    }
    let out = s.cli_input(&args, &format!("{pw}\n"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A server with the admin listener on; areas RW01 (kelurahan Oro-oro Dowo) and RW02
/// (Klojen); staff budi (admin), sari (operator of Oro-oro Dowo), audi (auditor), toti
/// (admin with TOTP, whose secret is returned); users warga1 in RW01, warga2 in RW02;
/// NAS rw01 in RW01 sending CoA to `nas`, with an open session of warga1.
fn setup(db: Db, nas: &TestNas) -> (Server, String) {
    let s = Server::prepare_with(
        db,
        "[admin]\nenabled = true\nlisten = \"127.0.0.1:0\"\n\n[coa]\nattempts = 2\ntimeout_ms = 300\n",
    );
    let areas = s.dir().join("areas.csv");
    std::fs::write(&areas, AREAS_CSV).unwrap();
    s.cli(&["area", "import", &areas.display().to_string()]);
    let port = nas.port.to_string();
    s.cli(&[
        "nas",
        "add",
        "rw01",
        "--address",
        "127.0.0.1",
        "--secret",
        "testing123",
        "--rw",
        "RW01",
        "--coa-port",
        &port,
    ]);
    s.cli(&[
        "nas",
        "add",
        "rw02",
        "--address",
        "127.0.0.2",
        "--secret",
        "testing456",
        "--rw",
        "RW02",
    ]);
    for (user, area) in [("warga1", "RW01"), ("warga2", "RW02")] {
        s.cli(&[
            "user",
            "add",
            user,
            "--plan",
            "student",
            "--password",
            "rahasia-warga",
            "--area",
            area,
        ]);
    }
    staff_add(&s, "budi", "admin", None, BUDI_PW);
    staff_add(&s, "sari", "operator", Some("35.73.02.1008"), SARI_PW);
    staff_add(&s, "audi", "auditor", None, AUDI_PW);
    staff_add(&s, "toti", "admin", None, TOTI_PW);
    let uri = s.cli(&["staff", "totp", "toti", "enable"]);
    let secret = uri
        .split("secret=")
        .nth(1)
        .and_then(|r| r.split('&').next())
        .expect("otpauth URI with a secret")
        .trim()
        .to_string();
    let s = s.start();
    let acct = common::Client::new("127.0.0.1:0", s.acct, common::SECRET);
    Acct {
        status: START,
        session: "ses-warga1",
        user: "warga1",
        mac: Some("AA-BB-CC-00-11-22"),
        framed_ip: Some([10, 7, 0, 9]),
        ..Default::default()
    }
    .send(&acct);
    Acct {
        status: common::INTERIM,
        session: "ses-warga1",
        user: "warga1",
        mac: Some("AA-BB-CC-00-11-22"),
        framed_ip: Some([10, 7, 0, 9]),
        counters: Some((600, 20_000_000, 30_000_000)),
        ..Default::default()
    }
    .send(&acct);
    (s, secret)
}

/// The code an authenticator app shows for `secret` (base32) now.
fn app_code(secret: &str) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("base32 secret");
    let totp = totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some("radkota".into()),
        "toti".into(),
    )
    .expect("totp");
    totp.generate_current().expect("clock")
}

impl Web {
    fn log_in(&mut self, name: &str, password: &str, totp: &str) -> Answer {
        let form = self.get("/login");
        let token = csrf_of(&form.body);
        self.post(
            "/login",
            &[
                ("csrf", &token),
                ("name", name),
                ("password", password),
                ("totp", totp),
            ],
        )
    }

    /// Logged in as `name`: the CSRF token of the session's forms.
    fn session(addr: SocketAddr, name: &str, password: &str) -> (Web, String) {
        let mut w = Web::new(addr);
        let r = w.log_in(name, password, "");
        assert_eq!(r.status, 303, "{name}: {}", r.body);
        let page = w.get("/users");
        assert_eq!(page.status, 200);
        let token = csrf_of(&page.body);
        (w, token)
    }
}

fn raw_http(db: Db) {
    let nas = TestNas::start();
    let (s, secret) = setup(db, &nas);
    let addr = s.admin_addr();

    // The login page: strict headers, a visitor cookie with the flags, Bahasa Indonesia.
    let mut w = Web::new(addr);
    let form = w.get("/login");
    assert_eq!(form.status, 200);
    let csp = form.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("script-src"),
        "{csp}"
    );
    assert_eq!(form.headers["x-frame-options"], "DENY");
    assert!(form.body.contains("Kata sandi"));
    let visit = &form.set_cookies[0];
    assert!(
        visit.contains("HttpOnly") && visit.contains("SameSite=Strict"),
        "{visit}"
    );
    assert!(!visit.contains("Secure"), "plain HTTP: not Secure");
    // Not logged in: pages send to the login form; the API keeps its JSON 404.
    assert_eq!(w.get("/users").status, 303);
    let api = w.get("/api/v1/nothing");
    assert_eq!(api.status, 404);
    assert!(
        api.headers["content-type"]
            .to_str()
            .unwrap()
            .contains("json")
    );
    assert!(w.get("/tidak-ada").body.contains("<html"));

    // Refusals in words: wrong password; a login form without its token.
    let r = w.log_in("budi", "salah-sekali", "");
    assert_eq!(r.status, 401);
    assert!(r.body.contains("Nama atau kata sandi salah."), "{}", r.body);
    let r = w.post("/login", &[("name", "budi"), ("password", BUDI_PW)]);
    assert_eq!(r.status, 403);
    // TOTP: required when set, accepted when right.
    let r = w.log_in("toti", TOTI_PW, "");
    assert!(r.body.contains("Masukkan kode 6 angka"), "{}", r.body);
    let r = w.log_in("toti", TOTI_PW, &app_code(&secret));
    assert_eq!(r.status, 303, "{}", r.body);
    let session = r
        .set_cookies
        .iter()
        .find(|c| c.starts_with("rk_console="))
        .unwrap();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(session.contains(flag), "{session}");
    }

    // The admin: a form post without the token changes nothing.
    let (mut admin, token) = Web::session(addr, "budi", BUDI_PW);
    let r = admin.post("/users/warga2/status", &[("status", "disabled")]);
    assert_eq!(r.status, 403);
    assert!(admin.get("/users/warga2").body.contains("aktif"));
    let r = admin.post(
        "/users/warga2/status",
        &[("csrf", &token), ("status", "disabled")],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(admin.get("/users?status=disabled").body.contains("warga2"));
    let r = admin.post(
        "/users/warga2/status",
        &[("csrf", &token), ("status", "active")],
    );
    assert_eq!(r.status, 303);
    // The user's own limits: saved, shown back, refused when not a value.
    let r = admin.post(
        "/users/warga1/limits",
        &[
            ("csrf", &token),
            ("rate_down", "8M"),
            ("rate_up", ""),
            ("daily", "5GB"),
            ("monthly", ""),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let page = admin.get("/users/warga1").body;
    assert!(
        page.contains("value=\"5GB\"") && page.contains("value=\"8M\""),
        "{page}"
    );
    let r = admin.post(
        "/users/warga1/limits",
        &[("csrf", &token), ("daily", "banyak")],
    );
    assert_eq!(r.status, 422);
    // Search by part of the name.
    let found = admin.get("/users?q=ARGA1").body;
    assert!(
        found.contains("warga1") && !found.contains("warga2"),
        "{found}"
    );

    import_job(&mut admin, &token, addr);

    let batch = |area: &'static str| {
        [
            ("count", "1"),
            ("valid_days", "7"),
            ("plan", "student"),
            ("area", area),
            ("hotspot_url", "http://wifi.example"),
            ("prefix", ""),
        ]
    };
    let mut form = vec![("csrf", token.as_str())];
    form.extend(batch("RW02"));
    assert_eq!(
        admin.post("/vouchers", &form).status,
        303,
        "a batch in RW02"
    );

    // The operator: their area only, 404 elsewhere, for reads and changes alike.
    let (mut op, op_token) = Web::session(addr, "sari", SARI_PW);
    assert_eq!(op.get("/vouchers/1/print?format=a4").status, 404);
    assert_eq!(op.get("/vouchers/1/export").status, 404);
    assert!(!op.get("/vouchers").body.contains("RW02"));
    let mut form = vec![("csrf", op_token.as_str())];
    form.extend(batch("RW02"));
    assert_eq!(
        op.post("/vouchers", &form).status,
        422,
        "a batch outside her area"
    );
    assert_eq!(admin.get("/vouchers/1/print?format=a4").status, 200);
    // Extend by a chosen number of days (1 to 365), and reprint from the list.
    let extend =
        |w: &mut Web, days: &str| w.post("/vouchers/1/extend", &[("csrf", &token), ("days", days)]);
    assert_eq!(extend(&mut admin, "30").status, 303);
    for wrong in ["0", "366", "banyak"] {
        let r = extend(&mut admin, wrong);
        assert_eq!(r.status, 422, "{wrong}: {}", r.body);
        assert!(r.body.contains("1–365"), "{}", r.body);
    }
    let list = admin.get("/vouchers").body;
    assert!(list.contains("37 hari"), "7 + 30 days: {list}");
    assert!(
        list.contains("Cetak ulang") && list.contains("href=\"/vouchers/1/print?format=58mm\""),
        "{list}"
    );
    assert!(list.contains("name=\"days\"") && list.contains("max=\"365\""));
    let list = op.get("/users").body;
    assert!(
        list.contains("warga1") && !list.contains("warga2"),
        "{list}"
    );
    assert_eq!(op.get("/users/warga2").status, 404);
    assert_eq!(op.get("/users/warga1").status, 200);
    let r = op.post(
        "/users/warga2/limits",
        &[("csrf", &op_token), ("daily", "1GB")],
    );
    assert_eq!(r.status, 404);
    let r = op.post(
        "/users/warga2/status",
        &[("csrf", &op_token), ("status", "disabled")],
    );
    assert_eq!(r.status, 404);
    let r = op.post(
        "/users",
        &[
            ("csrf", &op_token),
            ("username", "luar"),
            ("password", "rahasia-luar"),
            ("plan", "student"),
            ("area", "RW02"),
        ],
    );
    assert_eq!(r.status, 422, "an operator cannot add outside their area");
    assert_eq!(op.get("/audit").status, 403);
    assert_eq!(op.get("/reports").status, 403);
    assert_eq!(op.get("/hotspots/rw02").status, 404);
    assert!(
        op.get("/hotspots/rw01?server=192.0.2.10&udp=1")
            .body
            .contains("/radius"),
        "the RouterOS snippet"
    );
    let fleet = op.get("/hotspots").body;
    assert!(fleet.contains("rw01") && !fleet.contains("rw02"), "{fleet}");
    hotspots_added_and_edited(&s, &mut admin, &token, &mut op, &op_token);

    // The auditor: pseudonyms, no change forms, every change refused.
    let (mut aud, aud_token) = Web::session(addr, "audi", AUDI_PW);
    let list = aud.get("/users").body;
    assert!(!list.contains("warga1") && list.contains("u-"), "{list}");
    assert_eq!(
        list.matches("method=\"post\"").count(),
        1,
        "only the logout form"
    );
    let r = aud.post(
        "/users/warga1/status",
        &[("csrf", &aud_token), ("status", "disabled")],
    );
    assert_eq!(r.status, 403);
    assert_eq!(aud.get("/vouchers/1/print").status, 403);
    auditor_sees_a_user_by_pseudonym(&mut aud, &list);
    assert_eq!(aud.get("/hotspots/new").status, 403);
    assert_eq!(aud.get("/hotspots/rw01/edit").status, 403);
    let r = aud.post(
        "/hotspots/rw01",
        &[
            ("csrf", &aud_token),
            ("name", "rw01"),
            ("address", "127.0.0.1"),
        ],
    );
    assert_eq!(r.status, 403);
    let audit = aud.get("/audit").body;
    assert!(
        audit.contains("staff:budi") && audit.contains("user.disable"),
        "{audit}"
    );
    assert!(
        !audit.contains("user:warga2"),
        "user targets are pseudonyms"
    );
    let report = aud.get("/reports/download?kind=usage&by=nas");
    assert_eq!(report.status, 200);
    assert!(
        report.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let verified = aud.post("/audit", &[("csrf", &aud_token)]);
    assert!(verified.body.contains("Rantai utuh"), "{}", verified.body);

    // Ten wrong passwords in a row slow the account down, with the wait in words.
    let mut w = Web::new(addr);
    let mut last = None;
    for i in 0..11 {
        last = Some(w.log_in("sari", &format!("tebakan-{i}"), ""));
    }
    let r = w.log_in("sari", SARI_PW, "");
    assert_eq!(r.status, 429, "{}", last.unwrap().body);
    assert!(
        r.body.contains("Terlalu banyak percobaan gagal"),
        "{}",
        r.body
    );
    assert!(r.headers.contains_key("retry-after"));
}

both_backends!(raw_http);

/// A CSV import runs as a job behind its own page: a progress bar that reloads itself
/// while it runs, then the summary; only its owner (or an admin) sees it.
fn import_job(admin: &mut Web, token: &str, addr: SocketAddr) {
    let csv = "username,full_name,plan,area\nimpor1,Satu,student,RW01\nimpor2,Dua,student,RW02\n";
    let r = admin.post("/import", &[("csrf", token), ("csv", csv)]);
    assert_eq!(r.status, 303, "{}", r.body);
    let job = r.headers["location"].to_str().unwrap().to_string();
    assert!(job.starts_with("/import/") && job.len() > 20, "{job}");
    let mut summary = String::new();
    assert!(common::eventually(30, || {
        let page = admin.get(&job);
        assert_eq!(page.status, 200);
        if page.body.contains("<progress") {
            assert!(
                page.body.contains("http-equiv=\"refresh\""),
                "a running job's page reloads itself: {}",
                page.body
            );
            return false;
        }
        assert!(!page.body.contains("http-equiv"), "{}", page.body);
        summary = page.body;
        true
    }));
    assert!(summary.contains("2 pengguna diimpor"), "{summary}");
    assert!(admin.get("/users?q=impor2").body.contains("impor2"));
    // Another staff member's job does not exist for an operator or an auditor.
    for (name, pw) in [("sari", SARI_PW), ("audi", AUDI_PW)] {
        let (mut other, _) = Web::session(addr, name, pw);
        assert_eq!(other.get(&job).status, 404, "{name}");
    }
    assert_eq!(admin.get("/import/0123456789abcdef").status, 404);
    // A CSV that is not one (no header) is refused in the form, no job started.
    let r = admin.post("/import", &[("csrf", token), ("csv", "")]);
    assert_eq!(r.status, 422, "{}", r.body);
}

/// An auditor opens a user's page by the pseudonym the list shows: usage and the login
/// timeline, no name, devices as pseudonyms, no form but logout; the real name is 404.
fn auditor_sees_a_user_by_pseudonym(aud: &mut Web, list: &str) {
    let links: Vec<&str> = list
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|l| l.starts_with("/users/u-"))
        .collect();
    assert!(links.len() >= 2, "warga1 and warga2 at least: {list}");
    let mut with_session = 0;
    for link in links {
        let p = aud.get(link);
        assert_eq!(p.status, 200, "{}", p.body);
        assert!(p.body.contains("Pemakaian per hari"), "{}", p.body);
        assert!(p.body.contains("Riwayat login"), "{}", p.body);
        assert!(!p.body.contains("warga"), "no username: {}", p.body);
        assert!(!p.body.contains("Nama lengkap"), "no name: {}", p.body);
        assert_eq!(p.body.matches("method=\"post\"").count(), 1, "only logout");
        if p.body.contains("mac-") {
            with_session += 1;
            assert!(
                p.body.contains("50,0 MB"),
                "the session's usage: {}",
                p.body
            );
            assert!(
                !p.body.contains("AA-BB-CC") && !p.body.contains("10.7.0.9"),
                "the device as a pseudonym: {}",
                p.body
            );
        }
    }
    assert_eq!(with_session, 1, "warga1's page lists her open session");
    // The usage report by user names users as the lists do: a row leads to the page.
    let report = aud.get("/reports/download?kind=usage&by=user").body;
    let heavy = report
        .split([',', '\n'])
        .find(|f| f.starts_with("u-"))
        .unwrap_or_else(|| panic!("a pseudonym in {report}"));
    assert!(
        list.contains(&format!("/users/{heavy}\"")),
        "{heavy}: {list}"
    );
    let page = aud.get(&format!("/users/{heavy}")).body;
    assert!(page.contains("50,0 MB"), "{page}");
    assert_eq!(aud.get("/users/warga1").status, 404);
    assert_eq!(aud.get("/users/u-000000000000").status, 404);
}

/// Hotspots added and edited in the console: the API's checks and roles (an operator in
/// her own area only, 404 elsewhere), errors in the form, the secret never shown back,
/// every change audited under the person's name with her address, and the new secret in
/// use by the RADIUS listener.
fn hotspots_added_and_edited(
    s: &Server,
    admin: &mut Web,
    token: &str,
    op: &mut Web,
    op_token: &str,
) {
    let add = |w: &mut Web, csrf: &str, name: &str, address: &str, rw: &str, secret: &str| {
        w.post(
            "/hotspots",
            &[
                ("csrf", csrf),
                ("name", name),
                ("address", address),
                ("rw", rw),
                ("secret", secret),
                ("vendor", "mikrotik"),
                ("coa_port", "3799"),
                ("require_ma", "auto"),
            ],
        )
    };
    assert_eq!(op.get("/hotspots/new").status, 200);
    // Refusals, in the form: outside her area, a bad address, a taken name or address.
    let r = add(op, op_token, "rw02-b", "127.0.0.7", "RW02", "rahasia-1");
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("RW harus di dalam area Anda"), "{}", r.body);
    let r = add(op, op_token, "rw01-b", "10.0.0.300", "RW01", "rahasia-1");
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Alamat tidak sah") && r.body.contains("value=\"rw01-b\""),
        "{}",
        r.body
    );
    let r = add(op, op_token, "rw01", "127.0.0.7", "RW01", "rahasia-1");
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("sudah dipakai"), "{}", r.body);
    let r = add(op, op_token, "rw01-b", "127.0.0.2", "RW01", "rahasia-1");
    assert_eq!(r.status, 409, "rw02's address: {}", r.body);
    let r = add(op, op_token, "rw01-b", "127.0.0.7", "RW01", "");
    assert_eq!(r.status, 422, "a new hotspot needs its secret");
    let r = add(op, "", "rw01-b", "127.0.0.7", "RW01", "rahasia-1");
    assert_eq!(r.status, 403, "no CSRF token");
    let r = add(
        op,
        op_token,
        "rw01-b",
        "127.0.0.7",
        "RW01",
        "rahasia-lama-1",
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.headers["location"], "/hotspots/rw01-b?done=added");
    let page = op.get("/hotspots/rw01-b?done=added").body;
    assert!(
        page.contains("Hotspot ditambahkan") && page.contains("127.0.0.7"),
        "{page}"
    );

    // Edit: the form never shows the secret; an empty secret keeps it.
    let edit = op.get("/hotspots/rw01-b/edit");
    assert_eq!(edit.status, 200);
    assert!(!edit.body.contains("rahasia-lama-1"), "{}", edit.body);
    assert!(
        edit.body.contains("value=\"127.0.0.7\"") && edit.body.contains("checked"),
        "{}",
        edit.body
    );
    let save = |w: &mut Web, csrf: &str, secret: &str, enabled: bool, rw: &str| {
        let mut f = vec![
            ("csrf", csrf),
            ("name", "rw01-b"),
            ("address", "127.0.0.7"),
            ("rw", rw),
            ("vendor", "mikrotik"),
            ("coa_port", "3799"),
            ("require_ma", "auto"),
            ("secret", secret),
        ];
        if enabled {
            f.push(("enabled", "1"));
        }
        w.post("/hotspots/rw01-b", &f)
    };
    let r = save(op, op_token, "", true, "RW02");
    assert_eq!(r.status, 422, "moved outside her area: {}", r.body);
    let r = save(op, op_token, "rahasia-baru-2", true, "RW01");
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.headers["location"], "/hotspots/rw01-b?done=saved");
    // The other area's hotspot does not exist for her.
    assert_eq!(op.get("/hotspots/rw02/edit").status, 404);
    let r = op.post(
        "/hotspots/rw02",
        &[
            ("csrf", op_token),
            ("name", "rw02"),
            ("address", "127.0.0.2"),
            ("rw", "RW01"),
            ("secret", "x"),
        ],
    );
    assert_eq!(r.status, 404);

    // The RADIUS listener now answers the hotspot with its new secret (a reply signed
    // with it; requests under the old one would be dropped).
    let radius = common::Client::new("127.0.0.7:0", s.auth, b"rahasia-baru-2");
    assert!(
        common::eventually(30, || radius.login("warga1", "rahasia-warga").is_some()),
        "a reply to rw01-b under its new secret"
    );

    // Disabled by the admin; both people's changes are in the audit log with their names.
    let r = save(admin, token, "", false, "RW01");
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(admin.get("/hotspots/rw01-b").body.contains("nonaktif"));
    let audit = admin.get("/audit").body;
    assert!(
        audit.contains("nas.add") && audit.contains("nas.set"),
        "{audit}"
    );
    assert!(
        audit.contains("staff:sari") && audit.contains("127.0.0.1"),
        "{audit}"
    );
    for secret in ["rahasia-lama-1", "rahasia-baru-2"] {
        assert!(!audit.contains(secret), "{audit}");
    }
}

/// The summary of the import job at `job` once it has finished (its page reloads itself
/// while the job runs; this reopens it until the summary is there).
fn finished_import(b: &Browser, job: &str) -> String {
    assert!(
        common::eventually(120, || {
            b.goto(job);
            b.count(".flash") == 1
        }),
        "{}",
        b.source()
    );
    b.text(".flash")
}

/// The pages in Chromium, with screenshots of each at both widths.
#[test]
fn console_in_a_browser() {
    let nas = TestNas::start();
    let (s, secret) = setup(Db::Sqlite, &nas);
    let Some(b) = Browser::start("console") else {
        return;
    };
    let base = format!("http://{}", s.admin_addr());
    let shoot = |name: &str| {
        for width in [390, 1280] {
            b.screenshot(name, width);
            assert!(!b.overflows_sideways(), "{name} overflows at {width} px");
        }
    };
    // The slips are laid out for paper (A4 is wider than a phone): shot, not measured.
    let shoot_paper = |name: &str| {
        for width in [390, 1280] {
            b.screenshot(name, width);
        }
    };

    b.goto(&format!("{base}/login"));
    shoot("login");
    // TOTP: toti's password alone is refused; with the app's code she is in.
    b.fill("#name", "toti");
    b.fill("#password", TOTI_PW);
    b.click("form.login button");
    assert!(
        b.text(".flash").contains("Masukkan kode 6 angka"),
        "{}",
        b.source()
    );
    assert!(
        b.cookie("rk_console").is_none(),
        "no session without the code"
    );
    shoot("login-totp-required");
    b.fill("#name", "toti");
    b.fill("#password", TOTI_PW);
    b.fill("#totp", &app_code(&secret));
    b.click("form.login button");
    assert!(b.source().contains("Online sekarang"), "{}", b.source());
    assert!(b.text(".site-nav .who").contains("toti"));
    b.click("form[action='/logout'] button");
    assert!(b.source().contains("action=\"/login\""));
    b.fill("#name", "budi");
    b.fill("#password", "salah");
    b.click("form.login button");
    assert!(b.text(".flash").contains("salah"));
    shoot("login-refused");
    b.fill("#name", "budi");
    b.fill("#password", BUDI_PW);
    b.click("form.login button");
    assert!(b.source().contains("Online sekarang"), "{}", b.source());
    b.goto(&format!("{base}/users"));
    assert!(b.source().contains("warga1"), "{}", b.source());
    let (_, http_only, same_site) = b.cookie("rk_console").expect("session cookie");
    assert!(http_only);
    assert_eq!(same_site, "Strict");
    shoot("users");

    // Add a user with a hostile name: shown escaped, no script runs.
    b.goto(&format!("{base}/users/new"));
    shoot("user-new");
    b.fill("#username", "<script>alert(1)</script>");
    b.fill("#password", "rahasia-baru-panjang");
    b.fill("#area", "RW02");
    b.click("form.card button[type=submit]");
    assert!(!b.alert_open());
    assert!(
        b.source().contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        b.source()
    );
    assert!(b.text(".flash").contains("ditambahkan"));
    // Disable it; the audit log names the person who did.
    b.click("section.actions form[action$='/status'] button");
    assert!(b.text(".flash").contains("dinonaktifkan"), "{}", b.source());
    shoot("user-disabled");
    b.goto(&format!("{base}/audit"));
    let audit = b.text("table.audit");
    assert!(audit.contains("staff:budi"), "{audit}");
    assert!(audit.contains("user.disable"), "{audit}");
    assert!(audit.contains("user:<script>alert(1)</script>"), "{audit}");
    assert!(!b.alert_open());
    b.click("form[action='/audit'] button");
    assert!(b.text(".flash").contains("Rantai utuh"));
    shoot("audit");

    // A refused RADIUS login shows in the user's "why refused" timeline.
    let radius = s.client();
    assert_eq!(
        common::code(&radius.login("warga1", "salah-sandi").unwrap()),
        Code::AccessReject
    );
    assert!(common::eventually(10, || {
        b.goto(&format!("{base}/users/warga1"));
        b.count("ol.timeline li.refused") == 1
    }));
    assert!(
        b.text("ul.bars").contains("50,0 MB"),
        "{}",
        b.text("ul.bars")
    );

    // Disconnect warga1's open session against the test NAS.
    b.goto(&format!("{base}/users/warga1"));
    assert!(b.source().contains("rw01"), "the open session is listed");
    shoot("user");
    b.click("form[action$='/disconnect'] button");
    assert_eq!(nas.next_session(5).as_deref(), Some("ses-warga1"));
    assert!(b.text(".flash").contains("diputus"), "{}", b.source());
    b.goto(&format!("{base}/audit"));
    assert!(b.text("table.audit").contains("session.disconnect"));

    b.goto(&format!("{base}/"));
    assert!(b.source().contains("Online sekarang"));
    shoot("dashboard");
    b.goto(&format!("{base}/hotspots"));
    shoot("hotspots");
    b.goto(&format!("{base}/hotspots/rw01?server=192.0.2.10"));
    shoot("hotspot");
    // A new hotspot: a bad address is refused in the form, then added and edited.
    b.goto(&format!("{base}/hotspots"));
    b.click("a[href='/hotspots/new']");
    shoot("hotspot-new");
    b.fill("#name", "rw02-b");
    b.fill("#address", "10.9.0.300");
    b.fill("#rw", "RW02");
    b.fill("#secret", "rahasia-hotspot-baru");
    b.click("form.nas button[type=submit]");
    assert!(
        b.text(".flash").contains("Alamat tidak sah"),
        "{}",
        b.source()
    );
    shoot("hotspot-new-refused");
    b.fill("#address", "10.9.0.3");
    b.fill("#secret", "rahasia-hotspot-baru");
    b.click("form.nas button[type=submit]");
    assert!(b.text(".flash").contains("ditambahkan"), "{}", b.source());
    b.click("a.edit");
    assert!(!b.source().contains("rahasia-hotspot-baru"));
    shoot("hotspot-edit");
    b.fill("#address", "10.9.0.4");
    b.click("#enabled");
    b.click("form.nas button[type=submit]");
    assert!(b.text(".flash").contains("disimpan"), "{}", b.source());
    assert!(b.source().contains("10.9.0.4") && b.source().contains("nonaktif"));
    shoot("hotspot-saved");
    b.goto(&format!("{base}/reports?kind=usage&by=rw"));
    assert!(b.count("table.report tr") >= 1, "{}", b.source());
    shoot("reports");
    b.goto(&format!("{base}/reports?kind=hotspots"));
    shoot("reports-hotspots");
    b.goto(&format!("{base}/plans"));
    assert!(b.source().contains("student"));
    shoot("plans");

    // The sessions online (still open until the hotspot's Accounting-Stop arrives), each
    // with its own disconnect button.
    b.goto(&format!("{base}/sessions?nas=rw01"));
    assert!(b.source().contains("1 sesi terbuka"), "{}", b.source());
    shoot("sessions");
    b.click("form[action$='/disconnect'] button");
    assert_eq!(nas.next_session(5).as_deref(), Some("ses-warga1"));
    assert!(b.text(".flash").contains("diputus"), "{}", b.source());

    // A CSV with two bad rows: both shown with their lines, nothing imported; then fixed.
    b.goto(&format!("{base}/import"));
    shoot("import");
    let bad = "username,full_name,plan,area\nsiswa1,Siti,student,RW01\n\
               siswa2,Budi,tidak-ada,RW01\nsiswa3,Ani,student,RW99\n";
    b.set_value("#csv", bad);
    b.click("form[action='/import'] button");
    let job = b.url();
    assert!(job.contains("/import/"), "{job}");
    let report = finished_import(&b, &job);
    assert!(report.contains("2 dari 3"), "{report}");
    assert!(
        report.contains("baris 3") && report.contains("baris 4"),
        "{report}"
    );
    shoot("import-bad-rows");
    b.goto(&format!("{base}/users?q=siswa"));
    assert!(!b.source().contains("siswa1"), "nothing was imported");
    // A clean file of 1500 rows: the job's page shows a progress bar while the passwords
    // are hashed (shot if the job is still running when it opens), then the summary.
    let mut big = String::from("username,full_name,plan,area,password\n");
    for i in 1..=1500 {
        big.push_str(&format!(
            "siswa{i},Siswa {i},student,RW01,rahasia-siswa{i}\n"
        ));
    }
    b.goto(&format!("{base}/import"));
    b.set_value("#csv", &big);
    b.click("form[action='/import'] button");
    let job = b.url();
    if b.count("progress") == 1 {
        assert!(b.text(".job").contains("/ 1500"), "{}", b.source());
        shoot("import-progress");
        // Left alone, the page reloads itself (a meta refresh: no script, allowed by the
        // CSP) until the summary is there.
        assert!(
            common::eventually(120, || b.source().contains("class=\"flash")),
            "{}",
            b.source()
        );
        assert_eq!(b.url(), job, "the same page, reloaded");
    }
    let report = finished_import(&b, &job);
    assert!(report.contains("1500 pengguna diimpor"), "{report}");
    shoot("import-done");

    // A voucher batch, its print page, and the QR codes on it.
    b.goto(&format!("{base}/vouchers"));
    b.fill("#count", "3");
    b.fill("#area", "RW01");
    b.fill("#hotspot_url", "http://wifi.rw01.example");
    b.click("form.create button");
    assert!(b.text(".flash").contains("dibuat"), "{}", b.source());
    shoot("vouchers");
    b.goto(&format!("{base}/vouchers/1/print?format=a4"));
    let page = b.source();
    shoot_paper("print-a4");
    let dir = tempfile::tempdir().unwrap();
    let codes = common::decode_qr_codes(&page, dir.path());
    assert_eq!(codes.len(), 3, "{page}");
    for c in &codes {
        assert!(
            c.starts_with("http://wifi.rw01.example/login?username="),
            "{c}"
        );
    }
    b.goto(&format!("{base}/vouchers/1/print?format=58mm"));
    shoot_paper("print-58mm");
    // Extend by 30 days; reprint from the list's labelled link.
    b.goto(&format!("{base}/vouchers"));
    b.fill("form.extend input[name=days]", "30");
    b.click("form.extend button");
    assert!(b.text(".flash").contains("diperpanjang"), "{}", b.source());
    assert!(b.text("table.list").contains("37 hari"), "{}", b.source());
    shoot("vouchers-extended");
    b.click("a.reprint-a4");
    assert_eq!(common::decode_qr_codes(&b.source(), dir.path()).len(), 3);

    b.goto(&format!("{base}/lang/en?next=/users"));
    assert!(b.source().contains("Users"));
    shoot("users-en");
    b.goto(&format!("{base}/tidak-ada"));
    shoot("not-found");
    b.goto(&format!("{base}/users"));
    b.click("form[action='/logout'] button");
    assert!(b.source().contains("action=\"/login\""));

    // The operator of Oro-oro Dowo: her area's users only, the other area's a 404 page.
    b.goto(&format!("{base}/lang/id?next=/login"));
    b.fill("#name", "sari");
    b.fill("#password", SARI_PW);
    b.click("form.login button");
    b.goto(&format!("{base}/users?q=warga"));
    assert!(
        b.source().contains("warga1") && !b.source().contains("warga2"),
        "{}",
        b.source()
    );
    shoot("users-operator");
    b.goto(&format!("{base}/users/warga2"));
    assert!(b.source().contains("Tidak ditemukan"), "{}", b.source());
    b.goto(&format!("{base}/hotspots/rw02/edit"));
    assert!(b.source().contains("Tidak ditemukan"), "{}", b.source());
    b.click("form[action='/logout'] button");

    // The auditor: a user's page by pseudonym, no name, no form but logout.
    b.fill("#name", "audi");
    b.fill("#password", AUDI_PW);
    b.click("form.login button");
    b.goto(&format!("{base}/users?area=RW01&plan=student"));
    assert!(!b.source().contains("siswa") && !b.source().contains("warga"));
    assert_eq!(b.count("form[method=post]"), 1, "only the logout form");
    shoot("users-auditor");
    b.click("table.list a[href^='/users/u-']");
    assert!(b.source().contains("Pemakaian per hari"), "{}", b.source());
    assert!(!b.source().contains("siswa") && !b.source().contains("warga"));
    assert_eq!(b.count("main form"), 0);
    shoot("user-auditor");
}
