//! Voucher batches (issue 18) through the real CLI and a running server, on SQLite and
//! PostgreSQL: a batch for an RW, a voucher logging in over RADIUS and its validity
//! starting at that first login, refused once expired, `extend` and `disable` acting on
//! the whole batch, CSV export, and printed slips whose QR codes (decoded by zbarimg, from
//! Debian's zbar-tools) open the hotspot's login page with the credentials filled in.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{Db, Server, code, runtime};
use radkota::protocol::{Code, Packet, attr};
use sqlx::Row;

const AREAS_CSV: &str = "\
kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code,rw_name
35.73.02,Klojen,35.73.02.1008,Oro-oro Dowo,RW01,RW 01 Oro-oro Dowo
";

const DAY: i64 = 86_400;

fn prepared(db: Db) -> Server {
    let s = Server::prepare(db);
    let areas = s.dir().join("areas.csv");
    std::fs::write(&areas, AREAS_CSV).unwrap();
    s.cli(&["area", "import", &areas.display().to_string()]);
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
    ]);
    s
}

/// (username, password) rows of a CSV with a header.
fn csv_pairs(text: &str) -> Vec<(String, String)> {
    text.lines()
        .skip(1)
        .map(|l| {
            let mut f = l.split(',');
            (f.next().unwrap().to_string(), f.next().unwrap().to_string())
        })
        .collect()
}

fn reply_message(reply: &[u8]) -> String {
    Packet::decode(reply)
        .unwrap()
        .attr(attr::REPLY_MESSAGE)
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .unwrap_or_default()
}

/// The text of every QR code on `page` as headless Chromium renders it (a screenshot at
/// twice the pixel density, as a phone camera would see a printed sheet), by zbarimg.
fn decode_rendered_page(page: &std::path::Path, dir: &std::path::Path) -> Vec<String> {
    let shot = dir.join("slips.png");
    let profile = tempfile::tempdir_in(dir).unwrap();
    let run = Command::new("timeout")
        .arg("120")
        .arg("chromium")
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--hide-scrollbars",
            "--force-device-scale-factor=2",
            "--window-size=800,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .env("HOME", profile.path())
        .output()
        .expect("run chromium");
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let run = Command::new("zbarimg")
        .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"])
        .arg(&shot)
        .output()
        .expect("zbarimg");
    String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn first_login_at(s: &Server, username: &str) -> Option<i64> {
    let rt = runtime();
    let store = rt.block_on(s.store());
    let row = rt
        .block_on(
            sqlx::query(
                "SELECT l.first_login_at FROM users u JOIN user_limits l ON l.user_id = u.id \
                 WHERE u.username = $1",
            )
            .bind(username)
            .fetch_one(store.pool()),
        )
        .unwrap();
    let v = row.get::<Option<i64>, _>("first_login_at");
    rt.block_on(store.close());
    v
}

fn voucher_batch_lifecycle(db: Db) {
    let s = prepared(db);
    let work = tempfile::tempdir().unwrap();
    let csv_path = work.path().join("batch.csv");
    s.cli(&[
        "voucher",
        "create",
        "--plan",
        "student",
        "--count",
        "5",
        "--valid-days",
        "7",
        "--area",
        "RW01",
        "--prefix",
        "rw01-",
        "--csv",
        &csv_path.display().to_string(),
    ]);
    let created = csv_pairs(&std::fs::read_to_string(&csv_path).unwrap());
    assert_eq!(created.len(), 5);
    assert!(
        created
            .iter()
            .all(|(u, p)| u.starts_with("rw01-") && p.len() == 8)
    );
    let list = s.cli(&["voucher", "list"]);
    assert!(list.contains("BATCH") && list.contains("student"), "{list}");
    let row = list.lines().nth(1).unwrap();
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        &cols[..7],
        ["1", "student", "RW01", "5", "0", "0", "7"],
        "{list}"
    );
    // Vouchers are users.
    let (user, pass) = created[0].clone();
    let shown = s.cli(&["user", "show", &user]);
    assert!(
        shown.contains("student") && shown.contains("RW01"),
        "{shown}"
    );
    assert!(shown.contains("(own limit)"), "{shown}");

    // The export gives the same credentials back (sealed, opened with the key).
    let export = s.cli(&["voucher", "export", "1", "--csv"]);
    assert!(export.starts_with("username,password,status,first_login\n"));
    let exported: BTreeSet<_> = csv_pairs(&export).into_iter().collect();
    assert_eq!(exported, created.iter().cloned().collect());

    // The printed slips: one per voucher, each QR code the hotspot login link.
    let html = s.cli(&["voucher", "print", "1", "--format", "a4"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("class=\"slip\"").count(), 5);
    assert!(html.contains("RW 01 Oro-oro Dowo"));
    assert!(html.contains("Berlaku 7 hari sejak login pertama"));
    assert!(html.contains("@media print") && html.contains("size:A4"));
    assert!(!html.contains("<script") && !html.contains("src=\"http"));
    if common::interop::tool_available("zbarimg", "zbar-tools") {
        let decoded: BTreeSet<String> = common::decode_qr_codes(&html, work.path())
            .into_iter()
            .collect();
        let expected: BTreeSet<String> = created
            .iter()
            .map(|(u, p)| format!("http://127.0.0.1/login?username={u}&password={p}"))
            .collect();
        assert_eq!(decoded, expected);
        // The page as a browser prints it: every slip's code readable from the render.
        if common::interop::tool_available("chromium", "chromium") {
            let page = work.path().join("slips.html");
            std::fs::write(&page, &html).unwrap();
            let seen: BTreeSet<String> = decode_rendered_page(&page, work.path())
                .into_iter()
                .collect();
            assert_eq!(seen, expected, "QR codes read from the rendered A4 page");
        }
    }
    let thermal = s.cli(&["voucher", "print", "1", "--format", "58mm", "--lang", "en"]);
    assert_eq!(thermal.matches("class=\"slip\"").count(), 5);
    assert!(thermal.contains("size:58mm") && thermal.contains("Valid 7 days from first login"));

    // Validity starts at the first accepted login, written once.
    assert_eq!(first_login_at(&s, &user), None);
    let mut s = s.start();
    let clock = common::today_at_10_wib();
    let c = s.client();
    let login =
        |c: &common::Client, p: &str| c.exchange(&c.pap_request(&user, p, true)).expect("reply");
    assert_eq!(code(&login(&c, "salah-sekali")), Code::AccessReject);
    assert_eq!(
        first_login_at(&s, &user),
        None,
        "a rejected login starts nothing"
    );
    let first = login(&c, &pass);
    assert_eq!(code(&first), Code::AccessAccept);
    let started = first_login_at(&s, &user).expect("first login recorded");
    // The test server's clock starts at 10:00 WIB and runs on: a loaded machine can reach
    // the first login a second or more after the start.
    assert!(
        (clock..clock + 30).contains(&started),
        "first login at {started}, server clock started at {clock}"
    );
    // The grant lasts at most until the end of the validity.
    let timeout = common::session_timeout(&first).expect("Session-Timeout");
    assert!(i64::from(timeout) <= 7 * DAY, "{timeout}");
    s.stop();
    s.set_clock(clock + DAY);
    let mut s = s.restart();
    let c = s.client();
    assert_eq!(code(&login(&c, &pass)), Code::AccessAccept);
    assert_eq!(
        first_login_at(&s, &user),
        Some(started),
        "only the first login writes"
    );
    assert!(
        s.cli(&["voucher", "list"])
            .lines()
            .nth(1)
            .unwrap()
            .split_whitespace()
            .nth(4)
            == Some("1")
    );

    // Eight days after the first login: the worded refusal for an expired account.
    s.stop();
    s.set_clock(clock + 8 * DAY);
    let mut s = s.restart();
    let c = s.client();
    let reply = login(&c, &pass);
    assert_eq!(code(&reply), Code::AccessReject);
    assert!(
        reply_message(&reply).contains("Masa berlaku"),
        "{}",
        reply_message(&reply)
    );
    // An unused voucher of the batch still has its full seven days.
    let (other, other_pass) = created[1].clone();
    let r = c
        .exchange(&c.pap_request(&other, &other_pass, true))
        .unwrap();
    assert_eq!(code(&r), Code::AccessAccept);

    // Extending the batch extends the used voucher too.
    assert_eq!(
        s.cli(&["voucher", "extend", "1", "--days", "7"]),
        "extended 5 vouchers of batch 1 by 7 days\n"
    );
    assert!(common::eventually(5, || code(&login(&c, &pass)) == Code::AccessAccept));

    // Disabling the batch disables every voucher.
    assert_eq!(
        s.cli(&["voucher", "disable", "1"]),
        "disabled 5 vouchers of batch 1\n"
    );
    assert!(common::eventually(5, || code(&login(&c, &pass)) == Code::AccessReject));
    let r = c
        .exchange(&c.pap_request(&other, &other_pass, true))
        .unwrap();
    assert_eq!(code(&r), Code::AccessReject);
    assert!(reply_message(&r).contains("dinonaktifkan"));
    s.stop();

    // The audit log has the batch and every voucher's own rows.
    let rt = runtime();
    let store = rt.block_on(s.store());
    let n = |sql: &str| -> i64 {
        rt.block_on(sqlx::query(sql).fetch_one(store.pool()))
            .unwrap()
            .get::<i64, _>(0)
    };
    assert_eq!(
        n("SELECT COUNT(*) FROM audit_log WHERE action = 'voucher.create'"),
        1
    );
    assert_eq!(
        n("SELECT COUNT(*) FROM audit_log WHERE action = 'user.add' AND target LIKE 'user:rw01-%'"),
        5
    );
    assert_eq!(
        n("SELECT COUNT(*) FROM audit_log WHERE action = 'user.disable'"),
        5
    );
    assert_eq!(
        n("SELECT COUNT(*) FROM audit_log WHERE action = 'user.set'"),
        5
    );
    let leaked = n(&format!(
        "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%{pass}%'"
    ));
    assert_eq!(leaked, 0, "no voucher password in the audit log");
    rt.block_on(store.close());
    assert!(s.cli(&["audit", "verify"]).starts_with("audit log intact"));

    // A voucher deleted as a user leaves its batch.
    s.cli(&["user", "delete", &created[4].0]);
    let list = s.cli(&["voucher", "list"]);
    let cols: Vec<&str> = list.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(
        &cols[..6],
        ["1", "student", "RW01", "4", "2", "4"],
        "{list}"
    );
    assert_eq!(
        csv_pairs(&s.cli(&["voucher", "export", "1", "--csv"])).len(),
        4
    );
}

/// A thousand vouchers: no look-alike character in any username or password.
fn thousand_credentials_without_look_alikes(db: Db) {
    let s = prepared(db);
    let out = s.cli(&[
        "voucher",
        "create",
        "--plan",
        "umkm",
        "--count",
        "1000",
        "--valid-days",
        "30",
        "--area",
        "RW01",
        "--hotspot-url",
        "hotspot.rw01.example",
        "--prefix",
        "",
    ]);
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 1000);
    let mut names = BTreeSet::new();
    for row in rows {
        let (u, p) = row.split_once(char::is_whitespace).unwrap();
        let p = p.trim();
        assert_eq!((u.len(), p.len()), (6, 8), "{row}");
        for ch in u.chars().chain(p.chars()) {
            assert!(
                !radkota::vouchers::LOOK_ALIKES.contains(ch),
                "look-alike {ch:?} in {row}"
            );
            assert!(ch.is_ascii_lowercase() || ch.is_ascii_digit(), "{row}");
        }
        names.insert(u.to_string());
    }
    assert_eq!(names.len(), 1000);
    let html = s.cli(&["voucher", "print", "1"]);
    assert_eq!(html.matches("class=\"slip\"").count(), 1000);
    let bad = s.cli_output(&[
        "voucher",
        "create",
        "--plan",
        "umkm",
        "--count",
        "1",
        "--valid-days",
        "1",
        "--area",
        "NOPE",
    ]);
    assert!(!bad.status.success());
}

both_backends!(
    voucher_batch_lifecycle,
    thousand_credentials_without_look_alikes
);
